// docs/typescript-api.md lists every member of the TypeScript API the plugin names (README, "On
// TypeScript 7"): a new use of the API must show up there, so the page is regenerated and compared.
// Outside the seam (src/syntax/, src/model/checker.ts, src/model/type-utils.ts) no code calls the
// `typescript` module or the checker at run time, and rules/ name no TypeScript API at all.
import fs from 'node:fs';

import { describe, expect, it } from 'vitest';

import { PAGE, SEAM, collectUses, inSeam, renderPage, seamBreaches } from '../scripts/typescript-api.mjs';

describe('docs/typescript-api.md', () => {
  const uses = collectUses();

  it('lists exactly the TypeScript API members that src/ and rules/ use (node scripts/typescript-api.mjs --write)', () => {
    expect(fs.readFileSync(PAGE, 'utf8')).toBe(renderPage(uses));
  });

  it('finds the checker calls, node tests and enums the plugin depends on, in the seam', () => {
    expect([...(uses.get('TypeChecker.getTypeAtLocation')?.keys() ?? [])]).toEqual(['src/model/checker.ts']);
    expect([...(uses.get('ts.isIdentifier')?.keys() ?? [])]).toContain('src/syntax/ts-nodes.ts');
    expect(uses.get('ts.SyntaxKind')?.get('src/syntax/ts-nodes.ts')).toBe(true);
  });

  it('tells run-time uses from type-only ones', () => {
    // `kind: ts.SyntaxKind` annotates a parameter outside the seam: erased, allowed
    expect(uses.get('ts.SyntaxKind')?.get('src/analysis/ownership/ownership-facts.ts')).toBe(false);
  });

  it('keeps every run-time use of the typescript module and of the checker behind the seam', () => {
    expect(SEAM).toEqual(['src/syntax/', 'src/model/checker.ts', 'src/model/type-utils.ts']);
    expect(Object.fromEntries(seamBreaches(uses))).toEqual({});
  });

  it('keeps rules/ off the TypeScript API: rules read like their spec and ask src/', () => {
    const inRules = [...uses].filter(([, files]) => [...files.keys()].some((f) => f.startsWith('rules/'))).map(([name]) => name);
    expect(inRules).toEqual([]);
  });

  it('counts a file outside the seam that names the API, and no seam file as outside', () => {
    expect(inSeam('src/syntax/ts-nodes.ts')).toBe(true);
    expect(inSeam('src/model/checker.ts')).toBe(true);
    expect(inSeam('src/model/index.ts')).toBe(false);
    expect(inSeam('rules/no-unclosed-client.ts')).toBe(false);
  });
});
