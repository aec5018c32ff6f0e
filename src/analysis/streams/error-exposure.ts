import type ts from 'typescript';

import { ERROR_EVENT, FINAL_EVENTS, type ErrorStreamKind } from '../../model/stream-errors.js';
import type { Summaries } from '../summaries.js';
import { LISTEN_METHODS } from '../../model/events.js';
import { isFunctionWithBody, isPromiseStatic, literalString, returningFunctionOf } from '../../syntax/ts-ast.js';
import { errorUsesOf, type ErrorUse } from './error-handling.js';
import { findAncestor, forEachChild, isAwaitExpression, isCallExpression, isClassLike, isForOfStatement, isIdentifier, isIterationStatement, isLiteralExpression, isNewExpression, isParenthesizedExpression, isPropertyAccessExpression, isPropertyDeclaration, isSourceFile, isYieldExpression, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Whether an error of a grpc-js client stream can arrive while no listener takes it — which kills
 * the process (RPC-FACTS.md §7.1) — from the uses `error-handling.ts` finds and where they stand
 * relative to the creation:
 * - an error never arrives synchronously: a listener attached in the creating function's own code
 *   (or in code that runs right away: an IIFE, a `new Promise` executor, an array callback) before
 *   its first `await` or `yield` is in time;
 * - one attached after such an `await`, or only inside a callback (the `'data'` listener, a timer), is late;
 * - so is one attached only in a function the creating function returns, alone or in an object (a
 *   `close()`, an `[Symbol.asyncIterator]()` of a wrapper): it runs when the caller gets to it, and
 *   the caller cannot reach the stream to listen itself;
 * - one attached elsewhere (another method of the class, a nested function the code calls) may be in
 *   time: not known, so quiet;
 * - `removeAllListeners()` before `cancel()` takes the listener away just before the error;
 * - a client-streaming call hands its errors to the response callback; only a `write()` after
 *   `end()` is emitted as `'error'`.
 * Anything handed off is someone else's to guard: quiet.
 */
export type ErrorExposure =
  | { readonly kind: 'unguarded'; readonly use: EventUse }
  | { readonly kind: 'late'; readonly guard: ErrorUse; readonly after: Late }
  | { readonly kind: 'removedBeforeCancel'; readonly removal: ErrorUse & { kind: 'remove' }; readonly cancel: ts.Node }
  | { readonly kind: 'writeAfterEnd'; readonly end: ts.Node; readonly write: ts.Node };

type EventUse = ErrorUse & { kind: 'event' | 'once' };

/**
 * Why a listener comes too late: an `await`, `yield` or `for await` before it (`keyword`), or the
 * callback it sits in (`registration`: the call that takes the callback; `event` when it is a listener).
 */
export type Late =
  | { readonly kind: 'await'; readonly node: ts.Node; readonly keyword: string }
  | { readonly kind: 'callback'; readonly registration: ts.CallExpression; readonly method: string | null; readonly event: string | null }
  | { readonly kind: 'returned'; readonly fn: ts.FunctionLikeDeclaration };

type Placement =
  | { readonly kind: 'own' }
  | { readonly kind: 'callback'; readonly registration: ts.CallExpression }
  | { readonly kind: 'returned'; readonly fn: ts.FunctionLikeDeclaration }
  | { readonly kind: 'elsewhere' };

/** Array methods that run their callback before they return. */
const SYNC_CALLBACK_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'reduce', 'reduceRight']);

/** Which event use tells the reader most about the crash, first first. */
const TELLING: readonly string[] = ['pipe', 'once', 'listener:data', 'cancel', 'listener', 'callee', 'write', 'end', 'resume', 'read'];

export function errorExposureOf(creation: ts.Expression, kind: ErrorStreamKind, summaries: Summaries): ErrorExposure | null {
  const uses = errorUsesOf(creation, summaries);
  if (uses.some((u) => u.kind === 'handOff')) return null;
  const home = homeOf(creation);
  const guards = uses.filter((u) => u.kind === 'guard');
  if (!kind.errorsToCallback) {
    const removed = removedBeforeCancel(uses);
    if (removed) return removed;
  }
  const gaps = gapsOf(home, uses);
  let late: { guard: ErrorUse; after: Late } | null = null;
  for (const guard of guards) {
    const placement = placementOf(guard.node, home);
    if (placement.kind === 'elsewhere') return null;
    if (placement.kind === 'callback') {
      late ??= { guard, after: callbackLate(placement.registration) };
      continue;
    }
    if (placement.kind === 'returned') {
      late ??= { guard, after: { kind: 'returned', fn: placement.fn } };
      continue;
    }
    const gap = gapBefore(guard.node, creation, gaps);
    if (!gap) return null; // in time
    if (!late || late.after.kind === 'callback') late = { guard, after: { kind: 'await', node: gap, keyword: keywordOf(gap) } };
  }
  if (kind.errorsToCallback) {
    if (guards.length > 0) return null;
    return writeAfterEnd(uses);
  }
  if (late) return { kind: 'late', ...late };
  const events = uses.filter((u): u is EventUse => u.kind === 'event' || u.kind === 'once');
  if (events.length === 0) return null;
  // A bidi call written after `end()` crashes even before the server answers: the more telling path.
  return writeAfterEnd(uses) ?? { kind: 'unguarded', use: mostTelling(events) };
}

/** The function (or file, or class for a field initialiser) whose code the creation is part of. */
function homeOf(creation: ts.Node): ts.Node {
  return findAncestor(creation.parent, (n) => isFunctionWithBody(n) || isSourceFile(n) || isPropertyDeclaration(n)) ?? creation.getSourceFile();
}

/** Where `node` runs relative to `home`'s own code. */
function placementOf(node: ts.Node, home: ts.Node): Placement {
  let placement: Placement = { kind: 'own' };
  for (let at = node.parent as ts.Node | undefined; at; at = at.parent) {
    if (at === home) return placement;
    if (!isFunctionWithBody(at)) continue;
    const how = nestedKind(at);
    if (how === 'other') {
      // A function the creating function returns (or returns in an object) runs only when its
      // caller gets to it: after the creating function, however long the caller waits.
      if (returningFunctionOf(at) !== home) return { kind: 'elsewhere' };
      placement = { kind: 'returned', fn: at };
      continue;
    }
    if (how !== 'sync' && placement.kind === 'own') placement = { kind: 'callback', registration: how };
  }
  return { kind: 'elsewhere' };
}

/** How a nested function runs: right away (`sync`), later as a callback of a call, or when someone calls it (`other`). */
function nestedKind(fn: ts.FunctionLikeDeclaration): 'sync' | 'other' | ts.CallExpression {
  let at: ts.Node = fn;
  while (isParenthesizedExpression(at.parent)) at = at.parent;
  const parent = at.parent;
  if (isCallExpression(parent) && parent.expression === at) return 'sync'; // an IIFE
  if (isNewExpression(parent) && parent.arguments?.[0] === at && isIdentifier(parent.expression) && parent.expression.text === 'Promise') return 'sync';
  if (isCallExpression(parent) && parent.arguments.includes(at as ts.Expression)) {
    const callee = parent.expression;
    if (isPropertyAccessExpression(callee) && SYNC_CALLBACK_METHODS.has(callee.name.text)) return 'sync';
    return parent;
  }
  return 'other';
}

interface Gap {
  readonly node: ts.Node;
  /** The function whose run the gap suspends. */
  readonly owner: ts.Node;
}

/**
 * The `await`s, `yield`s and `for await` loops in `home` and its nested functions, except those that
 * wait on the stream itself (`await once(call, …)`, `for await (… of call)`): errors arrive there.
 */
function gapsOf(home: ts.Node, uses: readonly ErrorUse[]): Gap[] {
  const waits = uses.filter((u) => u.kind === 'guard' || u.kind === 'once').map((u) => u.node);
  const onStream = (node: ts.Node): boolean => waits.some((w) => w === node || (w.pos >= node.pos && w.end <= node.end));
  const gaps: Gap[] = [];
  const visit = (node: ts.Node, owner: ts.Node): void => {
    if (isClassLike(node) && node !== home) return;
    const own = isFunctionWithBody(node) && node !== home ? node : owner;
    if (isAwaitExpression(node) || isYieldExpression(node)) {
      if (!onStream(node) && !microtaskOnly(node)) gaps.push({ node, owner });
    } else if (isForOfStatement(node) && node.awaitModifier && !onStream(node)) {
      gaps.push({ node, owner });
    }
    forEachChild(node, (child) => visit(child, own));
  };
  visit(home, home);
  return gaps;
}

/**
 * `await Promise.resolve(…)`, `await <literal>`: resumes in the same turn of the event loop, before
 * any I/O, so no error of the call can arrive there (RPC-FACTS §7.1).
 */
function microtaskOnly(node: ts.AwaitExpression | ts.YieldExpression): boolean {
  if (!isAwaitExpression(node)) return false;
  const value = node.expression;
  if (isLiteralExpression(value) || value.kind === SyntaxKind.NullKeyword || value.kind === SyntaxKind.TrueKeyword || value.kind === SyntaxKind.FalseKeyword) return true;
  if (isIdentifier(value) && value.text === 'undefined') return true;
  return isCallExpression(value) && isPromiseStatic(value, ['resolve']);
}

/**
 * The first gap between the creation and `node` that suspends a function `node` runs in (home, or
 * a function between home and `node`): an error can arrive there before `node` runs.
 */
function gapBefore(node: ts.Node, creation: ts.Node, gaps: readonly Gap[]): ts.Node | null {
  const chain = new Set<ts.Node>();
  for (let at = node.parent as ts.Node | undefined; at; at = at.parent) {
    if (isFunctionWithBody(at) || isSourceFile(at) || isPropertyDeclaration(at)) chain.add(at);
  }
  const start = node.getStart();
  for (const gap of gaps) {
    // A function suspends once the operand is evaluated (`await f(call.on('error', …))` is in time).
    const position = isForOfStatement(gap.node) ? gap.node.expression.end : gap.node.end;
    if (chain.has(gap.owner) && position > creation.end && position <= start) return gap.node;
  }
  return null;
}

/**
 * `call.removeAllListeners()` then `call.cancel()` in one function, with no `'error'` listener
 * attached after the removal. Not in a listener of the call's `'end'`, `'close'`, `'status'` or
 * `'error'`: the call has its status then, and a `cancel()` emits nothing.
 */
function removedBeforeCancel(uses: readonly ErrorUse[]): ErrorExposure | null {
  for (const removal of uses) {
    if (removal.kind !== 'remove') continue;
    const fn = functionOf(removal.node);
    if (fn && isFunctionWithBody(fn) && afterTheEnd(fn, uses)) continue;
    const reattached = uses.some((u) => u.kind === 'guard' && functionOf(u.node) === fn && u.node.pos > removal.node.pos);
    if (reattached) continue;
    const cancel = uses.find((u) => u.kind === 'event' && u.how.method === 'cancel' && functionOf(u.node) === fn && u.node.pos > removal.node.pos);
    if (cancel) return { kind: 'removedBeforeCancel', removal, cancel: cancel.node };
  }
  return null;
}

/** Whether `fn` is a listener of the stream's `'end'`, `'close'`, `'status'`, `'finish'` or `'error'`. */
function afterTheEnd(fn: ts.FunctionLikeDeclaration, uses: readonly ErrorUse[]): boolean {
  const registration = nestedKind(fn);
  if (typeof registration === 'string') return false;
  return uses.some(
    (u) =>
      u.node === registration &&
      ((u.kind === 'guard' && literalString(registration.arguments[0] ?? registration) === ERROR_EVENT) ||
        (u.kind === 'event' && u.how.method === 'listener' && FINAL_EVENTS.has(u.how.event))),
  );
}

/** `call.end()` then `call.write(…)` later in the same function, not both inside one loop. */
function writeAfterEnd(uses: readonly ErrorUse[]): ErrorExposure | null {
  for (const end of uses) {
    if (end.kind !== 'event' || end.how.method !== 'end') continue;
    const fn = functionOf(end.node);
    for (const write of uses) {
      if (write.kind !== 'event' || write.how.method !== 'write' || functionOf(write.node) !== fn || write.node.pos <= end.node.end) continue;
      if (!inOneLoop(end.node, write.node, fn)) return { kind: 'writeAfterEnd', end: end.node, write: write.node };
    }
  }
  return null;
}

function inOneLoop(a: ts.Node, b: ts.Node, fn: ts.Node | undefined): boolean {
  for (let at = a.parent as ts.Node | undefined; at && at !== fn; at = at.parent) {
    if (isIterationStatement(at, false) && b.pos >= at.pos && b.end <= at.end) return true;
  }
  return false;
}

function functionOf(node: ts.Node): ts.Node | undefined {
  return findAncestor(node.parent, (n) => isFunctionWithBody(n) || isSourceFile(n));
}

function keywordOf(gap: ts.Node): string {
  return isYieldExpression(gap) ? 'yield' : isForOfStatement(gap) ? 'for await' : 'await';
}

function callbackLate(registration: ts.CallExpression): Late {
  const callee = registration.expression;
  const method = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : null;
  const first = registration.arguments[0];
  const event = method !== null && LISTEN_METHODS.has(method) && first ? literalString(first) : null;
  return { kind: 'callback', registration, method, event };
}

function mostTelling(events: readonly EventUse[]): EventUse {
  const rank = (use: EventUse): number => {
    const key = use.kind === 'once' ? 'once' : use.how.method === 'listener' ? (use.how.event === 'data' ? 'listener:data' : 'listener') : use.how.method;
    return TELLING.indexOf(key);
  };
  return [...events].sort((a, b) => rank(a) - rank(b) || a.node.pos - b.node.pos)[0]!;
}
