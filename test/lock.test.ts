// The lock-file guard: `npm ci` on a fresh clone must keep working when any dependency publishes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findMovingEdges } from '../scripts/check-lock.mjs';

function lockWith(dependencies: Record<string, string>, field = 'dependencies') {
  return {
    name: 'consumer',
    lockfileVersion: 3,
    packages: {
      '': { name: 'consumer', devDependencies: { 'some-formatter': '3.1.0' } },
      'node_modules/some-formatter': { version: '3.1.0', [field]: dependencies },
      'node_modules/@scope/nested/node_modules/inner': { version: '1.0.0', dependencies: { ok: '^1.0.0' } },
    },
  };
}

describe('findMovingEdges', () => {
  it('names the package and the dependency of a `latest` edge', () => {
    expect(findMovingEdges(lockWith({ jschardet: 'latest', lodash: '^4.17.21' }))).toEqual([
      { dependent: 'some-formatter', name: 'jschardet', spec: 'latest', field: 'dependencies' },
    ]);
  });

  it('finds other dist-tags, git, GitHub and URL specs in every dependency field', () => {
    const specs = {
      a: 'next',
      b: 'beta',
      c: 'git+https://example.invalid/a/b.git',
      d: 'github:owner/repo',
      e: 'owner/repo#main',
      f: 'https://example.invalid/f.tgz',
      g: 'npm:other@latest',
    };
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      expect(findMovingEdges(lockWith(specs, field)).map((e) => `${e.name}@${e.spec}`)).toEqual(
        Object.entries(specs).map(([name, spec]) => `${name}@${spec}`),
      );
    }
  });

  it('accepts what a publish cannot put out of sync: ranges (incl. `*` and empty), exact versions, aliases of ranges, local paths', () => {
    const stable = {
      a: '*',
      b: '',
      c: '1.2.3',
      d: '>=1.0.0 <2',
      e: '1.x || ^2.0.0-rc.1',
      f: '1.0.0 - 2.0.0',
      g: 'npm:other@^1.0.0',
      h: 'npm:other',
      i: 'file:../local',
      j: 'link:../linked',
    };
    expect(findMovingEdges(lockWith(stable))).toEqual([]);
  });

  it('the committed package-lock.json has no moving edge', () => {
    const lock: unknown = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
    expect(findMovingEdges(lock)).toEqual([]);
  });
});
