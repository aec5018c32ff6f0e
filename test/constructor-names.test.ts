// The name test in front of the constructor's types (RpcModel.mayConstructResource): it answers
// "no resource" only where the types would, on every `new` of the fixtures, with and without
// resources added by `settings.rpc`.
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { createSharedModel, RpcModel } from '../src/model/index.js';
import type { RpcSettings } from '../src/settings.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const constructors = path.join(fixturesDir, 'cases', 'type-names', 'constructors.ts');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const files = [...tsFiles(path.join(fixturesDir, 'articles')), ...tsFiles(path.join(fixturesDir, 'cases'))];
const program = fixturesProgram(files);
const checker = program.getTypeChecker();

function modelWith(settings: RpcSettings): RpcModel {
  return new RpcModel(
    { program, getTypeAtLocation: () => checker.getAnyType(), esTreeNodeToTSNodeMap: new WeakMap() as never },
    createSharedModel(settings),
  );
}

const plain = modelWith({ resources: [] });
const pooled = modelWith({ resources: [{ type: 'PooledClient', close: ['release'] }] });

function newExpressions(file: string): ts.NewExpression[] {
  const found: ts.NewExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(file)!);
  return found;
}

describe('mayConstructResource', () => {
  const byCallee = new Map(newExpressions(constructors).map((n) => [n.expression.getText(), n.expression]));

  it.each([
    ['Plain', false, false],
    ['PooledClient', false, true],
    ['Sub', true, true],
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
