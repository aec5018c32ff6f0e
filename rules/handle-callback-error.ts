import type { TSESTree } from '@typescript-eslint/utils';

import { calleeOf, isFunction, onlyTests, staticMemberName, type FunctionNode } from '../src/syntax/ast.js';
import { variableOf } from '../src/analysis/flow/origins.js';
import { decisionsOn, type Split } from '../src/analysis/flow/error-branches.js';
import { CodePathRecorder } from '../src/analysis/flow/exits.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { walk } from '../src/syntax/walk.js';
import { createRule } from '../src/create-rule.js';
import { declaresErrorCallback, ERROR_FIRST_METHODS, GRPC_CLIENTS, GRPC_SERVICE_ERROR } from '../src/model/callbacks.js';
import { LISTEN_METHODS } from '../src/model/events.js';
import { getRpcModel } from '../src/model/index.js';
import { RESOURCES } from '../src/model/resources.js';
import { isOpaque } from '../src/model/type-walk.js';
import { getNonNullableType, hasTypeFlag } from '../src/model/checker.js';

type MessageIds = 'ignoredError' | 'responseAfterError' | 'errorAsResponse' | 'ignoredReadyError' | 'ignoredBindError';

/** A callback that tests its error and dereferences its response, decided once its code paths are known. */
interface ErrorPaths {
  error: TSESTree.Identifier;
  response: TSESTree.Identifier;
  splits: Split[];
  /** Decisions on the error not followed (`err?.code === 5`): a path through one is not followed either. */
  otherDecisions: TSESTree.Node[];
  dereferences: TSESTree.Identifier[];
  /** Calls typed `never` (`process.exit(1)`, a `fail()` that throws): no path goes on from them. */
  endings: TSESTree.CallExpression[];
}

/** How a callback uses the response it gets: dereferenced (throws on `undefined`), or only passed on or kept. */
type ResponseUse = 'dereferenced' | 'used';

const ERROR_FIRST_NAMES: ReadonlySet<string> = new Set(ERROR_FIRST_METHODS.map((m) => m.method));
/** The methods that release a resource of the model (`close`, `forceShutdown`, …). */
const RELEASE_METHODS: ReadonlySet<string> = new Set(RESOURCES.flatMap((r) => r.close));

export default createRule<[], MessageIds>({
  name: 'handle-callback-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require grpc-js call, `waitForReady` and `bindAsync` callbacks to read the error before using the result',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    schema: [],
    messages: {
      ignoredError:
        'This callback of `{{call}}` uses `{{response}}` but never reads `{{error}}`: when the call fails, `{{response}}` is `undefined`{{effect}}. Check `{{error}}` first.',
      responseAfterError:
        'When `{{error}}` is set, this callback does not leave: `{{read}}` on line {{line}} then throws on the `undefined` response and exits the process. Return after handling `{{error}}`.',
      errorAsResponse:
        '`{{name}}`, the only parameter of this `{{call}}` callback, is the error (`null` on success): `{{name}}.{{property}}` throws and exits the process. The response comes second.',
      ignoredReadyError:
        'This `waitForReady` callback never reads its error: when the deadline passes before the channel is ready, the code goes on as if it were. Check the error first.',
      ignoredBindError:
        'This `bindAsync` callback never reads its error: when the address cannot be bound, nothing listens, yet the code goes on as if it did. Check the error first.',
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const recorder = CodePathRecorder.sharedBy(context);
    const pending = new Map<TSESTree.Node, ErrorPaths>();
    /** Branches and tests to record where they start: the recorder sees calls and identifiers only. */
    const branchStarts = new Set<TSESTree.Node>();

    function onCall(call: TSESTree.CallExpression): void {
      const callback = call.arguments.at(-1);
      // Error-first callbacks take at most `(err, value)`; `(req, res, next)` is something else.
      if ((callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') || callback.params.length > 2) return;
      const callee = calleeOf(call);
      if (callee.type !== 'MemberExpression' || usesArguments(callback)) return;
      const method = staticMemberName(callee);
      if (method !== null && ERROR_FIRST_NAMES.has(method)) checkErrorFirst(callback, callee, method);
      else if (!(method !== null && LISTEN_METHODS.has(method)) && !isEventOrRoute(call)) checkCallCallback(call, callback, callee);
    }

    /** `server.bindAsync(…, cb)`, `client.waitForReady(…, cb)`: a callback that acts without reading its error. */
    function checkErrorFirst(callback: FunctionNode, callee: TSESTree.MemberExpression, method: string): void {
      const [error] = callback.params;
      if (error && (error.type !== 'Identifier' || isRead(callback, error))) return;
      if (isEmpty(callback) || onlyReleases(callback)) return; // does the same either way
      const entry = ERROR_FIRST_METHODS.find((m) => m.method === method && model!.typeIs(callee.object, [m.receiver]));
      if (!entry) return;
      context.report({ ...headOf(callback), messageId: entry.kind === 'bind' ? 'ignoredBindError' : 'ignoredReadyError' });
    }

    /** A unary or client-streaming call's callback: `(err, res)` that uses `res` and never reads `err`, or `(res)` that dereferences the error. */
    function checkCallCallback(call: TSESTree.CallExpression, callback: FunctionNode, callee: TSESTree.MemberExpression): void {
      const [error, response] = callback.params;
      if (error?.type !== 'Identifier' || isRead(callback, error)) {
        // A call's request comes before its callback: `p.then((res) => …)`, `list.map((x) => …)` have none.
        if (error?.type === 'Identifier' && !response && call.arguments.length >= 2) checkErrorAsResponse(callback, callee, error);
        if (error?.type === 'Identifier' && response?.type === 'Identifier') watchErrorPaths(callback, callee, error, response);
        return;
      }
      if (response?.type !== 'Identifier') return;
      const use = responseUse(callback, response, error.name.startsWith('_'));
      if (!use || !isCallCallback(callback, callee)) return;
      context.report({
        node: error,
        messageId: 'ignoredError',
        data: {
          call: callText(callee),
          error: error.name,
          response: response.name,
          effect: use === 'dereferenced' ? ' and reading it exits the process' : ' and the code goes on as if the call had worked',
        },
      });
    }

    /**
     * `(err, res) => { if (err) reject(err); resolve(res.x); }`: the callback tests its error and
     * dereferences its response. Whether a path runs from the error's branch to a dereference is
     * known when the callback's code paths are complete (`onFunctionEnd`); here the nodes to record.
     */
    function watchErrorPaths(callback: FunctionNode, callee: TSESTree.MemberExpression, error: TSESTree.Identifier, response: TSESTree.Identifier): void {
      const responseVariable = sourceCode.getDeclaredVariables(callback).find((v) => v.identifiers.includes(response));
      if (!responseVariable || responseVariable.references.some((r) => r.isWrite())) return;
      const uses = referencesOf(callback, response);
      if (uses.some((r) => onlyTests(r) || isOptionalAccess(r))) return;
      const dereferences = uses.filter(isDereference);
      if (dereferences.length === 0) return;
      const { splits, others } = decisionsOn(referencesOf(callback, error), callback);
      if (splits.length === 0 || !isCallCallback(callback, callee)) return;
      const endings: TSESTree.CallExpression[] = [];
      walk(callback.body, sourceCode.visitorKeys, (node) => {
        if (isFunction(node)) return false;
        if (node.type !== 'CallExpression') return;
        const type = model!.typeOf(node);
        if (type && hasTypeFlag(type, 'Never')) endings.push(node);
      });
      for (const split of splits) for (const node of [split.test, split.setBranch, split.unsetBranch]) if (node) branchStarts.add(node);
      for (const node of [...others, ...dereferences, ...endings]) recorder.watch(node);
      for (const node of others) branchStarts.add(node);
      pending.set(callback, { error, response, splits, otherDecisions: others, dereferences, endings });
    }

    /** Records where a watched branch or test starts: its parent's code path has forked by now. */
    function onBranch(node: TSESTree.Node): void {
      if (branchStarts.has(node)) recorder.recordNow(node);
    }

    /**
     * The first dereference of the response that a path reaches from where the error test found an
     * error: the start of the error's branch, or, when the code after the test is that branch
     * (`if (!err) { … }`), the test, avoiding the branch it takes on success. No path goes on
     * through another decision on the error or a call that never returns.
     */
    function onFunctionEnd(_codePath: unknown, node: TSESTree.Node): void {
      const paths = pending.get(node);
      if (!paths) return;
      pending.delete(node);
      for (const split of paths.splits) {
        const others = [...paths.splits.filter((s) => s !== split).map((s) => s.test), ...paths.otherDecisions, ...paths.endings];
        const from = split.setBranch ?? split.test;
        const covers = split.setBranch ? others : [...others, split.unsetBranch!];
        const reached = paths.dereferences.find((d) => recorder.pathAvoiding(from, d, covers, split.setBranch !== null));
        if (!reached) continue;
        context.report({
          node: split.test,
          messageId: 'responseAfterError',
          data: { error: paths.error.name, read: readText(reached, paths.response), line: reached.loc.start.line },
        });
        return;
      }
    }

    /** `client.get(req, (res) => show(res.name))`: the only parameter is the error, dereferenced without a test. */
    function checkErrorAsResponse(callback: FunctionNode, callee: TSESTree.MemberExpression, only: TSESTree.Identifier): void {
      const references = referencesOf(callback, only);
      if (references.some((r) => onlyTests(r) || isOptionalAccess(r))) return;
      const dereference = references.filter(isDereference).map((r) => nonNull(r).parent).find((p): p is TSESTree.MemberExpression => p?.type === 'MemberExpression');
      if (!dereference || !isCallCallback(callback, callee)) return;
      context.report({ node: only, messageId: 'errorAsResponse', data: { call: callText(callee), name: only.name, property: staticMemberName(dereference) ?? '…' } });
    }

    /**
     * Types after syntax: a method of a grpc-js client (only unary and client-streaming calls take a
     * callback), or a method declared with a callback whose first parameter is a `ServiceError`
     * (an interface of generated clients, `IEventServiceClient`): its declaration names the type
     * (`ServiceError`, `requestCallback`) before the checker types the callback's parameter, which
     * resolves the call.
     */
    function isCallCallback(callback: FunctionNode, callee: TSESTree.MemberExpression): boolean {
      if (model!.typeIs(callee.object, [GRPC_CLIENTS])) return true;
      const first = callback.params[0];
      if (!first || !declaresErrorCallback(model!.tsNodeOf(callee.property), model!)) return false;
      const type = model!.typeOf(first);
      if (!type || isOpaque(type)) return false;
      const error = getNonNullableType(model!.checker, type);
      return !isOpaque(error) && model!.typeMatches(error, [GRPC_SERVICE_ERROR]);
    }

    /**
     * How the callback uses its response: the first reference that is not a test of it (`if (res)`,
     * `res?.x` guard it, and then nothing is reported). With an error named `_…` (ignored on purpose)
     * only a dereference or a `resolve(res)` of the enclosing `new Promise` counts.
     */
    function responseUse(callback: FunctionNode, response: TSESTree.Identifier, ignoredOnPurpose: boolean): ResponseUse | null {
      const references = referencesOf(callback, response);
      if (references.length === 0 || references.some((r) => onlyTests(r) || isOptionalAccess(r))) return null;
      if (references.some(isDereference)) return 'dereferenced';
      if (!ignoredOnPurpose) return 'used';
      return references.some((r) => isResolved(r)) ? 'used' : null;
    }

    function isRead(callback: FunctionNode, parameter: TSESTree.Identifier): boolean {
      return referencesOf(callback, parameter).length > 0;
    }

    function referencesOf(callback: FunctionNode, parameter: TSESTree.Identifier): TSESTree.Identifier[] {
      const variable = sourceCode.getDeclaredVariables(callback).find((v) => v.identifiers.includes(parameter));
      return (variable?.references ?? []).filter((r) => r.isRead()).map((r) => r.identifier as TSESTree.Identifier);
    }

    /** `resolve(res)`, where `resolve` is the first parameter of an enclosing `new Promise` executor. */
    function isResolved(reference: TSESTree.Identifier): boolean {
      const call = reference.parent;
      if (call?.type !== 'CallExpression' || !call.arguments.includes(reference) || call.callee.type !== 'Identifier') return false;
      const definition = variableOf(call.callee, sourceCode)?.defs[0];
      const executor = definition?.type === 'Parameter' ? definition.node : null;
      if (!isFunction(executor ?? undefined) || (executor as FunctionNode).params[0] !== definition!.name) return false;
      const promise = executor!.parent;
      return promise?.type === 'NewExpression' && promise.callee.type === 'Identifier' && promise.callee.name === 'Promise';
    }

    function usesArguments(callback: FunctionNode): boolean {
      return callback.type === 'FunctionExpression' && sourceCode.getScope(callback).references.some((r) => r.identifier.name === 'arguments');
    }

    function callText(callee: TSESTree.MemberExpression): string {
      const text = sourceCode.getText(callee);
      return `${text.length <= 40 && !text.includes('\n') ? text : `….${staticMemberName(callee) ?? 'call'}`}()`;
    }

    return mergeListeners(recorder.listeners(onFunctionEnd), {
      CallExpression: onCall,
      // One selector: ESLint matches a selector whose subject is `*` against every node.
      ':matches(IfStatement, ConditionalExpression, LogicalExpression, WhileStatement, DoWhileStatement) > *': onBranch,
    });
  },
});

/**
 * `emitter.on('data', (chunk) => …)`, `app.get('/x', (req, res) => …)`: a name and a callback. A
 * grpc-js call's request is a message object (`makeUnaryRequest` takes its path first, and five more).
 */
function isEventOrRoute(call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  return call.arguments.length === 2 && (first?.type === 'TemplateLiteral' || (first?.type === 'Literal' && typeof first.value === 'string'));
}

/** `res.x`, `res!.x`, `res[x]`, `const { x } = res`, `...res`: reads that throw on `undefined` (a `!` checks nothing at run time). */
function isDereference(reference: TSESTree.Identifier): boolean {
  const value = nonNull(reference);
  const parent = value.parent;
  if (parent?.type === 'MemberExpression') return parent.object === value && !parent.optional;
  if (parent?.type === 'VariableDeclarator') return parent.init === value && parent.id.type !== 'Identifier';
  return parent?.type === 'SpreadElement' && parent.parent.type !== 'ObjectExpression';
}

/** `res.items`, `res[…]`, or the response's name for a destructuring or spread. */
function readText(dereference: TSESTree.Identifier, response: TSESTree.Identifier): string {
  const parent = nonNull(dereference).parent;
  if (parent?.type !== 'MemberExpression') return response.name;
  const name = staticMemberName(parent);
  return name !== null ? `${response.name}.${name}` : `${response.name}[…]`;
}

/** `x!` as its parent sees it. */
function nonNull(node: TSESTree.Node): TSESTree.Node {
  let at = node;
  while (at.parent?.type === 'TSNonNullExpression') at = at.parent;
  return at;
}

function isOptionalAccess(reference: TSESTree.Identifier): boolean {
  const parent = reference.parent;
  return (parent?.type === 'MemberExpression' && parent.object === reference && parent.optional) || (parent?.type === 'LogicalExpression' && parent.left === reference && parent.operator === '??');
}

/**
 * A callback that only releases (`() => client.close()`, `() => setImmediate(() => server.forceShutdown())`):
 * every statement calls a release method, or a function whose only arguments are callbacks that do;
 * whether the wait succeeded changes nothing.
 */
function onlyReleases(callback: FunctionNode): boolean {
  const expressions = callback.body.type === 'BlockStatement' ? callback.body.body.map((s) => (s.type === 'ExpressionStatement' ? s.expression : null)) : [callback.body];
  return expressions.length > 0 && expressions.every((e) => e !== null && releases(e));
}

function releases(expression: TSESTree.Expression): boolean {
  if (expression.type === 'ChainExpression') return releases(expression.expression);
  if (expression.type !== 'CallExpression') return false;
  const callee = calleeOf(expression);
  if (callee.type === 'MemberExpression' && RELEASE_METHODS.has(staticMemberName(callee) ?? '')) return true;
  const callbacks = expression.arguments.filter((a): a is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression => a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression');
  return callbacks.length > 0 && callbacks.every(onlyReleases);
}

function isEmpty(callback: FunctionNode): boolean {
  return callback.body.type === 'BlockStatement' && callback.body.body.length === 0;
}

/** Where a callback is reported: its first parameter, or its head (`() =>`, `function ()`). */
function headOf(callback: FunctionNode): { node: TSESTree.Node } | { loc: TSESTree.SourceLocation } {
  const first = callback.params[0];
  return first ? { node: first } : { loc: { start: callback.loc.start, end: callback.body.loc.start } };
}

