import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { variableOf } from '../flow/origins.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** How many bindings and spreads an object is followed through. */
const MAX_HOPS = 4;

/**
 * The places an object literal's properties end up, as far as this file shows: the literal itself (and
 * above wrappers: `as`, `satisfies`, a branch of `?:`/`??`), each object literal it is spread into, and each read
 * of the `const` (or never reassigned `let`) it initialises, followed on from there. An options object is
 * judged at each of them: by the position it is passed to, or by the type declared there.
 */
export function objectUsesOf(literal: TSESTree.ObjectExpression, sourceCode: SourceCode): TSESTree.Node[] {
  const uses: TSESTree.Node[] = [];
  const seen = new Set<TSESTree.Node>();
  const visit = (expression: TSESTree.Node, hops: number): void => {
    const at = outerValue(expression);
    if (hops > MAX_HOPS || seen.has(at)) return;
    seen.add(at);
    // `{ … } satisfies T`: the type is declared for the literal, not for the wrapper around it.
    if (at !== expression) uses.push(expression);
    uses.push(at);
    const parent = at.parent;
    if (parent?.type === 'SpreadElement' && parent.parent.type === 'ObjectExpression') {
      visit(parent.parent, hops + 1);
    } else if (parent?.type === 'VariableDeclarator' && parent.init === at && parent.id.type === 'Identifier') {
      const variable = variableOf(parent.id, sourceCode);
      if (!variable || variable.defs.length !== 1 || variable.references.some((r) => r.isWrite() && !r.init)) return;
      for (const reference of variable.references) {
        if (reference.isRead()) visit(reference.identifier, hops + 1);
      }
    }
  };
  visit(literal, 0);
  return uses;
}

/** `node` above wrappers that pass it on unchanged: `as`, `!`, `satisfies`, `<T>`, a branch of `?:`, `??`, `||`. */
export function outerValue(node: TSESTree.Node): TSESTree.Node {
  let at = node;
  for (let parent = at.parent; parent; at = parent, parent = parent.parent) {
    if (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'TSTypeAssertion') continue;
    if (parent.type === 'ConditionalExpression' && parent.test !== at) continue;
    if (parent.type === 'LogicalExpression') continue;
    break;
  }
  return at;
}
