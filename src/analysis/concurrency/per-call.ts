import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { DOM_LISTEN_METHOD, LISTEN_METHODS } from '../../model/events.js';
import { calleeOf, enclosingFunction, isFunction, propertyKeyName, staticMemberName, type FunctionNode } from '../../syntax/ast.js';
import { functionNameOf } from './close-paths.js';
import { guardedOnce, type ConcurrencyAnalysis } from './concurrency.js';
import { classOfThis, isGlobalName, skipTypeWrappers, variableOf } from '../flow/origins.js';
import { walk } from '../../syntax/walk.js';

/**
 * Where code runs again and again over the life of a process: once per loop iteration, per timer
 * tick, per event, per incoming RPC, per retry or reconnect — and, through its call sites in the
 * file, code of a function that such code calls. Rule-agnostic; `no-client-per-call` asks it
 * where a connection is opened.
 *
 * It builds on `ConcurrencyAnalysis.contextOf` for the position of a callback (timer, listener,
 * async array callback, server handler) and adds what "runs per call" needs beyond "may overlap":
 * loops, retries (a function that schedules itself again, a listener of a stream's or channel's
 * `'end'`/`'error'`/`'close'`/`'status'`), and callers that run per call. It stops (null) where the
 * code runs once: module scope, constructors and field initialisers (an object's own setup; the
 * places that make the object per call are seen where the object is made), exported or public
 * functions nobody here calls (`onModuleInit`), callbacks of unknown functions, pool factory
 * callbacks (`create`/`factory`), and below a once-guard (`if (this.x) return`, `x ??= …`).
 */

/** `rpc`: once per outgoing RPC (an interceptor, a metadata generator, the accessor of the client an RPC is made on). */
export type RepeatKind = 'loop' | 'timer' | 'event' | 'handler' | 'retry' | 'rpc';

export interface Repeat {
  readonly kind: RepeatKind;
  /** What makes it repeat: the loop, the registration, the call site. */
  readonly node: TSESTree.Node;
  /** For messages, the one place the repeat comes from: "the `for…of` loop on line 12", "a server method handler registered with …". */
  readonly reason: string;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Events after which code that runs is a reconnect: the stream or channel ended or failed. */
const RECONNECT_EVENTS: ReadonlySet<string> = new Set(['end', 'error', 'close', 'status']);
/** Events a process or server emits once (shutdown signals, `'listening'`): their listeners run once, whatever `on` says. */
const ONCE_PER_PROCESS_EVENTS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'beforeExit', 'exit', 'listening']);
/** Keys of an options object whose function a pool calls to fill itself (generic-pool, tarn, own pools). */
const POOL_FACTORY_KEYS: ReadonlySet<string> = new Set(['create', 'factory']);
const LISTEN: ReadonlySet<string> = new Set([...LISTEN_METHODS, DOM_LISTEN_METHOD]);
/** How many call sites deep the analysis follows a function to code that repeats. */
const MAX_DEPTH = 4;

export class PerCallAnalysis {
  private readonly byFunction = new Map<FunctionNode, Repeat | null>();
  private readonly inProgress = new Set<FunctionNode>();
  private readonly thisReferences = new Map<TSESTree.ClassBody, ReadonlyMap<string, TSESTree.MemberExpression[]>>();
  private depth = 0;

  constructor(
    private readonly concurrency: ConcurrencyAnalysis,
    private readonly sourceCode: SourceCode,
  ) {}

  /**
   * How the code at `node` repeats, or null when it runs once (or nothing is known). A once-guard
   * around `node` is not looked at here (it costs a walk of the function): ask `isGuardedOnce`.
   */
  repeatOf(node: TSESTree.Node): Repeat | null {
    let child: TSESTree.Node = node;
    for (let at = node.parent; at; child = at, at = at.parent) {
      const loop = loopRepeat(at, child);
      if (loop) return loop;
      if (at.type === 'PropertyDefinition' || at.type === 'StaticBlock') return null; // class setup
      if (isFunction(at)) return this.functionRepeat(at);
    }
    return null;
  }

  /** `if (this.client) return; this.client = …`, `if (!x) { x = … }`, `x ??= …` around `node` in its function. */
  isGuardedOnce(node: TSESTree.Node): boolean {
    const fn = enclosingFunction(node);
    return fn !== null && guardedOnce(node, fn);
  }

  /** How a run of `fn`'s body repeats (memoised); null while it is being computed (recursion). */
  private functionRepeat(fn: FunctionNode): Repeat | null {
    if (this.byFunction.has(fn)) return this.byFunction.get(fn)!;
    if (this.inProgress.has(fn) || this.depth >= MAX_DEPTH) return null;
    this.inProgress.add(fn);
    this.depth++;
    let repeat: Repeat | null;
    try {
      repeat = this.computeFunctionRepeat(fn);
    } finally {
      this.depth--;
      this.inProgress.delete(fn);
    }
    this.byFunction.set(fn, repeat);
    return repeat;
  }

  private computeFunctionRepeat(fn: FunctionNode): Repeat | null {
    if (isPoolFactory(fn)) return null;
    const member = fn.parent;
    if (member?.type === 'MethodDefinition' && (member.kind === 'constructor' || member.static)) return null;
    const context = this.concurrency.contextOf(fn);
    switch (context?.kind) {
      case 'server-handler':
        return { kind: 'handler', node: context.node, reason: firstClause(context.reason) };
      case 'array-callback':
        return { kind: 'loop', node: context.node, reason: `the async callback of ${callLabel(context.node)} on line ${context.node.loc.start.line}` };
      case 'timer':
        // setInterval ticks; a one-shot timer runs once per run of the code that schedules it.
        return context.overlaps ? { kind: 'timer', node: context.node, reason: firstClause(context.reason) } : this.scheduledFrom(fn);
      case 'event-handler': {
        const event = eventNameOf(context.node);
        if (event !== null && ONCE_PER_PROCESS_EVENTS.has(event)) return this.scheduledFrom(fn);
        if (event !== null && RECONNECT_EVENTS.has(event)) {
          return { kind: 'retry', node: context.node, reason: `the \`'${event}'\` listener on line ${context.node.loc.start.line}` };
        }
        return context.overlaps ? { kind: 'event', node: context.node, reason: firstClause(context.reason) } : this.scheduledFrom(fn);
      }
      case 'combinator':
        return this.repeatOf(fn);
      default:
        break;
    }
    if (!isNamed(fn)) return this.isInline(fn) ? this.repeatOf(fn) : null;
    return this.fromCallSites(fn);
  }

  /**
   * A one-shot timer or `once` listener repeats when the code that registers it repeats (a
   * callback that calls its enclosing function again is seen from that function's call sites).
   */
  private scheduledFrom(fn: FunctionNode): Repeat | null {
    return this.repeatOf(fn);
  }

  /** IIFEs, promise callbacks and `new Promise` executors run where they stand. */
  private isInline(fn: FunctionNode): boolean {
    const parent = skipWrappersUp(fn);
    if (parent?.type === 'CallExpression' && skipTypeWrappers(parent.callee) === fn) return true;
    if (parent?.type === 'NewExpression' && isGlobalName(calleeOf(parent), 'Promise', this.sourceCode)) return true;
    if (parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression') {
      const method = staticMemberName(parent.callee);
      return method === 'then' || method === 'catch' || method === 'finally';
    }
    return false;
  }

  /**
   * A named function or method repeats when one of its call sites does, or when it schedules
   * itself again (a retry/reconnect loop). References passed to `setInterval` or a listener
   * registration count as call sites of that kind.
   */
  private fromCallSites(fn: FunctionNode): Repeat | null {
    const name = functionNameOf(fn) ?? 'this function';
    for (const reference of this.referencesOf(fn)) {
      const use = referenceUse(reference);
      const line = reference.loc.start.line;
      if (use.type === 'CallExpression' && use.callee === reference) {
        if (isInside(use, fn)) {
          return { kind: 'retry', node: use, reason: `\`${name}()\` calling itself on line ${line}` };
        }
        const around = this.repeatOf(use);
        if (around) return { ...around, node: use };
        continue;
      }
      if (use.type !== 'CallExpression') continue;
      const registered = this.registrationRepeat(use, reference, fn, name);
      if (registered) return registered;
    }
    return null;
  }

  /** `setInterval(f)`, `setTimeout(f)`, `x.on('end', f)` with `f` (or `this.f`, `f.bind(this)`) as the callback. */
  private registrationRepeat(call: TSESTree.CallExpression, reference: TSESTree.Node, fn: FunctionNode, name: string): Repeat | null {
    const callee = calleeOf(call);
    const line = call.loc.start.line;
    const argument = call.arguments.find((a) => a === reference || (a.type === 'CallExpression' && a.callee.type === 'MemberExpression' && a.callee.object === reference));
    if (!argument) return null;
    if (callee.type === 'Identifier') {
      if (call.arguments[0] !== argument) return null;
      if (isGlobalName(callee, 'setInterval', this.sourceCode)) {
        return { kind: 'timer', node: call, reason: `the \`setInterval\` on line ${line}` };
      }
      if (isGlobalName(callee, 'setTimeout', this.sourceCode) || isGlobalName(callee, 'setImmediate', this.sourceCode)) {
        if (isInside(call, fn)) return { kind: 'retry', node: call, reason: `\`${name}()\` rescheduling itself with \`${callee.name}\` on line ${line}` };
        const around = this.repeatOf(call);
        return around ? { ...around, node: call } : null;
      }
      return null;
    }
    if (callee.type !== 'MemberExpression' || !LISTEN.has(staticMemberName(callee) ?? '') || call.arguments[1] !== argument) return null;
    const event = eventNameOf(call);
    const method = staticMemberName(callee);
    const reconnects = event !== null && RECONNECT_EVENTS.has(event);
    if (reconnects) {
      return { kind: 'retry', node: call, reason: `the \`'${event}'\` listener on line ${line}` };
    }
    if (method === 'once' || method === 'prependOnceListener' || (event !== null && ONCE_PER_PROCESS_EVENTS.has(event))) {
      const around = this.repeatOf(call);
      return around ? { ...around, node: call } : null;
    }
    return { kind: 'event', node: call, reason: `the ${event === null ? 'event' : `\`'${event}'\``} listener \`${name}()\` on line ${line}` };
  }

  /** Identifiers and `this.name` expressions that refer to `fn` in this file. */
  private referencesOf(fn: FunctionNode): TSESTree.Node[] {
    const member = fn.parent;
    if (member?.type === 'MethodDefinition' || member?.type === 'PropertyDefinition') {
      const name = propertyKeyName(member) ?? (member.key.type === 'PrivateIdentifier' ? member.key.name : null);
      return name === null || member.static ? [] : [...(this.thisReferencesOf(member.parent).get(name) ?? [])];
    }
    const id = fn.type === 'FunctionDeclaration' ? fn.id : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id : null;
    const variable = id ? variableOf(id, this.sourceCode) : null;
    return (variable?.references ?? []).filter((r) => !r.init).map((r) => r.identifier as TSESTree.Node);
  }

  /** `this.name` reads in a class's own code, by member name: one walk per class. */
  private thisReferencesOf(classBody: TSESTree.ClassBody): ReadonlyMap<string, TSESTree.MemberExpression[]> {
    let byName = this.thisReferences.get(classBody);
    if (!byName) {
      const found = new Map<string, TSESTree.MemberExpression[]>();
      walk(classBody, this.sourceCode.visitorKeys, (node) => {
        if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') return;
        const name = node.property.type === 'PrivateIdentifier' ? node.property.name : staticMemberName(node);
        if (name !== null && classOfThis(node) === classBody) found.set(name, [...(found.get(name) ?? []), node]);
      });
      this.thisReferences.set(classBody, (byName = found));
    }
    return byName;
  }
}

/** `node` (a child of `at`) runs once per iteration of the loop `at`. */
function loopRepeat(at: TSESTree.Node, child: TSESTree.Node): Repeat | null {
  const line = at.loc.start.line;
  switch (at.type) {
    case 'ForOfStatement':
    case 'ForInStatement':
      return at.body === child ? { kind: 'loop', node: at, reason: `the \`${at.type === 'ForOfStatement' ? (at.await ? 'for await…of' : 'for…of') : 'for…in'}\` loop on line ${line}` } : null;
    case 'ForStatement':
      return at.body === child || at.update === child || at.test === child ? { kind: 'loop', node: at, reason: `the \`for\` loop on line ${line}` } : null;
    case 'WhileStatement':
    case 'DoWhileStatement':
      return { kind: 'loop', node: at, reason: `the \`${at.type === 'WhileStatement' ? 'while' : 'do…while'}\` loop on line ${line}` };
    default:
      return null;
  }
}

/** A function known by a name here: declared, a method or property, or assigned to a variable. */
function isNamed(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (
    fn.type === 'FunctionDeclaration' ||
    parent?.type === 'MethodDefinition' ||
    parent?.type === 'PropertyDefinition' ||
    (parent?.type === 'VariableDeclarator' && parent.init === fn)
  );
}

/** The function a pool calls to fill itself: `{ create: () => … }`, `{ factory() { … } }`. */
function isPoolFactory(fn: FunctionNode): boolean {
  const parent = skipWrappersUp(fn);
  return parent?.type === 'Property' && parent.value === fn && POOL_FACTORY_KEYS.has(propertyKeyName(parent) ?? '');
}

/** The literal event name of a listener registration (`x.on('end', …)`), or null. */
function eventNameOf(registration: TSESTree.Node): string | null {
  if (registration.type !== 'CallExpression') return null;
  const event = registration.arguments[0];
  return event?.type === 'Literal' && typeof event.value === 'string' ? event.value : null;
}

/** The node that uses a reference: its call, or the call it is an argument of (`f`, `this.f`, `this.f.bind(this)`). */
function referenceUse(reference: TSESTree.Node): TSESTree.Node {
  const parent = reference.parent;
  if (parent?.type === 'MemberExpression' && parent.object === reference && staticMemberName(parent) === 'bind' && parent.parent?.type === 'CallExpression') {
    return parent.parent.parent ?? parent.parent;
  }
  return parent ?? reference;
}

/** "a `setInterval` callback (line 3): a tick can start …" → "a `setInterval` callback (line 3)". */
export function firstClause(reason: string): string {
  const colon = reason.indexOf(': ');
  return colon < 0 ? reason : reason.slice(0, colon);
}

/** `` `.map` `` for `items.map(…)`. */
function callLabel(call: TSESTree.Node): string {
  const callee = call.type === 'CallExpression' ? calleeOf(call) : null;
  const method = callee?.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return method === null ? 'a call' : `\`.${method}\``;
}

function isInside(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let at = node.parent; at; at = at.parent) if (at === fn) return true;
  return false;
}

function skipWrappersUp(node: TSESTree.Node): TSESTree.Node | undefined {
  let parent = node.parent;
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'TSNonNullExpression')) parent = parent.parent;
  return parent;
}
