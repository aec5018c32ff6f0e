import ts from 'typescript';

import { hasModifier } from '../syntax/ts-ast.js';

/**
 * Dynamic clients are typed `any` (`this.client[method](req)` on a proto-loader client, a client
 * loaded at run time), but the code often says what the value is where it binds it:
 * `const stream: ClientReadableStream<Job> = this.client[method](req)`. For an expression whose own
 * type is `any`, this is the type its binding's annotation gives it: the annotated variable or
 * field it initialises or is assigned to, the annotated parameter it is passed to (or is the
 * default of), or the annotated return type of the function it is returned from. Null when no
 * annotation is in view (syntax first: the checker is asked only then).
 */
export function annotatedTypeOf(expression: ts.Expression, checker: ts.TypeChecker): ts.Type | null {
  let at: ts.Expression = expression;
  while (ts.isParenthesizedExpression(at.parent)) at = at.parent;
  if (!hasAnnotatedBinding(at, checker)) return null;
  try {
    // The contextual type of a value returned from an async function is `T | PromiseLike<T>`: the
    // value is what the promise settles to, `T`.
    const fn = returnedFrom(at);
    const type = fn && hasModifier(fn, ts.SyntaxKind.AsyncKeyword) && fn.type ? checker.getAwaitedType(checker.getTypeFromTypeNode(fn.type)) : checker.getContextualType(at);
    return type && !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) ? type : null;
  } catch {
    return null;
  }
}

/** The function `at` is returned from (`return at`, `=> at`), or null. */
function returnedFrom(at: ts.Expression): ts.SignatureDeclaration | null {
  const parent = at.parent;
  if (ts.isArrowFunction(parent) && parent.body === at) return parent;
  return ts.isReturnStatement(parent) ? (ts.findAncestor(parent, ts.isFunctionLike) ?? null) : null;
}

/** Whether the position of `at` binds it to something with a written type annotation. */
function hasAnnotatedBinding(at: ts.Expression, checker: ts.TypeChecker): boolean {
  const parent = at.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isParameter(parent)) && parent.initializer === at) return parent.type !== undefined;
  if (ts.isBinaryExpression(parent) && parent.right === at && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return declaredWithType(parent.left, checker);
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(at)) return true; // a parameter's type is written where it is declared
  return returnedFrom(at)?.type !== undefined;
}

/** `x = …` / `this.x = …` where `x` is declared once, with a type annotation. */
function declaredWithType(target: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target)) return false;
  try {
    const declarations = checker.getSymbolAtLocation(ts.isIdentifier(target) ? target : target.name)?.declarations ?? [];
    const declaration = declarations.length === 1 ? declarations[0]! : undefined;
    return (
      declaration !== undefined &&
      (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertySignature(declaration)) &&
      declaration.type !== undefined
    );
  } catch {
    return false;
  }
}
