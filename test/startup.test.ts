// Start-up: loading the plugin does no work a lint may not need. @typescript-eslint/type-utils (and the
// typescript-estree it pulls in) loads on first use, in a program that loads an RPC library.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import * as typeUtils from '@typescript-eslint/type-utils';
import { describe, expect, it } from 'vitest';

import { typeOrValueSpecifiersSchema } from '../src/model/type-utils.js';
import { fixturesDir } from './rule-tester.js';

const repoRoot = path.dirname(fixturesDir);

/** The `@typescript-eslint/*` packages a fresh process has loaded after running `code` (ESM). */
function loadedPackages(code: string): string[] {
  const script = `${code}
const { createRequire } = await import('node:module');
const names = Object.keys(createRequire(import.meta.url).cache).map((f) => /node_modules\\/(@typescript-eslint\\/[^/]+)\\//.exec(f)?.[1]).filter(Boolean);
console.log(JSON.stringify([...new Set(names)].sort()));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })) as string[];
}

describe('start-up', () => {
  it("keeps type-utils' specifier schema, copied for meta.schema, equal to the package's own", () => {
    expect(typeOrValueSpecifiersSchema).toEqual(typeUtils.typeOrValueSpecifiersSchema);
  });

  it('imports the built plugin without loading @typescript-eslint/type-utils', () => {
    const loaded = loadedPackages(`await import('typescript'); await import('@typescript-eslint/utils'); const rpc = (await import('eslint-plugin-rpc')).default;
if (!rpc.rules['no-unclosed-client'].meta.schema) throw new Error('no schema');`);
    expect(loaded).toContain('@typescript-eslint/utils');
    expect(loaded).not.toContain('@typescript-eslint/type-utils');
    expect(loaded).not.toContain('@typescript-eslint/typescript-estree');
  });

  it('loads it on first use: a lint of a file that creates a client', () => {
    const loaded = loadedPackages(`const { Linter } = await import('eslint'); const parser = await import('@typescript-eslint/parser');
const rpc = (await import('eslint-plugin-rpc')).default;
const linter = new Linter();
const messages = linter.verify(
  "import { credentials } from '@grpc/grpc-js';\\nimport { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';\\nexport function f() {\\n  const client = new EventServiceClient('x', credentials.createInsecure());\\n  return 1;\\n}\\n",
  [{ files: ['**/*.ts'], languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(fixturesDir)} } } }, rpc.configs.recommended],
  ${JSON.stringify(path.join(fixturesDir, 'file.ts'))},
);
if (messages.map((m) => m.ruleId).join() !== 'rpc/no-unclosed-client') throw new Error(JSON.stringify(messages));`);
    expect(loaded).not.toContain('@typescript-eslint/eslint-plugin');
    expect(loaded).toContain('@typescript-eslint/type-utils');
  });
});
