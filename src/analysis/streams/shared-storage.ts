import type ts from 'typescript';

import type { Summaries, SummaryFact } from '../summaries.js';
import { skipTypeWrappers } from '../../syntax/ts-ast.js';
import { getSymbolAtLocation, getTypeAtLocation, resolveAlias } from '../../model/checker.js';
import { findAncestor, forEachChild, isAwaitExpression, isBinaryExpression, isBlock, isCallExpression, isConditionalExpression, isElementAccessExpression, isFunctionLike, isIdentifier, isPropertyAccessExpression, isReturnStatement, isSourceFile, isVariableDeclaration, isVariableStatement, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Whether a value comes from storage that outlives one call and so is shared by every caller: a
 * field (`this.x`), a module variable, a `Map`/`WeakMap` entry (`map.get(k)`) or an element of a
 * pool (`this.pool[i]`) held in such storage, a local that was assigned one of these, or the result
 * of a function that returns one (across files, through the summary fact below). The answer is a
 * description for messages ("the `Map` `tsoStreams`"), or null: parameters, fresh values and
 * anything the code does not show stay unshared.
 */
export function sharedStorageOf(expression: ts.Expression, summaries: Summaries): string | null {
  return storageOf(expression, summaries, 0);
}

/** Summary fact: the shared storage a function's return value may come from (`tsoStreamFor(host)`). */
export const returnsSharedStorage: SummaryFact<string | null> = {
  name: 'returns-shared-storage',
  unknown: null,
  recursive: null,
  compute(fn, summaries) {
    if (!fn.body) return null;
    if (!isBlock(fn.body)) return storageOf(fn.body, summaries, 0);
    let found: string | null = null;
    const visit = (node: ts.Node): void => {
      if (found !== null || (isFunctionLike(node) && node !== fn)) return;
      if (isReturnStatement(node) && node.expression) found = storageOf(node.expression, summaries, 0);
      forEachChild(node, visit);
    };
    forEachChild(fn.body, visit);
    return found;
  },
};

const MAX_DEPTH = 4;
const MAP_TYPES: ReadonlySet<string> = new Set(['Map', 'WeakMap', 'ReadonlyMap']);

function storageOf(node: ts.Expression, summaries: Summaries, depth: number): string | null {
  if (depth > MAX_DEPTH) return null;
  const expression = skipTypeWrappers(node);
  if (isAwaitExpression(expression)) return storageOf(expression.expression, summaries, depth + 1);
  if (isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken) {
      return storageOf(expression.left, summaries, depth + 1) ?? storageOf(expression.right, summaries, depth + 1);
    }
    return null;
  }
  if (isConditionalExpression(expression)) {
    return storageOf(expression.whenTrue, summaries, depth + 1) ?? storageOf(expression.whenFalse, summaries, depth + 1);
  }
  if (isPropertyAccessExpression(expression) && expression.expression.kind === SyntaxKind.ThisKeyword) {
    return `the field \`this.${expression.name.text}\``;
  }
  if (isElementAccessExpression(expression)) {
    const pool = holder(expression.expression, summaries, depth);
    return pool ? `an element of ${pool}` : null;
  }
  if (isIdentifier(expression)) return storageOfVariable(expression, summaries, depth);
  if (isCallExpression(expression)) {
    const callee = skipTypeWrappers(expression.expression);
    if (isPropertyAccessExpression(callee) && callee.name.text === 'get' && isMap(callee.expression, summaries)) {
      const map = holder(callee.expression, summaries, depth);
      return map ? `${map.replace(/^the (field|module variable) /, 'the `Map` ')}` : null;
    }
    const declaration = summaries.calleeOf(expression);
    const returned = declaration ? summaries.get(returnsSharedStorage, declaration) : null;
    return returned && /^the /.test(returned) && !returned.includes(' (via ') ? `${returned} (via \`${callee.getText()}()\`)` : returned;
  }
  return null;
}

/** A field or module variable that holds a collection (the map or pool itself). */
function holder(node: ts.Expression, summaries: Summaries, depth: number): string | null {
  const expression = skipTypeWrappers(node);
  if (isPropertyAccessExpression(expression) && expression.expression.kind === SyntaxKind.ThisKeyword) return `the field \`this.${expression.name.text}\``;
  if (isIdentifier(expression)) {
    const declaration = declarationOf(expression, summaries);
    if (declaration && isModuleLevel(declaration)) return `the module variable \`${expression.text}\``;
  }
  return depth < MAX_DEPTH && isIdentifier(expression) ? storageOfVariable(expression, summaries, depth + 1) : null;
}

function storageOfVariable(id: ts.Identifier, summaries: Summaries, depth: number): string | null {
  const declaration = declarationOf(id, summaries);
  if (!declaration) return null;
  if (isModuleLevel(declaration)) return `the module variable \`${id.text}\``;
  // A local: any value it is assigned in its function.
  const sources: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
  const scope = findAncestor(declaration, isFunctionLike);
  const body = scope && 'body' in scope ? scope.body : undefined;
  if (body) {
    const symbol = getSymbolAtLocation(summaries.checker, declaration.name);
    const visit = (node: ts.Node): void => {
      if (
        isBinaryExpression(node) &&
        node.operatorToken.kind === SyntaxKind.EqualsToken &&
        isIdentifier(node.left) &&
        node.left.text === id.text &&
        getSymbolAtLocation(summaries.checker, node.left) === symbol
      ) {
        sources.push(node.right);
      }
      forEachChild(node, visit);
    };
    visit(body);
  }
  for (const source of sources) {
    const found = storageOf(source, summaries, depth + 1);
    if (found) return found;
  }
  return null;
}

function declarationOf(id: ts.Identifier, summaries: Summaries): (ts.VariableDeclaration & { name: ts.Identifier }) | null {
  const symbol = getSymbolAtLocation(summaries.checker, id);
  // An imported binding: the variable it names, declared in the exporting file.
  const resolved = resolveAlias(summaries.checker, symbol);
  const declaration = resolved?.valueDeclaration;
  return declaration && isVariableDeclaration(declaration) && isIdentifier(declaration.name) ? (declaration as ts.VariableDeclaration & { name: ts.Identifier }) : null;
}

function isModuleLevel(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  return isVariableStatement(statement) && isSourceFile(statement.parent);
}

function isMap(node: ts.Expression, summaries: Summaries): boolean {
  const type = getTypeAtLocation(summaries.checker, node);
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return symbol !== undefined && MAP_TYPES.has(symbol.name);
}

