import type ts from 'typescript';

import { SERVICE_CONFIG } from '../../model/channel-options.js';
import { CHANNEL_CREDENTIALS } from '../../model/resources.js';
import { CLIENT_DEADLINE_SOURCES, DEADLINE_PROFILES, METHOD_VALUE_CALLS, type DeadlineProfile } from '../../model/deadlines.js';
import { declaredBuilderOf } from '../../model/declared-builders.js';
import type { RpcModel } from '../../model/index.js';
import { declaredTypeAt, optionTypeParts } from '../../model/option-types.js';
import { specifierNames } from '../../model/type-utils.js';
import { callResults, isOpaque } from '../../model/type-walk.js';
import { calleeExportedName, forEachOwnNode, isAssignmentOperator, isAssignmentTarget, memberName, ownConstructor, returnedValues, skipValueWrappers, thisClassOf } from '../../syntax/ts-ast.js';
import { parameterValues } from '../flow/call-sites.js';
import { summariesOf, type Summaries, type SummarizedFunction, type SummaryFact } from '../summaries.js';
import { builtOptionEntries, keysWrittenLater, type OptionEntry } from './built-options.js';
import { interceptorsBound } from './connect-interceptors.js';
import { isInertProgramMiddleware } from './nice-middleware.js';
import { constInitializer, serviceConfigTimeouts } from './service-config.js';
import { getContextualType, getRootSymbols, getShorthandAssignmentValueSymbol, getSymbolAtLocation, getSymbolsOfParameterPropertyDeclaration, getTypeAtLocation, hasSymbolFlag, resolveAlias } from '../../model/checker.js';
import { isArrayBindingPattern, isBinaryExpression, isBindingElement, isBlock, isCallExpression, isClassDeclaration, isClassExpression, isComputedPropertyName, isConditionalExpression, isConstDeclaration, isDeleteExpression, isEnumMember, isForInStatement, isForOfStatement, isFunctionDeclaration, isFunctionExpression, isGetAccessorDeclaration, isIdentifier, isInterfaceDeclaration, isMethodDeclaration, isMethodSignature, isModuleBlock, isNewExpression, isObjectBindingPattern, isObjectLiteralExpression, isParameter, isParameterPropertyDeclaration, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isPropertySignature, isReturnStatement, isSetAccessorDeclaration, isShorthandPropertyAssignment, isSourceFile, isSpreadAssignment, isSpreadElement, isTypeAliasDeclaration, isVariableDeclaration, isVariableStatement, isVoidExpression, SyntaxKind } from '../../syntax/ts-nodes.js';

/*
 * Where a call's deadline can come from (RPC-FACTS §9.5), on the TypeScript AST so that a client made in
 * another file counts: the call's own options, and the client it is made on, followed to where it is
 * created — a local, a field (every assignment in the program), an import, a factory function (a summary
 * of what it returns) — and from there to its options (grpc-js interceptors and service config), its
 * defaults and middleware (nice-grpc), its channel, or its transport (connect `defaultTimeoutMs`).
 *
 * `unbounded` means every source is visible and sets no deadline; `unknown` that some source is not
 * visible (a parameter, `any`, an interceptor, a computed option), which rules treat as bounded.
 */
export type Bound = 'bounded' | 'unbounded' | 'unknown';

/** Expression steps from one binding's value to the next binding (`a ? b : c`, `{ x: y }.x`, a creation's transport). */
const MAX_DEPTH = 6;
/**
 * Bindings followed inside one another (`send(configs)` ← `run({ configs })` ← …):
 * each binding's values are found once per program, so the bound is for the stack, not for the work.
 */
const MAX_NESTED_BINDINGS = 32;
/** Properties read in turn from one value (`x.a.b.c`); a longer path is unknown. */
const MAX_PATH = 4;

/** `unbounded` only when every part is; else `bounded` when one is, else `unknown`. */
export function combineBounds(bounds: readonly Bound[]): Bound {
  if (bounds.length > 0 && bounds.every((b) => b === 'unbounded')) return 'unbounded';
  return bounds.includes('bounded') ? 'bounded' : 'unknown';
}

/** What made a value: whether its calls get a deadline, and the library of the client it is (when it is one). */
export interface ClientSource {
  readonly bound: Bound;
  readonly library: DeadlineProfile['library'] | null;
}

const UNKNOWN: ClientSource = { bound: 'unknown', library: null };
const DEFAULT_EXPORT = 'default';
/**
 * A binding the program writes only `undefined` or `null` to (a parameter every caller leaves out): it holds
 * no client, and `combineSources` skips it (`client ?? new C(…)`). Unknown to anyone who reads it alone.
 */
const NO_CLIENT: ClientSource = { bound: 'unknown', library: null };

/**
 * A value the program writes to a binding; `isTo` when only the checker can tell whether it is written to
 * that binding; `path` when the binding holds a property of the value (`const { transport } = options`).
 */
interface Write {
  readonly value: ts.Expression;
  readonly isTo?: () => boolean;
  readonly path?: Path;
}

/** Property names read from a value in turn (`configs.client` → `['client']` of `configs`). */
type Path = readonly string[];
const NO_PATH: Path = [];

/**
 * The values a binding may hold, combined: `unbounded` only when every one is a client of one library made
 * without a deadline source. Read one at a time, in the order given, and stopped at the first that
 * decides otherwise: the rule reports only `unbounded`, so the values after it need not be followed (the
 * answer is then the first value's `bounded` or `unknown`, not necessarily the strongest).
 */
function combineSources(sources: Iterable<() => ClientSource | null>): ClientSource {
  let library: ClientSource['library'] | undefined;
  for (const next of sources) {
    const source = next();
    if (source === null || source === NO_CLIENT) continue; // not a value after all (a write to another binding of the name), or no client
    if (source.bound !== 'unbounded') return { bound: source.bound, library: null };
    if (library !== undefined && library !== source.library) return UNKNOWN;
    library = source.library;
  }
  return library === undefined ? UNKNOWN : { bound: 'unbounded', library };
}

const { grpc: GRPC_SOURCES, nice: NICE_SOURCES, connect: CONNECT_SOURCES, protobufTs: PROTOBUF_SOURCES } = CLIENT_DEADLINE_SOURCES;
/** Options that bound a nice-grpc call, per call or in the client's defaults. */
const NICE_BOUNDING: readonly string[] = DEADLINE_PROFILES.find((p) => p.library === 'nice-grpc')?.boundingOptions ?? [];

const LIBRARY_FUNCTION_NAMES: ReadonlySet<string> = new Set(
  [NICE_SOURCES.createClient, NICE_SOURCES.createChannel, NICE_SOURCES.createClientFactory, CONNECT_SOURCES.createClient, ...CONNECT_SOURCES.transports].flatMap(specifierNames),
);

/** A call's own options: `bounded` when one of `profile.boundingOptions` is there, `unknown` when they are computed or carry interceptors. */
export function callOptionsBound(call: ts.CallExpression, profile: DeadlineProfile, model: RpcModel): Bound {
  for (const argument of call.arguments) {
    if (isSpreadElement(argument)) return 'unknown';
    const declared = declaredTypeAt(argument, model.checker);
    if (!declared || !optionTypeParts(declared, model.program).some((part) => model.typeMatches(part, [profile.callOptions]))) continue;
    return keysBound(argument, model.checker, (key) =>
      profile.boundingOptions.includes(key) ? 'bounded' : profile.opaqueOptions.includes(key) ? 'unknown' : 'unbounded',
    );
  }
  return 'unbounded';
}

/**
 * The options of a call through a grpc-js method value (`getConfig(request, metadata, options)` with
 * `const getConfig = promisify(client.getConfig).bind(client)`), whose type the wrapper gives: every
 * argument after the request that is neither metadata nor a function is read as the call's options.
 */
export function methodValueOptionsBound(call: ts.CallExpression, firstArgument: number, profile: DeadlineProfile, model: RpcModel): Bound {
  let bound: Bound = 'unbounded';
  // `firstArgument` is the request (`1` past the `this` of `fn.call(client, request, …)`); a spread may hold options.
  if (call.arguments.some(isSpreadElement)) return 'unknown';
  for (const argument of call.arguments.slice(firstArgument + 1)) {
    const type = getTypeAtLocation(model.checker, argument);
    if (isOpaque(type)) return 'unknown';
    if (model.typeMatches(type, [METHOD_VALUE_CALLS.metadata]) || callResults(type).length > 0) continue;
    const judged = keysBound(argument, model.checker, (key) =>
      profile.boundingOptions.includes(key) ? 'bounded' : profile.opaqueOptions.includes(key) ? 'unknown' : 'unbounded',
    );
    if (judged === 'bounded') return 'bounded';
    if (judged === 'unknown') bound = 'unknown';
  }
  return bound;
}

/**
 * An options object read key by key: the `bounded`/`unknown` answer of `judge` for one of its keys, else
 * `unbounded`. `unknown` when the object is computed, spread or has computed keys.
 */
function keysBound(expression: ts.Expression, checker: ts.TypeChecker, judge: (key: string, value: ts.Expression) => Bound): Bound {
  const literal = objectLiteralOf(expression, checker);
  if (!literal) return 'unknown';
  let bound: Bound = 'unbounded';
  for (const property of literal.properties) {
    const key = property.name && !isComputedPropertyName(property.name) ? memberName(property.name) : null;
    if (key === null || !(isPropertyAssignment(property) || isShorthandPropertyAssignment(property))) return 'unknown';
    const value = isPropertyAssignment(property) ? property.initializer : property.name;
    const judged = judge(key, value);
    if (judged === 'bounded') return 'bounded';
    if (judged === 'unknown') bound = 'unknown';
  }
  return bound;
}

/** Entries read like `keysBound` reads a literal's keys. */
function entriesBound(entries: readonly OptionEntry[], judge: (key: string, value: ts.Expression) => Bound): Bound {
  let bound: Bound = 'unbounded';
  for (const { key, value } of entries) {
    const judged = judge(key, value);
    if (judged === 'bounded') return 'bounded';
    if (judged === 'unknown') bound = 'unknown';
  }
  return bound;
}

function objectLiteralOf(expression: ts.Expression, checker: ts.TypeChecker): ts.ObjectLiteralExpression | null {
  let at = skipValueWrappers(expression);
  if (isIdentifier(at)) {
    const init = constInitializer(at, checker);
    // A literal whose keys code changes later says nothing of what the object holds when it is used.
    if (!init || (isVariableDeclaration(init.parent) && keysWrittenLater(init.parent))) return null;
    at = skipValueWrappers(init);
  }
  return isObjectLiteralExpression(at) ? at : null;
}

const byResources = new WeakMap<object, DeadlineSources>();

/** The deadline sources of one program and `settings.rpc`, shared by every file. */
export function deadlineSourcesOf(model: RpcModel): DeadlineSources {
  let sources = byResources.get(model.resources);
  if (!sources) byResources.set(model.resources, (sources = new DeadlineSources(model)));
  return sources;
}

export class DeadlineSources {
  private readonly summaries: Summaries;
  private readonly returnsFact: SummaryFact<ClientSource>;
  /** Per symbol, per property path (`''` for the binding's own value; `path#` while it is being found). */
  private readonly bySymbol = new Map<ts.Symbol, Map<string, ClientSource>>();
  private readonly writesBySymbol = new Map<ts.Symbol, readonly Write[] | null>();
  private readonly neverAssigned = new Map<string, boolean>();
  private readonly namesWritten = new Map<string, boolean>();
  /** `bindingSource` calls under way, and how many were cut at `MAX_NESTED_BINDINGS` (their callers' answers are not kept). */
  private nestedBindings = 0;
  private cuts = 0;

  constructor(private readonly model: RpcModel) {
    this.summaries = summariesOf(model.program);
    this.returnsFact = { name: 'deadline-returned-client', unknown: UNKNOWN, recursive: UNKNOWN, compute: (fn) => this.computeReturned(fn) };
  }

  private get checker(): ts.TypeChecker {
    return this.summaries.checker;
  }

  /**
   * Where the client `receiver` holds was made, followed through the program: whether its calls get a
   * deadline from how it was made, and its library. Asked before any type of the receiver: values that
   * reach no client creation are `unknown` after a few name lookups.
   */
  clientSource(receiver: ts.Expression): ClientSource {
    return this.sourceOf(receiver, 0);
  }

  /** Where the value of `expression` (or of the property `path` of it) was made. */
  private sourceOf(expression: ts.Expression, depth: number, path: Path = NO_PATH): ClientSource {
    const at = skipValueWrappers(expression);
    if (depth > MAX_DEPTH || path.length > MAX_PATH) return UNKNOWN;
    try {
      if (path.length > 0 && isObjectLiteralExpression(at)) {
        const value = literalProperty(at, path[0]!);
        return value ? this.sourceOf(value, depth + 1, path.slice(1)) : UNKNOWN;
      }
      if (isNewExpression(at) || isCallExpression(at)) {
        if (path.length > 0) {
          // A property of what a function of the program returns (`initConfigs(…).client`).
          const callees = isCallExpression(at) ? this.calleesOf(at) : null;
          return callees ? combineSources(callees.map((callee) => () => this.returnedSource(callee, path))) : UNKNOWN;
        }
        const created = this.creationSource(at, depth);
        if (created) return created;
        if (isNewExpression(at)) return UNKNOWN;
        const callees = this.calleesOf(at);
        return callees ? combineSources(callees.map((callee) => () => this.summaries.get(this.returnsFact, callee))) : UNKNOWN;
      }
      if (isConditionalExpression(at)) return combineSources([() => this.sourceOf(at.whenTrue, depth + 1, path), () => this.sourceOf(at.whenFalse, depth + 1, path)]);
      if (isBinaryExpression(at) && (at.operatorToken.kind === SyntaxKind.QuestionQuestionToken || at.operatorToken.kind === SyntaxKind.BarBarToken)) {
        return combineSources([() => this.sourceOf(at.left, depth + 1, path), () => this.sourceOf(at.right, depth + 1, path)]);
      }
      // `this.#client ??= new C(…)` (a memoising getter) holds what the field holds, the new value among them.
      if (isBinaryExpression(at) && (at.operatorToken.kind === SyntaxKind.QuestionQuestionEqualsToken || at.operatorToken.kind === SyntaxKind.BarBarEqualsToken)) {
        return combineSources([() => this.sourceOf(at.left, depth + 1, path), () => this.sourceOf(at.right, depth + 1, path)]);
      }
      if (isBinaryExpression(at) && at.operatorToken.kind === SyntaxKind.EqualsToken) return this.sourceOf(at.right, depth + 1, path);
      if (isIdentifier(at) || isPropertyAccessExpression(at)) return this.bindingSource(at, depth, path);
    } catch {
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  /**
   * The functions of the program a call may run: the one its name resolves to (`f()`, `this.f()`), or
   * the method of the class of the program that the receiver's binding declares (`pool.get()`
   * with `pool: ClientPool`, src/analysis/summaries.ts `receiverMethod`) with every override of it in
   * the program's subclasses. Null for anything else.
   */
  private calleesOf(call: ts.CallExpression): readonly SummarizedFunction[] | null {
    const named = this.summaries.namedCallee(call);
    if (named) return [named];
    const method = this.summaries.receiverMethod(call);
    const overrides = method && this.summaries.overridesOf(method);
    return method && overrides ? [method, ...overrides] : null;
  }

  /**
   * A variable, field or parameter: every value the program writes to it (its property `path` of each),
   * found once per symbol and path, each value followed afresh (`depth` counts the steps between two
   * bindings). A property the program declares no writes for (an interface's, an object literal's) is
   * read from the values of the object it belongs to. An answer cut short by `MAX_NESTED_BINDINGS` is
   * not kept: asked from closer, the binding may be found.
   */
  private bindingSource(at: ts.Identifier | ts.PropertyAccessExpression, depth: number, path: Path): ClientSource {
    const shorthand = isIdentifier(at) && isShorthandPropertyAssignment(at.parent) && at.parent.name === at ? at.parent : null;
    const ownField = isPropertyAccessExpression(at) ? this.ownFieldSymbol(at) : undefined;
    if (isPropertyAccessExpression(at) && !ownField && !this.mayNameWrittenDeclaration(at.name.text)) {
      // Whatever the property's symbol (the checker types the holder to find it), it has no writes the program
      // shows: the holder's values decide. Only an answer that a missing symbol would turn into `unknown` asks for it.
      const held = this.heldSource(at, depth, path);
      if (held.bound !== 'unbounded' && held !== NO_CLIENT) return held;
    }
    let symbol = shorthand
      ? getShorthandAssignmentValueSymbol(this.checker, shorthand)
      : isPropertyAccessExpression(at)
        ? (ownField ?? getSymbolAtLocation(this.checker, at.name))
        : getSymbolAtLocation(this.checker, at);
    symbol = resolveAlias(this.checker, symbol);
    if (!symbol) return UNKNOWN;
    const writes = this.writesOfSymbol(symbol);
    if (writes === null) return isPropertyAccessExpression(at) ? this.heldSource(at, depth, path) : UNKNOWN;
    const key = path.join('.');
    let byPath = this.bySymbol.get(symbol);
    if (!byPath) this.bySymbol.set(symbol, (byPath = new Map<string, ClientSource>()));
    const known = byPath.get(key);
    if (known !== undefined) return known;
    const running = `${key}#`;
    if (byPath.has(running)) return UNKNOWN;
    if (this.nestedBindings >= MAX_NESTED_BINDINGS) {
      this.cuts++;
      return UNKNOWN;
    }
    byPath.set(running, UNKNOWN);
    const cutsBefore = this.cuts;
    let source: ClientSource;
    this.nestedBindings++;
    try {
      source = this.writtenSource(writes, 0, path);
    } finally {
      this.nestedBindings--;
      byPath.delete(running);
    }
    if (this.cuts === cutsBefore) byPath.set(key, source);
    return source;
  }

  /**
   * Another object's property that no declaration says the writes of: read from that object's values (not
   * kept per symbol: two objects of one interface hold different values).
   */
  private heldSource(at: ts.PropertyAccessExpression, depth: number, path: Path): ClientSource {
    return this.isNeverAssigned(at.name.text) ? this.sourceOf(at.expression, depth + 1, [at.name.text, ...path]) : UNKNOWN;
  }

  /**
   * Whether a declaration whose writes `writesOf` reads (a variable, a class field or accessor, a parameter, a
   * destructured name, or an import or export that may stand for one, `default` among them) may be named
   * `name`, by the program's names. Interface members, methods and object literal keys have no writes
   * there; neither has any declaration in a declaration file. Without an index of every source, any name may be.
   */
  private mayNameWrittenDeclaration(name: string): boolean {
    let may = this.namesWritten.get(name);
    if (may === undefined) {
      const { declaredAsStrings, aliasNames, coversEverySource } = this.summaries.namesBeyondIdentifiers;
      may =
        !coversEverySource ||
        // `ns.default`: a module's default export, which may be a variable of another name.
        name === DEFAULT_EXPORT ||
        aliasNames.has(name) ||
        (declaredAsStrings.get(name) ?? []).some(mayBeMemberWithWrites) ||
        this.summaries.occurrencesOf(name).some((occurrence) => {
          const holder = occurrence.parent as ts.Node & { name?: ts.Node; propertyName?: ts.Node };
          return (holder.name === occurrence || holder.propertyName === occurrence) && mayBeMemberWithWrites(holder);
        });
      this.namesWritten.set(name, may);
    }
    return may;
  }

  private writesOfSymbol(symbol: ts.Symbol): readonly Write[] | null {
    let writes = this.writesBySymbol.get(symbol);
    if (writes === undefined) this.writesBySymbol.set(symbol, (writes = this.writesOf(symbol)));
    return writes;
  }

  /**
   * Whether no place in the program's sources assigns a property named `name` of an object that may be an
   * object literal (`x.name = …`, `delete x.name`, `x.name++`; `this.name = …` in a class writes the class's
   * own field): an object literal's value for it is then the value it keeps. By name.
   */
  private isNeverAssigned(name: string): boolean {
    let never = this.neverAssigned.get(name);
    if (never === undefined) {
      never = !this.summaries.occurrencesOf(name).some((occurrence) => {
        const access = occurrence.parent;
        if (!isPropertyAccessExpression(access) || access.name !== occurrence) return false;
        if (!isAssignmentTarget(access) && !isIncrement(access) && !isDeleteExpression(access.parent)) return false;
        return access.expression.kind !== SyntaxKind.ThisKeyword || thisClassOf(access) === null;
      });
      this.neverAssigned.set(name, never);
    }
    return never;
  }

  /**
   * The values written to a binding, combined (`combineSources`). First the writes that are surely its own
   * (its initializer, what a getter returns, `this.x = …` in its class, a variable's assignments); the first
   * that is no unbounded client ends the walk. Then the writes only the checker can place (another object's
   * field, an object literal's key), which type a receiver or resolve a call: their values are followed
   * first, and a write is placed only when its value would change the answer. Most are no clients, and when
   * no value at all is one, nothing is placed. `undefined` and `null` hold no client: a call on them throws
   * before any RPC starts.
   */
  private writtenSource(writes: readonly Write[], depth: number, path: Path): ClientSource {
    const values = writes.filter((write) => !isNullish(write.value));
    if (values.length === 0 && writes.length > 0) return NO_CLIENT;
    const follow = (write: Write): ClientSource => this.sourceOf(write.value, depth + 1, write.path ? [...write.path, ...path] : path);
    const own = combineSources(values.filter((write) => !write.isTo).map((write) => () => follow(write)));
    const ownValues = values.some((write) => !write.isTo);
    if (ownValues && own.bound !== 'unbounded') return own;
    const placed = values.filter((write) => write.isTo).map((write) => ({ isTo: write.isTo!, source: follow(write) }));
    let library = ownValues ? own.library : undefined;
    if (library === undefined) {
      // Only writes that must be placed give it a client: one of them must be its own.
      const first = placed.find((write) => write.source.bound === 'unbounded' && write.isTo());
      if (!first) return UNKNOWN;
      library = first.source.library;
    }
    for (const write of placed) {
      const joins = write.source.bound === 'unbounded' && write.source.library === library;
      if (!joins && write.isTo()) return write.source.bound === 'unbounded' ? UNKNOWN : { bound: write.source.bound, library: null };
    }
    return { bound: 'unbounded', library };
  }

  /**
   * The values a variable or class field is given: its initializer, every plain or logical assignment
   * in the program's sources and every object literal written where the field's class is expected
   * (`{ client: mock } as Holder`); what a getter returns. Null where others may write it (parameters,
   * destructuring, interface members, declaration files, `++`, `+=`, loop variables).
   */
  private writesOf(symbol: ts.Symbol): Write[] | null {
    const declarations = symbol.declarations ?? [];
    const getter = declarations.find(isGetAccessorDeclaration);
    if (getter) {
      // A getter (with or without its setter, whose writes land in a field the getter returns).
      const accessorsOnly = declarations.every((d) => isGetAccessorDeclaration(d) || isSetAccessorDeclaration(d));
      const returned = accessorsOnly && !getter.getSourceFile().isDeclarationFile ? returnedValues(getter.body) : null;
      return returned && returned.map((value) => ({ value }));
    }
    if (declarations.length !== 1) return null;
    const declaration = declarations[0]!;
    if (declaration.getSourceFile().isDeclarationFile) return null;
    let writes: Write[];
    let isField = isPropertyDeclaration(declaration);
    if (isVariableDeclaration(declaration) && isIdentifier(declaration.name)) {
      writes = declaration.initializer ? [{ value: declaration.initializer }] : [];
      if (isConstDeclaration(declaration) && declaration.initializer) return writes;
      // `for (const c of clients)`: the loop writes it.
      if (isForInStatement(declaration.parent.parent) || isForOfStatement(declaration.parent.parent)) return null;
    } else if (isPropertyDeclaration(declaration)) {
      writes = declaration.initializer ? [{ value: declaration.initializer }] : [];
    } else if (isParameter(declaration) && isIdentifier(declaration.name)) {
      // What its function's callers pass; a constructor's parameter property is also a field of the class.
      const passed = parameterValues(declaration, this.summaries);
      if (!passed) return null;
      writes = passed.map((value) => ({ value }));
      isField = hasSymbolFlag(symbol, 'Property');
    } else if (isBindingElement(declaration) && isIdentifier(declaration.name)) {
      const destructured = this.destructuredWrites(declaration);
      if (!destructured) return null;
      writes = destructured;
      if (isConstDeclaration(declaration)) return writes;
    } else {
      return null;
    }
    // The name as written (`#client`: a private name's symbol is named otherwise).
    const name = memberName(declaration.name as ts.PropertyName);
    if (name === null) return null;
    for (const occurrence of this.summaries.occurrencesOf(name)) {
      const target = isPropertyAccessExpression(occurrence.parent) && occurrence.parent.name === occurrence ? occurrence.parent : occurrence;
      const parent = target.parent;
      if (isField && (isPropertyAssignment(parent) || isShorthandPropertyAssignment(parent)) && parent.name === occurrence) {
        writes.push({ value: isPropertyAssignment(parent) ? parent.initializer : parent.name, isTo: () => this.isLiteralKeyOf(parent, name, symbol) });
        continue;
      }
      if (!isBinaryExpression(parent) || parent.left !== target) {
        // A write that is no assignment: `x++`.
        if (isIncrement(target) && this.sameSymbol(occurrence, symbol)) return null;
        continue;
      }
      const kind = parent.operatorToken.kind;
      if (!isAssignmentOperator(kind)) continue;
      const plain = kind === SyntaxKind.EqualsToken || kind === SyntaxKind.QuestionQuestionEqualsToken || kind === SyntaxKind.BarBarEqualsToken;
      if (plain && !this.placedByName(target)) {
        writes.push({ value: parent.right, isTo: () => this.sameSymbol(occurrence, symbol) });
        continue;
      }
      if (!this.sameSymbol(occurrence, symbol)) continue;
      if (!plain) return null;
      writes.push({ value: parent.right });
    }
    return writes;
  }

  /**
   * What a name destructured from an object holds (`{ transport }` of a parameter, `const { client } = x`):
   * the property of every value the object may hold, or the default. Null for nested and rest patterns.
   */
  private destructuredWrites(element: ts.BindingElement): Write[] | null {
    const pattern = element.parent;
    if (element.dotDotDotToken || !isObjectBindingPattern(pattern) || !isIdentifier(element.name)) return null;
    const key = element.propertyName ? memberName(element.propertyName) : element.name.text;
    if (key === null) return null;
    const holder = pattern.parent;
    const objects = isParameter(holder)
      ? parameterValues(holder, this.summaries)
      : isVariableDeclaration(holder) && holder.initializer && !isForInStatement(holder.parent.parent) && !isForOfStatement(holder.parent.parent)
        ? [holder.initializer]
        : null;
    if (!objects) return null;
    const writes: Write[] = objects.map((value) => ({ value, path: [key] }));
    if (element.initializer) writes.push({ value: element.initializer });
    return writes;
  }

  /** Whether the binding a write's target names is found without typing anything: a name in scope, or `this.x` of a field its class declares. */
  private placedByName(target: ts.Node): boolean {
    return !isPropertyAccessExpression(target) || this.ownFieldSymbol(target) !== undefined;
  }

  /** Whether an object literal's `key: value` is written where the field `symbol` is expected (its contextual type's property). */
  private isLiteralKeyOf(property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, name: string, symbol: ts.Symbol): boolean {
    const expected = getContextualType(this.checker, property.parent)?.getProperty(name);
    return expected !== undefined && (expected === symbol || getRootSymbols(this.checker, expected).includes(symbol));
  }

  /**
   * `this.x` where the class around it declares the field `x`: its symbol by the declaration's name, without
   * typing `this` (each `this.x` the checker resolves types the class).
   */
  private ownFieldSymbol(access: ts.PropertyAccessExpression): ts.Symbol | undefined {
    if (access.expression.kind !== SyntaxKind.ThisKeyword) return undefined;
    const cls = thisClassOf(access);
    const name = access.name.text;
    const field = cls?.members.find((m) => isPropertyDeclaration(m) && m.name !== undefined && memberName(m.name) === name);
    if (field?.name) return getSymbolAtLocation(this.checker, field.name);
    // A constructor parameter property (`constructor(private client: C)`): the property's symbol, not the parameter's.
    const ctor = cls ? ownConstructor(cls) : null;
    const parameter = ctor?.parameters.find((p) => isIdentifier(p.name) && p.name.text === name && isParameterPropertyDeclaration(p, ctor));
    return parameter ? getSymbolsOfParameterPropertyDeclaration(this.checker, parameter, name).find((symbol) => hasSymbolFlag(symbol, 'Property')) : undefined;
  }

  private sameSymbol(node: ts.Node, symbol: ts.Symbol): boolean {
    const access = isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : null;
    const own = access ? this.ownFieldSymbol(access) : undefined;
    if (own) return own === symbol;
    let found = getSymbolAtLocation(this.checker, node);
    found = resolveAlias(this.checker, found);
    return found === symbol;
  }

  /** A creation of a client, channel, client factory or transport, judged by its options; null for anything else. */
  private creationSource(node: ts.NewExpression | ts.CallExpression, depth: number): ClientSource | null {
    if (isNewExpression(node)) {
      const generated = this.protobufClientSource(node, depth);
      if (generated) return generated;
      // Syntax before types: a class whose names say it is no resource (`new Map()`, `new Metadata()`).
      if (!this.model.mayConstructResource(node.expression)) return null;
      const calleeType = getTypeAtLocation(this.checker, node.expression);
      const created = isOpaque(calleeType) ? null : this.model.resourceOfConstructor(calleeType);
      if (created && this.model.typeMatches(getTypeAtLocation(this.checker, node), [PROTOBUF_SOURCES.transport])) {
        return { bound: this.protobufTransportBound(node.arguments?.[0]), library: null };
      }
      const grpc = created?.library === 'grpc-js' && (created.kind === 'client' || created.kind === 'channel');
      // A client class loaded at run time (`new proto.Foo(address, credentials, options)`), given grpc-js credentials.
      const loaded = isOpaque(calleeType) && (node.arguments ?? []).some((a) => this.model.typeMatches(getTypeAtLocation(this.checker, a), [CHANNEL_CREDENTIALS]));
      if (!grpc && !loaded) return null;
      return { bound: this.grpcOptionsBound(node.arguments?.[GRPC_SOURCES.optionsArgument]), library: 'grpc-js' };
    }
    const callee = skipValueWrappers(node.expression);
    const method = isPropertyAccessExpression(callee) ? callee.name.text : null;
    if (method === NICE_SOURCES.useMethod || method === NICE_SOURCES.createMethod) {
      const factory = (callee as ts.PropertyAccessExpression).expression;
      if (!this.model.typeMatches(getTypeAtLocation(this.checker, factory), [NICE_SOURCES.clientFactoryType])) return null;
      if (method === NICE_SOURCES.useMethod) {
        const middleware = node.arguments[0];
        return middleware && this.isInertMiddleware(middleware) ? this.sourceOf(factory, depth + 1) : UNKNOWN;
      }
      return this.niceClientSource(node, this.sourceOf(factory, depth + 1).bound, depth);
    }
    if (!LIBRARY_FUNCTION_NAMES.has(calleeExportedName(node) ?? '')) return node.arguments.length > 0 ? this.declaredBuilderSource(node, depth) : null; // by name first: any other call may be a declared builder
    if (this.model.callsLibraryFunction(node, [NICE_SOURCES.createClientFactory])) return { bound: 'unbounded', library: null };
    if (this.model.callsLibraryFunction(node, [NICE_SOURCES.createClient])) return this.niceClientSource(node, 'unbounded', depth);
    if (this.model.callsLibraryFunction(node, [NICE_SOURCES.createChannel])) return { bound: this.grpcOptionsBound(node.arguments[GRPC_SOURCES.optionsArgument]), library: null };
    if (this.model.callsLibraryFunction(node, [CONNECT_SOURCES.createClient])) return this.connectClientSource(node.arguments[CONNECT_SOURCES.transportArgument], depth);
    if (this.model.callsLibraryFunction(node, CONNECT_SOURCES.transports)) return { bound: this.transportOptionsBound(node.arguments[0]), library: null };
    return null;
  }

  /**
   * A connect client or transport that a library known only by its declarations builds from a transport
   * or from transport options (src/model/declared-builders.ts); null for any other call.
   */
  private declaredBuilderSource(node: ts.CallExpression, depth: number): ClientSource | null {
    const builder = declaredBuilderOf(node, this.model);
    if (!builder) return null;
    const argument = node.arguments[builder.argument];
    return builder.makes === 'client' ? this.connectClientSource(argument, depth) : { bound: this.transportOptionsBound(argument), library: null };
  }

  private connectClientSource(transport: ts.Expression | undefined, depth: number): ClientSource {
    return { bound: transport ? this.sourceOf(transport, depth + 1).bound : 'unknown', library: 'connect' };
  }

  /** connect transport options: `defaultTimeoutMs` bounds every call; interceptors are read one by one. */
  private transportOptionsBound(options: ts.Expression | undefined): Bound {
    if (!options) return 'unknown';
    return keysBound(options, this.checker, (key, value) => {
      if ((CONNECT_SOURCES.bounds as readonly string[]).includes(key)) return 'bounded';
      return key === CONNECT_SOURCES.interceptorsKey ? interceptorsBound(value, this.checker) : 'unbounded';
    });
  }

  /**
   * grpc-js client or channel options: interceptors may set a deadline; a service-config method timeout
   * does. Written in place, or built by a function of the program (src/analysis/options/built-options.ts).
   */
  private grpcOptionsBound(options: ts.Expression | undefined): Bound {
    if (!options) return 'unbounded';
    const judge = (key: string, value: ts.Expression): Bound => this.grpcOptionBound(key, value);
    const built = builtOptionEntries(options, this.summaries);
    if (built === 'unknown') return 'unknown';
    if (built) return combineBounds(built.map((entries) => entriesBound(entries, judge)));
    return keysBound(options, this.checker, judge);
  }

  private grpcOptionBound(key: string, value: ts.Expression): Bound {
    if ((GRPC_SOURCES.opaque as readonly string[]).includes(key)) return 'unknown';
    if (key !== SERVICE_CONFIG.key) return 'unbounded';
    const config = serviceConfigTimeouts(value, this.checker, (call) => {
      const callee = this.summaries.namedCallee(call);
      return callee ? returnedValues(callee.body) : null;
    });
    if (!config) return 'unknown';
    return config.hasTimeout ? 'bounded' : config.complete ? 'unbounded' : 'unknown';
  }

  /** A protobuf-ts generated client, `new FooClient(transport)`: its calls get the transport's defaults. Null for other classes. */
  private protobufClientSource(node: ts.NewExpression, depth: number): ClientSource | null {
    if (!this.model.mayConstructBorrower(node.expression) || !this.model.constructorBorrows(node, PROTOBUF_SOURCES.transportArgument)) return null;
    const transport = node.arguments?.[PROTOBUF_SOURCES.transportArgument];
    return { bound: transport ? this.sourceOf(transport, depth + 1).bound : 'unknown', library: 'protobuf-ts' };
  }

  /**
   * `new GrpcTransport(options)`: the options are every call's defaults — a `timeout` or `abort` bounds
   * them, `interceptors` (or grpc-js `callOptions`) may; the grpc-js client options of its channel
   * count as a grpc-js client's do.
   */
  private protobufTransportBound(options: ts.Expression | undefined): Bound {
    if (!options) return 'unknown';
    return keysBound(options, this.checker, (key, value) => {
      if ((PROTOBUF_SOURCES.bounds as readonly string[]).includes(key)) return 'bounded';
      if ((PROTOBUF_SOURCES.opaque as readonly string[]).includes(key)) return 'unknown';
      return key === PROTOBUF_SOURCES.clientOptions ? this.grpcOptionsBound(value) : 'unbounded';
    });
  }

  /** nice-grpc `createClient(definition, channel, defaults)` / `factory.create(…)`: its defaults, its channel, its factory. */
  private niceClientSource(call: ts.CallExpression, factory: Bound, depth: number): ClientSource {
    const defaults = call.arguments[NICE_SOURCES.defaultsArgument];
    const channel = call.arguments[NICE_SOURCES.channelArgument];
    const byDefaults: Bound = !defaults
      ? 'unbounded'
      : keysBound(defaults, this.checker, (key, value) => {
          const bound = keysBound(value, this.checker, (option) => (NICE_BOUNDING.includes(option) ? 'bounded' : 'unbounded'));
          // Defaults for one method bound that method only: not followed per method.
          return key === NICE_SOURCES.everyMethod || bound !== 'bounded' ? bound : 'unknown';
        });
    const byChannel: Bound = channel ? this.sourceOf(channel, depth + 1).bound : 'unknown';
    return { bound: combineBounds([factory, byDefaults, byChannel]), library: 'nice-grpc' };
  }

  /** The library's deadline and retry middleware, or one of the program that passes the caller's options on (src/analysis/options/nice-middleware.ts). */
  private isInertMiddleware(middleware: ts.Expression): boolean {
    return this.isInertLibraryMiddleware(middleware) || isInertProgramMiddleware(middleware, this.checker, NICE_BOUNDING);
  }

  private isInertLibraryMiddleware(middleware: ts.Expression): boolean {
    const at = skipValueWrappers(middleware);
    const name = isPropertyAccessExpression(at) ? at.name : at;
    if (!isIdentifier(name) || !NICE_SOURCES.inertMiddleware.some((spec) => specifierNames(spec).includes(name.text))) return false;
    let symbol = getSymbolAtLocation(this.checker, name);
    symbol = resolveAlias(this.checker, symbol);
    return (
      symbol !== undefined &&
      NICE_SOURCES.inertMiddleware.some(
        (spec) =>
          typeof spec !== 'string' &&
          spec.from === 'package' &&
          specifierNames(spec).includes(symbol.getName()) &&
          (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.replaceAll('\\', '/').includes(`/node_modules/${spec.package}/`)),
      )
    );
  }

  /** What a function returns, when it returns clients: every `return` value (an expression body). */
  private computeReturned(fn: SummarizedFunction): ClientSource {
    return this.returnedSource(fn, NO_PATH);
  }

  /** The property `path` of every value a function returns (not cached: the returned client is, as a summary). */
  private returnedSource(fn: SummarizedFunction, path: Path): ClientSource {
    const returned: ts.Expression[] = [];
    if (fn.body && !isBlock(fn.body)) returned.push(fn.body);
    else if (fn.body) {
      forEachOwnNode(fn.body, (node) => {
        if (isReturnStatement(node) && node.expression) returned.push(node.expression);
      });
    }
    return combineSources(returned.map((value) => () => this.sourceOf(value, 0, path)));
  }
}

/**
 * The value an object literal gives its property `name`: the last `name: value` (or `{ name }`) after every
 * spread; null when a spread, a method or an accessor may give it, or no key does.
 */
function literalProperty(literal: ts.ObjectLiteralExpression, name: string): ts.Expression | null {
  let value: ts.Expression | null = null;
  for (const property of literal.properties) {
    if (isSpreadAssignment(property)) {
      value = null;
      continue;
    }
    const key = property.name && !isComputedPropertyName(property.name) ? memberName(property.name) : null;
    if (key === null) return null; // a computed key may be `name`
    if (key !== name) continue;
    value = isPropertyAssignment(property) ? property.initializer : isShorthandPropertyAssignment(property) ? property.name : null;
  }
  return value;
}

/**
 * Whether a declaration may be what a property access (`x.name`) finds and have writes `writesOf` reads: not
 * an interface member, a method, an object literal's key, a function, class, type or enum member, nor a
 * local variable or a plain parameter (no property access reaches them). Any other kind may be.
 */
function mayBeMemberWithWrites(declaration: ts.Node): boolean {
  if (isPropertyAccessExpression(declaration) || isPropertySignature(declaration) || isMethodSignature(declaration) || isMethodDeclaration(declaration)) return false;
  if (isPropertyAssignment(declaration) || isShorthandPropertyAssignment(declaration) || isFunctionLikeOrType(declaration)) return false;
  if (isParameter(declaration)) return isParameterPropertyDeclaration(declaration, declaration.parent);
  let at: ts.Node = declaration;
  while (isBindingElement(at) || isObjectBindingPattern(at) || isArrayBindingPattern(at)) at = at.parent;
  if (isParameter(at)) return false;
  if (!isVariableDeclaration(at)) return true;
  // A module's or a namespace's variable (`ns.name`, `globalThis.name`), not a function's.
  const statement = at.parent.parent;
  return !isVariableStatement(statement) || isSourceFile(statement.parent) || isModuleBlock(statement.parent);
}

function isFunctionLikeOrType(node: ts.Node): boolean {
  return isFunctionDeclaration(node) || isFunctionExpression(node) || isClassDeclaration(node) || isClassExpression(node) || isInterfaceDeclaration(node) || isTypeAliasDeclaration(node) || isEnumMember(node);
}

/** `undefined`, `null`, `void 0`: no value a method is called on. */
function isNullish(value: ts.Expression): boolean {
  const at = skipValueWrappers(value);
  return at.kind === SyntaxKind.NullKeyword || isVoidExpression(at) || (isIdentifier(at) && at.text === 'undefined');
}

/** `x++`, `--x`: a write no assignment expression shows. */
function isIncrement(target: ts.Node): boolean {
  const parent = target.parent;
  return (isPrefixUnaryExpression(parent) || isPostfixUnaryExpression(parent)) && (parent.operator === SyntaxKind.PlusPlusToken || parent.operator === SyntaxKind.MinusMinusToken);
}
