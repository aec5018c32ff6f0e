import type ts from 'typescript';

import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isAssignmentTarget, isFunctionWithBody, skipTypeWrappers } from '../../syntax/ts-ast.js';
import {
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isCallExpression,
  isConstDeclarationList,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isNonNullExpression,
  isParenthesizedExpression,
  isPrivateIdentifier,
  isPropertyAccessExpression,
  isPropertyDeclaration,
  isReturnStatement,
  isSatisfiesExpression,
  isSpreadElement,
  isVariableDeclaration,
  isVariableDeclarationList,
  SyntaxKind,
} from '../../syntax/ts-nodes.js';
import { isSummarizedFunction, type Summaries, type SummarizedFunction } from '../summaries.js';

/**
 * Where the program runs a function VALUE (issue 25): an arrow or function expression that a factory
 * returns (`return () => fetchToken(address)`), followed from the factory's calls through `const`
 * bindings, class fields written once (`this.source = tokenSource(address)`), the parameters of the
 * program's own functions it is passed to, and factories that return it again, to the calls that
 * invoke it (`source()`) or to a library function that receives it as a callback. What the program
 * does not show ends a path: a value stored in an object, passed to `any`, a field written twice, a
 * parameter reassigned. Bounded in values looked at and in hops.
 */

/** A place that runs a function: a call (or `new`), or a call that receives it as a callback. */
export type Use =
  | { readonly kind: 'call'; readonly site: ts.CallExpression | ts.NewExpression }
  | { readonly kind: 'callback'; readonly call: ts.CallExpression | ts.NewExpression; readonly argument: ts.Expression };

/** How many values (references, reads, calls) one function's search looks at. */
const MAX_VALUES = 48;
/** How many bindings, fields, parameters or factories a value is followed through. */
const MAX_HOPS = 5;

export class FunctionValues {
  constructor(
    private readonly summaries: Summaries,
    /** The calls of a function of the program (its own uses, found by name). */
    private readonly callsOf: (fn: SummarizedFunction) => readonly Use[],
  ) {}

  private get checker(): ts.TypeChecker {
    return this.summaries.checker;
  }

  /** The places that run `fn` when a factory returns it (`return () => …`, an arrow's body), or null when no factory does. */
  usesOfReturned(fn: SummarizedFunction): Use[] | null {
    if (!isArrowFunction(fn) && !isFunctionExpression(fn)) return null;
    const factory = factoryReturning(fn);
    if (!factory) return null;
    const search = { budget: MAX_VALUES, uses: [] as Use[], seen: new Set<ts.Node>() };
    this.followFactory(factory, 0, search);
    return search.uses;
  }

  private followFactory(factory: SummarizedFunction, hops: number, search: Search): void {
    if (hops > MAX_HOPS || search.seen.has(factory)) return;
    search.seen.add(factory);
    for (const use of this.callsOf(factory)) {
      if (use.kind === 'call' && isCallExpression(use.site)) this.follow(use.site, hops + 1, search);
    }
  }

  /** Follows the function `value` evaluates to, to where it is called or handed on. */
  private follow(value: ts.Expression, hops: number, search: Search): void {
    if (--search.budget < 0 || hops > MAX_HOPS) return;
    const at = outermost(value);
    const parent = at.parent;
    if ((isCallExpression(parent) || isNewExpression(parent)) && parent.expression === at) {
      search.uses.push({ kind: 'call', site: parent });
      return;
    }
    if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) return this.followArgument(parent, at, hops, search);
    if (isVariableDeclaration(parent) && parent.initializer === at) return this.followConst(parent, hops, search);
    if (isBinaryExpression(parent) && parent.right === at && parent.operatorToken.kind === SyntaxKind.EqualsToken) return this.followField(parent.left, hops, search);
    if (isPropertyDeclaration(parent) && parent.initializer === at) return this.followFieldDeclaration(parent, hops, search);
    // Returned again: the enclosing function is a factory of it too.
    const returning = isReturnStatement(parent) ? enclosingFunction(parent) : isArrowFunction(parent) && parent.body === at ? parent : null;
    if (returning && isSummarizedFunction(returning)) this.followFactory(returning, hops, search);
  }

  /** `const source = tokenSource(address)`: each reference. */
  private followConst(declaration: ts.VariableDeclaration, hops: number, search: Search): void {
    const list = declaration.parent;
    if (!isIdentifier(declaration.name) || !isVariableDeclarationList(list) || !isConstDeclarationList(list)) return;
    for (const reference of this.referencesTo(declaration.name, declaration)) this.follow(reference, hops + 1, search);
  }

  /** `this.source = value`: the field's reads, when this is the field's only write and it has no initializer. */
  private followField(target: ts.Expression, hops: number, search: Search): void {
    if (!isPropertyAccessExpression(target) || target.expression.kind !== SyntaxKind.ThisKeyword) return;
    const declaration = this.resolved(target.name)?.valueDeclaration;
    if (!declaration || !isPropertyDeclaration(declaration) || declaration.initializer) return;
    this.followReads(declaration, target, hops, search);
  }

  /** `private readonly source = tokenSource(address)`: the field's reads, when nothing writes it again. */
  private followFieldDeclaration(declaration: ts.PropertyDeclaration, hops: number, search: Search): void {
    this.followReads(declaration, null, hops, search);
  }

  private followReads(declaration: ts.PropertyDeclaration, write: ts.PropertyAccessExpression | null, hops: number, search: Search): void {
    const name = declaration.name;
    if (!isIdentifier(name) && !isPrivateIdentifier(name)) return;
    const reads: ts.Expression[] = [];
    for (const occurrence of this.summaries.occurrencesOf(name.text)) {
      const access = occurrence.parent;
      if (occurrence === name || !isPropertyAccessExpression(access) || access.name !== occurrence) continue;
      if (this.resolved(occurrence)?.valueDeclaration !== declaration) continue;
      if (access === write) continue;
      if (isAssignmentTarget(outermost(access))) return; // written again: which function a read gets is not known
      reads.push(access);
    }
    for (const read of reads) this.follow(read, hops + 1, search);
  }

  /**
   * `callCredentialsFor(source)`: in a function of the program, the calls of its parameter; a
   * library's function (or one not known) receives it as a callback, judged by the caller.
   */
  private followArgument(call: ts.CallExpression | ts.NewExpression, argument: ts.Expression, hops: number, search: Search): void {
    const index = call.arguments!.indexOf(argument);
    const callee = calleeDeclaration(this.resolved(skipTypeWrappers(call.expression)));
    if (!callee || callee.getSourceFile().isDeclarationFile) {
      search.uses.push({ kind: 'callback', call, argument });
      return;
    }
    if (call.arguments!.slice(0, index).some(isSpreadElement)) return; // which parameter it binds is not known
    const parameter = callee.parameters[index];
    if (!parameter || parameter.dotDotDotToken || !isIdentifier(parameter.name)) return;
    const references = this.referencesTo(parameter.name, parameter);
    if (references.some((reference) => isAssignmentTarget(outermost(reference)))) return;
    for (const reference of references) this.follow(reference, hops + 1, search);
  }

  /** The identifiers named like `name` that refer to `declaration`. */
  private referencesTo(name: ts.Identifier, declaration: ts.Declaration): ts.Identifier[] {
    return this.summaries.occurrencesOf(name.text).filter((o): o is ts.Identifier => o !== name && isIdentifier(o) && (this.resolved(o)?.declarations?.includes(declaration) ?? false));
  }

  private resolved(node: ts.Node): ts.Symbol | undefined {
    return resolveAlias(this.checker, getSymbolAtLocation(this.checker, node));
  }
}

interface Search {
  budget: number;
  readonly uses: Use[];
  readonly seen: Set<ts.Node>;
}

/** The function that returns `fn` itself (not in an object): `return () => …`, or an arrow whose body it is. */
function factoryReturning(fn: ts.ArrowFunction | ts.FunctionExpression): SummarizedFunction | null {
  const at = outermost(fn);
  const parent = at.parent;
  const factory = isReturnStatement(parent) ? enclosingFunction(parent) : isArrowFunction(parent) && parent.body === at ? parent : null;
  return factory && isSummarizedFunction(factory) ? factory : null;
}

/** The function (with a body) a callee names: a declaration, a `const` bound to an arrow or function expression, a method. */
function calleeDeclaration(symbol: ts.Symbol | undefined): ts.FunctionLikeDeclaration | null {
  const declaration = symbol?.valueDeclaration;
  if (!declaration) return null;
  if ((isFunctionDeclaration(declaration) || isMethodDeclaration(declaration)) && declaration.body) return declaration;
  if (isVariableDeclaration(declaration) && declaration.initializer) {
    const value = skipTypeWrappers(declaration.initializer);
    if (isArrowFunction(value) || isFunctionExpression(value)) return value;
  }
  return null;
}

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | null {
  for (let at = node.parent as ts.Node | undefined; at; at = at.parent) if (isFunctionWithBody(at)) return at;
  return null;
}

/** `value` with the parentheses, `as`, `!` and `satisfies` around it (not `await`: a function value is not awaited). */
function outermost(value: ts.Expression): ts.Expression {
  let at = value;
  while (isParenthesizedExpression(at.parent) || isAsExpression(at.parent) || isNonNullExpression(at.parent) || isSatisfiesExpression(at.parent)) at = at.parent;
  return at;
}
