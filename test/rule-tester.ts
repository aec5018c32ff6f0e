import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { RuleTester } from '@typescript-eslint/rule-tester';
import ts from 'typescript';
import { afterAll, describe, it } from 'vitest';

// RuleTester's hooks, wired to vitest once.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Lints `code` as `fixtures/file.ts`, type-checked against the real RPC packages. */
export function createRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fixturesDir,
      },
    },
  });
}

/** The hand-written TypeScript files of the fixtures (`articles/` and `cases/`, not `generated/`), sorted. */
export function fixtureSourceFiles(): string[] {
  return ['articles', 'cases'].flatMap((dir) =>
    fs
      .readdirSync(path.join(fixturesDir, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .map((file) => path.join(fixturesDir, dir, file)),
  );
}

/** A `ts.Program` of `rootNames` with the fixtures' compiler options, for tests of the model and facts. */
export function fixturesProgram(rootNames: readonly string[]): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(fixturesDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  })!;
  return ts.createProgram({ rootNames, options: config.options });
}
