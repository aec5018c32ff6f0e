import ts from 'typescript';

/**
 * The checker queries and type and symbol flags the plugin asks, in one place: outside this file,
 * src/model/type-utils.ts and src/syntax/, no code calls a `ts.TypeChecker` method or reads a flag
 * enum, so that a native checker (README, "On TypeScript 7") is one seam to change
 * (docs/typescript-api.md; test/typescript-api.test.ts).
 */

export function getTypeAtLocation(checker: ts.TypeChecker, node: ts.Node): ts.Type {
  return checker.getTypeAtLocation(node);
}

/**
 * Memoised per checker (one per program) and node: several rules and facts resolve the same names
 * (a type annotation, a `new` callee, a call's name), and the checker resolves a name afresh on
 * every ask. A node's symbol does not change within a program.
 */
export function getSymbolAtLocation(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  let byNode = symbolsByChecker.get(checker);
  if (!byNode) symbolsByChecker.set(checker, (byNode = new WeakMap()));
  const known = byNode.get(node);
  if (known !== undefined) return known ?? undefined;
  const symbol = checker.getSymbolAtLocation(node);
  byNode.set(node, symbol ?? null);
  return symbol;
}

const symbolsByChecker = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, ts.Symbol | null>>();

/** The value symbol of `{ x }`'s `x` (the property symbol is the assignment's own). */
export function getShorthandAssignmentValueSymbol(checker: ts.TypeChecker, location: ts.Node | undefined): ts.Symbol | undefined {
  return checker.getShorthandAssignmentValueSymbol(location);
}

export function getAliasedSymbol(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return checker.getAliasedSymbol(symbol);
}

export function getExportSymbolOfSymbol(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return checker.getExportSymbolOfSymbol(symbol);
}

export function getRootSymbols(checker: ts.TypeChecker, symbol: ts.Symbol): readonly ts.Symbol[] {
  return checker.getRootSymbols(symbol);
}

export function getSymbolsOfParameterPropertyDeclaration(checker: ts.TypeChecker, parameter: ts.ParameterDeclaration, parameterName: string): ts.Symbol[] {
  return checker.getSymbolsOfParameterPropertyDeclaration(parameter, parameterName);
}

export function getTypeOfSymbol(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Type {
  return checker.getTypeOfSymbol(symbol);
}

export function getTypeOfSymbolAtLocation(checker: ts.TypeChecker, symbol: ts.Symbol, node: ts.Node): ts.Type {
  return checker.getTypeOfSymbolAtLocation(symbol, node);
}

export function getDeclaredTypeOfSymbol(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Type {
  return checker.getDeclaredTypeOfSymbol(symbol);
}

export function getTypeFromTypeNode(checker: ts.TypeChecker, node: ts.TypeNode): ts.Type {
  return checker.getTypeFromTypeNode(node);
}

export function getContextualType(checker: ts.TypeChecker, node: ts.Expression): ts.Type | undefined {
  return checker.getContextualType(node);
}

export function getPropertyOfType(checker: ts.TypeChecker, type: ts.Type, propertyName: string): ts.Symbol | undefined {
  return checker.getPropertyOfType(type, propertyName);
}

export function getApparentType(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  return checker.getApparentType(type);
}

export function getNonNullableType(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  return checker.getNonNullableType(type);
}

export function getAwaitedType(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
  return checker.getAwaitedType(type);
}

export function getBaseConstraintOfType(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
  return checker.getBaseConstraintOfType(type);
}

export function getBaseTypes(checker: ts.TypeChecker, type: ts.InterfaceType): ts.BaseType[] {
  return checker.getBaseTypes(type);
}

/**
 * Whether a value of `source` may be used where `target` is expected. Where a checker does not offer
 * it (an older TypeScript kept it internal), false: nothing is inferred from it then.
 */
export function isTypeAssignableTo(checker: ts.TypeChecker, source: ts.Type, target: ts.Type): boolean {
  return typeof checker.isTypeAssignableTo === 'function' && checker.isTypeAssignableTo(source, target);
}

export function isArrayType(checker: ts.TypeChecker, type: ts.Type): boolean {
  return checker.isArrayType(type);
}

export function isTupleType(checker: ts.TypeChecker, type: ts.Type): boolean {
  return checker.isTupleType(type);
}

export function getResolvedSignature(checker: ts.TypeChecker, node: ts.CallLikeExpression): ts.Signature | undefined {
  return checker.getResolvedSignature(node);
}

export function getSignatureFromDeclaration(checker: ts.TypeChecker, declaration: ts.SignatureDeclaration): ts.Signature | undefined {
  return checker.getSignatureFromDeclaration(declaration);
}

/** The symbol an import or export alias stands for; any other symbol (or none) as it is. */
export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol;
export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined;
export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

type TypeFlagName = Exclude<keyof typeof ts.TypeFlags, number>;
type SymbolFlagName = Exclude<keyof typeof ts.SymbolFlags, number>;
type ObjectFlagName = Exclude<keyof typeof ts.ObjectFlags, number>;

/** Whether `type` has any of the flags: `hasTypeFlag(type, 'Any', 'Unknown')`. */
export function hasTypeFlag(type: ts.Type, ...flags: readonly TypeFlagName[]): boolean {
  let mask = 0;
  for (const flag of flags) mask |= ts.TypeFlags[flag];
  return (type.flags & mask) !== 0;
}

/** Whether `symbol` has any of the flags: `hasSymbolFlag(symbol, 'Alias')`. */
export function hasSymbolFlag(symbol: ts.Symbol, ...flags: readonly SymbolFlagName[]): boolean {
  let mask = 0;
  for (const flag of flags) mask |= ts.SymbolFlags[flag];
  return (symbol.flags & mask) !== 0;
}

/** Whether `type` is an object type with the object flag (`Reference`: `Array<T>`, `Promise<T>`, …). */
export function hasObjectFlag(type: ts.Type, flag: ObjectFlagName): boolean {
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags[flag]) !== 0;
}
