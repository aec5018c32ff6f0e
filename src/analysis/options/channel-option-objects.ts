import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { CHANNEL_OPTIONS_POSITIONS, CHANNEL_OPTIONS_TYPES, type OptionsRole } from '../../model/channel-options.js';
import { createdResource } from '../../model/creations.js';
import type { RpcModel } from '../../model/index.js';
import { declaredOptionsOf } from '../../model/option-types.js';
import type { ResourceKind } from '../../model/resources.js';
import { propertyKeyName } from '../../syntax/ast.js';
import { objectUsesOf, outerValue } from './object-uses.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/*
 * Which object literals reach grpc-js as channel options, as far as the code shows: written at a
 * position where a library passes them on (`new Client(address, credentials, <here>)`, `new
 * GrpcTransport({ clientOptions: <here> })`, a google-gax client's options), declared as grpc-js (or
 * NestJS) channel options, or spread into or bound to something that is. An object with `grpc.*` keys
 * that reaches none of these is a wrapper's own business: its keys may never reach grpc-js.
 */

const POSITION_KINDS: ReadonlySet<ResourceKind> = new Set(CHANNEL_OPTIONS_POSITIONS.map((p) => p.kind));
const POSITION_ARGUMENTS: ReadonlySet<number> = new Set(CHANNEL_OPTIONS_POSITIONS.map((p) => p.argument));

/** The roles (client, server, either) of the places where `literal`'s keys reach grpc-js; empty when none is seen. */
export function channelOptionsRolesOf(literal: TSESTree.ObjectExpression, model: RpcModel, sourceCode: SourceCode): ReadonlySet<OptionsRole> {
  const roles = new Set<OptionsRole>();
  for (const at of objectUsesOf(literal, sourceCode)) {
    const role = positionRoleOf(at, model) ?? declaredOptionsOf(model.tsNodeOf(at) as ts.Expression, CHANNEL_OPTIONS_TYPES, model)?.role;
    if (role) roles.add(role);
  }
  return roles;
}

/**
 * The role of a library position `at` is written in: an argument of a creation at the options index, or
 * the value of the options key of an object at that index (`new GrpcTransport({ clientOptions: at })`).
 */
function positionRoleOf(at: TSESTree.Node, model: RpcModel): OptionsRole | null {
  const parent = at.parent;
  if (parent?.type === 'NewExpression' || parent?.type === 'CallExpression') return roleOfArgument(parent, at, null, model);
  if (parent?.type === 'Property' && parent.value === at && parent.parent.type === 'ObjectExpression') {
    const key = propertyKeyName(parent);
    const options = outerValue(parent.parent);
    const call = options.parent;
    if (key !== null && (call?.type === 'NewExpression' || call?.type === 'CallExpression')) return roleOfArgument(call, options, key, model);
  }
  return null;
}

function roleOfArgument(call: TSESTree.NewExpression | TSESTree.CallExpression, argument: TSESTree.Node, property: string | null, model: RpcModel): OptionsRole | null {
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  // Syntax before types: only an options position can be one.
  if (index < 0 || !POSITION_ARGUMENTS.has(index) || call.arguments.slice(0, index).some((a) => a.type === 'SpreadElement')) return null;
  if (property !== null && !CHANNEL_OPTIONS_POSITIONS.some((p) => p.property === property)) return null;
  const created = createdResource(call, model, POSITION_KINDS);
  if (!created) return null;
  const position = CHANNEL_OPTIONS_POSITIONS.find(
    (p) => p.library === created.library && p.kind === created.kind && p.argument === index && (p.property ?? null) === property,
  );
  return position?.role ?? null;
}
