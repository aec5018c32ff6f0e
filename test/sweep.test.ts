// The real-code sweep (scripts/sweep.mjs) with the plugin from src/: no rule throws on the
// TypeScript sources that npm packages ship, and every report is triaged in docs/real-code.md, so a
// new report fails here until someone triages it.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { CORPORA, ROOT, formatReport, sweep, type SweepResult } from '../scripts/sweep.mjs';
import rpc from '../src/index.js';

const VERDICTS = ['true finding', 'false positive, open'];

interface Triage {
  location: string;
  ruleId: string;
  verdict: string;
  why: string;
}

/** The rows of the table between `<!-- sweep:begin -->` and `<!-- sweep:end -->` in docs/real-code.md. */
function triaged(): Triage[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/real-code.md'), 'utf8');
  const section = /<!-- sweep:begin -->([\s\S]*?)<!-- sweep:end -->/.exec(doc)?.[1];
  if (section === undefined) throw new Error('docs/real-code.md has no <!-- sweep:begin --> … <!-- sweep:end --> section');
  return section
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split('|').slice(2, -1).map((c) => c.trim());
      const [location = '', ruleId = '', verdict = '', why = ''] = cells.map((c) => c.replace(/^`|`$/g, ''));
      return { location, ruleId, verdict, why };
    });
}

const key = (location: string, ruleId: string): string => `${location} ${ruleId}`;

describe('the sweep itself', () => {
  it('counts a rule that throws as a crash of its file and goes on', async () => {
    const throwing = {
      meta: { type: 'problem' as const, schema: [] },
      create: () => ({
        Program() {
          throw new Error('boom');
        },
      }),
    };
    const fake = { rules: { boom: throwing }, configs: { strict: { plugins: { rpc: { rules: { boom: throwing } } }, rules: { 'rpc/boom': 'error' } } } };
    const corpus = CORPORA.find((c) => c.name === 'await-lock')!;
    const result = await sweep({ plugin: fake, corpora: [corpus, corpus] });
    expect(result.crashes).toHaveLength(2);
    expect(result.crashes[0]!.message).toContain('boom');
    expect(result.passes.map((p) => p.crashes)).toEqual([1, 1]);
  });
});

describe('real-code sweep', () => {
  let result: SweepResult;

  // 693 typed files: about a minute alone, and more than the default 120 s when the other vitest
  // worker and other processes share the machine's two cores (a crash test, not a timing one).
  it('lints every corpus with every rule (rpc.configs.strict) and no rule throws', { timeout: 400_000 }, async () => {
    result = await sweep({ plugin: rpc });
    expect(result.crashes.map((c) => `${c.file} [${c.corpus}]\n${c.stack || c.message}`)).toEqual([]);
    expect(result.rules.sort()).toEqual(Object.keys(rpc.configs.all.rules ?? {}).sort()); // strict enables every rule too
    expect(result.passes.map((p) => p.corpus)).toEqual(CORPORA.map((c) => c.name));
    for (const [i, pass] of result.passes.entries()) {
      if (!CORPORA[i]!.optional) expect(pass.files, pass.corpus).toBeGreaterThan(0);
    }
    expect(result.files).toBeGreaterThan(200);
  });

  it('reports exactly what docs/real-code.md triages', () => {
    expect(result, 'the sweep ran').toBeDefined();
    const rows = triaged();
    for (const row of rows) {
      expect(VERDICTS, `verdict of ${row.location}`).toContain(row.verdict);
      expect(row.why.length, `why of ${row.location}`).toBeGreaterThan(20);
    }
    const actual = result.reports.map((r) => key(`${r.file}:${r.line}`, r.ruleId)).sort();
    // Rows of an optional corpus that is not installed cannot be reported.
    const documented = rows
      .filter((r) => fs.existsSync(path.join(ROOT, r.location.replace(/:\d+$/, ''))))
      .map((r) => key(r.location, r.ruleId))
      .sort();
    // On failure: triage the new reports (printed below) in docs/real-code.md, or fix the rule.
    expect(actual, result.reports.map(formatReport).join('\n')).toEqual(documented);
  });
});
