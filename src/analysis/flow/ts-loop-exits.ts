import type ts from 'typescript';
import { forEachChild, isBreakStatement, isClassLike, isContinueStatement, isFunctionLike, isIterationStatement, isLabeledStatement, isReturnStatement, isSwitchStatement, isThrowStatement, isTryStatement } from '../../syntax/ts-nodes.js';

/** A statement of a loop's body that leaves the loop early, on the TypeScript AST. */
export interface TsLoopExit {
  readonly node: ts.ReturnStatement | ts.ThrowStatement | ts.BreakStatement | ts.ContinueStatement;
  /** How it reads in a message: `break`, `return`, `throw`, `continue outer`, `break outer`. */
  readonly text: string;
}

/**
 * The first statement of `loop`'s own body that leaves it early, like `earlyExits` (loop-exits.ts)
 * does on ESTree, for the program-wide facts that read other files: `return`, a `throw` not caught
 * inside the loop, a `break` targeting it or an outer statement, a `continue` to an outer loop.
 * Nested functions and classes are not part of the body's control flow.
 */
export function firstEarlyExit(loop: ts.IterationStatement): TsLoopExit | null {
  let found: TsLoopExit | null = null;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node) || isClassLike(node)) return;
    if (isReturnStatement(node)) found = { node, text: 'return' };
    else if (isThrowStatement(node)) {
      if (!caughtWithin(node, loop)) found = { node, text: 'throw' };
    } else if (isBreakStatement(node) || isContinueStatement(node)) {
      if (jumpsOut(node, loop)) found = { node, text: `${isBreakStatement(node) ? 'break' : 'continue'}${node.label ? ` ${node.label.text}` : ''}` };
      return;
    }
    forEachChild(node, visit);
  };
  visit(loop.statement);
  return found;
}

function jumpsOut(jump: ts.BreakStatement | ts.ContinueStatement, loop: ts.IterationStatement): boolean {
  if (jump.label) {
    const name = jump.label.text;
    for (let at: ts.Node = jump.parent; at !== loop; at = at.parent) {
      if (isLabeledStatement(at) && at.label.text === name) return false; // a target inside the loop
    }
    // `continue` to the loop's own label continues it; `break` to it leaves it.
    return isBreakStatement(jump) || !labelsOf(loop).has(name);
  }
  for (let at: ts.Node = jump.parent; at !== loop; at = at.parent) {
    if (isIterationStatement(at, false) || (isBreakStatement(jump) && isSwitchStatement(at))) return false;
  }
  return isBreakStatement(jump);
}

function labelsOf(loop: ts.IterationStatement): Set<string> {
  const labels = new Set<string>();
  for (let at = loop.parent; isLabeledStatement(at); at = at.parent) labels.add(at.label.text);
  return labels;
}

/** A `throw` inside the `try` block of a `try … catch` that is itself inside the loop. */
function caughtWithin(node: ts.ThrowStatement, loop: ts.IterationStatement): boolean {
  let child: ts.Node = node;
  for (let at: ts.Node = node.parent; at !== loop; child = at, at = at.parent) {
    if (isTryStatement(at) && at.catchClause && at.tryBlock === child) return true;
  }
  return false;
}
