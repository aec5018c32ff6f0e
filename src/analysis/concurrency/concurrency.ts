import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { RpcModel } from '../../model/index.js';
import { DOM_LISTEN_METHOD, ONCE_LISTEN_METHODS, RECURRING_LISTEN_METHODS } from '../../model/events.js';
import { handlerDecoratorOf } from '../../model/servers.js';
import { calleeOf, enclosingFunction, isFunction, propertyKeyName, skipParentWrappers, staticMemberName, wrapped, type FunctionNode } from '../../syntax/ast.js';
import { functionNameOf } from './close-paths.js';
import { ServerHandlers } from './server-handlers.js';
import { classOfThis, isGlobalName, variableOf } from '../flow/origins.js';
import { walk } from '../../syntax/walk.js';
import { isArrayType, isTupleType } from '../../model/checker.js';

/**
 * Which function bodies may run at the same time as another copy of themselves, or beside a
 * sibling. Rule-agnostic: `no-concurrent-stream-read` asks whether two reads can overlap,
 * `no-client-per-call` can ask where a body runs per request, per timer tick or per event.
 *
 * API (one `ConcurrencyAnalysis` per linted file, answers memoised per function node):
 * - `contextOf(fn)`: the `RunContext` of one function from where it stands — an argument of
 *   `Promise.all/allSettled/race/any`, an async `.map`/`.forEach` callback, an event or timer
 *   handler, a server method handler, an exported/public async function or method, or (for a named
 *   function or private method) its call sites in the file. Null when nothing is known.
 * - `overlapOf(node, within?)`: climbs from `node` through its enclosing functions and answers the context
 *   under which the code at `node` may run while another run of the same code is still in flight,
 *   or null. Stops (null) at a callback of an unknown function (it may serialise its callbacks, as
 *   a queue or a lock does), below a flag guard (`if (this.started) return; this.started = true`)
 *   and where the optional `serialized` oracle (held regions of exclusive locks) says so.
 * - `siblingsOf(a, b, within)`: the `Promise` combinator under which the code at `a` and at `b` run
 *   as different arguments, below the function `within`, or null.
 *
 * Every answer carries a `reason` for messages ("called from `Promise.all` on line 12", "a public
 * async method"). Precision first: where the code does not show concurrency, the answer is null.
 */

export type ConcurrencyKind =
  /** An argument of `Promise.all/allSettled/race/any`: runs beside its sibling arguments. */
  | 'combinator'
  /** An async callback of an array's `.map`/`.forEach`/`.flatMap`: one copy per element, all at once. */
  | 'array-callback'
  /** Started without `await` (`void f()`, a stored promise) from a body that may run again. */
  | 'unawaited-call'
  /** A listener registered with `on`/`addListener`/`prependListener` (or `once`: runs once). */
  | 'event-handler'
  /** A `setInterval` callback (ticks overlap a slow run) or a one-shot timer/microtask callback. */
  | 'timer'
  /** An exported async function or a public async method: its callers may overlap calls. */
  | 'public-api'
  /** A method of a server implementation: every incoming call runs it. */
  | 'server-handler'
  /** Called (awaited) from a body that may run concurrently. */
  | 'caller';

export interface RunContext {
  readonly kind: ConcurrencyKind;
  /**
   * Whether another copy of the body may run at the same time. False for contexts that run the
   * body once per run of its surroundings (a combinator argument beside its siblings, a one-shot
   * timer, a `once` listener).
   */
  readonly overlaps: boolean;
  /** What makes it so: the combinator or array call, the registration, the call site, the function. */
  readonly node: TSESTree.Node;
  /** For messages, e.g. "called from `Promise.all` on line 12", "a public async method". */
  readonly reason: string;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

const COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'race', 'any']);
const ARRAY_CALLBACK_METHODS: ReadonlySet<string> = new Set(['map', 'forEach', 'flatMap']);
const RECURRING_LISTEN: ReadonlySet<string> = new Set([...RECURRING_LISTEN_METHODS, DOM_LISTEN_METHOD]);
const ONE_SHOT_TIMERS: ReadonlySet<string> = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);
/** Callbacks that run once per run of the code around them, so they inherit its context. */
const PROMISE_CALLBACKS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
/** How many call sites deep the caller analysis looks. */
const MAX_CALLER_DEPTH = 4;

/** Where a function stands: a known context, inline code of its surroundings, or unknown. */
type Position = { readonly context: RunContext } | 'inline' | 'unknown';

export class ConcurrencyAnalysis {
  private readonly contexts = new Map<FunctionNode, RunContext | null>();
  private readonly inProgress = new Set<FunctionNode>();
  private readonly thisCalls = new Map<TSESTree.ClassBody, ReadonlyMap<string, TSESTree.CallExpression[]>>();
  private readonly handlers: ServerHandlers;
  private depth = 0;

  constructor(
    private readonly model: RpcModel,
    private readonly sourceCode: SourceCode,
    /**
     * Optional: whether the code at a node runs one at a time whatever its callers do (held under an
     * exclusive lock, from `critical-sections.ts`). Such code, and what it calls, never overlaps.
     */
    private readonly serialized: (node: TSESTree.Node) => boolean = () => false,
  ) {
    this.handlers = ServerHandlers.of(model, sourceCode);
  }

  /** The context of `fn` from where it stands, or null when nothing is known about how it runs. */
  contextOf(fn: FunctionNode): RunContext | null {
    const position = this.positionOf(fn);
    return typeof position === 'object' ? position.context : null;
  }

  /**
   * The context under which the code at `node` may run while another run of it is in flight, or
   * null. With `within`, only the functions below it count (the copies of `node` inside one run of it).
   */
  overlapOf(node: TSESTree.Node, within?: TSESTree.Node): RunContext | null {
    if (this.serialized(node)) return null;
    for (let at = node.parent; at && at !== within; at = at.parent) {
      if (!isFunction(at)) continue;
      if (guardedOnce(node, at)) return null;
      const position = this.positionOf(at);
      if (position === 'unknown') return null;
      if (position === 'inline') continue;
      if (position.context.overlaps) return position.context;
      if (isDeclared(at)) return null; // a declared function's context already looked at its callers
    }
    return null;
  }

  /** The combinator under which `a` and `b` run as different arguments, below `within`, or null. */
  siblingsOf(a: TSESTree.Node, b: TSESTree.Node, within: TSESTree.Node): RunContext | null {
    const argsOfA = this.combinatorArguments(a, within);
    for (const [combinator, argument] of this.combinatorArguments(b, within)) {
      const other = argsOfA.get(combinator);
      if (other && other.context.node === combinator && other.argument !== argument.argument) return other.context;
    }
    return null;
  }

  private combinatorArguments(node: TSESTree.Node, within: TSESTree.Node): Map<TSESTree.Node, { context: RunContext; argument: TSESTree.Node }> {
    const found = new Map<TSESTree.Node, { context: RunContext; argument: TSESTree.Node }>();
    // The node itself may be an argument: `Promise.all([once(s, 'data'), once(s, 'data')])`.
    const own = node.type === 'CallExpression' ? this.combinatorOf(node) : null;
    if (own) found.set(own.node, { context: own, argument: node });
    for (let at = node.parent; at && at !== within; at = at.parent) {
      if (!isFunction(at)) continue;
      const context = this.contextOf(at);
      if (context?.kind === 'combinator') found.set(context.node, { context, argument: at });
    }
    return found;
  }

  private positionOf(fn: FunctionNode): Position {
    const cached = this.contexts.get(fn);
    if (cached !== undefined) return cached ? { context: cached } : this.fallbackPosition(fn);
    // Recursion or depth cut: unknown for now, not cached (the outer computation decides).
    if (isDeclared(fn) && (this.inProgress.has(fn) || this.depth >= MAX_CALLER_DEPTH)) return 'unknown';
    const position = this.computePosition(fn);
    this.contexts.set(fn, typeof position === 'object' ? position.context : null);
    return position;
  }

  /** The position of a function without a known context: inline for IIFEs and promise callbacks. */
  private fallbackPosition(fn: FunctionNode): Position {
    return isDeclared(fn) ? 'unknown' : this.callbackPosition(fn);
  }

  private computePosition(fn: FunctionNode): Position {
    const asCallback = this.callbackPosition(fn);
    if (asCallback !== 'unknown' || !isDeclared(fn)) return asCallback;
    const handler = this.serverHandler(fn);
    if (handler) return { context: handler };
    const api = publicApi(fn);
    if (api) return { context: api };
    if (fn.parent?.type === 'MethodDefinition' && fn.parent.kind === 'constructor') return 'unknown'; // once per object
    this.inProgress.add(fn);
    this.depth++;
    try {
      const viaCaller = this.fromCallers(fn);
      return viaCaller ? { context: viaCaller } : 'unknown';
    } finally {
      this.depth--;
      this.inProgress.delete(fn);
    }
  }

  /** The position of a function expression that is called in place or passed to a call. */
  private callbackPosition(fn: FunctionNode): Position {
    const parent = skipParentWrappers(fn);
    if (parent?.type === 'CallExpression' && parent.callee === wrapped(fn)) {
      // An IIFE: runs once, where it stands; an argument of a combinator when it is one.
      const combinator = this.combinatorOf(parent);
      return combinator ? { context: combinator } : 'inline';
    }
    if (parent?.type === 'NewExpression' && parent.arguments[0] === wrapped(fn) && isGlobalName(calleeOf(parent), 'Promise', this.sourceCode)) return 'inline';
    if (parent?.type !== 'CallExpression' || !parent.arguments.includes(wrapped(fn) as TSESTree.CallExpressionArgument)) return 'unknown';
    const call = parent;
    const callee = calleeOf(call);
    const line = call.loc.start.line;
    if (callee.type === 'Identifier') {
      if (isGlobalName(callee, 'setInterval', this.sourceCode)) {
        return { context: { kind: 'timer', overlaps: true, node: call, reason: `a \`setInterval\` callback (line ${line}): a tick can start while an earlier run still waits` } };
      }
      for (const timer of ONE_SHOT_TIMERS) {
        if (isGlobalName(callee, timer, this.sourceCode)) return { context: { kind: 'timer', overlaps: false, node: call, reason: `a \`${timer}\` callback (line ${line})` } };
      }
      return 'unknown';
    }
    if (callee.type !== 'MemberExpression') return 'unknown';
    const method = staticMemberName(callee);
    if (method === null) return 'unknown';
    if (PROMISE_CALLBACKS.has(method)) return 'inline';
    if (ARRAY_CALLBACK_METHODS.has(method) && call.arguments[0] === wrapped(fn)) {
      if (!fn.async || !this.isArray(callee.object)) return 'unknown';
      const why = method === 'forEach' ? '`.forEach` does not wait for an async callback' : 'its copies run at the same time';
      return { context: { kind: 'array-callback', overlaps: true, node: call, reason: `every element runs the async \`.${method}\` callback on line ${line}, and ${why}` } };
    }
    const event = call.arguments[0];
    const eventName = event?.type === 'Literal' && typeof event.value === 'string' ? `'${event.value}'` : 'an event';
    if (RECURRING_LISTEN.has(method) && call.arguments.length >= 2 && call.arguments[1] === wrapped(fn)) {
      return { context: { kind: 'event-handler', overlaps: true, node: call, reason: `a ${eventName} listener (line ${line}): the event can fire again while an earlier run still waits` } };
    }
    if (ONCE_LISTEN_METHODS.has(method) && call.arguments[1] === wrapped(fn)) {
      return { context: { kind: 'event-handler', overlaps: false, node: call, reason: `a one-time ${eventName} listener (line ${line})` } };
    }
    const handler = this.handlers.singleHandler(fn);
    if (handler) return { context: { kind: 'server-handler', overlaps: true, node: handler.node, reason: `${handler.reason}: every incoming call runs it` } };
    return 'unknown';
  }

  /** `Promise.all([…, call, …])` or `Promise.all(call)`: the combinator context of `call`'s result. */
  private combinatorOf(call: TSESTree.CallExpression): RunContext | null {
    let at: TSESTree.Node = call;
    let parent = skipParentWrappers(at);
    if (parent?.type === 'ArrayExpression') {
      at = parent;
      parent = skipParentWrappers(at);
    }
    if (parent?.type !== 'CallExpression' || parent.arguments[0] !== at) return null;
    const callee = calleeOf(parent);
    if (callee.type !== 'MemberExpression' || !COMBINATORS.has(staticMemberName(callee) ?? '') || !isGlobalName(callee.object, 'Promise', this.sourceCode)) return null;
    return { kind: 'combinator', overlaps: false, node: parent, reason: `both run inside ${combinatorLabel(parent)} on line ${parent.loc.start.line}` };
  }

  /** A server method handler (`server-handlers.ts`): every incoming call runs it. */
  private serverHandler(fn: FunctionNode): RunContext | null {
    const member = fn.parent;
    if (member?.type === 'MethodDefinition' && !member.static && member.decorators.length > 0) {
      const routed = handlerDecoratorOf(member, this.model);
      if (routed) {
        const line = routed.decorator.loc.start.line;
        return { kind: 'server-handler', overlaps: true, node: routed.decorator, reason: `${routed.label} (\`@${this.sourceCode.getText(routed.decorator.expression).replace(/\(.*$/s, '')}\` on line ${line}): every incoming call runs it` };
      }
    }
    const handler = this.handlers.handlerOf(fn);
    return handler ? { kind: 'server-handler', overlaps: true, node: handler.node, reason: `${handler.reason}: every incoming call runs it` } : null;
  }

  /** The context a named function or private method gets from its call sites in this file. */
  private fromCallers(fn: FunctionNode): RunContext | null {
    const name = functionNameOf(fn) ?? 'this function';
    const calls = this.callSitesOf(fn);
    for (const call of calls) {
      const line = call.loc.start.line;
      const combinator = this.combinatorOf(call);
      if (combinator && calls.some((other) => other !== call && this.combinatorOf(other)?.node === combinator.node)) {
        return { kind: 'caller', overlaps: true, node: call, reason: `\`${name}()\` is called more than once inside ${combinatorLabel(combinator.node)} on line ${combinator.node.loc.start.line}` };
      }
      const around = this.overlapOf(call);
      if (around) return { kind: 'caller', overlaps: true, node: call, reason: `\`${name}()\` is called on line ${line}, in ${around.reason}` };
      if (isAwaited(call)) continue;
      const caller = enclosingNamed(call);
      if (inLoop(call, caller)) {
        return { kind: 'unawaited-call', overlaps: true, node: call, reason: `\`${name}()\` is started without \`await\` in a loop on line ${line}` };
      }
      if (caller?.parent?.type === 'MethodDefinition' && caller.parent.kind === 'constructor') continue; // once per object
      if (caller && isPubliclyCallable(caller) && !guardedOnce(call, caller)) {
        const callerName = functionNameOf(caller) ?? 'a public function';
        return {
          kind: 'unawaited-call',
          overlaps: true,
          node: call,
          reason: `\`${name}()\` is started without \`await\` on line ${line} from \`${callerName}()\`, which callers can call again while the first run is still going`,
        };
      }
    }
    return null;
  }

  /** Direct calls of `fn` in this file: by its variable, or `this.name(…)` in its class. */
  private callSitesOf(fn: FunctionNode): TSESTree.CallExpression[] {
    const member = fn.parent;
    if (member?.type === 'MethodDefinition' || member?.type === 'PropertyDefinition') {
      const name = propertyKeyName(member) ?? (member.key.type === 'PrivateIdentifier' ? member.key.name : null);
      return name === null || member.static ? [] : (this.thisCallsOf(member.parent).get(name) ?? []);
    }
    const calls: TSESTree.CallExpression[] = [];
    const id = fn.type === 'FunctionDeclaration' ? fn.id : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id : null;
    const variable = id ? variableOf(id, this.sourceCode) : null;
    for (const reference of variable?.references ?? []) {
      const ref = reference.identifier as TSESTree.Node;
      if (ref.parent?.type === 'CallExpression' && ref.parent.callee === ref) calls.push(ref.parent);
    }
    return calls;
  }

  /** `this.name(…)` calls in a class's own code, by method name: one walk per class. */
  private thisCallsOf(classBody: TSESTree.ClassBody): ReadonlyMap<string, TSESTree.CallExpression[]> {
    let byName = this.thisCalls.get(classBody);
    if (!byName) {
      const found = new Map<string, TSESTree.CallExpression[]>();
      walk(classBody, this.sourceCode.visitorKeys, (node) => {
        if (node.type !== 'CallExpression') return;
        const callee = calleeOf(node);
        if (callee.type !== 'MemberExpression' || callee.object.type !== 'ThisExpression') return;
        const called = callee.property.type === 'PrivateIdentifier' ? callee.property.name : staticMemberName(callee);
        if (called !== null && classOfThis(callee) === classBody) found.set(called, [...(found.get(called) ?? []), node]);
      });
      this.thisCalls.set(classBody, (byName = found));
    }
    return byName;
  }

  private isArray(node: TSESTree.Node): boolean {
    const type = this.model.typeOf(node);
    if (!type) return false;
    try {
      const parts = type.isUnion() ? type.types : [type];
      return parts.length > 0 && parts.every((t) => isArrayType(this.model.checker, t) || isTupleType(this.model.checker, t));
    } catch {
      return false;
    }
  }
}

/** `Promise.all` (quoted) for a combinator call. */
function combinatorLabel(call: TSESTree.Node): string {
  const callee = call.type === 'CallExpression' ? calleeOf(call) : null;
  const method = callee?.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return `\`Promise.${method ?? 'all'}\``;
}

/** A function known by a name: declared, a method, or assigned to a variable. */
function isDeclared(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (
    fn.type === 'FunctionDeclaration' ||
    parent?.type === 'MethodDefinition' ||
    parent?.type === 'PropertyDefinition' ||
    (parent?.type === 'Property' && parent.value === fn) ||
    (parent?.type === 'VariableDeclarator' && parent.init === fn)
  );
}

/**
 * An exported async function or a public async method; or one that is not `async` but returns a
 * promise (`ask(): Promise<Reply> { return new Promise(…) }`): callers can call it again before the
 * promise settles. Not the async-iterator protocol's `next()`/`return()`/`throw()`, which their
 * consumer (`for await`) calls one at a time.
 */
function publicApi(fn: FunctionNode): RunContext | null {
  const parent = fn.parent;
  const isMethod = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition';
  if (isMethod) {
    if (parent.type === 'MethodDefinition' && parent.kind !== 'method') return null;
    if (!isPublicMember(parent)) return null;
  } else if (!isExported(fn)) {
    return null;
  }
  if (!fn.async && (fn.generator || (isMethod && ITERATOR_PROTOCOL.has(propertyKeyName(parent) ?? '')) || !returnsPromise(fn))) return null;
  const what = isMethod ? (fn.async ? 'a public async method' : 'a public method that returns a promise') : fn.async ? 'an exported async function' : 'an exported function that returns a promise';
  return { kind: 'public-api', overlaps: true, node: isMethod ? parent : fn, reason: `${what}: callers can run it again before an earlier call has finished` };
}

/**
 * Whether a function that is not `async` returns a promise, by syntax alone (no checker): a return
 * type annotation `Promise<…>`/`PromiseLike<…>`, or a `return` (or arrow body) of `new Promise(…)`,
 * a `.then()`/`.catch()`/`.finally()` chain or a `Promise.<static>()` call.
 */
function returnsPromise(fn: FunctionNode): boolean {
  const annotation = fn.returnType?.typeAnnotation;
  if (annotation) return annotation.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' && PROMISE_TYPES.has(annotation.typeName.name);
  if (fn.body.type !== 'BlockStatement') return isPromiseExpression(fn.body);
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunction(node)) return;
    if (node.type === 'ReturnStatement') {
      found = node.argument !== null && isPromiseExpression(node.argument);
      return;
    }
    for (const key in node) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) for (const item of value) if (isNodeLike(item)) visit(item);
      if (isNodeLike(value)) visit(value);
    }
  };
  for (const statement of fn.body.body) visit(statement);
  return found;
}

function isPromiseExpression(node: TSESTree.Node): boolean {
  if (node.type === 'NewExpression') return node.callee.type === 'Identifier' && node.callee.name === 'Promise';
  if (node.type !== 'CallExpression') return false;
  const callee = calleeOf(node);
  if (callee.type !== 'MemberExpression') return false;
  return PROMISE_CHAIN.has(staticMemberName(callee) ?? '') || (callee.object.type === 'Identifier' && callee.object.name === 'Promise');
}

/** Promise types a return type annotation names. */
const PROMISE_TYPES: ReadonlySet<string> = new Set(['Promise', 'PromiseLike']);
const PROMISE_CHAIN: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
/** Methods of the async-iterator protocol: their consumer calls them one at a time. */
const ITERATOR_PROTOCOL: ReadonlySet<string> = new Set(['next', 'return', 'throw']);

function isPublicMember(member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition): boolean {
  return member.key.type !== 'PrivateIdentifier' && member.accessibility !== 'private' && member.accessibility !== 'protected';
}

/** A public method or an exported function: code outside the file decides how often it runs. */
function isPubliclyCallable(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === 'MethodDefinition') return parent.kind === 'method' && isPublicMember(parent);
  if (parent?.type === 'PropertyDefinition') return isPublicMember(parent);
  return isExported(fn);
}

function isExported(fn: FunctionNode): boolean {
  let at: TSESTree.Node | undefined = fn.parent;
  if (at?.type === 'VariableDeclarator') at = at.parent?.parent;
  else if (fn.type !== 'FunctionDeclaration') return false;
  return at?.type === 'ExportNamedDeclaration' || at?.type === 'ExportDefaultDeclaration';
}

/** Whether the caller waits for the call: `await f()`, `return f()`, `=> f()`. */
function isAwaited(call: TSESTree.CallExpression): boolean {
  const parent = skipParentWrappers(call);
  return parent?.type === 'AwaitExpression' || parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === wrapped(call));
}

/** The innermost declared function around `node`, climbing over callbacks. */
function enclosingNamed(node: TSESTree.Node): FunctionNode | null {
  for (let at = node.parent; at; at = at.parent) if (isFunction(at) && isDeclared(at)) return at;
  return null;
}

/** Whether `node` is inside a loop body of `fn` (not of a nested function). */
function inLoop(node: TSESTree.Node, fn: FunctionNode | null): boolean {
  for (let at = node.parent; at && at !== fn; at = at.parent) {
    if (isFunction(at)) return false;
    if (at.type === 'ForStatement' || at.type === 'ForInStatement' || at.type === 'ForOfStatement' || at.type === 'WhileStatement' || at.type === 'DoWhileStatement') return true;
  }
  return false;
}

/**
 * Whether a flag lets the code at `node` run once per object or module: an earlier
 * `if (flag) return;` (or `throw`) in `fn` whose flag `fn` sets, `node` inside `if (!flag) { … }`
 * that sets the flag, or `flag ??= …` / `flag ||= …`.
 */
export function guardedOnce(node: TSESTree.Node, fn: FunctionNode): boolean {
  const assigned = assignedNames(fn);
  if (assigned.size === 0) return false;
  const mentions = (test: TSESTree.Node): boolean => {
    let found = false;
    walk(test, { ...visitorKeysOfTest }, (n) => {
      const key = flagKey(n);
      if (key !== null && assigned.has(key)) found = true;
    });
    return found;
  };
  let child: TSESTree.Node = node;
  for (let at = node.parent; at && at !== fn; child = at, at = at.parent) {
    if (at.type === 'IfStatement' && at.consequent === child && mentions(at.test)) return true;
    if (at.type === 'AssignmentExpression' && (at.operator === '??=' || at.operator === '||=') && at.right === child && flagKey(at.left) !== null) return true;
    if (at.type === 'BlockStatement' && at.parent === fn) {
      for (const statement of at.body) {
        if (statement === child) break;
        if (statement.type === 'IfStatement' && exitsAlways(statement.consequent) && mentions(statement.test)) return true;
      }
    }
  }
  return false;
}

/** Visitor keys for walking a condition: only expression parts. */
const visitorKeysOfTest: Record<string, readonly string[]> = {
  UnaryExpression: ['argument'],
  LogicalExpression: ['left', 'right'],
  BinaryExpression: ['left', 'right'],
  MemberExpression: ['object'],
  ChainExpression: ['expression'],
  TSNonNullExpression: ['expression'],
  CallExpression: ['callee'],
};

function exitsAlways(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type === 'BlockStatement') {
    const last = statement.body.at(-1);
    return last !== undefined && exitsAlways(last);
  }
  return false;
}

/** `this.x` → `this.x`; `x` → `x`; anything else → null. */
function flagKey(node: TSESTree.Node): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
    const name = node.property.type === 'PrivateIdentifier' ? `#${node.property.name}` : staticMemberName(node);
    return name === null ? null : `this.${name}`;
  }
  return null;
}

const assignedNamesByFunction = new WeakMap<FunctionNode, ReadonlySet<string>>();

/** The flags `fn`'s own code assigns (`this.x = …`, `x = …`, `x ??= …`); kept per function. */
function assignedNames(fn: FunctionNode): ReadonlySet<string> {
  const cached = assignedNamesByFunction.get(fn);
  if (cached) return cached;
  const names = new Set<string>();
  // A variable the run declares empty (`let token; … token = await fetchToken(); if (!token) throw …`)
  // starts unset on every run: it guards nothing across runs. Fields and outer variables do, and so
  // does a local read from one (`let client = cache.get(key); if (!client) { … }`).
  const emptyLocals = new Set<string>();
  const visit = (node: TSESTree.Node): void => {
    if (node !== fn && isFunction(node) && node.type !== 'ArrowFunctionExpression') return;
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isEmptyValue(node.init) && enclosingFunction(node) === fn) emptyLocals.add(node.id.name);
    if (node.type === 'AssignmentExpression') {
      const key = flagKey(node.left);
      if (key !== null) names.add(key);
    }
    for (const key in node) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) for (const item of value) if (isNodeLike(item)) visit(item);
      if (isNodeLike(value)) visit(value);
    }
  };
  visit(fn.body);
  for (const local of emptyLocals) names.delete(local);
  assignedNamesByFunction.set(fn, names);
  return names;
}

/** No initializer, or `undefined`, `null`, `false`, `0`, `''`: a value that carries nothing from before the run. */
function isEmptyValue(init: TSESTree.Expression | null): boolean {
  if (init === null) return true;
  if (init.type === 'Identifier') return init.name === 'undefined';
  return init.type === 'Literal' && !init.value;
}

function isNodeLike(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
