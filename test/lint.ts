import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import rpc from '../src/index.js';
import { fixturesDir } from './rule-tester.js';

/** ESLint over the typed fixtures project with every rule of the plugin, as a user would run it. */
export function createFixturesESLint(extra: Linter.Config[] = []): ESLint {
  return new ESLint({
    cwd: fixturesDir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: true, tsconfigRootDir: fixturesDir },
        },
      },
      rpc.configs.all,
      ...extra,
    ],
  });
}

/** `// expect: rpc/a, rpc/b` annotations of a file: line → sorted rule ids. */
export function expectedFindings(source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((text, index) => {
    const match = /\/\/\s*expect:\s*(.+)$/.exec(text);
    if (!match) return;
    for (const rule of match[1]!.split(',').map((r) => r.trim()).filter(Boolean)) found.push(`${index + 1} ${rule}`);
  });
  return found.sort(byLineThenRule);
}

export function byLineThenRule(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b);
}
