import type ts from 'typescript';

import { NOT_HANDING_ON } from '../../model/shutdowns.js';
import { isValueWrapper, memberName } from '../../syntax/ts-ast.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { getRootSymbols, getShorthandAssignmentValueSymbol, getSymbolAtLocation, getTypeAtLocation } from '../../model/checker.js';
import { findAncestor, forEachChild, isArrayLiteralExpression, isArrowFunction, isBinaryExpression, isCallExpression, isClassLike, isExportAssignment, isFunctionExpression, isFunctionLike, isGetAccessorDeclaration, isIdentifier, isMethodDeclaration, isNewExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isShorthandPropertyAssignment, isSourceFile, isVariableDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Servers a class exposes (`getServer()`, `get server()`) and shuts down itself, on the program-wide
 * summaries: returning the server to whoever asks is not a hand-off of its shutdown. What counts is
 * where the returned server goes, followed to every caller of the member in the program's sources
 * (through the member itself and the members of base classes and interfaces it implements):
 *
 * - a caller **bounds** it when its class (or its file, outside classes) calls one of the bound
 *   methods (`forceShutdown`, `destroy` of the sessions, `closeAllConnections`);
 * - a caller **hands it on** (when hand-offs count) when it passes the server to a call (a wrapper
 *   such as `stoppable(…)` or an HTTP terminator), stores it in an object or array, or returns it;
 * - a reference to the member that is not a call (`const get = app.getServer`) is unknown.
 * Any of these answers "a caller may bound it" (true); callers that only use the server
 * (`listen`, `on`, `addService`) do not.
 */
export interface ExposedServerQuestion {
  /** Methods whose call in a caller's class or file bounds the shutdown. */
  readonly bounds: ReadonlySet<string>;
  /** Whether a caller that passes the server on, stores or returns it counts as bounding it. */
  readonly handOffs: boolean;
}

const facts = new Map<string, SummaryFact<boolean>>();

/** The fact "some caller of this member may bound the server it returns", one per question. */
export function callersMayBoundFact(question: ExposedServerQuestion): SummaryFact<boolean> {
  const id = `${[...question.bounds].sort().join(',')}|${question.handOffs}`;
  let fact = facts.get(id);
  if (!fact) {
    const regions = new WeakMap<ts.Node, boolean>();
    const created: SummaryFact<boolean> = {
      name: 'exposed-server-callers',
      unknown: true,
      recursive: true,
      compute: (member, summaries) => callersMayBound(member, summaries, question, regions),
    };
    facts.set(id, (fact = created));
  }
  return fact;
}

function callersMayBound(member: SummarizedFunction, summaries: Summaries, question: ExposedServerQuestion, regions: WeakMap<ts.Node, boolean>): boolean {
  const { checker } = summaries;
  const declaration = isArrowFunction(member) || isFunctionExpression(member) ? member.parent : member;
  if (!(isMethodDeclaration(declaration) || isGetAccessorDeclaration(declaration) || isPropertyDeclaration(declaration))) return true;
  const name = memberName(declaration.name);
  const cls = declaration.parent;
  if (name === null || !isClassLike(cls)) return true;
  const targets = memberSymbols(declaration, cls, name, checker);
  if (targets.size === 0) return true;
  const getter = isGetAccessorDeclaration(declaration);
  // The program's places that name the member (one index of names per program), resolved by the checker.
  for (const occurrence of summaries.occurrencesOf(name)) {
    const node = occurrence.parent;
    if (!isPropertyAccessExpression(node) || node.name !== occurrence || !refersTo(node.name, targets, checker)) continue;
    const value = getter ? node : isCallExpression(node.parent) && node.parent.expression === node ? node.parent : null;
    if (value === null || regionBounds(value, question.bounds, regions) || handedOn(value, question, checker, 0)) return true;
  }
  return false;
}

/** The member's symbol, and the same-named members of the types its class extends or implements. */
function memberSymbols(declaration: ts.ClassElement, cls: ts.ClassLikeDeclaration, name: string, checker: ts.TypeChecker): Set<ts.Symbol> {
  const symbols = new Set<ts.Symbol>();
  try {
    const own = declaration.name ? getSymbolAtLocation(checker, declaration.name) : undefined;
    if (own) symbols.add(own);
    for (const clause of cls.heritageClauses ?? []) {
      for (const base of clause.types) {
        const inherited = getTypeAtLocation(checker, base).getProperty(name);
        if (inherited) symbols.add(inherited);
      }
    }
  } catch {
    symbols.clear();
  }
  return symbols;
}

function refersTo(name: ts.MemberName, targets: ReadonlySet<ts.Symbol>, checker: ts.TypeChecker): boolean {
  try {
    const symbol = getSymbolAtLocation(checker, name);
    return symbol !== undefined && (targets.has(symbol) || getRootSymbols(checker, symbol).some((root) => targets.has(root)));
  } catch {
    return true; // unknown: a caller that may bound it
  }
}

/** A call of a bound method anywhere in the caller's class, or its file outside classes. */
function regionBounds(value: ts.Node, bounds: ReadonlySet<string>, regions: WeakMap<ts.Node, boolean>): boolean {
  const region = findAncestor(value, (n) => isClassLike(n)) ?? value.getSourceFile();
  let bounded = regions.get(region);
  if (bounded === undefined) {
    bounded = false;
    const visit = (node: ts.Node): void => {
      if (bounded) return;
      if (isCallExpression(node) && isPropertyAccessExpression(node.expression) && bounds.has(node.expression.name.text)) bounded = true;
      else forEachChild(node, visit);
    };
    visit(region);
    regions.set(region, bounded);
  }
  return bounded;
}

/** Where the server a caller got goes: passed to a call, stored, returned (a hand-off), or into a local followed one step. */
function handedOn(value: ts.Expression, question: ExposedServerQuestion, checker: ts.TypeChecker, depth: number): boolean {
  let at: ts.Node = value;
  while (isValueWrapper(at.parent)) at = at.parent;
  const parent = at.parent;
  if (isVariableDeclaration(parent) && parent.initializer === at && isIdentifier(parent.name) && depth === 0) {
    const symbol = getSymbolAtLocation(checker, parent.name);
    const scope = findAncestor(parent, (n) => isFunctionLike(n) || isSourceFile(n));
    if (!symbol || !scope) return true;
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (isIdentifier(node) && node !== parent.name && node.text === parent.name.getText() && referenceSymbol(node, checker) === symbol) found = handedOn(node, question, checker, depth + 1);
      else forEachChild(node, visit);
    };
    visit(scope);
    return found;
  }
  if (!question.handOffs) return false;
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.expression !== at) {
    const callee = parent.expression;
    const calleeName = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : null;
    return calleeName === null || !NOT_HANDING_ON.has(calleeName);
  }
  return (
    isReturnStatement(parent) ||
    (isArrowFunction(parent) && parent.body === at) ||
    isPropertyAssignment(parent) ||
    isShorthandPropertyAssignment(parent) ||
    isArrayLiteralExpression(parent) ||
    (isBinaryExpression(parent) && parent.right === at && parent.operatorToken.kind === SyntaxKind.EqualsToken) ||
    isExportAssignment(parent)
  );
}

/** The variable an identifier refers to; for `{ server }` the variable, not the property. */
function referenceSymbol(id: ts.Identifier, checker: ts.TypeChecker): ts.Symbol | undefined {
  return isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? getShorthandAssignmentValueSymbol(checker, id.parent) : getSymbolAtLocation(checker, id);
}
