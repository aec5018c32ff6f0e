import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { RpcModel } from './index.js';
import { fromPackage } from './specifiers.js';
import { getResolvedSignature, getSymbolAtLocation, getTypeFromTypeNode, resolveAlias } from './checker.js';
import { CHANNEL_CREDENTIALS, type ResourceEntry } from './resources.js';
import {
  isCallExpression,
  isFunctionDeclaration,
  isFunctionLike,
  isFunctionTypeNode,
  isIdentifier,
  isJSDocSignature,
  isMethodDeclaration,
  isMethodSignature,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyDeclaration,
  isPropertySignature,
  isTypeLiteralNode,
  isTypeReferenceNode,
  isVariableDeclaration,
} from '../syntax/ts-nodes.js';
import { skipTypeWrappers } from '../syntax/ts-ast.js';
import { declaredNames, mayBeDeclaredName, type DeclarationNameQuery } from './declared-names.js';

/*
 * connect transports and clients that a library known only by its declarations builds (a `.d.ts`, or a
 * `declare function`: no body to read), told by connect's own types in its signature (RPC-FACTS §2.1):
 * `(…, options: GrpcTransportOptions) => Transport` can only build a connect-node transport from those
 * options, and `(transport: Transport) => Client<S>` a connect client over that transport
 * (`createClientFor(service)(transport)`). Likewise a grpc-js client from a declared function handed
 * `ChannelCredentials` ({@link declaredClientFactoryCall}). Names in the signature are read before types.
 */

/** connect-node's transport options types. */
export const TRANSPORT_OPTIONS: TypeOrValueSpecifier = fromPackage('@connectrpc/connect-node', 'GrpcTransportOptions', 'ConnectTransportOptions', 'GrpcWebTransportOptions');
const TRANSPORT_OPTIONS_NAMES: ReadonlySet<string> = new Set(['GrpcTransportOptions', 'ConnectTransportOptions', 'GrpcWebTransportOptions']);
const TRANSPORT: TypeOrValueSpecifier = fromPackage('@connectrpc/connect', 'Transport');
const TRANSPORT_NAMES: ReadonlySet<string> = new Set(['Transport']);
const CLIENT: TypeOrValueSpecifier = fromPackage('@connectrpc/connect', 'Client', 'PromiseClient');
const CLIENT_NAMES: ReadonlySet<string> = new Set(['Client', 'PromiseClient']);

/** What a declared builder makes, and the argument it makes it from (the options, or the transport). */
export interface DeclaredBuilder {
  readonly makes: 'transport' | 'client';
  readonly argument: number;
}

/**
 * The connect transport or client a call of a declaration-only library function builds, and from which
 * argument; null for anything else. connect's own factories are not declared builders (their options are
 * read as connect reads them). Overloads, a rest parameter, two candidate parameters, a wider parameter
 * type (`Partial<…>`) or another result type are not recognised.
 */
export function declaredBuilderOf(call: ts.CallExpression, model: RpcModel): DeclaredBuilder | null {
  if (!mayBeDeclaredBuilder(call, model)) return null; // the callee's declared result names, before resolving the call
  const declaration = getResolvedSignature(model.checker, call)?.declaration;
  if (!declaration || isJSDocSignature(declaration) || !('type' in declaration) || !declaration.type || !isTypeReferenceNode(declaration.type)) return null;
  const makes = isNamedType(declaration.type, TRANSPORT_NAMES) ? 'transport' : isNamedType(declaration.type, CLIENT_NAMES) ? 'client' : null;
  if (!makes || !hasNoBody(declaration, model)) return null;
  const file = declaration.getSourceFile().fileName.replaceAll('\\', '/');
  if (file.includes('/@connectrpc/')) return null;
  const names = makes === 'transport' ? TRANSPORT_OPTIONS_NAMES : TRANSPORT_NAMES;
  const candidates = declaration.parameters.flatMap((p, index) => (isNamedType(p.type, names) ? [index] : []));
  if (candidates.length !== 1) return null;
  const parameter = declaration.parameters[candidates[0]!]!;
  if (parameter.dotDotDotToken) return null;
  const checker = model.checker;
  if (!model.typeMatches(getTypeFromTypeNode(checker, declaration.type), [makes === 'transport' ? TRANSPORT : CLIENT])) return null;
  if (!model.typeMatches(getTypeFromTypeNode(checker, parameter.type!), [makes === 'transport' ? TRANSPORT_OPTIONS : TRANSPORT])) return null;
  return { makes, argument: candidates[0]! };
}

/** A signature with no implementation the program can read: in a declaration file, or a single `declare function`. */
function hasNoBody(declaration: ts.SignatureDeclaration, model: RpcModel): boolean {
  if (isFunctionDeclaration(declaration)) {
    if (declaration.body) return false;
    // An overload of a function with a body, or one of several overloads.
    const symbol = declaration.name ? getSymbolAtLocation(model.checker, declaration.name) : undefined;
    return symbol?.declarations?.length === 1;
  }
  return declaration.getSourceFile().isDeclarationFile;
}

/** A type reference whose last name is one of `names` (syntax only). */
function isNamedType(type: ts.TypeNode | undefined, names: ReadonlySet<string>): boolean {
  if (!type || !isTypeReferenceNode(type)) return false;
  return names.has(isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text);
}

const RESULT_NAMES: ReadonlySet<string> = new Set([...TRANSPORT_NAMES, ...CLIENT_NAMES]);

/**
 * Syntax and the callee's symbol only: whether some declaration of the callee names `Transport` or
 * `Client` as its result — directly (`declare function f(…): Transport`, `declare const f: (…) => Transport`),
 * or as the result of the function it returns, for a curried call (`clientFor(service)(transport)`).
 * Resolving a call's signature checks its arguments: too costly for every call a client may come from.
 */
function mayBeDeclaredBuilder(call: ts.CallExpression, model: RpcModel): boolean {
  const callee = skipTypeWrappers(call.expression);
  const curried = isCallExpression(callee);
  const name = calleeName(curried ? callee : call);
  if (!mayBeDeclaredName(declaredNames(model.program, BUILDER_RESULTS), name)) return false; // names before the callee's symbol
  if (curried) return resultTypesOf(callee, model).some((type) => isFunctionTypeNode(type) && isNamedType(type.type, RESULT_NAMES));
  return resultTypesOf(call, model).some((type) => isNamedType(type, RESULT_NAMES));
}

/** By syntax: declarations whose declared result (or its function-typed annotation's, or the result of the function it returns) names `Transport` or `Client`. */
const BUILDER_RESULTS: DeclarationNameQuery = {
  words: [...RESULT_NAMES],
  accepts: (node) => {
    const annotation = 'type' in node ? (node.type as ts.TypeNode | undefined) : undefined;
    const result = isFunctionLike(node) ? annotation : annotation && isFunctionTypeNode(annotation) ? annotation.type : undefined;
    return isNamedType(result, RESULT_NAMES) || (result !== undefined && isFunctionTypeNode(result) && isNamedType(result.type, RESULT_NAMES));
  },
};

/** The declared result types of the callee of `call`, read from its declarations' syntax. */
function resultTypesOf(call: ts.CallExpression, model: RpcModel): ts.TypeNode[] {
  return (calleeSymbol(call, model)?.declarations ?? []).flatMap((declaration) => {
    // A function-like declaration's own result; a variable's or property's function-typed annotation's result.
    const annotation = 'type' in declaration ? (declaration.type as ts.TypeNode | undefined) : undefined;
    const type = 'parameters' in declaration ? annotation : annotation && isFunctionTypeNode(annotation) ? annotation.type : undefined;
    return type ? [type] : [];
  });
}

/** The callee's name (`f`, `ns.f`, `obj.f`), by syntax. */
function calleeName(call: ts.CallExpression): ts.Identifier | ts.PrivateIdentifier | null {
  const callee = skipTypeWrappers(call.expression);
  return isPropertyAccessExpression(callee) ? callee.name : isIdentifier(callee) ? callee : null;
}

/** The symbol the callee's name resolves to, through imports. */
function calleeSymbol(call: ts.CallExpression, model: RpcModel): ts.Symbol | undefined {
  const name = calleeName(call);
  return name ? resolveAlias(model.checker, getSymbolAtLocation(model.checker, name)) : undefined;
}

/**
 * A grpc-js client that a library function known only by its declaration builds (a `.d.ts` of another workspace package, a
 * `declare function`, a method of a declared class: no body to read) that is handed grpc-js `ChannelCredentials` (as a parameter,
 * or a property of an options-object parameter) and returns a grpc-js client:
 * `declare const clientFactory: (props: { address: string; credentials: ChannelCredentials }) => FooClient`.
 * Credentials are what a channel is made of, so each call builds a client with a channel of its own.
 * A declared function given no credentials (`connect(address)`) may hand out a shared client: unknown.
 * Syntax before the checker: a call with an options literal or two arguments, one declaration.
 */
export function declaredClientFactoryCall(call: ts.CallExpression, model: RpcModel): ResourceEntry | null {
  const name = calleeName(call);
  if (!name || (call.arguments.length < 2 && !call.arguments.some((a) => isObjectLiteralExpression(skipTypeWrappers(a))))) return null;
  if (!mayBeDeclaredName(declaredNames(model.program, TAKING_CREDENTIALS), name)) return null; // names before the checker
  const signature = declaredSignatureOf(call, model);
  if (!signature?.type) return null;
  const checker = model.checker;
  const credentialed = signature.parameters.some((parameter) => {
    const type = parameter.type;
    const candidates = type && isTypeLiteralNode(type) ? type.members.flatMap((m) => (isPropertySignature(m) && m.type ? [m.type] : [])) : type ? [type] : [];
    return candidates.some((node) => model.typeMatches(getTypeFromTypeNode(checker, node), [CHANNEL_CREDENTIALS]));
  });
  if (!credentialed) return null;
  const resource = model.resourceOfType(getTypeFromTypeNode(checker, signature.type));
  return resource?.kind === 'client' && resource.library === 'grpc-js' ? resource : null;
}

/**
 * The one bodiless declaration of a callee ({@link hasNoBody}): `declare function f(…): T`, a method of a
 * declared class, or `declare const f: (…) => T` (its function type).
 */
function declaredSignatureOf(call: ts.CallExpression, model: RpcModel): ts.SignatureDeclaration | null {
  const declarations = calleeSymbol(call, model)?.declarations;
  const declaration = declarations?.length === 1 ? declarations[0]! : undefined;
  if (!declaration) return null;
  const signature = isFunctionDeclaration(declaration) || isMethodDeclaration(declaration) ? declaration
    : isVariableDeclaration(declaration) && !declaration.initializer && declaration.type && isFunctionTypeNode(declaration.type) ? declaration.type
    : null;
  return signature && hasNoBody(signature, model) ? signature : null;
}

/**
 * By syntax: declarations whose text mentions `ChannelCredentials` (functions, methods, variables and
 * properties, outside grpc-js itself). A declared factory that takes credentials in its signature is one
 * of them; every other call is passed over before the checker.
 */
const TAKING_CREDENTIALS: DeclarationNameQuery = {
  words: ['ChannelCredentials'],
  skipsFile: (fileName) => fileName.includes('/@grpc/grpc-js/'),
  accepts: (node) => isFunctionDeclaration(node) || isMethodDeclaration(node) || isMethodSignature(node) || isVariableDeclaration(node) || isPropertyDeclaration(node) || isPropertySignature(node),
};
