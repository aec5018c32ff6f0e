import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { RpcModel } from './index.js';
import { nonNullableParts } from './type-walk.js';
import { getContextualType } from './checker.js';

/*
 * Options objects are recognised by the type their position declares for them (the parameter of the
 * call they are passed to, an annotation, `satisfies`, a return type): the checker's contextual type.
 */

const UTILITY_WRAPPERS: ReadonlySet<string> = new Set(['Partial', 'Required', 'Readonly']);

/**
 * The parts of a declared options type that say what it is: without `undefined`/`null`, each part of an
 * intersection (`CallOptions & DeadlineOptions`; an aliased one also as a whole), and `Partial<T>`/`Readonly<T>`/`Required<T>` as `T`.
 */
export function optionTypeParts(type: ts.Type, program: ts.Program, depth = 0): ts.Type[] {
  if (depth > 4) return [];
  return nonNullableParts(type).flatMap((part) => {
    const alias = part.aliasSymbol;
    if (alias && UTILITY_WRAPPERS.has(alias.getName()) && part.aliasTypeArguments?.length === 1 && isDefaultLibrarySymbol(alias, program)) {
      return optionTypeParts(part.aliasTypeArguments[0]!, program, depth + 1);
    }
    // An aliased intersection (`GrpcTransportOptions = NodeHttp2TransportOptions & {…}`) is named by its alias.
    if (part.isIntersection()) return [...(part.aliasSymbol ? [part] : []), ...part.types.flatMap((t) => optionTypeParts(t, program, depth + 1))];
    return [part];
  });
}

/** The contextual type of an expression (what its position declares), or null. */
export function declaredTypeAt(expression: ts.Expression, checker: ts.TypeChecker): ts.Type | null {
  try {
    return getContextualType(checker, expression) ?? null;
  } catch {
    return null;
  }
}

/**
 * The first of `candidates` whose `spec` names a part of the type declared at `expression`
 * (`optionTypeParts`, base types walked), or null.
 */
export function declaredOptionsOf<T extends { readonly spec: TypeOrValueSpecifier }>(expression: ts.Expression, candidates: readonly T[], model: RpcModel): T | null {
  const declared = declaredTypeAt(expression, model.checker);
  return declared ? optionsOfType(declared, candidates, model) : null;
}

/** The first of `candidates` whose `spec` names a part of `type` (`optionTypeParts`, base types walked), or null. */
export function optionsOfType<T extends { readonly spec: TypeOrValueSpecifier }>(type: ts.Type, candidates: readonly T[], model: RpcModel): T | null {
  const parts = optionTypeParts(type, model.program);
  return candidates.find((candidate) => parts.some((part) => model.typeMatches(part, [candidate.spec]))) ?? null;
}

function isDefaultLibrarySymbol(symbol: ts.Symbol, program: ts.Program): boolean {
  return (symbol.declarations ?? []).some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
}

/**
 * Whether `type` carries the name of a type alias of `spec` declared in its package: a union alias
 * (`Deadline = Date | number`), which specifier matching reads member by member.
 */
export function isDeclaredAs(type: ts.Type, spec: TypeOrValueSpecifier): boolean {
  const alias = type.aliasSymbol;
  if (!alias || typeof spec === 'string' || spec.from !== 'package' || ![spec.name].flat().includes(alias.getName())) return false;
  return (alias.declarations ?? []).some((d) => d.getSourceFile().fileName.replaceAll('\\', '/').includes(`/node_modules/${spec.package}/`));
}
