import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { propertyKeyName } from '../syntax/ast.js';
import type { RpcModel } from './index.js';
import { CHANNEL_CREDENTIALS, CHANNEL_OVERRIDE, FACTORIES, type ResourceEntry, type ResourceKind } from './resources.js';
import { annotatedTypeOf } from './annotations.js';
import { isOpaque } from './type-walk.js';
import { getSymbolAtLocation, getTypeFromTypeNode, hasSymbolFlag, resolveAlias } from './checker.js';
import { getTypeAtLocation } from './checker.js';
import {
  isCallExpression,
  isFunctionDeclaration,
  isFunctionTypeNode,
  forEachChild,
  isIdentifier,
  isMethodDeclaration,
  isMethodSignature,
  isPropertyDeclaration,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertySignature,
  isTypeLiteralNode,
  isVariableDeclaration,
} from '../syntax/ts-nodes.js';
import { skipTypeWrappers } from '../syntax/ts-ast.js';

const PROTO_LOADER_CLIENT: ResourceEntry = {
  kind: 'client',
  library: 'grpc-js',
  spec: 'ServiceClient',
  label: 'grpc-js client',
  close: ['close'],
  leaks: 'its channel and connection stay open',
};

/**
 * The resource that `node` creates, when it is a constructor call of a resource type or a call of a
 * library factory. Constructors are judged by the callee's construct signatures, which the checker
 * caches per class, not by the type of each `new` expression, which would resolve and check every
 * call's arguments. proto-loader clients are `any`: an annotated binding says what the `new` makes
 * (`const c: FooClient = new proto.Foo(…)`), else `new X(address, credentials)` with a grpc-js
 * `ChannelCredentials` argument counts as a grpc-js client.
 */
export function createdResource(
  node: TSESTree.NewExpression | TSESTree.CallExpression,
  model: RpcModel,
  kinds: ReadonlySet<ResourceKind>,
): ResourceEntry | null {
  let resource: ResourceEntry | null;
  if (node.type === 'CallExpression') {
    if (!model.valueIs(node.callee, FACTORIES)) return null;
    const call = model.tsNodeOf(node);
    resource = isCallExpression(call) ? model.resourceOfFactoryCall(call) : null;
  } else {
    if (usesChannelOverride(node) || !model.mayConstructResource(model.tsNodeOf(node.callee) as ts.Expression)) return null;
    const calleeType = model.typeOf(node.callee);
    if (!calleeType) return null;
    if (isOpaque(calleeType)) {
      // `const c: EventServiceClient = new proto.EventService(…)`: the binding's annotation says what it is.
      const annotated = model.annotatedModelledType(node);
      const declared = annotated ? model.resourceOfType(annotated) : null;
      if (declared) return kinds.has(declared.kind) ? declared : null;
      const credentialed = node.arguments.length >= 2 && node.arguments.some((arg) => model.typeIs(arg, [CHANNEL_CREDENTIALS]));
      return credentialed && kinds.has('client') ? PROTO_LOADER_CLIENT : null;
    }
    resource = model.resourceOfConstructor(calleeType);
  }
  return resource && kinds.has(resource.kind) ? resource : null;
}

/**
 * What an opaque (`any`) `new` makes, on the TypeScript AST, for the program-wide facts that read
 * other functions' bodies: the modelled type its binding's annotation names, else a grpc-js client
 * when it is built as `new X(address, credentials)` with a grpc-js `ChannelCredentials` argument —
 * the rule `createdResource` applies where it is linted.
 */
export function opaqueConstruction(node: ts.NewExpression, model: RpcModel, kinds: ReadonlySet<ResourceKind>): ResourceEntry | null {
  const annotated = annotatedTypeOf(node, model.checker);
  const declared = annotated ? model.resourceOfType(annotated) : null;
  if (declared) return kinds.has(declared.kind) ? declared : null;
  const args = node.arguments ?? [];
  if (args.length < 2 || !kinds.has('client')) return null;
  const credentialed = args.some((arg) => {
    try {
      return model.typeMatches(getTypeAtLocation(model.checker, arg), [CHANNEL_CREDENTIALS]);
    } catch {
      return false;
    }
  });
  return credentialed ? PROTO_LOADER_CLIENT : null;
}

/**
 * `new Client(address, credentials, { channelOverride })` owns no connection: it uses the caller's
 * channel, and its `close()` would close that channel for everyone else.
 */
function usesChannelOverride(node: TSESTree.NewExpression): boolean {
  const options = node.arguments[CHANNEL_OVERRIDE.argument];
  return (
    options?.type === 'ObjectExpression' &&
    options.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === CHANNEL_OVERRIDE.property)
  );
}

/**
 * A library function known only by its declaration (a `.d.ts` of another workspace package, a
 * `declare function`, a method of a declared class: no body to read) that is handed grpc-js `ChannelCredentials` (as a parameter,
 * or a property of an options-object parameter) and returns a grpc-js client:
 * `declare const clientFactory: (props: { address: string; credentials: ChannelCredentials }) => FooClient`.
 * Credentials are what a channel is made of, so each call builds a client with a channel of its own.
 * A declared function given no credentials (`connect(address)`) may hand out a shared client: unknown.
 * Syntax before the checker: a call with an options literal or two arguments, one declaration.
 */
export function declaredClientFactoryCall(call: ts.CallExpression, model: RpcModel): ResourceEntry | null {
  const callee = skipTypeWrappers(call.expression);
  const name = isPropertyAccessExpression(callee) ? callee.name : isIdentifier(callee) ? callee : null;
  if (!name || (call.arguments.length < 2 && !call.arguments.some((a) => isObjectLiteralExpression(skipTypeWrappers(a))))) return null;
  if (!namesTakingCredentials(model.program).has(name.text)) return null; // names before the checker
  const signature = declaredSignatureOf(name, model);
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

/** The one bodiless declaration of a callee: `declare function f(…): T` or `declare const f: (…) => T`. */
function declaredSignatureOf(name: ts.Identifier | ts.PrivateIdentifier, model: RpcModel): ts.SignatureDeclaration | null {
  const symbol = resolveAlias(model.checker, getSymbolAtLocation(model.checker, name));
  const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
  if (!declaration) return null;
  if (isFunctionDeclaration(declaration)) return declaration.body || !hasSymbolFlag(symbol!, 'Function') ? null : declaration;
  if (isMethodDeclaration(declaration)) return declaration.body || !declaration.getSourceFile().isDeclarationFile ? null : declaration;
  if (isVariableDeclaration(declaration) && !declaration.initializer && declaration.type && isFunctionTypeNode(declaration.type)) {
    return declaration.getSourceFile().isDeclarationFile ? declaration.type : null;
  }
  return null;
}

const credentialNames = new WeakMap<ts.Program, ReadonlySet<string>>();

/**
 * Once per program, by syntax: the names of declarations whose text mentions `ChannelCredentials`
 * (functions, methods, variables and properties, outside grpc-js itself). A declared factory that takes
 * credentials in its signature is one of them; every other call is passed over before the checker.
 */
function namesTakingCredentials(program: ts.Program): ReadonlySet<string> {
  let names = credentialNames.get(program);
  if (!names) {
    const found = new Set<string>();
    for (const file of program.getSourceFiles()) {
      if (!file.text.includes(CREDENTIALS_NAME) || file.fileName.replaceAll('\\', '/').includes('/@grpc/grpc-js/')) continue;
      const visit = (node: ts.Node): void => {
        const named = isFunctionDeclaration(node) || isMethodDeclaration(node) || isMethodSignature(node) || isVariableDeclaration(node) || isPropertyDeclaration(node) || isPropertySignature(node);
        if (named && node.name && isIdentifier(node.name) && file.text.slice(node.pos, node.end).includes(CREDENTIALS_NAME)) found.add(node.name.text);
        forEachChild(node, visit);
      };
      visit(file);
    }
    credentialNames.set(program, (names = found));
  }
  return names;
}

const CREDENTIALS_NAME = 'ChannelCredentials';
