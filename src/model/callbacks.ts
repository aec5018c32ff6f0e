import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { RpcModel } from './index.js';

import { fromPackage } from './specifiers.js';
import { getSymbolAtLocation } from './checker.js';
import { memberName } from '../syntax/ts-ast.js';
import { forEachChild, isFunctionLike, isIdentifier, isPrivateIdentifier, isStringLiteral } from '../syntax/ts-nodes.js';

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
  const text = isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name) ? name.text : null;
  const declared = errorCallbackMethods(model.program);
  if (text !== null && declared !== 'any' && !declared.has(text)) return false;
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

const errorCallbackMethodsByProgram = new WeakMap<ts.Program, ReadonlySet<string> | 'any'>();

/**
 * The names of every function-like declaration in the program (declaration files too) whose last
 * parameter's declared type names a grpc-js error (`ERROR_CALLBACK_NAMES`): the only declarations
 * `declaresErrorCallback` accepts, found once per program by syntax in the files whose text has one
 * of those names. 'any' when one such declaration has a name syntax cannot read (`[key](cb)`).
 */
function errorCallbackMethods(program: ts.Program): ReadonlySet<string> | 'any' {
  let names = errorCallbackMethodsByProgram.get(program);
  if (names !== undefined) return names;
  const found = new Set<string>();
  let any = false;
  for (const file of program.getSourceFiles()) {
    const text = file.text;
    // Where the names occur, ascending: only nodes whose text holds one are visited.
    const at = ERROR_CALLBACK_NAMES.flatMap((type) => occurrences(text, type)).sort((a, b) => a - b);
    if (at.length === 0) continue;
    const holdsName = (node: ts.Node): boolean => {
      let low = 0;
      let high = at.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (at[middle]! < node.pos) low = middle + 1;
        else high = middle;
      }
      return low < at.length && at[low]! < node.end;
    };
    const visit = (node: ts.Node): void => {
      if (!holdsName(node)) return;
      const named = isFunctionLike(node) ? node.name : undefined;
      const last = named !== undefined ? (node as ts.SignatureDeclaration).parameters.at(-1)?.type : undefined;
      // The declared type's text, leading trivia included: a name in a comment only widens the set.
      if (named !== undefined && last !== undefined && holdsName(last)) {
        const name = memberName(named);
        if (name === null) any = true;
        else found.add(name);
      }
      forEachChild(node, visit);
    };
    visit(file);
  }
  names = any ? 'any' : found;
  errorCallbackMethodsByProgram.set(program, names);
  return names;
}

/** The positions of `name` in `text`. */
function occurrences(text: string, name: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) found.push(i);
  return found;
}

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
