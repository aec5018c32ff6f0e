import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { followableReceiverOf, methodValueCallOf } from '../src/analysis/options/client-receivers.js';
import { callOptionsBound, deadlineSourcesOf, methodValueOptionsBound } from '../src/analysis/options/deadline-sources.js';
import { createRule } from '../src/create-rule.js';
import { DEADLINE_PROFILES, STREAM_TYPE, type CallShape, type DeadlineProfile } from '../src/model/deadlines.js';
import { getRpcModel, type RpcModel } from '../src/model/index.js';
import { fromLib } from '../src/model/specifiers.js';
import { calleeOf, staticMemberName } from '../src/syntax/ast.js';
import { callResults, soleCallSignature } from '../src/model/type-walk.js';

/*
 * rpc/require-deadline (issue 27, RPC-FACTS §9.5): a unary call that no deadline bounds waits forever
 * on a stuck server (grpc-js's default deadline is `Infinity`; nice-grpc and connect have none either).
 * A policy: reported only when every source of a deadline is visible and absent — the call's options,
 * and the client followed to where it is made (src/analysis/options/deadline-sources.ts).
 */

type Streams = 'none' | 'server' | 'all';
type Options = [{ streams?: Streams }];

const SHAPES_OF: Readonly<Record<Streams, ReadonlySet<CallShape>>> = {
  none: new Set(['unary']),
  server: new Set(['unary', 'server-stream']),
  all: new Set(['unary', 'server-stream', 'client-stream', 'bidi']),
};
const PROMISE = fromLib('Promise');
const MAX_CALL_TEXT = 48;

export default createRule<Options, 'noDeadline'>({
  name: 'require-deadline',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a deadline on every unary RPC call (grpc-js, nice-grpc, connect, protobuf-ts)',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          streams: {
            type: 'string',
            enum: ['none', 'server', 'all'],
            description: "Streaming calls to require a deadline on too: `'server'` server-streaming calls, `'all'` every streaming call. Watches and long-lived sessions are legitimately unbounded, hence `'none'` by default.",
          },
        },
      },
    ],
    defaultOptions: [{ streams: 'none' }],
    messages: {
      noDeadline: '`{{call}}` has no deadline: a stuck server keeps it pending forever. {{fix}}.',
    },
  },
  create(context, [{ streams = 'none' }]) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const shapes = SHAPES_OF[streams];

    function check(call: TSESTree.CallExpression): void {
      // Syntax first: a receiver whose values can be followed to where they are made, or the client a method value is bound to.
      const byValue = methodValueCallOf(call, model!, sourceCode);
      const receiver = byValue?.receiver ?? followableReceiverOf(call, model!, sourceCode);
      if (!receiver) return;
      // Then where it was made (which says whether it is a client, and of which library), across files.
      const source = deadlineSourcesOf(model!).clientSource(model!.tsNodeOf(receiver) as ts.Expression);
      const profile = source.bound === 'unbounded' ? DEADLINE_PROFILES.find((p) => p.library === source.library) : undefined;
      if (!profile) return;
      const shape = byValue ? methodValueShape(byValue.method, profile, model!) : shapeOf(call, profile, model!);
      if (!shape || !shapes.has(shape)) return;
      const tsCall = model!.tsNodeOf(call) as ts.CallExpression;
      const options = byValue ? methodValueOptionsBound(tsCall, byValue.firstArgument, profile, model!) : callOptionsBound(tsCall, profile, model!);
      if (options !== 'unbounded') return;
      const callee = calleeOf(call);
      // A callee written over several lines (`resolver\n  .call`) is quoted on one.
      const text = `${sourceCode.getText(callee).replace(/\s*\n\s*/g, '')}(…)`;
      const named = byValue?.method.type === 'MemberExpression' ? byValue.method : callee.type === 'MemberExpression' ? callee : null;
      const short = named ? `….${staticMemberName(named)}(…)` : text;
      context.report({ node: call, messageId: 'noDeadline', data: { call: text.length <= MAX_CALL_TEXT ? text : short, fix: profile.fix } });
    }

    return { CallExpression: check };
  },
});

/**
 * The kind of RPC a grpc-js method taken as a value starts, by what its signatures return (every overload
 * the same kind); null for other methods and for libraries whose methods are recognised by their calls.
 */
function methodValueShape(method: TSESTree.Node, profile: DeadlineProfile, model: RpcModel): CallShape | null {
  if (profile.shapes.by !== 'result') return null;
  const type = model.typeOf(method);
  const types = profile.shapes.types;
  const found = new Set((type ? callResults(type) : []).map((result) => (Object.keys(types) as CallShape[]).find((shape) => model.typeMatches(result, [types[shape]])) ?? null));
  return found.size === 1 ? [...found][0]! : null;
}

/** The kind of RPC a client method call starts, or null for other methods (`close()`, `waitForReady()`). */
function shapeOf(call: TSESTree.CallExpression, profile: DeadlineProfile, model: RpcModel): CallShape | null {
  if (profile.shapes.by === 'result') {
    const type = model.typeOf(call);
    if (!type) return null;
    const types = profile.shapes.types;
    return (Object.keys(types) as CallShape[]).find((shape) => model.typeMatches(type, [types[shape]])) ?? null;
  }
  // nice-grpc and connect methods: an `AsyncIterable` request streams up, an `AsyncIterable` result streams down.
  const calleeType = model.typeOf(calleeOf(call));
  const signature = calleeType && soleCallSignature(model.checker, calleeType);
  if (!signature) return null;
  const { firstParameter: request, result } = signature;
  const streamsUp = request !== undefined && model.typeMatches(request, [STREAM_TYPE]);
  if (model.typeMatches(result, [STREAM_TYPE])) return streamsUp ? 'bidi' : 'server-stream';
  if (!model.typeMatches(result, [PROMISE])) return null;
  return streamsUp ? 'client-stream' : 'unary';
}
