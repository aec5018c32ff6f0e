import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode } from '../syntax/ast.js';
import { CLOSE_FUNCTIONS, RESOURCES } from '../model/resources.js';

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
  const { indent, unit } = indentationOf(statement, sourceCode);
  const before = (options.before ?? []).map((l) => `${l}\n${indent}`).join('');
  const replacement = `${before}try {\n${indented(text, indent, unit)}\n${indent}} finally {\n${indent}${unit}${cleanup};\n${indent}}`;
  return { range: [start, end], text: replacement };
}

/**
 * A fix that wraps a function's whole body in `try { … } catch (<param>) { <handler>; }`: the statements
 * of a block body, re-indented one level, or an expression body as a statement of a new block. Null
 * for an empty body, a directive prologue, or a multi-line template literal.
 */
export function wrapBodyInTryCatch(fn: FunctionNode, param: string, handler: string, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.ReportFixFunction | null {
  const body = fn.body;
  if (body.type !== 'BlockStatement') {
    if (hasMultilineTemplate(body.range[0], body.range[1], sourceCode)) return null;
    const { indent, unit } = indentationOf(fn, sourceCode);
    const inner = indent + unit;
    const statement = indented(`${sourceCode.getText(body)};`, inner, unit);
    const text = `{\n${inner}try {\n${statement}\n${inner}} catch (${param}) {\n${inner}${unit}${handler};\n${inner}}\n${indent}}`;
    // `async () => ({ … })` keeps its parentheses out of the block.
    const [start, end] = [sourceCode.getTokenBefore(body, { filter: (t) => t.value === '=>' })!.range[1], fn.range[1]];
    return (fixer) => fixer.replaceTextRange([start, end], ` ${text}`);
  }
  const first = body.body[0];
  const last = body.body.at(-1);
  if (!first || !last || body.body.some((s) => s.type === 'ExpressionStatement' && s.directive !== undefined)) return null;
  if (hasMultilineTemplate(first.range[0], last.range[1], sourceCode)) return null;
  const { indent, unit } = indentationOf(first, sourceCode);
  const text = `try {\n${indented(sourceCode.text.slice(first.range[0], last.range[1]), indent, unit)}\n${indent}} catch (${param}) {\n${indent}${unit}${handler};\n${indent}}`;
  return (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], text);
}

/** The indentation of the line `node` starts on, and one level of it. */
function indentationOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): { indent: string; unit: string } {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  return { indent, unit: indent.includes('\t') ? '\t' : '  ' };
}

/** `text` (starting mid-line at `indent`) one level deeper: its first line at `indent + unit`, the others shifted by `unit`. */
function indented(text: string, indent: string, unit: string): string {
  return text
    .split('\n')
    .map((l, i) => (i === 0 ? indent + unit + l : l.trim() === '' ? '' : unit + l))
    .join('\n');
}

const HOISTED = new Set(['FunctionDeclaration', 'ClassDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSEnumDeclaration', 'TSModuleDeclaration']);

/**
 * A fix that wraps the statements after `declaration` (to the end of its block in `owner`) in
 * `try { … } finally { <cleanup>; }`, where `cleanup` is `<name>.<method>()` for the variable that
 * `declaration` declares. The `finally` block then closes on every path, so each `<cleanup>;`
 * statement already in the wrapped code (the happy path's close, a close in a `catch`) is removed:
 * kept, it would close twice on its path. Null when no statement follows, when moving them into the
 * `try` block would change what later code can see (hoisted declarations), or when a close cannot be
 * removed as a statement of its own (a close in a callback, an awaited or returned close, another
 * close method, `closeClient(name)`, a reassigned `let`): the rewrite would leave a double close.
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
  const closes = closeStatements(declaration, cleanup, sourceCode, owner, [first.range[0], last.range[1]]);
  if (!closes) return null;
  const removed = removableStatements(closes, sourceCode);
  // Nothing left but closes: closing once, right there, is the whole rewrite.
  if (rest.every((statement) => removed.includes(statement))) return (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], `${cleanup};`);
  const edits = removed.map((statement) => removal(statement, sourceCode, first.range[0]));
  return wrapInTryFinally(first, cleanup, sourceCode, { through: last, edits });
}

/** Every name of a method or function that closes a resource of the model. */
const CLOSE_NAMES = new Set([
  ...RESOURCES.flatMap((resource) => resource.close),
  ...CLOSE_FUNCTIONS.flatMap((spec) => (typeof spec === 'string' ? [spec] : [spec.name].flat())),
]);

/**
 * The `<cleanup>;` statements of the declared variable in `range`, each directly in `owner`'s body
 * (so the `finally` block runs after it on its path); null when the variable is closed there in any
 * other way or reassigned.
 */
function closeStatements(
  declaration: TSESTree.VariableDeclaration,
  cleanup: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
  owner: FunctionNode,
  range: readonly [number, number],
): TSESTree.ExpressionStatement[] | null {
  // `x.close()`, or `x[Symbol.dispose]()` for a learnt resource released by its disposer.
  const cleanupCall = /^[\w$]+(?:\.([\w$]+)|\[(Symbol\.\w+)\])\(\)$/.exec(cleanup);
  const method = cleanupCall?.[1] ?? cleanupCall?.[2];
  const [variable] = sourceCode.getDeclaredVariables(declaration);
  if (!method || !variable) return null;
  const statements: TSESTree.ExpressionStatement[] = [];
  for (const reference of variable.references) {
    const id = reference.identifier;
    if (id.range[0] < range[0] || id.range[1] > range[1]) continue;
    if (reference.isWrite()) return null;
    const parent = id.parent;
    if (parent?.type === 'CallExpression' && parent.arguments.includes(id as TSESTree.Expression) && CLOSE_NAMES.has(calleeName(parent.callee) ?? '')) return null;
    if (parent?.type !== 'MemberExpression' || parent.object !== id) continue;
    const name = closeMemberName(parent, sourceCode);
    if (name === null || (name !== method && !CLOSE_NAMES.has(name))) continue;
    const statement = name === method ? standaloneCall(parent) : null;
    if (!statement || enclosingFunction(statement) !== owner) return null;
    statements.push(statement);
  }
  return statements;
}

/** `x.close` → `close`; `x[Symbol.dispose]` → `Symbol.dispose`. */
function closeMemberName(member: TSESTree.MemberExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  if (!member.computed) return member.property.type === 'Identifier' ? member.property.name : null;
  const text = sourceCode.getText(member.property);
  return /^Symbol\.\w+$/.test(text) ? text : null;
}

function calleeName(callee: TSESTree.Expression): string | null {
  if (callee.type === 'Identifier') return callee.name;
  return callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : null;
}

/** The statement `<member>();` (or `<member>?.()`, `<object>?.<m>();`) of which `member` is the callee. */
function standaloneCall(member: TSESTree.MemberExpression): TSESTree.ExpressionStatement | null {
  const call = member.parent;
  if (call?.type !== 'CallExpression' || call.callee !== member || call.arguments.length > 0) return null;
  const statement = call.parent?.type === 'ChainExpression' ? call.parent.parent : call.parent;
  return statement?.type === 'ExpressionStatement' ? statement : null;
}

/**
 * The statements to remove for `closes`: an `if` without `else` that only closes, on a condition
 * without side effects, goes as a whole; a block left with nothing but comments-free closes becomes
 * `{}`. Nodes holding comments stay, so no comment is lost.
 */
function removableStatements(closes: readonly TSESTree.ExpressionStatement[], sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Statement[] {
  const removed = new Set<TSESTree.Node>(closes);
  const quiet = (node: TSESTree.Node) => sourceCode.getCommentsInside(node).length === 0;
  return closes
    .map((statement): TSESTree.Statement => {
      const block = statement.parent;
      const onlyCloses = block.type !== 'BlockStatement' || block.body.every((s) => removed.has(s));
      const guard = block.type === 'BlockStatement' ? block.parent : block;
      if (onlyCloses && guard?.type === 'IfStatement' && !guard.alternate && isPure(guard.test) && STATEMENT_LISTS.has(guard.parent.type) && quiet(guard)) return guard;
      if (onlyCloses && block.type === 'BlockStatement' && !STATEMENT_LISTS.has(block.parent.type) && quiet(block)) return block;
      return statement;
    })
    .filter((statement, index, all) => all.indexOf(statement) === index);
}

/** Reading variables and properties, comparing and negating: nothing that a removal could skip. */
function isPure(node: TSESTree.Expression | TSESTree.PrivateIdentifier): boolean {
  switch (node.type) {
    case 'Identifier':
    case 'Literal':
    case 'ThisExpression':
      return true;
    case 'MemberExpression':
      return !node.computed && isPure(node.object);
    case 'UnaryExpression':
      return node.operator !== 'delete' && isPure(node.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return isPure(node.left) && isPure(node.right);
    default:
      return false;
  }
}

/**
 * The edit that removes `statement`: with its line when it stands alone on it in a statement list,
 * as `{}` where a statement is required (`if (x) client.close();`, a block that only closed),
 * otherwise its own text and the blanks after it (a comment after it stays).
 */
function removal(statement: TSESTree.Statement, sourceCode: Readonly<TSESLint.SourceCode>, runStart: number): TextEdit {
  const [start, end] = statement.range;
  if (statement.type === 'BlockStatement' || !STATEMENT_LISTS.has(statement.parent.type)) return { range: [start, end], text: '{}' };
  const text = sourceCode.text;
  const lineStart = text.lastIndexOf('\n', start - 1);
  const lineEnd = text.indexOf('\n', end);
  const blanksAfter = /^[ \t]*/.exec(text.slice(end))![0].length;
  const aloneOnLine = /^[ \t]*$/.test(text.slice(lineStart + 1, start)) && end + blanksAfter === (lineEnd < 0 ? text.length : lineEnd);
  // The line break before it, unless that lies before the wrapped run (then the one after it).
  if (aloneOnLine && lineStart >= runStart) return { range: [lineStart, end], text: '' };
  if (aloneOnLine && lineEnd >= 0) return { range: [start, lineEnd + 1 + /^[ \t]*/.exec(text.slice(lineEnd + 1))![0].length], text: '' };
  return { range: [start, end + blanksAfter], text: '' };
}

function hasMultilineTemplate(start: number, end: number, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return sourceCode.ast.tokens.some(
    (token) => token.type === 'Template' && token.range[0] >= start && token.range[1] <= end && token.loc.start.line !== token.loc.end.line,
  );
}
