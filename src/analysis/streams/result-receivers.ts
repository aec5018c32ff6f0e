import type ts from 'typescript';

import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { hasModifier, isReference } from '../../syntax/ts-ast.js';
import {
  forEachChild,
  isArrowFunction,
  isAsExpression,
  isAwaitExpression,
  isBinaryExpression,
  isCallExpression,
  isClassLike,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isIfStatement,
  isMethodDeclaration,
  isNewExpression,
  isNonNullExpression,
  isParenthesizedExpression,
  isPrefixUnaryExpression,
  isPrivateIdentifier,
  isPropertyAccessExpression,
  isPropertyDeclaration,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSpreadElement,
  isTypeOfExpression,
  isVariableDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
  SyntaxKind,
} from '../../syntax/ts-nodes.js';
import { type Summaries, type SummarizedFunction, type SummaryFact } from '../summaries.js';

/**
 * Where the value a function returns goes in the program: the calls that evaluate to it, each an
 * expression whose uses a caller of this fact can follow as it follows the value itself. Null when
 * some code that receives it is not visible, which keeps rules quiet:
 * - an inline function runs where it is called (an IIFE), or is a callback passed to a function of
 *   the program with a body; its receivers are that function's calls of the parameter, and the
 *   parameter must not go anywhere else (passed on, stored, returned);
 * - a named function — a function or `const f = () => …` not exported from its module, or a
 *   `private`/`#` method or arrow property of a class — is received by its call sites, found by name
 *   in the program's files (`Summaries.occurrencesOf`) and kept when the checker resolves them to
 *   it; it may also be passed as a callback, as above. Any other use of its name (exported, stored,
 *   passed to a library) means callers out of sight;
 * - an exported function, a public or protected method, a generator, a function never called: null;
 * - an `async` function's result is a promise: each call must be awaited (`await open()`), as
 *   `open().then(…)` hands the value to a callback.
 */
export const resultReceivers: SummaryFact<readonly ts.CallExpression[] | null> = {
  name: 'result-receivers',
  unknown: null,
  recursive: null,
  compute(fn, summaries) {
    if ('asteriskToken' in fn && fn.asteriskToken) return null;
    const references = referencesOf(fn, summaries);
    if (!references) return null;
    const receivers: ts.CallExpression[] = [];
    for (const reference of references) {
      const found = receiversAt(reference, summaries);
      if (!found) return null;
      receivers.push(...found);
    }
    const awaited = !hasModifier(fn, SyntaxKind.AsyncKeyword) || receivers.every((call) => isAwaitExpression(outerOf(call).parent));
    return receivers.length > 0 && awaited ? receivers : null;
  },
};

/** The expressions that name `fn` as a value: the function itself when inline, else its references. */
function referencesOf(fn: SummarizedFunction, summaries: Summaries): ts.Expression[] | null {
  if ((isArrowFunction(fn) || isFunctionExpression(fn)) && !isVariableDeclaration(outerOf(fn).parent) && !isPropertyDeclaration(outerOf(fn).parent)) return [fn];
  const declaration = namedDeclarationOf(fn);
  if (!declaration) return null;
  const name = declaration.name;
  const references: ts.Expression[] = [];
  for (const occurrence of summaries.occurrencesOf(name.text)) {
    if (occurrence === name) continue;
    const parent = occurrence.parent;
    if (isShorthandPropertyAssignment(parent)) return null; // `{ open }`: stored in an object
    if (isIdentifier(occurrence) && !isReference(occurrence) && !(isPropertyAccessExpression(parent) && parent.name === occurrence)) continue;
    const symbol = resolveAlias(summaries.checker, getSymbolAtLocation(summaries.checker, occurrence));
    if (!symbol?.declarations?.includes(declaration)) continue;
    references.push(isPropertyAccessExpression(parent) && parent.name === occurrence ? parent : (occurrence as ts.Expression));
  }
  return references;
}

/** The declaration whose name a function goes by when only the program can call it; null when others may. */
function namedDeclarationOf(fn: SummarizedFunction): (ts.Declaration & { readonly name: ts.Identifier | ts.PrivateIdentifier }) | null {
  if (isFunctionDeclaration(fn)) {
    return fn.name && !hasModifier(fn, SyntaxKind.ExportKeyword) && !hasModifier(fn, SyntaxKind.DefaultKeyword) ? (fn as ts.FunctionDeclaration & { name: ts.Identifier }) : null;
  }
  const holder = isArrowFunction(fn) || isFunctionExpression(fn) ? outerOf(fn).parent : fn;
  if (isVariableDeclaration(holder)) {
    const list = holder.parent;
    const statement = isVariableDeclarationList(list) ? list.parent : undefined;
    if (!isIdentifier(holder.name) || (statement && isVariableStatement(statement) && hasModifier(statement, SyntaxKind.ExportKeyword))) return null;
    return holder as ts.VariableDeclaration & { name: ts.Identifier };
  }
  if ((isMethodDeclaration(holder) || isPropertyDeclaration(holder)) && isClassLike(holder.parent) && !hasModifier(holder, SyntaxKind.StaticKeyword)) {
    const name = holder.name;
    if (isPrivateIdentifier(name) || (isIdentifier(name) && hasModifier(holder, SyntaxKind.PrivateKeyword))) return holder as (ts.MethodDeclaration | ts.PropertyDeclaration) & { name: ts.Identifier | ts.PrivateIdentifier };
  }
  return null;
}

/**
 * What one reference to the function leads to: the call it is the callee of, or, passed as a
 * callback to a function of the program, that function's calls of the parameter. Null elsewhere.
 */
function receiversAt(reference: ts.Expression, summaries: Summaries): ts.CallExpression[] | null {
  const at = outerOf(reference);
  const parent = at.parent;
  if (isCallExpression(parent) && parent.expression === at) return [parent];
  if (!(isCallExpression(parent) || isNewExpression(parent)) || !parent.arguments?.includes(at)) return null;
  const index = parent.arguments.indexOf(at);
  if (parent.arguments.slice(0, index).some((a) => isSpreadElement(a))) return null;
  const callee = summaries.calleeOf(parent);
  return callee ? callsOfParameter(callee, index, summaries) : null;
}

/**
 * The calls of parameter `index` of `fn` (`handler()`, `await handler()`); null when the parameter
 * is used otherwise than called or tested (passed on, stored, returned, spread).
 */
function callsOfParameter(fn: SummarizedFunction, index: number, summaries: Summaries): ts.CallExpression[] | null {
  const parameter = fn.parameters[index];
  if (!parameter || parameter.dotDotDotToken || !isIdentifier(parameter.name) || !fn.body) return null;
  const symbol = getSymbolAtLocation(summaries.checker, parameter.name);
  if (!symbol) return null;
  const name = parameter.name.text;
  const calls: ts.CallExpression[] = [];
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (isShorthandPropertyAssignment(node) && node.name.text === name) other = true;
    else if (isIdentifier(node) && node.text === name && isReference(node) && getSymbolAtLocation(summaries.checker, node) === symbol) {
      const at = outerOf(node);
      const parent = at.parent;
      if (isCallExpression(parent) && parent.expression === at) calls.push(parent);
      else if (!isTest(at)) other = true;
    }
    forEachChild(node, visit);
  };
  visit(fn.body);
  return other ? null : calls;
}

/** `if (handler)`, `!handler`, `typeof handler`, `handler === x`, `handler && …`: a test, not a use of the value. */
function isTest(at: ts.Expression): boolean {
  const parent = at.parent;
  if (isIfStatement(parent) && parent.expression === at) return true;
  if (isPrefixUnaryExpression(parent) || isTypeOfExpression(parent)) return true;
  if (!isBinaryExpression(parent) || parent.left !== at) return false;
  const operator = parent.operatorToken.kind;
  return (
    operator === SyntaxKind.AmpersandAmpersandToken ||
    operator === SyntaxKind.EqualsEqualsEqualsToken ||
    operator === SyntaxKind.ExclamationEqualsEqualsToken ||
    operator === SyntaxKind.EqualsEqualsToken ||
    operator === SyntaxKind.ExclamationEqualsToken
  );
}

/** Climbs over parentheses and type-only wrappers (not `await`). */
function outerOf(node: ts.Expression): ts.Expression {
  let at = node;
  while (isParenthesizedExpression(at.parent) || isAsExpression(at.parent) || isNonNullExpression(at.parent) || isSatisfiesExpression(at.parent)) at = at.parent;
  return at;
}
