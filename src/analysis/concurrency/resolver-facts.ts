import type ts from 'typescript';

import { acquisitionOf } from '../locks/lock-acquisitions.js';
import { acquisitionStep, locksAcquiredBy } from '../locks/lock-facts.js';
import { type Summaries, type SummarizedFunction, type SummaryFact } from '../summaries.js';
import { forEachOwnNode, isAssignmentOperator } from '../../syntax/ts-ast.js';
import { getResolvedSignature } from '../../model/checker.js';
import { forEachChild, isAwaitExpression, isBinaryExpression, isBreakStatement, isCallExpression, isClassLike, isDeleteExpression, isDoStatement, isForOfStatement, isFunctionLike, isIdentifier, isNewExpression, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isReturnStatement, isThrowStatement, isWhileStatement, isYieldExpression, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * What a synchronous call of a function leaves waiting or blocks on, for code that must return
 * at once and only signal (a grpc-js resolver's or load balancer's `destroy()`). Computed on the
 * TypeScript AST, so helpers in other files count, through the summary framework.
 *
 * - waits: an `await` / `for await` (the rest of the function runs later), a `.then`/`.finally`
 *   callback chained on in-flight work, or a call of a function that does one of these;
 * - blocks: a busy loop on instance state (nothing else runs, so the state never changes),
 *   `Atomics.wait`, a `*Sync` child-process call, or a call of a function that does one of these.
 *
 * - takes a lock: an acquisition that waits until the lock is free, in the body or through calls
 *   (the held-region analysis's lock facts, `lock-facts.ts`).
 *
 * Nested functions (callbacks) are not part of the synchronous call and are not looked at; a
 * `.catch` handler only swallows a rejection and defers no work. Unknown callees answer "no".
 */
export interface WaitSite {
  readonly node: ts.Node;
  /** `await`, `then` (a deferred callback), `blocks` (a spin or a blocking call), or `call` (a helper that does one). */
  readonly kind: 'await' | 'then' | 'blocks' | 'call';
  /** For messages: what waits, e.g. "`await Promise.allSettled(this.inflight)`". */
  readonly what: string;
}

const DEFERRING_METHODS = new Set(['then', 'finally']);
const MAX_TEXT = 60;

export const waitsFact: SummaryFact<WaitSite | null> = {
  name: 'waits',
  unknown: null,
  recursive: null,
  compute: (fn, summaries) => waitSitesIn(fn, summaries)[0] ?? null,
};

export const blocksFact: SummaryFact<WaitSite | null> = {
  name: 'blocks',
  unknown: null,
  recursive: null,
  compute: (fn, summaries) => blockSitesIn(fn, summaries)[0] ?? null,
};

/** Every place in `fn`'s own body where its synchronous call leaves work waiting, in source order. */
export function waitSitesIn(fn: SummarizedFunction, summaries: Summaries): WaitSite[] {
  const sites: WaitSite[] = [];
  visitOwnBody(fn, (node) => {
    if (isAwaitExpression(node)) sites.push({ node, kind: 'await', what: `\`await ${short(node.expression)}\`` });
    else if (isForOfStatement(node) && node.awaitModifier) sites.push({ node: node.expression, kind: 'await', what: `\`for await\` over \`${short(node.expression)}\`` });
    else if (isCallExpression(node)) {
      const callee = node.expression;
      if (isPropertyAccessExpression(callee) && DEFERRING_METHODS.has(callee.name.text)) {
        sites.push({ node, kind: 'then', what: `\`${short(callee)}(…)\`` });
      } else {
        const helper = helperSite(node, summaries, waitsFact);
        if (helper) sites.push(helper);
      }
    }
  });
  return sites;
}

/** Every place in `fn`'s own body that blocks the event loop, in source order. */
export function blockSitesIn(fn: SummarizedFunction, summaries: Summaries): WaitSite[] {
  const sites: WaitSite[] = [];
  visitOwnBody(fn, (node) => {
    if (isSpinOnInstanceState(node)) {
      sites.push({ node, kind: 'blocks', what: `a busy loop on \`${short((node as ts.WhileStatement).expression)}\`` });
    } else if (isCallExpression(node)) {
      if (isAtomicsWait(node)) sites.push({ node, kind: 'blocks', what: '`Atomics.wait(…)`' });
      else if (isSyncChildProcessCall(node, summaries.checker)) sites.push({ node, kind: 'blocks', what: `\`${short(node.expression)}(…)\`` });
      else {
        const helper = helperSite(node, summaries, blocksFact);
        if (helper) sites.push(helper);
      }
    }
  });
  return sites;
}

/** A lock acquisition in `fn`'s own body, directly or through a call, that waits until the lock is free. */
export interface LockSite {
  readonly node: ts.CallExpression | ts.NewExpression;
  /** For messages: `this.mu`. */
  readonly lock: string;
  /** Calls down to the acquisition: `['stop()', 'this.mu.runExclusive']`. */
  readonly chain: readonly string[];
}

export function lockSitesIn(fn: SummarizedFunction, summaries: Summaries): LockSite[] {
  const sites: LockSite[] = [];
  if (!fn.body) return sites;
  forEachOwnNode(fn.body, (node) => {
    if (!isCallExpression(node) && !isNewExpression(node)) return;
    const acquisition = isCallExpression(node) ? acquisitionOf(node, summaries.checker, summaries.program) : null;
    if (acquisition) {
      if (acquisition.waits) sites.push({ node, lock: acquisition.label, chain: [acquisitionStep(acquisition)] });
      return;
    }
    const acquired = (locksAcquiredBy(node, summaries) ?? []).find((lock) => lock.waits);
    if (acquired) sites.push({ node, lock: acquired.label, chain: acquired.chain });
  });
  return sites;
}

function helperSite(call: ts.CallExpression, summaries: Summaries, fact: SummaryFact<WaitSite | null>): WaitSite | null {
  const callee = summaries.calleeOf(call);
  const inner = callee ? summaries.get(fact, callee) : null;
  return inner ? { node: call, kind: 'call', what: `\`${short(call.expression)}()\`, which ${inner.kind === 'call' ? 'calls ' : 'runs '}${inner.what}` } : null;
}

/** Visits `fn`'s body without entering nested functions and classes. */
function visitOwnBody(fn: SummarizedFunction, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    if (isFunctionLike(node) || isClassLike(node)) return;
    visit(node);
    forEachChild(node, walk);
  };
  if (fn.body) walk(fn.body);
}

/**
 * `while (this.busy) {}`: a loop whose condition reads instance state and whose body can change
 * neither that state nor anything else (no `await`, no exit, no write or call through `this`). In
 * synchronous code the callbacks that would change the state never run while it spins.
 */
function isSpinOnInstanceState(node: ts.Node): node is ts.WhileStatement | ts.DoStatement {
  if (!isWhileStatement(node) && !isDoStatement(node)) return false;
  if (!readsThis(node.expression)) return false;
  let changes = false;
  const walk = (at: ts.Node): void => {
    if (changes || isFunctionLike(at)) return;
    if (
      isAwaitExpression(at) ||
      isYieldExpression(at) ||
      isBreakStatement(at) ||
      isReturnStatement(at) ||
      isThrowStatement(at) ||
      isDeleteExpression(at) ||
      (isBinaryExpression(at) && isAssignmentOperator(at.operatorToken.kind) && readsThis(at.left)) ||
      ((isPrefixUnaryExpression(at) || isPostfixUnaryExpression(at)) && readsThis(at.operand)) ||
      (isCallExpression(at) && readsThis(at.expression))
    ) {
      changes = true;
      return;
    }
    forEachChild(at, walk);
  };
  walk(node.statement);
  // The condition may change the state itself (`while (this.queue.shift())`).
  if (!changes) forEachChild(node.expression, walk);
  return !changes;
}

function readsThis(node: ts.Node): boolean {
  if (node.kind === SyntaxKind.ThisKeyword) return true;
  if (isFunctionLike(node)) return false;
  return forEachChild(node, readsThis) ?? false;
}

function isAtomicsWait(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return isPropertyAccessExpression(callee) && callee.name.text === 'wait' && isIdentifier(callee.expression) && callee.expression.text === 'Atomics';
}

/** `execSync`, `execFileSync`, `spawnSync` from Node's `child_process`. */
function isSyncChildProcessCall(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const callee = call.expression;
  const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (!name.endsWith('Sync')) return false; // cheap filter before the checker
  try {
    const declaration = getResolvedSignature(checker, call)?.declaration;
    return declaration !== undefined && /[/\\]child_process\.d\.ts$/.test(declaration.getSourceFile().fileName);
  } catch {
    return false;
  }
}

function short(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
