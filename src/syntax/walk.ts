import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { TSESTree } from '@typescript-eslint/utils';

/**
 * Visits `root` and its descendants in source order. `enter` returns `false` to skip a node's
 * children. For pre-passes that must see nodes before ESLint's traversal reaches them (code-path
 * analysis records only nodes it was asked to watch in advance).
 */
export function walk(
  root: TSESTree.Node,
  visitorKeys: SourceCode.VisitorKeys,
  enter: (node: TSESTree.Node) => boolean | void,
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node) === false) continue;
    const keys = visitorKeys[node.type];
    if (!keys) continue;
    // Children pushed last to first, so that they pop in source order (no array per node).
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i] as TSESTree.Node);
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
}

/** Whether a property value of an AST node is itself a node. */
export function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Nodes that hold only types (`: T`, `<T>`): no value, assignment or call is written inside one. */
export const TYPE_ONLY_NODES: ReadonlySet<string> = new Set(['TSTypeAnnotation', 'TSTypeParameterDeclaration', 'TSTypeParameterInstantiation']);
