import type ts from 'typescript';

import { SINGLE_FLIGHT, type LockEntry } from '../../model/locks.js';
import { acquisitionOf, lockRefOf, thisProviderOf, waitedBy, type Acquisition, type LockRef } from './lock-acquisitions.js';
import { PeerWaits } from './peer-waits.js';
import { singleFlightsOf } from './single-flight.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { forEachOwnNode, isFunctionWithBody, skipTypeWrappers, thisClassOf } from '../../syntax/ts-ast.js';
import { getSymbolAtLocation, hasSymbolFlag } from '../../model/checker.js';
import { isArrowFunction, isBinaryExpression, isCallExpression, isClassLike, isConstructorDeclaration, isForOfStatement, isFunctionExpression, isGetAccessorDeclaration, isIdentifier, isNewExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isStringLiteral, isVariableDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Lock facts of functions, in the program-wide summaries (`summaries.ts`): computed on the
 * TypeScript AST once per function per `ts.Program`, through callees the checker resolves in any
 * file, depth-bounded and safe on recursion (a cycle contributes its own bodies).
 *
 * API:
 * - `locksAcquiredBy(call, summaries)`: the locks a call takes, through its callee's body and the
 *   callee's callees, with `this`-fields re-bound to the call's receiver (`this.close()` →
 *   `this.lastError()` → `this.mu.runExclusive` is the caller's `this.mu`; `other.close()` takes
 *   `other.mu`; a receiver the code does not name gives identity `null`). Null: no body to read.
 * - `summaries.get(acquiredLocks, fn)`: the same for a declaration, with `this`-fields relative to `fn`.
 * - `guardsJoinedBy(call, summaries)`: the single-flight guards (`single-flight.ts`) a call waits
 *   for when they are set, through its callee and the callee's callees, and through handlers the
 *   program stores on the property a call without a body invokes (`this.onFailover()` runs the
 *   `() => this.reconnect()` some class stored there). A guard in a `this` field belongs to an
 *   instance of its class: re-bound to the call's receiver like a lock, kept through handlers
 *   (their `this` is where they were written).
 * - `peerWaitOf(callOrNew, summaries, closeNames)`: whether awaiting this call waits on the peer,
 *   by itself (`PeerWaits`) or through its callee's body (`peerWaitFact(closeNames)`), with the chain.
 * Each `AcquiredLock.waited` / peer wait says whether the function's completion (its returned
 * promise) waits for it: awaited, returned, or run in a scoped lock callback that is itself waited for.
 */
export interface AcquiredLock {
  /** Identity, or null when the code does not show which lock (parameter, computed key, unknown receiver). */
  readonly lock: LockRef | null;
  readonly entry: LockEntry;
  /** For messages: `this.mu`. */
  readonly label: string;
  readonly shape: Acquisition['shape'];
  /** The function's completion waits for this acquisition. */
  readonly waited: boolean;
  /** False when it cannot wait (`ifAvailable`, `steal`). */
  readonly waits: boolean;
  /** Its own options bound it (`timeout`, `signal`, options not shown). */
  readonly bounded: boolean;
  readonly shared: boolean | null;
  /** Calls down to the acquisition: `['lastError()', 'this.mu.runExclusive']`. */
  readonly chain: readonly string[];
}

export interface PeerWait {
  /** What is waited for, for messages. */
  readonly what: string;
  /** Calls down to it, empty when the expression waits by itself. */
  readonly chain: readonly string[];
}

/** The locks a function takes (see `AcquiredLock`); null where knowledge ends. */
export const acquiredLocks: SummaryFact<readonly AcquiredLock[] | null> = {
  name: 'acquired-locks',
  unknown: null,
  recursive: [],
  compute(fn, summaries) {
    const found: AcquiredLock[] = [];
    const visitCode = (root: ts.Node, waitedByRoot: boolean): void => {
      const handled = new Set<ts.Node>();
      forEachOwnNode(
        root,
        (node) => {
          if (!isCallExpression(node) && !isNewExpression(node)) return;
          const waited = waitedByRoot && waitedBy(node) !== null;
          const acquisition = isCallExpression(node) ? acquisitionOf(node, summaries.checker, summaries.program) : null;
          if (acquisition) {
            found.push({ ...describe(acquisition), waited, chain: [acquisitionStep(acquisition)] });
            const callback = acquisition.callback && skipTypeWrappers(acquisition.callback);
            if (acquisition.shape === 'scoped' && callback && isFunctionWithBody(callback)) {
              handled.add(callback);
              visitCode(callback, waited && acquisition.waits);
            }
            return;
          }
          for (const inner of locksAcquiredBy(node, summaries) ?? []) found.push({ ...inner, waited: waited && inner.waited });
        },
        (nested) => {
          if (!handled.has(nested)) visitCode(nested, false);
          return false;
        },
      );
    };
    visitCode(fn, true);
    return dedupe(found);
  },
};

/** The locks `call` takes through its callee (see the module comment), or null when there is no body to read. */
export function locksAcquiredBy(call: ts.CallExpression | ts.NewExpression, summaries: Summaries): AcquiredLock[] | null {
  const callee = summaries.calleeOf(call);
  if (!callee) return null;
  const facts = summaries.get(acquiredLocks, callee);
  if (!facts) return null;
  const step = stepName(callee);
  return facts.map((acquired) => ({ ...acquired, lock: rebind(acquired.lock, callee, call, summaries.checker), chain: [step, ...acquired.chain] }));
}

/** The single-flight guards a function waits for when they are set (see `guardsJoinedBy`); null where knowledge ends. */
export const joinedGuards: SummaryFact<readonly AcquiredLock[] | null> = {
  name: 'joined-guards',
  unknown: null,
  recursive: [],
  compute(fn, summaries) {
    const found: AcquiredLock[] = singleFlightsOf(fn, summaries).map((flight) => ({
      lock: flight.lock,
      entry: SINGLE_FLIGHT,
      label: flight.label,
      shape: 'scoped',
      waited: true,
      waits: true,
      bounded: false,
      shared: false,
      chain: [flight.guard.getText()],
    }));
    // From `fn` itself: an arrow's expression body is its own code too.
    forEachOwnNode(fn, (node) => {
      const joining = isCallExpression(node) || isNewExpression(node) || (isPropertyAccessExpression(node) && !isCallExpression(node.parent));
      if (joining && waitedBy(node)?.fn === fn) found.push(...(guardsJoinedBy(node, summaries) ?? []));
    });
    return dedupe(found);
  },
};

/**
 * The single-flight guards awaiting `call` may wait for (see the module comment), or awaiting a
 * read of a getter (`await this.capabilities`); null when there is no body to read.
 */
export function guardsJoinedBy(call: ts.CallExpression | ts.NewExpression | ts.PropertyAccessExpression, summaries: Summaries): AcquiredLock[] | null {
  if (isPropertyAccessExpression(call)) {
    const getter = getterOf(call, summaries.checker);
    const facts = getter && summaries.get(joinedGuards, getter);
    if (!getter || !facts) return null;
    return facts.map((joined) => ({ ...joined, lock: rebindToInstance(joined.lock, getter, call, summaries.checker), chain: [`get ${stepName(getter).slice(0, -2)}`, ...joined.chain] }));
  }
  const callee = (isCallExpression(call) ? summaries.namedCallee(call) : null) ?? summaries.calleeOf(call);
  if (callee) {
    const facts = summaries.get(joinedGuards, callee);
    if (!facts) return null;
    const step = stepName(callee);
    return facts.map((joined) => ({ ...joined, lock: rebindToInstance(joined.lock, callee, call, summaries.checker), chain: [step, ...joined.chain] }));
  }
  if (!isCallExpression(call)) return null;
  const handlers = summaries.storedHandlers(call);
  if (handlers.length === 0) return null;
  return handlers.flatMap((handler) => (summaries.get(joinedGuards, handler) ?? []).map((joined) => ({ ...joined, chain: [stepName(handler), ...joined.chain] })));
}

/**
 * A guard of an instance of the callee's class (`self` is the class) becomes the guard of the
 * call's receiver: `this` in a method of that class (or a subclass) stays the instance, a variable
 * stands for itself, anything else is unknown. Arrow functions keep the `this` of where they were written.
 */
function rebindToInstance(lock: LockRef | null, callee: SummarizedFunction, call: ts.CallExpression | ts.NewExpression | ts.PropertyAccessExpression, checker: ts.TypeChecker): LockRef | null {
  if (!lock || lock.self === null || !isClassLike(lock.self as ts.Node)) return lock;
  if (isArrowFunction(callee) && !isPropertyDeclaration(callee.parent)) return lock;
  const calleeClass = isConstructorDeclaration(callee) ? callee.parent : thisClassOf(callee.body ?? callee);
  if (calleeClass !== lock.self) return lock;
  const target = isCallExpression(call) ? skipTypeWrappers(call.expression) : isPropertyAccessExpression(call) ? call : null;
  if (!target || !isPropertyAccessExpression(target)) return null;
  const receiver = skipTypeWrappers(target.expression);
  if (receiver.kind === SyntaxKind.ThisKeyword) {
    const cls = thisClassOf(receiver);
    return cls ? { ...lock, self: cls } : null;
  }
  const variable = isIdentifier(receiver) ? lockRefOf(receiver, checker) : null;
  return variable && variable.self === null ? { ...lock, self: variable.symbol } : null;
}

/** The getter a property read runs, when it has a body in the program's sources. */
function getterOf(access: ts.PropertyAccessExpression, checker: ts.TypeChecker): ts.GetAccessorDeclaration | null {
  try {
    const symbol = getSymbolAtLocation(checker, access.name);
    if (!symbol || !hasSymbolFlag(symbol, 'GetAccessor')) return null;
    const getter = symbol.declarations?.find(isGetAccessorDeclaration);
    return getter?.body && !getter.getSourceFile().isDeclarationFile ? getter : null;
  } catch {
    return null;
  }
}

/**
 * A `this`-field of the callee becomes the same field of the call's receiver, or unknown. The
 * callee's `this` is its own, or for an arrow function in a class field (`read = () => …`) the
 * field's; an arrow elsewhere keeps the `this` of where it was written.
 */
function rebind(lock: LockRef | null, callee: SummarizedFunction, call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker): LockRef | null {
  const calleeSelf = isArrowFunction(callee) ? thisProviderOf(callee) : callee;
  if (!lock || lock.self === null || lock.self !== calleeSelf) return lock;
  if (isArrowFunction(callee) && !(calleeSelf && isPropertyDeclaration(calleeSelf))) return lock;
  const target = isCallExpression(call) ? skipTypeWrappers(call.expression) : null;
  if (!target || !isPropertyAccessExpression(target)) return null;
  const receiver = skipTypeWrappers(target.expression);
  if (receiver.kind === SyntaxKind.ThisKeyword || receiver.kind === SyntaxKind.SuperKeyword) {
    const self = thisProviderOf(receiver);
    return self ? { ...lock, self } : null;
  }
  const variable = isIdentifier(receiver) ? lockRefOf(receiver, checker) : null;
  return variable && variable.self === null ? { ...lock, self: variable.symbol } : null;
}

const peerWaitFacts = new Map<string, SummaryFact<PeerWait | null>>();

/**
 * Whether a function's completion waits on the peer (see `PeerWaits`), or on an awaited
 * close-like method (`closeNames`) of the program's own types that has no body to read.
 * One fact per name list, so each rule option set is cached on its own.
 */
export function peerWaitFact(closeNames: readonly string[]): SummaryFact<PeerWait | null> {
  const id = closeNames.join(',');
  let fact = peerWaitFacts.get(id);
  if (!fact) {
    const created: SummaryFact<PeerWait | null> = {
      name: 'peer-wait',
      unknown: null,
      recursive: null,
      compute(fn, summaries) {
        let found: PeerWait | null = null;
        const visitCode = (root: ts.Node, waitedByRoot: boolean): void => {
          const handled = new Set<ts.Node>();
          forEachOwnNode(
            root,
            (node) => {
              if (found || !waitedByRoot) return;
              if (isForOfStatement(node) && node.awaitModifier) {
                const direct = peerWaitsOf(summaries).iterated(node.expression);
                if (direct) found = { what: direct.what, chain: [] };
                return;
              }
              if (!isCallExpression(node) && !isNewExpression(node)) return;
              const acquisition = isCallExpression(node) ? acquisitionOf(node, summaries.checker, summaries.program) : null;
              const callback = acquisition?.callback && skipTypeWrappers(acquisition.callback);
              if (acquisition?.shape === 'scoped' && callback && isFunctionWithBody(callback)) {
                handled.add(callback);
                visitCode(callback, waitedBy(node) !== null);
                return;
              }
              if (waitedBy(node) !== null) found = peerWaitOf(node, summaries, closeNames);
            },
            () => false, // other nested functions run later or elsewhere: not waited for here
          );
        };
        visitCode(fn, true);
        return found;
      },
    };
    peerWaitFacts.set(id, (fact = created));
  }
  return fact;
}

/** Whether awaiting `call` waits on the peer: by itself, through its callee, or as a bodiless close-like method. */
export function peerWaitOf(call: ts.CallExpression | ts.NewExpression, summaries: Summaries, closeNames: readonly string[]): PeerWait | null {
  const peers = peerWaitsOf(summaries);
  const direct = peers.direct(call);
  if (direct) return { what: direct.what, chain: [] };
  const callee = summaries.calleeOf(call);
  if (callee) {
    const inner = summaries.get(peerWaitFact(closeNames), callee);
    return inner ? { what: inner.what, chain: [stepName(callee), ...inner.chain] } : null;
  }
  if (!isCallExpression(call)) return null;
  const target = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(target) || !closeNames.includes(target.name.text)) return null;
  const declaration = peers.signatureDeclaration(call);
  if (!declaration || isFunctionWithBody(declaration)) return null; // a body we could not read (overloads): unknown
  const file = declaration.getSourceFile();
  if (file.fileName.includes('/node_modules/') || summaries.program.isSourceFileDefaultLibrary(file)) return null;
  if (!peers.isThenable(call)) return null;
  const receiverType = peers.typeOf(target.expression);
  if (!receiverType) return null;
  return { what: `\`${target.getText()}()\`, which usually waits for the peer`, chain: [] };
}

const peerWaitsBySummaries = new WeakMap<Summaries, PeerWaits>();

function peerWaitsOf(summaries: Summaries): PeerWaits {
  let peers = peerWaitsBySummaries.get(summaries);
  if (!peers) peerWaitsBySummaries.set(summaries, (peers = new PeerWaits(summaries.checker, summaries.program)));
  return peers;
}

function describe(acquisition: Acquisition): Omit<AcquiredLock, 'waited' | 'chain'> {
  const { lock, entry, label, shape, waits, bounded, shared } = acquisition;
  return { lock, entry, label, shape, waits, bounded, shared };
}

/** `this.mu.runExclusive`. */
export function acquisitionStep(acquisition: Acquisition): string {
  const key = acquisition.lock?.key;
  return `${acquisition.lockExpression.getText()}.${acquisition.method}${key === undefined || key === null ? '' : `(${JSON.stringify(key)})`}`;
}

/** `lastError()`, `helper()`, `new Session()`. */
export function stepName(fn: SummarizedFunction): string {
  if (isConstructorDeclaration(fn)) return `new ${fn.parent.name?.text ?? 'class'}()`;
  let name: ts.Node | undefined = fn.name;
  if (!name && (isArrowFunction(fn) || isFunctionExpression(fn))) {
    const holder = fn.parent;
    if (isVariableDeclaration(holder) || isPropertyDeclaration(holder) || isPropertyAssignment(holder)) name = holder.name;
    // `this.pool.onFailover = () => …`: a handler stored on a property.
    else if (isBinaryExpression(holder) && holder.right === fn && isPropertyAccessExpression(holder.left)) name = holder.left.name;
  }
  return `${name && (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name)) ? name.text : 'function'}()`;
}

function dedupe(found: AcquiredLock[]): AcquiredLock[] {
  const kept: AcquiredLock[] = [];
  for (const acquired of found) {
    const twin = kept.some(
      (k) =>
        k.entry === acquired.entry &&
        k.waited === acquired.waited &&
        k.waits === acquired.waits &&
        k.bounded === acquired.bounded &&
        k.shared === acquired.shared &&
        (k.lock === null || acquired.lock === null
          ? k.lock === acquired.lock && k.label === acquired.label
          : k.lock.symbol === acquired.lock.symbol && k.lock.self === acquired.lock.self && JSON.stringify(k.lock.key) === JSON.stringify(acquired.lock.key)),
    );
    if (!twin) kept.push(acquired);
  }
  return kept;
}
