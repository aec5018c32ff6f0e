import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { staticMemberName, type FunctionNode } from '../../syntax/ast.js';
import { isGlobalName, singleLocalInit, skipTypeWrappers } from '../flow/origins.js';

type Owner = FunctionNode | TSESTree.Program;

/**
 * Where the `AbortSignal` passed to a call comes from, as far as `owner`'s code shows:
 * - `timeout`: `AbortSignal.timeout(ms)` (alone or inside `AbortSignal.any`): the call is bounded;
 * - `controllers`: the signals of `new AbortController()`s that `owner` creates: `owner` must abort them;
 * - `foreign`: anything else (a parameter, a field, a server call's `ctx.signal`): its owner cancels.
 */
export type SignalSource =
  | { kind: 'timeout' }
  | { kind: 'controllers'; controllers: TSESTree.NewExpression[] }
  | { kind: 'foreign' };

const MAX_DEPTH = 3;

export function signalSourceOf(
  node: TSESTree.Node,
  owner: Owner,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): SignalSource {
  const at = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return { kind: 'foreign' };
  if (at.type === 'CallExpression' && isAbortSignalStatic(at.callee, 'timeout', sourceCode)) return { kind: 'timeout' };
  if (at.type === 'CallExpression' && isAbortSignalStatic(at.callee, 'any', sourceCode)) {
    const list = at.arguments[0];
    if (list?.type !== 'ArrayExpression') return { kind: 'foreign' };
    const parts = list.elements.map((e) => (e && e.type !== 'SpreadElement' ? signalSourceOf(e, owner, sourceCode, depth + 1) : ({ kind: 'foreign' } as const)));
    if (parts.some((p) => p.kind === 'timeout')) return { kind: 'timeout' };
    if (parts.some((p) => p.kind === 'foreign')) return { kind: 'foreign' };
    return { kind: 'controllers', controllers: parts.flatMap((p) => (p.kind === 'controllers' ? p.controllers : [])) };
  }
  if (at.type === 'MemberExpression' && staticMemberName(at) === 'signal' && at.object.type === 'Identifier') {
    const init = singleLocalInit(at.object, owner, sourceCode);
    const created = init && skipTypeWrappers(init);
    if (created?.type === 'NewExpression' && isGlobalName(created.callee, 'AbortController', sourceCode)) {
      return { kind: 'controllers', controllers: [created] };
    }
    return { kind: 'foreign' };
  }
  if (at.type === 'Identifier') {
    const init = singleLocalInit(at, owner, sourceCode);
    return init ? signalSourceOf(init, owner, sourceCode, depth + 1) : { kind: 'foreign' };
  }
  return { kind: 'foreign' };
}

function isAbortSignalStatic(callee: TSESTree.Node, name: string, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return callee.type === 'MemberExpression' && staticMemberName(callee) === name && isGlobalName(callee.object, 'AbortSignal', sourceCode);
}
