import type { TSESTree } from '@typescript-eslint/utils';

import type { OwnershipOracle } from '../analysis/ownership.js';
import { calleeOf } from '../analysis/ast.js';
import type { RpcModel } from './index.js';
import { BORROWERS, CHANNEL_OVERRIDE, CLOSE_FUNCTIONS, type ResourceEntry } from './resources.js';

/** How the model answers the ownership analysis's questions about one kind of resource. */
export function ownershipOracleFor(resource: ResourceEntry, model: RpcModel): OwnershipOracle {
  return {
    isCloseMethod: (name) => resource.close.includes(name),
    isCloseFunction: (call, index) => index === 0 && model.valueIs(calleeOf(call), CLOSE_FUNCTIONS),
    borrows: (call, index, property) => borrows(call, index, property, model),
  };
}

function borrows(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  index: number,
  property: string | null,
  model: RpcModel,
): boolean {
  if (call.type === 'NewExpression') {
    return index === CHANNEL_OVERRIDE.argument && property === CHANNEL_OVERRIDE.property && model.resourceOf(call)?.kind === 'client';
  }
  const callee = calleeOf(call);
  return BORROWERS.some(
    (b) => b.argument === index && (b.property ?? null) === property && model.valueIs(callee, [b.callee]),
  );
}
