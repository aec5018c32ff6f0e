import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';

import { walk } from './walk.js';

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

/**
 * Whether a file's text may hold a name of `names` as written in code (a member, key or callee name):
 * it holds the name, or an escape that may spell it (`\u0063lose`, `'\x63lose'`, `'\143lose'`).
 * A per-file gate before any listener.
 */
export function textMayName(text: string, names: Iterable<string>): boolean {
  for (const name of names) if (text.includes(name)) return true;
  return ESCAPE.test(text);
}

const ESCAPE = /\\[ux0-7]/;

/** `x[Symbol.asyncIterator]`: the member a `for await` (or a hand-written iteration) calls. */
export function isAsyncIteratorMember(node: TSESTree.MemberExpression): boolean {
  const key = node.property;
  return node.computed && key.type === 'MemberExpression' && !key.computed && key.object.type === 'Identifier' && key.object.name === 'Symbol' && key.property.type === 'Identifier' && key.property.name === 'asyncIterator';
}

/** A call's callee without `?.` / `!` wrappers. */
export function calleeOf(call: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Node {
  let callee: TSESTree.Node = call.callee;
  while (callee.type === 'TSNonNullExpression' || callee.type === 'ChainExpression') callee = callee.expression;
  return callee;
}

/** The static name of an object property's or class member's key: `a`, `'a'`, `['a']`. */
export function propertyKeyName(member: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | null {
  if (!member.computed && member.key.type === 'Identifier') return member.key.name;
  if (member.key.type === 'Literal' && typeof member.key.value === 'string') return member.key.value;
  return null;
}

/**
 * `p.then((n) => new Conn(n))` / `p.catch(() => make())`: the expression the callback returns, which
 * the promise the call makes settles to (an expression body, or a block body's only `return`).
 */
export function promiseCallbackResult(call: TSESTree.CallExpression, visitorKeys: SourceCode.VisitorKeys): TSESTree.Expression | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression') return null;
  const method = staticMemberName(callee);
  if (method !== 'then' && method !== 'catch') return null;
  const callback = call.arguments[0];
  if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') return null;
  if (callback.body.type !== 'BlockStatement') return callback.body;
  const returns: TSESTree.ReturnStatement[] = [];
  walk(callback.body, visitorKeys, (node) => {
    if (node.type === 'ReturnStatement') returns.push(node);
    return !isFunction(node) && node.type !== 'ClassBody';
  });
  return returns.length === 1 ? (returns[0]!.argument ?? null) : null;
}

/** The parent of `node` above `as`/`!`/`satisfies`/`<T>` wrappers and optional chains. */
export function skipParentWrappers(node: TSESTree.Node): TSESTree.Node | undefined {
  let parent = node.parent;
  while (
    parent &&
    (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'TSTypeAssertion' || parent.type === 'ChainExpression')
  ) {
    parent = parent.parent;
  }
  return parent;
}

/** `node` as its parent sees it (above `as`/`!`/`satisfies`/`<T>` wrappers). */
export function wrapped(node: TSESTree.Node): TSESTree.Node {
  let at = node;
  while (
    at.parent &&
    (at.parent.type === 'TSAsExpression' || at.parent.type === 'TSNonNullExpression' || at.parent.type === 'TSSatisfiesExpression' || at.parent.type === 'TSTypeAssertion')
  ) {
    at = at.parent;
  }
  return at;
}

/** Whether a reference only tests its value: a condition, the left of `&&`/`||`, `!x`, `typeof x`, an (in)equality. */
export function onlyTests(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
    case 'WhileStatement':
    case 'DoWhileStatement':
      return parent.test === node;
    case 'LogicalExpression':
      return parent.left === node && parent.operator !== '??';
    case 'UnaryExpression':
      return parent.operator === '!' || parent.operator === 'typeof';
    case 'BinaryExpression':
      return parent.operator === '===' || parent.operator === '!==' || parent.operator === '==' || parent.operator === '!=';
    default:
      return false;
  }
}

/**
 * The name a function is known by where it is written: a method or property key, its own name, or the
 * variable it initialises (`ping`, `getUser`); null for an anonymous function elsewhere.
 */
export function functionKeyName(fn: FunctionNode, sourceCode: Readonly<SourceCode>): string | null {
  const parent = fn.parent;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === fn) {
    return propertyKeyName(parent) ?? sourceCode.getText(parent.key);
  }
  if (fn.id) return fn.id.name;
  const holder = skipParentWrappers(fn);
  return holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : null;
}

/** Where a report about a whole function goes: its key or name, else its head (not the whole body). */
export function functionReportLocation(fn: FunctionNode): { node: TSESTree.Node } | { loc: TSESTree.SourceLocation } {
  const parent = fn.parent;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === fn) return { node: parent.key };
  if (fn.id) return { node: fn.id };
  const holder = skipParentWrappers(fn);
  if (holder?.type === 'VariableDeclarator') return { node: holder.id };
  return { loc: { start: fn.loc.start, end: fn.body.loc.start } };
}
