import type ts from 'typescript';

import { SERVICE_CONFIG } from '../../model/channel-options.js';
import { memberName, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { getShorthandAssignmentValueSymbol, getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isArrayLiteralExpression, isCallExpression, isComputedPropertyName, isConstDeclaration, isIdentifier, isNoSubstitutionTemplateLiteral, isNumericLiteral, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadElement, isStringLiteral, isVariableDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

/*
 * A `grpc.service_config` value as the code writes it: a JSON string literal, `JSON.stringify(<object
 * literal>)`, or a `const` bound to either, read without running anything. Its method timeouts matter
 * twice: grpc-js misreads a fractional one (`rpc/valid-deadline`), and any one bounds the calls it names
 * (`rpc/require-deadline`).
 */

/** A value of the config, with the node that writes it. `unknown` where the code computes it. */
type Value =
  | { readonly kind: 'object'; readonly properties: ReadonlyMap<string, Value>; readonly complete: boolean }
  | { readonly kind: 'array'; readonly items: readonly Value[]; readonly complete: boolean }
  | { readonly kind: 'string'; readonly value: string; readonly node: ts.Node; readonly inJsonText: boolean }
  | { readonly kind: 'other' }
  | { readonly kind: 'unknown' };

export interface ServiceConfigTimeout {
  readonly value: string;
  /** The string literal that writes it: the timeout itself, or the whole JSON text (`inJsonText`). */
  readonly node: ts.Node;
  readonly inJsonText: boolean;
}

export interface ServiceConfigTimeouts {
  /** Every `methodConfig[].timeout` string. */
  readonly timeouts: readonly ServiceConfigTimeout[];
  /** Whether any method config has a timeout (a string or a `{ seconds, nanos }` object). */
  readonly hasTimeout: boolean;
  /** False when some method config is computed: a timeout may be there. */
  readonly complete: boolean;
}

const MAX_DEPTH = 4;
const UNKNOWN: Value = { kind: 'unknown' };
const OTHER: Value = { kind: 'other' };

/** What a call of a function of the program returns (every `return`), or null: a config may be built by one. */
export type ReturnedValues = (call: ts.CallExpression) => readonly ts.Expression[] | null;

/**
 * The method timeouts of the service config `expression` holds, or null when the code does not show it.
 * With `returned`, a config may also be what a function of the program returns (its only `return`).
 */
export function serviceConfigTimeouts(expression: ts.Expression, checker: ts.TypeChecker, returned?: ReturnedValues): ServiceConfigTimeouts | null {
  const config = configValueOf(expression, checker, 0, returned);
  if (!config || config.kind !== 'object') return null;
  const methodConfigs = config.properties.get('methodConfig');
  if (methodConfigs === undefined) return { timeouts: [], hasTimeout: false, complete: config.complete };
  if (methodConfigs.kind !== 'array') return { timeouts: [], hasTimeout: false, complete: false };
  const timeouts: ServiceConfigTimeout[] = [];
  let hasTimeout = false;
  let complete = methodConfigs.complete;
  for (const entry of methodConfigs.items) {
    if (entry.kind !== 'object') {
      complete = false;
      continue;
    }
    complete &&= entry.complete;
    const timeout = entry.properties.get('timeout');
    if (timeout === undefined) continue;
    hasTimeout = true;
    if (timeout.kind === 'string') timeouts.push({ value: timeout.value, node: timeout.node, inJsonText: timeout.inJsonText });
  }
  return { timeouts, hasTimeout, complete };
}

/** How grpc-js reads a fractional timeout, when it misreads it: the seconds and the fraction digits taken as nanoseconds. */
export function misreadTimeout(value: string): { seconds: string; nanos: string; fixed: string } | null {
  const match = SERVICE_CONFIG.timeout.exec(value);
  const fraction = match?.[2];
  if (!match || fraction === undefined || fraction.length === SERVICE_CONFIG.nanosDigits) return null;
  return { seconds: match[1]!, nanos: String(Number(fraction)), fixed: `${match[1]!}.${fraction.padEnd(SERVICE_CONFIG.nanosDigits, '0')}s` };
}

/** The config as a value: parsed JSON text, or the object literal given to `JSON.stringify`. */
function configValueOf(expression: ts.Expression, checker: ts.TypeChecker, depth: number, returned?: ReturnedValues): Value | null {
  const at = skipTypeWrappers(expression);
  if (depth > MAX_DEPTH) return null;
  if (isStringLiteral(at) || isNoSubstitutionTemplateLiteral(at)) {
    try {
      return fromJson(JSON.parse(at.text) as unknown, at);
    } catch {
      return null;
    }
  }
  if (isCallExpression(at) && isJsonStringify(at) && at.arguments[0]) return evaluate(at.arguments[0], checker, depth);
  if (isCallExpression(at) && returned) {
    const values = returned(at);
    return values?.length === 1 ? configValueOf(values[0]!, checker, depth + 1, returned) : null;
  }
  const init = isIdentifier(at) ? constInitializer(at, checker) : null;
  return init ? configValueOf(init, checker, depth + 1, returned) : null;
}

function fromJson(value: unknown, node: ts.Node): Value {
  if (typeof value === 'string') return { kind: 'string', value, node, inJsonText: true };
  if (Array.isArray(value)) return { kind: 'array', items: value.map((item) => fromJson(item, node)), complete: true };
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', properties: new Map(Object.entries(value).map(([key, item]) => [key, fromJson(item, node)])), complete: true };
  }
  return OTHER;
}

/** An object or array literal, read as data; what the code computes is `unknown`. `depth` counts the `const`s followed. */
function evaluate(expression: ts.Expression, checker: ts.TypeChecker, depth: number): Value {
  const at = skipTypeWrappers(expression);
  if (depth > MAX_DEPTH) return UNKNOWN;
  if (isStringLiteral(at) || isNoSubstitutionTemplateLiteral(at)) return { kind: 'string', value: at.text, node: at, inJsonText: false };
  if (isNumericLiteral(at) || at.kind === SyntaxKind.TrueKeyword || at.kind === SyntaxKind.FalseKeyword || at.kind === SyntaxKind.NullKeyword) return OTHER;
  if (isArrayLiteralExpression(at)) {
    const items = at.elements.map((element) => (isSpreadElement(element) ? UNKNOWN : evaluate(element, checker, depth)));
    return { kind: 'array', items, complete: !at.elements.some(isSpreadElement) };
  }
  if (isObjectLiteralExpression(at)) {
    const properties = new Map<string, Value>();
    let complete = true;
    for (const property of at.properties) {
      const key = property.name && !isComputedPropertyName(property.name) ? memberName(property.name) : null;
      if (key === null || !(isPropertyAssignment(property) || isShorthandPropertyAssignment(property))) {
        complete = false;
        continue;
      }
      properties.set(key, evaluate(isPropertyAssignment(property) ? property.initializer : property.name, checker, depth));
    }
    return { kind: 'object', properties, complete };
  }
  const init = isIdentifier(at) ? constInitializer(at, checker) : null;
  return init ? evaluate(init, checker, depth + 1) : UNKNOWN;
}

function isJsonStringify(call: ts.CallExpression): boolean {
  const callee = skipTypeWrappers(call.expression);
  return isPropertyAccessExpression(callee) && callee.name.text === 'stringify' && isIdentifier(callee.expression) && callee.expression.text === 'JSON';
}

/** The initializer of the `const` an identifier names (in any file), or null. */
export function constInitializer(id: ts.Identifier, checker: ts.TypeChecker): ts.Expression | null {
  try {
    const parent = id.parent;
    let symbol = isShorthandPropertyAssignment(parent) && parent.name === id ? getShorthandAssignmentValueSymbol(checker, parent) : getSymbolAtLocation(checker, id);
    symbol = resolveAlias(checker, symbol);
    const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
    if (!declaration || !isVariableDeclaration(declaration) || !declaration.initializer) return null;
    return isConstDeclaration(declaration) ? declaration.initializer : null;
  } catch {
    return null;
  }
}
