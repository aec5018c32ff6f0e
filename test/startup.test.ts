// Start-up: loading the plugin does no work a lint may not need. @typescript-eslint/type-utils (and the
// typescript-estree it pulls in) loads on first use, in a program that loads an RPC library, and then
// only its specifier module.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import * as typeUtils from '@typescript-eslint/type-utils';
import { describe, expect, it } from 'vitest';

import { specifierMatchers, typeOrValueSpecifiersSchema } from '../src/model/type-utils.js';
import { fixturesDir } from './rule-tester.js';

const repoRoot = path.dirname(fixturesDir);

/** The files under `node_modules/@typescript-eslint/` a fresh process has loaded after running `code` (ESM). */
function loadedFiles(code: string): string[] {
  const script = `${code}
const { createRequire } = await import('node:module');
console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('node_modules/@typescript-eslint/'))));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })) as string[];
}

/** The `@typescript-eslint/*` packages of `files`. */
function packagesOf(files: readonly string[]): string[] {
  return [...new Set(files.map((f) => /node_modules\/(@typescript-eslint\/[^/]+)\//.exec(f)![1]!))].sort();
}

describe('start-up', () => {
  it("keeps type-utils' specifier schema, copied for meta.schema, equal to the package's own", () => {
    expect(typeOrValueSpecifiersSchema).toEqual(typeUtils.typeOrValueSpecifiersSchema);
  });

  it("matches with type-utils' own functions, from its specifier module alone", () => {
    const matchers = specifierMatchers();
    expect(matchers.typeMatchesSomeSpecifier).toBe(typeUtils.typeMatchesSomeSpecifier);
    expect(matchers.valueMatchesSomeSpecifier).toBe(typeUtils.valueMatchesSomeSpecifier);
  });

  it('imports the built plugin without loading @typescript-eslint/type-utils', () => {
    const loaded = packagesOf(loadedFiles(`await import('typescript'); await import('@typescript-eslint/utils'); const rpc = (await import('eslint-plugin-rpc')).default;
if (!rpc.rules['no-unclosed-client'].meta.schema) throw new Error('no schema');`));
    expect(loaded).toContain('@typescript-eslint/utils');
    expect(loaded).not.toContain('@typescript-eslint/type-utils');
    expect(loaded).not.toContain('@typescript-eslint/typescript-estree');
  });

  it('loads its specifier module on first use: a lint of a file that creates a client', () => {
    const files = loadedFiles(`const { Linter } = await import('eslint'); const parser = await import('@typescript-eslint/parser');
const rpc = (await import('eslint-plugin-rpc')).default;
const linter = new Linter();
const messages = linter.verify(
  "import { credentials } from '@grpc/grpc-js';\\nimport { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';\\nexport function f() {\\n  const client = new EventServiceClient('x', credentials.createInsecure());\\n  return 1;\\n}\\n",
  [{ files: ['**/*.ts'], languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(fixturesDir)} } } }, rpc.configs.recommended],
  ${JSON.stringify(path.join(fixturesDir, 'file.ts'))},
);
if (messages.map((m) => m.ruleId).join() !== 'rpc/no-unclosed-client') throw new Error(JSON.stringify(messages));`);
    expect(packagesOf(files)).not.toContain('@typescript-eslint/eslint-plugin');
    const typeUtilsFiles = files.filter((f) => f.includes('/@typescript-eslint/type-utils/')).map((f) => f.split('/@typescript-eslint/type-utils/dist/')[1]);
    expect(typeUtilsFiles).toContain('TypeOrValueSpecifier.js');
    expect(typeUtilsFiles).not.toContain('index.js');
  });
});
