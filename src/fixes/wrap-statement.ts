import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** A replacement of `range` (absolute offsets inside the wrapped statement) by `text`. */
export interface TextEdit {
  range: readonly [number, number];
  text: string;
}

const STATEMENT_LISTS = new Set(['BlockStatement', 'Program', 'StaticBlock', 'SwitchCase']);

/** The statement to wrap for `node`: itself with its labels, when it sits in a statement list. */
export function wrappableStatement(node: TSESTree.Statement): TSESTree.Statement | null {
  let statement: TSESTree.Statement = node;
  while (statement.parent?.type === 'LabeledStatement') statement = statement.parent;
  return statement.parent && STATEMENT_LISTS.has(statement.parent.type) ? statement : null;
}

/**
 * A fix that rewrites `statement` (in a statement list) as
 * `<before lines> try { <statement with edits> } finally { <cleanup>; }`, re-indented one level.
 * Null when the statement holds a multi-line template literal (re-indenting would change it).
 */
export function wrapInTryFinally(
  statement: TSESTree.Statement,
  cleanup: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: { before?: readonly string[]; edits?: readonly TextEdit[] } = {},
): TSESLint.ReportFixFunction | null {
  const edit = tryFinallyEdit(statement, cleanup, sourceCode, options);
  return edit ? (fixer) => fixer.replaceTextRange(edit.range, edit.text) : null;
}

/** The edit of {@link wrapInTryFinally}, to combine with other edits of one fix. */
export function tryFinallyEdit(
  statement: TSESTree.Statement,
  cleanup: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: { before?: readonly string[]; edits?: readonly TextEdit[] } = {},
): TextEdit | null {
  if (hasMultilineTemplate(statement, sourceCode)) return null;
  const [start, end] = statement.range;
  let text = sourceCode.text.slice(start, end);
  const edits = [...(options.edits ?? [])].sort((a, b) => b.range[0] - a.range[0]);
  for (const edit of edits) {
    if (edit.range[0] < start || edit.range[1] > end) return null;
    text = text.slice(0, edit.range[0] - start) + edit.text + text.slice(edit.range[1] - start);
  }
  const line = sourceCode.lines[statement.loc.start.line - 1] ?? '';
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const unit = indent.includes('\t') ? '\t' : '  ';
  const body = text
    .split('\n')
    .map((l, i) => (i === 0 ? indent + unit + l : l.trim() === '' ? '' : unit + l))
    .join('\n');
  const before = (options.before ?? []).map((l) => `${l}\n${indent}`).join('');
  const replacement = `${before}try {\n${body}\n${indent}} finally {\n${indent}${unit}${cleanup};\n${indent}}`;
  return { range: [start, end], text: replacement };
}

function hasMultilineTemplate(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return sourceCode.ast.tokens.some(
    (token) => token.type === 'Template' && token.range[0] >= node.range[0] && token.range[1] <= node.range[1] && token.loc.start.line !== token.loc.end.line,
  );
}
