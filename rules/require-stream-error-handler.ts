import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { calleeOf, isAsyncIteratorMember, staticMemberName } from '../src/syntax/ast.js';
import { lineOf as lineNumberOf } from '../src/syntax/ts-ast.js';
import { mayHaveSummary } from '../src/analysis/flow/local-callees.js';
import { isGlobalReference, originCalls, skipTypeWrappers, variableOf } from '../src/analysis/flow/origins.js';
import { errorExposureOf, type ErrorExposure } from '../src/analysis/streams/error-exposure.js';
import { mayUseEventsOf, type EventHow } from '../src/analysis/streams/error-handling.js';
import { summariesOf } from '../src/analysis/summaries.js';
import { createRule } from '../src/create-rule.js';
import { LISTEN_METHODS } from '../src/model/events.js';
import { getRpcModel } from '../src/model/index.js';
import { CHAINING_METHODS, EVENT_USE_METHODS, ONCE_FUNCTION, errorStreamOfCall, type ErrorStreamKind } from '../src/model/stream-errors.js';

type MessageIds = 'noErrorListener' | 'lateErrorListener' | 'removedBeforeCancel' | 'writeAfterEnd' | 'addErrorListener';

/** Calls on a value that use its events: where a grpc-js stream is looked for (cheap filter before the checker). */
const TRIGGER_METHODS: ReadonlySet<string> = new Set([...LISTEN_METHODS, ...EVENT_USE_METHODS]);

export default createRule<[], MessageIds>({
  name: 'require-stream-error-handler',
  meta: {
    type: 'problem',
    docs: {
      description: "Require an `'error'` listener on grpc-js client streams that are used through their events",
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      noErrorListener:
        "`{{name}}` is {{how}} but has no `'error'` listener: a server error, a deadline or `cancel()` crashes the process. {{fix}}, or read it with `for await`.",
      lateErrorListener:
        "The `'error'` listener of `{{name}}` (line {{line}}) is attached {{when}}: an error before then, such as a deadline or `cancel()`, crashes the process. Attach it right after the call.",
      removedBeforeCancel:
        "`{{name}}.{{remove}}()` on line {{line}} removes the `'error'` listener, so the `CANCELLED` error of `cancel()` on line {{cancelLine}} crashes the process. Remove only your own listeners.",
      writeAfterEnd:
        "`{{name}}.write()` on line {{line}} follows `end()` on line {{endLine}}: with no `'error'` listener, its `ERR_STREAM_WRITE_AFTER_END`{{callback}} crashes the process. Stop writing after `end()`.",
      addErrorListener: "Add `{{name}}.on('error', …)` right after the call.",
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    /** Calls whose result some event use may reach: the candidates to type-check at the end. */
    const candidates = new Set<TSESTree.CallExpression>();

    /** The calls `value` may hold (locals, this-fields, chains of `on(…)`), by the scope manager only. */
    function addOrigins(value: TSESTree.Node | undefined): void {
      if (!value || value.type === 'SpreadElement') return;
      for (const origin of originCalls(value, sourceCode) ?? []) addCandidate(origin);
    }

    /**
     * Only a method of a client starts a call (`client.watch(…)`): not a function, not a global
     * (`Buffer`, `JSON`), not a namespace import (`http2.connect(…)`), not `this.m(…)` (a helper or
     * wrapper that returns a stream is no creation).
     */
    function addCandidate(origin: TSESTree.CallExpression): void {
      const call = unchained(origin);
      const callee = calleeOf(call);
      if (callee.type !== 'MemberExpression') return;
      const receiver = skipTypeWrappers(callee.object);
      if (receiver.type === 'ThisExpression' || receiver.type === 'Super') return;
      if (receiver.type === 'Identifier' && (isGlobalReference(receiver, sourceCode) || isNamespaceImport(receiver))) return;
      candidates.add(call);
    }

    function isNamespaceImport(id: TSESTree.Identifier): boolean {
      const definition = variableOf(id, sourceCode)?.defs[0];
      return definition?.type === 'ImportBinding' && definition.node.type === 'ImportNamespaceSpecifier';
    }

    function onCall(call: TSESTree.CallExpression): void {
      const callee = calleeOf(call);
      onArguments(call);
      if (callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        // `s[Symbol.asyncIterator]()` takes errors only from its first `next()`: looked at where it may run late.
        if ((method !== null && TRIGGER_METHODS.has(method)) || isAsyncIteratorMember(callee)) addOrigins(callee.object);
        if (method === ONCE_FUNCTION && callee.object.type === 'Identifier') addOrigins(call.arguments[0]); // `events.once(s, …)`
      } else if (callee.type === 'Identifier' && (callee.name === ONCE_FUNCTION || model!.importedNameOf(callee) === ONCE_FUNCTION)) {
        addOrigins(call.arguments[0]);
      }
    }

    /**
     * A stream passed to a function or class of the program: its summary says whether that code uses
     * its events. Syntax first: the scope manager (a callee of the program, an argument that holds a
     * call's result), then the callee's parameter by name (`mayUseEventsOf`), before any type.
     */
    function onArguments(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (call.arguments.length === 0 || !mayHaveSummary(calleeOf(call), sourceCode)) return;
      call.arguments.forEach((argument, index) => {
        const value = skipTypeWrappers(argument);
        if (value.type !== 'Identifier' && value.type !== 'CallExpression' && !(value.type === 'MemberExpression' && value.object.type === 'ThisExpression')) return;
        const origins = originCalls(value, sourceCode);
        if (!origins || origins.length === 0 || !origins.some((origin) => calleeOf(unchained(origin)).type === 'MemberExpression')) return;
        if (!mayUseEventsOf(summariesOf(model!.program), model!.tsNodeOf(call) as ts.CallExpression | ts.NewExpression, index)) return;
        for (const origin of origins) addCandidate(origin);
      });
    }

    function check(): void {
      const summaries = summariesOf(model!.program);
      for (const creation of candidates) {
        const stream = errorStreamOfCall(creation, model!);
        if (!stream) continue;
        const exposure = errorExposureOf(model!.tsNodeOf(creation) as ts.Expression, stream, summaries);
        if (exposure) report(creation, stream, exposure);
      }
    }

    function report(creation: TSESTree.CallExpression, stream: ErrorStreamKind, exposure: ErrorExposure): void {
      const name = holderName(creation);
      switch (exposure.kind) {
        case 'unguarded':
          context.report({
            node: creation,
            messageId: 'noErrorListener',
            data: { name, how: describe(exposure.use.kind === 'once' ? null : exposure.use.how), fix: listenerFix(creation, name) },
            suggest: listenerSuggestion(creation, name),
          });
          return;
        case 'late': {
          const { after } = exposure;
          const when =
            after.kind === 'await'
              ? `after the \`${after.keyword}\` on line ${lineOf(after.node)}`
              : after.kind === 'returned'
                ? 'only once the caller runs the returned function it sits in'
                : `only in ${after.event !== null ? `the \`'${after.event}'\` listener` : after.method ? `a callback of \`${after.method}()\`` : 'a callback'} on line ${lineOf(after.registration)}`;
          context.report({ node: creation, messageId: 'lateErrorListener', data: { name, line: lineOf(exposure.guard.node), when } });
          return;
        }
        case 'removedBeforeCancel':
          context.report({
            node: creation,
            messageId: 'removedBeforeCancel',
            data: { name, remove: exposure.removal.method, line: lineOf(exposure.removal.node), cancelLine: lineOf(exposure.cancel) },
          });
          return;
        case 'writeAfterEnd':
          context.report({
            node: creation,
            messageId: 'writeAfterEnd',
            data: { name, callback: stream.errorsToCallback ? ' (not passed to the callback)' : '', line: lineOf(exposure.write), endLine: lineOf(exposure.end) },
          });
      }
    }

    /** `call.on('error', …)` after `const call = …;` or `this.call = …;` when that statement sits in a block. */
    function listenerSuggestion(creation: TSESTree.CallExpression, name: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statement = holderStatement(creation);
      if (!statement) return [];
      const indent = /^\s*/.exec(sourceCode.lines[statement.loc.start.line - 1] ?? '')?.[0] ?? '';
      // `const call = client?.watch(…)` may hold `undefined`: the listener goes on through `?.`.
      const listener = `${name}${madeInChain(creation) ? '?.' : '.'}on('error', (error) => console.error(error));`;
      return [{ messageId: 'addErrorListener', data: { name }, fix: (fixer) => fixer.insertTextAfter(statement, `\n${indent}${listener}`) }];
    }

    /** How the code refers to the stream: its variable, `this.<field>`, or the call itself. */
    function holderName(creation: TSESTree.CallExpression): string {
      const holder = holderOf(creation);
      if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') return holder.id.name;
      if (holder?.type === 'AssignmentExpression') return sourceCode.getText(holder.left);
      if (holder?.type === 'PropertyDefinition' && !holder.computed) return `this.${sourceCode.getText(holder.key)}`;
      return `${sourceCode.getText(calleeOf(creation))}(…)`;
    }

    function listenerFix(creation: TSESTree.CallExpression, name: string): string {
      return holderOf(creation) ? `Add \`${name}.on('error', …)\` after the call` : "Keep the call in a variable and add its `.on('error', …)`";
    }

    return {
      CallExpression: onCall,
      NewExpression: onArguments,
      'Program:exit': check,
    };
  },
});

/** `client.watch(r).on('data', f)`: the call that made the stream, below the `on(…)` chain. */
function unchained(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let at = call;
  for (;;) {
    const callee = calleeOf(at);
    if (callee.type !== 'MemberExpression' || !CHAINING_METHODS.has(staticMemberName(callee) ?? '')) return at;
    const inner = skipTypeWrappers(callee.object);
    if (inner.type !== 'CallExpression') return at;
    at = inner;
  }
}

/** `const x = <creation>`, `this.x = <creation>` (`x = <creation>`) or a field `x = <creation>`, or null. */
function holderOf(creation: TSESTree.CallExpression): TSESTree.VariableDeclarator | TSESTree.AssignmentExpression | TSESTree.PropertyDefinition | null {
  let at: TSESTree.Node = creation;
  while (at.parent && (at.parent.type === 'TSAsExpression' || at.parent.type === 'TSNonNullExpression' || at.parent.type === 'TSSatisfiesExpression' || at.parent.type === 'ChainExpression')) at = at.parent;
  const parent = at.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === at) return parent;
  if (parent?.type === 'AssignmentExpression' && parent.right === at && parent.operator === '=') return parent;
  if (parent?.type === 'PropertyDefinition' && parent.value === at && !parent.static) return parent;
  return null;
}

/** `client?.watch(…)`: the creation is part of an optional chain, whose value may be `undefined`. */
function madeInChain(creation: TSESTree.CallExpression): boolean {
  let at: TSESTree.Node = creation;
  while (at.parent && (at.parent.type === 'TSAsExpression' || at.parent.type === 'TSNonNullExpression' || at.parent.type === 'TSSatisfiesExpression')) at = at.parent;
  return at.parent?.type === 'ChainExpression';
}

/** The statement that holds the creation, when a listener can go right after it. */
function holderStatement(creation: TSESTree.CallExpression): TSESTree.Statement | null {
  const holder = holderOf(creation);
  if (!holder) return null;
  if (holder.type === 'VariableDeclarator') {
    if (holder.id.type !== 'Identifier') return null;
    const declaration = holder.parent;
    return declaration.declarations.length === 1 && inStatementList(declaration) ? declaration : null;
  }
  if (holder.type === 'PropertyDefinition') return null;
  const statement = holder.parent;
  const target = holder.left;
  const plain = target.type === 'Identifier' || (target.type === 'MemberExpression' && target.object.type === 'ThisExpression' && !target.computed);
  return plain && statement?.type === 'ExpressionStatement' && inStatementList(statement) ? statement : null;
}

function inStatementList(statement: TSESTree.Node): boolean {
  const parent = statement.parent;
  return parent?.type === 'BlockStatement' || parent?.type === 'Program' || parent?.type === 'StaticBlock' || parent?.type === 'SwitchCase';
}

/** How the code uses the stream, for messages. */
function describe(how: EventHow | null): string {
  if (!how) return 'read only until `once(…)` resolves';
  switch (how.method) {
    case 'listener':
      return how.event === 'data' ? "read with `on('data')`" : `used through \`on('${how.event}')\``;
    case 'pipe':
      return 'piped with `pipe()`, which does not forward errors,';
    case 'cancel':
      return 'cancelled with `cancel()`';
    case 'callee':
      return `handed to \`${how.callee}()\`, which uses its events`;
    default:
      return `used through \`${how.method}()\``;
  }
}

function lineOf(node: ts.Node): string {
  return String(lineNumberOf(node));
}
