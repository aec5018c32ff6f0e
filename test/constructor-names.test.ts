// The name tests in front of the types (RpcModel.mayConstructResource for `new X()`,
// RpcModel.declaredByName for a declared type): they answer "no resource" only where the types would,
// on every `new` and every annotated parameter of the fixtures, with and without resources added by
// `settings.rpc`.
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { createSharedModel, RpcModel } from '../src/model/index.js';
import type { RpcSettings } from '../src/settings.js';
import { fixtureSourceFiles, fixturesDir, fixturesProgram } from './rule-tester.js';

const constructors = path.join(fixturesDir, 'cases', 'type-names', 'constructors.ts');

const files = fixtureSourceFiles();
const program = fixturesProgram(files);
const checker = program.getTypeChecker();

/** A model whose ESTree-to-TypeScript node map is the identity: the tests pass TypeScript nodes. */
function modelWith(settings: RpcSettings): RpcModel {
  return new RpcModel(
    { program, getTypeAtLocation: () => checker.getAnyType(), esTreeNodeToTSNodeMap: { get: (node: unknown) => node } as never },
    createSharedModel(settings),
  );
}
const asESTree = (node: ts.Node): TSESTree.Node => node as unknown as TSESTree.Node;

const plain = modelWith({ resources: [] });
const pooled = modelWith({ resources: [{ type: 'PooledClient', close: ['release'] }] });

function nodesOf<T extends ts.Node>(file: string, is: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (is(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(file)!);
  return found;
}
const newExpressions = (file: string): ts.NewExpression[] => nodesOf(file, ts.isNewExpression);

describe('mayConstructResource', () => {
  const byCallee = new Map(newExpressions(constructors).map((n) => [n.expression.getText(), n.expression]));

  it.each([
    ['Plain', false, false],
    ['PooledClient', false, true],
    ['Sub', true, true],
    ['Derived', false, false],
    ['Merged', true, true],
    ['Alias', true, true],
    ['Expressed', true, true],
    ['Client', true, true],
  ])('new %s(): asks the types without settings %s, with PooledClient declared %s', (callee, withoutSettings, withSettings) => {
    const node = byCallee.get(callee)!;
    expect(plain.mayConstructResource(node)).toBe(withoutSettings);
    expect(pooled.mayConstructResource(node)).toBe(withSettings);
  });

  it('finds the class a settings entry names, through the types it then asks', () => {
    const node = byCallee.get('PooledClient')!;
    expect(pooled.resourceOfConstructor(checker.getTypeAtLocation(node))?.spec).toBe('PooledClient');
  });

  it('answers no only where the construct signatures say no resource, on every `new` of the fixtures', () => {
    let skipped = 0;
    let total = 0;
    for (const model of [plain, pooled]) {
      for (const file of files) {
        for (const node of newExpressions(file)) {
          total++;
          if (model.mayConstructResource(node.expression)) continue;
          skipped++;
          expect(model.resourceOfConstructor(checker.getTypeAtLocation(node.expression)), `${path.relative(fixturesDir, file)}: ${node.getText()}`).toBeNull();
        }
      }
    }
    // The test means something only if the name test answers many of them.
    expect(skipped).toBeGreaterThan(20);
    expect(total - skipped).toBeGreaterThan(20);
  });
});

describe('declaredByName', () => {
  const holder = nodesOf(constructors, ts.isClassDeclaration).find((c) => c.name?.text === 'Holder')!;
  const parameters = new Map(holder.members.find(ts.isConstructorDeclaration)!.parameters.map((p) => [p.name.getText(), p]));

  it.each([
    ['plain', 'Plain', false],
    ['settings', 'Settings', false],
    ['address', null, false],
    ['client', 'Client', true],
    ['sub', 'Sub', true],
    ['pooled', 'Pooled', true],
    ['derived', 'Derived', false],
    ['list', null, false], // `Client[]` is an `Array`, not a client
    ['table', null, false], // lib's `Map` is merged from interfaces that extend nothing
  ])('%s: decided by the name of %s (a resource name: %s)', (parameter, declaration, named) => {
    const found = plain.declaredByName(parameters.get(parameter)!.type);
    expect(found && { declaration: found.declaration?.name?.text ?? null, named: found.named }).toEqual({ declaration, named });
  });

  it.each(['merged', 'alias', 'maybe', 'untyped'])('%s: only the types can tell', (parameter) => {
    expect(plain.declaredByName(parameters.get(parameter)!.type)).toBeNull();
  });

  it('answers not named only where the type is no resource, on every annotated parameter of the fixtures', () => {
    let decided = 0;
    let total = 0;
    for (const model of [plain, pooled]) {
      for (const file of files) {
        for (const parameter of nodesOf(file, ts.isParameter)) {
          if (!parameter.type) continue;
          total++;
          const found = model.declaredByName(parameter.type);
          if (!found || found.named) continue;
          decided++;
          expect(model.resourceOfType(checker.getTypeAtLocation(parameter)), `${path.relative(fixturesDir, file)}: ${parameter.getText()}`).toBeNull();
        }
      }
    }
    expect(decided).toBeGreaterThan(20);
    expect(total - decided).toBeGreaterThan(20);
  });
});

describe('mayBeResourceValue', () => {
  const fields = nodesOf(constructors, ts.isClassDeclaration).find((c) => c.name?.text === 'Fields')!;
  const values = nodesOf(constructors, ts.isArrayLiteralExpression).find((a) => ts.findAncestor(a, (n) => n === fields))!.elements;
  const byText = new Map(values.map((v) => [v.getText(), v]));

  it.each([
    ['this.conn', false],
    ['this.client', true],
    ['plainValue', false],
    ['maybePlain', false],
    ['plainOrClient', true], // narrowing may keep only the client
    ['clientValue', true],
    ['inferred', true], // no annotation: the types decide
  ])('%s: asks the types %s', (text, expected) => {
    expect(plain.mayBeResourceValue(asESTree(byText.get(text)!))).toBe(expected);
  });

  it('answers no only where the type is no resource, on every name and this-field of the fixtures', () => {
    let decided = 0;
    let total = 0;
    for (const file of files) {
      const isValue = (node: ts.Node): node is ts.Expression =>
        (ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node.parent) && (node.parent as { name?: ts.Node }).name !== node) ||
        (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword);
      for (const node of nodesOf(file, isValue)) {
        total++;
        if (plain.mayBeResourceValue(asESTree(node))) continue;
        decided++;
        expect(plain.resourceOfType(checker.getTypeAtLocation(node)), `${path.relative(fixturesDir, file)}: ${node.getText()}`).toBeNull();
      }
    }
    expect(decided).toBeGreaterThan(50);
    expect(total - decided).toBeGreaterThan(50);
  });
});
