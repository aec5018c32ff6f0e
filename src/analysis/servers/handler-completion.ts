import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { RpcModel } from '../../model/index.js';
import { GRPC_HANDLER_TYPES, GRPC_SEND_UNARY_DATA, HANDLER_PARAMETERS, SERVER_REGISTRATIONS, SERVICE_IMPLEMENTATIONS } from '../../model/servers.js';
import { specifierNames } from '../../model/type-utils.js';
import { calleeOf, enclosingFunction, isFunction, onlyTests, skipParentWrappers, staticMemberName, wrapped, type FunctionNode } from '../../syntax/ast.js';
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
    case 'throw': {
      const thrown = (point.node as TSESTree.ThrowStatement).argument;
      const call = thrown.type === 'NewExpression' || thrown.type === 'CallExpression';
      return `throw ${call ? shortExpression(thrown, sourceCode) : shorten(sourceCode.getText(thrown))}`;
    }
    case 'await':
      return `await ${shortExpression((point.node as TSESTree.AwaitExpression).argument, sourceCode)}`;
    default:
      return shortExpression(point.node as TSESTree.Expression, sourceCode);
  }
}

/** Characters of code a message shows as written; a longer call shows its callee (`new Error(…)`). */
const MAX_SHOWN = 40;

function shortExpression(node: TSESTree.Expression, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const text = sourceCode.getText(node);
  if (text.length <= MAX_SHOWN && !text.includes('\n')) return text;
  const call = node.type === 'CallExpression' || node.type === 'NewExpression' ? node : null;
  return call ? `${call.type === 'NewExpression' ? 'new ' : ''}${shorten(sourceCode.getText(calleeOf(call)))}(…)` : '…';
}

function shorten(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length <= MAX_SHOWN ? line : `${line.slice(0, MAX_SHOWN - 3)}…`;
}

/**
 * Syntax only: where grpc-js may call a function — a method or property of an object or class, a
 * variable's value, a returned function, a function declaration — with at most `(call, callback)`.
 * A call's argument is the callee's to call (a wrapper), a getter or constructor is none.
 */
export function inHandlerPosition(fn: FunctionNode): boolean {
  // grpc-js passes the call first: a function that takes nothing is no handler.
  if (fn.params.length === 0 || fn.params.length > 2 || fn.params.some((p) => p.type === 'RestElement') || fn.generator) return false;
  const at = wrapped(fn);
  const parent = at.parent;
  switch (parent?.type) {
    case 'Property':
      return parent.value === at && parent.kind === 'init' && mayBeImplementation(parent.parent);
    case 'MethodDefinition':
    case 'PropertyDefinition':
      // grpc-js calls a class's public methods; a private or static one is the class's own helper.
      return (parent.type === 'PropertyDefinition' || parent.kind === 'method') && !parent.static && parent.accessibility !== 'private' && parent.accessibility !== 'protected' && parent.key.type !== 'PrivateIdentifier';
    case 'VariableDeclarator':
    case 'ReturnStatement':
    case 'ExportDefaultDeclaration':
    case 'Program':
    case 'ExportNamedDeclaration':
    case 'BlockStatement':
      return true;
    case 'ArrowFunctionExpression':
      return parent.body === at;
    default:
      return false;
  }
}

/** The method that registers a grpc-js implementation (`server.addService`), for the syntactic filter. */
const GRPC_REGISTRATION = SERVER_REGISTRATIONS.find((r) => r.library === 'grpc-js')!.method;

/**
 * Syntax only: an object literal that can be what grpc-js gets as an implementation — an argument of a
 * call named like a registration (`addService`), a variable's value, a returned or exported value, a
 * spread or a typed expression (`satisfies`, `as`). An argument of another call is a wrapper's (and
 * typing it would resolve the call), an element of an array or a nested object is data.
 */
function mayBeImplementation(object: TSESTree.Node): boolean {
  const at = wrapped(object);
  const parent = at.parent;
  switch (parent?.type) {
    case 'CallExpression': {
      const callee = calleeOf(parent);
      return parent.arguments.includes(at as TSESTree.CallExpressionArgument) && callee.type === 'MemberExpression' && staticMemberName(callee) === GRPC_REGISTRATION;
    }
    case 'VariableDeclarator':
    case 'ReturnStatement':
    case 'ExportDefaultDeclaration':
    case 'SpreadElement':
      return true;
    case 'ArrowFunctionExpression':
      return parent.body === at;
    default:
      return at !== object; // `{ … } satisfies T`, `{ … } as T`
  }
}

export function isObjectMember(fn: FunctionNode): boolean {
  const member = fn.parent;
  return member?.type === 'Property' && member.parent.type === 'ObjectExpression';
}

/** Names a grpc-js handler's parameters may be declared with (`any` too): a call first, a callback second. */
const CALL_NAMES: ReadonlySet<string> = new Set([...HANDLER_PARAMETERS.filter((p) => p.library === 'grpc-js').flatMap((p) => specifierNames(p.spec)), 'any', 'unknown']);
const CALLBACK_NAMES: ReadonlySet<string> = new Set([...specifierNames(GRPC_SEND_UNARY_DATA), 'Function', 'any', 'unknown']);
/** Names a function's declared result may carry when it returns a handler, or an implementation. */
const HANDLER_TYPE_NAMES: ReadonlySet<string> = new Set([...GRPC_HANDLER_TYPES.flatMap((t) => specifierNames(t.spec)), 'Function', 'any', 'unknown']);
const IMPLEMENTATION_NAMES: ReadonlySet<string> = new Set([...SERVICE_IMPLEMENTATIONS.flatMap((i) => specifierNames(i.spec)), 'any', 'unknown']);
/** Names a declared result that can be a promise carries. */
export const PROMISE_NAMES: ReadonlySet<string> = new Set(['Promise', 'PromiseLike', 'any', 'unknown']);

/**
 * Names before types (`RpcModel.mayBeDeclaredAs`): a parameter annotated with a class or interface whose
 * names decide cannot be a grpc-js call first (`metadata: Metadata`) or its callback second
 * (`options: CallOptions`); a function, or an object, that a function returns is a handler (an
 * implementation) only if that function's declared result may be one, or, undeclared, if it has a name
 * that an implementation's member can call.
 */
export function mayBeHandlerByNames(fn: FunctionNode, model: RpcModel): boolean {
  const parameters = fn.params.every((parameter, index) => {
    const annotation = model.annotationOf(parameter.type === 'TSParameterProperty' ? parameter.parameter : parameter);
    return !annotation || model.mayBeDeclaredAs(annotation, index === 0 ? CALL_NAMES : CALLBACK_NAMES);
  });
  if (!parameters) return false;
  const member = fn.parent?.type === 'Property' ? fn.parent.parent : null;
  const value = member ?? fn;
  const holder = skipParentWrappers(value);
  const returner = holder?.type === 'ReturnStatement' ? enclosingFunction(holder) : isFunction(holder) && holder.body === wrapped(value) ? holder : null;
  if (!returner) return true;
  const declared = returner.returnType ? model.annotationOf(returner) : undefined;
  if (declared) return model.mayBeDeclaredAs(declared, member ? IMPLEMENTATION_NAMES : HANDLER_TYPE_NAMES);
  return member !== null || returner.type === 'FunctionDeclaration' || skipParentWrappers(returner)?.type === 'VariableDeclarator';
}
