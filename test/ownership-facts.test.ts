// The ownership facts on the summaries, library-agnostic: a two-file in-memory program whose
// "library" (`Conn`, `borrow`, `closeConn`) is described by a small ResourceModel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { OwnershipFacts, isLifecycleName, overwrites, type ResourceModel } from '../src/analysis/ownership/ownership-facts.js';
import { Summaries, type SummarizedFunction } from '../src/analysis/summaries.js';

const FILES: Record<string, string> = {
  'lib.ts': `
    export class Conn { close(): void {} ping(): void {} }
    export function borrow(def: string, conn: Conn) { return { def, conn }; }
    export function closeConn(conn: Conn): void { conn.close(); }
  `,
  'helpers.ts': `
    import { Conn, borrow, closeConn } from './lib';
    export function lends(conn: Conn) { conn.ping(); const client = borrow('def', conn); return client.def; }
    export function wraps(conn: Conn) { return borrow('def', conn); }
    export function releases(conn: Conn) { closeConn(conn); }
    export function returns(conn: Conn) { return conn; }
    export function loops(conn: Conn, n: number): void { if (n > 0) loops(conn, n - 1); }
    export function untyped(conn: any) { conn.ping(); }
    export function passesOn(conn: Conn) { lends(conn); }
    export function make() { return new Conn(); }
    export async function connect() { const conn = new Conn(); await Promise.resolve(); return conn; }
    let cached: Conn | undefined;
    export function shared() { if (cached) return cached; return (cached = new Conn()); }
    export class Wrapper {
      private conn = new Conn();
      private readonly client = borrow('def', new Conn());
      constructor(private readonly injected: Conn) {}
      start() { this.conn = new Conn(); }
      restart() { this.conn.close(); this.conn = new Conn(); }
      close() { this.conn.close(); this.injected.close(); }
      static create(conn: Conn) { return new Wrapper(conn); }
    }
    export class Keeper { constructor(conn: Conn) { this.kept = conn; } kept: Conn; }
    export class PrivateKeeper { constructor(private readonly conn: Conn) {} ping() { this.conn.ping(); } }
    export function keeps(conn: Conn) { return new PrivateKeeper(conn); }
    export function dispatch(conn: Conn, method: 'ping') { conn[method](); }
    export function dispatchAny(conn: Conn, method: 'ping' | 'close') { conn[method](); }
    export abstract class Base { static open() { return new Conn(); } }
    export class Derived extends Base { static make() { return this.open(); } }
  `,
};

let cached: ts.Program | null = null;
function program(): ts.Program {
  if (!cached) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-ownership-'));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [], strict: true, noEmit: true };
    cached = ts.createProgram({ rootNames: Object.keys(FILES).map((name) => path.join(dir, name)), options });
  }
  return cached;
}

interface Res {
  label: string;
  close: readonly string[];
}
const CONN: Res = { label: 'Conn', close: ['close'] };

function factsOf(): { facts: OwnershipFacts<Res>; file: ts.SourceFile } {
  const summaries = new Summaries(program());
  const checker = summaries.checker;
  const isConn = (type: ts.Type): boolean => type.getSymbol()?.getName() === 'Conn';
  const model: ResourceModel<Res> = {
    closeNames: new Set(['close']),
    resourceOfType: (type) => (isConn(type) || (type.isUnion() && type.types.some(isConn)) ? CONN : null),
    createdByLibrary: (node) => (ts.isNewExpression(node) && isConn(checker.getTypeAtLocation(node)) ? CONN : null),
    isCloseFunction: (call, index) => index === 0 && ts.isIdentifier(call.expression) && call.expression.text === 'closeConn',
    borrower: (call, index) => (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'borrow' && index === 1 ? { releases: false } : null),
    learnt: (label, close) => ({ label, close }),
    declaredByName: () => null, // the types decide here; the model's name test has its own tests
    sourcesMayMake: () => true, // `Conn` is declared in the program itself
  };
  const file = program().getSourceFiles().find((f) => path.basename(f.fileName) === 'helpers.ts')!;
  return { facts: new OwnershipFacts(summaries, model), file };
}

function fn(file: ts.SourceFile, name: string): SummarizedFunction {
  const found = file.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
  if (!found) throw new Error(name);
  return found;
}

function cls(file: ts.SourceFile, name: string): ts.ClassDeclaration {
  return file.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name)!;
}

describe('OwnershipFacts', () => {
  it('says per parameter whether a function borrows, releases, stores or is unknown', () => {
    const { facts, file } = factsOf();
    expect(facts.parameter(fn(file, 'lends'), 0)).toBe('borrows');
    expect(facts.parameter(fn(file, 'releases'), 0)).toBe('releases');
    expect(facts.parameter(fn(file, 'returns'), 0)).toBe('unknown');
    expect(facts.parameter(fn(file, 'wraps'), 0)).toBe('lends'); // the returned borrower cannot close it
    expect(facts.parameter(fn(file, 'passesOn'), 0)).toBe('borrows'); // through another summary
    expect(facts.parameter(fn(file, 'loops'), 0)).toBe('unknown'); // recursion
    expect(facts.parameter(fn(file, 'untyped'), 0)).toBe('unknown'); // `any`
    expect(facts.parameter(fn(file, 'lends'), 5)).toBe('unknown'); // no such parameter
    const wrapper = cls(file, 'Wrapper');
    const constructor = wrapper.members.find(ts.isConstructorDeclaration)!;
    expect(facts.parameter(constructor, 0)).toBe('stores'); // a parameter property that close() releases
    const keeper = cls(file, 'Keeper').members.find(ts.isConstructorDeclaration)!;
    expect(facts.parameter(keeper, 0)).toBe('unknown'); // stored where nothing releases it
  });

  it('keeps: a constructor (or a helper through one) that stores it in a private field of a class with no lifecycle', () => {
    const { facts, file } = factsOf();
    const constructor = cls(file, 'PrivateKeeper').members.find(ts.isConstructorDeclaration)!;
    expect(facts.parameter(constructor, 0)).toBe('keeps');
    const helper = fn(file, 'keeps');
    expect(facts.parameter(helper, 0)).toBe('keeps');
    const call = ((helper.body as ts.Block).statements[0] as ts.ReturnStatement).expression as ts.NewExpression;
    expect(facts.keeper(call, 0)).toEqual({ className: 'PrivateKeeper', field: 'conn' });
  });

  it('a computed method call is a use unless its key may name a close method', () => {
    const { facts, file } = factsOf();
    expect(facts.parameter(fn(file, 'dispatch'), 0)).toBe('borrows');
    expect(facts.parameter(fn(file, 'dispatchAny'), 0)).toBe('unknown');
  });

  it('knows factories: every return is fresh', () => {
    const { facts, file } = factsOf();
    expect(facts.factory(fn(file, 'make'))).toBe(CONN);
    expect(facts.factory(fn(file, 'connect'))).toBe(CONN);
    expect(facts.factory(fn(file, 'shared'))).toBeNull();
    expect(facts.factory(fn(file, 'returns'))).toBeNull();
    // `this.open()` in a static method of a subclass: the inherited static factory, found through types
    const make = cls(file, 'Derived').members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m))!;
    expect(facts.factory(make)).toBe(CONN);
  });

  it('summarises a class: owned fields, their sources and releasers, lifecycle, learnt resource', () => {
    const { facts, file } = factsOf();
    const wrapper = facts.classOwnership(cls(file, 'Wrapper'));
    const byName = new Map(wrapper.fields.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual(['client', 'conn', 'injected']);
    expect(byName.get('conn')).toMatchObject({ source: 'created', releasedBy: ['restart', 'close'] });
    expect(byName.get('conn')!.stores).toHaveLength(3); // the initializer, start(), restart()
    expect(byName.get('client')).toMatchObject({ source: 'lent', releasedBy: [] });
    expect(byName.get('injected')).toMatchObject({ source: 'parameter', releasedBy: ['close'] });
    expect(wrapper.lifecycleMethods).toEqual(['close']);
    expect(wrapper.resource).toEqual({ label: '`Wrapper`', close: ['close', 'restart'] });
    const create = cls(file, 'Wrapper').members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === 'create')!;
    expect(facts.factory(create)).toBe(wrapper.resource); // `new Wrapper()` is a creation
    expect(overwrites(cls(file, 'Wrapper'), wrapper).map((o) => o.method)).toEqual(['start']);
  });

  it('names lifecycle methods by their first word or a dispose symbol', () => {
    expect(['close', 'closeAll', 'dispose', 'stop', 'shutdown', 'shutDown', 'destroy', 'disconnect', '[Symbol.asyncDispose]'].every(isLifecycleName)).toBe(true);
    expect(['onClose', 'cancel', 'end', 'release', 'closed_'].some(isLifecycleName)).toBe(false);
  });
});
