import tseslint from 'typescript-eslint';
import rpc from 'eslint-plugin-rpc';
export default tseslint.config(
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  rpc.configs.recommended,
);
