import type ts from 'typescript';

import { LOCKS, isCountingLockType, lockEntryOfType, type LockEntry } from '../../model/locks.js';
import { isOpaque } from '../../model/type-walk.js';
import { isPromiseStatic, literalString, ownFunctionOf, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { getExportSymbolOfSymbol, getRootSymbols, getSymbolAtLocation, getTypeAtLocation, hasSymbolFlag, resolveAlias } from '../../model/checker.js';
import { canHaveModifiers, getModifiers, isArrayBindingPattern, isArrayLiteralExpression, isArrowFunction, isAsExpression, isAwaitExpression, isBinaryExpression, isBindingElement, isCallExpression, isClassStaticBlockDeclaration, isConditionalExpression, isElementAccessExpression, isFunctionLike, isIdentifier, isModuleBlock, isNonNullExpression, isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression, isParameter, isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isSatisfiesExpression, isShorthandPropertyAssignment, isSourceFile, isStringLiteral, isTypeAssertionExpression, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Lock acquisitions on the TypeScript AST, shared by the held regions of a file
 * (`critical-sections.ts`) and the program-wide lock facts (`lock-facts.ts`), so that both speak
 * of the same lock in the same way.
 *
 * Identity (`LockRef`): the symbol of the lock expression plus the literal key/name. `this.mu` is
 * the field `mu` of the instance that `this` is in one function (`self`: the function or field
 * initialiser that provides `this`); `obj.mu` is the field of the variable `obj`; a module, closure
 * or static variable stands for itself. Parameters, calls, computed keys and other objects' fields
 * have no identity (null): two locks are never taken for the same one unless the code shows it.
 */
export interface LockRef {
  /** The variable or property symbol of the lock expression. */
  readonly symbol: ts.Symbol;
  /** The instance the property belongs to: the `this` provider or the variable's symbol; null for variables and statics. */
  readonly self: ts.Node | ts.Symbol | null;
  /**
   * The literal key (async-lock) or name (Web Locks); the literal keys of an async-lock key list
   * (`acquire(['a', 'b'], …)` holds both); null for locks without keys.
   */
  readonly key: string | readonly string[] | null;
}

/**
 * Whether two acquisitions take the same lock: the same lock object and a key in common (async-lock
 * takes each key of a list, so `acquire('b')` inside `acquire(['a', 'b'])` waits for itself).
 */
export function sameLock(a: LockRef, b: LockRef): boolean {
  return a.symbol === b.symbol && a.self === b.self && keysOverlap(a.key, b.key);
}

function keysOverlap(a: LockRef['key'], b: LockRef['key']): boolean {
  if (a === null || b === null) return a === b;
  const left = typeof a === 'string' ? [a] : a;
  return (typeof b === 'string' ? [b] : b).some((key) => left.includes(key));
}

export type AcquisitionShape = 'scoped' | 'acquire' | 'wait';

/** One call that takes (or waits for) a lock the model knows. */
export interface Acquisition {
  readonly call: ts.CallExpression;
  readonly entry: LockEntry;
  readonly shape: AcquisitionShape;
  readonly method: string;
  readonly lockExpression: ts.Expression;
  readonly lock: LockRef | null;
  /** Scoped: the argument that runs while the lock is held. */
  readonly callback: ts.Expression | null;
  /** False when it returns at once instead of waiting (`ifAvailable`, `steal`, or options the code does not show). */
  readonly waits: boolean;
  /** Options of this acquisition bound the wait or the hold (`timeout`, `signal`, …), or may (options not shown). */
  readonly bounded: boolean;
  /** Web Locks `mode: 'shared'` (true), exclusive (false), unknown (null). */
  readonly shared: boolean | null;
  /** A counting semaphore: more than one holder may be admitted. */
  readonly counting: boolean;
  /** For messages: `this.mu`, `this.lock` ("config"). */
  readonly label: string;
}

const LOCK_METHODS = new Set(LOCKS.flatMap((lock) => [...lock.scoped.map((s) => s.method), ...lock.acquire, ...lock.waits]));

/** The acquisition `call` is, or null. Cheap name filter first; the checker only for candidate names. */
export function acquisitionOf(call: ts.CallExpression, checker: ts.TypeChecker, program: ts.Program): Acquisition | null {
  const callee = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(callee) || !LOCK_METHODS.has(callee.name.text)) return null;
  const method = callee.name.text;
  const lockExpression = callee.expression;
  let type: ts.Type;
  try {
    type = getTypeAtLocation(checker, lockExpression);
  } catch {
    return null;
  }
  if (isOpaque(type)) return null;
  const entry = lockEntryOfType(type, checker, program);
  if (!entry) return null;
  const scoped = entry.scoped.find((s) => s.method === method);
  const shape: AcquisitionShape | null = scoped ? 'scoped' : entry.acquire.includes(method) ? 'acquire' : entry.waits.includes(method) ? 'wait' : null;
  if (!shape) return null;
  const args = call.arguments;
  const callbackIndex = scoped ? (scoped.callbackArgument < 0 ? args.length + scoped.callbackArgument : scoped.callbackArgument) : -1;
  const callback = callbackIndex >= 0 ? (args[callbackIndex] ?? null) : null;
  if (shape === 'scoped' && !callback) return null;

  let key: LockRef['key'] = null;
  let keyKnown = true;
  if (entry.keyArgument !== null) {
    const keyNode = args[entry.keyArgument];
    key = keyNode && keyNode !== callback ? (literalString(keyNode) ?? (entry.keyLists ? literalStrings(keyNode) : null)) : null;
    keyKnown = key !== null;
  }
  const options = optionsOf(call, entry, callbackIndex);
  const identity = keyKnown ? lockRefOf(lockExpression, checker) : null;
  const lock = identity ? { ...identity, key } : null;
  const text = lockExpression.getText();
  return {
    call,
    entry,
    shape,
    method,
    lockExpression,
    lock,
    callback,
    waits: options.waits,
    bounded: options.bounded,
    shared: options.shared,
    counting: isCountingLockType(type, checker, program),
    label: key === null ? `\`${text}\`` : `\`${text}\` (${JSON.stringify(key)})`,
  };
}

interface AcquisitionOptions {
  waits: boolean;
  bounded: boolean;
  shared: boolean | null;
}

/** Reads the options object literal(s) of an acquisition; options the code does not show count as bounding. */
function optionsOf(call: ts.CallExpression, entry: LockEntry, callbackIndex: number): AcquisitionOptions {
  const result: AcquisitionOptions = { waits: true, bounded: false, shared: false };
  call.arguments.forEach((argument, index) => {
    if (index === callbackIndex || index === entry.keyArgument) return;
    const at = skipTypeWrappers(argument);
    if (isObjectLiteralExpression(at)) {
      for (const property of at.properties) {
        if (!isPropertyAssignment(property) && !isShorthandPropertyAssignment(property)) {
          result.bounded = true; // a spread may carry a timeout
          continue;
        }
        const name = property.name && (isIdentifier(property.name) || isStringLiteral(property.name)) ? property.name.text : null;
        const value = isPropertyAssignment(property) ? skipTypeWrappers(property.initializer) : null;
        if (name === null) result.bounded = true;
        else if (entry.boundingOptions.includes(name)) result.bounded = true;
        else if (entry.nonWaitingOptions.includes(name)) {
          if (!value || value.kind !== SyntaxKind.FalseKeyword) result.waits = false;
        } else if (name === entry.modeOption) {
          const mode = value ? literalString(value) : null;
          result.shared = mode === 'shared' ? true : mode === 'exclusive' ? false : null;
        }
      }
    } else if (entry.boundingOptions.length > 0 || entry.nonWaitingOptions.length > 0) {
      // async-mutex takes numbers (weight, priority) here; the others take options we cannot read.
      if (!isNumberLike(at)) {
        result.bounded = true;
        result.waits = false;
        result.shared = null;
      }
    }
  });
  return result;
}

/** The identity of a lock expression, without key; null where the code does not show one lock. */
export function lockRefOf(expression: ts.Expression, checker: ts.TypeChecker): Omit<LockRef, 'key'> | null {
  const at = skipTypeWrappers(expression);
  try {
    if (isIdentifier(at)) {
      const symbol = variableSymbol(at, checker);
      return symbol ? { symbol, self: null } : null;
    }
    const member = memberParts(at);
    if (!member) return null;
    const found = getSymbolAtLocation(checker, member.name);
    // An inherited member seen through a subclass's `this` is an instantiated copy: use its root.
    const roots = found ? getRootSymbols(checker, found) : [];
    const symbol = roots.length === 1 ? roots[0] : found;
    // A getter may return a different lock each time (`get lock() { return this.locks.get(k) }`): unknown.
    if (!symbol || !hasSymbolFlag(symbol, 'Property')) return null;
    if (isStatic(symbol)) return { symbol, self: null };
    const object = skipTypeWrappers(member.object);
    if (object.kind === SyntaxKind.ThisKeyword) {
      const self = thisProviderOf(object);
      return self ? { symbol, self } : null;
    }
    if (isIdentifier(object)) {
      const owner = variableSymbol(object, checker);
      return owner ? { symbol, self: owner } : null;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * The function-like node (or field initialiser, static block) whose `this` a `this` at `node` is:
 * arrow functions pass `this` through. Null at module level.
 */
export function thisProviderOf(node: ts.Node): ts.Node | null {
  for (let at = node.parent as ts.Node | undefined; at; at = at.parent) {
    if (isArrowFunction(at)) continue;
    if (isFunctionLike(at) || isPropertyDeclaration(at) || isClassStaticBlockDeclaration(at)) return at;
    if (isSourceFile(at) || isModuleBlock(at)) return null;
  }
  return null;
}

/** A variable that is not a parameter, through imports; the export symbol, so every file sees the same. */
function variableSymbol(id: ts.Identifier, checker: ts.TypeChecker): ts.Symbol | null {
  let symbol = getSymbolAtLocation(checker, id);
  if (!symbol) return null;
  symbol = resolveAlias(checker, symbol);
  symbol = getExportSymbolOfSymbol(checker, symbol);
  if (!hasSymbolFlag(symbol, 'Variable')) return null;
  const declarations = symbol.declarations ?? [];
  if (declarations.length === 0 || declarations.some((d) => isParameter(d) || (isBindingElement(d) && isParameterBinding(d)))) return null;
  return symbol;
}

function isParameterBinding(element: ts.BindingElement): boolean {
  let at: ts.Node = element;
  while (isBindingElement(at) || isObjectBindingPattern(at) || isArrayBindingPattern(at)) at = at.parent;
  return isParameter(at);
}

function memberParts(node: ts.Expression): { object: ts.Expression; name: ts.Node } | null {
  if (isPropertyAccessExpression(node)) return { object: node.expression, name: node.name };
  if (isElementAccessExpression(node) && literalString(node.argumentExpression) !== null) return { object: node.expression, name: node.argumentExpression };
  return null;
}

function isStatic(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => canHaveModifiers(d) && (getModifiers(d) ?? []).some((m) => m.kind === SyntaxKind.StaticKeyword));
}

/** `['a', 'b']`: every element a literal string (at least one); null otherwise. */
function literalStrings(node: ts.Expression): readonly string[] | null {
  const at = skipTypeWrappers(node);
  if (!isArrayLiteralExpression(at) || at.elements.length === 0) return null;
  const keys = at.elements.map((element) => literalString(element));
  return keys.every((key) => key !== null) ? keys : null;
}

function isNumberLike(node: ts.Expression): boolean {
  return isNumericLiteral(node) || (isPrefixUnaryExpression(node) && isNumericLiteral(node.operand));
}

/**
 * How the function whose own code holds `expression` waits for its value: `await`ed, or
 * returned (the caller, or a scoped lock holding the callback, waits for it). Climbs through
 * wrappers that pass the promise on: `a ?? p`, `c ? p : q`, `p.then(…)`/`.catch`/`.finally`,
 * `Promise.all([p])`/`allSettled`. Null when nothing waits for it (`void p`, an un-awaited call,
 * a `Promise.race` that a timer may win, a value stored for later).
 */
export function waitedBy(expression: ts.Expression): { how: 'await' | 'return'; fn: ts.SignatureDeclaration | null } | null {
  let at: ts.Node = expression;
  for (let parent = at.parent; parent; at = parent, parent = parent.parent) {
    if (isParenthesizedExpression(parent) || isAsExpression(parent) || isNonNullExpression(parent) || isSatisfiesExpression(parent) || isTypeAssertionExpression(parent)) continue;
    if (isConditionalExpression(parent) && parent.condition !== at) continue;
    if (isBinaryExpression(parent) && ([SyntaxKind.QuestionQuestionToken, SyntaxKind.BarBarToken, SyntaxKind.AmpersandAmpersandToken] as readonly ts.SyntaxKind[]).includes(parent.operatorToken.kind)) continue;
    if (isPropertyAccessExpression(parent) && parent.expression === at && ['then', 'catch', 'finally'].includes(parent.name.text) && parent.parent && isCallExpression(parent.parent) && parent.parent.expression === parent) {
      at = parent;
      parent = parent.parent;
      continue;
    }
    if (isArrayLiteralExpression(parent) && parent.parent && isCallExpression(parent.parent) && isPromiseStatic(parent.parent, ['all', 'allSettled']) && parent.parent.arguments[0] === parent) {
      at = parent;
      parent = parent.parent;
      continue;
    }
    if (isAwaitExpression(parent)) return { how: 'await', fn: ownFunctionOf(parent) };
    if (isReturnStatement(parent)) return { how: 'return', fn: ownFunctionOf(parent) };
    if (isArrowFunction(parent) && parent.body === at) return { how: 'return', fn: parent };
    return null;
  }
  return null;
}

