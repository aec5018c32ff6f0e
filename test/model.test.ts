import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { createSharedModel, RpcModel } from '../src/model/index.js';
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
