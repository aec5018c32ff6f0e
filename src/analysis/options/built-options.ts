import type ts from 'typescript';

import { getSymbolAtLocation } from '../../model/checker.js';
import { isAssignmentOperator, isAssignmentTarget, isInside, literalString, memberName, returnedValues, skipValueWrappers } from '../../syntax/ts-ast.js';
import {
  forEachChild,
  isArrayLiteralExpression,
  isBinaryExpression,
  isBindingElement,
  isCallExpression,
  isComputedPropertyName,
  isConstDeclaration,
  isDeleteExpression,
  isElementAccessExpression,
  isForOfStatement,
  isIdentifier,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isShorthandPropertyAssignment,
  isSpreadElement,
  isVariableDeclaration,
  isVariableDeclarationList,
  SyntaxKind,
} from '../../syntax/ts-nodes.js';
import type { Summaries } from '../summaries.js';
import { constInitializer } from './service-config.js';

/*
 * Options objects that a function of the program builds and returns (`new C(address, creds,
 * clientOptions(config))`), read key by key like a literal written in place: the literal the function
 * starts from and every key its own code writes to it before returning it.
 */

/** One key of an options object and the value given to it. */
export interface OptionEntry {
  readonly key: string;
  readonly value: ts.Expression;
}

/**
 * The entries of each object a call of a function of the program may return, when the code shows them all:
 * each returned value is an object literal, or a `const` of the function bound to one that the function
 * only reads, returns and writes keys of (`options.k = v`, or `options[k] = v` with `k` a string literal or
 * taken from a loop over a constant table of literal keys). Null when `options` is no such call (or a
 * `const` bound to one), `unknown` when it is one and some key or value cannot be known.
 */
export function builtOptionEntries(options: ts.Expression, summaries: Summaries): (readonly OptionEntry[])[] | 'unknown' | null {
  const { checker } = summaries;
  let at = skipValueWrappers(options);
  if (isIdentifier(at)) {
    const init = constInitializer(at, checker);
    if (!init) return null;
    at = skipValueWrappers(init);
  }
  if (!isCallExpression(at)) return null;
  const fn = summaries.namedCallee(at);
  if (!fn) return null;
  const returned = returnedValues(fn.body);
  if (!returned) return 'unknown';
  const objects: (readonly OptionEntry[])[] = [];
  try {
    for (const value of returned) {
      const entries = returnedObjectEntries(value, fn.body!, checker);
      if (!entries) return 'unknown';
      objects.push(entries);
    }
  } catch {
    return 'unknown';
  }
  return objects;
}

function returnedObjectEntries(value: ts.Expression, body: ts.Node, checker: ts.TypeChecker): OptionEntry[] | null {
  const at = skipValueWrappers(value);
  if (isObjectLiteralExpression(at)) return literalEntries(at);
  if (!isIdentifier(at)) return null;
  const declaration = getSymbolAtLocation(checker, at)?.declarations;
  const local = declaration?.length === 1 ? declaration[0]! : undefined;
  // A `const` of the function itself, bound to an object literal.
  if (!local || !isVariableDeclaration(local) || !isConstDeclaration(local) || !isIdentifier(local.name) || !local.initializer || !isInside(local, body)) return null;
  const literal = skipValueWrappers(local.initializer);
  if (!isObjectLiteralExpression(literal)) return null;
  const entries = literalEntries(literal);
  const written = entries ? keyWrites(local.name, body, checker) : null;
  return entries && written ? [...entries, ...written] : null;
}

/** Each `key: value` of a literal; null for a spread, a method, an accessor or a computed key. */
function literalEntries(literal: ts.ObjectLiteralExpression): OptionEntry[] | null {
  const entries: OptionEntry[] = [];
  for (const property of literal.properties) {
    const key = property.name && !isComputedPropertyName(property.name) ? memberName(property.name) : null;
    if (key === null || !(isPropertyAssignment(property) || isShorthandPropertyAssignment(property))) return null;
    entries.push({ key, value: isPropertyAssignment(property) ? property.initializer : property.name });
  }
  return entries;
}

/**
 * The keys a function's code writes to its object `name` (every place the name is written counts, a
 * shadowing binding of the same name too): null when it does anything else with it than read a key, write
 * one with `=`, or return it.
 */
function keyWrites(name: ts.Identifier, body: ts.Node, checker: ts.TypeChecker): OptionEntry[] | null {
  const entries: OptionEntry[] = [];
  let known = true;
  forEachUseByName(name, body, (use) => {
    const found = useOf(use, checker);
    if (found === null) known = false;
    else entries.push(...found);
    return !known;
  });
  return known ? entries : null;
}

/**
 * Calls `onUse` with every identifier under `root` spelled like `name` (not `name` itself, not a member
 * name or key spelled so), in source order, until it returns true.
 */
function forEachUseByName(name: ts.Identifier, root: ts.Node, onUse: (use: ts.Identifier) => boolean): void {
  let stopped = false;
  const visit = (node: ts.Node): void => {
    if (stopped) return;
    if (isIdentifier(node) && node !== name && node.text === name.text && !isOtherName(node)) {
      stopped = onUse(node);
      return;
    }
    forEachChild(node, visit);
  };
  visit(root);
}

/** A member name or a key spelled like the object's name (`x.options`, `{ options: … }`): no use of it. */
function isOtherName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (isPropertyAccessExpression(parent) && parent.name === node) || (isPropertyAssignment(parent) && parent.name === node);
}

/** What one use of the object does: nothing to it (a read, its `return`), writes keys, or null for anything else. */
function useOf(node: ts.Identifier, checker: ts.TypeChecker): OptionEntry[] | null {
  const parent = node.parent;
  if (isReturnStatement(parent)) return [];
  const access = (isPropertyAccessExpression(parent) || isElementAccessExpression(parent)) && parent.expression === node ? parent : null;
  if (!access) return null;
  const write = access.parent;
  if (!isBinaryExpression(write) || write.left !== access) {
    // A read of a key; a `delete` or `++` of one is no read.
    return isDeleteExpression(write) || isPrefixUnaryExpression(write) || isPostfixUnaryExpression(write) ? null : [];
  }
  if (write.operatorToken.kind !== SyntaxKind.EqualsToken) return isAssignmentOperator(write.operatorToken.kind) ? null : [];
  const keys = isPropertyAccessExpression(access) ? [access.name.text] : keysOf(access.argumentExpression, checker);
  return keys && keys.map((key) => ({ key, value: write.right }));
}

/**
 * The keys a computed key may be: a string literal, or a `const` of a `for … of` loop over a constant
 * table (`for (const key of ['a', 'b'])`, `for (const { grpcKey } of TABLE)` with each row a literal
 * whose `grpcKey` is a string literal). Null otherwise.
 */
function keysOf(key: ts.Expression, checker: ts.TypeChecker): string[] | null {
  const at = skipValueWrappers(key);
  const text = literalString(at);
  if (text !== null) return [text];
  if (!isIdentifier(at)) return null;
  const declarations = getSymbolAtLocation(checker, at)?.declarations;
  const declaration = declarations?.length === 1 ? declarations[0]! : undefined;
  if (!declaration) return null;
  let column: string | null = null;
  let variable: ts.Node = declaration;
  if (isBindingElement(declaration)) {
    const pattern = declaration.parent;
    if (declaration.dotDotDotToken || !isObjectBindingPattern(pattern) || !isIdentifier(declaration.name)) return null;
    column = declaration.propertyName ? memberName(declaration.propertyName) : declaration.name.text;
    if (column === null) return null;
    variable = pattern.parent;
  }
  const list = variable.parent;
  if (!isVariableDeclaration(variable) || !isConstDeclaration(variable) || !list || !isVariableDeclarationList(list) || !isForOfStatement(list.parent) || list.parent.initializer !== list) return null;
  const rows = tableRows(list.parent.expression, checker);
  if (!rows) return null;
  const keys: string[] = [];
  for (const row of rows) {
    const value = column === null ? row : isObjectLiteralExpression(row) ? literalValue(row, column) : null;
    const found = value && literalString(skipValueWrappers(value));
    if (found === null || found === undefined) return null;
    keys.push(found);
  }
  return keys;
}

/** The elements of an array literal written in place or bound to a `const`; null when one is spread. */
function tableRows(expression: ts.Expression, checker: ts.TypeChecker): ts.Expression[] | null {
  let at = skipValueWrappers(expression);
  if (isIdentifier(at)) {
    const init = constInitializer(at, checker);
    if (!init) return null;
    at = skipValueWrappers(init);
  }
  if (!isArrayLiteralExpression(at) || at.elements.some((element) => isSpreadElement(element))) return null;
  return [...at.elements];
}

/** A literal's value for a key it spells out once, with no spread; null otherwise. */
function literalValue(literal: ts.ObjectLiteralExpression, key: string): ts.Expression | null {
  const entries = literalEntries(literal);
  const found = entries?.filter((entry) => entry.key === key);
  return found?.length === 1 ? found[0]!.value : null;
}


const writtenLater = new WeakMap<ts.VariableDeclaration, boolean>();

/**
 * Whether code in the scope of a `const` object's declaration changes its keys after the literal
 * (`options.interceptors = […]`, `options[key] = v`, `delete options.k`, `Object.assign(options, …)`), in
 * any function of that scope: the literal then does not say what the object holds where it is used.
 * Found by name, so the writes of a shadowing binding count too (the answer is then only "unknown").
 */
export function keysWrittenLater(declaration: ts.VariableDeclaration): boolean {
  let found = writtenLater.get(declaration);
  if (found === undefined) writtenLater.set(declaration, (found = searchKeyWrites(declaration)));
  return found;
}

function searchKeyWrites(declaration: ts.VariableDeclaration): boolean {
  const name = declaration.name;
  const scope = declaration.parent.parent?.parent;
  if (!isIdentifier(name) || !scope) return false;
  let found = false;
  forEachUseByName(name, scope, (use) => (found = changesKeys(use)));
  return found;
}

/** `o.k = v`, `o[k] += v`, `delete o.k`, `o.k++`, `Object.assign(o, …)`, for a use `o` of the object. */
function changesKeys(use: ts.Identifier): boolean {
  const parent = use.parent;
  if ((isPropertyAccessExpression(parent) || isElementAccessExpression(parent)) && parent.expression === use) {
    const around = parent.parent;
    return isAssignmentTarget(parent) || isDeleteExpression(around) || isPrefixUnaryExpression(around) || isPostfixUnaryExpression(around);
  }
  if (!isCallExpression(parent) || parent.arguments[0] !== use || !isPropertyAccessExpression(parent.expression)) return false;
  const callee = parent.expression;
  return isIdentifier(callee.expression) && callee.expression.text === 'Object' && OBJECT_WRITERS.includes(callee.name.text);
}

const OBJECT_WRITERS = ['assign', 'defineProperty', 'defineProperties'];
