// Whether a program's own files can make a resource at all (src/model/library-reach.ts): programs on
// disk beside the real libraries, one answer per program.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { sourcesMayMakeResources } from '../src/model/library-reach.js';
import { HANDLES, RESOURCES } from '../src/model/resources.js';
import { fromPackage } from '../src/model/specifiers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODEL = [...RESOURCES, ...HANDLES];

/** Two packages of declarations beside the real ones: one leads to grpc-js through a file of its own, one leads nowhere. */
const PACKAGES: Record<string, string> = {
  'wrapper/package.json': '{ "name": "wrapper", "types": "index.d.ts" }',
  'wrapper/index.d.ts': "export * from './inner';\n",
  'wrapper/inner.d.ts': "import type { Client } from '@grpc/grpc-js';\nexport declare function make(): Client;\n",
  'plain/package.json': '{ "name": "plain", "types": "index.d.ts" }',
  'plain/index.d.ts': "import { EventEmitter } from 'node:events';\nexport declare function make(): EventEmitter;\n",
};

/** A program of `files` (and the libraries, loaded as a program's `types` would), in a fresh directory. */
function programOf(files: Record<string, string>): ts.Program {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-reach-'));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const scope of ['@grpc', '@types', 'nice-grpc', 'nice-grpc-common']) fs.symlinkSync(path.join(ROOT, 'node_modules', scope), path.join(modules, scope));
  for (const [name, text] of Object.entries(PACKAGES)) {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.writeFileSync(path.join(modules, name), text);
  }
  // Loaded beside the program's own files, as the bench loads them: `import type {} from …` binds no name.
  const all = { 'load.ts': "import type {} from '@grpc/grpc-js';\nimport type {} from 'nice-grpc';\n", ...files };
  for (const [name, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, name), text);
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], strict: true, noEmit: true, allowJs: true, checkJs: true };
  return ts.createProgram({ rootNames: Object.keys(all).map((name) => path.join(dir, name)), options });
}

describe('sourcesMayMakeResources', () => {
  it.each([
    ['a named import of the library', { 'a.ts': "import { credentials } from '@grpc/grpc-js';\nexport const c = credentials;\n" }],
    ['a type-only import of a resource type', { 'a.ts': "import type { Client } from '@grpc/grpc-js';\nexport let c: Client | undefined;\n" }],
    ['a namespace import', { 'a.ts': "import * as grpc from '@grpc/grpc-js';\nexport const c = grpc;\n" }],
    ['a re-export of the library', { 'a.ts': "export * from '@grpc/grpc-js';\n" }],
    ['a package whose declarations import the library in a file of their own', { 'a.ts': "import { make } from 'wrapper';\nexport const c = make();\n" }],
    ['an `import()` type', { 'a.ts': "export let c: import('@grpc/grpc-js').Client | undefined;\n" }],
    ['a dynamic `import()`', { 'a.ts': "export const c = import('nice-grpc');\n" }],
    ['`import x = require(…)`', { 'a.ts': "import grpc = require('@grpc/grpc-js');\nexport const c = grpc;\n" }],
    ['`require(…)` in JavaScript', { 'a.js': "const grpc = require('@grpc/grpc-js');\nmodule.exports = grpc;\n" }],
    ['a JSDoc `import()` type in JavaScript', { 'a.js': "/** @type {import('@grpc/grpc-js').Client | undefined} */\nexport let c;\n" }],
    ['an import inside a `declare module` of the program', { 'types.d.ts': "declare module 'local' {\n  import { Client } from '@grpc/grpc-js';\n  export function make(): Client;\n}\n" }],
  ])('may make a resource: %s', (_name, files) => {
    expect(sourcesMayMakeResources(programOf(files), MODEL)).toBe(true);
  });

  it.each([
    ['only relative imports, Node built-ins, and the libraries loaded beside them', { 'a.ts': "import { EventEmitter } from 'node:events';\nimport { b } from './b';\nexport const c = new EventEmitter() && b;\n", 'b.ts': 'export const b = 1;\n' }],
    ['a package that leads to no library', { 'a.ts': "import { make } from 'plain';\nexport const c = make();\n" }],
    ['a side-effect import of the library, which binds no name', { 'a.ts': "import '@grpc/grpc-js';\nexport const c = 1;\n" }],
    ['the library named in a string or comment only', { 'a.ts': "// import('@grpc/grpc-js')\nexport const c = \"require('@grpc/grpc-js')\";\n" }],
  ])('makes none: %s', (_name, files) => {
    expect(sourcesMayMakeResources(programOf(files), MODEL)).toBe(false);
  });

  it('may make one anywhere when a resource of the settings is no package’s', () => {
    const local = { ...RESOURCES[0]!, library: 'user' as const, spec: { from: 'file' as const, name: 'Pool' } };
    expect(sourcesMayMakeResources(programOf({ 'a.ts': 'export class Pool { close(): void {} }\n' }), [local, ...MODEL])).toBe(true);
  });

  it('follows a package a resource of the settings names', () => {
    const plain = { ...RESOURCES[0]!, library: 'user' as const, spec: fromPackage('plain', 'Thing') };
    const files = { 'a.ts': "import { make } from 'plain';\nexport const c = make();\n" };
    expect(sourcesMayMakeResources(programOf(files), MODEL)).toBe(false);
    expect(sourcesMayMakeResources(programOf(files), [plain, ...MODEL])).toBe(true);
  });
});
