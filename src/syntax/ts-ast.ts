import ts from 'typescript';

/**
 * Small helpers over the TypeScript AST, for the program-wide facts that read other files' code
 * (the ESTree counterparts are in ast.ts).
 */

/** Drops parentheses and type-only wrappers: `(x)`, `x as T`, `x!`, `x satisfies T`, `<T>x`. */
export function skipTypeWrappers(node: ts.Expression): ts.Expression {
  let at = node;
  while (ts.isParenthesizedExpression(at) || ts.isAsExpression(at) || ts.isNonNullExpression(at) || ts.isSatisfiesExpression(at) || ts.isTypeAssertionExpression(at)) {
    at = at.expression;
  }
  return at;
}

/** A wrapper that passes its operand's value through: parentheses, type-only wrappers, `await`. */
export function isValueWrapper(
  node: ts.Node,
): node is ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.SatisfiesExpression | ts.TypeAssertion | ts.AwaitExpression {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isAwaitExpression(node)
  );
}

/** {@link skipTypeWrappers}, and `await x` too: the value the expression settles to. */
export function skipValueWrappers(node: ts.Expression): ts.Expression {
  let at = node;
  while (isValueWrapper(at)) at = at.expression;
  return at;
}

/** `'x'` / `` `x` `` → `x`; anything else → null. */
export function literalString(node: ts.Node): string | null {
  const at = ts.isExpression(node) ? skipTypeWrappers(node) : node;
  return ts.isStringLiteral(at) || ts.isNoSubstitutionTemplateLiteral(at) ? at.text : null;
}

/** `Promise.<name>(…)` on the global `Promise`. */
export function isPromiseStatic(call: ts.CallExpression, names: readonly string[]): boolean {
  const callee = skipTypeWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) && names.includes(callee.name.text) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
}

/** The innermost function whose own code `node` is. */
export function ownFunctionOf(node: ts.Node): ts.SignatureDeclaration | null {
  for (let at = node.parent as ts.Node | undefined; at; at = at.parent) {
    if (ts.isFunctionLike(at)) return at;
  }
  return null;
}

/**
 * Visits the own code of `fn` (its body, not nested functions or classes); `onNested` gets each
 * nested function and decides whether to descend (return true).
 */
export function forEachOwnNode(root: ts.Node, visit: (node: ts.Node) => void, onNested?: (fn: ts.FunctionLikeDeclaration) => boolean): void {
  const step = (node: ts.Node): void => {
    if (isFunctionWithBody(node) || ts.isClassLike(node)) {
      if (isFunctionWithBody(node) && onNested?.(node)) ts.forEachChild(node, step);
      return;
    }
    visit(node);
    ts.forEachChild(node, step);
  };
  ts.forEachChild(root, step);
}

/**
 * The values a function returns: an arrow's expression body, or the expression of each `return` of
 * its own code. Null when it has no body, returns nothing, or has a bare `return` (it may return
 * `undefined`).
 */
export function returnedValues(body: ts.ConciseBody | undefined): ts.Expression[] | null {
  if (!body) return null;
  if (!ts.isBlock(body)) return [body];
  const returned: ts.Expression[] = [];
  let bare = false;
  forEachOwnNode(body, (node) => {
    if (!ts.isReturnStatement(node)) return;
    if (node.expression) returned.push(node.expression);
    else bare = true;
  });
  return bare || returned.length === 0 ? null : returned;
}

/**
 * The function that hands `fn` to its caller uncalled: `fn` is what it returns (an arrow's expression
 * body, a `return`'s value), or a member of an object literal it returns (a property's value, a
 * method, an accessor). Null for any other function.
 */
export function returningFunctionOf(fn: ts.FunctionLikeDeclaration): ts.FunctionLikeDeclaration | null {
  let value: ts.Node = fn;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    if (!ts.isObjectLiteralExpression(fn.parent)) return null;
    value = fn.parent;
  } else {
    value = outermostWrapper(fn);
    if (ts.isPropertyAssignment(value.parent) && value.parent.initializer === value) value = value.parent.parent;
  }
  value = outermostWrapper(value);
  const parent = value.parent;
  if (ts.isReturnStatement(parent)) return ts.findAncestor<ts.FunctionLikeDeclaration>(parent, isFunctionWithBody) ?? null;
  return ts.isArrowFunction(parent) && parent.body === value ? parent : null;
}

/** `node` with the parentheses, `as`, `!`, `satisfies` and `await` around it. */
function outermostWrapper(node: ts.Node): ts.Node {
  let at = node;
  while (isValueWrapper(at.parent) && at.parent.expression === at) at = at.parent;
  return at;
}

export function isFunctionWithBody(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
}

/** Whether a declaration carries the modifier (`static`, `private`, …). */
export function hasModifier(node: ts.Node, kind: ts.ModifierSyntaxKind): boolean {
  // `node.modifiers` directly: `ts.getModifiers` copies the list on every ask (decorators never have a modifier's kind).
  return ts.canHaveModifiers(node) && (node.modifiers?.some((m) => m.kind === kind) ?? false);
}

/** Whether `node` lies within `container`'s text, in the same file. */
export function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end && node.getSourceFile() === container.getSourceFile();
}

/** A member's name as written: `close`, `#client`, `[Symbol.dispose]`; null for other computed keys. */
export function memberName(name: ts.PropertyName | ts.PrivateIdentifier): string | null {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const e = name.expression;
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Symbol') return `[Symbol.${e.name.text}]`;
    if (ts.isStringLiteral(e)) return e.text;
  }
  return null;
}

/** The class whose instance `this` is at `node`, looking through arrow functions. */
export function thisClassOf(node: ts.Node): ts.ClassLikeDeclaration | null {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isArrowFunction(at)) continue;
    if (ts.isClassStaticBlockDeclaration(at)) return null;
    if (ts.isPropertyDeclaration(at) || ts.isMethodDeclaration(at) || ts.isConstructorDeclaration(at) || ts.isAccessor(at)) {
      return ts.isClassLike(at.parent) && !hasModifier(at, ts.SyntaxKind.StaticKeyword) ? at.parent : null;
    }
    if (ts.isFunctionLike(at) || ts.isClassLike(at)) return null;
  }
  return null;
}

/** The constructor a class declares itself, with a body (null: the base class's, or none, runs). */
export function ownConstructor(cls: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | null {
  return cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined) ?? null;
}

/** The types a class or interface `extends` (none when it has no `extends` clause). */
export function extendsTypes(declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration): readonly ts.ExpressionWithTypeArguments[] {
  return declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types ?? [];
}

/**
 * The creation a promise chain settles to, by syntax: `p.then((n) => new Conn(n))` and
 * `p.catch(() => make())` settle to what their callback returns (an expression body, or the one
 * `return` of a block body); `x.finally(cb)` settles to `x`. Null for anything else.
 */
export function promisedCreation(call: ts.CallExpression): ts.NewExpression | ts.CallExpression | null {
  const callee = skipTypeWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return null;
  let value: ts.Expression | undefined;
  if (callee.name.text === 'finally') value = callee.expression;
  else if (callee.name.text === 'then' || callee.name.text === 'catch') {
    const callback = call.arguments[0];
    value = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? onlyReturned(callback) : undefined;
  }
  const at = value && skipValueWrappers(value);
  return at && (ts.isNewExpression(at) || ts.isCallExpression(at)) ? at : null;
}

/** The expression a function returns when it has one way out: an expression body, or a block's only `return`. */
function onlyReturned(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body;
  const returns: ts.ReturnStatement[] = [];
  forEachOwnNode(fn.body, (node) => {
    if (ts.isReturnStatement(node)) returns.push(node);
  });
  return returns.length === 1 ? returns[0]!.expression : undefined;
}

/**
 * Where a value leaves the code that holds it: returned, yielded, an arrow's result, an element or
 * property of a literal (also shorthand and spread), thrown, exported, or a tagged template's
 * argument. The ownership and stream facts treat it as handed on.
 */
export function isHandOffPosition(at: ts.Expression): boolean {
  const parent = at.parent;
  return (
    ts.isReturnStatement(parent) ||
    ts.isYieldExpression(parent) ||
    (ts.isArrowFunction(parent) && parent.body === at) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isSpreadAssignment(parent) ||
    ts.isThrowStatement(parent) ||
    ts.isExportAssignment(parent) ||
    ts.isTaggedTemplateExpression(parent)
  );
}

const renamedImportsByFile = new WeakMap<ts.SourceFile, ReadonlyMap<string, string>>();

/** Local name → exported name of every renamed named import of a file (`import { a as b }`), cached per file. */
export function renamedImports(file: ts.SourceFile): ReadonlyMap<string, string> {
  let renamed = renamedImportsByFile.get(file);
  if (!renamed) {
    const map = new Map<string, string>();
    for (const statement of file.statements) {
      const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements) if (element.propertyName) map.set(element.name.text, element.propertyName.text);
    }
    renamedImportsByFile.set(file, (renamed = map));
  }
  return renamed;
}

const defaultImportsByFile = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** The local names of a file's default imports (`import b from 'm'`: `b`), cached per file. */
export function defaultImports(file: ts.SourceFile): ReadonlySet<string> {
  let names = defaultImportsByFile.get(file);
  if (!names) {
    const found = new Set<string>();
    for (const statement of file.statements) {
      const name = ts.isImportDeclaration(statement) ? statement.importClause?.name : undefined;
      if (name) found.add(name.text);
    }
    defaultImportsByFile.set(file, (names = found));
  }
  return names;
}

/** The name a call's callee was exported under, by syntax: `f`, `ns.f`, or `b` of `import { a as b }` → `a`. */
export function calleeExportedName(call: ts.CallExpression | ts.NewExpression): string | null {
  const callee = skipTypeWrappers(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (!ts.isIdentifier(name)) return null;
  return ts.isIdentifier(callee) ? (renamedImports(call.getSourceFile()).get(name.text) ?? name.text) : name.text;
}

/** An identifier that reads a binding, not a declaration's name or a property name. */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  if (ts.isShorthandPropertyAssignment(parent)) return false; // counted through the assignment's value symbol
  return !((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isPropertyAssignment(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent)) && parent.name === id);
}

/** `x[Symbol.asyncIterator]`: the access that a `for await` (or a hand-written iteration) calls. */
export function isAsyncIteratorKey(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
  if (!ts.isElementAccessExpression(access)) return false;
  const key = access.argumentExpression;
  return ts.isPropertyAccessExpression(key) && ts.isIdentifier(key.expression) && key.expression.text === 'Symbol' && key.name.text === 'asyncIterator';
}

/** `=` and the compound assignments (`+=`, `??=`, …). */
export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The left side of an assignment of any operator: a write, not a read. */
export function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && isAssignmentOperator(parent.operatorToken.kind);
}

/** A node's source range, from its first token (not its leading trivia) to its end. */
export function sourceRange(node: ts.Node): { start: number; end: number } {
  return { start: node.getStart(), end: node.getEnd() };
}

/** The 1-based line a node starts on. */
export function lineOf(node: ts.Node): number {
  const file = node.getSourceFile();
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}

/** The value iterated by `for (… of x)`; null for any other node. */
export function forOfIterable(node: ts.Node): ts.Expression | null {
  return ts.isForOfStatement(node) ? node.expression : null;
}

/** The operand of `await x`, through parentheses, `!` and `as`; null for any other node. */
export function awaitedOperand(node: ts.Node): ts.Node | null {
  if (!ts.isAwaitExpression(node)) return null;
  let at: ts.Expression = node.expression;
  while (ts.isParenthesizedExpression(at) || ts.isNonNullExpression(at) || ts.isAsExpression(at)) at = at.expression;
  return at;
}

/** Where a value is stored: `x = v` → `x`, a field or parameter property → its name, else the node. */
export function storeTarget(store: ts.Node): ts.Node {
  return ts.isBinaryExpression(store) ? store.left : ts.isPropertyDeclaration(store) || ts.isParameter(store) ? store.name : store;
}

/** The value a store writes: `x = v` → `v`, a field or parameter property → its initializer. */
export function storedValue(store: ts.Node): ts.Expression | undefined {
  return ts.isBinaryExpression(store) ? store.right : ts.isPropertyDeclaration(store) || ts.isParameter(store) ? store.initializer : undefined;
}
