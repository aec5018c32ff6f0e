import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction } from '../../syntax/ast.js';

/** Where a test of a value splits a function's code: `if`, `?:`, or the left of `&&`/`||`. */
export interface Split {
  /** The test itself (`err`, `!err`, `err != null`). */
  test: TSESTree.Node;
  /** The branch that runs when the value is set, or null when that is the code after the split. */
  setBranch: TSESTree.Node | null;
  /** The branch that runs when it is not set, or null when that is the code after the split. */
  unsetBranch: TSESTree.Node | null;
}

/**
 * The decisions that read `references` (of one value, e.g. a callback's error): the innermost
 * `if`/`?:`/`while` test or `&&`/`||` left operand holding each reference, in `fn`'s own code. A
 * decision that is exactly a test of whether the value is set (`err`, `!err`, `!!err`,
 * `err != null`, `err === undefined`, …) comes with the branches it picks; any other
 * (`err?.code === 5`) comes alone: it decides on the value in a way not followed here.
 */
export function decisionsOn(references: readonly TSESTree.Identifier[], fn: TSESTree.Node): { splits: Split[]; others: TSESTree.Node[] } {
  const splits: Split[] = [];
  const others: TSESTree.Node[] = [];
  for (const reference of references) {
    const decision = decisionOf(reference, fn);
    if (!decision || splits.some((s) => s.test === decision) || others.includes(decision)) continue;
    const split = splitOf(decision, reference);
    if (split) splits.push(split);
    else others.push(decision);
  }
  return { splits, others };
}

/** The innermost test holding `node`, below the statement it is part of and inside `fn`'s own code. */
function decisionOf(node: TSESTree.Node, fn: TSESTree.Node): TSESTree.Node | null {
  let child: TSESTree.Node = node;
  for (let at = node.parent; at && at !== fn && !isFunction(at); child = at, at = at.parent) {
    switch (at.type) {
      case 'IfStatement':
      case 'ConditionalExpression':
      case 'WhileStatement':
      case 'DoWhileStatement':
        if (at.test === child) return child;
        break;
      case 'LogicalExpression':
        if (at.left === child) return child;
        break;
    }
    if (at.type.endsWith('Statement') || at.type === 'VariableDeclaration') return null;
  }
  return null;
}

/** The branches a test picks when it is exactly a test of whether `value` is set. */
function splitOf(test: TSESTree.Node, value: TSESTree.Identifier): Split | null {
  const polarity = setWhenTrue(test, value);
  if (polarity === null) return null;
  const parent = test.parent!;
  let whenTrue: TSESTree.Node | null;
  let whenFalse: TSESTree.Node | null;
  if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') {
    whenTrue = parent.consequent;
    whenFalse = parent.alternate ?? null;
  } else if (parent.type === 'LogicalExpression' && parent.operator !== '??') {
    whenTrue = parent.operator === '&&' ? parent.right : null;
    whenFalse = parent.operator === '||' ? parent.right : null;
  } else {
    return null; // a loop's test: the value is tested again on every turn
  }
  return polarity ? { test, setBranch: whenTrue, unsetBranch: whenFalse } : { test, setBranch: whenFalse, unsetBranch: whenTrue };
}

/** True when `test` is true exactly when `value` is set (not null or undefined), false for the converse, null otherwise. */
function setWhenTrue(test: TSESTree.Node, value: TSESTree.Identifier): boolean | null {
  if (test === value) return true;
  if (test.type === 'UnaryExpression' && test.operator === '!') {
    const inner = setWhenTrue(test.argument, value);
    return inner === null ? null : !inner;
  }
  if (test.type !== 'BinaryExpression') return null;
  const other = test.left === value ? test.right : test.right === value ? test.left : null;
  if (!other || !isNullish(other)) return null;
  // Each holds whenever the value is set; `err !== undefined` also on `null`, which only widens the branch.
  if (test.operator === '!=' || test.operator === '!==') return true;
  if (test.operator === '==' || test.operator === '===') return false;
  return null;
}

function isNullish(node: TSESTree.Node): boolean {
  return (node.type === 'Literal' && node.raw === 'null') || (node.type === 'Identifier' && node.name === 'undefined');
}
