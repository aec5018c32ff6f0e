import type { TSESTree } from '@typescript-eslint/utils';

import type { RpcModel } from './index.js';
import { CHANNEL_CREDENTIALS, FACTORIES, type ResourceEntry, type ResourceKind } from './resources.js';
import { isOpaque } from './type-walk.js';

const PROTO_LOADER_CLIENT: ResourceEntry = {
  kind: 'client',
  library: 'grpc-js',
  spec: 'ServiceClient',
  label: 'grpc-js client',
  close: ['close'],
  leaks: 'its channel, subchannel and channelz entry stay alive',
};

/**
 * The resource that `node` creates, when it is a constructor call of a resource type or a call of a
 * library factory. proto-loader clients are `any`: `new X(address, credentials)` with a grpc-js
 * `ChannelCredentials` argument counts as a grpc-js client.
 */
export function createdResource(
  node: TSESTree.NewExpression | TSESTree.CallExpression,
  model: RpcModel,
  kinds: ReadonlySet<ResourceKind>,
): ResourceEntry | null {
  if (node.type === 'CallExpression' && !model.valueIs(node.callee, FACTORIES)) return null;
  const type = model.typeOf(node);
  if (!type) return null;
  if (isOpaque(type)) {
    return node.type === 'NewExpression' && node.arguments.length >= 2 && node.arguments.some((arg) => model.typeIs(arg, [CHANNEL_CREDENTIALS]))
      ? PROTO_LOADER_CLIENT
      : null;
  }
  const resource = model.resourceOfType(type);
  return resource && kinds.has(resource.kind) ? resource : null;
}
