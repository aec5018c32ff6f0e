// `npm run demo`: lint the bundled article translations with `rpc.configs.recommended`, as a user would.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import rpc from 'eslint-plugin-rpc';
import tseslint from 'typescript-eslint';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

const eslint = new ESLint({
  cwd: fixtures,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: fixtures } },
    },
    rpc.configs.recommended,
  ],
});

const results = await eslint.lintFiles(['articles/**/*.ts']);
const formatter = await eslint.loadFormatter('stylish');
process.stdout.write(await formatter.format(results));

const count = (file) => results.find((r) => r.filePath.endsWith(file))?.messages.length ?? 0;
const articles = [...new Set(results.map((r) => path.basename(path.dirname(r.filePath))))].sort();
console.log(`rules in rpc.configs.recommended: ${Object.keys(rpc.configs.recommended.rules).join(', ')}`);
for (const article of articles) {
  console.log(`${article}: bad.ts ${count(`${article}/bad.ts`)} finding(s), good.ts ${count(`${article}/good.ts`)}`);
}
// Findings are the point of the demo, so they do not fail it; a crash or parse error does.
const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal));
process.exitCode = fatal.length > 0 ? 1 : 0;
