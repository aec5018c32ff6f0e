import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { RpcModel } from './index.js';

import { declaredNames, mayBeDeclaredName, type DeclarationNameQuery } from './declared-names.js';
import { fromPackage } from './specifiers.js';
import { getSymbolAtLocation } from './checker.js';
import { isFunctionLike } from '../syntax/ts-nodes.js';

const GRPC = '@grpc/grpc-js';

/**
 * grpc-js callback APIs whose callback gets an error first (RPC-FACTS.md §9.2, types from
 * `build/src/client.d.ts`, `call.d.ts`, `server.d.ts`).
 *
 * - A unary or client-streaming call of a grpc-js client (generated, loaded or `makeUnaryRequest`)
 *   ends in `(err: ServiceError | null, response?: Res)`: on a failure `response` is `undefined`.
 *   Any method of a client that takes a trailing callback is one of these (server-streaming and bidi
 *   calls take none), and so is any callback whose first parameter is typed `ServiceError | null`.
 * - `client.waitForReady(deadline, (err?: Error) => …)`: `err` when the deadline passed first.
 * - `server.bindAsync(address, credentials, (err: Error | null, port: number) => …)`: `err` and port 0
 *   when nothing could be bound; grpc-js itself only logs `No address added out of total …`.
 */
export const GRPC_CLIENTS: TypeOrValueSpecifier = fromPackage(GRPC, 'Client', 'ServiceClient');

/** The error a grpc-js call's callback receives first. */
export const GRPC_SERVICE_ERROR: TypeOrValueSpecifier = fromPackage(GRPC, 'ServiceError');

/** Names a declared callback type of a call carries (`requestCallback<T>`, `(error: ServiceError | null, …) => void`): the syntactic filter before the checker. */
const ERROR_CALLBACK_NAMES: readonly string[] = ['ServiceError', 'requestCallback'];

/**
 * Names before types, for a method a call names (`name`, the property of `x.ping`): whether one of its
 * declarations takes last a callback whose declared type names a grpc-js error (an interface of
 * generated clients, `IEventServiceClient`, that extends no `Client`). Only then is the callback's
 * parameter worth typing, which resolves the call.
 */
export function declaresErrorCallback(name: ts.Node, model: RpcModel): boolean {
  // Names before types: most methods called with a callback (`then`, `on`) are declared nowhere with one.
  if (!mayBeDeclaredName(declaredNames(model.program, ERROR_CALLBACK_METHODS), name)) return false;
  try {
    const symbol = getSymbolAtLocation(model.checker, name);
    return (symbol?.declarations ?? []).some((declaration) => {
      const last = isFunctionLike(declaration) ? declaration.parameters.at(-1)?.type : undefined;
      return last !== undefined && ERROR_CALLBACK_NAMES.some((type) => last.getText().includes(type));
    });
  } catch {
    return false;
  }
}

/**
 * The function-like declarations in the program (declaration files too) whose last parameter's declared
 * type names a grpc-js error (`ERROR_CALLBACK_NAMES`): the only declarations `declaresErrorCallback`
 * accepts. The declared type's text counts with its leading trivia: a name in a comment only widens the set.
 */
const ERROR_CALLBACK_METHODS: DeclarationNameQuery = {
  words: ERROR_CALLBACK_NAMES,
  accepts: (node, holdsWord) => {
    const last = isFunctionLike(node) ? node.parameters.at(-1)?.type : undefined;
    return last !== undefined && holdsWord(last);
  },
};

export type ErrorFirstKind = 'call' | 'ready' | 'bind';

/** Methods with an error-first callback of their own (not a call): the method, its receiver, what its error means. */
export interface ErrorFirstMethod {
  readonly method: string;
  readonly receiver: TypeOrValueSpecifier;
  readonly kind: Exclude<ErrorFirstKind, 'call'>;
}

export const ERROR_FIRST_METHODS: readonly ErrorFirstMethod[] = [
  { method: 'bindAsync', receiver: fromPackage(GRPC, 'Server'), kind: 'bind' },
  { method: 'waitForReady', receiver: GRPC_CLIENTS, kind: 'ready' },
];
