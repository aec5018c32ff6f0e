import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import type { LibraryId } from './libraries.js';
import { fromLib, fromPackage } from './specifiers.js';

/**
 * How a lock is held:
 * - `scoped`: methods that hold it while their callback runs (`runExclusive(fn)`, async-lock
 *   `acquire(key, fn)`, Web Locks `request(name, fn)`), with the callback's argument position;
 * - `acquire`/`release`: the region between them (async-mutex `acquire()` returns the releaser).
 * `keyArgument` is where a key or name selects one of many locks. None of these locks is
 * re-entrant (RPC-FACTS.md §4): taking one again while held never completes.
 */
export interface LockEntry {
  readonly library: LibraryId;
  readonly specs: readonly TypeOrValueSpecifier[];
  readonly label: string;
  readonly scoped: readonly { method: string; callbackArgument: number }[];
  readonly acquire: readonly string[];
  readonly release: readonly string[];
  /** Calls that wait until the lock is free (and so deadlock while it is held). */
  readonly waits: readonly string[];
  readonly keyArgument: number | null;
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
  },
];
