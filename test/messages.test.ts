import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { rules } from '../src/index.js';
import { fixturesDir } from './rule-tester.js';

/*
 * Issue 28: every message is one or two plain sentences that fit a terminal line or an editor
 * hover, and what leaves a message is on the rule's docs page, under `## Messages`, per messageId.
 */

const docsDir = path.join(fixturesDir, '..', 'docs', 'rules');


/** A placeholder's value in the length check: longer than most names, shorter than a whole expression. */
const STAND_IN = 'x'.repeat(16);
/** Characters a message may take with every placeholder at `STAND_IN` (the realcode target is ≤ 220 at p90, ≤ 300 at most). */
const MAX_LENGTH = 220;

/** The text of the page's `## Messages` section, or null when it has none. */
function messagesSection(rule: string): string | null {
  const markdown = fs.readFileSync(path.join(docsDir, `${rule}.md`), 'utf8');
  const start = markdown.search(/^## Messages[ \t]*$/m);
  if (start < 0) return null;
  const rest = markdown.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

const all = Object.entries(rules).map(([name, rule]) => ({
  name,
  messages: Object.entries((rule.meta.messages ?? {}) as Record<string, string>),
  section: messagesSection(name),
}));

it('covers every rule of the plugin, and every rule has a `## Messages` section', () => {
  expect(all.length).toBe(15);
  for (const { name, section } of all) expect(section, name).toEqual(expect.any(String));
});

describe.each(all)('$name', ({ messages, section }) => {
  it.each(messages)('%s: named in the docs page’s `## Messages` section', (id) => {
    expect(section).toContain(`\`${id}\``);
  });

  it.each(messages)('%s: one or two sentences of at most 220 characters, ending with a period', (_id, template) => {
    const filled = template.replace(/\{\{\s*\w+\s*\}\}/g, STAND_IN);
    expect(filled.length).toBeLessThanOrEqual(MAX_LENGTH);
    expect(filled).toMatch(/\.$/);
    // A sentence ends at `.`, `?` or `!` followed by a space; `{{name}}.close()` does not end one.
    expect(filled.match(/[.?!]\s/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});
