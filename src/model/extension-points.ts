import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { fromPackage } from './specifiers.js';
import { findInTypeOrBases, isOpaque } from './type-walk.js';
import { typeMatchesSomeSpecifier } from './type-utils.js';
import { skipTypeWrappers } from '../syntax/ts-ast.js';
import { getResolvedSignature, getSymbolAtLocation, getTypeAtLocation, resolveAlias } from './checker.js';
import { forEachChild, isCallExpression, isClassExpression, isClassLike, isConstDeclaration, isFunctionDeclaration, isIdentifier, isParameter, isPropertyAccessExpression, isVariableDeclaration, SyntaxKind } from '../syntax/ts-nodes.js';

/**
 * Extension points: classes that grpc-js constructs and drives itself, and whose `destroy()` it calls
 * synchronously from `close()` and on every idle period, ignoring what it returns (RPC-FACTS.md §1.6).
 * A class is one when it implements the interface (directly, through a base class, or an interface
 * that extends it) or when its constructor is passed to the registration function anywhere in the
 * program: directly, through a variable, a re-export, or a helper's parameter in another file.
 */

export type ExtensionPointKind = 'resolver' | 'load-balancer';

export interface ExtensionPoint {
  readonly kind: ExtensionPointKind;
  /** Short human name for messages. */
  readonly label: string;
  readonly interfaces: readonly TypeOrValueSpecifier[];
  readonly register: TypeOrValueSpecifier;
  /** The registration function's name (a cheap text filter before the checker). */
  readonly registerName: string;
  /** Where the registration function takes the constructor. */
  readonly constructorArgument: number;
  /**
   * The constructor parameter that receives the resolver listener: a function in grpc-js 1.14
   * (`listener(endpoints, attributes, serviceConfig, note)`), an object with
   * `onSuccessfulResolution`/`onError` before. Null when the class has no listener.
   */
  readonly listenerParameter: number | null;
  /** The listener's members in the object shape. */
  readonly listenerMembers: readonly string[];
  /** The methods grpc-js calls to start work; the listener must not be called synchronously inside them. */
  readonly startMethods: readonly string[];
}

const GRPC = '@grpc/grpc-js';

export const EXTENSION_POINTS: readonly ExtensionPoint[] = [
  {
    kind: 'resolver',
    label: 'grpc-js resolver',
    interfaces: [fromPackage(GRPC, 'Resolver')],
    register: fromPackage(GRPC, 'registerResolver'),
    registerName: 'registerResolver',
    constructorArgument: 1,
    listenerParameter: 1,
    listenerMembers: ['onSuccessfulResolution', 'onError'],
    startMethods: ['updateResolution'],
  },
  {
    kind: 'load-balancer',
    label: 'grpc-js load balancer',
    interfaces: [fromPackage(GRPC, 'LoadBalancer')],
    register: fromPackage(GRPC, 'registerLoadBalancerType'),
    registerName: 'registerLoadBalancerType',
    constructorArgument: 1,
    listenerParameter: null,
    listenerMembers: [],
    startMethods: ['updateAddressList', 'exitIdle'],
  },
];

/** Interface types a team adds (its own discovery watchers with the same contract), per kind. */
export interface ExtraExtensionTypes {
  readonly resolvers: readonly TypeOrValueSpecifier[];
  readonly loadBalancers: readonly TypeOrValueSpecifier[];
}

const MAX_HOPS = 4;

/** The extension point `cls` is, or null. */
export function extensionPointOf(cls: ts.ClassLikeDeclaration, program: ts.Program, extra: ExtraExtensionTypes): ExtensionPoint | null {
  try {
    const checker = program.getTypeChecker();
    for (const point of EXTENSION_POINTS) {
      const specs = [...point.interfaces, ...(point.kind === 'resolver' ? extra.resolvers : extra.loadBalancers)];
      if (implementsSome(cls, specs, program, checker, 0)) return point;
    }
    return registrationsOf(program).get(cls) ?? null;
  } catch {
    return null; // a checker crash on odd code must not crash the lint run
  }
}

/** `implements` clauses of the class and of its base classes (interfaces are no base types to the checker). */
function implementsSome(cls: ts.ClassLikeDeclaration, specs: readonly TypeOrValueSpecifier[], program: ts.Program, checker: ts.TypeChecker, hops: number): boolean {
  if (hops > MAX_HOPS) return false;
  for (const clause of cls.heritageClauses ?? []) {
    for (const heritage of clause.types) {
      const type = getTypeAtLocation(checker, heritage);
      if (isOpaque(type)) continue;
      if (clause.token === SyntaxKind.ImplementsKeyword) {
        if (findInTypeOrBases(type, checker, (t) => (typeMatchesSomeSpecifier(t, [...specs], program) ? true : null))) return true;
      } else {
        if (findInTypeOrBases(type, checker, (t) => (typeMatchesSomeSpecifier(t, [...specs], program) ? true : null))) return true;
        const base = classOfValue(heritage.expression, checker, 0);
        if (base && implementsSome(base, specs, program, checker, hops + 1)) return true;
      }
    }
  }
  return false;
}

const registrationsByProgram = new WeakMap<ts.Program, ReadonlyMap<ts.ClassLikeDeclaration, ExtensionPoint>>();

/**
 * Every class of the program's sources passed to a registration function, found once per program.
 * Files are filtered by text first, so only files that mention a registration function are parsed
 * for calls. A helper that registers its parameter (`register(scheme, ctor)`) is followed one level:
 * the classes passed to the helper's calls count.
 */
function registrationsOf(program: ts.Program): ReadonlyMap<ts.ClassLikeDeclaration, ExtensionPoint> {
  const cached = registrationsByProgram.get(program);
  if (cached) return cached;
  const registrations = new Map<ts.ClassLikeDeclaration, ExtensionPoint>();
  registrationsByProgram.set(program, registrations);
  const checker = program.getTypeChecker();
  const sources = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/@grpc/grpc-js/build/'));
  const helpers: { fn: ts.SignatureDeclaration; parameter: number; point: ExtensionPoint }[] = [];
  for (const point of EXTENSION_POINTS) {
    for (const call of callsNamed(sources, point.registerName)) {
      if (!typeMatchesSomeSpecifier(getTypeAtLocation(checker, call.expression), [point.register], program)) continue;
      const argument = call.arguments[point.constructorArgument];
      if (!argument) continue;
      const cls = classOfValue(argument, checker, 0);
      if (cls) registrations.set(cls, point);
      else {
        const helper = parameterOfEnclosingFunction(argument, checker);
        if (helper) helpers.push({ ...helper, point });
      }
    }
  }
  for (const helper of helpers) {
    const name = helper.fn.name && isIdentifier(helper.fn.name) ? helper.fn.name.text : null;
    if (name === null) continue;
    for (const call of callsNamed(sources, name)) {
      if (getResolvedSignature(checker, call)?.declaration !== helper.fn) continue;
      const argument = call.arguments[helper.parameter];
      const cls = argument && classOfValue(argument, checker, 0);
      if (cls) registrations.set(cls, helper.point);
    }
  }
  return registrations;
}

/** Calls `name(…)` / `x.name(…)` in the files whose text mentions `name`. */
function callsNamed(files: readonly ts.SourceFile[], name: string): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  for (const file of files) {
    if (!file.text.includes(name)) continue;
    const visit = (node: ts.Node): void => {
      if (isCallExpression(node)) {
        const callee = node.expression;
        const calleeName = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : null;
        if (calleeName === name) calls.push(node);
      }
      forEachChild(node, visit);
    };
    visit(file);
  }
  return calls;
}

/** The class a value expression denotes: a class expression, or a name bound to one (imports, re-exports and `const X = Y` followed). */
export function classOfValue(expression: ts.Expression, checker: ts.TypeChecker, hops: number): ts.ClassLikeDeclaration | null {
  const at = skipTypeWrappers(expression);
  if (isClassExpression(at)) return at;
  if (hops > MAX_HOPS || !(isIdentifier(at) || isPropertyAccessExpression(at))) return null;
  let symbol = getSymbolAtLocation(checker, at);
  symbol = resolveAlias(checker, symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return null;
  if (isClassLike(declaration)) return declaration;
  if (isVariableDeclaration(declaration) && declaration.initializer && isConstDeclaration(declaration)) {
    return classOfValue(declaration.initializer, checker, hops + 1);
  }
  return null;
}

/** `function register(scheme, ctor) { registerResolver(scheme, ctor) }`: the helper and the parameter's index. */
function parameterOfEnclosingFunction(argument: ts.Expression, checker: ts.TypeChecker): { fn: ts.SignatureDeclaration; parameter: number } | null {
  const at = skipTypeWrappers(argument);
  if (!isIdentifier(at)) return null;
  const declaration = getSymbolAtLocation(checker, at)?.valueDeclaration;
  if (!declaration || !isParameter(declaration) || !isIdentifier(declaration.name)) return null;
  const fn = declaration.parent;
  if (!isFunctionDeclaration(fn) || !fn.body) return null;
  return { fn, parameter: fn.parameters.indexOf(declaration) };
}

