// The model's entries for google-gax, Pub/Sub, Firestore, NestJS and protobuf-ts on the real
// declaration files (fixtures/cases/libraries/types.ts), and which of them wake the rules.
import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { createSharedModel, RpcModel } from '../src/model/index.js';
import { librariesOf } from '../src/model/program-libraries.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const file = path.join(fixturesDir, 'cases', 'libraries', 'types.ts');
let program: ts.Program;
let model: RpcModel;
const declarations = new Map<string, ts.VariableDeclaration>();

beforeAll(() => {
  program = fixturesProgram([file]);
  const checker = program.getTypeChecker();
  model = new RpcModel(
    { program, getTypeAtLocation: () => checker.getAnyType(), esTreeNodeToTSNodeMap: new WeakMap() as never },
    createSharedModel({ resources: [] }),
  );
  for (const statement of program.getSourceFile(file)!.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) declarations.set(declaration.name.getText(), declaration);
  }
});

const declared = (name: string): ts.VariableDeclaration => {
  const declaration = declarations.get(name);
  if (!declaration) throw new Error(`no export ${name}`);
  return declaration;
};
const resourceOf = (name: string): string | null => {
  const found = model.resourceOfType(program.getTypeChecker().getTypeAtLocation(declared(name).name));
  return found && `${found.library} ${found.kind}: ${found.label}, closed by ${found.close.join('/')}`;
};

describe('libraries built on grpc-js that keep their channel private', () => {
  it('wake the rules: each is found by its declaration files', () => {
    const loaded = librariesOf(program);
    for (const id of ['google-gax', 'nestjs-microservices', 'protobuf-ts'] as const) expect(loaded.has(id), id).toBe(true);
  });

  it('Firestore alone wakes them too: its types load google-gax through its `v1` GAPIC clients', () => {
    const only = path.join(fixturesDir, 'cases', 'libraries', 'firestore-only.ts');
    const firestoreOnly = ts.createProgram({
      rootNames: [only],
      options: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [], noEmit: true, skipLibCheck: true },
      host: ts.createCompilerHost({}),
    });
    expect([...librariesOf(firestoreOnly)]).toContain('google-gax');
  });
});

describe('resources', () => {
  it.each([
    ['gapicClient', 'google-gax client: google-gax client, closed by close'],
    ['optionalGapicClient', 'google-gax client: google-gax client, closed by close'],
    // A generated client of another package built on google-gax, matched by its shape.
    ['pubsubGapicClient', 'google-gax client: google-gax client, closed by close'],
    ['pubsub', 'google-gax client: Pub/Sub client, closed by close'],
    ['firestore', 'google-gax client: Firestore client, closed by terminate'],
    ['nestProxy', 'nestjs-microservices client: NestJS gRPC client proxy, closed by close'],
    ['nestFactoryProxy', 'nestjs-microservices client: NestJS gRPC client proxy, closed by close'],
    ['grpcTransport', 'protobuf-ts channel: protobuf-ts gRPC transport, closed by close'],
  ])('%s is a %s', (name, expected) => {
    expect(resourceOf(name)).toBe(expected);
  });

  it.each(['topic', 'collection', 'gaxGrpcClient', 'nestClientGrpc', 'nestTcpProxy', 'rpcTransport', 'webTransport', 'twirpTransport', 'generatedClient'])(
    '%s is no resource of its own',
    (name) => {
      expect(resourceOf(name)).toBeNull();
    },
  );
});

describe('creations the types alone do not tell', () => {
  const callOf = (name: string): ts.CallExpression => {
    const init = declared(name).initializer;
    if (!init || !ts.isCallExpression(init)) throw new Error(`${name} is no call`);
    return init;
  };

  it('`ClientProxyFactory.create` with gRPC options makes a proxy; with TCP options nothing modelled', () => {
    expect(model.isLibraryFactoryCall(callOf('nestFactoryProxy'))).toBe(true);
    expect(model.resourceOfFactoryCall(callOf('nestFactoryProxy'))?.label).toBe('NestJS gRPC client proxy');
    expect(model.isLibraryFactoryCall(callOf('nestTcpProxy'))).toBe(true);
    expect(model.resourceOfFactoryCall(callOf('nestTcpProxy'))).toBeNull();
  });

  it('a generated protobuf-ts client borrows the transport its constructor takes', () => {
    const init = declared('generatedClient').initializer;
    if (!init || !ts.isNewExpression(init)) throw new Error('generatedClient is no `new`');
    expect(model.constructorBorrows(init, 0)).toBe(true);
    expect(model.constructorBorrows(init, 1)).toBe(false);
    const gapic = declared('gapicClient').initializer as ts.NewExpression;
    expect(model.constructorBorrows(gapic, 0)).toBe(false);
  });
});
