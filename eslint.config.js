// Self-lint: the plugin's own sources and tests, with eslint-plugin-eslint-plugin's strict checks.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

const TYPE_UTILS_IMPORT = {
  name: '@typescript-eslint/type-utils',
  allowTypeImports: true,
  message: 'Import its functions from src/model/type-utils.ts, which loads the package on first use.',
};
const TYPESCRIPT_IMPORT = {
  name: 'typescript',
  allowTypeImports: true,
  message: 'Use `import type`, and ask the seam (src/syntax/ts-nodes.ts, src/model/checker.ts) for node tests, kinds, flags and checker calls (docs/typescript-api.md).',
};
/** The files that may use the TypeScript API at run time, besides src/model/type-utils.ts (docs/typescript-api.md). */
const TYPESCRIPT_SEAM = ['src/syntax/**/*.ts', 'src/model/checker.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'fixtures/', 'tools/', 'node_modules/', '.scratch/', 'test/compat/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // TSESTree's `type` is a string enum; comparing it with literals is type-checked by the node unions.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // type-utils loads on first use (src/model/type-utils.ts): importing it at load time is most of
    // the plugin's start-up cost (docs/performance.md, Start-up; test/startup.test.ts). The TypeScript
    // API is used at run time only in the seam (src/syntax/, src/model/checker.ts, type-utils.ts);
    // elsewhere `import type ts from 'typescript'` (docs/typescript-api.md).
    files: ['rules/**/*.ts', 'src/**/*.ts'],
    ignores: [...TYPESCRIPT_SEAM, 'src/model/type-utils.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [TYPE_UTILS_IMPORT, TYPESCRIPT_IMPORT] }] },
  },
  {
    files: TYPESCRIPT_SEAM,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [TYPE_UTILS_IMPORT] }] },
  },
  {
    files: ['rules/**/*.ts', 'src/**/*.ts'],
    ...eslintPlugin.configs.rules,
    rules: {
      ...eslintPlugin.configs.rules.rules,
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Require|Disallow|Enforce)' }],
      'eslint-plugin/require-meta-docs-url': 'off', // RuleCreator builds the URL
      // Presets are named by string ('recommended' | 'strict'), as in typescript-eslint.
      'eslint-plugin/require-meta-docs-recommended': ['error', { allowNonBoolean: true }],
      // ESLint 10 does not read `meta.languages` yet and typescript-eslint's RuleMetaData has no such key.
      'eslint-plugin/require-meta-languages': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    ...eslintPlugin.configs.tests,
    rules: { ...eslintPlugin.configs.tests.rules, '@typescript-eslint/no-floating-promises': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
);
