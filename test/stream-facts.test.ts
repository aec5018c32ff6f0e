// The stream facts on the summaries framework, read directly on the typed wrappers of
// fixtures/cases/stream-wrap/duplexes.ts (real @grpc/grpc-js, connect and Node stream types).
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { argumentFate, mayStrandArgument, parameterFates, strandsStream, type StreamFate } from '../src/analysis/streams/stream-facts.js';
import { Summaries, type SummarizedFunction } from '../src/analysis/summaries.js';
import { fixtureSourceFiles, fixturesDir, fixturesProgram } from './rule-tester.js';

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
const inherited = { kind: 'wraps', teardown: '`destroy()`' };

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

describe('stream facts: pumps, loops left early, library wrappers', () => {
  const pumps = path.join(fixturesDir, 'cases', 'stream-wrap', 'pumps.ts');
  const program = fixturesProgram([pumps]);
  const source = program.getSourceFile(pumps)!;
  const all = new Summaries(program);
  const named = new Map<string, SummarizedFunction>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) named.set(statement.name.text, statement);
    if (ts.isClassDeclaration(statement) && statement.name) {
      const constructor = statement.members.find(ts.isConstructorDeclaration);
      if (constructor) named.set(`new ${statement.name.text}`, constructor);
    }
  }
  const fatesOf = (name: string): readonly StreamFate[] => all.get(parameterFates, named.get(name)!);
  const abandons = (reader: string, exit: string, line: number) => ({ kind: 'abandons', reader, exit, at: `pumps.ts:${line}` });

  it('a Readable whose constructor starts a pump over the stream keeps it (no _destroy: wraps)', () => {
    expect(fatesOf('new ForgetfulPumpReadable')).toEqual([{ kind: 'wraps', wrapper: 'ForgetfulPumpReadable', teardown: '`destroy()`' }]);
  });

  it('the twins: the controller is aborted, the field is cancelled', () => {
    expect(fatesOf('new AbortingPumpReadable')).toEqual([{ kind: 'wraps', wrapper: 'AbortingPumpReadable', teardown: '`_destroy()`' }, { kind: 'cancels' }]);
    expect(fatesOf('new CancellingPumpReadable')).toEqual([{ kind: 'cancels' }]);
  });

  it('a synchronous method called from the constructor is no pump: the stream is only used', () => {
    expect(fatesOf('new ListeningReadable')).toEqual([{ kind: 'uses' }]);
  });

  it('a for await left early abandons the stream, also through another helper and in a generator', () => {
    expect(fatesOf('firstMatching')).toEqual([abandons('`firstMatching()`', 'return', 95), { kind: 'uses' }]);
    expect(fatesOf('firstOf')).toEqual([abandons('`firstMatching()`', 'return', 95)]);
    expect(fatesOf('take')).toEqual([abandons('`take()`', 'break', 110), { kind: 'uses' }]);
  });

  it('a loop read to its end is a use; a cancel in finally cancels', () => {
    expect(fatesOf('collect')).toEqual([{ kind: 'uses' }, { kind: 'uses' }]);
    expect(fatesOf('firstMatchingThenCancel')).toEqual([{ kind: 'cancels' }, { kind: 'uses' }]);
  });

  it('Readable.from() is a library wrapper, also inside a helper', () => {
    const fromWrapper = { kind: 'wraps', wrapper: 'Readable.from()', teardown: '`destroy()`', library: true };
    expect(fatesOf('toReadable')).toEqual([fromWrapper]);
    const callers = named.get('pumpCallers')!;
    const direct = callsIn(source).find((c) => ts.findAncestor(c, (n) => n === callers) && c.getText().startsWith('Readable.from'))!;
    expect(argumentFate(all, direct, 0)).toEqual(fromWrapper);
  });

  it('mayStrandArgument says yes at every site whose fate strands the call', () => {
    const callers = named.get('pumpCallers')!;
    for (const call of callsIn(source).filter((c) => ts.findAncestor(c, (n) => n === callers))) {
      const fate = argumentFate(all, call, 0);
      if (strandsStream(fate)) expect(mayStrandArgument(all, call, 0), call.getText()).toBe(true);
    }
    const listening = callsIn(source).find((c) => c.getText().startsWith('new ListeningReadable'))!;
    expect(mayStrandArgument(all, listening, 0)).toBe(false);
  });
});

/** Every call and `new` with arguments in `source`. */
function callsIn(source: ts.SourceFile): (ts.CallExpression | ts.NewExpression)[] {
  const found: (ts.CallExpression | ts.NewExpression)[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && (node.arguments?.length ?? 0) > 0) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('mayStrandArgument (syntax before the summary)', () => {
  const callers = declarations.get('callers')!;
  void summaries.checker; // binds the program: parent pointers for the walk below
  const sites = new Map(callsIn(summaries.program.getSourceFile(file)!).filter((c) => ts.findAncestor(c, (n) => n === callers)).map((c) => [c.getText().replace(/\(.*/s, ''), c]));

  it.each([
    ['peerOf', false], // member reads, a test and a template: uses
    ['stop', false], // a cancel is a member call: never wraps
    ['firstMessage', false], // a closure outside a constructor, and a member call in it
    ['relay', true], // passed on to a callee found by name: the summary decides (unknown)
    ['wrapConnect', true], // passed to a class that extends Duplex
    ['new ForgetfulCallDuplex', true], // a parameter property of a Duplex
    ['new CallHolder', false], // a parameter property of a class with no teardown: unknown
    ['new ForgetfulConnectDuplex', true], // kept by a Duplex
  ])('%s: %s', (callee, expected) => {
    expect(mayStrandArgument(summaries, sites.get(callee)!, 0)).toBe(expected);
  });

  it('says no only where the summary strands no call (`wraps`, `abandons`), on every argument of every call of the fixtures', () => {
    const files = fixtureSourceFiles();
    const program = fixturesProgram(files);
    const all = new Summaries(program);
    let skipped = 0;
    let wraps = 0;
    for (const file of files) {
      for (const call of callsIn(program.getSourceFile(file)!)) {
        call.arguments!.forEach((_argument, index) => {
          const fate = argumentFate(all, call, index);
          if (strandsStream(fate)) wraps++;
          if (mayStrandArgument(all, call, index)) return;
          skipped++;
          expect(strandsStream(fate), `${path.relative(fixturesDir, file)}: ${call.getText()} #${index}`).toBe(false);
        });
      }
    }
    expect(wraps).toBeGreaterThan(3);
    expect(skipped).toBeGreaterThan(10); // most calls of the fixtures call library functions: no summary, no answer by name
  });
});
