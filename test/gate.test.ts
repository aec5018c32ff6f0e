import fs from 'node:fs';
import path from 'node:path';

import { Linter } from 'eslint';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import { summariesBuiltFor } from '../src/analysis/summaries.js';
import rpc, { rules } from '../src/index.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

/** A program of one file that loads no RPC or lock library. */
function idleProgram(): ts.Program {
  return ts.createProgram({ rootNames: [path.join(fixturesDir, 'file.ts')], options: { types: [], lib: ['lib.es2022.d.ts'], noEmit: true } });
}

/** A program that counts how often the type checker is asked for. */
function countingProgram(program: ts.Program): { program: ts.Program; checkerCalls: () => number } {
  let calls = 0;
  const proxy = new Proxy(program, {
    get(target, key, receiver) {
      if (key === 'getTypeChecker') {
        return () => {
          calls++;
          return target.getTypeChecker();
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { program: proxy, checkerCalls: () => calls };
}

describe.each(Object.entries(rules))('rule %s', (_name, rule) => {
  it('returns no listeners and never asks for the type checker in a program without RPC libraries', () => {
    const { program, checkerCalls } = countingProgram(idleProgram());
    const context = {
      languageOptions: { parser: tseslint.parser },
      settings: {},
      options: [],
      sourceCode: { parserServices: { program, esTreeNodeToTSNodeMap: new WeakMap(), tsNodeToESTreeNodeMap: new WeakMap() } },
    };
    const listeners = rule.create(context as never);
    expect(Object.keys(listeners)).toEqual([]);
    expect(checkerCalls()).toBe(0);
  });
});

describe('without type information', () => {
  it("fails with typescript-eslint's standard error", () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      rpc.configs.all,
    ];
    expect(() => linter.verify('export const x = 1;', config, { filename: 'file.ts' })).toThrow(
      /You have used a rule which requires type information/,
    );
  });
});

describe('program-wide summaries', () => {
  /** Lints `file` in `program` with every rule of the plugin. */
  function lintIn(program: ts.Program, file: string): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { programs: [program] } } },
      rpc.configs.all,
    ];
    return linter.verify(fs.readFileSync(file, 'utf8'), config, { filename: file });
  }

  it('are never built for a program without RPC or lock libraries', () => {
    const program = idleProgram();
    expect(lintIn(program, path.join(fixturesDir, 'file.ts'))).toEqual([]);
    expect(summariesBuiltFor(program)).toBe(false);
  });

  it('are built where a lock rule needs them (the control: article 001)', () => {
    const file = path.join(fixturesDir, 'articles', '001-lock-across-close', 'bad.ts');
    const program = fixturesProgram([file]);
    expect(lintIn(program, file).map((m) => m.ruleId)).toContain('rpc/no-reentrant-lock');
    expect(summariesBuiltFor(program)).toBe(true);
  });
});
