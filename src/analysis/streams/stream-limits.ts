import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { RpcModel } from '../../model/index.js';
import { optionKeysOf, type StreamKind } from '../../model/streams.js';
import { isOpaque, mayBeNullish } from '../../model/type-walk.js';
import { calleeOf, propertyKeyName, type FunctionNode } from '../../syntax/ast.js';
import { originCalls, singleLocalInit, skipTypeWrappers } from '../flow/origins.js';
import { signalSourceOf } from './signals.js';
import { getNonNullableType, getPropertyOfType } from '../../model/checker.js';

type Owner = FunctionNode | TSESTree.Program;

/**
 * What a streaming call's options say about its end:
 * - `bounded`: a deadline / `timeoutMs` / `AbortSignal.timeout` ends it whatever the reader does;
 * - `handed-off`: its cancellation belongs to someone else (a caller's signal, grpc-js `parent`),
 *   or the options come from somewhere the code does not show;
 * - `owned`: `owner` must cancel it; `controllers` are the local `AbortController`s whose signal it got.
 */
export type StreamLimits =
  | { kind: 'bounded' }
  | { kind: 'handed-off' }
  | { kind: 'owned'; controllers: TSESTree.NewExpression[] };

export function streamLimitsOf(
  call: TSESTree.CallExpression,
  stream: StreamKind,
  owner: Owner,
  model: RpcModel,
  sourceCode: Readonly<TSESLint.SourceCode>,
): StreamLimits {
  const keys = optionKeysOf(stream);
  const controllers: TSESTree.NewExpression[] = [];
  for (const argument of call.arguments) {
    if (argument.type === 'SpreadElement') return { kind: 'handed-off' };
    const type = model.typeOf(argument);
    if (!type || isOpaque(type)) return { kind: 'handed-off' };
    const nonNullable = getNonNullableType(model.checker, type);
    if (!keys.some((key) => getPropertyOfType(model.checker, nonNullable, key))) continue; // the request or metadata
    const literal = objectLiteralOf(argument, owner, sourceCode);
    if (!literal) return { kind: 'handed-off' }; // options built elsewhere may carry a deadline or signal
    for (const property of literal.properties) {
      if (property.type === 'SpreadElement') return { kind: 'handed-off' };
      const key = propertyKeyName(property);
      if (key === null) return { kind: 'handed-off' };
      if (stream.boundOptions.includes(key)) {
        if (mayBeAbsent(property.value, model)) continue; // `deadline: opts.deadline`: no bound on the paths where it is undefined
        return { kind: 'bounded' };
      }
      if (stream.handOffOptions.includes(key)) return { kind: 'handed-off' };
      if (key === stream.signalOption) {
        const source = signalSourceOf(property.value, owner, sourceCode);
        if (source.kind === 'timeout') return { kind: 'bounded' };
        if (source.kind === 'foreign') return { kind: 'handed-off' };
        controllers.push(...source.controllers);
      }
    }
  }
  return { kind: 'owned', controllers };
}

/**
 * Whether a bound's value may be `undefined` (or `null`): its type is, or has such a member, as
 * `deadline: options?.deadline` typed `Date | undefined` does. Then some paths make the call with
 * no bound. `any` and types without such a member are taken as a bound (quiet).
 */
function mayBeAbsent(value: TSESTree.Node, model: RpcModel): boolean {
  const type = model.typeOf(value);
  return type !== null && !isOpaque(type) && mayBeNullish(type);
}

/**
 * Whether the client `call` is made on was created with a transport that bounds every call
 * (connect `createClient(desc, createGrpcTransport({ defaultTimeoutMs }))`), as far as the code shows.
 */
export function boundedByClientDefault(
  call: TSESTree.CallExpression,
  stream: StreamKind,
  model: RpcModel,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const spec = stream.clientDefault;
  const callee = calleeOf(call);
  if (!spec || callee.type !== 'MemberExpression') return false;
  const clients = originCalls(callee.object, sourceCode);
  if (!clients || clients.length === 0) return false;
  return clients.every((client) => {
    if (!model.valueIs(calleeOf(client), [spec.factory])) return false;
    const transportArgument = client.arguments[spec.transportArgument];
    const transports = transportArgument && transportArgument.type !== 'SpreadElement' ? originCalls(transportArgument, sourceCode) : null;
    return (
      transports !== null &&
      transports.length > 0 &&
      transports.every((transport) => {
        const options = transport.arguments[0];
        return options?.type === 'ObjectExpression' && options.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === spec.option);
      })
    );
  });
}

function objectLiteralOf(node: TSESTree.Node, owner: Owner, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.ObjectExpression | null {
  let at = skipTypeWrappers(node);
  if (at.type === 'Identifier') {
    const init = singleLocalInit(at, owner, sourceCode);
    if (!init) return null;
    at = skipTypeWrappers(init);
  }
  return at.type === 'ObjectExpression' ? at : null;
}
