import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { rules } from '../src/index.js';
import { createFixturesESLint } from './lint.js';
import { fixturesDir } from './rule-tester.js';

const docsDir = path.join(fixturesDir, '..', 'docs', 'rules');

interface Example {
  kind: 'bad' | 'good';
  code: string;
  line: number;
}

/** Code blocks after a ❌ or ✅ marker, in order. */
function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  let kind: Example['kind'] | null = null;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes('❌')) kind = 'bad';
    else if (line.includes('✅') && !line.includes('`recommended`')) kind = 'good';
    if (kind && /^```ts\s*$/.test(line)) {
      const end = lines.indexOf('```', i + 1);
      examples.push({ kind, code: lines.slice(i + 1, end).join('\n'), line: i + 2 });
      i = end;
    }
  }
  return examples;
}

describe.each(Object.keys(rules))('docs/rules/%s.md examples', (name) => {
  const markdown = fs.readFileSync(path.join(docsDir, `${name}.md`), 'utf8');
  const examples = examplesOf(markdown);
  const eslint = createFixturesESLint();

  it('has at least one ❌ and one ✅ example', () => {
    expect(examples.some((e) => e.kind === 'bad')).toBe(true);
    expect(examples.some((e) => e.kind === 'good')).toBe(true);
  });

  it.each(examples.map((e) => [`${e.kind} example at line ${e.line}`, e] as const))('%s', async (_title, example) => {
    const [result] = await eslint.lintText(example.code, { filePath: path.join(fixturesDir, 'file.ts') });
    expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
    const own = result!.messages.filter((m) => m.ruleId === `rpc/${name}`);
    if (example.kind === 'bad') expect(own.length).toBeGreaterThan(0);
    else expect(own).toEqual([]);
  });
});
