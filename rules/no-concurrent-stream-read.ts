import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { calleeOf, isFunction, skipParentWrappers, staticMemberName, type FunctionNode } from '../src/syntax/ast.js';
import { ConcurrencyAnalysis, type RunContext } from '../src/analysis/concurrency/concurrency.js';
import { firstClause } from '../src/analysis/concurrency/per-call.js';
import { CriticalSections } from '../src/analysis/locks/critical-sections.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { isGlobalName, originCalls, skipTypeWrappers, variableOf } from '../src/analysis/flow/origins.js';
import { sharedStorageOf } from '../src/analysis/streams/shared-storage.js';
import { walk } from '../src/syntax/walk.js';
import { createRule } from '../src/create-rule.js';
import { getRpcModel, type RpcModel } from '../src/model/index.js';
import { LOCKS } from '../src/model/locks.js';
import { ONCE_LISTEN_METHODS, RECURRING_LISTEN_METHODS } from '../src/model/events.js';
import { MESSAGE_EVENTS, MESSAGE_WAITERS, PULL_METHODS, SYNCHRONOUS_PULLS, streamStartedBy, type ReadForm } from '../src/model/stream-reads.js';
import { streamOfNode, type StreamKind } from '../src/model/streams.js';
import { summariesOf } from '../src/analysis/summaries.js';

type MessageIds = 'sharedRead' | 'overlappingRead';

/** One place that takes messages off a stream. */
interface Read {
  /** What is reported: the loop's stream expression, or the reading call. */
  readonly node: TSESTree.Node;
  /** The stream expression read. */
  readonly target: TSESTree.Expression;
  readonly form: ReadForm;
}

const EFFECTS: Record<ReadForm, string> = {
  once: "callers get each other's replies, and some are lost",
  loop: "callers get each other's replies",
  pull: "callers get each other's replies",
  listener: "each caller also gets the others' replies",
};
/** What two overlapping readers of one stream see, by the form of the reported read. */
const OVERLAP_EFFECTS: Record<ReadForm, string> = {
  once: "every pending `once(…, 'data')` gets the same next message",
  loop: 'each reader sees only part of its messages',
  pull: 'each reader sees only part of its messages',
  listener: "the `'data'` listener and the loop each see only part of its messages",
};
/** What two runs that each register a `'data'` listener on one stream see. */
const RERUN_LISTENER_EFFECT = "each task's `'data'` listener gets every message, the other task's too";
/** A call of a method that takes or holds a lock (`LOCKS` in src/model/locks.ts), for a cheap file filter. */
const LOCK_CALL = new RegExp(`\\.(${[...new Set(LOCKS.flatMap((lock) => [...lock.acquire, ...lock.scoped.map((s) => s.method)]))].join('|')})\\s*[(<]`);
const WAITER_NAMES = new Set(MESSAGE_WAITERS.flatMap((w) => (typeof w === 'string' ? [w] : [w.name].flat())));

export default createRule<[], MessageIds>({
  name: 'no-concurrent-stream-read',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading one RPC stream from several tasks at the same time',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    schema: [],
    messages: {
      sharedRead:
        '`{{name}}` ({{storage}}) is shared, and this read can overlap another ({{reason}}): {{effect}}. Lock each write and its read, or route replies by id from one reading loop.',
      overlappingRead: '`{{name}}` can be read by two tasks at once ({{reason}}): {{effect}}. Read the {{stream}} in one place and hand each message on.',
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const reads: Read[] = [];
    // Held regions of every known lock: a read under an exclusive lock waits its turn.
    // Only files that call a method named like a lock's can hold one.
    const sections = LOCK_CALL.test(sourceCode.text) ? new CriticalSections(model, sourceCode) : null;
    const underLock = (node: TSESTree.Node): boolean => sections?.heldAt(node).some((region) => region.exclusive) ?? false;

    function onCall(call: TSESTree.CallExpression): void {
      const callee = calleeOf(call);
      if (callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        if (method === null) return;
        if (PULL_METHODS.has(method) && call.arguments.length === 0) reads.push({ node: call, target: callee.object, form: 'pull' });
        else if ((RECURRING_LISTEN_METHODS.has(method) || ONCE_LISTEN_METHODS.has(method)) && isMessageEvent(call.arguments[0])) {
          reads.push({ node: call, target: callee.object, form: RECURRING_LISTEN_METHODS.has(method) ? 'listener' : 'once' });
        } else if (WAITER_NAMES.has(method) && isWaiter(call)) pushWaiter(call);
      } else if (callee.type === 'Identifier' && (WAITER_NAMES.has(callee.name) || WAITER_NAMES.has(model!.importedNameOf(callee) ?? '')) && isWaiter(call)) {
        pushWaiter(call);
      }
    }

    function pushWaiter(call: TSESTree.CallExpression): void {
      const stream = call.arguments[0];
      if (stream && stream.type !== 'SpreadElement') reads.push({ node: call, target: stream, form: 'once' });
    }

    /** `once(s, 'data')` from `node:events` (checked last: it needs the checker). */
    function isWaiter(call: TSESTree.CallExpression): boolean {
      return isMessageEvent(call.arguments[1]) && model!.valueIs(calleeOf(call), MESSAGE_WAITERS);
    }

    function report(read: Read, messageId: MessageIds, stream: StreamKind, data: Record<string, string>): void {
      context.report({ node: read.node, messageId, data: { name: sourceCode.getText(skipTypeWrappers(read.target)), stream: stream.label, ...data } });
    }

    /** Cheap questions (syntax, then symbols) before the costly one (is it a stream, by type). */
    function analyse(): void {
      const reported = new Set<TSESTree.Node>();
      const byVariable = new Map<unknown, { owner: TSESTree.Node; reads: Read[] }>();
      const concurrency = new ConcurrencyAnalysis(model!, sourceCode, underLock);
      const streams = new Map<Read, StreamKind | null>();
      const streamOfRead = (read: Read): StreamKind | null => {
        if (!streams.has(read)) streams.set(read, streamOf(read.target, model!, sourceCode));
        return streams.get(read)!;
      };
      for (const read of reads) {
        const overlap = overlapOfRead(concurrency, read); // null under a lock, too
        const storage = overlap ? sharedStorageOf(model!.tsNodeOf(read.target) as ts.Expression, summariesOf(model!.program)) : null;
        if (overlap && storage) {
          // A listener that does not wait for a reply (a relay, a subscriber) gets every message by design.
          if (read.form === 'listener' && !awaitedAsReply(read.node, sourceCode)) continue;
          const stream = freshStreamBefore(read) ? null : streamOfRead(read);
          if (stream) {
            reported.add(read.node);
            report(read, 'sharedRead', stream, { storage, reason: firstClause(overlap.reason), effect: EFFECTS[read.form] });
          }
          continue;
        }
        const local = localVariable(read.target);
        if (!local || underLock(read.node)) continue;
        let group = byVariable.get(local.variable);
        if (!group) byVariable.set(local.variable, (group = { owner: local.owner, reads: [] }));
        group.reads.push(read);
      }
      for (const { owner, reads: group } of byVariable.values()) {
        const overlaps = new Map<Read, RunContext | string>();
        for (const read of group) {
          const self = overlapOfRead(concurrency, read, owner);
          if (self) overlaps.set(read, self);
        }
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length; j++) {
            const a = group[i]!;
            const b = group[j]!;
            const siblings = concurrency.siblingsOf(a.node, b.node, owner);
            if (siblings) {
              if (!overlaps.has(a)) overlaps.set(a, siblings);
              if (!overlaps.has(b)) overlaps.set(b, siblings);
              continue;
            }
            const pair = loopBesideListener(a, b);
            if (pair && !overlaps.has(pair.later)) overlaps.set(pair.later, pair.reason);
          }
        }
        for (const [read, overlap] of overlaps) {
          const stream = reported.has(read.node) || freshStreamBefore(read) ? null : streamOfRead(read);
          if (!stream) continue;
          // Two runs of one listener registration each add a listener: both get every message.
          const effect = typeof overlap !== 'string' && read.form === 'listener' ? RERUN_LISTENER_EFFECT : OVERLAP_EFFECTS[read.form];
          report(read, 'overlappingRead', stream, { reason: firstClause(typeof overlap === 'string' ? overlap : overlap.reason), effect });
        }
      }
    }

    /**
     * `this.call = client.watch(…)` or `stream = client.watch(…)` earlier in the reading function (not in
     * a function nested in it): each run starts its own stream and reads it (a stream per call, kept in a
     * field or a closure's `let` for `cancel()` elsewhere, as reconnect loops do).
     */
    function freshStreamBefore(read: Read): boolean {
      const fn = readingRunOf(read.node);
      const sameTarget = fn && sameTargetAs(skipTypeWrappers(read.target));
      if (!fn || !sameTarget) return false;
      // The last write before the read, and whether the run may suspend after it (another run may then
      // have put its own stream there, which this run would read).
      let freshAt: number | null = null;
      let suspendsAt = -1;
      walk(fn.body, sourceCode.visitorKeys, (node) => {
        if (node.range[0] >= read.node.range[0]) return false;
        if (isFunction(node) && readingRunOf(node.body) !== fn) return false; // runs later, or not at all
        if (node.type === 'AwaitExpression' || node.type === 'YieldExpression') suspendsAt = Math.max(suspendsAt, node.range[1]);
        if (node.type !== 'AssignmentExpression' || node.operator !== '=' || !sameTarget(node.left)) return;
        // Only a statement of the run's own body is made on every path (not one in a branch or a loop).
        const value = skipTypeWrappers(node.right);
        const everyPath = node.parent.type === 'ExpressionStatement' && node.parent.parent === fn.body;
        freshAt = everyPath && value.type === 'CallExpression' && startsStream(value, node.left) ? node.range[1] : null;
      });
      return freshAt !== null && suspendsAt < freshAt;
    }

    /**
     * A call that starts a new stream: known by the model, or a method called by a computed name
     * (`this.service[method](opts)` on a client typed by a mapped or `any` type) whose result the
     * stream-typed target takes.
     */
    function startsStream(value: TSESTree.CallExpression, target: TSESTree.Node): boolean {
      if (streamStartedBy(iterated(value), model!) !== null) return true;
      const callee = calleeOf(value);
      return callee.type === 'MemberExpression' && callee.computed && staticMemberName(callee) === null && streamOfNode(target, model!) !== null;
    }

    /** A test for writes to the read's target: a field of `this` (by text) or a local variable (by binding). */
    function sameTargetAs(target: TSESTree.Node): ((left: TSESTree.Node) => boolean) | null {
      if (target.type === 'MemberExpression' && target.object.type === 'ThisExpression') {
        const key = sourceCode.getText(target);
        return (left) => sourceCode.getText(left) === key;
      }
      if (target.type !== 'Identifier') return null;
      const variable = variableOf(target, sourceCode);
      return variable ? (left) => left.type === 'Identifier' && variableOf(left, sourceCode) === variable : null;
    }

    /** A local variable (or parameter) of a function, and that function. */
    function localVariable(target: TSESTree.Expression): { variable: unknown; owner: TSESTree.Node } | null {
      const id = skipTypeWrappers(target);
      if (id.type !== 'Identifier') return null;
      const variable = variableOf(id, sourceCode);
      const owner = variable?.scope.variableScope.block;
      return variable && owner && isFunction(owner) ? { variable, owner } : null;
    }

    return mergeListeners(sections?.listeners() ?? {}, {
      ForOfStatement(loop) {
        if (loop.await) reads.push({ node: loop.right, target: loop.right, form: 'loop' });
      },
      CallExpression: onCall,
      'Program:exit': analyse,
    });
  },
});

/**
 * Where another run of `read` may overlap it (`ConcurrencyAnalysis.overlapOf`), except a `read()` in
 * the synchronous code of a listener or timer callback that cannot suspend (neither `async` nor a
 * generator): each run takes what is buffered and returns before the event can run it again, so
 * runs follow one another (a `'readable'` listener that drains with `read()` in a loop).
 */
function overlapOfRead(concurrency: ConcurrencyAnalysis, read: Read, within?: TSESTree.Node): RunContext | null {
  const overlap = concurrency.overlapOf(read.node, within);
  if (!overlap || read.form !== 'pull' || (overlap.kind !== 'event-handler' && overlap.kind !== 'timer')) return overlap;
  const callee = read.node.type === 'CallExpression' ? calleeOf(read.node) : null;
  if (callee?.type !== 'MemberExpression' || !SYNCHRONOUS_PULLS.has(staticMemberName(callee) ?? '')) return overlap;
  for (let at = read.node.parent; at; at = at.parent) {
    if (!isFunction(at)) continue;
    if (at.async || at.generator) return overlap;
    if (skipParentWrappers(at) === overlap.node) return null; // the registered callback itself
  }
  return overlap;
}

/**
 * A `'data'` listener registered inside a `new Promise` executor: the run waits for "the next
 * message" as its reply. Elsewhere a recurring listener forwards or collects every message (a
 * broadcast to each subscriber), which is what a listener is for.
 */
function awaitedAsReply(registration: TSESTree.Node, sourceCode: Parameters<typeof originCalls>[1]): boolean {
  for (let at = registration.parent; at; at = at.parent) {
    if (!isFunction(at)) continue;
    const parent = at.parent;
    if (parent?.type === 'NewExpression' && parent.arguments[0] === at && isGlobalName(parent.callee, 'Promise', sourceCode)) return true;
    if (at.type === 'FunctionDeclaration' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') return false;
  }
  return false;
}

function isMessageEvent(node: TSESTree.Node | undefined): boolean {
  return node?.type === 'Literal' && typeof node.value === 'string' && MESSAGE_EVENTS.has(node.value);
}

/**
 * The RPC stream an expression is: by its type (grpc-js calls), or by the call that created it
 * (connect and nice-grpc iterables, and iterators taken from them with `[Symbol.asyncIterator]()`).
 */
function streamOf(target: TSESTree.Expression, model: RpcModel, sourceCode: Parameters<typeof originCalls>[1]): StreamKind | null {
  const byType = streamOfNode(target, model);
  if (byType) return byType;
  const origins = originCalls(target, sourceCode);
  if (!origins || origins.length === 0) return null;
  let found: StreamKind | null = null;
  for (const origin of origins) {
    const kind = streamStartedBy(iterated(origin), model);
    if (!kind || (found && kind !== found)) return null;
    found = kind;
  }
  return found;
}

/** `x[Symbol.asyncIterator]()` → `x` when `x` is a call; else the call itself. */
function iterated(call: TSESTree.CallExpression): TSESTree.CallExpression {
  const callee = calleeOf(call);
  if (
    callee.type === 'MemberExpression' &&
    callee.computed &&
    callee.property.type === 'MemberExpression' &&
    callee.property.object.type === 'Identifier' &&
    callee.property.object.name === 'Symbol' &&
    staticMemberName(callee.property) === 'asyncIterator'
  ) {
    const inner = skipTypeWrappers(callee.object);
    if (inner.type === 'CallExpression') return inner;
  }
  return call;
}

/** `for await` over a stream that a `'data'` listener registered before the loop ends also reads, in one function. */
function loopBesideListener(a: Read, b: Read): { later: Read; reason: string } | null {
  const loop = a.form === 'loop' ? a : b.form === 'loop' ? b : null;
  const listener = a.form === 'listener' ? a : b.form === 'listener' ? b : null;
  if (!loop || !listener || enclosingFunctionOf(loop.node) !== enclosingFunctionOf(listener.node)) return null;
  const statement = loop.node.parent!;
  if (listener.node.range[0] > statement.range[1]) return null; // registered after the loop has ended
  const later = listener.node.range[0] > loop.node.range[0] ? listener : loop;
  const other = later === loop ? listener : loop;
  const what = other === listener ? "a `'data'` listener" : 'a `for await` loop';
  return { later, reason: `${what} on line ${other.node.loc.start.line} reads it too` };
}

/**
 * The function whose run does the read: the enclosing function, past a `new Promise` executor or a
 * `.then` callback that runs as part of it.
 */
function readingRunOf(node: TSESTree.Node): FunctionNode | null {
  let fn = enclosingFunctionOf(node);
  while (fn && isInlineCallback(fn)) fn = enclosingFunctionOf(fn);
  return fn;
}

function isInlineCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === 'NewExpression') return parent.arguments[0] === fn && parent.callee.type === 'Identifier' && parent.callee.name === 'Promise';
  if (parent?.type !== 'CallExpression' || !parent.arguments.some((argument) => argument === fn)) return false;
  const callee = calleeOf(parent);
  return callee.type === 'MemberExpression' && ['then', 'catch', 'finally'].includes(staticMemberName(callee) ?? '');
}

function enclosingFunctionOf(node: TSESTree.Node): FunctionNode | null {
  for (let at = node.parent; at; at = at.parent) if (isFunction(at)) return at;
  return null;
}
