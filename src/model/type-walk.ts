import type ts from 'typescript';
import { getBaseTypes, getNonNullableType, getSignatureFromDeclaration, getTypeOfSymbol, hasObjectFlag, hasTypeFlag } from './checker.js';

const MAX_BASE_DEPTH = 8;

/** `T | null | undefined` → the members that are not `null`/`undefined`/`void`. */
export function nonNullableParts(type: ts.Type): readonly ts.Type[] {
  if (!type.isUnion()) return [type];
  return type.types.filter((t) => !hasTypeFlag(t, 'Null', 'Undefined', 'Void'));
}

/** Whether a value of `type` may be `null`/`undefined`/`void`: the type is one, or a union with one. */
export function mayBeNullish(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => hasTypeFlag(t, 'Null', 'Undefined', 'Void'));
}

/** `any`, `unknown`, `never` and error types say nothing about what a value is. */
export function isOpaque(type: ts.Type): boolean {
  return hasTypeFlag(type, 'Any', 'Unknown', 'Never');
}

/**
 * Whether every value of `type` is truthy: an object type (a class instance, a message, a function),
 * with no `null`, `undefined` or primitive member. `any`, `unknown` and primitives say no.
 */
export function isAlwaysTruthy(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.length > 0 && parts.every((part) => hasTypeFlag(part, 'Object', 'NonPrimitive'));
}

/**
 * Finds the first `T` that `match` returns for `type`, its intersection parts or its base
 * classes and interfaces (generated clients extend `Client`; name matching does not follow
 * inheritance). A union matches only when all its non-nullable members match the same way.
 */
export function findInTypeOrBases<T>(
  type: ts.Type,
  checker: ts.TypeChecker,
  match: (type: ts.Type) => T | null,
): T | null {
  const parts = nonNullableParts(type);
  if (parts.length === 0) return null;
  let found: T | null = null;
  for (const part of parts) {
    const result = findInOne(part, checker, match, 0, new Set());
    if (result === null || (found !== null && result !== found)) return null;
    found = result;
  }
  return found;
}

function findInOne<T>(
  type: ts.Type,
  checker: ts.TypeChecker,
  match: (type: ts.Type) => T | null,
  depth: number,
  seen: Set<ts.Type>,
): T | null {
  if (isOpaque(type) || seen.has(type) || depth > MAX_BASE_DEPTH) return null;
  seen.add(type);
  const direct = match(type);
  if (direct !== null) return direct;
  if (type.isIntersection()) {
    for (const part of type.types) {
      const result = findInOne(part, checker, match, depth + 1, seen);
      if (result !== null) return result;
    }
    return null;
  }
  const target = isTypeReference(type) ? type.target : type;
  if (!target.isClassOrInterface()) return null;
  for (const base of getBaseTypes(checker, target)) {
    const result = findInOne(base, checker, match, depth + 1, seen);
    if (result !== null) return result;
  }
  return null;
}

function isTypeReference(type: ts.Type): type is ts.TypeReference {
  return hasObjectFlag(type, 'Reference');
}

/** Whether `type`, without `null` and `undefined`, has a property `name`. */
export function nonNullableHasProperty(checker: ts.TypeChecker, type: ts.Type, name: string): boolean {
  return getNonNullableType(checker, type).getProperty(name) !== undefined;
}

/** Whether the function's declared or inferred return type is thenable (not `any` or `unknown`). */
export function returnsThenable(checker: ts.TypeChecker, fn: ts.SignatureDeclaration): boolean {
  const returned = getSignatureFromDeclaration(checker, fn)?.getReturnType();
  return returned !== undefined && !isOpaque(returned) && nonNullableParts(returned).some((part) => part.getProperty('then') !== undefined);
}

/** The result types of a type's call signatures (each overload's), none for a type that cannot be called. */
export function callResults(type: ts.Type): ts.Type[] {
  return type.getCallSignatures().map((signature) => signature.getReturnType());
}

/** The first parameter's type and the result of a type's one call signature; null when it has none or several. */
export function soleCallSignature(checker: ts.TypeChecker, type: ts.Type): { firstParameter: ts.Type | undefined; result: ts.Type } | null {
  const signatures = type.getCallSignatures();
  if (signatures.length !== 1) return null;
  const first = signatures[0]!.getParameters()[0];
  return { firstParameter: first && getTypeOfSymbol(checker, first), result: signatures[0]!.getReturnType() };
}
