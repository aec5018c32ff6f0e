import path from 'node:path';

import type { InvalidTestCase, RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import rpc from '../src/index.js';
import { createRuleTester, fixturesDir } from './rule-tester.js';

/**
 * Every report of the plugin's rules on `code`, linted as the rule tester lints it (`fixtures/file.ts`,
 * typed), with the case's settings and options for the rule under test.
 */
async function lint(code: string, ruleName: string, testCase: { settings?: unknown; options?: readonly unknown[] }): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({
    cwd: fixturesDir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: fixturesDir } } },
      rpc.configs.all,
      {
        settings: (testCase.settings ?? {}) as Linter.Config['settings'],
        rules: testCase.options ? { [`rpc/${ruleName}`]: ['error', ...testCase.options] as Linter.RuleEntry } : {},
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(fixturesDir, 'file.ts') });
  return result!.messages;
}

const key = (m: Linter.LintMessage) => `${m.ruleId}/${m.messageId}`;

/**
 * Re-lints the output of every suggestion in `invalid` with all of the plugin's rules: it parses,
 * the finding it answers is gone (no report of that rule and message at the error's position, one
 * report fewer of that kind), and it brings no finding that the code before did not have.
 */
export function relintSuggestions<MessageIds extends string, Options extends readonly unknown[]>(
  ruleName: string,
  invalid: readonly InvalidTestCase<MessageIds, Options>[],
  /** Names of cases whose suggestion output the rule still reports, each a known false positive: `it.fails`. */
  knownResidue: readonly string[] = [],
): void {
  describe(`${ruleName}: every suggestion's output re-lints clean for its finding`, () => {
    for (const testCase of invalid) {
      testCase.errors.forEach((error, errorIndex) => {
        (error.suggestions ?? []).forEach((suggestion, index) => {
          const test = knownResidue.includes(testCase.name ?? '') ? it.fails : it;
          test(`${testCase.name ?? testCase.code.slice(0, 40)} (error ${errorIndex}, suggestion ${index})`, async () => {
            const before = await lint(testCase.code, ruleName, testCase);
            const after = await lint(suggestion.output, ruleName, testCase);
            expect(after.filter((m) => m.fatal || m.ruleId === null)).toEqual([]);
            const fixed = `rpc/${ruleName}/${error.messageId}`;
            if (error.line !== undefined && error.column !== undefined) {
              expect(after.filter((m) => key(m) === fixed && m.line === error.line && m.column === error.column)).toEqual([]);
            }
            const count = (messages: Linter.LintMessage[], k: string) => messages.filter((m) => key(m) === k).length;
            expect(count(after, fixed)).toBeLessThan(count(before, fixed));
            for (const k of new Set(after.map(key))) expect(count(after, k), `${k} after the suggestion`).toBeLessThanOrEqual(count(before, k));
          });
        });
      });
    }
  });
}

/** The rule tester's run of `cases`, then {@link relintSuggestions} over its invalid cases. */
export function runRuleTests<MessageIds extends string, Options extends readonly unknown[]>(
  ruleName: string,
  rule: TSESLint.RuleModule<MessageIds, Options>,
  cases: RunTests<MessageIds, Options>,
  knownResidue: readonly string[] = [],
): void {
  createRuleTester().run(ruleName, rule, cases);
  relintSuggestions(ruleName, cases.invalid, knownResidue);
}
