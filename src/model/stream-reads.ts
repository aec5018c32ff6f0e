import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { calleeOf } from '../syntax/ast.js';
import type { RpcModel } from './index.js';
import { STREAMS, methodStreamOf, streamOfCall, streamOfType, type StreamKind } from './streams.js';
import { findInTypeOrBases, isOpaque } from './type-walk.js';

import { fromLib, fromPackage } from './specifiers.js';
import { specifierNames, typeMatchesSomeSpecifier } from './type-utils.js';
import { getDeclaredTypeOfSymbol, getNonNullableType, getResolvedSignature, getSymbolAtLocation, getTypeOfSymbolAtLocation } from './checker.js';
import { findAncestor, isAbstractDeclaration, isCallSignatureDeclaration, isFunctionTypeNode, isInterfaceDeclaration, isMethodDeclaration, isMethodSignature, isTypeAliasDeclaration } from '../syntax/ts-nodes.js';

/**
 * The ways code takes messages off the readable side of a stream. Two of them running at the same
 * time on one stream compete for its messages (RPC-FACTS.md §1.5 d, §2.5 d, §3.3 d, §6.7):
 * loops and pulls split the messages; every pending `once(s, 'data')` resolves with the same
 * next message; every `'data'` listener receives every message.
 */
export type ReadForm = 'once' | 'loop' | 'listener' | 'pull';

/** Events whose listener consumes messages. */
export const MESSAGE_EVENTS: ReadonlySet<string> = new Set(['data', 'readable']);


/** Methods that pull the next message: an iterator's `next()`, a Readable's `read()`. */
export const PULL_METHODS: ReadonlySet<string> = new Set(['next', 'read']);

/** Pulls that return the message at once (a Readable's buffer), not a promise that waits for it. */
export const SYNCHRONOUS_PULLS: ReadonlySet<string> = new Set(['read']);

/** `once(stream, 'data')`: a promise of the next message. */
export const MESSAGE_WAITERS: readonly TypeOrValueSpecifier[] = [fromPackage('events', 'once')];

/**
 * ts-proto's nice-grpc client interfaces (`EventServiceClient<CallOptionsExt>`) are not `RawClient`:
 * a method whose last parameter takes nice-grpc-common `CallOptions` and that returns an
 * `AsyncIterable` starts a nice-grpc stream.
 */
export const NICE_GENERATED_STREAM = {
  options: fromPackage('nice-grpc-common', 'CallOptions'),
  returns: fromLib('AsyncIterable'),
} as const;

const NICE_STREAM = STREAMS.find((kind) => kind.library === 'nice-grpc')!;

/**
 * The stream kind `call` starts: `streamOfCall` (grpc-js calls, connect and nice-grpc `RawClient`
 * methods), or a ts-proto nice-grpc client method recognised by its signature.
 */
export function streamStartedBy(call: TSESTree.CallExpression, model: RpcModel): StreamKind | null {
  const known = streamOfCall(call, model) ?? streamOfFunctionValue(call, model);
  if (known) return known;
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression' || call.arguments.length === 0) return null;
  if (!model.typeIs(call, [NICE_GENERATED_STREAM.returns])) return null;
  try {
    const signature = getResolvedSignature(model.checker, model.tsNodeOf(call) as ts.CallExpression);
    const last = signature?.parameters.at(-1);
    const declaration = last?.valueDeclaration;
    if (!last || !declaration) return null;
    const type = getTypeOfSymbolAtLocation(model.checker, last, declaration);
    if (isOpaque(type)) return null;
    const matches = findInTypeOrBases(type, model.checker, (t) => (typeMatchesSomeSpecifier(t, [NICE_GENERATED_STREAM.options], model.program) ? true : null));
    return matches === true ? NICE_STREAM : null;
  } catch {
    return null;
  }
}

/**
 * A call of a function-typed value with no body in the program — a parameter or variable typed
 * `(req: Req) => ClientReadableStream<Res>` (a bound client method handed in), an interface's or an
 * abstract class's method, a connect `Client<typeof Service>['watch']` — starts a new call, decided
 * by what it returns: a grpc-js streaming call type, or the `AsyncIterable` of a signature that a
 * client type of the model declares (connect's `Client`). A function or method with a body is a
 * helper of the program: it may return a stream someone else keeps, so it is not a creation.
 */
export function streamOfFunctionValue(call: TSESTree.CallExpression, model: RpcModel): StreamKind | null {
  const callee = calleeOf(call);
  if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') return null;
  try {
    // The callee's own type and declared signatures, not the call's resolution (which infers and
    // checks the arguments): most callees have a body, and that ends the question.
    const calleeType = model.typeOf(callee);
    if (!calleeType || isOpaque(calleeType)) return null;
    const signatures = getNonNullableType(model.checker, calleeType).getCallSignatures();
    if (signatures.length === 0 || !signatures.every((s) => s.declaration !== undefined && isBodilessCallable(s.declaration))) return null;
    const kinds = new Set(signatures.map((s) => streamOfType(s.getReturnType(), model)));
    const [only] = kinds;
    if (kinds.size === 1 && only) return only;
    const owner = findAncestor<ts.TypeAliasDeclaration | ts.InterfaceDeclaration>(signatures[0]!.declaration, (n) => isTypeAliasDeclaration(n) || isInterfaceDeclaration(n));
    const symbol = owner && getSymbolAtLocation(model.checker, owner.name);
    return symbol ? methodStreamOf(getDeclaredTypeOfSymbol(model.checker, symbol), call, model) : null;
  } catch {
    return null;
  }
}

/** The names of the stream types a value's own type is recognised by (grpc-js calls). */
const STREAM_TYPE_NAMES: ReadonlySet<string> = new Set(STREAMS.flatMap((kind) => ('type' in kind.recognise ? specifierNames(kind.recognise.type) : [])));
/** The names of the client types whose methods' results are recognised (connect `Client`, nice-grpc `RawClient`). */
const METHOD_OWNER_NAMES: ReadonlySet<string> = new Set(STREAMS.flatMap((kind) => ('methodOf' in kind.recognise ? specifierNames(kind.recognise.methodOf) : [])));

/**
 * Syntax before types, for `streamOfFunctionValue` on `x.name(…)` with `x` declared as `annotation`:
 * false when the annotation's chain of classes and interfaces (`RpcModel.declaredMemberOf`) declares
 * `name` as a method with a body (a helper of the program), or as methods without one (an interface's,
 * abstract) whose declared results name no stream type, in a chain that names no client type whose
 * methods' results count. Typing `x.name` narrows `x` by control flow, the costly part of the question.
 * True means "ask the types".
 */
export function mayStartStreamAsMethod(annotation: ts.TypeNode, name: string, model: RpcModel): boolean {
  const declared = model.declaredMemberOf(annotation, name);
  if (!declared) return true;
  const { names, members } = declared;
  if (!members.every((member) => isMethodDeclaration(member) || isMethodSignature(member))) return true;
  if (members.every((method) => isMethodDeclaration(method) && !isAbstractDeclaration(method))) return false;
  if (names.some((owner) => METHOD_OWNER_NAMES.has(owner))) return true;
  return members.some((method) => !method.type || model.mayBeDeclaredAs(method.type, STREAM_TYPE_NAMES));
}

/** A signature that promises a result without a body to look into: a function type, an interface member, an abstract method. */
function isBodilessCallable(declaration: ts.Declaration): boolean {
  if (isFunctionTypeNode(declaration) || isCallSignatureDeclaration(declaration) || isMethodSignature(declaration)) return true;
  return isMethodDeclaration(declaration) && !declaration.body && isAbstractDeclaration(declaration);
}
