import type ts from 'typescript';

import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { forEachOwnNode, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { getApparentType, getPropertyOfType, getResolvedSignature, getTypeAtLocation, hasTypeFlag } from '../../model/checker.js';
import { getModifiers, isArrayLiteralExpression, isArrowFunction, isAwaitExpression, isBlock, isCallExpression, isForOfStatement, isFunctionExpression, isFunctionLike, isFunctionTypeNode, isIdentifier, isLiteralExpression, isNewExpression, isObjectLiteralExpression, isPropertyAccessExpression, isReturnStatement, isThrowStatement, isTryStatement, isTypeReferenceNode, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Whether an awaited expression can reject, for the exits a rejected `await` opens. Every promise can
 * reject unless the code shows it cannot: a `new Promise((resolve) => …)` whose executor takes no
 * `reject` (callback APIs turned into a boolean: `client.ping(req, (err) => resolve(!err))`), a chain
 * that ends in a rejection handler which does not throw (`p.catch(() => null)`, `p.then(f, onError)`),
 * a call of a function (no library's: those have no body here) whose result is not a promise, a
 * call that returns what a function written as its argument returns (`asyncLocalStorage.run(store,
 * async () => …)`), which then decides, or a call of a function that never rejects. A function never rejects when it only returns such promises
 * (or, for an `async` function, values that are none), and, when `async`, every `await`, `for await`
 * and `throw` of its own code sits in a `try` block with a `catch`: whatever that `catch` does next
 * is its own code, checked the same way. A synchronous throw inside an executor or a callee is not
 * counted (the executors this accepts call one callback API).
 */
export class RejectionFacts {
  private readonly neverRejectsFact: SummaryFact<boolean>;

  constructor(private readonly summaries: Summaries) {
    this.neverRejectsFact = { name: 'never-rejects', unknown: false, recursive: false, compute: (fn) => this.computeNeverRejects(fn) };
  }

  /** Whether awaiting `operand` can reject; true where the code does not show otherwise. */
  mayReject(operand: ts.Expression): boolean {
    const at = skipTypeWrappers(operand);
    if (isNewExpression(at)) return !isResolveOnlyPromise(at);
    if (!isCallExpression(at)) return this.isPromiseValued(at) !== false;
    if (isSettledChain(at)) return false;
    const passed = this.passedThrough(at);
    if (passed) return !this.summaries.get(this.neverRejectsFact, passed);
    const callee = this.summaries.calleeOf(at);
    if (callee && this.summaries.get(this.neverRejectsFact, callee)) return false;
    return this.isPromiseValued(at) !== false; // awaiting a value that is no promise cannot reject
  }

  /**
   * Whether the value `expression` evaluates to can be a promise that rejects (what a `return` hands
   * its caller): a promise the code does not show to settle without rejecting. A value the checker
   * types as no promise cannot; one it cannot type (`any`) is not counted.
   */
  mayRejectAsValue(expression: ts.Expression): boolean {
    const at = skipTypeWrappers(expression);
    if (isAwaitExpression(at) || isLiteralExpression(at) || isObjectLiteralExpression(at) || isArrayLiteralExpression(at) || isFunctionLike(at)) return false;
    if (at.kind === SyntaxKind.VoidExpression || at.kind === SyntaxKind.NullKeyword || at.kind === SyntaxKind.TrueKeyword || at.kind === SyntaxKind.FalseKeyword) return false;
    if (this.isPromiseValued(at) !== true) return false;
    return !(isNewExpression(at) || isCallExpression(at)) || this.mayReject(at);
  }

  /**
   * The function argument whose result a call returns as its own: the callee is declared
   * `<R>(…, fn: (…) => R, …): R` (`asyncLocalStorage.run(store, fn)`, `context.with(ctx, fn)`, a
   * helper that runs a callback in a scope), and the argument is a function written there.
   */
  private passedThrough(call: ts.CallExpression): SummarizedFunction | null {
    try {
      const declaration = getResolvedSignature(this.summaries.checker, call)?.declaration;
      if (!declaration || !isFunctionLike(declaration) || !declaration.type || !isTypeReferenceNode(declaration.type)) return null;
      const result = declaration.type.typeName;
      if (!isIdentifier(result) || !declaration.typeParameters?.some((p) => p.name.text === result.text)) return null;
      const index = declaration.parameters.findIndex((p) => p.type && isFunctionTypeNode(p.type) && isTypeReferenceNode(p.type.type) && isIdentifier(p.type.type.typeName) && p.type.type.typeName.text === result.text);
      const argument = index >= 0 ? call.arguments[index] : undefined;
      const fn = argument && skipTypeWrappers(argument);
      return fn && (isArrowFunction(fn) || isFunctionExpression(fn)) ? fn : null;
    } catch {
      return null;
    }
  }

  /** Whether the checker types `expression` as a promise (a thenable): true, false, or null for `any`/`unknown`. */
  private isPromiseValued(expression: ts.Expression): boolean | null {
    try {
      const checker = this.summaries.checker;
      const type = getTypeAtLocation(checker, expression);
      if (hasTypeFlag(type, 'Any', 'Unknown')) return null;
      const parts = type.isUnion() ? type.types : [type];
      return parts.some((part) => !hasTypeFlag(part, 'Null', 'Undefined', 'Void') && getPropertyOfType(checker, getApparentType(checker, part), 'then') !== undefined);
    } catch {
      return null;
    }
  }

  private computeNeverRejects(fn: SummarizedFunction): boolean {
    const body = fn.body;
    if (!body) return false;
    const isAsync = hasAsyncModifier(fn);
    if (!isBlock(body)) return isAsync ? !this.mayRejectAsValue(body) && !this.hasUncaughtRejection(body, body) : this.isNonRejectingPromise(body);
    if (isAsync) return !this.hasUncaughtRejection(body, body);
    const returned: ts.Expression[] = [];
    let bare = false;
    forEachOwnNode(body, (node) => {
      if (!isReturnStatement(node)) return;
      if (node.expression) returned.push(node.expression);
      else bare = true;
    });
    return !bare && returned.length > 0 && returned.every((e) => this.isNonRejectingPromise(e));
  }

  /** A promise the code shows to settle without rejecting (what a plain function may return). */
  private isNonRejectingPromise(expression: ts.Expression): boolean {
    const at = skipTypeWrappers(expression);
    if (isNewExpression(at)) return isResolveOnlyPromise(at);
    if (!isCallExpression(at)) return false;
    if (isSettledChain(at)) return true;
    const callee = this.summaries.calleeOf(at);
    return callee !== null && this.summaries.get(this.neverRejectsFact, callee);
  }

  /**
   * Whether the own code of an async function's `body` can reject: an `await` of what may reject, a
   * `for await` or a `throw` outside every `try` block with a `catch`, or a `return` of a promise that
   * may reject (a `try` around a `return` does not catch the returned promise's rejection).
   */
  private hasUncaughtRejection(root: ts.Node, body: ts.Node): boolean {
    let found = false;
    const check = (node: ts.Node): void => {
      if (found) return;
      if (isReturnStatement(node)) {
        if (node.expression && this.mayRejectAsValue(node.expression)) found = true;
        return;
      }
      const point = isAwaitExpression(node) || isThrowStatement(node) || (isForOfStatement(node) && node.awaitModifier !== undefined);
      if (!point || isCaught(node, body)) return;
      if (isAwaitExpression(node) && !this.mayReject(node.expression)) return;
      found = true;
    };
    if (isAwaitExpression(root)) check(root);
    forEachOwnNode(root, check);
    return found;
  }
}

/** Whether a `try` block with a `catch`, inside `body`, holds `node`. */
function isCaught(node: ts.Node, body: ts.Node): boolean {
  let child: ts.Node = node;
  for (let at = node.parent; at && child !== body; child = at, at = at.parent) {
    if (isTryStatement(at) && at.tryBlock === child && at.catchClause) return true;
  }
  return false;
}

/**
 * `p.catch(handler)` or `p.then(f, handler)` whose rejection handler is a function that neither throws
 * nor returns `Promise.reject(…)`, nor awaits: the chain settles without rejecting (a handler named by
 * reference is taken at its word).
 */
function isSettledChain(call: ts.CallExpression): boolean {
  const callee = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const handler = method === 'catch' ? call.arguments[0] : method === 'then' ? call.arguments[1] : undefined;
  if (!handler) return false;
  const fn = skipTypeWrappers(handler);
  if (!isArrowFunction(fn) && !isFunctionExpression(fn)) return isIdentifier(fn) || isPropertyAccessExpression(fn);
  if (!isBlock(fn.body)) return !isPromiseReject(fn.body) && !isAwaitExpression(skipTypeWrappers(fn.body));
  let rethrows = false;
  forEachOwnNode(fn.body, (node) => {
    if (isThrowStatement(node) || isAwaitExpression(node) || (isReturnStatement(node) && node.expression && isPromiseReject(node.expression))) rethrows = true;
  });
  return !rethrows;
}

function isPromiseReject(expression: ts.Expression): boolean {
  const at = skipTypeWrappers(expression);
  if (!isCallExpression(at)) return false;
  const callee = skipTypeWrappers(at.expression);
  return isPropertyAccessExpression(callee) && callee.name.text === 'reject' && isIdentifier(callee.expression) && callee.expression.text === 'Promise';
}

/** `new Promise((resolve) => …)`: an executor that takes no `reject`. */
function isResolveOnlyPromise(node: ts.NewExpression): boolean {
  const callee = skipTypeWrappers(node.expression);
  const executor = node.arguments?.[0];
  if (!isIdentifier(callee) || callee.text !== 'Promise' || !executor) return false;
  const fn = skipTypeWrappers(executor);
  return (isArrowFunction(fn) || isFunctionExpression(fn)) && fn.parameters.length <= 1;
}

function hasAsyncModifier(fn: SummarizedFunction): boolean {
  return getModifiers(fn)?.some((m) => m.kind === SyntaxKind.AsyncKeyword) ?? false;
}

const factsByProgram = new WeakMap<Summaries, RejectionFacts>();

/** The rejection facts of one program's summaries, shared by every file and rule. */
export function rejectionFactsOf(summaries: Summaries): RejectionFacts {
  let facts = factsByProgram.get(summaries);
  if (!facts) factsByProgram.set(summaries, (facts = new RejectionFacts(summaries)));
  return facts;
}
