import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { DOM_LISTEN_METHOD, RECURRING_LISTEN_METHODS } from '../../model/events.js';
import type { RpcModel } from '../../model/index.js';
import { EVENT_ITERATORS, ONCE_WAITERS } from '../../model/stream-errors.js';
import { calleeOf, isFunction, staticMemberName, wrapped, type FunctionNode } from '../../syntax/ast.js';
import { walk } from '../../syntax/walk.js';
import { isGlobalName, skipTypeWrappers, variableOf } from '../flow/origins.js';

/**
 * Work a streaming server handler starts that outlives the call when the client goes away
 * (RPC-FACTS.md §7.2, §7.3, run on the real libraries):
 * - grpc-js: a cancelled call emits `'cancelled'` and `'close'` and sets `call.cancelled`, but a
 *   `setInterval`, a listener on another emitter or a `while (true)` loop that writes keeps running;
 *   its writes are dropped. Stopped by a `'cancelled'`/`'close'` listener or a `call.cancelled` check.
 * - nice-grpc and connect: the library aborts `context.signal` and returns the handler's generator
 *   at its next `yield` (so `while (true) { yield x; await sleep() }` is safe), but a timer or listener
 *   the generator started and does not clean up in `finally`, a loop that yields only when something
 *   changes, and an `await` on an event without the signal keep running or stay parked.
 * Each finder returns the producers that nothing in the handler stops, first first; anything it
 * cannot follow (the call or context handed to other code) counts as stopping them.
 */
export type Producer =
  | { readonly kind: 'timer'; readonly node: TSESTree.CallExpression }
  | { readonly kind: 'listener'; readonly node: TSESTree.CallExpression; readonly target: string; readonly method: string; readonly event: string | null }
  | { readonly kind: 'loop'; readonly node: TSESTree.Node }
  | { readonly kind: 'changeLoop'; readonly node: TSESTree.Node }
  | { readonly kind: 'wait'; readonly node: TSESTree.Node; readonly what: string };

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Events of a grpc-js server call that say the client has gone: a listener there can stop the work. */
const CANCEL_EVENTS: ReadonlySet<string> = new Set(['cancelled', 'close']);
/** `'end'` of a bidi call's readable side comes first when the client goes away (§7.2). */
const DUPLEX_CANCEL_EVENTS: ReadonlySet<string> = new Set([...CANCEL_EVENTS, 'end']);
/** Members of a grpc-js server call that tell whether the client is still there. */
const LIVENESS_MEMBERS: ReadonlySet<string> = new Set(['cancelled', 'destroyed', 'closed', 'writable', 'writableEnded']);
/** Registrations that keep a listener until it is removed: `on`, `addListener`, `addEventListener`, `subscribe`. */
const SUBSCRIBE_METHODS: ReadonlySet<string> = new Set([...RECURRING_LISTEN_METHODS, DOM_LISTEN_METHOD, 'subscribe']);
/** Calls that take work down: clearing a timer, removing a listener, closing what the handler opened. */
const CLEANUP_NAMES: ReadonlySet<string> = new Set([
  'clearInterval',
  'clearTimeout',
  'removeListener',
  'removeAllListeners',
  'removeEventListener',
  'off',
  'unsubscribe',
  'dispose',
  'close',
  'destroy',
  'abort',
  'cancel',
  'end',
  'return',
]);
/** Events of a source after which it sends nothing more: a listener on it is bounded by its end. */
const SOURCE_END_EVENTS: ReadonlySet<string> = new Set(['end', 'close', 'finish']);
/**
 * A grpc-js handler's listener for `'error'` runs at most once, when its source fails (a stream is then
 * destroyed): no work that runs on after a cancel. It does not bound the source's other listeners.
 */
const FAILURE_EVENT = 'error';

export interface GrpcHandler {
  readonly fn: FunctionNode;
  /** The name of the call parameter. */
  readonly call: string;
  /** A bidi call: its readable side ends when the client goes away. */
  readonly duplex: boolean;
}

/** grpc-js: producers that write to the call and that nothing stops when the client cancels. */
export function grpcProducers(handler: GrpcHandler, sourceCode: SourceCode): Producer[] {
  const { fn, call } = handler;
  const isCall = (node: TSESTree.Node): boolean => {
    const at = skipTypeWrappers(node);
    return at.type === 'Identifier' && at.name === call && variableOf(at, sourceCode)?.defs[0]?.node === fn;
  };
  const cancelEvents = handler.duplex ? DUPLEX_CANCEL_EVENTS : CANCEL_EVENTS;
  let honours = false;
  const producers: Producer[] = [];
  const cleared = { timers: false, listeners: false };
  const endedSources = new Set<string>();
  walk(fn.body, sourceCode.visitorKeys, (node) => {
    if (honours) return false;
    if (node.type === 'Identifier' && isCall(node)) {
      if (callHandedOn(node)) honours = true;
      return;
    }
    if (node.type === 'MemberExpression' && isCall(node.object) && LIVENESS_MEMBERS.has(staticMemberName(node) ?? '') && !isCalled(node)) {
      honours = true; // `call.cancelled`
      return;
    }
    if (node.type !== 'CallExpression') return;
    const callee = calleeOf(node);
    const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
    const event = literal(node.arguments[0]);
    if (callee.type === 'MemberExpression' && isCall(callee.object)) {
      if (method !== null && (RECURRING_LISTEN_METHODS.has(method) || method === 'once' || method === 'prependOnceListener') && event !== null && cancelEvents.has(event)) honours = true;
      return;
    }
    noteCleanup(node, cleared);
    if (callee.type === 'MemberExpression' && method !== null && RECURRING_LISTEN_METHODS.has(method) && event !== null && SOURCE_END_EVENTS.has(event)) {
      endedSources.add(normalized(callee.object, sourceCode));
    }
    const producer = producerOf(node, sourceCode, (n) => mentions(n, isCall, sourceCode));
    if (producer) producers.push(producer);
  });
  if (!honours) walkLoops(fn, sourceCode, (loop, body) => {
    if (writesTo(body, isCall, sourceCode) && awaits(body, sourceCode)) producers.push({ kind: 'loop', node: loop });
  });
  if (honours) return [];
  return producers
    .filter((p) => !(p.kind === 'timer' && cleared.timers) && !(p.kind === 'listener' && (cleared.listeners || endedSources.has(p.target) || p.event === FAILURE_EVENT)))
    .sort((a, b) => a.node.range[0] - b.node.range[0]);
}

export interface GeneratorHandler {
  readonly fn: FunctionNode;
  /** How the code reaches the abort signal: the context parameter's name, or a destructured `signal`. */
  readonly context: string | null;
  readonly signal: string | null;
}

/** nice-grpc / connect generators: work that outlives the generator's return at its next `yield`. */
export function generatorProducers(handler: GeneratorHandler, model: RpcModel, sourceCode: SourceCode): Producer[] {
  const { fn } = handler;
  const isContext = (node: TSESTree.Node): boolean => {
    const at = skipTypeWrappers(node);
    return at.type === 'Identifier' && (at.name === handler.context || at.name === handler.signal) && variableOf(at, sourceCode)?.defs[0]?.node === fn;
  };
  const isSignal = (node: TSESTree.Node): boolean =>
    (handler.signal !== null && isContext(node) && skipTypeWrappers(node).type === 'Identifier' && (skipTypeWrappers(node) as TSESTree.Identifier).name === handler.signal) ||
    (node.type === 'MemberExpression' && isContext(node.object) && staticMemberName(node) === 'signal');
  const signalAware = (node: TSESTree.Node): boolean => mentions(node, (n) => isSignal(n) || (isContext(n) && contextHandedOn(n)), sourceCode);
  const producers: Producer[] = [];
  const cleanup = { timers: false, listeners: false };
  walk(fn.body, sourceCode.visitorKeys, (node) => {
    if (node.type === 'TryStatement' && node.finalizer) noteCleanupIn(node.finalizer, cleanup, sourceCode);
    if (node.type !== 'CallExpression') return;
    const callee = calleeOf(node);
    // `signal.addEventListener('abort', () => clearInterval(t))`: cleanup on abort.
    if (callee.type === 'MemberExpression' && isSignal(callee.object)) {
      for (const argument of node.arguments) if (isFunction(argument)) noteCleanupIn(argument, cleanup, sourceCode);
      return;
    }
    const producer = producerOf(node, sourceCode, () => true);
    if (!producer || signalAware(node)) return;
    // `addEventListener(type, fn, { signal })`: removed on abort.
    if (producer.kind === 'listener' && node.arguments.some((a) => a.type === 'ObjectExpression' && signalAware(a))) return;
    producers.push(producer);
  });
  walkLoops(fn, sourceCode, (loop, body) => {
    if (signalAware(loop)) return;
    const wait = eventWaitIn(body, model, sourceCode);
    if (wait) producers.push(wait);
    else if (yieldsOnlyOnChange(body, sourceCode) && awaits(body, sourceCode)) producers.push({ kind: 'changeLoop', node: loop });
  });
  // `for await (const ev of on(bus, 'x'))`: each round parks until the next event.
  walk(fn.body, sourceCode.visitorKeys, (node) => {
    if (isFunction(node)) return false;
    if (node.type === 'ForOfStatement' && node.await && node.right.type === 'CallExpression' && model.valueIs(calleeOf(node.right), EVENT_ITERATORS) && !signalAware(node.right)) {
      producers.push({ kind: 'wait', node: node.right, what: `\`${sourceCode.getText(calleeOf(node.right))}(…)\`` });
    }
  });
  return producers
    .filter((p) => !(p.kind === 'timer' && cleanup.timers) && !(p.kind === 'listener' && cleanup.listeners))
    .sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** `setInterval(fn, …)` or a recurring registration on another value (`bus.on(e, fn)`, `source.subscribe(fn)`) whose callback `relevant` accepts. */
function producerOf(call: TSESTree.CallExpression, sourceCode: SourceCode, relevant: (callback: TSESTree.Node) => boolean): Producer | null {
  const callee = calleeOf(call);
  const callback = call.arguments.find((a) => isFunction(a) || (a.type === 'ObjectExpression' && a.properties.some((p) => p.type === 'Property' && isFunction(p.value))));
  if (!callback) return null;
  if (isGlobalName(callee, 'setInterval', sourceCode)) return relevant(callback) ? { kind: 'timer', node: call } : null;
  if (callee.type !== 'MemberExpression') return null;
  const method = staticMemberName(callee);
  if (method === null || !SUBSCRIBE_METHODS.has(method)) return null;
  const event = method === 'subscribe' ? null : literal(call.arguments[0]);
  if (method !== 'subscribe' && call.arguments[1] !== callback) return null;
  if (event !== null && SOURCE_END_EVENTS.has(event)) return null; // runs once, when the source ends
  return relevant(callback) ? { kind: 'listener', node: call, target: normalized(callee.object, sourceCode), method, event } : null;
}

/** Notes what a call takes down: a timer (`clearInterval`) or listeners (`off`, `unsubscribe`, `close`, …). */
function noteCleanup(call: TSESTree.CallExpression, cleared: { timers: boolean; listeners: boolean }): void {
  const callee = calleeOf(call);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
  if (name === null || !CLEANUP_NAMES.has(name)) return;
  if (name === 'clearInterval' || name === 'clearTimeout') cleared.timers = true;
  else cleared.listeners = true;
}

function noteCleanupIn(root: TSESTree.Node, cleared: { timers: boolean; listeners: boolean }, sourceCode: SourceCode): void {
  walk(root, sourceCode.visitorKeys, (node) => {
    if (node.type === 'CallExpression') noteCleanup(node, cleared);
  });
}

/**
 * The loops of `fn` (nested async functions too) that run until something outside stops them: no
 * test, a truthy literal, or a flag (`running`, `!this.stopped`), and no `break` or `return` out of them.
 */
function walkLoops(fn: FunctionNode, sourceCode: SourceCode, visit: (loop: TSESTree.Node, body: TSESTree.Statement) => void): void {
  walk(fn.body, sourceCode.visitorKeys, (node) => {
    if ((node.type === 'WhileStatement' || node.type === 'DoWhileStatement' || node.type === 'ForStatement') && runsUntilStopped(node.test) && !leavesEarly(node, sourceCode)) {
      visit(node, node.body);
    }
  });
}

function runsUntilStopped(test: TSESTree.Expression | null): boolean {
  if (!test) return true;
  const at = test.type === 'UnaryExpression' && test.operator === '!' ? test.argument : test;
  if (at.type === 'Literal') return Boolean(at.value);
  return at.type === 'Identifier' || (at.type === 'MemberExpression' && at.object.type === 'ThisExpression');
}

/** A `break` or `return` in the loop's own code that leaves it (not a nested loop's, not a nested function's). */
function leavesEarly(loop: TSESTree.Node, sourceCode: SourceCode): boolean {
  let found = false;
  walk((loop as TSESTree.WhileStatement).body, sourceCode.visitorKeys, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type === 'ReturnStatement') found = true;
    else if (node.type === 'BreakStatement') found = node.label !== null || !insideInnerBreakable(node, loop);
  });
  return found;
}

function insideInnerBreakable(node: TSESTree.Node, loop: TSESTree.Node): boolean {
  for (let at = node.parent; at && at !== loop; at = at.parent) {
    if (at.type === 'WhileStatement' || at.type === 'DoWhileStatement' || at.type === 'ForStatement' || at.type === 'ForOfStatement' || at.type === 'ForInStatement' || at.type === 'SwitchStatement') return true;
  }
  return false;
}

/** `call.write(…)` in `root`'s own code. */
function writesTo(root: TSESTree.Node, isCall: (node: TSESTree.Node) => boolean, sourceCode: SourceCode): boolean {
  let found = false;
  walk(root, sourceCode.visitorKeys, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type === 'CallExpression') {
      const callee = calleeOf(node);
      if (callee.type === 'MemberExpression' && staticMemberName(callee) === 'write' && isCall(callee.object)) found = true;
    }
  });
  return found;
}

/** An `await` or `for await` in `root`'s own code: the loop yields to the event loop each round. */
function awaits(root: TSESTree.Node, sourceCode: SourceCode): boolean {
  let found = false;
  walk(root, sourceCode.visitorKeys, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) found = true;
  });
  return found;
}

/** Yields in the loop body, every one of them under a condition: a round can end without reaching one. */
function yieldsOnlyOnChange(body: TSESTree.Statement, sourceCode: SourceCode): boolean {
  const yields: TSESTree.YieldExpression[] = [];
  walk(body, sourceCode.visitorKeys, (node) => {
    if (isFunction(node)) return false;
    if (node.type === 'YieldExpression') yields.push(node);
  });
  return yields.length > 0 && yields.every((y) => conditional(y, body));
}

function conditional(node: TSESTree.Node, body: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let at = node.parent; at && child !== body; child = at, at = at.parent) {
    if (at.type === 'IfStatement' && at.test !== child) return true;
    if (at.type === 'ConditionalExpression' && at.test !== child) return true;
    if (at.type === 'LogicalExpression' && at.right === child) return true;
    if (at.type === 'SwitchCase' || at.type === 'CatchClause') return true;
    if (at.type === 'ForOfStatement' || at.type === 'ForInStatement' || at.type === 'ForStatement' || at.type === 'WhileStatement') return true;
  }
  return false;
}

/**
 * `await once(bus, 'x')` or `await new Promise((resolve) => bus.once('x', resolve))` in the loop's
 * own code: it parks until the event comes, and only the signal could wake it.
 */
function eventWaitIn(body: TSESTree.Statement, model: RpcModel, sourceCode: SourceCode): Producer | null {
  let found: Producer | null = null;
  walk(body, sourceCode.visitorKeys, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type !== 'AwaitExpression') return;
    const value = skipTypeWrappers(node.argument);
    if (value.type === 'CallExpression' && model.valueIs(calleeOf(value), ONCE_WAITERS)) {
      found = { kind: 'wait', node: value, what: `\`${sourceCode.getText(calleeOf(value))}(…)\`` };
    } else if (value.type === 'NewExpression' && isGlobalName(calleeOf(value), 'Promise', sourceCode) && isFunction(value.arguments[0]) && waitsForEvent(value.arguments[0], sourceCode)) {
      found = { kind: 'wait', node: value, what: 'a `new Promise` that waits for an event' };
    }
  });
  return found;
}

/** A promise executor that registers a listener and starts no timer. */
function waitsForEvent(executor: FunctionNode, sourceCode: SourceCode): boolean {
  let listens = false;
  let timer = false;
  walk(executor.body, sourceCode.visitorKeys, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = calleeOf(node);
    if (callee.type === 'Identifier' && (isGlobalName(callee, 'setTimeout', sourceCode) || isGlobalName(callee, 'setInterval', sourceCode) || isGlobalName(callee, 'setImmediate', sourceCode))) timer = true;
    const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
    if (method !== null && (SUBSCRIBE_METHODS.has(method) || method === 'once')) listens = true;
  });
  return listens && !timer;
}

/** Whether `root` contains a node that `test` accepts. */
function mentions(root: TSESTree.Node, test: (node: TSESTree.Node) => boolean, sourceCode: SourceCode): boolean {
  let found = false;
  walk(root, sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (test(node)) found = true;
  });
  return found;
}

/**
 * The call is passed to other code, stored or returned: that code may stop the work when the client goes.
 * A cast (`call as unknown as Writable`) hands on the same call.
 */
function callHandedOn(id: TSESTree.Identifier): boolean {
  const value = wrapped(id);
  const parent = value.parent;
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.object === value) return false;
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(value as TSESTree.CallExpressionArgument)) return true;
  return ['ReturnStatement', 'ArrayExpression', 'Property', 'AssignmentExpression', 'VariableDeclarator', 'SpreadElement', 'YieldExpression'].includes(parent.type);
}

/** The context object is passed to other code, which may use its signal. */
function contextHandedOn(id: TSESTree.Node): boolean {
  const parent = id.parent;
  return (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(id as TSESTree.CallExpressionArgument);
}

function isCalled(member: TSESTree.MemberExpression): boolean {
  return member.parent?.type === 'CallExpression' && member.parent.callee === member;
}

function literal(node: TSESTree.Node | undefined): string | null {
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : null;
}

function normalized(node: TSESTree.Node, sourceCode: SourceCode): string {
  return sourceCode.getText(skipTypeWrappers(node)).replace(/\s+|\?(?=\.)|!/g, '');
}
