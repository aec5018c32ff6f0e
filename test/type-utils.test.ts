// The name pre-filter in front of type-utils' typeMatchesSomeSpecifier (src/model/type-utils.ts)
// answers exactly what type-utils answers, on every type of the article fixtures and of unions and
// intersections made for it.
import fs from 'node:fs';
import path from 'node:path';

import * as TypeUtils from '@typescript-eslint/type-utils';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { LOCKS } from '../src/model/locks.js';
import { HANDLES, RESOURCES } from '../src/model/resources.js';
import { STREAMS } from '../src/model/streams.js';
import { typeMatchesSomeSpecifier } from '../src/model/type-utils.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const articles = path.join(fixturesDir, 'articles');
const files = [
  ...fs.readdirSync(articles).flatMap((dir) => ['bad.ts', 'good.ts'].map((f) => path.join(articles, dir, f))),
  path.join(fixturesDir, 'cases', 'type-names', 'unions.ts'),
];

/** Every specifier the model asks, plus plain names and specifiers no type of the fixtures has. */
const SPECIFIERS: TypeUtils.TypeOrValueSpecifier[] = [
  ...RESOURCES.map((r) => r.spec),
  ...HANDLES.map((r) => r.spec),
  ...LOCKS.flatMap((l) => l.specs),
  ...STREAMS.flatMap((s) => Object.values(s.recognise)),
  'Promise',
  'string',
  'undefined',
  { from: 'lib', name: ['AsyncIterable', 'Promise'] },
  { from: 'file', name: 'NoSuchType' },
  { from: 'package', package: 'no-such-package', name: 'Client' },
];

describe('typeMatchesSomeSpecifier with the name pre-filter', () => {
  it('agrees with type-utils on every expression and declaration type of the fixtures', () => {
    const program = fixturesProgram(files);
    const checker = program.getTypeChecker();
    const types = new Set<ts.Type>();
    for (const file of files) {
      const visit = (node: ts.Node): void => {
        if (ts.isExpression(node) || ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isPropertyDeclaration(node)) {
          types.add(checker.getTypeAtLocation(node));
        }
        ts.forEachChild(node, visit);
      };
      visit(program.getSourceFile(file)!);
    }
    // A union every member of which matches, and an intersection one part of which does.
    const lockSpec = LOCKS[0]!.specs[0]!;
    const clientSpec = RESOURCES[0]!.spec;
    const union = [...types].find((t) => t.isUnion() && checker.typeToString(t) === 'Mutex | Semaphore')!;
    const intersection = [...types].find((t) => t.isIntersection() && checker.typeToString(t).startsWith('Client & '))!;
    expect(TypeUtils.typeMatchesSomeSpecifier(union, [lockSpec], program)).toBe(true);
    expect(TypeUtils.typeMatchesSomeSpecifier(intersection, [clientSpec], program)).toBe(true);
    let matches = 0;
    for (const type of types) {
      for (const specifier of SPECIFIERS) {
        const expected = TypeUtils.typeMatchesSomeSpecifier(type, [specifier], program);
        expect(typeMatchesSomeSpecifier(type, [specifier], program), `${checker.typeToString(type)} ~ ${JSON.stringify(specifier)}`).toBe(expected);
        if (expected) matches++;
      }
      expect(typeMatchesSomeSpecifier(type, SPECIFIERS, program)).toBe(TypeUtils.typeMatchesSomeSpecifier(type, SPECIFIERS, program));
    }
    expect(types.size).toBeGreaterThan(300);
    expect(matches).toBeGreaterThan(20); // the fixtures' clients, channels, streams and locks do match
  });
});
