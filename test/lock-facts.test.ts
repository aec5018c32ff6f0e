// Lock facts in the program-wide summaries (src/analysis/locks/lock-facts.ts), on two fixture files.
import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { acquisitionOf, sameLock, type LockRef } from '../src/analysis/locks/lock-acquisitions.js';
import { acquiredLocks, locksAcquiredBy, peerWaitOf } from '../src/analysis/locks/lock-facts.js';
import { Summaries, summaryStats } from '../src/analysis/summaries.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const dir = path.join(fixturesDir, 'cases', 'locks');
let program: ts.Program;
const CLOSE_NAMES = ['close', 'shutdown'];

beforeAll(() => {
  program = fixturesProgram([path.join(dir, 'session-user.ts')]);
});

/** The calls of `Session.close()` by their text, and the `this.mu` it holds. */
function closeCalls(): { calls: Map<string, ts.CallExpression>; held: LockRef } {
  const file = program.getSourceFile(path.join(dir, 'session-user.ts'))!;
  const calls = new Map<string, ts.CallExpression>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls.set(node.getText(file), node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  const outer = [...calls.values()].find((call) => call.getText(file).startsWith('this.mu.runExclusive'))!;
  const held = acquisitionOf(outer, program.getTypeChecker(), program)!.lock!;
  return { calls, held };
}

describe('lock facts', () => {
  it('follows this.snapshot() → read() → this.mu.runExclusive into another file, as the caller’s this.mu', () => {
    const summaries = new Summaries(program);
    const { calls, held } = closeCalls();
    const acquired = locksAcquiredBy(calls.get('this.snapshot()')!, summaries)!;
    expect(acquired.map((a) => a.chain.join(' → '))).toEqual(['snapshot() → read() → this.mu.runExclusive']);
    expect(acquired[0]!.waited).toBe(true);
    expect(sameLock(acquired[0]!.lock!, held)).toBe(true);
    expect(path.basename(acquired[0]!.lock!.symbol.declarations![0]!.getSourceFile().fileName)).toBe('session-base.ts');
  });

  it('another instance’s field is unknown, never this.mu; another field is a different lock', () => {
    const summaries = new Summaries(program);
    const { calls, held } = closeCalls();
    const viaPeer = locksAcquiredBy(calls.get('peer.snapshot()')!, summaries)!;
    expect(viaPeer.map((a) => a.chain.join(' → '))).toEqual(['snapshot() → read() → this.mu.runExclusive']);
    expect(viaPeer[0]!.lock).toBeNull(); // `peer.mu` of a parameter: which lock is unknown
    const viaCount = locksAcquiredBy(calls.get('this.count()')!, summaries)!;
    expect(viaCount.map((a) => a.chain.join(' → '))).toEqual(['count() → this.other.runExclusive']);
    expect(sameLock(viaCount[0]!.lock!, held)).toBe(false);
  });

  it('a module mutex: waited through register(), not waited through registerLater(); safe on mutual recursion', () => {
    const summaries = new Summaries(program);
    const { calls } = closeCalls();
    const direct = locksAcquiredBy(calls.get('register()')!, summaries)!;
    const later = locksAcquiredBy(calls.get('registerLater()')!, summaries)!;
    const recursive = locksAcquiredBy(calls.get('ping(3)')!, summaries)!;
    expect(direct.map((a) => [a.label, a.waited])).toEqual([['`registryMu`', true]]);
    expect(later.map((a) => [a.label, a.waited])).toEqual([['`registryMu`', false]]);
    expect(recursive.map((a) => a.chain.join(' → '))).toEqual(['ping() → pong() → register() → registryMu.runExclusive']);
    expect(sameLock(recursive[0]!.lock!, direct[0]!.lock!)).toBe(true);
  });

  it('computes each function once per program', () => {
    const summaries = new Summaries(program);
    const { calls } = closeCalls();
    const before = summaryStats.get('acquired-locks')?.computed ?? 0;
    locksAcquiredBy(calls.get('register()')!, summaries);
    locksAcquiredBy(calls.get('ping(3)')!, summaries);
    locksAcquiredBy(calls.get('register()')!, summaries);
    const callee = summaries.calleeOf(calls.get('register()')!)!;
    expect(summaries.get(acquiredLocks, callee)).toHaveLength(1);
    // register, ping, pong: three bodies, each once.
    expect((summaryStats.get('acquired-locks')?.computed ?? 0) - before).toBe(3);
  });

  it('waits on the peer through this.finish() → drainAndWait() → once(call, "finish")', () => {
    const summaries = new Summaries(program);
    const { calls } = closeCalls();
    const wait = peerWaitOf(calls.get('this.finish()')!, summaries, CLOSE_NAMES);
    expect(wait?.chain).toEqual(['finish()', 'drainAndWait()']);
    expect(wait?.what).toContain('once(call, "finish")');
    expect(peerWaitOf(calls.get('this.snapshot()')!, summaries, CLOSE_NAMES)).toBeNull();
  });
});
