// Every call of a function, when the program shows them all (src/analysis/flow/call-sites.ts): on a small
// program of a few modules, as a package would have them (an index, an internal module, a module the index
// re-exports, a module nobody imports, a test file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { callSitesFact, parameterValues } from '../src/analysis/flow/call-sites.js';
import { Summaries, type SummarizedFunction } from '../src/analysis/summaries.js';

const FILES: Record<string, string> = {
  'internal.ts': `
    export function used(a: number, b = 2) { return a + b; }
    function local(a: number) { return a; }
    local(1); local(2);
    function asValue(a: number) { return a; }
    [1].forEach(asValue); asValue(3);
    function spread(a: number) { return a; }
    spread(...[1]); spread(4);
    function never(a: number) { return a; }
    export function renamed(a: number) { return a; }
    export const arrow = (a: number) => a;
    export class Box { constructor(readonly a: number) {} }
    export class Base { constructor(readonly a: number) {} }
    export default function byDefault(a: number) { return a; }
  `,
  'public.ts': `
    export function api(a: number) { return a; }
  `,
  'ns.ts': `
    export function viaNamespace(a: number) { return a; }
  `,
  'root.ts': `
    export function rootFn(a: number) { return a; }
    rootFn(1);
  `,
  'index.ts': `
    export * from './public';
    export { passedOn } from './named';
    export function fromIndex(a: number) { return a; }
  `,
  'named.ts': `
    export function kept(a: number) { return a; }
    export function passedOn(a: number) { return a; }
  `,
  'main.test.ts': `
    import { used, Box } from './internal';
    import { kept } from './named';
    used(99); kept(99); [Box].length;
  `,
  'main.ts': `
    import byDefault, { used, renamed as other, arrow, Box, Base } from './internal';
    import { api, fromIndex } from './index';
    import * as ns from './ns';
    import { kept, passedOn } from './named';
    kept(1); passedOn(1);
    used(1); used(2, 3); other(1); arrow(5); new Box(1); api(1); fromIndex(1); ns.viaNamespace(1); byDefault(1);
    class Sub extends Base {}
    new Sub(1);
    export const box: Box | null = null;
  `,
};

let cached: ts.Program | null = null;

function program(): ts.Program {
  if (!cached) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-call-sites-'));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [], noEmit: true };
    cached = ts.createProgram({ rootNames: Object.keys(FILES).map((name) => path.join(dir, name)), options });
  }
  return cached;
}

/** The function, `const` arrow or class constructor declared under `name`. */
function declared(name: string): SummarizedFunction {
  let found: SummarizedFunction | null = null;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === name) found = node;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer && ts.isArrowFunction(node.initializer)) found = node.initializer;
    if (ts.isClassDeclaration(node) && node.name?.text === name) found = node.members.find(ts.isConstructorDeclaration) ?? null;
    ts.forEachChild(node, visit);
  };
  for (const file of program().getSourceFiles()) if (!file.isDeclarationFile) visit(file);
  if (!found) throw new Error(`no declaration of ${name}`);
  return found;
}

function callTexts(name: string): string[] | null {
  const calls = new Summaries(program()).get(callSitesFact, declared(name));
  return calls && calls.map((call) => call.getText());
}

describe('call sites', () => {
  it('finds every call of a function that the program shows all of', () => {
    expect(callTexts('local')).toEqual(['local(1)', 'local(2)']);
    // Exported from a module the program imports, that no module re-exports: the program's own.
    expect(callTexts('used')).toEqual(['used(1)', 'used(2, 3)']);
    expect(callTexts('arrow')).toEqual(['arrow(5)']);
    expect(callTexts('Box')).toEqual(['new Box(1)']);
    // A module another re-exports some names of (`export { passedOn } from`): its other exports stay the program's.
    expect(callTexts('kept')).toEqual(['kept(1)']);
  });

  it('leaves out what test files do with a function of the program', () => {
    // `main.test.ts` calls `used` and `kept` and names `Box` as a value: none of it counts.
    expect(callTexts('used')).toEqual(['used(1)', 'used(2, 3)']);
    expect(callTexts('Box')).toEqual(['new Box(1)']);
  });

  it('gives up where a call may be out of sight', () => {
    expect(callTexts('asValue')).toBeNull(); // passed as a value
    expect(callTexts('spread')).toBeNull(); // a call spreads its arguments
    expect(callTexts('never')).toBeNull(); // no call at all
    expect(callTexts('renamed')).toBeNull(); // imported under another name
    expect(callTexts('byDefault')).toBeNull(); // a default export
    expect(callTexts('Base')).toBeNull(); // extended: the subclass constructs it
    expect(callTexts('api')).toBeNull(); // re-exported by the index: the package's users call it
    expect(callTexts('passedOn')).toBeNull(); // re-exported by name
    expect(callTexts('fromIndex')).toBeNull(); // an index module's export
    expect(callTexts('rootFn')).toBeNull(); // a module no module imports (an entry)
    expect(callTexts('viaNamespace')).toBeNull(); // a module imported whole
  });

  it('gives a parameter the arguments of every call, and its default', () => {
    const summaries = new Summaries(program());
    const [a, b] = declared('used').parameters;
    expect(parameterValues(a!, summaries)?.map((v) => v.getText())).toEqual(['1', '2']);
    expect(parameterValues(b!, summaries)?.map((v) => v.getText())).toEqual(['3', '2']);
  });
});
