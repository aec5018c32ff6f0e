import type ts from 'typescript';

import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isAssignmentTarget, memberName, skipTypeWrappers, skipValueWrappers } from '../../syntax/ts-ast.js';
import {
  forEachChild,
  isBindingElement,
  isCallExpression,
  isComputedPropertyName,
  isDeleteExpression,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSpreadAssignment,
  isConstDeclaration as isConst,
  isVariableDeclaration,
  isYieldExpression,
} from '../../syntax/ts-nodes.js';
import { constInitializer } from './service-config.js';

/*
 * Whether a nice-grpc client middleware written in the program can give a call a deadline (RPC-FACTS
 * §9.5). A middleware is an async generator `async function* (call, options) { … }` whose
 * `yield* call.next(request, options)` starts the call with the options it passes on. One that passes on
 * the options it got — the same object, the rest of a destructuring of it, or a literal that spreads
 * them — with no `deadline` or `signal` key of its own, and that starts the call only by `yield*
 * call.next(…)`, sets no deadline: it is inert, like the library's retry middleware. Anything else (a
 * middleware from a parameter or a library, one that builds new options, keeps `call` or `options` for
 * later, or iterates `call.next(…)` itself, where it may race it with a timer) may set one.
 */

const NEXT = 'next';

/** Whether `value` names or is a middleware of the program that passes the caller's options on with no `bounding` key of its own. */
export function isInertProgramMiddleware(value: ts.Expression, checker: ts.TypeChecker, bounding: readonly string[]): boolean {
  const fn = middlewareFunction(value, checker);
  if (!fn?.body || !fn.asteriskToken || fn.parameters.length !== 2) return false;
  const [call, options] = fn.parameters.map((p) => (isIdentifier(p.name) && !p.dotDotDotToken && !p.initializer ? p.name : null));
  if (!call || !options) return false;
  const body = fn.body;
  // `call`: read (`call.request`, `call.method`), or started by `yield* call.next(request, options)`.
  const nexts: ts.CallExpression[] = [];
  for (const ref of referencesOf(body, call.text)) {
    const use = callUse(ref);
    if (use === 'other') return false;
    if (use !== 'read') nexts.push(use);
  }
  if (nexts.length === 0) return false;
  // The names that hold the caller's options passed on: `options`, rests of it, literals spreading them.
  const forwarded = new Set<string>([options.text]);
  const literals: ts.ObjectLiteralExpression[] = [];
  const queue = [options.text];
  while (queue.length > 0) {
    for (const ref of referencesOf(body, queue.pop()!)) {
      const more = forwardedUse(ref, literals);
      if (more === null) return false;
      for (const name of more) {
        if (forwarded.has(name)) return false; // one name, two bindings
        forwarded.add(name);
        queue.push(name);
      }
    }
  }
  const passesOn = (value: ts.Expression): boolean => {
    const at = skipTypeWrappers(value);
    if (isIdentifier(at)) return forwarded.has(at.text);
    return isObjectLiteralExpression(at) && literals.includes(at);
  };
  return nexts.every((next) => next.arguments.length === 2 && passesOn(next.arguments[1]!)) && literals.every((literal) => isPassingLiteral(literal, forwarded, bounding));
}

function middlewareFunction(value: ts.Expression, checker: ts.TypeChecker): ts.FunctionExpression | ts.FunctionDeclaration | null {
  let at = skipValueWrappers(value);
  if (isIdentifier(at)) {
    const init = constInitializer(at, checker);
    if (init) at = skipTypeWrappers(init);
    else {
      const declaration = resolveAlias(checker, getSymbolAtLocation(checker, at))?.valueDeclaration;
      return declaration && isFunctionDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
    }
  }
  return isFunctionExpression(at) && !at.getSourceFile().isDeclarationFile ? at : null;
}

/** A use of `call`: `yield* call.next(…)` (the call), a read of another member, or anything else. */
function callUse(ref: ts.Identifier): ts.CallExpression | 'read' | 'other' {
  const access = ref.parent;
  if (!isPropertyAccessExpression(access) || access.expression !== ref || isWrite(access)) return 'other';
  if (access.name.text !== NEXT) return 'read';
  const next = access.parent;
  if (!isCallExpression(next) || next.expression !== access) return 'other';
  // Delegated to as it is: a middleware that iterates the call itself may race it with a timer.
  let operand: ts.Node = next;
  while (isParenthesizedExpression(operand.parent)) operand = operand.parent;
  const delegated = operand.parent;
  return isYieldExpression(delegated) && delegated.asteriskToken !== undefined && delegated.expression === operand ? next : 'other';
}

/**
 * A use of a name that holds the caller's options: passed to `call.next` (checked there), read (`options.signal`),
 * spread into a literal given to `call.next` or to a `const` (its name then holds them too), or destructured
 * by a `const` (its rest holds them). The names it adds; null for any other use.
 */
function forwardedUse(ref: ts.Identifier, literals: ts.ObjectLiteralExpression[]): string[] | null {
  const parent = ref.parent;
  if ((isVariableDeclaration(parent) || isBindingElement(parent)) && parent.name === ref) return []; // its own declaration
  if (isNextOptions(ref)) return [];
  if (isPropertyAccessExpression(parent) && parent.expression === ref) return isWrite(parent) ? null : [];
  if (isSpreadAssignment(parent)) {
    let literal: ts.Node = parent.parent;
    literals.push(parent.parent);
    while (isParenthesizedExpression(literal.parent)) literal = literal.parent;
    if (isNextOptions(literal)) return [];
    const holder = literal.parent;
    return isVariableDeclaration(holder) && holder.initializer === literal && isIdentifier(holder.name) && isConst(holder) ? [holder.name.text] : null;
  }
  if (isVariableDeclaration(parent) && parent.initializer === ref && isObjectBindingPattern(parent.name) && isConst(parent)) {
    const names: string[] = [];
    for (const element of parent.name.elements) {
      if (!isIdentifier(element.name)) return null;
      if (element.dotDotDotToken) names.push(element.name.text);
    }
    return names;
  }
  return null;
}

/** A literal of the options passed on: spreads of names that hold them, and keys other than `bounding` ones. */
function isPassingLiteral(literal: ts.ObjectLiteralExpression, forwarded: ReadonlySet<string>, bounding: readonly string[]): boolean {
  let spreads = false;
  for (const property of literal.properties) {
    if (isSpreadAssignment(property)) {
      const spread = skipTypeWrappers(property.expression);
      if (!isIdentifier(spread) || !forwarded.has(spread.text)) return false;
      spreads = true;
      continue;
    }
    const key = property.name && !isComputedPropertyName(property.name) ? memberName(property.name) : null;
    if (key === null || bounding.includes(key)) return false;
  }
  return spreads;
}

/** Whether `node` is the options argument of a `call.next(request, options)`. */
function isNextOptions(node: ts.Node): boolean {
  const call = node.parent;
  return isCallExpression(call) && call.arguments[1] === node && isPropertyAccessExpression(call.expression) && call.expression.name.text === NEXT;
}

function isWrite(access: ts.PropertyAccessExpression): boolean {
  const parent = access.parent;
  return isAssignmentTarget(access) || isDeleteExpression(parent) || isPrefixUnaryExpression(parent) || isPostfixUnaryExpression(parent);
}

/** Every identifier in `root` spelled `name`, property names aside (by spelling: a shadowing binding counts as a use). */
function referencesOf(root: ts.Node, name: string): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (isIdentifier(node) && node.text === name && !isPropertyName(node)) found.push(node);
    forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (isPropertyAccessExpression(parent) && parent.name === node) || (isPropertyAssignment(parent) && parent.name === node);
}
