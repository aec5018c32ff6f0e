import type ts from 'typescript';
import { isBinaryExpression, isBlock, isCallExpression, isCaseClause, isContinueStatement, isDefaultClause, isElementAccessExpression, isFunctionLike, isIfStatement, isNonNullExpression, isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isReturnStatement, isThrowStatement, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Created at most once per key or per object in the function `fn`, by syntax on the TypeScript AST:
 * - on the right of `??` / `||` or `??=` / `||=`, also nested in a call there
 *   (`cache.get(k) ?? remember(k, create(k))`, `this.x ??= create()`);
 * - under a lookup (`if (!cache.has(k)) { … }`, `if (!cache.get(k))`, `if (!(k in cache))`, `cache[k]`);
 * - after a lookup that leaves (`if (cache.has(k)) return cache.get(k);`).
 * Once-guards on a flag (`if (this.started) return`) are the concurrency analysis's (`guardedOnce`).
 */
export function isMemoised(node: ts.Node, fn: ts.Node): boolean {
  let child: ts.Node = node;
  for (let at = node.parent as ts.Node | undefined; at && at !== fn; child = at, at = at.parent) {
    if (isFunctionLike(at)) return false;
    if (isBinaryExpression(at) && at.right === child && MEMO_OPERATORS.has(at.operatorToken.kind)) return true;
    if (isIfStatement(at) && at.thenStatement === child && mentionsLookup(at.expression)) return true;
    if (isBlock(at) || isCaseClause(at) || isDefaultClause(at)) {
      for (const statement of at.statements) {
        if (statement === child) break;
        if (isIfStatement(statement) && leaves(statement.thenStatement) && mentionsLookup(statement.expression)) return true;
      }
    }
  }
  return false;
}

const MEMO_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  SyntaxKind.QuestionQuestionToken,
  SyntaxKind.BarBarToken,
  SyntaxKind.QuestionQuestionEqualsToken,
  SyntaxKind.BarBarEqualsToken,
]);

/** A test that looks a key up: `cache.has(k)`, `cache.get(k)`, `cache[k]`, `k in cache`, negated or combined. */
function mentionsLookup(test: ts.Expression): boolean {
  if (isParenthesizedExpression(test) || isNonNullExpression(test)) return mentionsLookup(test.expression);
  if (isPrefixUnaryExpression(test)) return mentionsLookup(test.operand);
  if (isBinaryExpression(test)) return test.operatorToken.kind === SyntaxKind.InKeyword || mentionsLookup(test.left) || mentionsLookup(test.right);
  if (isElementAccessExpression(test)) return true;
  if (!isCallExpression(test)) return false;
  const callee = test.expression;
  return isPropertyAccessExpression(callee) && (callee.name.text === 'has' || callee.name.text === 'get');
}

/** `return`, `throw`, `continue`, or a block that ends with one. */
function leaves(statement: ts.Statement): boolean {
  if (isReturnStatement(statement) || isThrowStatement(statement) || isContinueStatement(statement)) return true;
  const last = isBlock(statement) ? statement.statements.at(-1) : undefined;
  return last !== undefined && leaves(last);
}
