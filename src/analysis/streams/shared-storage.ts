import ts from 'typescript';

import type { Summaries, SummaryFact } from '../summaries.js';
import { skipTypeWrappers } from '../../syntax/ts-ast.js';

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
    if (!ts.isBlock(fn.body)) return storageOf(fn.body, summaries, 0);
    let found: string | null = null;
    const visit = (node: ts.Node): void => {
      if (found !== null || (ts.isFunctionLike(node) && node !== fn)) return;
      if (ts.isReturnStatement(node) && node.expression) found = storageOf(node.expression, summaries, 0);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.body, visit);
    return found;
  },
};

const MAX_DEPTH = 4;
const MAP_TYPES: ReadonlySet<string> = new Set(['Map', 'WeakMap', 'ReadonlyMap']);

function storageOf(node: ts.Expression, summaries: Summaries, depth: number): string | null {
  if (depth > MAX_DEPTH) return null;
  const expression = skipTypeWrappers(node);
  if (ts.isAwaitExpression(expression)) return storageOf(expression.expression, summaries, depth + 1);
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      return storageOf(expression.left, summaries, depth + 1) ?? storageOf(expression.right, summaries, depth + 1);
    }
    return null;
  }
  if (ts.isConditionalExpression(expression)) {
    return storageOf(expression.whenTrue, summaries, depth + 1) ?? storageOf(expression.whenFalse, summaries, depth + 1);
  }
  if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return `the field \`this.${expression.name.text}\``;
  }
  if (ts.isElementAccessExpression(expression)) {
    const pool = holder(expression.expression, summaries, depth);
    return pool ? `an element of ${pool}` : null;
  }
  if (ts.isIdentifier(expression)) return storageOfVariable(expression, summaries, depth);
  if (ts.isCallExpression(expression)) {
    const callee = skipTypeWrappers(expression.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && isMap(callee.expression, summaries)) {
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
  if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword) return `the field \`this.${expression.name.text}\``;
  if (ts.isIdentifier(expression)) {
    const declaration = declarationOf(expression, summaries);
    if (declaration && isModuleLevel(declaration)) return `the module variable \`${expression.text}\``;
  }
  return depth < MAX_DEPTH && ts.isIdentifier(expression) ? storageOfVariable(expression, summaries, depth + 1) : null;
}

function storageOfVariable(id: ts.Identifier, summaries: Summaries, depth: number): string | null {
  const declaration = declarationOf(id, summaries);
  if (!declaration) return null;
  if (isModuleLevel(declaration)) return `the module variable \`${id.text}\``;
  // A local: any value it is assigned in its function.
  const sources: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
  const scope = ts.findAncestor(declaration, ts.isFunctionLike);
  const body = scope && 'body' in scope ? scope.body : undefined;
  if (body) {
    const symbol = summaries.checker.getSymbolAtLocation(declaration.name);
    const visit = (node: ts.Node): void => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(node.left) &&
        node.left.text === id.text &&
        summaries.checker.getSymbolAtLocation(node.left) === symbol
      ) {
        sources.push(node.right);
      }
      ts.forEachChild(node, visit);
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
  const symbol = summaries.checker.getSymbolAtLocation(id);
  // An imported binding: the variable it names, declared in the exporting file.
  const resolved = symbol && symbol.flags & ts.SymbolFlags.Alias ? summaries.checker.getAliasedSymbol(symbol) : symbol;
  const declaration = resolved?.valueDeclaration;
  return declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) ? (declaration as ts.VariableDeclaration & { name: ts.Identifier }) : null;
}

function isModuleLevel(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

function isMap(node: ts.Expression, summaries: Summaries): boolean {
  const type = summaries.checker.getTypeAtLocation(node);
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return symbol !== undefined && MAP_TYPES.has(symbol.name);
}

