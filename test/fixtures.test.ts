import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import rpc from '../src/index.js';
import { byLineThenRule, createFixturesESLint, expectedFindings } from './lint.js';
import { fixturesDir } from './rule-tester.js';

const articlesDir = path.join(fixturesDir, 'articles');
const files = fs
  .readdirSync(articlesDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .sort();
const shipped = new Set(Object.keys(rpc.rules).map((name) => `rpc/${name}`));

describe('article fixtures report exactly their `// expect:` annotations', () => {
  const eslint = createFixturesESLint();

  it('covers every article with a bad and a good file', () => {
    const articles = fs.readdirSync(articlesDir).sort();
    expect(articles.length).toBe(5);
    for (const article of articles) {
      expect(fs.existsSync(path.join(articlesDir, article, 'bad.ts')), `${article}/bad.ts`).toBe(true);
      expect(fs.existsSync(path.join(articlesDir, article, 'good.ts')), `${article}/good.ts`).toBe(true);
    }
  });

  for (const file of files) {
    const fullPath = path.join(articlesDir, file);
    const source = fs.readFileSync(fullPath, 'utf8');
    const expected = expectedFindings(source);
    const pending = expected.filter((finding) => !shipped.has(finding.split(' ')[1]!));

    it(file, async () => {
      const [result] = await eslint.lintFiles([fullPath]);
      const fatal = result!.messages.filter((m) => m.fatal || m.ruleId === null);
      expect(fatal).toEqual([]);
      const actual = result!.messages.map((m) => `${m.line} ${m.ruleId}`).sort(byLineThenRule);
      expect(actual).toEqual(expected.filter((finding) => !pending.includes(finding)));
      if (file.endsWith('good.ts')) expect(expected).toEqual([]);
    });

    // Annotations of rules that have not landed yet stay visible as to-dos, not silent passes.
    for (const finding of pending) it.todo(`${file}:${finding} (rule not shipped yet)`);
  }
});
