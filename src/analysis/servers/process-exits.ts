import type ts from 'typescript';

import { forEachOwnNode, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { getSymbolAtLocation } from '../../model/checker.js';
import { isBlock, isCallExpression, isExpressionStatement, isIdentifier, isPropertyAccessExpression, isReturnStatement, isVoidExpression } from '../../syntax/ts-nodes.js';
import { isSummarizedFunction, type Summaries, type SummaryFact } from '../summaries.js';

/** The methods of Node's `process` that end it at once, whatever is still open. */
const PROCESS_ENDINGS: ReadonlySet<string> = new Set(['exit', 'abort']);

/**
 * A function every run of which ends the process (`function die(code) { cleanup(); process.exit(code); }`):
 * one statement of its body's top level (not inside a branch, loop or `try`) is a call that ends the
 * process — `process.exit(…)`, `process.abort()`, or a call of a function of the program with this
 * fact — and its own code has no `return` that could leave first. A `throw` before it is not
 * followed (any call may throw).
 */
export const endsProcess: SummaryFact<boolean> = {
  name: 'ends-process',
  unknown: false,
  recursive: false,
  compute(fn, summaries) {
    const body = fn.body;
    if (!body) return false;
    if (!isBlock(body)) return callEndsProcess(body, summaries);
    let returns = false;
    forEachOwnNode(body, (node) => {
      if (isReturnStatement(node)) returns = true;
    });
    return !returns && body.statements.some((statement) => isExpressionStatement(statement) && callEndsProcess(statement.expression, summaries));
  },
};

/** Whether evaluating `expression` (a call, possibly under `void`) ends the process before it returns. */
export function callEndsProcess(expression: ts.Expression, summaries: Summaries): boolean {
  let call = skipTypeWrappers(expression);
  if (isVoidExpression(call)) call = skipTypeWrappers(call.expression);
  if (!isCallExpression(call)) return false;
  const callee = skipTypeWrappers(call.expression);
  if (isPropertyAccessExpression(callee) && PROCESS_ENDINGS.has(callee.name.text) && isProcessGlobal(callee.expression, summaries)) return true;
  const declaration = summaries.namedCallee(call) ?? summaries.calleeOf(call);
  return declaration !== null && summaries.get(endsProcess, declaration);
}

/** Whether every run of the function `fn` (a callback written in place) ends the process. */
export function functionEndsProcess(fn: ts.Node, summaries: Summaries): boolean {
  return isSummarizedFunction(fn) && summaries.get(endsProcess, fn);
}

/** `process` as Node declares it (a global of a declaration file), not a binding of the program. */
function isProcessGlobal(node: ts.Expression, summaries: Summaries): boolean {
  if (!isIdentifier(node) || node.text !== 'process') return false;
  const declarations = getSymbolAtLocation(summaries.checker, node)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}
