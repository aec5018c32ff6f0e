// The program-wide summary framework, on a small in-memory program of two files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { MAX_DEPTH, Summaries, type SummaryFact } from '../src/analysis/summaries.js';

const FILES: Record<string, string> = {
  'helpers.ts': `
    export function leaf() { return 1; }
    export function viaLeaf() { return leaf(); }
    export function ping(): number { return pong(); }
    export function pong(): number { return ping() + leaf(); }
    export function over(a: string): string;
    export function over(a: number): number;
    export function over(a: unknown) { leaf(); return a; }
    export declare function ambient(): void;
    export class Twin { twin = 1; constructor(a: string) { leaf(); } }
    export class OtherTwin { other = 1; constructor(a: string) {} }
    export class Box { constructor() { leaf(); } open() { return viaLeaf(); } static make() { return new Box(); } }
    ${Array.from({ length: MAX_DEPTH + 2 }, (_, i) => `export function chain${i}() { ${i === MAX_DEPTH + 1 ? 'leaf()' : `chain${i + 1}()`}; }`).join('\n')}
  `,
  'main.ts': `
    import { viaLeaf, ping, over, ambient, Box, chain0, Twin, OtherTwin } from './helpers';
    export function main(anyFn: any, pick: boolean) {
      viaLeaf(); ping(); over('x'); ambient(); new Box().open(); Box.make(); chain0(); anyFn();
      const Either = pick ? Twin : OtherTwin;
      new Either('x');
    }
  `,
};

let cached: { dir: string; program: ts.Program } | null = null;

/** The two files on disk, compiled once with the default host and lib. */
function program(): ts.Program {
  if (!cached) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-summaries-'));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [], noEmit: true };
    cached = { dir, program: ts.createProgram({ rootNames: Object.keys(FILES).map((name) => path.join(dir, name)), options }) };
  }
  return cached.program;
}

/** Test fact: whether a function reaches `leaf()` through its calls (unknown: null). */
const reachesLeaf: SummaryFact<boolean | null> = {
  name: 'reaches-leaf',
  unknown: null,
  recursive: false,
  compute(fn, summaries) {
    let reaches: boolean | null = false;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        if (ts.isIdentifier(node.expression) && node.expression.text === 'leaf') reaches = true;
        const callee = summaries.calleeOf(node);
        const answer = callee ? summaries.get(reachesLeaf, callee) : null;
        if (answer === true) reaches = true;
        else if (answer === null && reaches === false && !(ts.isIdentifier(node.expression) && node.expression.text === 'leaf')) reaches = null;
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) ts.forEachChild(fn.body, visit);
    return reaches;
  },
};

function callsInMain(summaries: Summaries): Map<string, ts.CallExpression | ts.NewExpression> {
  const main = summaries.program.getSourceFiles().find((file) => path.basename(file.fileName) === 'main.ts')!;
  const calls = new Map<string, ts.CallExpression | ts.NewExpression>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) calls.set(node.getText(main), node);
    ts.forEachChild(node, visit);
  };
  visit(main);
  return calls;
}

describe('Summaries', () => {
  it('resolves callees in another file and computes facts through them', () => {
    const summaries = new Summaries(program());
    const calls = callsInMain(summaries);
    const callee = summaries.calleeOf(calls.get('viaLeaf()')!)!;
    expect((callee as ts.FunctionDeclaration).name?.text).toBe('viaLeaf');
    expect(path.basename(callee.getSourceFile().fileName)).toBe('helpers.ts');
    expect(summaries.get(reachesLeaf, callee)).toBe(true);
    expect(summaries.get(reachesLeaf, summaries.calleeOf(calls.get('new Box().open()')!)!)).toBe(true);
    expect(summaries.get(reachesLeaf, summaries.calleeOf(calls.get('new Box()')!)!)).toBe(true); // the constructor
    expect(summaries.get(reachesLeaf, summaries.calleeOf(calls.get('Box.make()')!)!)).toBe(true); // static, through `new`
    expect(summaries.classOf(calls.get('new Box()') as ts.NewExpression)?.name?.text).toBe('Box');
  });

  it('is safe on mutual recursion: the cycle contributes its own bodies', () => {
    const summaries = new Summaries(program());
    expect(summaries.get(reachesLeaf, summaries.calleeOf(callsInMain(summaries).get('ping()')!)!)).toBe(true);
  });

  it('has no callee for overloads, ambient declarations, `any` and unions with identical signatures', () => {
    const summaries = new Summaries(program());
    const calls = callsInMain(summaries);
    expect(summaries.calleeOf(calls.get("over('x')")!)).toBeNull();
    expect(summaries.calleeOf(calls.get('ambient()')!)).toBeNull();
    expect(summaries.calleeOf(calls.get('anyFn()')!)).toBeNull();
    expect(summaries.calleeOf(calls.get("new Either('x')")!)).toBeNull();
  });

  it('answers `unknown` past the depth bound instead of following the chain', () => {
    const summaries = new Summaries(program());
    expect(summaries.get(reachesLeaf, summaries.calleeOf(callsInMain(summaries).get('chain0()')!)!)).toBeNull();
  });

  it('computes each fact once per declaration and turns a crash into `unknown`', () => {
    const summaries = new Summaries(program());
    const callee = summaries.calleeOf(callsInMain(summaries).get('viaLeaf()')!)!;
    let runs = 0;
    const crashing: SummaryFact<string> = {
      name: 'crashing',
      unknown: 'unknown',
      recursive: 'recursive',
      compute(): string {
        runs++;
        throw new Error('checker crash');
      },
    };
    expect(summaries.get(crashing, callee)).toBe('unknown');
    expect(summaries.get(crashing, callee)).toBe('unknown');
    expect(runs).toBe(1);
  });
});

/** A small program of its own, compiled from `files`, for the names index. */
function programOf(files: Record<string, string>): ts.Program {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-names-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [], noEmit: true };
  return ts.createProgram({ rootNames: Object.keys(files).map((name) => path.join(dir, name)), options });
}

describe('Summaries.functionsNamed', () => {
  const names = (found: readonly ts.Node[] | null): string[] | null => found && found.map((fn) => ts.SyntaxKind[fn.kind]);

  it('lists the functions declared or bound under a name, as name and member resolution find them', () => {
    const summaries = new Summaries(
      programOf({
        'lib.ts': `
          export function make() { return 1; }
          export const arrow = () => 2;
          export class K { method() {} 'quoted'() {} #priv() {} get acc() { return 1; } prop = () => 3; constructor() {} }
          export const table = { viaKey: () => 1, short() {}, ['literal']: function () {} };
        `,
        'use.ts': `import { make as renamed } from './lib'; export { arrow as exported } from './lib'; export const n = renamed();`,
      }),
    );
    expect(names(summaries.functionsNamed('make'))).toEqual(['FunctionDeclaration']);
    expect(names(summaries.functionsNamed('arrow'))).toEqual(['ArrowFunction']);
    expect(names(summaries.functionsNamed('quoted'))).toEqual(['MethodDeclaration']);
    expect(names(summaries.functionsNamed('#priv'))).toEqual(['MethodDeclaration']);
    expect(names(summaries.functionsNamed('acc'))).toEqual(['GetAccessor']);
    expect(names(summaries.functionsNamed('prop'))).toEqual(['ArrowFunction']);
    expect(names(summaries.functionsNamed('viaKey'))).toEqual(['ArrowFunction']);
    expect(names(summaries.functionsNamed('literal'))).toEqual(['FunctionExpression']);
    expect(summaries.functionsNamed('constructor')).toEqual([]);
    expect(summaries.functionsNamed('absent')).toEqual([]);
  });

  it('gives no answer where a name may stand for a function declared under another', () => {
    const summaries = new Summaries(programOf({ 'lib.ts': 'export function make() { return 1; }', 'use.ts': `import { make as renamed } from './lib'; export { make as exported } from './lib'; import * as ns from './lib'; export const n = renamed() + ns.make();` }));
    expect(summaries.functionsNamed('renamed')).toBeNull(); // an import binding
    expect(summaries.functionsNamed('exported')).toBeNull(); // an export binding (`ns.exported()` elsewhere)
    expect(summaries.functionsNamed('ns')).toBeNull();
    expect(summaries.functionsNamed('default')).toBeNull();
    expect(names(summaries.functionsNamed('make'))).toEqual(['FunctionDeclaration']);
  });

  it('gives no answer at all where a function is bound under a computed key', () => {
    const summaries = new Summaries(programOf({ 'lib.ts': `const KEY = 'make'; export const table = { [KEY]: () => 1 }; export function other() {}` }));
    expect(summaries.functionsNamed('make')).toBeNull();
    expect(summaries.functionsNamed('other')).toBeNull();
  });
});
