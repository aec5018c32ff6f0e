import ts from 'typescript';

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
    if (ts.isFunctionLike(at)) return false;
    if (ts.isBinaryExpression(at) && at.right === child && MEMO_OPERATORS.has(at.operatorToken.kind)) return true;
    if (ts.isIfStatement(at) && at.thenStatement === child && mentionsLookup(at.expression)) return true;
    if (ts.isBlock(at) || ts.isCaseClause(at) || ts.isDefaultClause(at)) {
      for (const statement of at.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && leaves(statement.thenStatement) && mentionsLookup(statement.expression)) return true;
      }
    }
  }
  return false;
}

const MEMO_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
]);

/** A test that looks a key up: `cache.has(k)`, `cache.get(k)`, `cache[k]`, `k in cache`, negated or combined. */
function mentionsLookup(test: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(test) || ts.isNonNullExpression(test)) return mentionsLookup(test.expression);
  if (ts.isPrefixUnaryExpression(test)) return mentionsLookup(test.operand);
  if (ts.isBinaryExpression(test)) return test.operatorToken.kind === ts.SyntaxKind.InKeyword || mentionsLookup(test.left) || mentionsLookup(test.right);
  if (ts.isElementAccessExpression(test)) return true;
  if (!ts.isCallExpression(test)) return false;
  const callee = test.expression;
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === 'has' || callee.name.text === 'get');
}

/** `return`, `throw`, `continue`, or a block that ends with one. */
function leaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement)) return true;
  const last = ts.isBlock(statement) ? statement.statements.at(-1) : undefined;
  return last !== undefined && leaves(last);
}
