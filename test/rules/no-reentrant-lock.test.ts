import rule from '../../rules/no-reentrant-lock.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–6, so each body starts at line 7.
const imports = `
import AsyncLock from 'async-lock';
import { Mutex, Semaphore, withTimeout, tryAcquire, type MutexInterface } from 'async-mutex';
import AwaitLock from 'await-lock';
import { LockedBase, ping, register, registerLater, registryMu } from './cases/locks/session-base.js';
declare function later(fn: () => unknown): void;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 6 + n;
const reentrant = (line: number, column: number, chain: string, lock: string, holder: string, library: string) => ({
  messageId: 'reentrant' as const,
  line: at(line),
  column,
  data: { chain, lock, holder, library },
});
const MUTEX = 'async-mutex lock';

createRuleTester().run('no-reentrant-lock', rule, {
  valid: [
    {
      name: 'two different fields of one class are two locks',
      code: code(`export class Store {
  private readonly a = new Mutex();
  private readonly b = new Mutex();
  run() {
    return this.a.runExclusive(() => this.b.runExclusive(() => 1));
  }
}`),
    },
    {
      name: 'a getter may return a different lock each time',
      code: code(`export class Pool {
  private readonly locks = new Map<string, Mutex>();
  private current = 'a';
  get lock(): Mutex {
    return this.locks.get(this.current) ?? new Mutex();
  }
  run() {
    return this.lock.runExclusive(() => {
      this.current = 'b';
      return this.lock.runExclusive(() => 1);
    });
  }
}`),
    },
    {
      name: 'different literal keys of one async-lock, and different Web Lock names',
      code: code(`const lock = new AsyncLock();
export function f() {
  return lock.acquire('config', () => lock.acquire('metrics', () => 1));
}
export function g() {
  return navigator.locks.request('a', () => navigator.locks.request('b', () => 1));
}`),
    },
    {
      name: 'async-lock key lists: a key outside the list; a list with a key built at run time is unknown',
      code: code(`const lock = new AsyncLock();
export function f() {
  return lock.acquire(['a', 'b'], () => lock.acquire('c', () => 1));
}
export function g(key: string) {
  return lock.acquire(['a', key], () => lock.acquire('a', () => 1));
}`),
    },
    {
      name: 'computed keys and locks passed in as parameters: identity unknown',
      code: code(`const lock = new AsyncLock();
export function f(key: string) {
  return lock.acquire(key, () => lock.acquire(key, () => 1));
}
export function g(mu: Mutex) {
  return mu.runExclusive(() => mu.runExclusive(() => 1));
}
export function h(a: Mutex, b: Mutex) {
  return a.runExclusive(() => b.runExclusive(() => 1));
}`),
    },
    {
      name: 'another instance of the same class: other.mu is not this.mu',
      code: code(`export class Node2 {
  private readonly mu = new Mutex();
  peek() {
    return this.mu.runExclusive(() => 1);
  }
  merge(other: Node2) {
    return this.mu.runExclusive(async () => {
      await other.peek();
      await other.mu.runExclusive(() => 2);
    });
  }
}`),
    },
    {
      name: 'an inner acquisition the region does not wait for queues behind it: void, un-awaited, on a timer',
      code: code(`const mu = new Mutex();
export function f() {
  return mu.runExclusive(async () => {
    void mu.runExclusive(() => 1);
    later(() => mu.runExclusive(() => 2));
    setTimeout(() => void mu.runExclusive(() => 3), 0);
    registerLater();
  });
}
export function g() {
  return registryMu.runExclusive(() => {
    registerLater();
  });
}`),
    },
    {
      name: 'acquisitions that cannot wait: Web Locks ifAvailable/steal, tryAcquire',
      code: code(`const mu = new Mutex();
export function f() {
  return navigator.locks.request('a', async () => {
    await navigator.locks.request('a', { ifAvailable: true }, (held) => held?.name);
    await navigator.locks.request('a', { steal: true }, () => 1);
  });
}
export function g() {
  return mu.runExclusive(() => tryAcquire(mu).runExclusive(() => 1));
}`),
    },
    {
      name: 'bounded locks end with an error instead of hanging: withTimeout, async-lock timeout',
      code: code(`const mu = withTimeout(new Mutex(), 1_000);
const lock = new AsyncLock({ timeout: 1_000 });
const plain = new AsyncLock();
export function f() {
  return mu.runExclusive(() => mu.runExclusive(() => 1));
}
export function g() {
  return lock.acquire('k', () => lock.acquire('k', () => 1));
}
export function h() {
  return plain.acquire('k', () => plain.acquire('k', () => 1, { timeout: 100 }));
}`),
    },
    {
      name: 'a counting semaphore may admit the second holder; shared Web Locks nest',
      code: code(`const sem = new Semaphore(4);
export function f() {
  return sem.runExclusive(() => sem.runExclusive(() => 1));
}
export function g() {
  return navigator.locks.request('a', { mode: 'shared' }, () => navigator.locks.request('a', { mode: 'shared' }, () => 1));
}`),
    },
    {
      name: 'acquire/release: taking the lock again after the release in finally',
      code: code(`export class Q {
  private readonly lock = new AwaitLock();
  async f() {
    await this.lock.acquireAsync();
    try {
      return 1;
    } finally {
      this.lock.release();
    }
    await this.lock.acquireAsync();
  }
  async g() {
    await this.lock.acquireAsync();
    this.lock.release();
    await this.lock.acquireAsync();
    this.lock.release();
  }
}`),
    },
    {
      name: 'acquire/release: the releaser is handed to a callback, so the end of the region is unknown',
      code: code(`const mu = new Mutex();
export async function f() {
  const release = await mu.acquire();
  later(release);
  await mu.runExclusive(() => 1);
}`),
    },
    {
      name: 'a call to the locking getter outside the critical section; a returned promise in an acquire region',
      code: code(`export class S extends LockedBase {
  async report() {
    const n = await this.snapshot();
    return this.mu.runExclusive(() => n);
  }
}
const mu = new Mutex();
export async function g() {
  const release = await mu.acquire();
  try {
    return mu.runExclusive(() => 1);
  } finally {
    release();
  }
}`),
    },
    {
      name: 'any-typed locks are not locks',
      code: code(`export function f(lock: any) {
  return lock.runExclusive(() => lock.runExclusive(() => 1));
}`),
    },
    {
      name: 'a lock in a using/finally shape: a disposable that releases, the releaser stored in an object',
      code: code(`const mu = new Mutex();
export async function f() {
  const release = await mu.acquire();
  using _guard = { [Symbol.dispose]: release };
  await mu.runExclusive(() => 1);
}`),
    },
  ],
  invalid: [
    {
      name: 'async-mutex runExclusive inside runExclusive of the same module mutex',
      code: code(`const mu = new Mutex();
export function f() {
  return mu.runExclusive(async () => {
    await mu.runExclusive(() => 1);
  });
}`),
      errors: [reentrant(4, 11, 'f() → mu.runExclusive', '`mu`', 'f()', MUTEX)],
    },
    {
      name: 'the article: close() → lastError() → this.mu.runExclusive, returned and awaited',
      code: code(`export class Session {
  private readonly mu = new Mutex();
  private lastErr: Error | undefined;
  lastError() {
    return this.mu.runExclusive(() => this.lastErr);
  }
  close() {
    return this.mu.runExclusive(() => this.lastError());
  }
  async end() {
    await this.mu.runExclusive(async () => {
      const err = await this.lastError();
      return err;
    });
  }
}`),
      errors: [
        reentrant(8, 39, 'close() → lastError() → this.mu.runExclusive', '`this.mu`', 'close()', MUTEX),
        reentrant(12, 25, 'end() → lastError() → this.mu.runExclusive', '`this.mu`', 'end()', MUTEX),
      ],
    },
    {
      name: 'a #private field and an arrow-function class field that takes it',
      code: code(`export class Store {
  readonly #mu = new Mutex();
  #count = 0;
  read = () => this.#mu.runExclusive(() => this.#count);
  bump() {
    return this.#mu.runExclusive(async () => {
      this.#count++;
      return this.read();
    });
  }
}`),
      errors: [reentrant(8, 14, 'bump() → read() → this.#mu.runExclusive', '`this.#mu`', 'bump()', MUTEX)],
    },
    {
      name: 'indirect acquisition across two files, through a subclass and a private helper',
      code: code(`export class Session extends LockedBase {
  close() {
    return this.mu.runExclusive(async () => {
      return await this.snapshot();
    });
  }
}`),
      errors: [reentrant(4, 20, 'close() → snapshot() → read() → this.mu.runExclusive', '`this.mu`', 'close()', MUTEX)],
    },
    {
      name: 'a module mutex from another file, through mutual recursion',
      code: code(`export function f() {
  return registryMu.runExclusive(async () => {
    await register();
    await ping(2);
  });
}`),
      errors: [
        reentrant(3, 11, 'f() → register() → registryMu.runExclusive', '`registryMu`', 'f()', MUTEX),
        reentrant(4, 11, 'f() → ping() → pong() → register() → registryMu.runExclusive', '`registryMu`', 'f()', MUTEX),
      ],
    },
    {
      name: 'async-lock: the same literal key, chained into the result',
      code: code(`export class Config {
  private readonly lock = new AsyncLock();
  snapshot() {
    return this.lock.acquire('config', () => 1);
  }
  close() {
    return this.lock.acquire('config', () => this.snapshot().then((n) => n + 1));
  }
}`),
      errors: [reentrant(7, 46, 'close() → snapshot() → this.lock.acquire("config")', '`this.lock` ("config")', 'close()', 'async-lock key')],
    },
    {
      name: 'async-lock key lists: a key of the list taken again inside it, directly and through a method; a list inside a key',
      code: code(`const lock = new AsyncLock();
export function f() {
  return lock.acquire(['a', 'b'], () => lock.acquire('b', () => 1));
}
export class Store {
  private readonly lock = new AsyncLock();
  snapshot() {
    return this.lock.acquire(['config', 'metrics'], () => 1);
  }
  write() {
    return this.lock.acquire('metrics', async () => {
      await this.snapshot();
    });
  }
}`),
      errors: [
        reentrant(3, 41, 'f() → lock.acquire("b")', '`lock` (["a","b"])', 'f()', 'async-lock key'),
        reentrant(12, 13, 'write() → snapshot() → this.lock.acquire(["config","metrics"])', '`this.lock` ("metrics")', 'write()', 'async-lock key'),
      ],
    },
    {
      name: 'Web Locks: the same name, in Promise.all',
      code: code(`export function f() {
  return navigator.locks.request('db', async () => {
    await Promise.all([navigator.locks.request('db', () => 1)]);
  });
}`),
      errors: [reentrant(3, 24, 'f() → navigator.locks.request("db")', '`navigator.locks` ("db")', 'f()', 'Web Lock')],
    },
    {
      name: 'acquire/release: await-lock acquired again before the release in finally',
      code: code(`export class Q {
  private readonly lock = new AwaitLock();
  private async flush() {
    await this.lock.acquireAsync();
    this.lock.release();
  }
  async f() {
    await this.lock.acquireAsync();
    try {
      await this.flush();
    } finally {
      this.lock.release();
    }
  }
}`),
      errors: [reentrant(10, 13, 'f() → flush() → this.lock.acquireAsync', '`this.lock`', 'f()', 'await-lock')],
    },
    {
      name: 'acquire/release: a release on one branch only; the other branch still holds it',
      code: code(`const mu = new Mutex();
export async function f(fast: boolean) {
  const release = await mu.acquire();
  if (fast) {
    release();
    await mu.waitForUnlock();
  } else {
    await mu.waitForUnlock();
    release();
  }
}`),
      errors: [reentrant(8, 11, 'f() → mu.waitForUnlock', '`mu`', 'f()', MUTEX)],
    },
    {
      name: 'semaphore tuple with one permit; Semaphore(1) is a mutex',
      code: code(`const sem = new Semaphore(1);
export async function f() {
  const [, release] = await sem.acquire();
  try {
    await sem.runExclusive(() => 1);
  } finally {
    release();
  }
}`),
      errors: [reentrant(5, 11, 'f() → sem.runExclusive', '`sem`', 'f()', MUTEX)],
    },
  ],
});
