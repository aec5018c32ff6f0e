import path from 'node:path';

import type ts from 'typescript';

import { LISTEN_METHODS, ONCE_LISTEN_METHODS, DOM_LISTEN_METHOD } from '../../model/events.js';
import type { RpcModel } from '../../model/index.js';
import { handlerRegistrationOf, routingDecoratorOf, type HandlerRegistration } from '../../model/servers.js';
import { isRpcMethodCall } from '../../model/rpc-calls.js';
import { isTestFile } from '../../model/test-files.js';
import { isSummarizedFunction, summariesOf, type Summaries, type SummarizedFunction } from '../summaries.js';
import { hasModifier, memberName, ownFunctionOf, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { EntryPoints } from './entry-points.js';
import { FunctionValues, type Use } from './function-values.js';
import type { RepeatKind } from './per-call.js';
import { getBaseConstraintOfType, getDeclaredTypeOfSymbol, getSymbolAtLocation, getTypeAtLocation, hasSymbolFlag, hasTypeFlag, resolveAlias } from '../../model/checker.js';
import { forEachChild, isArrowFunction, isAsExpression, isAwaitExpression, isBinaryExpression, isCallExpression, isClassLike, isClassStaticBlockDeclaration, isConstructorDeclaration, isDoStatement, isExpressionWithTypeArguments, isForInStatement, isForOfStatement, isForStatement, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isHeritageClause, isIdentifier, isMethodDeclaration, isNewExpression, isNonNullExpression, isObjectLiteralExpression, isParenthesizedExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isSatisfiesExpression, isSourceFile, isStringLiteralLike, isVariableDeclaration, isWhileStatement, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Where code runs again and again, across files: the program-wide counterpart of `per-call.ts`, for
 * code whose own file does not show it (a method called from another file's request handler, a
 * constructor run by `new this.cls(…)` somewhere else). From a function (or a class, for its
 * constructor and field initializers) it walks the program's call sites, breadth first and
 * depth-bounded, to the first that repeats: a loop, a `setInterval` tick, a recurring event, a
 * reconnect (`'end'`/`'error'`/`'close'`/`'status'` listener, or a function that calls itself
 * again), an async array callback, a handler registered with an RPC server, an HTTP router or tRPC,
 * an entry point a framework calls per request or a library per RPC (`entry-points.ts`: Next.js
 * route handlers and server actions, a serverless `handler`, GraphQL resolvers, grpc-js interceptors),
 * a function that receives a web framework's per-request object (`req: Request`) unless the program runs
 * it at module scope, or an accessor whose result two or more functions make RPCs on (`this.source.current().ping(req)`).
 *
 * Call sites are found by name in the program's own files (`Summaries.occurrencesOf`) and kept only
 * when the checker resolves them to the function, or to the member of an interface that the function's
 * class alone implements (`source: ClientSource` with `class RefreshingSource implements ClientSource`).
 * A constructor is reached only from `new` of a value typed as a class (`new this.cls(…)` with `cls: new (…) => T`, `T extends Base`): a `new` that
 * names its class is where a rule reports the object made per call, not the code inside it. Stops
 * (no repeat) at module scope, at callbacks of unknown functions, at pool factory callbacks and past
 * the bounds.
 */

export interface ProgramRepeat {
  readonly kind: RepeatKind;
  /** For messages, where the repeat comes from: "an express `put` route (line 69 of actor.ts)", not the calls between. */
  readonly reason: string;
}

/** What the program-wide search asks the model. */
export interface RepeatModel {
  /** The handler registration a call is (`server.addService(def, impl)`, `app.get(path, handler)`), or null. */
  readonly registrationOf: (call: ts.CallExpression) => HandlerRegistration | null;
  /** The label of a method's routing decorator (`@GrpcMethod()`, `@Get()`): the framework calls it per request. */
  readonly routingOf: (method: ts.MethodDeclaration) => string | null;
  /** Whether a call makes an RPC on a client (`client.getUser(req, cb)`). */
  readonly isRpcCall: (call: ts.CallExpression) => boolean;
  readonly entries: EntryPoints | null;
}

type Start = SummarizedFunction | ts.ClassLikeDeclaration;


interface Root {
  readonly kind: RepeatKind;
  /** The place that repeats, with its line: a message's one anchor (the calls between are not named). */
  readonly reason: string;
}

const MAX_FUNCTIONS = 96;
const MAX_HOPS = 10;
const RECONNECT_EVENTS: ReadonlySet<string> = new Set(['end', 'error', 'close', 'status']);
const ONCE_PER_PROCESS_EVENTS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'beforeExit', 'exit', 'listening']);
const POOL_FACTORY_KEYS: ReadonlySet<string> = new Set(['create', 'factory']);
const INLINE_CALLBACKS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
const ARRAY_CALLBACKS: ReadonlySet<string> = new Set(['map', 'forEach', 'flatMap']);

export class ProgramRepeats {
  private readonly known = new Map<Start, ProgramRepeat | null>();
  private readonly accessors = new Map<SummarizedFunction, { readonly callers: number } | null>();
  private readonly implementersByInterface = new Map<ts.Symbol, ReadonlySet<ts.ClassLikeDeclaration>>();
  private readonly implementedByMethod = new Map<SummarizedFunction, readonly ts.Declaration[]>();
  private newExpressions: ts.NewExpression[] | null = null;
  private readonly functionValues: FunctionValues;

  constructor(
    private readonly summaries: Summaries,
    private readonly model: RepeatModel,
  ) {
    this.functionValues = new FunctionValues(summaries, (fn) => this.usesOf(fn));
  }

  private get checker(): ts.TypeChecker {
    return this.summaries.checker;
  }

  /** How the code at `node` repeats, seen from the program: its enclosing function's (or class's) repeat. */
  repeatAt(node: ts.Node): ProgramRepeat | null {
    for (let at = node.parent as ts.Node | undefined; at; at = at.parent) {
      if (isSummarizedFunction(at) && at.body) return this.repeatOf(isConstructorDeclaration(at) ? at.parent : at);
      if (isPropertyDeclaration(at) && isClassLike(at.parent)) return hasModifier(at, SyntaxKind.StaticKeyword) ? null : this.repeatOf(at.parent);
      if (isClassStaticBlockDeclaration(at) || isSourceFile(at)) return null;
    }
    return null;
  }

  /** How many places in the program run `fn`: its calls and the calls that receive it as a callback. */
  usesCount(fn: SummarizedFunction): number {
    try {
      return this.usesOf(fn).length;
    } catch {
      return 0;
    }
  }

  /** How a run of `start` (a function, or a class's construction) repeats, or null. Memoised. */
  repeatOf(start: Start): ProgramRepeat | null {
    if (this.known.has(start)) return this.known.get(start)!;
    let found: ProgramRepeat | null = null;
    try {
      reportFile = start.getSourceFile();
      found = this.search(start);
    } catch {
      found = null; // a checker crash on odd code must not crash the lint run
    }
    reportFile = null;
    this.known.set(start, found);
    return found;
  }

  private search(start: Start): ProgramRepeat | null {
    const queue: { at: Start; hops: number }[] = [{ at: start, hops: 0 }];
    const seen = new Set<Start>([start]);
    // The accessor evidence (RPCs made on a function's result) is weaker than a loop, a handler or an
    // entry point further up: it answers only when the search finds none of those.
    let accessor: ProgramRepeat | null = null;
    // The bound counts the functions whose uses are looked up (the cost), not the ones found: a
    // helper called from 56 functions must still reach the entry points one level further up.
    let expanded = 0;
    while (queue.length > 0 && expanded++ < MAX_FUNCTIONS) {
      const { at, hops } = queue.shift()!;
      if (hops > MAX_HOPS) continue;
      const own = isClassLike(at) ? null : this.entryRoot(at);
      if (own) return own;
      const uses = this.usesOf(at);
      if (!isClassLike(at)) {
        const serverless = uses.length === 0 ? this.serverlessRoot(at) : null;
        if (serverless) return serverless;
        accessor ??= this.accessorRoot(at, uses);
      }
      // A use at module scope runs once, when the module loads (test files' uses are test doubles').
      let runsAtLoad = false;
      // An entry point among the callers answers once this function's own uses have had their say (a
      // loop or a registration at them is nearer): behind a helper with many callers, the breadth-first
      // queue would reach it only after every other caller is expanded.
      let callerEntry: ProgramRepeat | null = null;
      for (const use of uses) {
        const root = this.rootOf(use, at);
        if (root === 'stop') continue;
        if (root) return root;
        const site = use.kind === 'call' ? use.site : use.call;
        const next = enclosingStart(site);
        if (!next) runsAtLoad ||= !isTestFile(site.getSourceFile().fileName);
        if (!next || seen.has(next)) continue;
        seen.add(next);
        callerEntry ??= isClassLike(next) ? null : this.entryRoot(next);
        queue.push({ at: next, hops: hops + 1 });
      }
      // A function that receives a framework's per-request object runs per request, unless the program
      // runs it when a module loads: then its other uses decide. A registration or a loop at its uses
      // (above) names the repeat better.
      const request = isClassLike(at) || runsAtLoad ? null : this.requestRoot(at);
      if (request) return request;
      if (callerEntry) return callerEntry;
    }
    return accessor;
  }

  /** A function that receives a web framework's per-request object (`req: Request`): it runs once per request. */
  private requestRoot(fn: SummarizedFunction): Root | null {
    const receiver = this.model.entries?.requestReceiverOf(fn);
    if (!receiver) return null;
    const parameter = isIdentifier(receiver.parameter.name) ? `\`${receiver.parameter.name.text}\`, ` : '';
    const detail = `${receiver.what} (${parameter}${where(receiver.parameter)})`;
    const name = functionName(fn);
    // "`is()`, which receives an express `Request` (`req`, line 3)".
    return { kind: 'handler', reason: name === null ? `a function that receives ${detail}` : `\`${name}()\`, which receives ${detail}` };
  }

  /** A function a framework runs per request or a library per RPC by itself: a routing decorator, a convention, a callback's types. */
  private entryRoot(fn: SummarizedFunction): Root | null {
    const routed = isMethodDeclaration(fn) ? this.model.routingOf(fn) : null;
    if (routed) return { kind: 'handler', reason: `${routed} (${where(fn)})` };
    const entry = this.model.entries?.entryOf(fn);
    return entry ? { kind: entry.kind, reason: `${entry.label} (${where(entry.node)})` } : null;
  }

  /** An exported `handler` that nothing in the program calls: a serverless platform's entry point. */
  private serverlessRoot(fn: SummarizedFunction): Root | null {
    const entry = this.model.entries?.serverlessHandler(fn);
    return entry ? { kind: entry.kind, reason: `${entry.label} (${where(entry.node)})` } : null;
  }

  /**
   * An accessor of the client RPCs are made on: two or more functions of the program make an RPC on
   * what a call of `fn` returns (`this.source.current().ping(req)`, or through a `const` of
   * the calling function), so `fn` runs before each of their RPCs. One such caller says nothing
   * about how often it runs. Memoised per function.
   */
  private accessorRoot(fn: SummarizedFunction, uses: readonly Use[]): Root | null {
    let found = this.accessors.get(fn);
    if (found === undefined) {
      found = null;
      const callers = new Set<ts.Node>();
      for (const use of uses) {
        if (use.kind !== 'call' || !isCallExpression(use.site) || !this.rpcOnResult(use.site)) continue;
        callers.add(enclosingStart(use.site) ?? use.site.getSourceFile());
      }
      if (callers.size >= 2) found = { callers: callers.size };
      this.accessors.set(fn, found);
    }
    if (!found) return null;
    const name = functionName(fn);
    return { kind: 'rpc', reason: `${name === null ? 'a function' : `\`${name}()\``} (${where(fn)}), which ${found.callers} functions call` };
  }

  /** The RPC made on the result of `call`: `call.method(…)` (through `await`, `!`, parentheses), or on a `const` bound to it in the same function. */
  private rpcOnResult(call: ts.CallExpression): ts.CallExpression | null {
    let value: ts.Expression = call;
    while (isParenthesizedExpression(value.parent) || isNonNullExpression(value.parent) || isAwaitExpression(value.parent) || isAsExpression(value.parent)) value = value.parent;
    const parent = value.parent;
    if (isPropertyAccessExpression(parent) && parent.expression === value) {
      const rpc = parent.parent;
      return isCallExpression(rpc) && rpc.expression === parent && this.model.isRpcCall(rpc) ? rpc : null;
    }
    if (!isVariableDeclaration(parent) || parent.initializer !== value || !isIdentifier(parent.name)) return null;
    const fn = ownFunctionOf(parent);
    const name = parent.name;
    for (const occurrence of this.summaries.occurrencesOf(name.text)) {
      if (occurrence === name || occurrence.getSourceFile() !== name.getSourceFile() || ownFunctionOf(occurrence) !== fn) continue;
      const access = occurrence.parent;
      if (!isPropertyAccessExpression(access) || access.expression !== occurrence || !isCallExpression(access.parent) || access.parent.expression !== access) continue;
      if (this.refersTo(occurrence, parent) && this.model.isRpcCall(access.parent)) return access.parent;
    }
    return null;
  }

  /** A repeat right at a use, 'stop' where the use runs once or nothing is known, null to look at its function's uses. */
  private rootOf(use: Use, of: Start): Root | 'stop' | null {
    if (use.kind === 'call') {
      // Run at most once per holder (`this.token ??= fetchToken()`): its repeats are not the callee's.
      if (memoisedInOneSlot(use.site)) return 'stop';
      if (!isClassLike(of) && isWithin(use.site, of)) return { kind: 'retry', reason: `\`${functionName(of) ?? 'this function'}()\` calling itself on ${where(use.site)}` };
      return loopAround(use.site);
    }
    const { call, argument } = use;
    const index = call.arguments?.indexOf(argument) ?? -1;
    const callee = skipTypeWrappers(call.expression);
    const method = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : null;
    if (isIdentifier(callee) && index === 0) {
      if (method === 'setInterval') return { kind: 'timer', reason: `a \`setInterval\` callback (${where(call)})` };
      if (method === 'setTimeout' || method === 'setImmediate') {
        return !isClassLike(of) && isWithin(call, of) ? { kind: 'retry', reason: `\`${functionName(of) ?? 'this function'}()\` rescheduling itself with \`${method}\` on ${where(call)}` } : loopAround(call);
      }
    }
    if (isCallExpression(call)) {
      const registration = this.model.registrationOf(call);
      if (registration && (registration.handlers.includes(index) || registration.implementations.includes(index))) return { kind: 'handler', reason: `${registration.label} (${where(call)})` };
    }
    if (method !== null && isPropertyAccessExpression(callee)) {
      if (INLINE_CALLBACKS.has(method)) return loopAround(call);
      const event = call.arguments?.[0] && isStringLiteralLike(call.arguments[0]) ? call.arguments[0].text : null;
      if ((LISTEN_METHODS.has(method) || method === DOM_LISTEN_METHOD) && index === 1) {
        if (event !== null && RECONNECT_EVENTS.has(event)) return { kind: 'retry', reason: `the \`'${event}'\` listener on ${where(call)}` };
        if (ONCE_LISTEN_METHODS.has(method) || (event !== null && ONCE_PER_PROCESS_EVENTS.has(event))) return loopAround(call);
        return { kind: 'event', reason: `${event === null ? 'an event' : `a \`'${event}'\``} listener (${where(call)})` };
      }
      if (ARRAY_CALLBACKS.has(method) && index === 0 && isAsyncFunction(argument)) return { kind: 'loop', reason: `the async \`.${method}\` callback (${where(call)})` };
    }
    if (isNewExpression(call) && isIdentifier(callee) && callee.text === 'Promise') return loopAround(call);
    return 'stop'; // a callback of an unknown function: it decides when to call it
  }

  /** The places that run `start`: call sites, callbacks that receive it, and for a class, `new` of a value typed as it. */
  private usesOf(start: Start): Use[] {
    if (isClassLike(start)) return this.dynamicConstructions(start).map((site) => ({ kind: 'call', site }));
    const parent = skipParentWrappers(start);
    // An inline function: called in place, or passed as a callback.
    if ((isCallExpression(parent) || isNewExpression(parent)) && skipTypeWrappers(parent.expression) === start) return [{ kind: 'call', site: parent }];
    if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.some((a) => skipTypeWrappers(a) === start)) {
      return [{ kind: 'callback', call: parent, argument: parent.arguments.find((a) => skipTypeWrappers(a) === start)! }];
    }
    if (isPropertyAssignment(parent) && POOL_FACTORY_KEYS.has(memberName(parent.name) ?? '')) return [];
    // A function a factory returns: where the program calls what the factory's calls return.
    const returned = this.functionValues.usesOfReturned(start);
    if (returned) return returned;
    const implementation = this.implementationUses(start);
    if (implementation.length > 0) return implementation;
    const declaration = declarationOf(start);
    const name = declaration?.name && (isIdentifier(declaration.name) || isPrivateIdentifier(declaration.name)) ? declaration.name.text : null;
    if (!declaration || name === null) return [];
    const implemented = this.implementedMembers(start);
    const uses: Use[] = [];
    for (const occurrence of this.summaries.occurrencesOf(name)) {
      if (occurrence === declaration.name || !(this.refersTo(occurrence, declaration) || implemented.some((member) => this.refersTo(occurrence, member)))) continue;
      const reference = isPropertyAccessExpression(occurrence.parent) && occurrence.parent.name === occurrence ? occurrence.parent : occurrence;
      const use = useOfReference(reference as ts.Expression);
      if (use) uses.push(use);
    }
    return uses;
  }

  /** A method of an object literal or class passed to a handler registration: the registration is its use. */
  private implementationUses(fn: SummarizedFunction): Use[] {
    const owner = isMethodDeclaration(fn) || isPropertyAssignment(fn.parent) || isPropertyDeclaration(fn.parent) ? (isMethodDeclaration(fn) ? fn.parent : fn.parent.parent) : null;
    if (!owner || (!isObjectLiteralExpression(owner) && !isClassLike(owner))) return [];
    const values: ts.Expression[] = [];
    if (isObjectLiteralExpression(owner)) {
      values.push(owner);
      const holder = skipParentWrappers(owner);
      if (isVariableDeclaration(holder) && isIdentifier(holder.name)) values.push(...this.referencesTo(holder));
    } else if (owner.name) {
      for (const reference of this.referencesTo(owner)) {
        const created = skipParentWrappers(reference);
        if (isNewExpression(created) && created.expression === reference) {
          values.push(created);
          const holder = skipParentWrappers(created);
          if (isVariableDeclaration(holder) && isIdentifier(holder.name)) values.push(...this.referencesTo(holder));
        }
      }
    }
    const uses: Use[] = [];
    for (const value of values) {
      const call = skipParentWrappers(value);
      if (!isCallExpression(call)) continue;
      const argument = call.arguments.find((a) => skipTypeWrappers(a) === value);
      const registration = argument ? this.model.registrationOf(call) : null;
      if (registration && argument && registration.implementations.includes(call.arguments.indexOf(argument))) {
        uses.push({ kind: 'callback', call, argument });
      }
    }
    return uses;
  }

  /**
   * The members of interfaces that a method implements when its class is the only class of the
   * program that implements them: a call through the interface (`this.source.current()` with
   * `source: ClientSource<T>`) runs the method. With two implementations, a call may run either.
   */
  private implementedMembers(fn: SummarizedFunction): readonly ts.Declaration[] {
    const known = this.implementedByMethod.get(fn);
    if (known) return known;
    const found: ts.Declaration[] = [];
    const member = isMethodDeclaration(fn) ? fn : isPropertyDeclaration(fn.parent) && fn.parent.initializer === fn ? fn.parent : null;
    const cls = member?.parent;
    const name = member?.name ? memberName(member.name) : null;
    if (member && name !== null && cls && isClassLike(cls) && !hasModifier(member, SyntaxKind.StaticKeyword)) {
      for (const clause of cls.heritageClauses ?? []) {
        if (clause.token !== SyntaxKind.ImplementsKeyword) continue;
        for (const type of clause.types) {
          const symbol = this.resolved(type.expression);
          if (!symbol || !hasSymbolFlag(symbol, 'Interface') || !this.onlyImplementer(symbol, cls)) continue;
          const declared = getDeclaredTypeOfSymbol(this.checker, symbol).getProperty(name);
          found.push(...(declared?.declarations ?? []));
        }
      }
    }
    this.implementedByMethod.set(fn, found);
    return found;
  }

  /** Whether `cls` is the one class of the program's sources whose `implements` clause names the interface. */
  private onlyImplementer(symbol: ts.Symbol, cls: ts.ClassLikeDeclaration): boolean {
    let classes = this.implementersByInterface.get(symbol);
    if (!classes) {
      const found = new Set<ts.ClassLikeDeclaration>();
      for (const occurrence of this.summaries.occurrencesOf(symbol.name)) {
        const type = occurrence.parent;
        const clause = type?.parent;
        if (!isExpressionWithTypeArguments(type) || !clause || !isHeritageClause(clause) || clause.token !== SyntaxKind.ImplementsKeyword) continue;
        if (isClassLike(clause.parent) && this.resolved(type.expression) === symbol) found.add(clause.parent);
      }
      this.implementersByInterface.set(symbol, (classes = found));
    }
    return classes.size === 1 && classes.has(cls);
  }

  private resolved(node: ts.Node): ts.Symbol | undefined {
    const symbol = getSymbolAtLocation(this.checker, node);
    return resolveAlias(this.checker, symbol);
  }

  /** Identifiers that refer to a declaration (a variable, a class). */
  private referencesTo(declaration: ts.NamedDeclaration): ts.Expression[] {
    const name = declaration.name;
    if (!name || !isIdentifier(name)) return [];
    return this.summaries.occurrencesOf(name.text).filter((o): o is ts.Identifier => o !== name && isIdentifier(o) && this.refersTo(o, declaration));
  }

  private refersTo(occurrence: ts.Node, declaration: ts.Node): boolean {
    let symbol = getSymbolAtLocation(this.checker, occurrence);
    symbol = resolveAlias(this.checker, symbol);
    return symbol?.declarations?.includes(declaration as ts.Declaration) ?? false;
  }

  /** `new x(…)` whose callee is a value typed as a class (not the class's own name) and whose instances are `cls` or a subclass. */
  private dynamicConstructions(cls: ts.ClassLikeDeclaration): ts.NewExpression[] {
    if (!this.newExpressions) {
      const found: ts.NewExpression[] = [];
      const visit = (node: ts.Node): void => {
        if (isNewExpression(node) && !namesAClass(node.expression, this.checker)) found.push(node);
        forEachChild(node, visit);
      };
      for (const file of this.summaries.program.getSourceFiles()) {
        if (!file.isDeclarationFile && !this.summaries.program.isSourceFileFromExternalLibrary(file)) visit(file);
      }
      this.newExpressions = found;
    }
    return this.newExpressions.filter((site) => this.constructs(site, cls));
  }

  private constructs(site: ts.NewExpression, cls: ts.ClassLikeDeclaration): boolean {
    const type = getTypeAtLocation(this.checker, site.expression);
    return type.getConstructSignatures().some((signature) => {
      let instance = signature.getReturnType();
      if (hasTypeFlag(instance, 'TypeParameter')) instance = getBaseConstraintOfType(this.checker, instance) ?? instance;
      return classChain(instance.getSymbol()?.valueDeclaration, this.checker).includes(cls);
    });
  }
}

/** Whether `expression` names a class declaration directly (`new Foo()`, `new ns.Foo()`): then the site names its class. */
function namesAClass(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const at = skipTypeWrappers(expression);
  if (at.kind === SyntaxKind.ThisKeyword) return true; // `new this()` in a static method: the class itself
  if (!isIdentifier(at) && !isPropertyAccessExpression(at)) return false;
  let symbol = getSymbolAtLocation(checker, at);
  symbol = resolveAlias(checker, symbol);
  return symbol !== undefined && hasSymbolFlag(symbol, 'Class');
}

/** A class declaration and the classes it extends, by their declarations. */
function classChain(declaration: ts.Declaration | undefined, checker: ts.TypeChecker): ts.ClassLikeDeclaration[] {
  const chain: ts.ClassLikeDeclaration[] = [];
  let at = declaration;
  while (at && isClassLike(at) && chain.length < 8 && !chain.includes(at)) {
    chain.push(at);
    const base = at.heritageClauses?.find((c) => c.token === SyntaxKind.ExtendsKeyword)?.types[0];
    let symbol = base ? getSymbolAtLocation(checker, base.expression) : undefined;
    symbol = resolveAlias(checker, symbol);
    at = symbol?.valueDeclaration;
  }
  return chain;
}

/** What uses a reference to a function: its call, a callback position (also `f.bind(x)`), or nothing known. */
function useOfReference(reference: ts.Expression): Use | null {
  let at: ts.Expression = reference;
  // `this.f.bind(this)`: the bound function stands for `f`.
  const parent = skipParentWrappers(at);
  if (isPropertyAccessExpression(parent) && parent.expression === at && parent.name.text === 'bind' && isCallExpression(parent.parent) && parent.parent.expression === parent) {
    at = parent.parent;
  } else if (isCallExpression(parent) && skipTypeWrappers(parent.expression) === at) {
    return { kind: 'call', site: parent };
  }
  const holder = skipParentWrappers(at);
  if ((isCallExpression(holder) || isNewExpression(holder)) && holder.arguments?.some((a) => skipTypeWrappers(a) === at)) {
    return { kind: 'callback', call: holder, argument: holder.arguments.find((a) => skipTypeWrappers(a) === at)! };
  }
  return null;
}

/** The function (or class, for constructors and field initializers) whose run evaluates `site`. */
function enclosingStart(site: ts.Node): Start | null {
  for (let at = site.parent as ts.Node | undefined; at; at = at.parent) {
    if (isSummarizedFunction(at) && at.body) return isConstructorDeclaration(at) ? at.parent : at;
    if (isPropertyDeclaration(at) && isClassLike(at.parent)) return hasModifier(at, SyntaxKind.StaticKeyword) ? null : at.parent;
    if (isClassStaticBlockDeclaration(at)) return null;
  }
  return null; // module scope: runs once
}

/**
 * `token ??= fetch()`, `this.token ||= fetch()`: the call runs once per variable or object, whoever
 * runs the code around it. A cache by key (`cache.get(k) ?? open(k)`, `if (!cache.has(k))`) does not
 * stop a search: each new key runs it again.
 */
function memoisedInOneSlot(site: ts.Node): boolean {
  let at = site;
  while (isParenthesizedExpression(at.parent) || isAwaitExpression(at.parent) || isAsExpression(at.parent) || isNonNullExpression(at.parent)) at = at.parent;
  const parent = at.parent;
  if (!isBinaryExpression(parent) || parent.right !== at) return false;
  const operator = parent.operatorToken.kind;
  if (operator !== SyntaxKind.QuestionQuestionEqualsToken && operator !== SyntaxKind.BarBarEqualsToken) return false;
  const slot = skipTypeWrappers(parent.left);
  return isIdentifier(slot) || isPrivateIdentifier(slot) || (isPropertyAccessExpression(slot) && (slot.expression.kind === SyntaxKind.ThisKeyword || isIdentifier(slot.expression)));
}

/** A loop of the function around `site` (between them) makes it repeat. */
function loopAround(site: ts.Node): Root | null {
  let child: ts.Node = site;
  for (let at = site.parent as ts.Node | undefined; at && !isFunctionLike(at) && !isClassLike(at); child = at, at = at.parent) {
    const inBody =
      ((isForOfStatement(at) || isForInStatement(at) || isWhileStatement(at) || isDoStatement(at)) && at.statement === child) ||
      (isForStatement(at) && (at.statement === child || at.incrementor === child || at.condition === child));
    if (inBody) return { kind: 'loop', reason: `the loop on ${where(at)}` };
  }
  return null;
}

function declarationOf(fn: SummarizedFunction): (ts.NamedDeclaration & { name?: ts.DeclarationName }) | null {
  if (isFunctionDeclaration(fn) || isMethodDeclaration(fn)) return fn;
  const parent = fn.parent;
  if ((isVariableDeclaration(parent) || isPropertyDeclaration(parent)) && parent.initializer === fn) return parent;
  return null;
}

function isWithin(node: ts.Node, outer: ts.Node): boolean {
  for (let at = node.parent as ts.Node | undefined; at; at = at.parent) if (at === outer) return true;
  return false;
}

function isAsyncFunction(node: ts.Expression): boolean {
  const fn = skipTypeWrappers(node);
  return (isArrowFunction(fn) || isFunctionExpression(fn)) && hasModifier(fn, SyntaxKind.AsyncKeyword);
}

function skipParentWrappers(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (parent && (isParenthesizedExpression(parent) || isAsExpression(parent) || isNonNullExpression(parent) || isSatisfiesExpression(parent))) parent = parent.parent;
  return parent;
}

/**
 * The file of the code a search starts from, where its report stands: places in it are named by
 * their line alone. Set around each (synchronous, non-reentrant) search.
 */
let reportFile: ts.SourceFile | null = null;

/** "line 12 of actor.ts", or "line 12" in the file of the report. */
function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const line = `line ${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  return file === reportFile ? line : `${line} of ${path.basename(file.fileName)}`;
}

function functionName(fn: SummarizedFunction): string | null {
  const declaration = declarationOf(fn);
  return declaration?.name && (isIdentifier(declaration.name) || isPrivateIdentifier(declaration.name)) ? declaration.name.text : null;
}

const repeatsByProgram = new WeakMap<Summaries, ProgramRepeats>();

/** The program-wide repeat facts of the model's program, shared by every file and rule. */
export function programRepeatsOf(model: RpcModel): ProgramRepeats {
  const summaries = summariesOf(model.program);
  let repeats = repeatsByProgram.get(summaries);
  if (!repeats) {
    repeats = new ProgramRepeats(summaries, {
      registrationOf: (call) => handlerRegistrationOf(call, model),
      routingOf: (method) => routingDecoratorOf(method, model),
      isRpcCall: (call) => isRpcMethodCall(call, model),
      entries: new EntryPoints(summaries, (type, specs) => model.typeMatches(type, specs)),
    });
    repeatsByProgram.set(summaries, repeats);
  }
  return repeats;
}
