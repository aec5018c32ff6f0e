import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { LibraryId } from './libraries.js';
import { fromLib, fromPackage } from './specifiers.js';
import { findInTypeOrBases } from './type-walk.js';
import { typeMatchesSomeSpecifier } from './type-utils.js';

/**
 * How a lock is held:
 * - `scoped`: methods that hold it while their callback runs (`runExclusive(fn)`, async-lock
 *   `acquire(key, fn)`, Web Locks `request(name, fn)`), with the callback's argument position;
 * - `acquire`/`release`: the region between them (async-mutex `acquire()` returns the releaser).
 * `keyArgument` is where a key or name selects one of many locks. None of these locks is
 * re-entrant (RPC-FACTS.md §4): taking one again while held never completes.
 */
export interface LockEntry {
  /** `single-flight`: a guard the program makes itself (`SINGLE_FLIGHT`), no library. */
  readonly library: LibraryId | 'single-flight';
  readonly specs: readonly TypeOrValueSpecifier[];
  readonly label: string;
  readonly scoped: readonly { method: string; callbackArgument: number }[];
  readonly acquire: readonly string[];
  readonly release: readonly string[];
  /** Calls that wait until the lock is free (and so deadlock while it is held). */
  readonly waits: readonly string[];
  readonly keyArgument: number | null;
  /** Whether the key argument may be a list of keys, each of which is taken (async-lock `acquire(['a', 'b'], fn)`). */
  readonly keyLists: boolean;
  /**
   * Options (of the constructor or of one acquisition) that bound how long the lock is waited for
   * or held: a waiter gets an error instead of hanging (RPC-FACTS §4.2, §4.3, §4.4).
   */
  readonly boundingOptions: readonly string[];
  /** Acquisition options that make it not wait at all when `true` (Web Locks `ifAvailable`, `steal`). */
  readonly nonWaitingOptions: readonly string[];
  /** The option whose value `'shared'` makes the hold shared (Web Locks `mode`). */
  readonly modeOption: string | null;
}

export const LOCKS: readonly LockEntry[] = [
  {
    library: 'async-mutex',
    // `withTimeout`/`tryAcquire` return the interfaces, not the classes.
    specs: [fromPackage('async-mutex', 'Mutex', 'MutexInterface', 'Semaphore', 'SemaphoreInterface')],
    label: 'async-mutex lock',
    scoped: [{ method: 'runExclusive', callbackArgument: 0 }],
    acquire: ['acquire'],
    release: ['release'],
    waits: ['waitForUnlock'],
    keyArgument: null,
    keyLists: false,
    boundingOptions: [],
    nonWaitingOptions: [],
    modeOption: null,
  },
  {
    library: 'async-lock',
    // Types come from @types/async-lock; both package names match its declaring file.
    specs: [fromPackage('async-lock', 'AsyncLock'), fromPackage('@types/async-lock', 'AsyncLock')],
    label: 'async-lock key',
    scoped: [{ method: 'acquire', callbackArgument: 1 }],
    acquire: [],
    release: [],
    waits: [],
    keyArgument: 0,
    // Nested `acquire('b')` inside `acquire(['a', 'b'], …)` never settled in a run of 1.5.0 (nor
    // `acquire(['b', 'c'])`, nor `acquire(['a', 'b'])` inside `acquire('b')`); `acquire('c')` did.
    keyLists: true,
    // `maxExecutionTime` releases the key when exceeded; `timeout` rejects a waiter in the queue.
    boundingOptions: ['timeout', 'maxOccupationTime', 'maxExecutionTime'],
    nonWaitingOptions: [],
    modeOption: null,
  },
  {
    library: 'await-lock',
    // `export default class AwaitLock`: the symbol is named `default`.
    specs: [fromPackage('await-lock', 'default', 'AwaitLock')],
    label: 'await-lock',
    scoped: [],
    acquire: ['acquireAsync'],
    release: ['release'],
    waits: [],
    keyArgument: null,
    keyLists: false,
    boundingOptions: ['timeout'],
    nonWaitingOptions: [],
    modeOption: null,
  },
  {
    library: 'web-locks',
    specs: [fromLib('LockManager')],
    label: 'Web Lock',
    scoped: [{ method: 'request', callbackArgument: -1 }], // the last argument
    acquire: [],
    release: [],
    waits: [],
    keyArgument: 0,
    keyLists: false,
    boundingOptions: ['signal'],
    nonWaitingOptions: ['ifAvailable', 'steal'],
    modeOption: 'mode',
  },
];

/**
 * A hand-rolled single-flight guard (`src/analysis/locks/single-flight.ts`): a promise kept in a
 * field or variable that every caller awaits while the work it stands for runs. No library makes
 * it and no method takes it: the function that joins or starts the flight does, and the flight
 * holds it until its promise settles.
 */
export const SINGLE_FLIGHT: LockEntry = {
  library: 'single-flight',
  specs: [],
  label: 'single-flight promise',
  scoped: [],
  acquire: [],
  release: [],
  waits: [],
  keyArgument: null,
  keyLists: false,
  boundingOptions: [],
  nonWaitingOptions: [],
  modeOption: null,
};

/** Locks that admit more than one holder (async-mutex `Semaphore(n)`): re-taking one may succeed. */
export const COUNTING_LOCKS: readonly TypeOrValueSpecifier[] = [fromPackage('async-mutex', 'Semaphore', 'SemaphoreInterface')];

/** Wrappers that bound every wait for the lock they return: `withTimeout(mutex, ms)` (E_TIMEOUT). */
export const TIMEOUT_WRAPPERS: readonly TypeOrValueSpecifier[] = [fromPackage('async-mutex', 'withTimeout')];

/** Wrappers whose lock never waits: `tryAcquire(mutex)` rejects with E_ALREADY_LOCKED instead. */
export const NON_WAITING_WRAPPERS: readonly TypeOrValueSpecifier[] = [fromPackage('async-mutex', 'tryAcquire')];

const lockByType = new WeakMap<ts.Type, LockEntry | null>();

/**
 * The lock a value of `type` is (its bases and `T | undefined` count), or null; cached per type.
 * For analyses on the TypeScript AST, which have a program but no `RpcModel`.
 */
export function lockEntryOfType(type: ts.Type, checker: ts.TypeChecker, program: ts.Program): LockEntry | null {
  let found = lockByType.get(type);
  if (found === undefined) {
    try {
      found = findInTypeOrBases(type, checker, (t) => LOCKS.find((lock) => typeMatchesSomeSpecifier(t, [...lock.specs], program)) ?? null);
    } catch {
      found = null;
    }
    lockByType.set(type, found);
  }
  return found;
}

/** Whether a lock value of `type` is a counting semaphore. */
export function isCountingLockType(type: ts.Type, checker: ts.TypeChecker, program: ts.Program): boolean {
  try {
    return findInTypeOrBases(type, checker, (t) => (typeMatchesSomeSpecifier(t, [...COUNTING_LOCKS], program) ? true : null)) === true;
  } catch {
    return false;
  }
}
