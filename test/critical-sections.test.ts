// Held regions (src/analysis/locks/critical-sections.ts), through a probe rule: every `probe()` call reports the
// regions that hold it (`label|shape|extent[|bounded][|shared]`, innermost first) and which of them wait for it.
import { ESLintUtils, type TSESTree } from '@typescript-eslint/utils';

import { CriticalSections } from '../src/analysis/locks/critical-sections.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { getRpcModel } from '../src/model/index.js';
import { createRuleTester } from './rule-tester.js';

const probeRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', schema: [], messages: { held: '{{regions}} / waited: {{waited}}' } },
  defaultOptions: [],
  create(context) {
    const model = getRpcModel(context, 'lock');
    if (!model) return {};
    const sections = new CriticalSections(model, context.sourceCode);
    const probes: TSESTree.CallExpression[] = [];
    return mergeListeners(sections.listeners(), {
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'probe') probes.push(node);
      },
      'Program:exit'() {
        for (const probe of probes) {
          const regions = sections.heldAt(probe);
          const describe = (r: (typeof regions)[number]): string =>
            [r.acquisition.label, r.shape, r.extent, ...(r.bounded ? ['bounded'] : []), ...(r.exclusive ? [] : ['shared'])].join('|');
          context.report({
            node: probe,
            messageId: 'held',
            data: {
              regions: regions.map(describe).join(', ') || 'none',
              waited: regions.filter((r) => sections.waitsFor(r, probe)).map((r) => r.acquisition.label).join(', ') || 'none',
            },
          });
        }
      },
    });
  },
});

const imports = `
import AsyncLock from 'async-lock';
import { Mutex, Semaphore, withTimeout, tryAcquire } from 'async-mutex';
import AwaitLock from 'await-lock';
declare function probe(): Promise<void>;
declare function later(fn: () => void): void;`;
const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body (imports take lines 2–6). */
const at = (n: number): number => 6 + n;
const held = (line: number, regions: string, waited = 'none') => ({ messageId: 'held' as const, line: at(line), data: { regions, waited } });

createRuleTester().run('critical-sections', probeRule, {
  valid: [],
  invalid: [
    {
      name: 'scoped: runExclusive callback, awaited and returned; outside is free',
      code: code(`const mu = new Mutex();
export async function f() {
  probe();
  await mu.runExclusive(async () => {
    await probe();
    return probe();
  });
  setTimeout(() => probe());
}`),
      errors: [
        held(3, 'none'),
        held(5, '`mu`|scoped|certain', '`mu`'),
        held(6, '`mu`|scoped|certain', '`mu`'),
        held(8, 'none'),
      ],
    },
    {
      name: 'scoped: a nested function is outside, a Promise executor inside; a waited inner scoped callback keeps the outer lock',
      code: code(`const mu = new Mutex();
const other = new Mutex();
export function f() {
  return mu.runExclusive(async () => {
    later(() => probe());
    await new Promise<void>((resolve) => { probe(); resolve(); });
    await other.runExclusive(() => probe());
    void other.runExclusive(() => probe());
  });
}`),
      errors: [
        held(5, 'none'),
        held(6, '`mu`|scoped|certain'),
        held(7, '`other`|scoped|certain, `mu`|scoped|certain', '`other`'),
        held(8, '`other`|scoped|certain', '`other`'),
      ],
    },
    {
      name: 'async-lock keys, Web Locks names and options',
      code: code(`const lock = new AsyncLock();
const bounded = new AsyncLock({ timeout: 1_000 });
export async function f(key: string) {
  await lock.acquire('config', () => probe());
  await lock.acquire(key, () => probe());
  await lock.acquire('config', () => probe(), { maxOccupationTime: 500 });
  await bounded.acquire('config', () => probe());
  await navigator.locks.request('db', () => probe());
  await navigator.locks.request('db', { mode: 'shared' }, () => probe());
  await navigator.locks.request('db', { signal: AbortSignal.timeout(10) }, () => probe());
}`),
      errors: [
        held(4, '`lock` ("config")|scoped|certain', '`lock` ("config")'),
        held(5, '`lock`|scoped|certain', '`lock`'),
        held(6, '`lock` ("config")|scoped|certain|bounded', '`lock` ("config")'),
        held(7, '`bounded` ("config")|scoped|certain|bounded', '`bounded` ("config")'),
        held(8, '`navigator.locks` ("db")|scoped|certain', '`navigator.locks` ("db")'),
        held(9, '`navigator.locks` ("db")|scoped|certain|shared', '`navigator.locks` ("db")'),
        held(10, '`navigator.locks` ("db")|scoped|certain|bounded', '`navigator.locks` ("db")'),
      ],
    },
    {
      name: 'withTimeout and tryAcquire bound the lock; a semaphore is shared unless Semaphore(1)',
      code: code(`class S {
  private readonly mu = withTimeout(new Mutex(), 5_000);
  private readonly sem = new Semaphore(3);
  private readonly one = new Semaphore(1);
  async f() {
    await this.mu.runExclusive(() => probe());
    await tryAcquire(new Mutex()).runExclusive(() => probe());
    await this.sem.runExclusive(() => probe());
    await this.one.runExclusive(() => probe());
  }
}`),
      errors: [
        held(6, '`this.mu`|scoped|certain|bounded', '`this.mu`'),
        held(7, '`tryAcquire(new Mutex())`|scoped|certain|bounded', '`tryAcquire(new Mutex())`'),
        held(8, '`this.sem`|scoped|certain|shared', '`this.sem`'),
        held(9, '`this.one`|scoped|certain', '`this.one`'),
      ],
    },
    {
      name: 'acquire/release: a release in finally ends the region on every path',
      code: code(`const mu = new Mutex();
export async function f() {
  probe();
  const release = await mu.acquire();
  try {
    await probe();
  } finally {
    release();
  }
  await probe();
}`),
      errors: [held(3, 'none'), held(6, '`mu`|acquire|certain', '`mu`'), held(10, 'none')],
    },
    {
      name: 'acquire/release: a release on one branch ends the region only there',
      code: code(`const mu = new Mutex();
export async function f(fast: boolean) {
  const release = await mu.acquire();
  if (fast) {
    release();
    await probe();
  } else {
    await probe();
    release();
  }
  probe();
}`),
      errors: [held(6, 'none'), held(8, '`mu`|acquire|certain', '`mu`'), held(11, 'none')],
    },
    {
      name: 'acquire/release: a return inside the region is not waited for (the finally releases first)',
      code: code(`class Q {
  private readonly lock = new AwaitLock();
  async f() {
    await this.lock.acquireAsync();
    try {
      return probe();
    } finally {
      this.lock.release();
    }
  }
}`),
      errors: [held(6, '`this.lock`|acquire|certain')],
    },
    {
      name: 'acquire/release: semaphore tuple; a released loop iteration',
      code: code(`const sem = new Semaphore(1);
export async function f(items: string[]) {
  for (const item of items) {
    probe();
    const [, release] = await sem.acquire();
    await probe();
    release();
  }
}`),
      errors: [held(4, 'none'), held(6, '`sem`|acquire|certain', '`sem`')],
    },
    {
      name: 'acquire/release: a releaser handed to a callback or never released makes the region uncertain',
      code: code(`const mu = new Mutex();
const other = new Mutex();
export async function f() {
  const release = await mu.acquire();
  later(release);
  await probe();
}
export async function g() {
  await other.acquire();
  await probe();
}`),
      errors: [held(6, '`mu`|acquire|uncertain', '`mu`'), held(10, '`other`|acquire|uncertain', '`other`')],
    },
    {
      name: 'any-typed and parameter locks: any is no lock; a parameter lock is held with unknown identity',
      code: code(`export async function f(lock: any, mu: Mutex) {
  await lock.runExclusive(() => probe());
  await mu.runExclusive(() => probe());
}`),
      errors: [held(2, 'none'), held(3, '`mu`|scoped|certain', '`mu`')],
    },
  ],
});
