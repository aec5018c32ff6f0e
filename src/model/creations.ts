import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { propertyKeyName } from '../syntax/ast.js';
import type { RpcModel } from './index.js';
import { CHANNEL_CREDENTIALS, CHANNEL_OVERRIDE, FACTORIES, type ResourceEntry, type ResourceKind } from './resources.js';
import { annotatedTypeOf } from './annotations.js';
import { isOpaque } from './type-walk.js';
import { getTypeAtLocation } from './checker.js';
import { isCallExpression } from '../syntax/ts-nodes.js';

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
