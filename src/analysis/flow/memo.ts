import type ts from 'typescript';
import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { forEachOwnNode, returnedValues, skipValueWrappers } from '../../syntax/ts-ast.js';
import {
  isArrayLiteralExpression,
  isArrowFunction,
  isBinaryExpression,
  isBindingElement,
  isBlock,
  isCallExpression,
  isCaseClause,
  isClassExpression,
  isContinueStatement,
  isDefaultClause,
  isElementAccessExpression,
  isFunctionDeclaration,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isIfStatement,
  isIterationStatement,
  isMethodDeclaration,
  isNewExpression,
  isNonNullExpression,
  isObjectLiteralExpression,
  isParameter,
  isParenthesizedExpression,
  isPrefixUnaryExpression,
  isPrivateIdentifier,
  isPropertyAccessExpression,
  isReturnStatement,
  isStringLiteral,
  isThrowStatement,
  isTypeOfExpression,
  isVariableDeclaration,
  isVoidExpression,
  SyntaxKind,
} from '../../syntax/ts-nodes.js';

/**
 * Created at most once per key or per object in the function `fn`, by syntax on the TypeScript AST:
 * - on the right of `??` / `||` or `??=` / `||=`, also nested in a call there
 *   (`cache.get(k) ?? remember(k, create(k))`, `this.x ??= create()`; not on an object the run
 *   makes itself, `({}).x ??= create()`);
 * - under a lookup (`if (!cache.has(k)) { … }`, `if (!cache.get(k))`, `if (!(k in cache))`, `cache[k]`);
 * - after a lookup that leaves (`if (cache.has(k)) return cache.get(k);`);
 * - memoised on a property of a holder object that outlives the run (with `checker`): under a test
 *   that it is unset, in a branch that sets it (`if (store.client === undefined) { store.client = … }`),
 *   or after a test that it is set which leaves, in a function that sets it
 *   (`const c = store.client; if (c) return c; … store.client = created`). See `originOf`.
 * Once-guards on a flag (`if (this.started) return`, `if (!this.client) this.client = …`) are the
 * concurrency analysis's (`guardedOnce`).
 */
export function isMemoised(node: ts.Node, fn: ts.Node, checker?: ts.TypeChecker): boolean {
  let child: ts.Node = node;
  for (let at = node.parent as ts.Node | undefined; at && at !== fn; child = at, at = at.parent) {
    if (isFunctionLike(at)) return false;
    if (isBinaryExpression(at) && at.right === child && MEMO_OPERATORS.has(at.operatorToken.kind)) return !madeByRun(at, node, fn, checker);
    if (isIfStatement(at) && at.thenStatement === child && (mentionsLookup(at.expression) || (checker && holderGuard(at.expression, 'unset', at.thenStatement, node, fn, checker)))) return true;
    if (isIfStatement(at) && at.elseStatement === child && checker && holderGuard(at.expression, 'set', at.elseStatement, node, fn, checker)) return true;
    if (isBlock(at) || isCaseClause(at) || isDefaultClause(at)) {
      for (const statement of at.statements) {
        if (statement === child) break;
        if (!isIfStatement(statement) || !leaves(statement.thenStatement)) continue;
        if (mentionsLookup(statement.expression) || (checker && holderGuard(statement.expression, 'set', fn, node, fn, checker))) return true;
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

/** `({}).x ??= …`, `local.x ??= …` on an object the run makes itself: stored where the next run cannot see it. */
function madeByRun(memo: ts.BinaryExpression, node: ts.Node, fn: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  const kind = memo.operatorToken.kind;
  if (kind !== SyntaxKind.QuestionQuestionEqualsToken && kind !== SyntaxKind.BarBarEqualsToken) return false;
  const target = skipValueWrappers(memo.left);
  return (isPropertyAccessExpression(target) || isElementAccessExpression(target)) && originOf(target.expression, node, fn, checker, CALLEE_DEPTH) === 'made';
}

/**
 * Whether `test` says that a property of a holder object is `state` (`store.client === undefined`,
 * `!store.client`, a conjunct of `&&` for 'unset'; `store.client`, `c !== undefined` for 'set', with
 * `const c = store.client` in `fn`), and `where` sets that property: then what the branch creates is
 * made once per holder. The holder must be `kept` from before the run (`originOf`).
 */
function holderGuard(test: ts.Expression, state: 'set' | 'unset', where: ts.Node, node: ts.Node, fn: ts.Node, checker: ts.TypeChecker): boolean {
  const tested = testedValues(test, state);
  const stored = tested.length > 0 ? assignedPaths(where) : null;
  if (!stored || stored.size === 0) return false;
  for (const value of tested) {
    const path = holderPath(value, fn, checker);
    if (path && stored.has(pathText(path)!) && originOf(path.expression, node, fn, checker, CALLEE_DEPTH) === 'kept') return true;
  }
  return false;
}

/** The expressions `test` requires to be unset (falsy or nullish) or set (truthy or not nullish). */
function testedValues(test: ts.Expression, state: 'set' | 'unset'): ts.Expression[] {
  const at = skipParentheses(test);
  if (isPrefixUnaryExpression(at) && at.operator === SyntaxKind.ExclamationToken) {
    const operand = skipParentheses(at.operand);
    if (state === 'unset') return [operand];
    return isPrefixUnaryExpression(operand) && operand.operator === SyntaxKind.ExclamationToken ? [operand.operand] : [];
  }
  if (isBinaryExpression(at)) {
    const operator = at.operatorToken.kind;
    if (operator === SyntaxKind.AmpersandAmpersandToken) return state === 'unset' ? [...testedValues(at.left, state), ...testedValues(at.right, state)] : [];
    const equality = operator === SyntaxKind.EqualsEqualsEqualsToken || operator === SyntaxKind.EqualsEqualsToken;
    const inequality = operator === SyntaxKind.ExclamationEqualsEqualsToken || operator === SyntaxKind.ExclamationEqualsToken;
    if (!(state === 'unset' ? equality : inequality)) return [];
    const compared = comparedWithUnset(at.left, at.right) ?? comparedWithUnset(at.right, at.left);
    return compared ? [compared] : [];
  }
  return state === 'set' ? [at] : [];
}

/** `x` of `x === undefined`, `x == null`, `x === void 0`, `typeof x === 'undefined'` (one side of each), or null. */
function comparedWithUnset(side: ts.Expression, other: ts.Expression): ts.Expression | null {
  const operand = skipParentheses(side);
  const value = skipParentheses(other);
  if (isTypeOfExpression(operand)) return isStringLiteral(value) && value.text === 'undefined' ? operand.expression : null;
  const unset = (isIdentifier(value) && value.text === 'undefined') || value.kind === SyntaxKind.NullKeyword || isVoidExpression(value);
  return unset ? operand : null;
}

/** `holder.f` tested directly, or through a local of `fn` read from it (`const c = holder.f`); not on `this` (a once-guard). */
function holderPath(tested: ts.Expression, fn: ts.Node, checker: ts.TypeChecker): ts.PropertyAccessExpression | null {
  let at = skipValueWrappers(tested);
  if (isIdentifier(at)) {
    const declaration = localDeclaration(at, fn, checker);
    if (!declaration?.initializer || !isIdentifier(declaration.name)) return null;
    at = skipValueWrappers(declaration.initializer);
  }
  if (!isPropertyAccessExpression(at)) return null;
  const text = pathText(at);
  return text !== null && !text.startsWith('this.') ? at : null;
}

/** `a.b.c` → "a.b.c" for a chain of names on an identifier or `this`; null for anything else. */
function pathText(node: ts.Expression): string | null {
  const at = skipValueWrappers(node);
  if (isIdentifier(at)) return at.text;
  if (at.kind === SyntaxKind.ThisKeyword) return 'this';
  if (!isPropertyAccessExpression(at)) return null;
  const object = pathText(at.expression);
  return object === null ? null : `${object}.${isPrivateIdentifier(at.name) ? `#${at.name.text}` : at.name.text}`;
}

const assignedPathsByNode = new WeakMap<ts.Node, ReadonlySet<string>>();

/** The property paths `node`'s own code sets (`a.b = …`, `a.b ??= …`, `a.b ||= …`), outside `this`. */
function assignedPaths(node: ts.Node): ReadonlySet<string> {
  let paths = assignedPathsByNode.get(node);
  if (paths) return paths;
  const found = new Set<string>();
  const visit = (at: ts.Node): void => {
    if (!isBinaryExpression(at) || !STORE_OPERATORS.has(at.operatorToken.kind) || !isPropertyAccessExpression(skipValueWrappers(at.left))) return;
    const text = pathText(at.left);
    if (text !== null && !text.startsWith('this.')) found.add(text);
  };
  visit(node);
  forEachOwnNode(node, visit);
  assignedPathsByNode.set(node, (paths = found));
  return paths;
}

const STORE_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([SyntaxKind.EqualsToken, SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.BarBarEqualsToken]);

/** How many calls deep `originOf` reads what a function returns. */
const CALLEE_DEPTH = 2;

/**
 * Where the object `expr` (in code of `fn`) comes from, for a memo on its properties: `made` by this
 * run of `fn` (a literal, a `new`, a local of `fn` bound to one, a call of a function of the program
 * that returns one), `this` (once per object: the once-guard's), or `kept` from before the run — a
 * module binding, a local of an enclosing function, a parameter (the caller decides whether it passes
 * the same object again; the memo is once per object it passes), a call whose result is not made
 * afresh (a store getter: `getStore()` returning a module's or an async context's store), a library
 * call. A property of an object has the object's origin.
 */
function originOf(expr: ts.Expression, site: ts.Node, fn: ts.Node, checker: ts.TypeChecker | undefined, depth: number): 'made' | 'this' | 'kept' {
  const at = skipValueWrappers(expr);
  if (isObjectLiteralExpression(at) || isArrayLiteralExpression(at) || isNewExpression(at) || isClassExpression(at) || isFunctionExpression(at) || isArrowFunction(at)) return 'made';
  if (at.kind === SyntaxKind.ThisKeyword) return 'this';
  if (isPropertyAccessExpression(at) || isElementAccessExpression(at)) return originOf(at.expression, site, fn, checker, depth);
  if (!checker) return 'kept';
  if (isIdentifier(at)) {
    const declaration = localDeclaration(at, fn, checker);
    // Made before a loop of `fn` that repeats the memo: every iteration sees the same object.
    if (!declaration || madeBeforeLoop(declaration, site, fn)) return 'kept';
    return declaration.initializer ? originOf(declaration.initializer, site, fn, checker, depth) : 'made';
  }
  if (!isCallExpression(at) || depth <= 0) return 'kept';
  const callee = calleeFunction(at, checker);
  const returned = callee ? returnedValues(callee.body) : null;
  return returned?.some((value) => originOf(value, value, callee!, checker, depth - 1) === 'made') ? 'made' : 'kept';
}

/** Whether a loop of `fn` runs `site` again but not `declaration`. */
function madeBeforeLoop(declaration: ts.Node, site: ts.Node, fn: ts.Node): boolean {
  for (let at = site.parent; at && at !== fn; at = at.parent) {
    if (isIterationStatement(at, false) && !(declaration.pos >= at.pos && declaration.end <= at.end)) return true;
  }
  return false;
}

/** The `const`/`let` of `fn`'s own code that `id` names (the whole declaration of a destructured name), or null. */
function localDeclaration(id: ts.Identifier, fn: ts.Node, checker: ts.TypeChecker): ts.VariableDeclaration | null {
  let declaration: ts.Node | undefined = resolveAlias(checker, getSymbolAtLocation(checker, id))?.valueDeclaration;
  if (!declaration || isParameter(declaration)) return null;
  while (isBindingElement(declaration)) declaration = declaration.parent.parent;
  if (!declaration || !isVariableDeclaration(declaration)) return null;
  let owner: ts.Node | undefined = declaration.parent;
  while (owner && !isFunctionLike(owner) && owner !== fn) owner = owner.parent;
  return owner === fn ? declaration : null;
}

/** The function with a body that a call runs, by its callee's name: a function, a method, a `const` bound to one. */
function calleeFunction(call: ts.CallExpression, checker: ts.TypeChecker): ts.FunctionLikeDeclaration | null {
  const callee = skipValueWrappers(call.expression);
  const name = isPropertyAccessExpression(callee) ? callee.name : isIdentifier(callee) ? callee : null;
  if (!name) return null;
  let declaration: ts.Node | undefined = resolveAlias(checker, getSymbolAtLocation(checker, name))?.valueDeclaration;
  if (declaration && isVariableDeclaration(declaration) && declaration.initializer) declaration = skipValueWrappers(declaration.initializer);
  if (!declaration || !(isFunctionDeclaration(declaration) || isMethodDeclaration(declaration) || isFunctionExpression(declaration) || isArrowFunction(declaration))) return null;
  return declaration.body ? declaration : null;
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let at = node;
  while (isParenthesizedExpression(at) || isNonNullExpression(at)) at = at.expression;
  return at;
}
