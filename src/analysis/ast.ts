import type { TSESTree } from '@typescript-eslint/utils';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node | undefined): node is FunctionNode {
  return (
    node?.type === 'ArrowFunctionExpression' ||
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression'
  );
}

/** The innermost function around `node`, or null at module level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let at = node.parent; at; at = at.parent) if (isFunction(at)) return at;
  return null;
}

/**
 * Climbs over wrappers that pass a value through unchanged (`x!`, `x as T`, `await x`,
 * `a ? x : y`, `a ?? x`, `(a, x)`, `x?.y()` chains) and returns the outermost one.
 */
export function valuePosition(node: TSESTree.Node): TSESTree.Node {
  let at = node;
  for (let parent = at.parent; parent; at = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'AwaitExpression':
      case 'LogicalExpression':
        continue;
      case 'ChainExpression':
        continue;
      case 'ConditionalExpression':
        if (parent.test !== at) continue;
        return at;
      case 'SequenceExpression':
        if (parent.expressions.at(-1) === at) continue;
        return at;
      default:
        return at;
    }
  }
  return at;
}

/** `x.name` / `x['name']` → `name`. */
export function staticMemberName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return null;
}

/** A call's callee without `?.` / `!` wrappers. */
export function calleeOf(call: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Node {
  let callee: TSESTree.Node = call.callee;
  while (callee.type === 'TSNonNullExpression' || callee.type === 'ChainExpression') callee = callee.expression;
  return callee;
}

/** `Object property name` of a non-computed property key. */
export function propertyKeyName(property: TSESTree.Property): string | null {
  if (!property.computed && property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'Literal' && typeof property.key.value === 'string') return property.key.value;
  return null;
}
