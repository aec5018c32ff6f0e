import type ts from 'typescript';

import type { RpcModel } from '../../model/index.js';
import { serverRegistrationOfCall } from '../../model/servers.js';
import { skipTypeWrappers } from '../../syntax/ts-ast.js';
import { summariesOf, type Summaries } from '../summaries.js';
import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isAsExpression, isCallExpression, isClassLike, isFunctionLike, isIdentifier, isNewExpression, isNonNullExpression, isParenthesizedExpression, isPropertyAccessExpression, isSatisfiesExpression, isVariableDeclaration } from '../../syntax/ts-nodes.js';

/**
 * Whether the program hands a handler to a wrapper before the server calls it: a wrapper (a call that
 * takes the handler, or the implementation object, or an instance of the implementing class, and is no
 * server registration) decides how the handler is called and what becomes of its promise
 * (`server.addService(def, withErrors(impl))`, grpc-node #290: "We are wrapping all handlers"). Read
 * from every place in the program's own files that names the declaration (`Summaries.occurrencesOf`),
 * resolved by the checker: an argument of a call; for a class, `new C(…)` there or kept in a variable
 * that is; for a function that returns the implementation, its calls there. A handler that the program
 * calls itself is a helper: its caller takes the promise it returns. Memoised per declaration.
 */
export class HandlerWraps {
  private readonly known = new Map<string, Map<ts.Node, boolean>>();

  constructor(
    private readonly summaries: Summaries,
    private readonly isRegistration: (call: ts.CallExpression) => boolean,
  ) {}

  /**
   * Whether the value that `declaration` names reaches a wrapper: the handler itself (`role: 'handler'`:
   * a function, or a variable it initialises), or what holds handlers (`'holder'`: a variable holding the
   * implementation, a class whose instances are one, a function that returns one).
   */
  wrapped(declaration: ts.NamedDeclaration, role: 'handler' | 'holder'): boolean {
    let byDeclaration = this.known.get(role);
    if (!byDeclaration) this.known.set(role, (byDeclaration = new Map<ts.Node, boolean>()));
    let found = byDeclaration.get(declaration);
    if (found === undefined) {
      byDeclaration.set(declaration, false); // a cycle of references answers "not wrapped"
      try {
        found = this.referencesOf(declaration).some((reference) => this.reachesWrapper(reference, declaration, role, 0));
      } catch {
        found = false;
      }
      byDeclaration.set(declaration, found);
    }
    return found;
  }

  private reachesWrapper(reference: ts.Expression, declaration: ts.NamedDeclaration, role: 'handler' | 'holder', depth: number): boolean {
    const parent = skipParentWrappers(reference);
    if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.some((a) => skipTypeWrappers(a) === reference)) {
      return !(isCallExpression(parent) && this.isRegistration(parent));
    }
    const called = isCallExpression(parent) && skipTypeWrappers(parent.expression) === reference;
    if (role === 'handler') return called;
    if (depth > 0) return false;
    // An instance of the class, or a result of the function: followed one step.
    const made = (isClassLike(declaration) && isNewExpression(parent) && parent.expression === reference) || (isFunctionLike(declaration) && called);
    if (!made) return false;
    const value = parent as ts.Expression;
    if (this.reachesWrapper(value, declaration, role, depth + 1)) return true;
    const holder = skipParentWrappers(value);
    return isVariableDeclaration(holder) && isIdentifier(holder.name) && this.referencesOf(holder).some((r) => this.reachesWrapper(r, holder, role, depth + 1));
  }

  /** The expressions that name `declaration` (its identifier, or `ns.name`), in the program's own files. */
  private referencesOf(declaration: ts.NamedDeclaration): ts.Expression[] {
    const name = declaration.name;
    if (!name || !isIdentifier(name)) return [];
    const checker = this.summaries.checker;
    const references: ts.Expression[] = [];
    for (const occurrence of this.summaries.occurrencesOf(name.text)) {
      if (occurrence === name || !isIdentifier(occurrence)) continue;
      let symbol = getSymbolAtLocation(checker, occurrence);
      symbol = resolveAlias(checker, symbol);
      if (!symbol?.declarations?.includes(declaration)) continue;
      const access = occurrence.parent;
      references.push(isPropertyAccessExpression(access) && access.name === occurrence ? access : occurrence);
    }
    return references;
  }
}

function skipParentWrappers(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (parent && (isParenthesizedExpression(parent) || isAsExpression(parent) || isNonNullExpression(parent) || isSatisfiesExpression(parent))) parent = parent.parent;
  return parent;
}

const wrapsByProgram = new WeakMap<Summaries, HandlerWraps>();

/** The handler-wrapping facts of the model's program, shared by every file. */
export function handlerWrapsOf(model: RpcModel): HandlerWraps {
  const summaries = summariesOf(model.program);
  let wraps = wrapsByProgram.get(summaries);
  if (!wraps) wrapsByProgram.set(summaries, (wraps = new HandlerWraps(summaries, (call) => serverRegistrationOfCall(call, model) !== null)));
  return wraps;
}
