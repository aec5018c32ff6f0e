import ts from 'typescript';

const MAX_BASE_DEPTH = 8;

/** `T | null | undefined` → the members that are not `null`/`undefined`/`void`. */
export function nonNullableParts(type: ts.Type): readonly ts.Type[] {
  if (!type.isUnion()) return [type];
  return type.types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
}

/** Whether a value of `type` may be `null`/`undefined`/`void`: the type is one, or a union with one. */
export function mayBeNullish(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
}

/** `any`, `unknown`, `never` and error types say nothing about what a value is. */
export function isOpaque(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) !== 0;
}

/**
 * Whether every value of `type` is truthy: an object type (a class instance, a message, a function),
 * with no `null`, `undefined` or primitive member. `any`, `unknown` and primitives say no.
 */
export function isAlwaysTruthy(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.length > 0 && parts.every((part) => (part.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive)) !== 0);
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
  for (const base of checker.getBaseTypes(target)) {
    const result = findInOne(base, checker, match, depth + 1, seen);
    if (result !== null) return result;
  }
  return null;
}

function isTypeReference(type: ts.Type): type is ts.TypeReference {
  return (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
  );
}
