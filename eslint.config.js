// Self-lint: the plugin's own sources and tests, with eslint-plugin-eslint-plugin's strict checks.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

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
    // the plugin's start-up cost (docs/performance.md, Start-up; test/startup.test.ts).
    files: ['rules/**/*.ts', 'src/**/*.ts'],
    ignores: ['src/model/type-utils.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@typescript-eslint/type-utils', allowTypeImports: true, message: 'Import its functions from src/model/type-utils.ts, which loads the package on first use.' }] },
      ],
    },
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
