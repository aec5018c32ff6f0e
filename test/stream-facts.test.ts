// The stream facts on the summaries framework, read directly on the typed wrappers of
// fixtures/cases/stream-wrap/duplexes.ts (real @grpc/grpc-js, connect and Node stream types).
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { parameterFates, type StreamFate } from '../src/analysis/stream-facts.js';
import { Summaries, type SummarizedFunction } from '../src/analysis/summaries.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const file = path.join(fixturesDir, 'cases', 'stream-wrap', 'duplexes.ts');

function load(): { summaries: Summaries; declarations: Map<string, SummarizedFunction> } {
  const program = fixturesProgram([file]);
  const source = program.getSourceFile(file)!;
  const declarations = new Map<string, SummarizedFunction>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) declarations.set(statement.name.text, statement);
    if (ts.isClassDeclaration(statement) && statement.name) {
      const constructor = statement.members.find(ts.isConstructorDeclaration);
      if (constructor) declarations.set(`new ${statement.name.text}`, constructor);
    }
  }
  return { summaries: new Summaries(program), declarations };
}

const { summaries, declarations } = load();
const fates = (name: string): readonly StreamFate[] => summaries.get(parameterFates, declarations.get(name)!);
const inherited = { kind: 'wraps', teardown: '`destroy()` (inherited from `Duplex`; no `_destroy()`)' };

describe('stream facts', () => {
  it('a Duplex with no _destroy() wraps the stream it keeps (shape 5)', () => {
    expect(fates('new ForgetfulConnectDuplex')).toEqual([{ ...inherited, wrapper: 'ForgetfulConnectDuplex' }]);
  });

  it('a Duplex whose _destroy() aborts the controller: the stream is wrapped, the controller cancelled', () => {
    expect(fates('new AbortingConnectDuplex')).toEqual([{ kind: 'wraps', wrapper: 'AbortingConnectDuplex', teardown: '`_destroy()`' }, { kind: 'cancels' }]);
  });

  it('a private field: wraps when no member cancels it, cancels when _destroy() does', () => {
    expect(fates('new ForgetfulCallDuplex')).toEqual([{ kind: 'wraps', wrapper: 'ForgetfulCallDuplex', teardown: '`_destroy()`' }]);
    expect(fates('new CancellingCallDuplex')).toEqual([{ kind: 'cancels' }]);
  });

  it('a public field hands it on; a class with no teardown is unknown', () => {
    expect(fates('new ExposingCallDuplex')).toEqual([{ kind: 'handsOn' }]);
    expect(fates('new CallHolder')).toEqual([{ kind: 'unknown' }]);
  });

  it('functions: through a wrapper, a read, a cancel, and recursion', () => {
    expect(fates('wrapConnect')).toEqual([{ ...inherited, wrapper: 'ForgetfulConnectDuplex' }]);
    expect(fates('firstMessage')).toEqual([{ kind: 'uses' }]);
    expect(fates('stop')).toEqual([{ kind: 'cancels' }]);
    expect(fates('relay')).toEqual([{ kind: 'unknown' }, { kind: 'uses' }]);
  });
});
