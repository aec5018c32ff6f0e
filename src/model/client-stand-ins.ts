import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { calleeOf, staticMemberName } from '../syntax/ast.js';
import { isClassLike } from '../syntax/ts-nodes.js';
import { getDeclaredTypeOfSymbol, getNonNullableType, getPropertyOfType, getSymbolAtLocation, getTypeOfSymbol, isTypeAssignableTo } from './checker.js';
import { LIBRARIES } from './libraries.js';
import { isOpaque } from './type-walk.js';

/**
 * grpc-js's `Client` class makes every call through four generic methods of its own, which generated
 * and loaded clients call too. A package that is handed a grpc-js client often declares its own
 * interface with just the methods it uses — "a subset of the grpc-js Client, to aid mocking" — whose
 * results are its own subsets of the grpc-js call types (`AsyncIterable<T> & { cancel(): void }`).
 * The value behind such an interface is a grpc-js `Client`, so one of these methods called on it makes
 * the call that `Client`'s method makes: a Node stream with its events, `cancel()` and `'error'`.
 */
export const CLIENT_CALL_METHODS: ReadonlySet<string> = new Set(['makeUnaryRequest', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest']);

/** The class whose instances the stand-in interfaces stand for: grpc-js's `Client`. */
const CLIENT_CLASS = { library: 'grpc-js', name: 'Client' } as const;

/** What the stand-in test asks of the model (`RpcModel` has it; declared here to keep imports one-way). */
export interface StandInModel {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  typeOf(node: TSESTree.Node): ts.Type | null;
  resourceOfType(type: ts.Type): { readonly kind: string } | null;
}

const clientClassesByProgram = new WeakMap<ts.Program, readonly ts.Type[]>();
const standInByReceiver = new WeakMap<ts.Type, ts.Type | null>();

/**
 * The type grpc-js's `Client` gives the result of `call` when `call` is `x.<one of CLIENT_CALL_METHODS>(…)`
 * on a receiver whose type is a stand-in for a grpc-js client: not a client of the model itself (its own
 * types decide), but a type that grpc-js's `Client` is assignable to and that declares the method.
 * Null for anything else. The method name decides first; assignability is asked once per receiver type.
 */
export function standInCallResult(call: TSESTree.CallExpression, model: StandInModel): ts.Type | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression') return null;
  const name = staticMemberName(callee);
  if (name === null || !CLIENT_CALL_METHODS.has(name)) return null;
  try {
    const receiverType = model.typeOf(callee.object);
    if (!receiverType || isOpaque(receiverType) || model.resourceOfType(receiverType)) return null;
    const client = standInClientOf(getNonNullableType(model.checker, receiverType), model);
    if (!client || !getPropertyOfType(model.checker, getNonNullableType(model.checker, receiverType), name)) return null;
    const method = getPropertyOfType(model.checker, client, name);
    const returns = method ? getTypeOfSymbol(model.checker, method).getCallSignatures().map((s) => s.getReturnType()) : [];
    // Each overload has type parameters of its own: the same declared type, instantiated apart.
    const declared = new Set(returns.map((type) => type.aliasSymbol ?? type.getSymbol()));
    return declared.size === 1 && !declared.has(undefined) ? returns[0]! : null;
  } catch {
    return null;
  }
}

/** The grpc-js `Client` type that is assignable to `receiverType`, or null (cached per receiver type). */
function standInClientOf(receiverType: ts.Type, model: StandInModel): ts.Type | null {
  let found = standInByReceiver.get(receiverType);
  if (found === undefined) {
    found = clientClassesOf(model).find((client) => isTypeAssignableTo(model.checker, client, receiverType)) ?? null;
    standInByReceiver.set(receiverType, found);
  }
  return found;
}

/**
 * The instance types of grpc-js's `Client` in the program (one per copy of the package), found once
 * per program among the top-level declarations of the package's declaration files.
 */
function clientClassesOf(model: StandInModel): readonly ts.Type[] {
  let found = clientClassesByProgram.get(model.program);
  if (!found) {
    const types: ts.Type[] = [];
    const markers = LIBRARIES.find((library) => library.id === CLIENT_CLASS.library)?.fileMarkers ?? [];
    for (const file of model.program.getSourceFiles()) {
      if (!file.isDeclarationFile || !markers.some((marker) => file.fileName.replaceAll('\\', '/').includes(marker))) continue;
      for (const statement of file.statements) {
        if (!isClassLike(statement) || statement.name?.text !== CLIENT_CLASS.name) continue;
        const symbol = getSymbolAtLocation(model.checker, statement.name);
        if (symbol) types.push(getDeclaredTypeOfSymbol(model.checker, symbol));
      }
    }
    clientClassesByProgram.set(model.program, (found = types));
  }
  return found;
}
