import type ts from 'typescript';

import { hasModifier } from '../syntax/ts-ast.js';
import { getAwaitedType, getContextualType, getSymbolAtLocation, getTypeFromTypeNode, hasTypeFlag } from './checker.js';
import { findAncestor, isArrowFunction, isBinaryExpression, isCallExpression, isFunctionLike, isIdentifier, isNewExpression, isParameter, isParenthesizedExpression, isPropertyAccessExpression, isPropertyDeclaration, isPropertySignature, isReturnStatement, isVariableDeclaration, SyntaxKind } from '../syntax/ts-nodes.js';

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
  while (isParenthesizedExpression(at.parent)) at = at.parent;
  if (!hasAnnotatedBinding(at, checker)) return null;
  try {
    // The contextual type of a value returned from an async function is `T | PromiseLike<T>`: the
    // value is what the promise settles to, `T`.
    const fn = returnedFrom(at);
    const type = fn && hasModifier(fn, SyntaxKind.AsyncKeyword) && fn.type ? getAwaitedType(checker, getTypeFromTypeNode(checker, fn.type)) : getContextualType(checker, at);
    return type && !hasTypeFlag(type, 'Any', 'Unknown') ? type : null;
  } catch {
    return null;
  }
}

/** The function `at` is returned from (`return at`, `=> at`), or null. */
function returnedFrom(at: ts.Expression): ts.SignatureDeclaration | null {
  const parent = at.parent;
  if (isArrowFunction(parent) && parent.body === at) return parent;
  return isReturnStatement(parent) ? (findAncestor(parent, isFunctionLike) ?? null) : null;
}

/** Whether the position of `at` binds it to something with a written type annotation. */
function hasAnnotatedBinding(at: ts.Expression, checker: ts.TypeChecker): boolean {
  const parent = at.parent;
  if ((isVariableDeclaration(parent) || isPropertyDeclaration(parent) || isParameter(parent)) && parent.initializer === at) return parent.type !== undefined;
  if (isBinaryExpression(parent) && parent.right === at && parent.operatorToken.kind === SyntaxKind.EqualsToken) return declaredWithType(parent.left, checker);
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) return true; // a parameter's type is written where it is declared
  return returnedFrom(at)?.type !== undefined;
}

/** `x = …` / `this.x = …` where `x` is declared once, with a type annotation. */
function declaredWithType(target: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!isIdentifier(target) && !isPropertyAccessExpression(target)) return false;
  try {
    const declarations = getSymbolAtLocation(checker, isIdentifier(target) ? target : target.name)?.declarations ?? [];
    const declaration = declarations.length === 1 ? declarations[0]! : undefined;
    return (
      declaration !== undefined &&
      (isVariableDeclaration(declaration) || isPropertyDeclaration(declaration) || isParameter(declaration) || isPropertySignature(declaration)) &&
      declaration.type !== undefined
    );
  } catch {
    return false;
  }
}
