import ts from 'typescript';

import type { LockRef } from './lock-acquisitions.js';
import { waitedBy } from './lock-acquisitions.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { forEachOwnNode, skipTypeWrappers, thisClassOf } from '../../syntax/ts-ast.js';

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

const ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);
const SETTLING = new Set(['then', 'catch', 'finally']);

function findSingleFlights(fn: SummarizedFunction, summaries: Summaries): SingleFlight[] {
  if (!fn.body) return [];
  const writes: ts.BinaryExpression[] = [];
  forEachOwnNode(fn, (node) => {
    if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind) && targetName(node.left) !== null) writes.push(node);
  });
  if (writes.length === 0) return []; // cheap syntactic filter before the checker
  // Reads of the written names only, by name (no text of every node).
  const names = new Set(writes.map((write) => targetName(write.left)!));
  const reads: ts.Expression[] = [];
  forEachOwnNode(fn, (node) => {
    const name = ts.isPropertyAccessExpression(node) || ts.isIdentifier(node) ? targetName(node) : null;
    if (name !== null && names.has(name) && !isWrite(node)) reads.push(node as ts.Expression);
  });
  const found: SingleFlight[] = [];
  for (const write of writes) {
    const target = skipTypeWrappers(write.left);
    const name = targetName(target)!;
    const text = target.getText();
    const logical = write.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
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
    const type = checker.getNonNullableType(checker.getTypeAtLocation(value));
    const parts = type.isUnion() ? type.types : [type];
    return parts.length > 0 && parts.every((part) => !(part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && part.getProperty('then') !== undefined);
  } catch {
    return false;
  }
}

/** `this.x`, `this.#x` or a plain identifier, where a guard can live: `this.x`, `this.#x`, `x`; null for anything else. */
function targetName(node: ts.Node): string | null {
  const at = ts.isExpression(node) ? skipTypeWrappers(node) : node;
  if (ts.isIdentifier(at)) return ts.isPropertyAccessExpression(at.parent) && at.parent.expression !== at ? null : at.text;
  return ts.isPropertyAccessExpression(at) && at.expression.kind === ts.SyntaxKind.ThisKeyword ? `this.${at.name.text}` : null;
}

function isWrite(node: ts.Node): boolean {
  let at = node;
  while (ts.isParenthesizedExpression(at.parent) || ts.isNonNullExpression(at.parent)) at = at.parent;
  return ts.isBinaryExpression(at.parent) && at.parent.left === at && ASSIGNMENTS.has(at.parent.operatorToken.kind);
}

/** Whether `node` runs only on some calls of `fn`: inside a branch of an `if`, `?:`, or the right of `??`/`||`/`&&`. */
function isConditional(node: ts.Node, fn: ts.Node): boolean {
  let child = node;
  for (let at = node.parent; at && at !== fn; child = at, at = at.parent) {
    if (ts.isIfStatement(at) && at.expression !== child) return true;
    if (ts.isConditionalExpression(at) && at.condition !== child) return true;
    if (ts.isBinaryExpression(at) && at.right === child) {
      const kind = at.operatorToken.kind;
      if (kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.AmpersandAmpersandToken) return true;
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
  while (ts.isCallExpression(at) && ts.isPropertyAccessExpression(at.expression) && SETTLING.has(at.expression.name.text)) at = skipTypeWrappers(at.expression.expression);
  if (ts.isIdentifier(at) && depth === 0) {
    const declaration = checker.getSymbolAtLocation(at)?.valueDeclaration;
    const local = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const;
    return local && ts.findAncestor(declaration, ts.isFunctionLike) === fn ? flightStart(declaration.initializer, fn, checker, depth + 1) : null;
  }
  if (!ts.isCallExpression(at)) return null;
  const callee = skipTypeWrappers(at.expression);
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return at;
  if (ts.isIdentifier(callee)) return at;
  return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword ? at : null;
}

/** The function the flight runs: the IIFE itself, or the function or method the start call names. */
function flightFunction(start: ts.CallExpression, summaries: Summaries): SummarizedFunction | null {
  const callee = skipTypeWrappers(start.expression);
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return callee;
  return summaries.namedCallee(start);
}

/** The identity of a guard: a field of an instance of the class, or a variable declared outside `fn`. */
function guardRef(target: ts.Expression, fn: SummarizedFunction, checker: ts.TypeChecker): LockRef | null {
  try {
    if (ts.isIdentifier(target)) {
      let symbol = checker.getSymbolAtLocation(target);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.valueDeclaration;
      if (!symbol || !declaration || !ts.isVariableDeclaration(declaration)) return null;
      // A variable of the function itself is new on every call: no guard.
      if (ts.findAncestor(declaration, (n) => n === fn)) return null;
      return { symbol: checker.getExportSymbolOfSymbol(symbol), self: null, key: null };
    }
    if (!ts.isPropertyAccessExpression(target)) return null;
    const found = checker.getSymbolAtLocation(target.name);
    const roots = found ? checker.getRootSymbols(found) : [];
    const symbol = roots.length === 1 ? roots[0] : found;
    const cls = thisClassOf(target);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Property) || !cls) return null;
    return { symbol, self: cls, key: null };
  } catch {
    return null;
  }
}
