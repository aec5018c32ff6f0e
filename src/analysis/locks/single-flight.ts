import type ts from 'typescript';

import type { LockRef } from './lock-acquisitions.js';
import { waitedBy } from './lock-acquisitions.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { forEachOwnNode, skipTypeWrappers, thisClassOf } from '../../syntax/ts-ast.js';
import { getExportSymbolOfSymbol, getNonNullableType, getRootSymbols, getSymbolAtLocation, getTypeAtLocation, hasSymbolFlag, hasTypeFlag, resolveAlias } from '../../model/checker.js';
import { findAncestor, isArrowFunction, isBinaryExpression, isCallExpression, isConditionalExpression, isConstDeclaration, isExpression, isFunctionExpression, isFunctionLike, isIdentifier, isIfStatement, isNonNullExpression, isParenthesizedExpression, isPropertyAccessExpression, isVariableDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Hand-rolled single-flight guards, on the TypeScript AST: a function that joins the work in flight
 * when there is some, and otherwise starts it and keeps its promise where later callers find it —
 * how SDKs write reconnects and token refreshes:
 *
 *   if (this.reconnecting) { await this.reconnectPromise; return; }
 *   this.reconnecting = true;
 *   this.reconnectPromise = (async () => { …; await this.call(); })();
 *   await this.reconnectPromise;
 *
 *   if (this.refreshing) return this.refreshing;
 *   this.refreshing = this.refresh().finally(() => { this.refreshing = null; });
 *   return this.refreshing;
 *
 * The guard (the field or outer variable that keeps the promise) is a lock: the function acquires
 * it — waits for it when it is set —, the flight holds it until its promise settles. A flight that
 * calls back into the function waits for its own promise: it never settles.
 *
 * Recognised in a function's own code: a write of a promise (by its type) to the guard (`=`, `??=`, `||=`) whose
 * value is a flight (an async IIFE or a call of `this.m(…)` / `f(…)`, also with
 * `.then`/`.catch`/`.finally` chained on, or through a `const`), and a read of the same guard that
 * the function's completion waits for (`await`ed or returned); the write or the read must be
 * conditional (an `if`, `?:`, `??`, `||`, `&&`, `??=`, `||=`), or every call would start its own
 * flight. The guard's identity: a `this` field is the field of an instance of the class (`self` is
 * the class declaration), a module or closure variable is itself; locals and parameters are none.
 */
export interface SingleFlight {
  /** The write that stores the flight: `this.reconnectPromise = (async () => …)()`. */
  readonly write: ts.BinaryExpression;
  /** The guard where the flight is stored: `this.reconnectPromise`. */
  readonly guard: ts.Expression;
  readonly lock: LockRef;
  /** For messages: `` `this.reconnectPromise` ``. */
  readonly label: string;
  /** The call that starts the flight: the IIFE call, `this.refresh()`. */
  readonly start: ts.CallExpression;
  /** The function whose body is the flight, when the code shows it. */
  readonly flight: SummarizedFunction | null;
}

export const singleFlights: SummaryFact<readonly SingleFlight[]> = {
  name: 'single-flights',
  unknown: [],
  recursive: [],
  compute: (fn, summaries) => findSingleFlights(fn, summaries),
};

/** The single-flight guards `fn` joins or starts (see the module comment), cached per program. */
export function singleFlightsOf(fn: SummarizedFunction, summaries: Summaries): readonly SingleFlight[] {
  return summaries.get(singleFlights, fn);
}

const ASSIGNMENTS = new Set<ts.SyntaxKind>([SyntaxKind.EqualsToken, SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.BarBarEqualsToken]);
const SETTLING = new Set(['then', 'catch', 'finally']);

function findSingleFlights(fn: SummarizedFunction, summaries: Summaries): SingleFlight[] {
  if (!fn.body) return [];
  const writes: ts.BinaryExpression[] = [];
  forEachOwnNode(fn, (node) => {
    if (isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind) && targetName(node.left) !== null) writes.push(node);
  });
  if (writes.length === 0) return []; // cheap syntactic filter before the checker
  // Reads of the written names only, by name (no text of every node).
  const names = new Set(writes.map((write) => targetName(write.left)!));
  const reads: ts.Expression[] = [];
  forEachOwnNode(fn, (node) => {
    const name = isPropertyAccessExpression(node) || isIdentifier(node) ? targetName(node) : null;
    if (name !== null && names.has(name) && !isWrite(node)) reads.push(node as ts.Expression);
  });
  const found: SingleFlight[] = [];
  for (const write of writes) {
    const target = skipTypeWrappers(write.left);
    const name = targetName(target)!;
    const text = target.getText();
    const logical = write.operatorToken.kind !== SyntaxKind.EqualsToken;
    // The join: a read of the guard (or the `??=` itself) that the function's completion waits for.
    const joins = [...reads.filter((read) => targetName(read) === name), ...(logical ? [write] : [])].filter((read) => waitedBy(read)?.fn === fn);
    if (joins.length === 0) continue;
    if (!logical && !isConditional(write, fn) && !joins.some((join) => isConditional(join, fn))) continue;
    const start = flightStart(write.right, fn, summaries.checker);
    if (!start || !isPromise(write.right, summaries.checker)) continue; // a cached value is no flight
    const lock = guardRef(target, fn, summaries.checker);
    if (!lock) continue;
    found.push({ write, guard: target, lock, label: `\`${text}\``, start, flight: flightFunction(start, summaries) });
  }
  return found;
}

/** Whether the stored value is a promise (a thenable, by its type): memoising a plain value waits for nothing. */
function isPromise(value: ts.Expression, checker: ts.TypeChecker): boolean {
  try {
    const type = getNonNullableType(checker, getTypeAtLocation(checker, value));
    const parts = type.isUnion() ? type.types : [type];
    return parts.length > 0 && parts.every((part) => !hasTypeFlag(part, 'Any', 'Unknown') && part.getProperty('then') !== undefined);
  } catch {
    return false;
  }
}

/** `this.x`, `this.#x` or a plain identifier, where a guard can live: `this.x`, `this.#x`, `x`; null for anything else. */
function targetName(node: ts.Node): string | null {
  const at = isExpression(node) ? skipTypeWrappers(node) : node;
  if (isIdentifier(at)) return isPropertyAccessExpression(at.parent) && at.parent.expression !== at ? null : at.text;
  return isPropertyAccessExpression(at) && at.expression.kind === SyntaxKind.ThisKeyword ? `this.${at.name.text}` : null;
}

function isWrite(node: ts.Node): boolean {
  let at = node;
  while (isParenthesizedExpression(at.parent) || isNonNullExpression(at.parent)) at = at.parent;
  return isBinaryExpression(at.parent) && at.parent.left === at && ASSIGNMENTS.has(at.parent.operatorToken.kind);
}

/** Whether `node` runs only on some calls of `fn`: inside a branch of an `if`, `?:`, or the right of `??`/`||`/`&&`. */
function isConditional(node: ts.Node, fn: ts.Node): boolean {
  let child = node;
  for (let at = node.parent; at && at !== fn; child = at, at = at.parent) {
    if (isIfStatement(at) && at.expression !== child) return true;
    if (isConditionalExpression(at) && at.condition !== child) return true;
    if (isBinaryExpression(at) && at.right === child) {
      const kind = at.operatorToken.kind;
      if (kind === SyntaxKind.QuestionQuestionToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.AmpersandAmpersandToken) return true;
    }
  }
  return false;
}

/**
 * The call that starts the flight stored by a write: an async IIFE or a call of `this.m(…)` /
 * `f(…)`, looking through `.then`/`.catch`/`.finally` chained on it and a `const` of `fn` that holds it.
 */
function flightStart(value: ts.Expression, fn: SummarizedFunction, checker: ts.TypeChecker, depth = 0): ts.CallExpression | null {
  let at = skipTypeWrappers(value);
  while (isCallExpression(at) && isPropertyAccessExpression(at.expression) && SETTLING.has(at.expression.name.text)) at = skipTypeWrappers(at.expression.expression);
  if (isIdentifier(at) && depth === 0) {
    const declaration = getSymbolAtLocation(checker, at)?.valueDeclaration;
    const local = declaration && isVariableDeclaration(declaration) && declaration.initializer && isConstDeclaration(declaration);
    return local && findAncestor(declaration, isFunctionLike) === fn ? flightStart(declaration.initializer, fn, checker, depth + 1) : null;
  }
  if (!isCallExpression(at)) return null;
  const callee = skipTypeWrappers(at.expression);
  if (isArrowFunction(callee) || isFunctionExpression(callee)) return at;
  if (isIdentifier(callee)) return at;
  return isPropertyAccessExpression(callee) && callee.expression.kind === SyntaxKind.ThisKeyword ? at : null;
}

/** The function the flight runs: the IIFE itself, or the function or method the start call names. */
function flightFunction(start: ts.CallExpression, summaries: Summaries): SummarizedFunction | null {
  const callee = skipTypeWrappers(start.expression);
  if (isArrowFunction(callee) || isFunctionExpression(callee)) return callee;
  return summaries.namedCallee(start);
}

/** The identity of a guard: a field of an instance of the class, or a variable declared outside `fn`. */
function guardRef(target: ts.Expression, fn: SummarizedFunction, checker: ts.TypeChecker): LockRef | null {
  try {
    if (isIdentifier(target)) {
      let symbol = getSymbolAtLocation(checker, target);
      symbol = resolveAlias(checker, symbol);
      const declaration = symbol?.valueDeclaration;
      if (!symbol || !declaration || !isVariableDeclaration(declaration)) return null;
      // A variable of the function itself is new on every call: no guard.
      if (findAncestor(declaration, (n) => n === fn)) return null;
      return { symbol: getExportSymbolOfSymbol(checker, symbol), self: null, key: null };
    }
    if (!isPropertyAccessExpression(target)) return null;
    const found = getSymbolAtLocation(checker, target.name);
    const roots = found ? getRootSymbols(checker, found) : [];
    const symbol = roots.length === 1 ? roots[0] : found;
    const cls = thisClassOf(target);
    if (!symbol || !hasSymbolFlag(symbol, 'Property') || !cls) return null;
    return { symbol, self: cls, key: null };
  } catch {
    return null;
  }
}
