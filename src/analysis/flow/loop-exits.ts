import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, type FunctionNode } from '../../syntax/ast.js';
import { isNode } from '../../syntax/walk.js';

export type LoopStatement =
  | TSESTree.ForOfStatement
  | TSESTree.ForInStatement
  | TSESTree.ForStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

/** A statement in a loop's body that leaves the loop before it completes. */
export interface LoopExit {
  node: TSESTree.BreakStatement | TSESTree.ContinueStatement | TSESTree.ReturnStatement | TSESTree.ThrowStatement;
  /** How it reads in a message: `break`, `return`, `throw`, `continue outer`, `break outer`. */
  text: string;
}

/** The loop statements' node types. */
export const LOOPS: ReadonlySet<string> = new Set(['ForOfStatement', 'ForInStatement', 'ForStatement', 'WhileStatement', 'DoWhileStatement']);

/**
 * The statements of `loop`'s own body that leave it early: `return`, `throw` (not caught inside
 * the loop), `break` targeting it or an outer statement, `continue` to an outer loop. Nested
 * functions and classes are not part of the body's control flow.
 */
export function earlyExits(loop: LoopStatement): LoopExit[] {
  const exits: LoopExit[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node) || node.type === 'ClassBody') return;
    switch (node.type) {
      case 'ReturnStatement':
        exits.push({ node, text: 'return' });
        break;
      case 'ThrowStatement':
        if (!caughtWithin(node, loop)) exits.push({ node, text: 'throw' });
        break;
      case 'BreakStatement':
        if (jumpsOut(node, loop)) exits.push({ node, text: node.label ? `break ${node.label.name}` : 'break' });
        return;
      case 'ContinueStatement':
        if (jumpsOut(node, loop)) exits.push({ node, text: `continue ${node.label!.name}` });
        return;
      default:
        break;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(loop.body);
  return exits.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Whether a `break`/`continue` leaving the loop passes through the `finally` block of a `try` it
 * jumps out of, and that block runs one of `covers`. ESLint's code paths send such a jump straight
 * to its target, past the `finally` (`return` and `throw` do go through it), so the rule asks here.
 */
export function jumpRunsFinally(exit: LoopExit, loop: LoopStatement, covers: readonly TSESTree.Node[]): boolean {
  const jump = exit.node;
  if (jump.type !== 'BreakStatement' && jump.type !== 'ContinueStatement') return false;
  let child: TSESTree.Node = jump;
  // Every `try` between the jump and its target is left, and its `finally` runs on the way.
  for (let at: TSESTree.Node | undefined = jump.parent; at; child = at, at = at.parent) {
    if (jump.label ? at.type === 'LabeledStatement' && at.label.name === jump.label.name : at === loop) return false;
    if (isFunction(at)) return false;
    if (at.type === 'TryStatement' && at.finalizer && child !== at.finalizer) {
      const finalizer = at.finalizer;
      if (covers.some((cover) => finalizer.range[0] <= cover.range[0] && cover.range[1] <= finalizer.range[1])) return true;
    }
  }
  return false;
}

/**
 * The `yield`s of a loop's own body or a function's (not of nested functions), in source order. In
 * an async generator each one hands control to the consumer, who may stop there (`break`,
 * `return()`): the generator returns from that point.
 */
export function ownYields(root: LoopStatement | FunctionNode): TSESTree.YieldExpression[] {
  const found: TSESTree.YieldExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node) || node.type === 'ClassBody') return;
    if (node.type === 'YieldExpression') found.push(node);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(root.body);
  return found.sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * Whether a consumer's `return()` at `point` (a `yield` of `fn`) runs one of `covers` on its way
 * out: only `finally` blocks around the point run then, not the code after the loop.
 */
export function returnRunsFinally(point: TSESTree.Node, fn: TSESTree.Node, covers: readonly TSESTree.Node[]): boolean {
  let child: TSESTree.Node = point;
  for (let at = point.parent; at && at !== fn; child = at, at = at.parent) {
    if (at.type !== 'TryStatement' || !at.finalizer || child === at.finalizer) continue;
    const finalizer = at.finalizer;
    if (covers.some((cover) => finalizer.range[0] <= cover.range[0] && cover.range[1] <= finalizer.range[1])) return true;
  }
  return false;
}

/** An error thrown in a loop's body that leaves the loop and lands in a `catch` of the same function. */
export interface BodyFailure {
  /** The first `await` of the body whose rejection leaves the loop. */
  thrown: TSESTree.AwaitExpression;
  /** The innermost `catch` of the function around the loop. */
  handler: TSESTree.CatchClause;
  /** The `finally` blocks of the `try`s between the loop and that `catch`: they run first. */
  finalizers: TSESTree.BlockStatement[];
}

/**
 * Where an error thrown by `loop`'s body lands when `fn` catches it: the first `await` of the body
 * (its own code) not inside the `try` block of a `try … catch` within the loop, and the innermost
 * `catch` of `fn`'s own code around the loop. Null when the body awaits nothing that leaves it, or
 * no `catch` of `fn` receives the error (it leaves the function: the caller may own the call).
 */
export function bodyFailure(loop: LoopStatement, fn: TSESTree.Node): BodyFailure | null {
  const thrown = firstLeavingAwait(loop);
  if (!thrown) return null;
  const finalizers: TSESTree.BlockStatement[] = [];
  let child: TSESTree.Node = loop;
  for (let at: TSESTree.Node | undefined = loop.parent; at && at !== fn; child = at, at = at.parent) {
    if (isFunction(at) || at.type === 'ClassBody') return null;
    if (at.type !== 'TryStatement' || child !== at.block) continue;
    if (at.handler) return { thrown, handler: at.handler, finalizers };
    if (at.finalizer) finalizers.push(at.finalizer);
  }
  return null;
}

function firstLeavingAwait(loop: LoopStatement): TSESTree.AwaitExpression | null {
  let found: TSESTree.AwaitExpression | null = null;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunction(node) || node.type === 'ClassBody') return;
    if (node.type === 'AwaitExpression' && !caughtWithin(node, loop)) {
      found = node;
      return;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(loop.body);
  return found;
}

/** A loop body with no statements: `for await (const _ of s) {}`. */
export function hasEmptyBody(loop: LoopStatement): boolean {
  return loop.body.type === 'EmptyStatement' || (loop.body.type === 'BlockStatement' && loop.body.body.length === 0);
}

function jumpsOut(jump: TSESTree.BreakStatement | TSESTree.ContinueStatement, loop: LoopStatement): boolean {
  if (jump.label) {
    const name = jump.label.name;
    for (let at: TSESTree.Node | undefined = jump.parent; at && at !== loop; at = at.parent) {
      if (at.type === 'LabeledStatement' && at.label.name === name) return false; // a target inside the loop
    }
    // `continue` to the loop's own label continues it; `break` to it leaves it.
    return jump.type === 'BreakStatement' || !labelsOf(loop).has(name);
  }
  for (let at: TSESTree.Node | undefined = jump.parent; at && at !== loop; at = at.parent) {
    if (LOOPS.has(at.type) || (jump.type === 'BreakStatement' && at.type === 'SwitchStatement')) return false;
  }
  return jump.type === 'BreakStatement';
}

function labelsOf(loop: LoopStatement): Set<string> {
  const labels = new Set<string>();
  for (let at: TSESTree.Node | undefined = loop.parent; at?.type === 'LabeledStatement'; at = at.parent) labels.add(at.label.name);
  return labels;
}

/** A `throw` (or an `await`) inside the `try` block of a `try … catch` that is itself inside the loop. */
function caughtWithin(node: TSESTree.ThrowStatement | TSESTree.AwaitExpression, loop: LoopStatement): boolean {
  let child: TSESTree.Node = node;
  for (let at: TSESTree.Node | undefined = node.parent; at && at !== loop; child = at, at = at.parent) {
    if (at.type === 'TryStatement' && at.handler && at.block === child) return true;
  }
  return false;
}

function childrenOf(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key in node) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}
