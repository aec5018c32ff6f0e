import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { TSESTree } from '@typescript-eslint/utils';

import { calleeOf, isFunction, propertyKeyName, staticMemberName, type FunctionNode } from '../../syntax/ast.js';
import { LISTEN_METHODS, UNLISTEN_METHODS } from '../../model/events.js';
import { isGlobalName, variableOf } from '../flow/origins.js';
import { walk } from '../../syntax/walk.js';

/**
 * How the members of one class run relative to each other, for classes that a framework drives
 * through a start method and a `destroy()` (grpc-js resolvers): which members a member reaches
 * through `this`, what `destroy()` changes (the "signal" a late callback can check), and in which
 * context a piece of code runs — synchronously inside a member, in a callback that runs later,
 * deferred by one tick, or somewhere the class does not show.
 */

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export interface ClassMembers {
  readonly node: ClassNode;
  /** Instance methods and function-valued fields by name; the constructor as `constructor`. */
  readonly functions: ReadonlyMap<string, FunctionNode>;
}

export function membersOf(cls: ClassNode): ClassMembers {
  const functions = new Map<string, FunctionNode>();
  for (const element of cls.body.body) {
    if (element.type !== 'MethodDefinition' && element.type !== 'PropertyDefinition') continue;
    if (element.static || element.computed) continue;
    const name = element.type === 'MethodDefinition' && element.kind === 'constructor' ? 'constructor' : propertyKeyName(element);
    if (name === null || !element.value || !isFunction(element.value)) continue;
    if (element.type === 'MethodDefinition' && (element.kind === 'get' || element.kind === 'set')) continue;
    functions.set(name, element.value);
  }
  return { node: cls, functions };
}

/** `this.name` (not `this.name.x`'s `x`). */
export function thisMemberName(node: TSESTree.Node): string | null {
  return node.type === 'MemberExpression' && node.object.type === 'ThisExpression' ? staticMemberName(node) : null;
}

/** The class's own functions that `roots` reach through `this.m` (called or passed on), transitively. */
export function reachableMembers(members: ClassMembers, roots: readonly string[], sourceCode: Readonly<SourceCode>): Set<string> {
  const reached = new Set<string>();
  const queue = roots.filter((root) => members.functions.has(root));
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    walk(members.functions.get(name)!.body ?? members.functions.get(name)!, sourceCode.visitorKeys, (node) => {
      const used = thisMemberName(node);
      if (used !== null && members.functions.has(used) && !reached.has(used)) queue.push(used);
    });
  }
  return reached;
}

/** What a set of functions changes: fields written or mutated through `this`, and whether it aborts anything. */
export interface Signals {
  readonly members: ReadonlySet<string>;
  /** Fields on which it calls a method that cancels what they hold (`this.call.cancel()`, `this.watcher.close()`). */
  readonly cancelled: ReadonlySet<string>;
  readonly aborts: boolean;
}

/** Methods that stop a call, stream, watcher or controller so that its callbacks stop firing. */
const CANCEL_METHODS = new Set(['cancel', 'abort', 'destroy', 'close', 'removeAllListeners', 'unsubscribe', 'return']);

/** `this.x = …`, `this.x++`, `delete this.x`, `this.x.clear()`, `this.x.abort()`, and any `.abort()`. */
export function signalsOf(fns: readonly FunctionNode[], sourceCode: Readonly<SourceCode>): Signals {
  const members = new Set<string>();
  const cancelled = new Set<string>();
  let aborts = false;
  for (const fn of fns) {
    walk(fn.body ?? fn, sourceCode.visitorKeys, (node) => {
      let target: TSESTree.Node | null = null;
      if (node.type === 'AssignmentExpression') target = node.left;
      else if (node.type === 'UpdateExpression') target = node.argument;
      else if (node.type === 'UnaryExpression' && node.operator === 'delete') target = node.argument;
      else if (node.type === 'CallExpression') {
        const callee = calleeOf(node);
        if (callee.type === 'MemberExpression') {
          const method = staticMemberName(callee) ?? '';
          if (method === 'abort') aborts = true;
          target = callee.object;
          const field = thisRoot(target);
          if (field !== null && CANCEL_METHODS.has(method)) cancelled.add(field);
        }
      }
      const root = target && thisRoot(target);
      if (root !== null) members.add(root);
    });
  }
  return { members, cancelled, aborts };
}

/** `this.a.b.c` → `a`. */
function thisRoot(node: TSESTree.Node): string | null {
  let at = node;
  while (at.type === 'MemberExpression' || at.type === 'ChainExpression' || at.type === 'TSNonNullExpression') {
    if (at.type === 'MemberExpression') {
      const name = thisMemberName(at);
      if (name !== null) return name;
      at = at.object;
    } else at = at.expression;
  }
  return null;
}

/**
 * Whether an expression checks what `destroy()` signals: it reads a field that `destroy()` changes
 * (`generation !== this.generation`, `this.destroyed`, `this.pendingLookup === null`), reads
 * `.aborted` when `destroy()` aborts, or calls a member of the class that reads one of these.
 */
export function checksSignal(test: TSESTree.Node, signals: Signals, members: ClassMembers, sourceCode: Readonly<SourceCode>, depth = 0): boolean {
  let found = false;
  walk(test, sourceCode.visitorKeys, (node) => {
    if (found || (isFunction(node) && node !== test)) return false;
    if (node.type !== 'MemberExpression') return;
    const name = thisMemberName(node);
    if (name !== null && signals.members.has(name)) found = true;
    else if (signals.aborts && staticMemberName(node) === 'aborted') found = true;
    else if (name !== null && depth < 1 && node.parent.type === 'CallExpression' && node.parent.callee === node) {
      const helper = members.functions.get(name);
      if (helper?.body) found = checksSignal(helper.body, signals, members, sourceCode, depth + 1);
    }
  });
  return found;
}

/**
 * Where a piece of code runs, seen from the class member that contains it:
 * - `member`: synchronously inside that member's own call (unless a guard was passed on the way);
 * - `later`: in a callback or after an `await`, when `destroy()` may have run;
 * - `deferred`: in a `process.nextTick`/`setImmediate`/`queueMicrotask` callback: one tick later;
 * - `unknown`: in a function stored somewhere (an object literal, a field): the class does not say when.
 * `guarded` says that a check of `signals` dominates the code inside that context.
 */
export type RunContext =
  | { readonly kind: 'member'; readonly member: string; readonly guarded: boolean }
  | { readonly kind: 'later'; readonly guarded: boolean; readonly boundary: TSESTree.Node }
  | { readonly kind: 'deferred' | 'unknown' };

const DEFERRERS = new Set(['nextTick', 'setImmediate', 'queueMicrotask']);
/** Array and iteration methods that call their callback synchronously. */
const SYNC_CALLBACK_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'reduce', 'reduceRight', 'flatMap', 'sort', 'from']);

export function runContextOf(node: TSESTree.Node, members: ClassMembers, isGuard: (test: TSESTree.Node) => boolean, sourceCode: Readonly<SourceCode>): RunContext {
  let guarded = false;
  let at: TSESTree.Node = node;
  for (let parent = at.parent; parent; at = parent, parent = parent.parent) {
    if (parent.type === 'IfStatement' && at !== parent.test && isGuard(parent.test)) guarded = true;
    else if (parent.type === 'ConditionalExpression' && at !== parent.test && isGuard(parent.test)) guarded = true;
    else if (parent.type === 'LogicalExpression' && at === parent.right && isGuard(parent.left)) guarded = true;
    else if (parent.type === 'BlockStatement' || parent.type === 'SwitchCase' || parent.type === 'StaticBlock') {
      const statements: TSESTree.Node[] = parent.type === 'SwitchCase' ? parent.consequent : parent.body;
      for (const statement of statements) {
        if (statement === at) break;
        if (statement.type === 'IfStatement' && exits(statement.consequent) && isGuard(statement.test)) guarded = true;
      }
    }
    if (!isFunction(parent)) continue;
    const fn = parent;
    if (fn.async && awaitsBefore(fn, node.range[0], sourceCode)) return { kind: 'later', guarded, boundary: fn };
    const memberName = [...members.functions].find(([, member]) => member === fn)?.[0];
    if (memberName !== undefined) return { kind: 'member', member: memberName, guarded };
    const call = fn.parent;
    if ((call.type === 'CallExpression' || call.type === 'NewExpression') && call.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      const callee = calleeOf(call);
      const name = callee.type === 'MemberExpression' ? staticMemberName(callee) : callee.type === 'Identifier' ? callee.name : null;
      if (name !== null && DEFERRERS.has(name)) return { kind: 'deferred' };
      if (name === 'then' && callee.type === 'MemberExpression' && isBareResolve(callee.object, sourceCode)) return { kind: 'deferred' };
      if (call.type === 'NewExpression' && isGlobalName(callee, 'Promise', sourceCode)) continue; // the executor runs at once
      if (call.type === 'CallExpression' && callee.type === 'MemberExpression' && name !== null && SYNC_CALLBACK_METHODS.has(name)) continue;
      return { kind: 'later', guarded, boundary: fn };
    }
    return { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

/** `Promise.resolve()` with no argument: `.then` on it only defers by one microtask. */
function isBareResolve(node: TSESTree.Node, sourceCode: Readonly<SourceCode>): boolean {
  return (
    node.type === 'CallExpression' &&
    node.arguments.length === 0 &&
    node.callee.type === 'MemberExpression' &&
    staticMemberName(node.callee) === 'resolve' &&
    isGlobalName(node.callee.object, 'Promise', sourceCode)
  );
}

/** Whether an `await` or `for await` of `fn`'s own body starts before `position`. */
function awaitsBefore(fn: FunctionNode, position: number, sourceCode: Readonly<SourceCode>): boolean {
  let found = false;
  walk(fn.body, sourceCode.visitorKeys, (node) => {
    if (found || node.range[0] >= position || (isFunction(node) && node !== fn)) return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) found = true;
  });
  return found;
}

/** `return;`, `throw …`, `continue`, `break`, or a block that ends with one. */
function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === 'BlockStatement') {
    const last = statement.body.at(-1);
    return last !== undefined && exits(last);
  }
  return statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement' || statement.type === 'ContinueStatement' || statement.type === 'BreakStatement';
}

/** Every `this.name` in the class's own functions: call sites and references of a member. */
export function usesOfMember(members: ClassMembers, name: string, sourceCode: Readonly<SourceCode>): TSESTree.MemberExpression[] {
  const uses: TSESTree.MemberExpression[] = [];
  for (const fn of members.functions.values()) {
    walk(fn.body ?? fn, sourceCode.visitorKeys, (node) => {
      if (node.type === 'MemberExpression' && thisMemberName(node) === name) uses.push(node);
    });
  }
  return uses;
}

/**
 * Whether the work that resumes the code at `node` (inside `context`'s boundary) is cancelled by
 * `destroy()`, so that the code never runs after it: the promise, stream or call whose callback it is
 * (or whose `await` it follows) was started with an `AbortSignal` that `destroy()` aborts, or is held
 * in a field whose call/stream/watcher `destroy()` cancels (`this.call.cancel()`).
 */
export function resumedByCancelledWork(node: TSESTree.Node, boundary: TSESTree.Node, signals: Signals, sourceCode: Readonly<SourceCode>): boolean {
  const source = resumingSource(node, boundary, sourceCode);
  return source !== null && isCancelled(source, signals, sourceCode, 0);
}

const SUBSCRIBE_METHODS = new Set(['then', 'catch', 'finally', 'on', 'once', 'addListener']);

/** The expression whose settlement or event runs the code: a callback's receiver (or its call), or the last `await` before `node`. */
function resumingSource(node: TSESTree.Node, boundary: TSESTree.Node, sourceCode: Readonly<SourceCode>): TSESTree.Node | null {
  if (!isFunction(boundary)) return null;
  const call = boundary.parent;
  if ((call.type === 'CallExpression' || call.type === 'NewExpression') && (call.arguments as TSESTree.Node[]).includes(boundary)) {
    const callee = calleeOf(call);
    return call.type === 'CallExpression' && callee.type === 'MemberExpression' && SUBSCRIBE_METHODS.has(staticMemberName(callee) ?? '') ? callee.object : call;
  }
  let last: TSESTree.Node | null = null;
  walk(boundary.body, sourceCode.visitorKeys, (at) => {
    if (at.range[0] >= node.range[0] || (isFunction(at) && at !== boundary)) return false;
    if (at.type === 'AwaitExpression') last = at.argument;
    else if (at.type === 'ForOfStatement' && at.await) last = at.right;
  });
  return last;
}

function isCancelled(source: TSESTree.Node, signals: Signals, sourceCode: Readonly<SourceCode>, depth: number): boolean {
  // `this.watcher = new Watcher(cb)`: the value that runs the callback is held in a cancelled field.
  if (heldInCancelledField(source, signals)) return true;
  let at: TSESTree.Node = source;
  for (;;) {
    if (at.type === 'ChainExpression' || at.type === 'TSNonNullExpression' || at.type === 'TSAsExpression') at = at.expression;
    else if (at.type === 'CallExpression') {
      if (signals.aborts && at.arguments.some(passesSignal)) return true;
      at = calleeOf(at);
    } else if (at.type === 'MemberExpression') {
      const field = thisMemberName(at);
      if (field !== null) return signals.cancelled.has(field);
      at = at.object;
    } else break;
  }
  if (at.type !== 'Identifier' || depth > 1) return false;
  // `const call = this.call = client.watch(…)`, `this.call = call`, `const res = await fetch(url, { signal })`: one hop back.
  const variable = variableOf(at, sourceCode);
  if (variable?.references.some((reference) => heldInCancelledField(reference.identifier, signals))) return true;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || !def.node.init) return false;
  let init: TSESTree.Node = def.node.init;
  if (init.type === 'AwaitExpression') init = init.argument;
  if (init.type === 'AssignmentExpression' && thisMemberName(init.left) !== null && signals.cancelled.has(thisMemberName(init.left)!)) return true;
  return isCancelled(init.type === 'AssignmentExpression' ? init.right : init, signals, sourceCode, depth + 1);
}

/** `this.x = <node>` with `x` a field that `destroy()` cancels. */
function heldInCancelledField(node: TSESTree.Node, signals: Signals): boolean {
  const parent = node.parent;
  if (parent?.type !== 'AssignmentExpression' || parent.right !== node) return false;
  const field = thisMemberName(parent.left);
  return field !== null && signals.cancelled.has(field);
}

/** `{ signal }`, `{ signal: this.ac.signal }`, or a value named like a signal. */
function passesSignal(argument: TSESTree.CallExpressionArgument): boolean {
  if (argument.type === 'ObjectExpression') {
    return argument.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === 'signal');
  }
  const name = argument.type === 'Identifier' ? argument.name : argument.type === 'MemberExpression' ? staticMemberName(argument) : null;
  return name !== null && /signal$/i.test(name);
}

/** The timers a class may start, and the call that clears each one's handle. */
export const TIMER_CLEARS = { setTimeout: 'clearTimeout', setInterval: 'clearInterval' } as const;
export type TimerName = keyof typeof TIMER_CLEARS;

/** The field a timer's handle is kept in, and whether it is a collection of handles. */
export interface TimerHandle {
  readonly field: string;
  readonly collection: boolean;
}

/**
 * The field that keeps a timer's handle: `this.timer = setTimeout(…)` (also `.unref()`ed, or
 * through a local: `const t = setTimeout(…); this.timer = t`), or a collection
 * `this.timers.add(setTimeout(…))` (then `collection` is true).
 */
export function timerHandleField(timer: TSESTree.Node, sourceCode: Readonly<SourceCode>): TimerHandle | null {
  let at: TSESTree.Node = timer;
  if (at.parent?.type === 'MemberExpression' && at.parent.parent.type === 'CallExpression' && ['unref', 'ref'].includes(staticMemberName(at.parent) ?? '')) at = at.parent.parent;
  const parent = at.parent;
  if (parent?.type === 'AssignmentExpression' && parent.right === at) {
    const field = thisMemberName(parent.left);
    return field === null ? null : { field, collection: false };
  }
  if (parent?.type === 'CallExpression' && (parent.arguments as TSESTree.Node[]).includes(at) && parent.callee.type === 'MemberExpression') {
    const field = thisMemberName(skipWrappers(parent.callee.object));
    return field === null ? null : { field, collection: true };
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === at && parent.id.type === 'Identifier') {
    for (const reference of variableOf(parent.id, sourceCode)?.references ?? []) {
      const kept = timerHandleField(reference.identifier, sourceCode);
      if (kept) return kept;
    }
  }
  return null;
}

/** `clearTimeout(this.timer)` in one of `fns`; for a collection, a clear (`forEach(clearTimeout)`) beside a use of it. */
export function clearsTimer(fns: readonly FunctionNode[], clear: string, kept: TimerHandle, sourceCode: Readonly<SourceCode>): boolean {
  const isClear = (node: TSESTree.Node): boolean => node.type === 'Identifier' && (node.name === clear || node.name === 'clearTimeout');
  let cleared = false;
  let mentioned = false;
  for (const fn of fns) {
    walk(fn.body ?? fn, sourceCode.visitorKeys, (node) => {
      if (thisMemberName(node) === kept.field) mentioned = true;
      if (kept.collection) cleared ||= isClear(node);
      else if (node.type === 'CallExpression' && isClear(node.callee) && node.arguments[0] && thisMemberName(skipWrappers(node.arguments[0])) === kept.field) cleared = true;
    });
  }
  return cleared && (!kept.collection || mentioned);
}

/**
 * Whether `fns` (what `destroy()` runs) stop the callback passed at `position` from running again:
 * - a `setTimeout`/`setInterval` callback whose handle is kept in a field that they clear;
 * - an event listener (`emitter.on(event, handler)`) that they remove: `off`/`removeListener` of
 *   the same emitter, event and handler (a field or a variable: one function object), or
 *   `removeAllListeners()` of the emitter (for that event or all).
 * `position` is a call argument: a function, or a reference to one.
 */
export function registrationStoppedBy(position: TSESTree.Node, fns: readonly FunctionNode[], sourceCode: Readonly<SourceCode>): boolean {
  const call = position.parent;
  if (call?.type !== 'CallExpression' || !(call.arguments as TSESTree.Node[]).includes(position)) return false;
  const callee = calleeOf(call);
  if (callee.type === 'Identifier' && call.arguments[0] === position) {
    const timer = callee.name === 'setTimeout' || callee.name === 'setInterval' ? callee.name : null;
    if (!timer || !isGlobalName(callee, timer, sourceCode)) return false;
    const kept = timerHandleField(call, sourceCode);
    return kept !== null && clearsTimer(fns, TIMER_CLEARS[timer], kept, sourceCode);
  }
  if (callee.type !== 'MemberExpression' || !LISTEN_METHODS.has(staticMemberName(callee) ?? '') || call.arguments[1] !== position) return false;
  const emitter = callee.object;
  const event = call.arguments[0];
  let removed = false;
  for (const fn of fns) {
    walk(fn.body ?? fn, sourceCode.visitorKeys, (node) => {
      if (removed) return false;
      if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return;
      const method = staticMemberName(node.callee) ?? '';
      if (!sameReference(node.callee.object, emitter, sourceCode)) return;
      const [removedEvent, handler] = node.arguments;
      if (method === 'removeAllListeners') removed = removedEvent === undefined || (event !== undefined && sameEvent(removedEvent, event, sourceCode));
      else if (UNLISTEN_METHODS.has(method)) {
        removed = removedEvent !== undefined && event !== undefined && sameEvent(removedEvent, event, sourceCode) && handler !== undefined && sameReference(handler, position, sourceCode);
      }
    });
    if (removed) return true;
  }
  return false;
}

/**
 * Whether two expressions name the same object or function in every function of a class: `this`,
 * `this.a.b` (static names), or an identifier bound to the same variable. Calls (`f.bind(this)`
 * makes a new function each time), computed members and literals are never the same.
 */
function sameReference(a: TSESTree.Node, b: TSESTree.Node, sourceCode: Readonly<SourceCode>): boolean {
  const x = skipWrappers(a);
  const y = skipWrappers(b);
  if (x.type === 'ThisExpression' || y.type === 'ThisExpression') return x.type === y.type;
  if (x.type === 'Identifier' && y.type === 'Identifier') {
    const variable = x.name === y.name ? variableOf(x, sourceCode) : null;
    return variable !== null && variable === variableOf(y, sourceCode);
  }
  if (x.type === 'MemberExpression' && y.type === 'MemberExpression') {
    const name = staticMemberName(x);
    return name !== null && name === staticMemberName(y) && sameReference(x.object, y.object, sourceCode);
  }
  return false;
}

/** The same event: equal literals, or the same reference (`Events.HOSTS`). */
function sameEvent(a: TSESTree.Node, b: TSESTree.Node, sourceCode: Readonly<SourceCode>): boolean {
  if (a.type === 'Literal' && b.type === 'Literal') return a.value === b.value;
  return sameReference(a, b, sourceCode);
}

function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let at = node;
  while (at.type === 'ChainExpression' || at.type === 'TSNonNullExpression' || at.type === 'TSAsExpression') at = at.expression;
  return at;
}
