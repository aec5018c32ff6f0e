import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode } from '../analysis/ast.js';

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

interface WrapOptions {
  /** Lines to put before `try`, at the statement's indentation. */
  before?: readonly string[];
  /** Edits inside the wrapped statements. */
  edits?: readonly TextEdit[];
  /** The last statement of the run to wrap, when it is more than `statement` (same list). */
  through?: TSESTree.Statement;
}

/**
 * A fix that rewrites `statement` (in a statement list), or the run of statements from it
 * `through` a later one, as `<before lines> try { <statements with edits> } finally { <cleanup>; }`,
 * re-indented one level. Null when they hold a multi-line template literal (re-indenting would
 * change it).
 */
export function wrapInTryFinally(
  statement: TSESTree.Statement,
  cleanup: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: WrapOptions = {},
): TSESLint.ReportFixFunction | null {
  const edit = tryFinallyEdit(statement, cleanup, sourceCode, options);
  return edit ? (fixer) => fixer.replaceTextRange(edit.range, edit.text) : null;
}

/** The edit of {@link wrapInTryFinally}, to combine with other edits of one fix. */
export function tryFinallyEdit(
  statement: TSESTree.Statement,
  cleanup: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: WrapOptions = {},
): TextEdit | null {
  const start = statement.range[0];
  const end = (options.through ?? statement).range[1];
  if (hasMultilineTemplate(start, end, sourceCode)) return null;
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

const HOISTED = new Set(['FunctionDeclaration', 'ClassDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSEnumDeclaration', 'TSModuleDeclaration']);

/**
 * A fix that wraps the statements after `declaration` (to the end of its block in `owner`) in
 * `try { … } finally { <cleanup>; }`. Null when no statement follows, or when moving them into
 * the `try` block would change what later code can see (hoisted declarations).
 */
export function wrapRestInTryFinally(
  declaration: TSESTree.VariableDeclaration,
  cleanup: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
  owner: FunctionNode,
): TSESLint.ReportFixFunction | null {
  const block = declaration.parent;
  if (block.type !== 'BlockStatement' || enclosingFunction(block) !== owner) return null;
  const rest = block.body.slice(block.body.indexOf(declaration) + 1);
  const first = rest[0];
  const last = rest.at(-1);
  if (!first || !last || rest.some((s) => HOISTED.has(s.type))) return null;
  return wrapInTryFinally(first, cleanup, sourceCode, { through: last });
}

function hasMultilineTemplate(start: number, end: number, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return sourceCode.ast.tokens.some(
    (token) => token.type === 'Template' && token.range[0] >= start && token.range[1] <= end && token.loc.start.line !== token.loc.end.line,
  );
}
