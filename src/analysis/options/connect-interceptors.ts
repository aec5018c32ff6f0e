import type ts from 'typescript';

import { CLIENT_DEADLINE_SOURCES } from '../../model/deadlines.js';
import { isAssignmentTarget, literalString, returnedValues, skipValueWrappers } from '../../syntax/ts-ast.js';
import { forEachChild, isArrayLiteralExpression, isArrowFunction, isCallExpression, isConditionalExpression, isDeleteExpression, isFunctionExpression, isIdentifier, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isSpreadElement } from '../../syntax/ts-nodes.js';
import { constInitializer } from './service-config.js';

/*
 * Whether connect transport `interceptors` can give a call a deadline (RPC-FACTS §9.5). An interceptor
 * bounds a call when it passes `next` a request with another `signal`, races `next(req)` with a timer, or
 * sets a timeout header. One written in the program that hands its own request to `next` unchanged and
 * returns what `next` returns, touching the request only to read it or to set headers other than the
 * timeout headers, forwards the call as it came: no deadline. Anything else — an interceptor from a
 * parameter or a library, a request spread into a new one, a header name the code computes is read as
 * written (`req.header.set(name, …)` is not a timeout header) — is unknown.
 */

type Bound = 'bounded' | 'unbounded' | 'unknown';

const { requestHeader, headerWrites, timeoutHeaders } = CLIENT_DEADLINE_SOURCES.connect.interceptor;
const MAX_DEPTH = 4;

/** The `interceptors` value of connect transport options: each branch and element judged, `undefined` for none. */
export function interceptorsBound(value: ts.Expression, checker: ts.TypeChecker, depth = 0): Bound {
  const at = skipValueWrappers(value);
  if (depth > MAX_DEPTH) return 'unknown';
  if (isIdentifier(at)) {
    if (at.text === 'undefined') return 'unbounded';
    const init = constInitializer(at, checker);
    return init ? interceptorsBound(init, checker, depth + 1) : 'unknown';
  }
  if (isConditionalExpression(at)) return combine([interceptorsBound(at.whenTrue, checker, depth + 1), interceptorsBound(at.whenFalse, checker, depth + 1)]);
  if (!isArrayLiteralExpression(at)) return 'unknown';
  return combine(at.elements.map((element) => (isSpreadElement(element) ? 'unknown' : interceptorBound(element, checker, depth + 1))));
}

function combine(bounds: readonly Bound[]): Bound {
  if (bounds.every((b) => b === 'unbounded')) return 'unbounded';
  return bounds.includes('bounded') ? 'bounded' : 'unknown';
}

/** One interceptor, `(next) => (req) => …`: `unbounded` when it forwards the call unchanged. */
function interceptorBound(value: ts.Expression, checker: ts.TypeChecker, depth: number): Bound {
  const at = skipValueWrappers(value);
  if (isIdentifier(at)) {
    const init = depth <= MAX_DEPTH ? constInitializer(at, checker) : null;
    return init ? interceptorBound(init, checker, depth + 1) : 'unknown';
  }
  const next = soleParameter(at);
  if (!next) return 'unknown';
  const wrappers = returnedValues((at as ts.ArrowFunction).body)?.map(skipValueWrappers) ?? [];
  if (wrappers.length === 0) return 'unknown';
  const forwards = new Set<ts.CallExpression>();
  let bound: Bound = 'unbounded';
  for (const wrapper of wrappers) {
    const request = soleParameter(wrapper);
    const returned = request ? returnedValues((wrapper as ts.ArrowFunction).body)?.map(skipValueWrappers) : null;
    if (!request || !returned) return 'unknown';
    for (const result of returned) {
      // `return next(req)`, `return await next(req)`: the response of the call as it came.
      if (!isCallExpression(result) || !isSameName(result.expression, next) || result.arguments.length !== 1 || !isSameName(result.arguments[0]!, request)) return 'unknown';
      forwards.add(result);
    }
    const uses = requestUses(wrapper, request, forwards);
    if (uses === 'unknown') return 'unknown';
    if (uses === 'bounded') bound = 'bounded';
  }
  // `next` is called only by those returns (never stored, never called with another request).
  return referencesOf(at, next).every((ref) => isCallExpression(ref.parent) && forwards.has(ref.parent) && ref.parent.expression === ref) ? bound : 'unknown';
}

/** How the wrapper uses its request: forwarded by `forwards`, read, or given headers (a timeout header bounds the call). */
function requestUses(wrapper: ts.Expression, request: ts.Identifier, forwards: ReadonlySet<ts.CallExpression>): Bound {
  let bound: Bound = 'unbounded';
  for (const ref of referencesOf(wrapper, request)) {
    const parent = ref.parent;
    if (isCallExpression(parent) && forwards.has(parent)) continue;
    if (!isPropertyAccessExpression(parent) || parent.expression !== ref || isWrite(parent)) return 'unknown';
    if (parent.name.text !== requestHeader) continue; // `req.url`, `req.method.name`: reads
    // `req.header.set(name, value)`: the only use of the headers allowed.
    const method = parent.parent;
    const call = method.parent;
    if (!isPropertyAccessExpression(method) || !headerWrites.includes(method.name.text) || !isCallExpression(call) || call.expression !== method) return 'unknown';
    const name = call.arguments[0] ? literalString(call.arguments[0]) : null;
    if (name !== null && timeoutHeaders.includes(name.toLowerCase())) bound = 'bounded';
  }
  return bound;
}

function isWrite(access: ts.PropertyAccessExpression): boolean {
  const parent = access.parent;
  return isAssignmentTarget(access) || isDeleteExpression(parent) || isPrefixUnaryExpression(parent) || isPostfixUnaryExpression(parent);
}

/** The one identifier parameter of an arrow or function expression, else null. */
function soleParameter(node: ts.Expression): ts.Identifier | null {
  if (!isArrowFunction(node) && !isFunctionExpression(node)) return null;
  const [parameter, ...rest] = node.parameters;
  return parameter && rest.length === 0 && isIdentifier(parameter.name) && !parameter.dotDotDotToken ? parameter.name : null;
}

function isSameName(node: ts.Expression, name: ts.Identifier): boolean {
  const at = skipValueWrappers(node);
  return isIdentifier(at) && at.text === name.text;
}

/**
 * Every identifier inside `root` spelled like parameter `name`, property names aside: by spelling, so that
 * a shorthand `{ req }` counts and a shadowing binding makes the interceptor unknown rather than unread.
 */
function referencesOf(root: ts.Node, name: ts.Identifier): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (isIdentifier(node) && node !== name && node.text === name.text && !isPropertyName(node)) found.push(node);
    forEachChild(node, visit);
  };
  forEachChild(root, visit);
  return found;
}

/** `x.name`, `{ name: … }`: a property's name, no reference to a binding. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (isPropertyAccessExpression(parent) && parent.name === node) || (isPropertyAssignment(parent) && parent.name === node);
}
