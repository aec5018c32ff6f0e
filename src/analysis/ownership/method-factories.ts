import type ts from 'typescript';

import type { Summaries, SummarizedFunction } from '../summaries.js';
import { forEachOwnNode, isAssignmentOperator, returnedValues, skipTypeWrappers, skipValueWrappers } from '../../syntax/ts-ast.js';
import { getSymbolAtLocation } from '../../model/checker.js';
import {
  findAncestor,
  forEachChild,
  isArrayLiteralExpression,
  isBinaryExpression,
  isCallExpression,
  isClassLike,
  isForInStatement,
  isForOfStatement,
  isFunctionLike,
  isIdentifier,
  isLetDeclarationList,
  isMethodDeclaration,
  isNewExpression,
  isObjectLiteralExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isSpreadElement,
  isVariableDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
  SyntaxKind,
} from '../../syntax/ts-nodes.js';

/*
 * Method factories: a method of a class of the program called on another object — a parameter, a
 * local, a field (`helper.make()`, `this.auth.getStub()`, `this.cls.create()`) — whose every return is
 * a fresh resource. The function factories' summary (`OwnershipFacts.factory`) decides what the method
 * returns; this module only says which calls may reach one, cheaply, and which method they run.
 *
 * Names before types: every member call of the program may ask, so a call is looked at only when its
 * member's name is the name of a method that a class of the program declares with returns that could
 * be fresh (`new …`, a call, a local, an object of closures): found by syntax among the places that
 * name it (`Summaries.occurrencesOf`, the index of names other facts share), once per name and program.
 */

/** Per program: whether a name is that of a method of the program's classes whose every return could be a creation. */
const factoryNamesByProgram = new WeakMap<Summaries, Map<string, boolean>>();

/** How long a receiver chain is read (`this.a.b.make()`): longer ones are not followed. */
const MAX_RECEIVER_LENGTH = 3;

/**
 * Syntax only, no checker: whether `call` is `x.m(…)` on another object (a name, `this.f`, a short
 * chain of those; not `this` or `super` themselves, which the summaries resolve by name) and `m` is
 * the name of a method of the program that may return a creation.
 */
export function mayCallMethodFactory(call: ts.CallExpression, summaries: Summaries): boolean {
  const callee = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(callee) || !isIdentifier(callee.name) || !isReceiverChain(callee.expression, 0)) return false;
  let names = factoryNamesByProgram.get(summaries);
  if (!names) factoryNamesByProgram.set(summaries, (names = new Map<string, boolean>()));
  const name = callee.name.text;
  let known = names.get(name);
  if (known === undefined) {
    // The places that name it, in the program's sources (the summaries' shared index of names).
    known = summaries.occurrencesOf(name).some((occurrence) => {
      const method = occurrence.parent;
      return isMethodDeclaration(method) && method.name === occurrence && isClassLike(method.parent) && mayReturnCreation(method);
    });
    names.set(name, known);
  }
  return known;
}

/**
 * The resource a call of a method factory on another object makes: the method of the class the
 * receiver's binding declares (`Summaries.receiverMethod`, no receiver is typed) is a factory
 * (`factory`), and so is every override of it in the program's subclasses of that class. A method that
 * returns a field or a memoised value is no factory; a receiver declared as an interface, a union or
 * `any`, or as a class of a declaration file, names no method with a body.
 */
export function methodFactoryOf<R>(call: ts.CallExpression, summaries: Summaries, factory: (fn: SummarizedFunction) => R | null): R | null {
  if (!mayCallMethodFactory(call, summaries)) return null;
  const method = summaries.receiverMethod(call);
  const made = method ? factory(method) : null;
  if (!method || !made) return null;
  const overrides = summaries.overridesOf(method);
  return overrides !== null && overrides.every((override) => factory(override) === made) ? made : null;
}

/** `x`, `this.f`, `this.#f`, `x.f.g`: a receiver whose declared type names its class, cheaply. */
function isReceiverChain(node: ts.Expression, length: number): boolean {
  const at = skipTypeWrappers(node);
  if (isIdentifier(at)) return true;
  if (!isPropertyAccessExpression(at) || length >= MAX_RECEIVER_LENGTH) return false;
  return at.expression.kind === SyntaxKind.ThisKeyword || isReceiverChain(at.expression, length + 1);
}

/** Every `return` of the method is a `new`, a call, a local of the method or an object literal: it may be a factory. */
function mayReturnCreation(method: ts.MethodDeclaration): boolean {
  const returned = returnedValues(method.body);
  return (
    returned !== null &&
    returned.every((expression) => {
      const at = skipValueWrappers(expression);
      return isNewExpression(at) || isCallExpression(at) || isObjectLiteralExpression(at) || (isIdentifier(at) && declaresVariable(method, at.text));
    })
  );
}

function declaresVariable(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  let found = false;
  if (fn.body) forEachOwnNode(fn.body, (node) => (found ||= isVariableDeclaration(node) && isIdentifier(node.name) && node.name.text === name));
  return found;
}

/**
 * The values a `let` of `fn` itself ever holds, when its only writes are plain assignments
 * (`let client; if (tls) client = new A(…); else client = new B(…); return client;`): its
 * initializer, if any, and the right side of each `=`. Null when it is no such `let`, or when it is
 * written any other way (`??=`, `++`, a destructuring, a `for…of` target), where the values are not
 * all in sight.
 */
export function letValues(id: ts.Identifier, fn: SummarizedFunction, checker: ts.TypeChecker): ts.Expression[] | null {
  const symbol = getSymbolAtLocation(checker, id);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !isVariableDeclaration(declaration) || !isIdentifier(declaration.name) || !fn.body) return null;
  const list = declaration.parent;
  if (!isVariableDeclarationList(list) || !isLetDeclarationList(list) || !isVariableStatement(list.parent)) return null;
  if (findAncestor(list, isFunctionLike) !== fn) return null;
  const values: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
  const name = declaration.name.text;
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (isIdentifier(node) && node.text === name && node !== declaration.name && getSymbolAtLocation(checker, node) === symbol) {
      const write = writtenValue(node);
      if (write === undefined) return;
      if (write === null) other = true;
      else values.push(write);
      return;
    }
    forEachChild(node, visit);
  };
  visit(fn.body);
  return other || values.length === 0 ? null : values;
}

/** What an occurrence of a name writes: the value of `name = v`, null for any other write (or what may be one), undefined for a read. */
function writtenValue(id: ts.Identifier): ts.Expression | null | undefined {
  const parent = id.parent;
  if (isBinaryExpression(parent) && parent.left === id && isAssignmentOperator(parent.operatorToken.kind)) {
    return parent.operatorToken.kind === SyntaxKind.EqualsToken ? parent.right : null;
  }
  if ((isPrefixUnaryExpression(parent) || isPostfixUnaryExpression(parent)) && (parent.operator === SyntaxKind.PlusPlusToken || parent.operator === SyntaxKind.MinusMinusToken)) return null;
  // A destructuring target, or a `for…of`/`for…in` target: not followed.
  if (isArrayLiteralExpression(parent) || isShorthandPropertyAssignment(parent) || isSpreadElement(parent) || (isPropertyAssignment(parent) && parent.initializer === id)) return null;
  if ((isForOfStatement(parent) || isForInStatement(parent)) && parent.initializer === id) return null;
  return undefined;
}
