import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { calleeOf, isFunction, staticMemberName, type FunctionNode } from '../src/syntax/ast.js';
import {
  checksSignal,
  clearsTimer,
  membersOf,
  reachableMembers,
  registrationStoppedBy,
  resumedByCancelledWork,
  runContextOf,
  signalsOf,
  thisMemberName,
  timerHandleField,
  TIMER_CLEARS,
  usesOfMember,
  type ClassMembers,
  type ClassNode,
  type Signals,
} from '../src/analysis/concurrency/class-lifecycle.js';
import { isGlobalName, variableOf } from '../src/analysis/flow/origins.js';
import { blockSitesIn, lockSitesIn, waitSitesIn } from '../src/analysis/concurrency/resolver-facts.js';
import { isSummarizedFunction } from '../src/analysis/summaries.js';
import { walk } from '../src/syntax/walk.js';
import { createRule } from '../src/create-rule.js';
import { UNLISTEN_METHODS } from '../src/model/events.js';
import { extensionPointOf, type ExtensionPoint } from '../src/model/extension-points.js';
import { getRpcModel } from '../src/model/index.js';
import { returnsThenable } from '../src/model/type-walk.js';
import { awaitedOperand, sourceRange } from '../src/syntax/ts-ast.js';
import { typeOrValueSpecifiersSchema } from '../src/model/type-utils.js';
import { summariesOf } from '../src/analysis/summaries.js';
import { isClassLike } from '../src/syntax/ts-nodes.js';

type Options = [{ resolvers: TypeOrValueSpecifier[]; loadBalancers: TypeOrValueSpecifier[] }];
type MessageIds = 'asyncDestroy' | 'awaitInDestroy' | 'lockInDestroy' | 'blockingDestroy' | 'uncancelledWork' | 'unguardedListener' | 'syncListener';

const DEFERRERS = new Set(['nextTick', 'setImmediate', 'queueMicrotask']);
/** How far a listener call is followed back through the class's own helper methods. */
const MAX_CALLER_DEPTH = 4;

/** grpc-js calls `destroy()` synchronously (from `close()`, and when the channel goes idle) and ignores what it returns. */
const NOT_AWAITED = 'grpc-js does not wait for `destroy()`';
const FIX = 'Only signal here (abort, clear timers)';

export default createRule<Options, MessageIds>({
  name: 'no-wait-in-resolver-destroy',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a grpc-js resolver or load balancer `destroy()` to only signal, and its callbacks to stop after it',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          resolvers: {
            ...typeOrValueSpecifiersSchema,
            description: 'More interface types whose implementations follow the grpc-js resolver contract (constructor `(target, listener, options)`, `updateResolution()`, `destroy()`).',
          },
          loadBalancers: {
            ...typeOrValueSpecifiersSchema,
            description: 'More interface types whose implementations follow the grpc-js load balancer contract (`destroy()`).',
          },
        },
      },
    ],
    defaultOptions: [{ resolvers: [], loadBalancers: [] }],
    messages: {
      asyncDestroy: `\`{{cls}}.destroy()\` returns a promise, but ${NOT_AWAITED}: a rejection exits the process, and later code runs after the next \`updateResolution()\`. Make it synchronous.`,
      awaitInDestroy: `\`{{cls}}.destroy()\` waits on {{what}}, but ${NOT_AWAITED}: the code after the wait runs after the next \`updateResolution()\`, or never. ${FIX}.`,
      lockInDestroy: `\`{{cls}}.destroy()\` takes {{lock}}{{via}}, but ${NOT_AWAITED}: work under the lock runs after the next \`updateResolution()\`, or never. Do not lock here.`,
      blockingDestroy: `\`{{cls}}.destroy()\` blocks the event loop with {{what}}; grpc-js calls it from \`close()\` and on idle, so the process freezes. ${FIX}.`,
      uncancelledWork: '`{{timer}}` started in `{{member}}()` is neither cleared nor checked after `destroy()`, so it fires later and resumes work for a closed channel. `{{clear}}` it in `destroy()`.',
      unguardedListener: '`{{listener}}` can run after `destroy()` without checking it, and brings a closed channel back to READY with a new connection. Return early here once `destroy()` has run.',
      syncListener: '`{{listener}}` is called synchronously in `{{member}}()`{{via}}, while grpc-js is changing the channel\'s state. Defer it with `process.nextTick` or `setImmediate`.',
    },
  },
  create(context, [options]) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;

    function checkClass(cls: ClassNode): void {
      const members = membersOf(cls);
      const destroy = members.functions.get('destroy');
      if (!destroy) return; // cheap syntactic filter before the checker
      const tsClass = model!.tsNodeOf(cls);
      if (!isClassLike(tsClass)) return;
      const point = extensionPointOf(tsClass, model!.program, options);
      if (!point) return;
      const name = cls.id?.name ?? 'this class';
      checkDestroy(destroy, name);
      if (point.listenerParameter !== null) checkLifecycle(members, destroy, point);
    }

    /** `destroy()` itself: async, waits, blocks. */
    function checkDestroy(destroy: FunctionNode, cls: string): void {
      const tsFn = model!.tsNodeOf(destroy);
      if (!isSummarizedFunction(tsFn)) return;
      const locks = lockSitesIn(tsFn, summariesOf(model!.program));
      for (const site of locks) {
        const via = site.chain.length > 1 ? ` (through ${site.chain.slice(0, -1).map((step) => `\`${step}\``).join(' → ')})` : '';
        context.report({ loc: locOf(site.node), messageId: 'lockInDestroy', data: { cls, lock: site.lock, via } });
      }
      // One report per place: a lock taken by an awaited call or a helper is reported as the lock.
      const locked = new Set<ts.Node>(locks.map((site) => site.node));
      const waits = waitSitesIn(tsFn, summariesOf(model!.program));
      for (const site of waits) {
        const awaited = awaitedOperand(site.node);
        if (locked.has(site.node) || (awaited !== null && locked.has(awaited))) continue;
        context.report({ loc: locOf(site.node), messageId: 'awaitInDestroy', data: { cls, what: site.what } });
      }
      if (!waits.some((site) => site.kind === 'await') && returnsPromise(destroy, tsFn)) {
        context.report({ node: destroy.parent.type === 'MethodDefinition' || destroy.parent.type === 'PropertyDefinition' ? destroy.parent.key : destroy, messageId: 'asyncDestroy', data: { cls } });
      }
      for (const site of blockSitesIn(tsFn, summariesOf(model!.program))) context.report({ loc: locOf(site.node), messageId: 'blockingDestroy', data: { cls, what: site.what } });
    }

    function returnsPromise(destroy: FunctionNode, tsFn: ts.SignatureDeclaration): boolean {
      if (destroy.async) return true;
      try {
        return returnsThenable(model!.checker, tsFn);
      } catch {
        return false;
      }
    }

    /** A resolver's timers and listener calls, against what `destroy()` signals. */
    function checkLifecycle(members: ClassMembers, destroy: FunctionNode, point: ExtensionPoint): void {
      const destroying = [...reachableMembers(members, ['destroy'], sourceCode)].map((name) => members.functions.get(name)!);
      const signals = signalsOf(destroying, sourceCode);
      const isGuard = (test: TSESTree.Node): boolean => checksSignal(test, signals, members, sourceCode);
      const listener = listenerOf(members, point);
      checkTimers(members, destroying, point, listener, isGuard);
      if (listener) checkListenerCalls({ members, starts: new Set(['constructor', ...point.startMethods]), destroying, signals, isGuard }, destroy, listener);
    }

    function checkTimers(
      members: ClassMembers,
      destroying: readonly FunctionNode[],
      point: ExtensionPoint,
      listener: Listener | null,
      isGuard: (test: TSESTree.Node) => boolean,
    ): void {
      const starting = reachableMembers(members, ['constructor', ...point.startMethods], sourceCode);
      starting.delete('destroy');
      for (const member of starting) {
        walk(members.functions.get(member)!.body ?? members.functions.get(member)!, sourceCode.visitorKeys, (node) => {
          if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return;
          const timer = node.callee.name;
          if (timer !== 'setTimeout' && timer !== 'setInterval') return;
          if (!isGlobalName(node.callee, timer, sourceCode)) return;
          const callback = node.arguments[0];
          if (!callback || !doesWork(callback, members, listener)) return;
          const kept = timerHandleField(node, sourceCode);
          if (kept !== null && clearsTimer(destroying, TIMER_CLEARS[timer], kept, sourceCode)) return;
          if (callbackChecks(callback, members, isGuard)) return;
          context.report({ node, messageId: 'uncancelledWork', data: { timer, member, clear: TIMER_CLEARS[timer] } });
        });
      }
    }

    /** Whether a timer callback restarts work: calls the listener or a member of the class. */
    function doesWork(callback: TSESTree.Node, members: ClassMembers, listener: Listener | null): boolean {
      if (thisMemberName(callback) !== null) return true;
      if (callback.type === 'CallExpression' && callback.callee.type === 'MemberExpression' && staticMemberName(callback.callee) === 'bind') {
        return thisMemberName(callback.callee.object) !== null;
      }
      if (!isFunction(callback)) return false;
      let works = false;
      walk(callback.body, sourceCode.visitorKeys, (node) => {
        if (works || node.type !== 'CallExpression') return;
        const callee = calleeOf(node);
        const name = thisMemberName(callee);
        works = (name !== null && members.functions.has(name)) || (listener !== null && isListenerCall(node, listener));
      });
      return works;
    }

    /** Whether a timer callback (a function or `this.method`) checks what `destroy()` signals. */
    function callbackChecks(callback: TSESTree.Node, members: ClassMembers, isGuard: (test: TSESTree.Node) => boolean): boolean {
      const bound = callback.type === 'CallExpression' && callback.callee.type === 'MemberExpression' ? callback.callee.object : callback;
      const name = thisMemberName(bound);
      const body = isFunction(callback) ? callback.body : name !== null ? members.functions.get(name)?.body : null;
      if (!body) return false;
      let checks = false;
      walk(body, sourceCode.visitorKeys, (node) => {
        if (checks) return false;
        if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') checks = isGuard(node.test);
        else if (node.type === 'LogicalExpression') checks = isGuard(node.left);
      });
      return checks;
    }

    function checkListenerCalls(lifecycle: Lifecycle, destroy: FunctionNode, listener: Listener): void {
      for (const fn of lifecycle.members.functions.values()) {
        if (fn === destroy) continue;
        walk(fn.body ?? fn, sourceCode.visitorKeys, (node) => {
          if (node.type !== 'CallExpression' || !isListenerCall(node, listener)) return;
          const outcomes = new Map<string, string>();
          classify(node, lifecycle, outcomes, 0, new Set());
          const listenerText = sourceCode.getText(node.callee);
          // `destroy() { this.listener = () => true; }`: late calls reach the replacement.
          if (outcomes.has('later') && !replacedByDestroy(node, lifecycle.signals)) context.report({ node, messageId: 'unguardedListener', data: { listener: listenerText } });
          const sync = [...outcomes.keys()].find((key) => key.startsWith('sync:'));
          if (sync !== undefined) {
            const via = outcomes.get(sync)!;
            context.report({ node, messageId: 'syncListener', data: { listener: listenerText, member: sync.slice(5), via: via ? ` (through \`${via}\`)` : '' } });
          }
        });
      }
    }

    /**
     * How `node` can run: `later` (unguarded, after `destroy()` may have run) or `sync:<start method>`
     * (synchronously inside the constructor or a start method), following the class's own helper
     * methods back to their call sites. `outcomes` maps each outcome to the helper chain that led to it.
     * A callback that `destroy()` unregisters (a timer it clears, an event listener it removes) cannot
     * run after it.
     */
    function classify(node: TSESTree.Node, lifecycle: Lifecycle, outcomes: Map<string, string>, depth: number, visited: Set<string>, via = ''): void {
      const { members, starts, destroying, signals, isGuard } = lifecycle;
      const context_ = runContextOf(node, members, isGuard, sourceCode);
      if (context_.kind === 'later') {
        const safe =
          context_.guarded ||
          resumedByCancelledWork(node, context_.boundary, signals, sourceCode) ||
          registrationStoppedBy(context_.boundary, destroying, sourceCode);
        if (!safe && !outcomes.has('later')) outcomes.set('later', via);
        return;
      }
      if (context_.kind !== 'member' || context_.guarded || context_.member === 'destroy') return;
      if (starts.has(context_.member)) {
        if (!outcomes.has(`sync:${context_.member}`)) outcomes.set(`sync:${context_.member}`, via);
        return;
      }
      if (depth >= MAX_CALLER_DEPTH || visited.has(context_.member)) return;
      visited.add(context_.member);
      const helper = `this.${context_.member}()`;
      for (const use of usesOfMember(members, context_.member, sourceCode)) {
        if (use.parent.type === 'CallExpression' && use.parent.callee === use) {
          classify(use.parent, lifecycle, outcomes, depth + 1, visited, via || helper);
          continue;
        }
        // Passed on as a callback: `setImmediate(this.publish)`, `.then(this.publish.bind(this))`.
        let position: TSESTree.Node = use;
        if (use.parent.type === 'MemberExpression' && staticMemberName(use.parent) === 'bind' && use.parent.parent.type === 'CallExpression') position = use.parent.parent;
        const call = position.parent;
        if (call?.type !== 'CallExpression' || !(call.arguments as TSESTree.Node[]).includes(position)) continue;
        const callee = calleeOf(call);
        const name = callee.type === 'MemberExpression' ? staticMemberName(callee) : callee.type === 'Identifier' ? callee.name : null;
        if (name !== null && (DEFERRERS.has(name) || UNLISTEN_METHODS.has(name))) continue; // removing a listener does not call it
        if (registrationStoppedBy(position, destroying, sourceCode)) continue;
        if (!outcomes.has('later')) outcomes.set('later', via || helper);
      }
    }

    function replacedByDestroy(call: TSESTree.CallExpression, signals: Signals): boolean {
      const callee = calleeOf(call);
      const field = thisMemberName(callee) ?? (callee.type === 'MemberExpression' ? thisMemberName(skipChain(callee.object)) : null);
      return field !== null && signals.members.has(field);
    }

    function isListenerCall(call: TSESTree.CallExpression, listener: Listener): boolean {
      const callee = calleeOf(call);
      if (isListenerRef(callee, listener)) return true;
      return callee.type === 'MemberExpression' && listener.members.has(staticMemberName(callee) ?? '') && isListenerRef(skipChain(callee.object), listener);
    }

    function isListenerRef(node: TSESTree.Node, listener: Listener): boolean {
      const field = thisMemberName(node);
      if (field !== null) return listener.fields.has(field);
      if (node.type !== 'Identifier' || listener.parameter === null) return false;
      return variableOf(node, sourceCode)?.defs[0]?.name === listener.parameter;
    }

    function listenerOf(members: ClassMembers, point: ExtensionPoint): Listener | null {
      const constructor = members.functions.get('constructor');
      const param = point.listenerParameter === null ? undefined : constructor?.params[point.listenerParameter];
      if (!constructor || !param) return null;
      const fields = new Set<string>();
      let parameter: TSESTree.Identifier | null = null;
      const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
      const id = inner.type === 'AssignmentPattern' ? inner.left : inner;
      if (id.type !== 'Identifier') return null;
      parameter = id;
      if (param.type === 'TSParameterProperty') fields.add(id.name);
      walk(constructor.body ?? constructor, sourceCode.visitorKeys, (node) => {
        if (node.type === 'AssignmentExpression' && node.right.type === 'Identifier' && node.right.name === id.name) {
          const field = thisMemberName(node.left);
          if (field !== null) fields.add(field);
        }
      });
      return { fields, parameter, members: new Set(point.listenerMembers) };
    }

    function locOf(node: ts.Node): TSESTree.SourceLocation {
      const { start, end } = sourceRange(node);
      return { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) };
    }

    return { ClassDeclaration: checkClass, ClassExpression: checkClass };
  },
});

/** One resolver class as `classify` sees it: its members, its start methods, what `destroy()` runs and signals. */
interface Lifecycle {
  readonly members: ClassMembers;
  readonly starts: ReadonlySet<string>;
  /** `destroy()` and the class's own members it reaches. */
  readonly destroying: readonly FunctionNode[];
  readonly signals: Signals;
  readonly isGuard: (test: TSESTree.Node) => boolean;
}

/** The resolver listener: the fields that hold it and the constructor parameter that receives it. */
interface Listener {
  readonly fields: ReadonlySet<string>;
  readonly parameter: TSESTree.Identifier | null;
  /** Its members in the object shape (`onSuccessfulResolution`, `onError`). */
  readonly members: ReadonlySet<string>;
}

function skipChain(node: TSESTree.Node): TSESTree.Node {
  let at = node;
  while (at.type === 'ChainExpression' || at.type === 'TSNonNullExpression' || at.type === 'TSAsExpression') at = at.expression;
  return at;
}
