import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { calleeOf, isFunction, onlyTests, type FunctionNode } from '../../syntax/ast.js';
import { walk } from '../../syntax/walk.js';

/**
 * How a grpc-js server handler completes its call, on the handler's own code (RPC-FACTS.md §9.1):
 * grpc-js calls `handler(call, callback)` inside a `try`/`catch` (a synchronous throw becomes
 * `UNKNOWN`) and ignores what it returns, so a rejection of the promise an `async` handler returns is
 * an unhandled rejection; and a unary or client-streaming call is answered only when the handler calls
 * its callback.
 */

/** A place where the promise a handler returns can reject. */
export interface RejectionPoint {
  readonly kind: 'await' | 'for-await' | 'throw' | 'return';
  /** The `await`, the `for await` loop, the `throw`, or the returned expression. */
  readonly node: TSESTree.AwaitExpression | TSESTree.ForOfStatement | TSESTree.ThrowStatement | TSESTree.Expression;
}

/**
 * The places of `fn`'s own code (not nested functions) where the promise it returns can reject, in
 * source order: in an `async` function every `await`, `for await` and `throw`; in any function a
 * returned value that is not plainly a non-promise (a literal, an object, a function). Whether each
 * can reject (an awaited timer, a returned `void`) is the caller's question.
 */
export function rejectionPoints(fn: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys): RejectionPoint[] {
  const points: RejectionPoint[] = [];
  if (fn.body.type !== 'BlockStatement' && fn.body.type !== 'AwaitExpression' && mayBePromise(fn.body)) points.push({ kind: 'return', node: fn.body });
  walk(fn.body, visitorKeys, (node) => {
    if (node !== fn.body && (isFunction(node) || node.type === 'ClassBody')) return false;
    if (node.type === 'AwaitExpression' && fn.async) points.push({ kind: 'await', node });
    else if (node.type === 'ForOfStatement' && node.await) points.push({ kind: 'for-await', node });
    else if (node.type === 'ThrowStatement' && fn.async) points.push({ kind: 'throw', node });
    else if (node.type === 'ReturnStatement' && node.argument && node.argument.type !== 'AwaitExpression' && mayBePromise(node.argument)) points.push({ kind: 'return', node: node.argument });
  });
  return points.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Whether a rejection at `point` leaves `fn`: no `try` block with a `catch` around it in `fn`. A
 * returned promise always leaves: a `try` around `return p` does not catch `p`'s rejection.
 */
export function escapesHandler(point: RejectionPoint, fn: FunctionNode): boolean {
  if (point.kind === 'return') return true;
  let child: TSESTree.Node = point.node;
  for (let at: TSESTree.Node | undefined = child.parent; at && at !== fn; child = at, at = at.parent) {
    if (at.type === 'TryStatement' && at.block === child && at.handler) return false;
  }
  return true;
}

/**
 * The nodes of `fn`'s own code that call or hand on its callback: each reference of the callback that
 * is not a test of it (`if (!cb)`, `cb && …`, `typeof cb`), or, for a reference in a nested function
 * (a listener, a `.then` callback, a helper's argument), that function as a whole: it was handed on
 * where it is defined.
 */
export function callbackUses(fn: FunctionNode, callback: TSESLint.Scope.Variable): TSESTree.Node[] {
  const uses = new Set<TSESTree.Node>();
  for (const reference of callback.references) {
    const id = reference.identifier as TSESTree.Node;
    if (onlyTests(id)) continue;
    let use: TSESTree.Node = id;
    for (let at: TSESTree.Node | undefined = id.parent; at && at !== fn; at = at.parent) if (isFunction(at)) use = at;
    uses.add(use);
  }
  return [...uses];
}

/** Syntax only: whether a returned expression can be a promise (not a literal, an object, a function, `void …`). */
function mayBePromise(node: TSESTree.Expression): boolean {
  switch (node.type) {
    case 'Literal':
    case 'TemplateLiteral':
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'ClassExpression':
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'UpdateExpression':
      return false;
    case 'Identifier':
      return node.name !== 'undefined';
    default:
      return true;
  }
}

/** For messages: `await db.find(…)`, `for await (… of db.scan())`, `throw error`, `wrapUnary(…)`. */
export function describeRejection(point: RejectionPoint, sourceCode: Readonly<TSESLint.SourceCode>): string {
  switch (point.kind) {
    case 'for-await':
      return `for await (… of ${shorten(sourceCode.getText((point.node as TSESTree.ForOfStatement).right))})`;
    case 'throw':
      return `throw ${shorten(sourceCode.getText((point.node as TSESTree.ThrowStatement).argument))}`;
    case 'await':
      return `await ${shortExpression((point.node as TSESTree.AwaitExpression).argument, sourceCode)}`;
    default:
      return shortExpression(point.node as TSESTree.Expression, sourceCode);
  }
}

function shortExpression(node: TSESTree.Expression, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const text = sourceCode.getText(node);
  if (text.length <= 48 && !text.includes('\n')) return text;
  const call = node.type === 'CallExpression' || node.type === 'NewExpression' ? node : null;
  return call ? `${call.type === 'NewExpression' ? 'new ' : ''}${shorten(sourceCode.getText(calleeOf(call)))}(…)` : '…';
}

function shorten(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length <= 48 ? line : `${line.slice(0, 45)}…`;
}
