import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { calleeOf, enclosingFunction, isFunction, propertyKeyName, staticMemberName, textMayName, valuePosition, type FunctionNode } from '../src/syntax/ast.js';
import { logicalFunctionOf } from '../src/analysis/concurrency/close-paths.js';
import { LISTEN_METHODS } from '../src/model/events.js';
import { classOfThis, isGlobalName, originCalls, skipTypeWrappers, variableOf } from '../src/analysis/flow/origins.js';
import { walk } from '../src/syntax/walk.js';
import { createRule } from '../src/create-rule.js';
import { getRpcModel } from '../src/model/index.js';
import { callersMayBoundFact, type ExposedServerQuestion } from '../src/analysis/servers/exposed-servers.js';
import { httpServerMadeBy } from '../src/analysis/servers/http-servers.js';
import { isSummarizedFunction, summariesOf } from '../src/analysis/summaries.js';
import {
  FORCE_NAMES,
  GRACEFUL_NAMES,
  HTTP_BOUNDS,
  HTTP_FORCE,
  HTTP_GRACEFUL,
  HTTP_SERVER_FACTORIES,
  NOT_HANDING_ON,
  RPC_REQUEST_HANDLER_TYPES,
  RPC_REQUEST_HANDLERS,
  shutdownOf,
  type HttpProtocol,
} from '../src/model/shutdowns.js';
import { isCallExpression } from '../src/syntax/ts-nodes.js';
import { CodePathRecorder } from '../src/analysis/flow/exits.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { callEndsProcess, functionEndsProcess } from '../src/analysis/servers/process-exits.js';

type MessageIds = 'unbounded' | 'unboundedHttp2' | 'unboundedHttp1' | 'forceAfterGracePeriod';

/** A report held until the code path of the function that closes is complete. */
interface HeldReport {
  close: TSESTree.CallExpression;
  /** The calls after the close that end the process without waiting for it. */
  endings: readonly TSESTree.CallExpression[];
  descriptor: TSESLint.ReportDescriptor<MessageIds>;
}

/** Calls that end a waiting process from a timer: a watchdog. */
const WATCHDOG_EXITS = new Set(['exit', 'kill', 'abort']);
/** A shutdown promise handed to `pTimeout(p, …)`, `withTimeout(p, …)`, `raceDeadline(p, …)`: bounded by the helper. */
const TIMEOUT_HELPER = /timeout|deadline|race/i;
const GRACE_PERIOD_MS = '10_000';
const TIMERS = ['setTimeout', 'setInterval'];
/** Promise methods whose callbacks run only after the graceful shutdown has settled. */
const SETTLED_CALLBACKS = new Set(['then', 'catch', 'finally']);

export default createRule<[], MessageIds>({
  name: 'no-unbounded-shutdown',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a graceful RPC server shutdown to fall back to a forced one after a grace period',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      unbounded:
        '`{{name}}.{{graceful}}()` waits for every open call on the {{server}}, so one open stream keeps the process alive forever. Call `{{name}}.{{force}}()` after a grace period.',
      unboundedHttp2:
        '`{{name}}.close()` waits for every open HTTP/2 session to close, so one peer that keeps its connection keeps the process alive forever. `destroy()` the sessions still open after a grace period.',
      unboundedHttp1:
        '`{{name}}.close()` waits for every open request, so one open stream keeps the process alive forever. Call `{{name}}.closeAllConnections()` after a grace period.',
      forceAfterGracePeriod: 'Call `{{name}}.{{force}}()` if the server is still up after 10 seconds.',
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    // Every report starts at a member named as a graceful shutdown: a file that names none has none.
    if (!textMayName(sourceCode.text, [...GRACEFUL_NAMES, HTTP_GRACEFUL])) return {};
    const boundedRegions = new Map<ReadonlySet<string>, WeakMap<TSESTree.Node, readonly TSESTree.CallExpression[]>>();
    const timersInRegions = new WeakMap<TSESTree.Node, readonly TSESTree.CallExpression[]>();
    const recorder = CodePathRecorder.sharedBy(context);
    const held = new Map<TSESTree.Node, HeldReport[]>();

    function check(member: TSESTree.MemberExpression): void {
      const graceful = staticMemberName(member);
      if (graceful === HTTP_GRACEFUL) checkHttp(member);
      if (graceful === null || !GRACEFUL_NAMES.has(graceful) || isWrittenTo(member)) return; // cheap filters first
      const resource = model!.mayBeResourceValue(member.object) ? model!.resourceOf(member.object) : null;
      const shutdown = resource?.kind === 'server' ? shutdownOf(resource.library, graceful) : null;
      if (!shutdown || boundedByHelper(member) || implementsGracefulHalf(member)) return;
      const region = logicalFunctionOf(member);
      if (isBounded(region, FORCE_NAMES, member)) return;
      if (exposedAndBoundedByCallers(member.object, { bounds: FORCE_NAMES, handOffs: false })) return;
      const call = member.parent.type === 'CallExpression' && member.parent.callee === member ? member.parent : null;
      const name = sourceCode.getText(member.object);
      reportUnlessExiting(call, member.object, {
        node: call ?? member,
        messageId: 'unbounded',
        data: { name, graceful, force: shutdown.force, server: shutdown.label },
        suggest: forceSuggestion(member, shutdown.force, name),
      });
    }

    /** `server.close()` of a Node HTTP server known to serve RPC, with no bound in reach. */
    function checkHttp(member: TSESTree.MemberExpression): void {
      const server = member.object;
      const field = server.type === 'MemberExpression' && server.object.type === 'ThisExpression';
      if (server.type !== 'Identifier' && !field) return; // cheap filter first
      const protocol = rpcServerProtocol(server);
      if (!protocol || boundedByHelper(member)) return;
      // A field's bound may live in another method of the class (a `forceClose()` beside `close()`).
      const region = field ? (classOfThis(member) ?? logicalFunctionOf(member)) : logicalFunctionOf(member);
      if (isBounded(region, HTTP_BOUNDS[protocol], member) || hasTimer(region, member) || passedOn(server, field ? region : null, protocol)) return;
      const call = member.parent.type === 'CallExpression' && member.parent.callee === member ? member.parent : null;
      const name = sourceCode.getText(server);
      const force = HTTP_FORCE[protocol];
      reportUnlessExiting(call, server, {
        node: call ?? member,
        messageId: protocol === 'http2' ? 'unboundedHttp2' : 'unboundedHttp1',
        data: { name },
        suggest: force ? forceSuggestion(member, force, name) : [],
      });
    }

    /**
     * The protocol of the server `node` holds when every creation of it is a Node HTTP server
     * factory call and each serves RPC (an RPC handler passed to the factory or registered with
     * `on('request', …)`); null when the code does not show it.
     */
    function rpcServerProtocol(node: TSESTree.Node): HttpProtocol | null {
      const origins = originCalls(node, sourceCode);
      if (!origins || origins.length === 0) return null;
      let protocol: HttpProtocol | null = null;
      for (const origin of origins) {
        const callee = calleeOf(origin);
        const factory = HTTP_SERVER_FACTORIES.find((f) => model!.valueIs(callee, [f.callee]));
        // Not a factory itself: a function (in any file) whose summary says it returns a server.
        const made = factory ? { protocol: factory.protocol, servesRpc: origin.arguments.some(isRpcHandler) } : madeElsewhere(origin);
        if (!made || (protocol !== null && protocol !== made.protocol)) return null;
        if (!made.servesRpc && !registersRpcHandler(node)) return null;
        protocol = made.protocol;
      }
      return protocol;
    }

    function madeElsewhere(origin: TSESTree.CallExpression): { protocol: HttpProtocol; servesRpc: boolean } | null {
      const call = model!.tsNodeOf(origin);
      return isCallExpression(call) ? httpServerMadeBy(call, summariesOf(model!.program)) : null;
    }

    /**
     * `connectNodeAdapter(…)`, a local binding that only ever holds its result, or a binding made
     * elsewhere (an import) whose type is connect's `NodeHandlerFn`.
     */
    function isRpcHandler(node: TSESTree.Node): boolean {
      const value = skipTypeWrappers(node);
      if (value.type !== 'CallExpression' && value.type !== 'Identifier') return false;
      const origins = originCalls(value, sourceCode);
      if (origins === null) return value.type === 'Identifier' && model!.typeIs(value, RPC_REQUEST_HANDLER_TYPES);
      return origins.length > 0 && origins.every((origin) => model!.valueIs(calleeOf(origin), RPC_REQUEST_HANDLERS));
    }

    /** `server.on('request', handler)` with an RPC handler, for the same server expression, in its scope. */
    function registersRpcHandler(server: TSESTree.Node): boolean {
      const scope = server.type === 'MemberExpression' ? classOfThis(server) : (variableOf(server as TSESTree.Identifier, sourceCode)?.scope.block ?? null);
      if (!scope) return false;
      const target = sourceCode.getText(server);
      let found = false;
      walk(scope, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return;
        const [event, handler] = node.arguments;
        found =
          LISTEN_METHODS.has(staticMemberName(node.callee) ?? '') &&
          event?.type === 'Literal' &&
          event.value === 'request' &&
          handler !== undefined &&
          sourceCode.getText(node.callee.object) === target &&
          isRpcHandler(handler);
      });
      return found;
    }

    /**
     * The server handed to a call, stored or returned: a helper (`stoppable`, an HTTP terminator)
     * may bound it. A field is searched in its class body, a binding through all its references. A
     * field returned by a getter of its class (`getServer()`, `get server()`) is handed on only when
     * a caller of the getter in the program bounds it or hands it on.
     */
    function passedOn(server: TSESTree.Node, classBody: TSESTree.Node | null, protocol: HttpProtocol): boolean {
      if (!classBody) {
        const variable = server.type === 'Identifier' ? variableOf(server, sourceCode) : null;
        const exported = variable?.defs.some((d) => d.node.parent?.parent?.type === 'ExportNamedDeclaration');
        return !variable || exported === true || variable.references.some((reference) => handsOn(reference.identifier));
      }
      const target = sourceCode.getText(server);
      let found = false;
      walk(classBody, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type !== server.type || sourceCode.getText(node) !== target || !handsOn(node)) return;
        const getter = exposingMember(node, classBody);
        found = getter === null || callersMayBound(getter, { bounds: HTTP_BOUNDS[protocol], handOffs: true });
      });
      return found;
    }

    /**
     * `this.server` of a class that also returns it from a getter, when some caller of such a getter
     * bounds the shutdown (see `callersMayBoundFact`).
     */
    function exposedAndBoundedByCallers(server: TSESTree.Node, question: ExposedServerQuestion): boolean {
      if (server.type !== 'MemberExpression' || server.object.type !== 'ThisExpression') return false;
      const classBody = classOfThis(server);
      if (!classBody) return false;
      const target = sourceCode.getText(server);
      let bounded = false;
      walk(classBody, sourceCode.visitorKeys, (node) => {
        if (bounded) return false;
        if (node.type !== 'MemberExpression' || sourceCode.getText(node) !== target) return;
        const getter = exposingMember(node, classBody);
        bounded = getter !== null && callersMayBound(getter, question);
      });
      return bounded;
    }

    function callersMayBound(getter: FunctionNode, question: ExposedServerQuestion): boolean {
      const fn = model!.tsNodeOf(getter);
      return !isSummarizedFunction(fn) || summariesOf(model!.program).get(callersMayBoundFact(question), fn);
    }

    /**
     * A timer in `region`: a grace period whose callback may force the close in ways not shown here.
     * One set inside the graceful call's own callbacks starts only after it finished: it bounds nothing.
     */
    function hasTimer(region: TSESTree.Node, graceful: TSESTree.MemberExpression): boolean {
      let timers = timersInRegions.get(region);
      if (!timers) {
        const found: TSESTree.CallExpression[] = [];
        walk(region, sourceCode.visitorKeys, (node) => {
          if (node.type === 'CallExpression' && TIMERS.some((name) => isGlobalName(calleeOf(node), name, sourceCode))) found.push(node);
        });
        timersInRegions.set(region, (timers = found));
      }
      return runsBeforeSettled(timers, graceful);
    }

    /**
     * A call of one of `forceNames`, a `Promise.race`/`Promise.any`, or a timer that ends the process,
     * anywhere in `region` but the callbacks that run after the graceful shutdown has settled (its
     * callback argument, `.then`/`.catch`/`.finally` on it): a `forceShutdown()` there never runs
     * while the shutdown hangs.
     */
    function isBounded(region: TSESTree.Node, forceNames: ReadonlySet<string>, graceful: TSESTree.MemberExpression): boolean {
      let regions = boundedRegions.get(forceNames);
      if (!regions) boundedRegions.set(forceNames, (regions = new WeakMap()));
      let bounds = regions.get(region);
      if (bounds === undefined) {
        const found: TSESTree.CallExpression[] = [];
        walk(region, sourceCode.visitorKeys, (node) => {
          if (node.type !== 'CallExpression') return;
          const callee = calleeOf(node);
          const name = callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
          if (
            (name !== null && forceNames.has(name)) ||
            (callee.type === 'MemberExpression' && (name === 'race' || name === 'any') && isGlobalName(callee.object, 'Promise', sourceCode)) ||
            (isGlobalName(callee, 'setTimeout', sourceCode) && endsProcess(node.arguments[0]))
          ) {
            found.push(node);
          }
        });
        regions.set(region, (bounds = found));
      }
      return runsBeforeSettled(bounds, graceful);
    }

    /** Whether one of `calls` is outside the callbacks that run once the graceful shutdown at `graceful` has settled. */
    function runsBeforeSettled(calls: readonly TSESTree.Node[], graceful: TSESTree.MemberExpression): boolean {
      if (calls.length === 0) return false;
      const after = settledCallbacks(graceful);
      return calls.some((call) => !after.some((callback) => callback.range[0] <= call.range[0] && call.range[1] <= callback.range[1]));
    }

    /** `process.exit()` / `process.kill()` in a timer callback: a watchdog. */
    function endsProcess(callback: TSESTree.Node | undefined): boolean {
      if (!callback || !isFunction(callback)) return false;
      let found = false;
      walk(callback.body, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type !== 'CallExpression') return;
        const callee = calleeOf(node);
        found =
          callee.type === 'MemberExpression' &&
          WATCHDOG_EXITS.has(staticMemberName(callee) ?? '') &&
          isGlobalName(callee.object, 'process', sourceCode);
      });
      return found;
    }

    /**
     * Reports, unless nothing waits for the close (its call is a statement of its own: not awaited,
     * returned or chained) and the function that closes goes on to end the process on every path
     * (`closeAll(); process.exit(0)`): then no open call can keep the process alive. Which paths end
     * it is known once the function's code paths are complete, so the report is held until then.
     */
    function reportUnlessExiting(close: TSESTree.CallExpression | null, server: TSESTree.Node, descriptor: TSESLint.ReportDescriptor<MessageIds>): void {
      const owner = close && isUnwaited(close) ? (enclosingFunction(close) ?? sourceCode.ast) : null;
      const endings = owner ? processEndingsAfter(close!, owner, server) : [];
      if (!owner || endings.length === 0 || awaitsAfter(close!, owner)) {
        context.report(descriptor);
        return;
      }
      recorder.recordNow(close!); // being visited: its callee is
      for (const ending of endings) recorder.watch(ending);
      const list = held.get(owner) ?? [];
      list.push({ close: close!, endings, descriptor });
      held.set(owner, list);
    }

    /**
     * The calls of `owner`'s own code after `close` that end the process at once: `process.exit(…)`,
     * a function of the program that always does (program-wide summary), or the close of another
     * server (another receiver, not given this one) whose callback always does — it does not wait
     * for this close.
     */
    function processEndingsAfter(close: TSESTree.CallExpression, owner: TSESTree.Node, server: TSESTree.Node): TSESTree.CallExpression[] {
      const summaries = summariesOf(model!.program);
      const serverText = sourceCode.getText(server);
      const endings: TSESTree.CallExpression[] = [];
      walk(owner.type === 'Program' ? owner : (owner as FunctionNode).body, sourceCode.visitorKeys, (node) => {
        if (isFunction(node)) return false;
        if (node.type !== 'CallExpression' || node.range[0] < close.range[1]) return;
        const tsCall = model!.tsNodeOf(node);
        if (isCallExpression(tsCall) && callEndsProcess(tsCall, summaries)) endings.push(node);
        else if (closesAnotherThenEnds(node, serverText)) endings.push(node);
      });
      return endings;
    }

    function closesAnotherThenEnds(call: TSESTree.CallExpression, serverText: string): boolean {
      const callee = calleeOf(call);
      if (callee.type !== 'MemberExpression') return false;
      const method = staticMemberName(callee);
      if (method === null || (method !== HTTP_GRACEFUL && !GRACEFUL_NAMES.has(method))) return false;
      if (sourceCode.getText(callee.object) === serverText || call.arguments.some((a) => sourceCode.getText(a) === serverText)) return false;
      const summaries = summariesOf(model!.program);
      return call.arguments.some((argument) => isFunction(argument) && functionEndsProcess(model!.tsNodeOf(argument), summaries));
    }

    /** An `await` of `owner`'s own code after `close`: the process waits for it, and its rejection leaves before the exit. */
    function awaitsAfter(close: TSESTree.CallExpression, owner: TSESTree.Node): boolean {
      let found = false;
      walk(owner.type === 'Program' ? owner : (owner as FunctionNode).body, sourceCode.visitorKeys, (node) => {
        if (found || isFunction(node)) return false;
        found = (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) && node.range[0] > close.range[0];
      });
      return found;
    }

    /** Decides the held reports of a function whose code paths are complete; the program's last flushes any left. */
    function onFunctionEnd(codePath: TSESLint.CodePath, node: TSESTree.Node): void {
      const reports = held.get(node) ?? [];
      held.delete(node);
      for (const report of reports) {
        if (recorder.uncoveredExits(codePath, node, report.close, report.endings).length > 0) context.report(report.descriptor);
      }
      if (node.type !== 'Program') return;
      for (const left of held.values()) for (const report of left) context.report(report.descriptor);
      held.clear();
    }

    /** `setTimeout(() => server.forceShutdown(), 10_000).unref();` before the statement that shuts down. */
    function forceSuggestion(member: TSESTree.MemberExpression, force: string, name: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statement = insertionPoint(member);
      if (!statement) return [];
      const indent = /^\s*/.exec(sourceCode.lines[statement.loc.start.line - 1] ?? '')?.[0] ?? '';
      const timer = `setTimeout(() => ${name}.${force}(), ${GRACE_PERIOD_MS}).unref();`;
      return [
        {
          messageId: 'forceAfterGracePeriod',
          data: { name, force },
          fix: (fixer) => fixer.insertTextBeforeRange(statement.range, `${timer}\n${indent}`),
        },
      ];
    }

    /**
     * The statement to put the timer before: the nearest statement in a statement list, climbing
     * out of arrow callbacks only (so `this` stays the same), where the server expression means the same.
     */
    function insertionPoint(member: TSESTree.MemberExpression): TSESTree.Statement | null {
      const crossed: TSESTree.Node[] = [];
      let at: TSESTree.Node = member;
      while (at.parent && !isListed(at)) {
        if (isFunction(at)) {
          if (at.type !== 'ArrowFunctionExpression') return null;
          crossed.push(at);
        }
        at = at.parent;
      }
      if (!at.parent) return null;
      const server = member.object;
      if (server.type === 'Identifier') {
        const variable = variableOf(server, sourceCode);
        const declared = variable?.defs[0]?.name;
        if (!declared || crossed.some((fn) => fn.range[0] <= declared.range[0] && declared.range[1] <= fn.range[1])) return null;
      } else if (!(server.type === 'MemberExpression' && server.object.type === 'ThisExpression')) {
        return null;
      }
      return at as TSESTree.Statement;
    }

    return mergeListeners(recorder.listeners(onFunctionEnd), { MemberExpression: check });
  },
});

/** `await pTimeout(server.shutdown(), …)`: a helper named like a timeout bounds the wait. */
function boundedByHelper(member: TSESTree.MemberExpression): boolean {
  const call = member.parent.type === 'CallExpression' && member.parent.callee === member ? member.parent : member;
  const position = valuePosition(call);
  const parent = position.parent;
  if (parent?.type !== 'CallExpression' || parent.callee === position) return false;
  const callee = calleeOf(parent);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return name !== null && TIMEOUT_HELPER.test(name);
}

/**
 * The graceful half of a server API, whose callers own the bound: an override that delegates to
 * `super.tryShutdown(cb)`, or a method named like a graceful shutdown in a class or object that
 * also offers the force method (nice-grpc's own `shutdown()` beside `forceShutdown()`).
 */
function implementsGracefulHalf(member: TSESTree.MemberExpression): boolean {
  if (member.object.type === 'Super') return true;
  for (let at: TSESTree.Node | undefined = member.parent; at; at = at.parent) {
    if (!isFunction(at)) continue;
    const holder = at.parent;
    if (holder?.type !== 'MethodDefinition' && holder?.type !== 'Property') continue;
    if (!GRACEFUL_NAMES.has(propertyKeyName(holder) ?? '')) return false;
    const siblings: readonly TSESTree.Node[] = holder.type === 'MethodDefinition' ? holder.parent.body : holder.parent.type === 'ObjectExpression' ? holder.parent.properties : [];
    return siblings.some(
      (sibling) =>
        (sibling.type === 'MethodDefinition' || sibling.type === 'Property' || sibling.type === 'PropertyDefinition') &&
        FORCE_NAMES.has(propertyKeyName(sibling) ?? ''),
    );
  }
  return false;
}

/**
 * The callbacks that run only once the graceful shutdown at `member` has settled: the function
 * arguments of its call (`tryShutdown(cb)`, `close(cb)`), and of `.then`/`.catch`/`.finally` chained on it.
 */
function settledCallbacks(member: TSESTree.MemberExpression): TSESTree.Node[] {
  const callbacks: TSESTree.Node[] = [];
  if (member.parent.type !== 'CallExpression' || member.parent.callee !== member) return callbacks;
  let call: TSESTree.CallExpression = member.parent;
  for (;;) {
    callbacks.push(...call.arguments.filter((argument) => isFunction(argument)));
    const next: TSESTree.Node | undefined = call.parent;
    if (next?.type !== 'MemberExpression' || next.object !== call || !SETTLED_CALLBACKS.has(staticMemberName(next) ?? '') || next.parent.type !== 'CallExpression') break;
    call = next.parent;
  }
  return callbacks;
}

/**
 * The member function of `classBody` whose own `return` gives `node` (`getServer() { return this.server; }`,
 * `get server() { … }`, `server = () => this.#server`), or null.
 */
function exposingMember(node: TSESTree.Node, classBody: TSESTree.Node): FunctionNode | null {
  const position = valuePosition(node);
  const parent = position.parent;
  const fn = enclosingFunction(node);
  const returned = parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === position);
  if (!returned || !fn) return null;
  const holder = fn.parent;
  const member =
    (holder?.type === 'MethodDefinition' && (holder.kind === 'method' || holder.kind === 'get')) || (holder?.type === 'PropertyDefinition' && holder.value === fn);
  return member && holder.parent === classBody && !holder.static ? fn : null;
}

/** A statement directly in a block, the module body or a `case`. */
function isListed(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case 'BlockStatement':
    case 'Program':
    case 'StaticBlock':
      return (parent.body as TSESTree.Node[]).includes(node);
    case 'SwitchCase':
      return (parent.consequent as TSESTree.Node[]).includes(node);
    default:
      return false;
  }
}

/** A reference passed to a call (other than `NOT_HANDING_ON`), stored in an object or array, or returned. */
function handsOn(reference: TSESTree.Node): boolean {
  const position = valuePosition(reference);
  const parent = position.parent;
  if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee !== position) {
    const callee = calleeOf(parent);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
    return name === null || !NOT_HANDING_ON.has(name);
  }
  return parent?.type === 'Property' || parent?.type === 'ArrayExpression' || parent?.type === 'ReturnStatement' || parent?.type === 'ExportSpecifier';
}

/** A call whose result nobody takes: a statement of its own (`server.close();`, `void server.shutdown();`, `s?.close();`). */
function isUnwaited(call: TSESTree.CallExpression): boolean {
  let at: TSESTree.Node = call;
  while (at.parent?.type === 'ChainExpression' || at.parent?.type === 'TSNonNullExpression' || (at.parent?.type === 'UnaryExpression' && at.parent.operator === 'void')) at = at.parent;
  return at.parent?.type === 'ExpressionStatement';
}

/** `this.shutdown = true`: a field of the same name is written, nothing is shut down. */
function isWrittenTo(member: TSESTree.MemberExpression): boolean {
  const parent = member.parent;
  return (parent.type === 'AssignmentExpression' && parent.left === member) || parent.type === 'UpdateExpression';
}
