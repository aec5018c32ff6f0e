// Recognition of grpc-js extension points across files: a resolver registered through a re-export,
// a `const` and a helper function in a third file.
import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { extensionPointOf } from '../src/model/extension-points.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const dir = path.join(fixturesDir, 'cases', 'resolver-reexport');
const none = { resolvers: [], loadBalancers: [] };
let program: ts.Program;

beforeAll(() => {
  program = fixturesProgram([path.join(dir, 'main.ts')]);
});

function classNamed(name: string): ts.ClassDeclaration {
  const file = program.getSourceFile(path.join(dir, 'resolver.ts'))!;
  return file.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name)!;
}

describe('extensionPointOf', () => {
  it('finds a resolver registered through a re-export, a const and a helper in another file', () => {
    expect(extensionPointOf(classNamed('TeamResolver'), program, none)?.kind).toBe('resolver');
  });

  it('leaves a class with the same shape that nothing registers', () => {
    expect(extensionPointOf(classNamed('Unregistered'), program, none)).toBeNull();
  });
});
