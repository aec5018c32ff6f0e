// Type-checked by `npm run typecheck`: a consumer's `eslint.config.ts` with `defineConfig`.
import { defineConfig } from 'eslint/config';
import rpc from 'eslint-plugin-rpc';
import tseslint from 'typescript-eslint';

export default defineConfig([
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  rpc.configs.recommended,
  { rules: { 'rpc/no-unclosed-client': ['error', { allow: [{ from: 'package', package: '@acme/rpc', name: 'PooledClient' }] }] } },
  { settings: { rpc: { resources: [{ type: 'PooledClient', close: ['release'] }] } } },
]);
