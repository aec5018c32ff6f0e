import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { annotatedTypeOf } from '../src/model/annotations.js';
import { createSharedModel, RpcModel } from '../src/model/index.js';
import { streamOfType } from '../src/model/streams.js';
import { librariesOf, programLoads } from '../src/model/program-libraries.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const file = path.join(fixturesDir, 'cases', 'model-types.ts');
let program: ts.Program;
let model: RpcModel;
const typeOfExport = new Map<string, ts.Type>();

beforeAll(() => {
  program = fixturesProgram([file]);
  const checker = program.getTypeChecker();
  // The model only needs the program here; types come straight from the checker.
  model = new RpcModel(
    { program, getTypeAtLocation: () => checker.getAnyType(), esTreeNodeToTSNodeMap: new WeakMap() as never },
    createSharedModel({ resources: [] }),
  );
  for (const statement of program.getSourceFile(file)!.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      typeOfExport.set(declaration.name.getText(), checker.getTypeAtLocation(declaration.name));
    }
  }
});

const resourceOf = (name: string) => {
  const type = typeOfExport.get(name);
  if (!type) throw new Error(`no export ${name}`);
  const found = model.resourceOfType(type);
  return found && `${found.library} ${found.kind}`;
};
const lockOf = (name: string) => model.lockOfType(typeOfExport.get(name)!)?.library ?? null;

describe('program libraries (file names only, no type checking)', () => {
  it('finds every library the fixtures load', () => {
    expect([...librariesOf(program)].sort()).toEqual(['async-lock', 'async-mutex', 'await-lock', 'connect', 'grpc-js', 'nice-grpc', 'web-locks']);
    expect(programLoads(program, 'rpc')).toBe(true);
  });

  it('finds none in a program without them', () => {
    const plain = ts.createProgram({ rootNames: [path.join(fixturesDir, 'file.ts')], options: { types: [], lib: ['lib.es2022.d.ts'] } });
    expect(librariesOf(plain).size).toBe(0);
    expect(programLoads(plain, 'rpc')).toBe(false);
    expect(programLoads(plain, 'lock')).toBe(false);
  });
});

describe('resources', () => {
  it.each([
    ['grpcClient', 'grpc-js client'],
    ['tsProtoClient', 'grpc-js client'],
    ['protoLoaderClient', 'grpc-js client'],
    ['serviceClient', 'grpc-js client'],
    ['subclassClient', 'grpc-js client'],
    ['optionalClient', 'grpc-js client'],
    ['nullableChannel', 'grpc-js channel'],
    ['channelInterface', 'grpc-js channel'],
    ['niceChannel', 'grpc-js channel'],
    ['grpcServer', 'grpc-js server'],
    ['niceServer', 'nice-grpc server'],
    ['sessionManager', 'connect session-manager'],
    ['transport', 'connect transport'],
    ['connectClient', 'connect stub'],
    ['niceClient', 'nice-grpc stub'],
  ])('%s is a %s', (name, expected) => {
    expect(resourceOf(name)).toBe(expected);
  });

  it.each(['anything', 'unknownValue', 'clientOrMutex', 'plainObject', 'mutex'])('%s is no resource', (name) => {
    expect(resourceOf(name)).toBeNull();
  });
});

describe('locks', () => {
  it.each([
    ['mutex', 'async-mutex'],
    ['timedMutex', 'async-mutex'],
    ['semaphore', 'async-mutex'],
    ['optionalMutex', 'async-mutex'],
    ['asyncLock', 'async-lock'],
    ['awaitLock', 'await-lock'],
    ['webLocks', 'web-locks'],
  ])('%s is a %s lock', (name, expected) => {
    expect(lockOf(name)).toBe(expected);
  });

  it.each(['anything', 'grpcClient', 'clientOrMutex'])('%s is no lock', (name) => {
    expect(lockOf(name)).toBeNull();
  });
});

describe('annotated `any` values (annotations.ts, RpcModel.annotatedModelledType)', () => {
  const bindings = path.join(fixturesDir, 'cases', 'dynamic', 'bindings.ts');
  const annotatedProgram = fixturesProgram([bindings]);
  const checker = annotatedProgram.getTypeChecker();
  // `dyn.<name>()` calls of the fixture, by name.
  const calls = new Map<string, ts.CallExpression>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.expression.getText() === 'dyn') calls.set(node.expression.name.text, node);
    ts.forEachChild(node, visit);
  };
  visit(annotatedProgram.getSourceFile(bindings)!);
  // The ESTree side is not needed: the TS node stands for itself.
  const annotatedModel = new RpcModel(
    { program: annotatedProgram, getTypeAtLocation: () => checker.getAnyType(), esTreeNodeToTSNodeMap: { get: (node: unknown) => node } as never },
    createSharedModel({ resources: [] }),
  );

  it('every call of the fixture is `any` to the checker', () => {
    expect(calls.size).toBe(12);
    for (const [name, call] of calls) expect(checker.getTypeAtLocation(call).flags & ts.TypeFlags.Any, name).toBeTruthy();
  });

  it.each([
    ['variable', 'Events', 'grpc-js call'],
    ['fieldInitializer', 'Events', 'grpc-js call'],
    ['fieldAssignment', 'EventServiceClient | null', 'grpc-js client'],
    ['argument', 'Events', 'grpc-js call'],
    ['returned', 'Events', 'grpc-js call'],
    ['arrowBody', 'Events', 'grpc-js call'],
    ['asyncReturned', 'Events', 'grpc-js call'], // what the promise settles to
    ['parameterDefault', 'Events', 'grpc-js call'],
  ])('%s: its binding is annotated as %s, a %s', (name, annotation, modelled) => {
    const call = calls.get(name)!;
    expect(checker.typeToString(annotatedTypeOf(call, checker)!)).toBe(annotation);
    const type = annotatedModel.annotatedModelledType(call as never)!;
    const resource = annotatedModel.resourceOfType(type);
    expect(resource ? `${resource.library} ${resource.kind}` : streamOfType(type, annotatedModel)?.label).toBe(modelled);
  });

  it.each(['inferred', 'noReturnType', 'untypedAssignment'])('%s: no annotation in view', (name) => {
    expect(annotatedTypeOf(calls.get(name)!, checker)).toBeNull();
    expect(annotatedModel.annotatedModelledType(calls.get(name)! as never)).toBeNull();
  });

  it('an annotation that names no type of the model is not used', () => {
    const call = calls.get('notModelled')!;
    expect(checker.typeToString(annotatedTypeOf(call, checker)!)).toBe('AsyncIterable<unknown>');
    expect(annotatedModel.annotatedModelledType(call as never)).toBeNull();
  });
});
