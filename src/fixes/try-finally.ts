import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from '../analysis/ast.js';

const HOISTED = new Set(['FunctionDeclaration', 'ClassDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSEnumDeclaration', 'TSModuleDeclaration']);

/**
 * A fix that wraps the statements after `declaration` (to the end of its block) in
 * `try { … } finally { <cleanup>; }`. Null when the shape is not a plain block with statements
 * after the declaration, or when moving them would change what later code can see.
 */
export function wrapRestInTryFinally(
  declaration: TSESTree.VariableDeclaration,
  cleanup: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
  owner: FunctionNode,
): TSESLint.ReportFixFunction | null {
  const block = declaration.parent;
  if (block.type !== 'BlockStatement' || !isInside(block, owner)) return null;
  const index = block.body.indexOf(declaration);
  const rest = block.body.slice(index + 1);
  const first = rest[0];
  const last = rest.at(-1);
  if (!first || !last || rest.some((s) => HOISTED.has(s.type))) return null;

  const indent = /^\s*/.exec(sourceCode.lines[declaration.loc.start.line - 1] ?? '')?.[0] ?? '';
  const unit = indent.includes('\t') ? '\t' : '  ';
  const lines = sourceCode.text.slice(first.range[0], last.range[1]).split('\n');
  const body = [indent + unit + lines[0], ...lines.slice(1).map((line) => (line.trim() === '' ? '' : unit + line))].join('\n');
  const replacement = `try {\n${body}\n${indent}} finally {\n${indent}${unit}${cleanup};\n${indent}}`;
  return (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], replacement);
}

function isInside(block: TSESTree.BlockStatement, owner: FunctionNode): boolean {
  for (let at: TSESTree.Node | undefined = block; at; at = at.parent) {
    if (at === owner) return true;
    if (at.type === 'FunctionDeclaration' || at.type === 'FunctionExpression' || at.type === 'ArrowFunctionExpression') return false;
  }
  return false;
}
