import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { calleeOf, isFunction, propertyKeyName, staticMemberName, valuePosition, type FunctionNode } from '../src/syntax/ast.js';
import { classOfThis, constructsGlobal, localCreation, memberKeyName, originCalls, originValues, ownerOf, singleLocalInit, skipTypeWrappers, variableOf } from '../src/analysis/flow/origins.js';
import { isInClosePath, logicalFunctionOf } from '../src/analysis/concurrency/close-paths.js';
import { LISTEN_METHODS } from '../src/model/events.js';
import { CodePathRecorder, ownAwaits, type AwaitNode, type Exit } from '../src/analysis/flow/exits.js';
import { rejectionFactsOf } from '../src/analysis/flow/rejections.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { bodyFailure, earlyExits, hasEmptyBody, jumpRunsFinally, ownYields, returnRunsFinally, type BodyFailure, type LoopExit } from '../src/analysis/flow/loop-exits.js';
import { traceOwnership, WHERE_IT_GOES, type Handling, type OwnershipOracle } from '../src/analysis/ownership/ownership.js';
import { argumentFate, mayStrandArgument, strandsStream, type AbandonsFate, type StreamFate, type WrapsFate } from '../src/analysis/streams/stream-facts.js';
import { boundedByClientDefault, streamLimitsOf, type StreamLimits } from '../src/analysis/streams/stream-limits.js';
import { signalSourceOf } from '../src/analysis/streams/signals.js';
import { streamStarterOf, type StreamStarter } from '../src/analysis/streams/stream-starters.js';
import { isExpression } from '../src/syntax/ts-nodes.js';
import { mayHaveSummary } from '../src/analysis/flow/local-callees.js';
import { walk } from '../src/syntax/walk.js';
import { createRule } from '../src/create-rule.js';
import { tryFinallyEdit, wrapInTryFinally, wrapRestInTryFinally, wrappableStatement, type TextEdit } from '../src/fixes/wrap-statement.js';
import { getRpcModel } from '../src/model/index.js';
import { END_EVENTS, END_WAITERS, NON_CANCELLING_STOPS, STREAMS, STREAM_WRAPPERS, streamOfCall, streamOfDeclaredMethod, streamOfMethod, streamOfNode, type StreamKind } from '../src/model/streams.js';
import { mayStartStreamAsMethod, streamOfFunctionValue } from '../src/model/stream-reads.js';
import {
  classFieldsOf,
  constructorValues,
  handedOffAnywhere,
  isPrivateField,
  isPublicMethod,
  releasedAnywhere,
  releasedBefore,
  replacementsIn,
  thisFieldKey,
  type ClassFields,
  type Replacement,
} from '../src/analysis/streams/stream-fields.js';
import { summariesOf } from '../src/analysis/summaries.js';

type MessageIds =
  | 'exitGrpc'
  | 'exitConnect'
  | 'exitSignal'
  | 'leftBeforeRead'
  | 'errorExit'
  | 'consumerStops'
  | 'consumerStopsListening'
  | 'stopWithoutCancel'
  | 'syntheticEnd'
  | 'drain'
  | 'wrappedWithoutCancel'
  | 'abandonedByCallee'
  | 'discarded'
  | 'replaced'
  | 'iteratorWithoutCancel'
  | 'cancelInFinally'
  | 'cancelRestInFinally'
  | 'abortInFinally';
type Stop = 'unsubscribe' | 'destroy' | 'halfClose';

/** A `'data'` listener an async generator puts on a call it created, and the `yield`s after it. */
interface ListenerCandidate {
  subscription: TSESTree.CallExpression;
  event: string;
  name: string;
  creation: TSESTree.CallExpression;
  yields: TSESTree.YieldExpression[];
  covers: TSESTree.Node[];
}

/** A `for await` over a stream its function created, with exits that may leave it uncancelled. */
interface LoopCandidate {
  loop: TSESTree.ForOfStatement;
  exits: LoopExit[];
  /** The loop's `yield`s, in an async generator: a consumer that stops there leaves the loop. */
  yields: TSESTree.YieldExpression[];
  creation: TSESTree.CallExpression;
  stream: StreamKind;
  controllers: TSESTree.NewExpression[];
  /** Where the function cancels or hands off the call (or its controllers). */
  covers: TSESTree.Node[];
  /** An error of the body that a `catch` of the function receives. */
  failure: BodyFailure | null;
  /** With a controller the function keeps: the `await`s and `return`/`throw`s between the call and the loop. */
  before: { awaits: AwaitNode[]; exits: TSESTree.Node[] } | null;
}

/** A background pump's `for await` over a grpc-js call it was handed, whose `catch` may go on after an error of the body. */
interface PumpCandidate {
  loop: TSESTree.ForOfStatement;
  name: string;
  stream: StreamKind;
  failure: BodyFailure;
}

const END_WAITER_NAMES = new Set(END_WAITERS.flatMap((w) => (typeof w.callee === 'string' ? [w.callee] : [w.callee.name].flat())));
const READ_METHODS = new Set([...LISTEN_METHODS, 'read', 'pipe', 'resume']);
/** Reading a stream in part: an iterator's `next()`, `read()`, piping. */
const PULL_METHODS = new Set(['next', 'read', 'pipe', 'resume']);
const STOP_NAMES = new Set([...NON_CANCELLING_STOPS.unsubscribe, ...NON_CANCELLING_STOPS.destroy, ...NON_CANCELLING_STOPS.halfClose]);
const NO_CANCEL: OwnershipOracle = WHERE_IT_GOES;
const ABORT: OwnershipOracle = { ...NO_CANCEL, isCloseMethod: (name) => name === 'abort' };

/** Members of a call that a loop reads instead of the call (protobuf-ts `call.responses`). */
const READ_MEMBERS: ReadonlySet<string> = new Set(STREAMS.flatMap((kind) => (kind.readMember ? [kind.readMember] : [])));

/** The factories whose results are clients of a stream kind: connect `createClient(desc, transport)`. */
const CLIENT_FACTORIES = STREAMS.flatMap((kind) => (kind.clientDefault ? [kind.clientDefault.factory] : []));

/** What a consumer's `return()` at a `yield` inside the loop does to the call, per library. */
const STOP_AT_YIELD = {
  grpc: 'does not cancel the grpc-js call',
  connect: 'does not cancel the connect call',
  'protobuf-ts': 'does not cancel the protobuf-ts stream',
} as const;

const STOP_EFFECTS: Record<Stop, string> = {
  unsubscribe: 'messages keep coming and are dropped',
  destroy: 'it destroys only the JS stream',
  halfClose: 'it only ends the sending side',
};

/** The events after which a grpc-js call is over: a function that takes their listeners off treats it as done. */
const COMPLETION_EVENTS: ReadonlySet<string> = new Set(['error', 'end', 'close', 'status']);

export default createRule<[], MessageIds>({
  name: 'no-uncancelled-stream',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require grpc-js, connect and protobuf-ts streaming calls that are read only partly to be cancelled',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      exitGrpc: '`{{exit}}` leaves the `for await` over `{{name}}` without cancelling the grpc-js call: the server keeps streaming and the process cannot exit. {{fix}}.',
      exitConnect: '`{{exit}}` leaves the `for await` over `{{name}}` without cancelling the connect call: the server keeps streaming and the process cannot exit. {{fix}}.',
      exitSignal: '`{{exit}}` leaves the `for await` over `{{name}}` without cancelling the {{stream}}: the server keeps streaming and the process cannot exit. {{fix}}.',
      leftBeforeRead:
        '{{how}} leaves before `{{name}}` is read, without aborting `{{controller}}`: the {{stream}} keeps streaming and the process cannot exit. Call `{{controller}}.abort()` on this path too.',
      errorExit:
        'An error from `{{thrown}}` leaves the `for await` over `{{name}}`, and the `catch` goes on without cancelling the {{stream}}: it keeps streaming and the process cannot exit. {{fix}}.',
      consumerStopsListening:
        "A consumer that stops at this `yield` ends the generator, but `{{name}}` keeps streaming into its `'{{event}}'` listener and the process cannot exit. Call `{{name}}.cancel()` in a `finally` block.",
      consumerStops:
        'A consumer that stops at this `yield` leaves the `for await` over `{{name}}`, which {{effect}}, so the process cannot exit. {{fix}}.',
      stopWithoutCancel:
        "`{{name}}.{{method}}()` does not cancel the grpc-js call: {{effect}}, and the process cannot exit. Call `{{name}}.cancel()` instead, with an `'error'` listener.",
      syntheticEnd:
        "`{{name}}.emit('{{event}}')` only runs the `'{{event}}'` listeners: the call stays open and the process cannot exit. Call `{{name}}.cancel()` instead, with an `'error'` listener.",
      drain: '{{how}} waits for `{{name}}` to end, which only the server does: a {{stream}} that never ends (a watch) makes it wait forever. {{fix}}.',
      wrappedWithoutCancel:
        '`{{wrapper}}` keeps `{{name}}`, but its {{teardown}} does not cancel the {{stream}}, so the process cannot exit. {{fix}}.',
      abandonedByCallee:
        '{{reader}} can leave its `for await` over `{{name}}` early (`{{exit}}` at {{at}}) without cancelling the call: the server keeps streaming and the process cannot exit. {{fix}}.',
      discarded: 'The {{stream}} that `{{call}}` starts is never read or cancelled: it stays open and the process cannot exit. Remove the call, or keep it and cancel it when done.',
      replaced:
        '`{{what}}` replaces the {{stream}} in `{{field}}` without cancelling the old one: it stays open and the process cannot exit. {{fix}}.',
      iteratorWithoutCancel:
        'The iterator returned here reads `{{name}}`, but {{teardown}}: a consumer that stops early leaves the {{stream}} open and the process cannot exit. Cancel `{{name}}` in its `return()`.',
      cancelInFinally: 'Wrap the loop in `try { … } finally { {{cancel}}; }`.',
      cancelRestInFinally: 'Wrap the rest of the generator in `try { … } finally { {{cancel}}; }`.',
      abortInFinally: 'Pass the `signal` of a new `AbortController` to the call and abort it in a `finally` block around the loop.',
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    // Cheap filters: code-path analysis runs only for files with a `for await` or a `yield`.
    const hasLoops = /for\s+await/.test(sourceCode.text);
    const hasYields = /\byield\b/.test(sourceCode.text);
    // A function that keeps a controller may leave before its loop: only files that make one are asked.
    const hasControllers = sourceCode.text.includes('AbortController');
    const recorder = CodePathRecorder.sharedBy(context);
    const pending = new Map<TSESTree.Node, LoopCandidate[]>();
    const pendingListeners = new Map<TSESTree.Node, ListenerCandidate[]>();
    const pendingPumps = new Map<TSESTree.Node, PumpCandidate[]>();
    const fieldAnnotationIndexes = new WeakMap<TSESTree.ClassBody, Map<string, TSESTree.TypeNode | undefined>>();
    const clientAnnotations = new WeakMap<TSESTree.TypeNode, boolean>();

    /** Before traversal: code-path analysis records only the nodes it was told to watch. */
    function planLoops(program: TSESTree.Program): void {
      walk(program, sourceCode.visitorKeys, (node) => {
        if (node.type === 'ForOfStatement' && node.await) planLoop(node);
        else if (hasYields && node.type === 'CallExpression') planSubscription(node);
      });
    }

    /**
     * `call.on('data', …)` in an async generator that then yields what the listener queued: a consumer
     * that stops at a later `yield` ends the generator while the call still streams into the listener.
     */
    function planSubscription(call: TSESTree.CallExpression): void {
      const callee = calleeOf(call);
      if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || !isDataEvent(call.arguments[0])) return;
      if (!LISTEN_METHODS.has(staticMemberName(callee) ?? '')) return;
      const owner = ownerOf(call);
      if (owner.type === 'Program' || !owner.async || !owner.generator) return;
      const yields = ownYields(owner).filter((point) => point.range[0] > call.range[1]);
      const creation = yields.length > 0 ? localCreation(callee.object, owner, sourceCode) : null;
      if (!creation || waitsForEnd(owner, callee.object.name)) return;
      const stream = startedStream(creation);
      if (!stream?.nodeStream || stream.cancel !== 'cancel()') return;
      const limits = streamLimitsOf(creation, stream, owner, model!, sourceCode);
      if (limits.kind !== 'owned' || boundedByClientDefault(creation, stream, model!, sourceCode)) return;
      const oracle: OwnershipOracle = { ...NO_CANCEL, isCloseMethod: (name) => stream.cancelMembers.includes(name) };
      const covers = handlingsOf(creation, owner, oracle).map((h) => h.anchor);
      for (const node of [creation, call, ...yields, ...covers]) recorder.watch(node);
      const event = String((call.arguments[0] as TSESTree.Literal).value);
      const list = pendingListeners.get(owner) ?? [];
      list.push({ subscription: call, event, name: callee.object.name, creation, yields, covers });
      pendingListeners.set(owner, list);
    }

    /** `await once(call, 'end')`, `finished(call)` in the generator: its later yields run after the end. */
    function waitsForEnd(owner: TSESTree.Node, name: string): boolean {
      let found = false;
      walk(owner, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type !== 'CallExpression' || node === owner) return;
        const first = node.arguments[0];
        if (first?.type === 'Identifier' && first.name === name && isEndWaiterCall(node, calleeOf(node))) found = true;
      });
      return found;
    }

    function planLoop(loop: TSESTree.ForOfStatement): void {
      const owner = ownerOf(loop);
      const exits = earlyExits(loop);
      const yields = owner.type !== 'Program' && owner.async && owner.generator ? ownYields(loop) : [];
      const failure = owner.type !== 'Program' && owner.async ? bodyFailure(loop, owner) : null;
      if (exits.length === 0 && yields.length === 0 && !failure && !hasControllers) return;
      const found = streamCreation(loop.right, owner);
      if (!found) {
        if (failure) planPump(loop, owner, failure);
        checkFieldLoop(loop, exits, yields); // a stream from a parameter or a helper: its owner cancels it
        return;
      }
      const { creation, member } = found;
      const starter = member === null ? starterOf(creation) : null;
      const stream = startedStream(creation) ?? starter?.stream ?? null;
      if (!stream || stream.cancel === 'auto') return;
      // The loop reads what the library reads (`call.responses`), or what a starter returns.
      if (!starter && (stream.readMember ?? null) !== member) return;
      const limits = loopLimits(creation, stream, owner, starter);
      if (limits.kind !== 'owned' || boundedByClientDefault(creation, stream, model!, sourceCode)) return;
      const before = limits.controllers.length > 0 && isFunction(owner) ? beforeLoop(owner, creation, loop) : null;
      if (exits.length === 0 && yields.length === 0 && !failure && !before) return;
      const oracle: OwnershipOracle = { ...NO_CANCEL, isCloseMethod: (name) => stream.cancelMembers.includes(name) };
      const read = member === null ? creation : creation.parent;
      const handlings = [
        ...handlingsOf(creation, owner, oracle),
        ...(read !== creation && read ? handlingsOf(read, owner, oracle) : []),
        ...limits.controllers.flatMap((controller) => handlingsOf(controller, owner, ABORT)),
      ];
      const covers = handlings.map((h) => h.anchor);
      const failed = failure ? [failure.thrown, failure.handler] : [];
      for (const node of [creation, ...exits.map((e) => e.node), ...yields, ...failed, ...covers]) recorder.watch(node);
      if (before) {
        for (const node of [...before.exits, ...limits.controllers]) recorder.watch(node);
        recorder.watchRejections(before.awaits, owner);
      }
      const list = pending.get(owner) ?? [];
      list.push({ loop, exits, yields, creation, stream, controllers: limits.controllers, covers, failure, before });
      pending.set(owner, list);
    }

    /**
     * The call a loop reads, made in `owner`: the loop's value itself (through locals), or the member the
     * library reads of it (`call.responses`), named in `member`.
     */
    function streamCreation(node: TSESTree.Node, owner: ReturnType<typeof ownerOf>): { creation: TSESTree.CallExpression; member: string | null } | null {
      const direct = localCreation(node, owner, sourceCode);
      if (direct) return { creation: direct, member: null };
      let at = skipTypeWrappers(node);
      for (let depth = 0; depth < 4 && at.type === 'Identifier'; depth++) {
        const init = singleLocalInit(at, owner, sourceCode);
        if (!init) return null;
        at = skipTypeWrappers(init);
      }
      const member = at.type === 'MemberExpression' ? staticMemberName(at) : null;
      if (at.type !== 'MemberExpression' || member === null || !READ_MEMBERS.has(member)) return null;
      const creation = localCreation(at.object, owner, sourceCode);
      return creation ? { creation, member } : null;
    }

    /** The program function `call` runs when it starts a stream with the signal it is given (files with a controller only). */
    function starterOf(call: TSESTree.CallExpression): StreamStarter | null {
      if (!hasControllers || !mayHaveSummary(calleeOf(call), sourceCode)) return null;
      return streamStarterOf(summariesOf(model!.program), model!.tsNodeOf(call) as ts.CallExpression);
    }

    /** `streamLimitsOf`, or for a starter, what the signal passed to it says. */
    function loopLimits(creation: TSESTree.CallExpression, stream: StreamKind, owner: ReturnType<typeof ownerOf>, starter: StreamStarter | null): StreamLimits {
      if (!starter) return streamLimitsOf(creation, stream, owner, model!, sourceCode);
      const index = starter.signalParameter;
      const argument = creation.arguments[index];
      if (!argument || creation.arguments.slice(0, index + 1).some((a) => a.type === 'SpreadElement')) return { kind: 'handed-off' };
      const source = signalSourceOf(argument, owner, sourceCode);
      if (source.kind === 'timeout') return { kind: 'bounded' };
      return source.kind === 'controllers' && source.controllers.length > 0 ? { kind: 'owned', controllers: source.controllers } : { kind: 'handed-off' };
    }

    /** The `await`s and `return`/`throw`s of `owner`'s own code between the call and the loop that reads it. */
    function beforeLoop(owner: FunctionNode, creation: TSESTree.Node, loop: TSESTree.ForOfStatement): LoopCandidate['before'] {
      const between = (node: TSESTree.Node): boolean => node.range[0] >= creation.range[1] && node.range[1] <= loop.range[0];
      const awaits = owner.async ? ownAwaits(owner, sourceCode.visitorKeys).filter(between) : [];
      const exits: TSESTree.Node[] = [];
      walk(owner.body, sourceCode.visitorKeys, (node) => {
        if (isFunction(node) || node.type === 'ClassBody') return false;
        if ((node.type === 'ReturnStatement' || node.type === 'ThrowStatement') && between(node)) exits.push(node);
      });
      return awaits.length > 0 || exits.length > 0 ? { awaits, exits } : null;
    }

    /**
     * A call whose controller the function keeps, left before its loop reads it: a `return`/`throw`, or
     * an `await` whose rejection leaves the function (through a `catch` that goes on), on a path that
     * aborts nothing. A controller aborted by a timer scheduled on every path to the call bounds it.
     */
    function checkBeforeRead(codePath: TSESLint.CodePath, owner: TSESTree.Node, candidate: LoopCandidate): boolean {
      const { creation, covers, before, controllers } = candidate;
      if (!before || controllers.some((c) => !recorder.segmentsOf(c) || !recorder.pathAvoiding(c, creation, covers))) return false;
      const exit: Exit | null =
        recorder.uncoveredExits(codePath, owner, creation, covers).find((e) => e.kind !== 'end' && before.exits.includes(e.node)) ??
        recorder.rejectedExit(codePath, owner, creation, covers, before.awaits, mayReject);
      if (!exit) return false;
      const controllerName = controllers.length === 1 ? declaredName(controllers[0]!) : null;
      if (!controllerName) return false;
      const how = exit.kind === 'rejection' ? `An error from \`${awaitedText(exit.node as TSESTree.AwaitExpression)}\`` : `\`${exit.kind}\``;
      const name = readName(candidate);
      context.report({ node: exit.node, messageId: 'leftBeforeRead', data: { how, name, controller: controllerName, stream: candidate.stream.label } });
      return true;
    }

    /** How messages name what a loop reads: a local (`call`, `call.responses`), else the call (`client.watch(…)`). */
    function readName(candidate: LoopCandidate): string {
      const right = skipTypeWrappers(candidate.loop.right);
      if (right.type === 'Identifier') return right.name;
      if (right.type === 'MemberExpression' && right.object.type === 'Identifier' && staticMemberName(right) !== null) return sourceCode.getText(right);
      return `${sourceCode.getText(calleeOf(candidate.creation))}(…)`;
    }

    /** Whether an `await` (or `for await` loop) can reject: the program-wide rejection facts decide for calls. */
    function mayReject(awaited: AwaitNode): boolean {
      if (awaited.type === 'ForOfStatement') return true;
      const operand = model!.tsNodeOf(awaited.argument);
      return !isExpression(operand) || rejectionFactsOf(summariesOf(model!.program)).mayReject(operand);
    }

    function checkLoops(codePath: TSESLint.CodePath, owner: TSESTree.Node): void {
      checkSubscriptions(owner);
      checkPumps(codePath, owner);
      const candidates = pending.get(owner);
      if (!candidates) return;
      pending.delete(owner);
      for (const candidate of candidates) {
        const { creation, covers } = candidate;
        // A cover the analysis could not place (odd code shapes): stay quiet.
        if (!recorder.segmentsOf(creation) || covers.some((c) => !recorder.segmentsOf(c))) continue;
        checkBeforeRead(codePath, owner, candidate);
        let reported = false;
        for (const exit of candidate.exits) {
          if (!recorder.segmentsOf(exit.node) || !recorder.pathAvoiding(creation, exit.node, covers)) continue;
          if (jumpRunsFinally(exit, candidate.loop, covers)) continue;
          const abandoned =
            recorder.uncoveredExits(codePath, owner, exit.node, covers).length > 0 || recorder.pathAvoiding(exit.node, creation, covers);
          if (abandoned) reportExit(candidate, exit);
          reported ||= abandoned;
        }
        // A consumer's `return()` at a `yield` runs only the `finally` blocks around it.
        for (const point of candidate.yields) {
          if (!recorder.segmentsOf(point) || !recorder.pathAvoiding(creation, point, covers)) continue;
          if (!returnRunsFinally(point, owner, covers)) reportYield(candidate, point);
          reported = true;
        }
        // One report per loop: the fix for an explicit exit covers an error of the body too.
        const { failure } = candidate;
        if (!reported && failure && recorder.pathAvoiding(creation, failure.thrown, covers) && goesOnAfter(codePath, owner, failure, creation, covers)) {
          reportFailure(candidate, failure);
        }
      }
    }

    /**
     * Whether the `catch` that receives an error of a loop's body goes on without running one of
     * `covers`: no `finally` on the way cancels, and from the `catch` some path ends the function
     * normally (logs, returns) or comes back to `start` (a retry that starts a new call). A `catch`
     * that only rethrows hands the error to the caller; one that calls `process.exit()` ends the call
     * with the process.
     */
    function goesOnAfter(codePath: TSESLint.CodePath, owner: TSESTree.Node, failure: BodyFailure, start: TSESTree.Node | null, covers: readonly TSESTree.Node[]): boolean {
      const { thrown, handler, finalizers } = failure;
      if (!recorder.segmentsOf(thrown) || !recorder.segmentsOf(handler) || exitsProcess(handler)) return false;
      if (finalizers.some((block) => covers.some((cover) => block.range[0] <= cover.range[0] && cover.range[1] <= block.range[1]))) return false;
      if (recorder.uncoveredExits(codePath, owner, handler, covers).some((exit) => exit.kind !== 'throw')) return true;
      return start !== null && recorder.pathAvoiding(handler, start, covers);
    }

    /** `process.exit(…)` in the `catch`: the call ends with the process. */
    function exitsProcess(handler: TSESTree.CatchClause): boolean {
      let found = false;
      walk(handler.body, sourceCode.visitorKeys, (node) => {
        if (found || isFunction(node)) return false;
        if (node.type !== 'CallExpression') return;
        const callee = calleeOf(node);
        found = callee.type === 'MemberExpression' && staticMemberName(callee) === 'exit' && callee.object.type === 'Identifier' && callee.object.name === 'process';
      });
      return found;
    }

    function reportFailure(candidate: LoopCandidate, failure: BodyFailure): void {
      const { loop, stream, controllers } = candidate;
      const right = skipTypeWrappers(loop.right);
      const named = right.type === 'Identifier' ? right.name : null;
      const name = readName(candidate);
      const thrown = awaitedText(failure.thrown);
      if (stream.cancel === 'cancel()') {
        const fix = named ? `Call \`${named}.cancel()\` in a \`finally\` around the loop` : 'Keep the call in a variable and cancel it in a `finally` around the loop';
        context.report({ node: failure.thrown, messageId: 'errorExit', data: { thrown, name, stream: stream.label, fix }, suggest: cancelSuggestion(candidate, named) });
        return;
      }
      const controllerName = controllers.length === 1 ? declaredName(controllers[0]!) : null;
      const fix = signalLoopFix(stream, controllers.length, controllerName);
      context.report({ node: failure.thrown, messageId: 'errorExit', data: { thrown, name, stream: stream.label, fix }, suggest: abortSuggestion(candidate, controllerName) });
    }

    /** `await this.process(…)`: how the message names the `await` whose rejection leaves the loop. */
    function awaitedText(node: TSESTree.AwaitExpression): string {
      const argument = skipTypeWrappers(node.argument);
      if (argument.type === 'CallExpression') return `await ${sourceCode.getText(calleeOf(argument))}(…)`;
      const text = sourceCode.getText(argument);
      return text.length <= 40 && !text.includes('\n') ? `await ${text}` : 'await …';
    }

    /**
     * A background pump: a private async method of a class (`private`, `#`) whose every use is a call
     * nobody waits for (`void this.pump(call)`, `this.pump(call).catch(…)`), reading a grpc-js call it
     * was handed as a parameter with a `for await`, without cancelling or passing it on. Its callers
     * cannot act when it stops, so when its `catch` goes on after an error of the loop's body, the call
     * is left open.
     */
    function planPump(loop: TSESTree.ForOfStatement, owner: TSESTree.Node, failure: BodyFailure): void {
      const right = skipTypeWrappers(loop.right);
      if (right.type !== 'Identifier' || !isFunction(owner) || owner.generator) return;
      const variable = variableOf(right, sourceCode);
      if (variable?.defs[0]?.type !== 'Parameter' || variable.scope.block !== owner) return;
      const calls = unawaitedPrivateCalls(owner);
      const index = owner.params.indexOf(variable.defs[0].name);
      if (!calls || index < 0 || calls.some((call) => boundedArgument(call, index))) return;
      // Only read here: a cancel, or a hand-off (an argument, a store, a return), makes it someone else's.
      const onlyRead = variable.references.every(({ identifier }) => {
        if (identifier === right) return true;
        const parent = identifier.parent;
        if (parent?.type !== 'MemberExpression' || parent.object !== identifier) return false;
        return !STREAMS.some((kind) => kind.cancelMembers.includes(staticMemberName(parent) ?? ''));
      });
      if (!onlyRead) return;
      const stream = streamOfNode(right, model!);
      if (!stream?.nodeStream || stream.cancel !== 'cancel()') return;
      recorder.watch(failure.thrown);
      recorder.watch(failure.handler);
      const list = pendingPumps.get(owner) ?? [];
      list.push({ loop, name: right.name, stream, failure });
      pendingPumps.set(owner, list);
    }

    /** The calls of `private async m(…)` / `async #m(…)` when every reference is `this.m(…)` called and not waited for. */
    function unawaitedPrivateCalls(fn: TSESTree.Node): TSESTree.CallExpression[] | null {
      const method = fn.parent;
      if (fn.type !== 'FunctionExpression' || method?.type !== 'MethodDefinition' || method.kind !== 'method' || method.static || method.computed) return null;
      if (method.accessibility !== 'private' && method.key.type !== 'PrivateIdentifier') return null;
      const name = method.key.type === 'PrivateIdentifier' || method.key.type === 'Identifier' ? method.key.name : null;
      if (name === null) return null;
      const calls: TSESTree.CallExpression[] = [];
      let other = false;
      walk(method.parent, sourceCode.visitorKeys, (node) => {
        if (other) return false;
        if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression' || node.computed || node.property.name !== name) return;
        if (node.property.type !== method.key.type) return;
        const call = node.parent;
        if (call?.type === 'CallExpression' && call.callee === node && notWaitedFor(call)) calls.push(call);
        else other = true;
      });
      return calls.length > 0 && !other ? calls : null;
    }

    /** The argument at `index` is a call its caller starts with a bound (a deadline, a signal from elsewhere). */
    function boundedArgument(call: TSESTree.CallExpression, index: number): boolean {
      const argument = call.arguments[index];
      if (!argument || argument.type === 'SpreadElement') return true;
      const creation = localCreation(argument, ownerOf(call), sourceCode);
      const stream = creation && startedStream(creation);
      return stream ? endsAnyway(creation, stream) : false;
    }

    /** A call used as a statement or `void`-ed, also with a `.catch(…)` attached: its promise is dropped. */
    function notWaitedFor(call: TSESTree.CallExpression): boolean {
      let at: TSESTree.Node = call;
      const member = at.parent;
      if (member?.type === 'MemberExpression' && member.object === at && staticMemberName(member) === 'catch' && member.parent?.type === 'CallExpression' && member.parent.callee === member) {
        at = member.parent;
      }
      const parent = at.parent;
      return parent?.type === 'ExpressionStatement' || (parent?.type === 'UnaryExpression' && parent.operator === 'void');
    }

    function checkPumps(codePath: TSESLint.CodePath, owner: TSESTree.Node): void {
      const candidates = pendingPumps.get(owner);
      if (!candidates) return;
      pendingPumps.delete(owner);
      for (const { loop, name, stream, failure } of candidates) {
        if (!goesOnAfter(codePath, owner, failure, null, [])) continue;
        const fix = `Call \`${name}.cancel()\` in a \`finally\` around the loop`;
        context.report({
          node: failure.thrown,
          messageId: 'errorExit',
          data: { thrown: awaitedText(failure.thrown), name, stream: stream.label, fix },
          suggest: wrapSuggestion(loop, `${name}.cancel()`),
        });
      }
    }

    function checkSubscriptions(owner: TSESTree.Node): void {
      const candidates = pendingListeners.get(owner);
      if (!candidates) return;
      pendingListeners.delete(owner);
      for (const { subscription, event, name, creation, yields, covers } of candidates) {
        if (!recorder.segmentsOf(creation) || covers.some((c) => !recorder.segmentsOf(c))) continue;
        for (const point of yields) {
          if (!recorder.segmentsOf(point) || !recorder.pathAvoiding(subscription, point, covers) || !recorder.pathAvoiding(creation, point, covers)) continue;
          if (returnRunsFinally(point, owner, covers)) continue;
          const declaration = declarationStatementOf(creation);
          const fix = declaration && isFunction(owner) ? wrapRestInTryFinally(declaration, `${name}.cancel()`, sourceCode, owner) : null;
          context.report({
            node: point,
            messageId: 'consumerStopsListening',
            data: { name, event },
            suggest: fix ? [{ messageId: 'cancelRestInFinally', data: { cancel: `${name}.cancel()` }, fix }] : [],
          });
        }
      }
    }

    /**
     * `for await (… of this.call)` where the class starts the call itself, keeps it in a field only
     * it can reach, and never cancels or hands it on: every way out of the loop leaves the call open
     * (grpc-js: leaving destroys the stream, so nobody can read or cancel it afterwards).
     */
    function checkFieldLoop(loop: TSESTree.ForOfStatement, exits: readonly LoopExit[], yields: readonly TSESTree.YieldExpression[]): void {
      const key = thisFieldKey(loop.right, sourceCode);
      const classBody = key === null ? null : classOfThis(loop.right);
      if (key === null || !classBody) return;
      const fields = classFieldsOf(classBody, sourceCode);
      if (!isPrivateField(fields, key, sourceCode) || releasedAnywhere(fields, key)) return;
      const origins = originCalls(loop.right, sourceCode);
      const stream = origins && origins.length > 0 ? sameStream(origins) : null;
      if (!origins || !stream?.nodeStream || origins.some((origin) => endsAnyway(origin, stream))) return;
      const name = sourceCode.getText(skipTypeWrappers(loop.right));
      const suggest = wrapSuggestion(loop, `${name}.cancel()`);
      const fix = `Call \`${name}.cancel()\` in a \`finally\` around the loop`;
      const points = [...exits.map((exit) => ({ node: exit.node, exit: exit.text })), ...yields.map((node) => ({ node, exit: null }))];
      for (const point of points.sort((a, b) => a.node.range[0] - b.node.range[0])) {
        if (point.exit === null) {
          context.report({ node: point.node, messageId: 'consumerStops', data: { name, effect: STOP_AT_YIELD.grpc, fix }, suggest });
        } else {
          context.report({ node: point.node, messageId: 'exitGrpc', data: { exit: point.exit, name, fix: `${fix}, or pass a \`deadline\`` }, suggest });
        }
      }
    }

    function reportYield(candidate: LoopCandidate, point: TSESTree.YieldExpression): void {
      const { loop, stream, controllers } = candidate;
      const right = skipTypeWrappers(loop.right);
      const named = right.type === 'Identifier' ? right.name : null;
      const name = readName(candidate);
      if (stream.cancel === 'cancel()') {
        const fix = named ? `Call \`${named}.cancel()\` in a \`finally\` around the loop` : 'Keep the call in a variable and cancel it in a `finally` around the loop';
        context.report({ node: point, messageId: 'consumerStops', data: { name, effect: STOP_AT_YIELD.grpc, fix }, suggest: cancelSuggestion(candidate, named) });
        return;
      }
      const controllerName = controllers.length === 1 ? declaredName(controllers[0]!) : null;
      const fix = controllerName
        ? `Call \`${controllerName}.abort()\` in a \`finally\` around the loop`
        : controllers.length > 0
          ? 'Abort its `AbortController` in a `finally` around the loop'
          : stream.signalOption === 'signal'
            ? 'Pass the call a `signal` and abort it in a `finally` around the loop'
            : `Pass \`${stream.signalOption ?? 'signal'}: controller.signal\` in the call's options and abort it in a \`finally\` around the loop`;
      const effect = stream.library === 'protobuf-ts' ? STOP_AT_YIELD['protobuf-ts'] : STOP_AT_YIELD.connect;
      context.report({ node: point, messageId: 'consumerStops', data: { name, effect, fix }, suggest: abortSuggestion(candidate, controllerName) });
    }

    function reportExit(candidate: LoopCandidate, exit: LoopExit): void {
      const { loop, stream, controllers } = candidate;
      const right = skipTypeWrappers(loop.right);
      const named = right.type === 'Identifier' ? right.name : null;
      const name = readName(candidate);
      if (stream.cancel === 'cancel()') {
        context.report({ node: exit.node, messageId: 'exitGrpc', data: { exit: exit.text, name, fix: grpcLoopFix(named) }, suggest: cancelSuggestion(candidate, named) });
        return;
      }
      const controllerName = controllers.length === 1 ? declaredName(controllers[0]!) : null;
      const fix = signalLoopFix(stream, controllers.length, controllerName);
      const messageId = stream.library === 'connect' ? 'exitConnect' : 'exitSignal';
      context.report({ node: exit.node, messageId, data: { exit: exit.text, name, fix, stream: stream.label }, suggest: abortSuggestion(candidate, controllerName) });
    }

    /** `try { <loop> } finally { <cancel>; }` around a loop over a field or a named call. */
    function wrapSuggestion(loop: TSESTree.ForOfStatement, cancel: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statement = wrappableStatement(loop);
      const fix = statement ? wrapInTryFinally(statement, cancel, sourceCode) : null;
      return fix ? [{ messageId: 'cancelInFinally', data: { cancel }, fix }] : [];
    }

    /** grpc-js: `try { for await … } finally { call.cancel(); }`, naming an inline call first. */
    function cancelSuggestion(candidate: LoopCandidate, named: string | null): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statement = wrappableStatement(candidate.loop);
      if (!statement) return [];
      const name = named ?? freshName(['call', 'stream', 'watchCall'], statement);
      if (!name) return [];
      const cancel = `${name}.cancel()`;
      const fix = named
        ? wrapInTryFinally(statement, cancel, sourceCode)
        : wrapInTryFinally(statement, cancel, sourceCode, {
            before: [`const ${name} = ${sourceCode.getText(candidate.creation)};`],
            edits: [{ range: candidate.loop.right.range, text: name }],
          });
      return fix ? [{ messageId: 'cancelInFinally', data: { cancel }, fix }] : [];
    }

    /** connect: abort the existing controller in `finally`, or create one and pass its `signal`. */
    function abortSuggestion(candidate: LoopCandidate, controllerName: string | null): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statement = wrappableStatement(candidate.loop);
      if (!statement) return [];
      if (candidate.controllers.length > 0) {
        if (!controllerName) return [];
        const cancel = `${controllerName}.abort()`;
        const fix = wrapInTryFinally(statement, cancel, sourceCode);
        return fix ? [{ messageId: 'cancelInFinally', data: { cancel }, fix }] : [];
      }
      const name = freshName(['controller', 'abortController', 'streamController'], statement);
      const signalEdit = name ? addSignal(candidate.creation, name, candidate.stream.signalOption ?? 'signal') : null;
      if (!name || !signalEdit) return [];
      const declaration = `const ${name} = new AbortController();`;
      const cancel = `${name}.abort()`;
      const inLoop = signalEdit.range[0] >= statement.range[0] && signalEdit.range[1] <= statement.range[1];
      if (inLoop) {
        const fix = wrapInTryFinally(statement, cancel, sourceCode, { before: [declaration], edits: [signalEdit] });
        return fix ? [{ messageId: 'abortInFinally', fix }] : [];
      }
      const holder = declarationStatementOf(candidate.creation);
      const wrap = tryFinallyEdit(statement, cancel, sourceCode);
      if (!holder || !wrap) return [];
      const indent = /^\s*/.exec(sourceCode.lines[holder.loc.start.line - 1] ?? '')?.[0] ?? '';
      return [
        {
          messageId: 'abortInFinally',
          fix: (fixer) => [
            fixer.insertTextBeforeRange(holder.range, `${declaration}\n${indent}`),
            fixer.replaceTextRange(signalEdit.range, signalEdit.text),
            fixer.replaceTextRange(wrap.range, wrap.text),
          ],
        },
      ];
    }

    /** The edit that passes `{ signal: <name>.signal }` (protobuf-ts: `abort:`) in the options argument of a call. */
    function addSignal(call: TSESTree.CallExpression, name: string, option: string): TextEdit | null {
      const [request, options] = call.arguments;
      const signal = `${option}: ${name}.signal`;
      if (!request || request.type === 'SpreadElement' || call.arguments.length > 2) return null;
      if (!options) return { range: [request.range[1], request.range[1]], text: `, { ${signal} }` };
      if (options.type !== 'ObjectExpression') return null;
      const first = options.properties[0];
      if (!first) return { range: options.range, text: `{ ${signal} }` };
      return { range: [first.range[0], first.range[0]], text: `${signal}, ` };
    }

    function freshName(candidates: readonly string[], statement: TSESTree.Node): string | null {
      const region = sourceCode.getText(ownerOf(statement));
      return candidates.find((name) => !new RegExp(`\\b${name}\\b`).test(region)) ?? null;
    }

    // ---- Drains: "closing" a stream by waiting for its end. ----

    function checkDrain(at: TSESTree.Node, streamNode: TSESTree.Node, how: string, nodeStreamOnly: boolean): void {
      const streamExpression = skipTypeWrappers(streamNode);
      const local = streamExpression.type === 'Identifier';
      if (!isInClosePath(at) && !(local && !nodeStreamOnly && readBefore(streamExpression, at))) return;
      const origins = originCalls(streamExpression, sourceCode);
      const stream = origins && sameStream(origins);
      if (!origins || !stream || (nodeStreamOnly && !stream.nodeStream)) return;
      if (origins.some((origin) => endsAnyway(origin, stream))) return;
      if (cancelledIn(logicalFunctionOf(at), streamExpression, stream)) return;
      const name = sourceCode.getText(streamExpression);
      context.report({ node: at, messageId: 'drain', data: { how, stream: stream.label, name, fix: drainFix(stream, name) } });
    }

    /** A deadline, timeout, foreign signal or an aborted/handed-off local controller ends the call without the drain. */
    function endsAnyway(origin: TSESTree.CallExpression, stream: StreamKind): boolean {
      const owner = ownerOf(origin);
      const limits = streamLimitsOf(origin, stream, owner, model!, sourceCode);
      if (limits.kind !== 'owned' || boundedByClientDefault(origin, stream, model!, sourceCode)) return true;
      return limits.controllers.some((controller) => handlingsOf(controller, owner, ABORT).length > 0);
    }

    function checkCall(call: TSESTree.CallExpression): void {
      const callee = calleeOf(call);
      if (isEndWaiterCall(call, callee)) {
        checkEndWaiter(call, callee);
        return;
      }
      if (callee.type !== 'MemberExpression') return;
      const method = staticMemberName(callee);
      if (method === null) return;
      if (method === 'emit' && isEndEvent(call.arguments[0])) {
        checkSyntheticEnd(call, callee.object, String((call.arguments[0] as TSESTree.Literal).value));
      } else if (LISTEN_METHODS.has(method) && isEndEvent(call.arguments[0]) && insidePromiseExecutor(call)) {
        checkDrain(call, callee.object, `This \`${method}(${sourceCode.getText(call.arguments[0])})\` listener`, true);
      } else if (STOP_NAMES.has(method)) {
        checkStop(call, callee.object, method);
      }
    }

    /** `once(s, 'end')`, `events.once(s, 'end')`, `finished(s)` — not `s.once('end', cb)`. */
    function isEndWaiterCall(call: TSESTree.CallExpression, callee: TSESTree.Node): boolean {
      const first = call.arguments[0];
      if (!first || first.type === 'SpreadElement' || (first.type === 'Literal' && typeof first.value === 'string')) return false;
      if (callee.type === 'Identifier') return END_WAITER_NAMES.has(callee.name) || END_WAITER_NAMES.has(model!.importedNameOf(callee) ?? '');
      return callee.type === 'MemberExpression' && END_WAITER_NAMES.has(staticMemberName(callee) ?? '');
    }

    function checkEndWaiter(call: TSESTree.CallExpression, callee: TSESTree.Node): void {
      const [streamArgument, event] = call.arguments;
      // Reading a stream to its end is how finite streams are consumed; only a close path that waits is a drain.
      if (!streamArgument || streamArgument.type === 'SpreadElement' || !isInClosePath(call)) return;
      const waiter = END_WAITERS.find((w) => model!.valueIs(callee, [w.callee]));
      if (!waiter || (waiter.events && !(event?.type === 'Literal' && waiter.events.includes(String(event.value))))) return;
      const how = waiter.events ? `\`${sourceCode.getText(callee)}(…, ${sourceCode.getText(event)})\`` : `\`${sourceCode.getText(callee)}(…)\``;
      checkDrain(call, streamArgument, how, true);
    }

    function checkStop(call: TSESTree.CallExpression, receiver: TSESTree.Expression, method: string): void {
      const stop: Stop | null = NON_CANCELLING_STOPS.unsubscribe.has(method)
        ? unsubscribesData(call, method)
          ? 'unsubscribe'
          : null
        : NON_CANCELLING_STOPS.destroy.has(method)
          ? 'destroy'
          : 'halfClose';
      if (!stop) return;
      if (stop === 'halfClose' && !isInClosePath(call)) return;
      // Where the receiver comes from is found without the checker; most receivers are no call's result.
      const origins = originCalls(receiver, sourceCode);
      if (!origins) return;
      const stream = sameStream(origins);
      if (!stream?.nodeStream || (stop === 'halfClose' && !stream.duplex)) return;
      if (origins.some((origin) => endsAnyway(origin, stream))) return;
      const region = logicalFunctionOf(call);
      // Still read afterwards: re-subscribed, piped, or drained (the drain is reported by itself).
      if (usedAfter(region, receiver, call, stop === 'halfClose' ? null : READ_METHODS)) return;
      const scope = receiver.type === 'MemberExpression' ? (classOfThis(receiver) ?? region) : region;
      if (cancelledIn(scope, receiver, stream) || handedOff(receiver)) return;
      if (stop === 'unsubscribe' && method !== 'removeAllListeners' && detachesCompletion(region, receiver)) return;
      // A field unsubscribed here and subscribed again by another method (pause/resume) is still in use.
      if (stop === 'unsubscribe' && scope !== region && resubscribedOutsideConstructor(scope, receiver)) return;
      const name = sourceCode.getText(receiver);
      context.report({ node: call, messageId: 'stopWithoutCancel', data: { name, method, effect: STOP_EFFECTS[stop] } });
    }

    /** A local stream that is returned, stored or passed on is someone else's to cancel. */
    function handedOff(receiver: TSESTree.Expression): boolean {
      if (receiver.type !== 'Identifier') return false;
      const creation = localCreation(receiver, ownerOf(receiver), sourceCode);
      if (!creation) return false;
      return handlingsOf(creation, ownerOf(receiver), NO_CANCEL).length > 0;
    }

    /**
     * Where the owner closes or hands off a value. Passing it to a function or constructor whose
     * summary only uses it, or keeps it in a wrapper that never cancels it, hands nothing off; an
     * unknown callee still does (quiet).
     */
    function handlingsOf(creation: TSESTree.Node, owner: ReturnType<typeof ownerOf>, oracle: OwnershipOracle): Handling[] {
      return traceOwnership(creation, owner, sourceCode, oracle).handlings.filter((h) => {
        // A closure that captures the value may cancel it whenever it runs; its callee's summary is about the closure.
        if (h.kind !== 'escape' || isFunction(h.anchor)) return true;
        const fate = fateAt(h.anchor);
        return fate === null || (fate.kind !== 'uses' && !strandsStream(fate));
      });
    }

    /** What the callee does with `reference` when it is an argument of a call or `new`, from its summary. */
    function fateAt(reference: TSESTree.Node): StreamFate | null {
      const position = valuePosition(reference);
      const call = position.parent;
      if (call?.type !== 'CallExpression' && call?.type !== 'NewExpression') return null;
      const index = call.arguments.indexOf(position as TSESTree.CallExpressionArgument);
      if (index < 0) return null;
      return argumentFate(summariesOf(model!.program), model!.tsNodeOf(call) as ts.CallExpression | ts.NewExpression, index);
    }

    /**
     * The grpc-js or connect call that `call` starts: a client method, or a function-typed value with
     * no body (`stream-reads.ts`) when its declaration may be one (syntax first). nice-grpc streams
     * cancel themselves and are never reported, so their costlier signature test is not asked.
     */
    function startedStream(call: TSESTree.CallExpression): StreamKind | null {
      return streamOfCall(call, model!) ?? (mayBeFunctionValue(calleeOf(call)) ? streamOfFunctionValue(call, model!) : null);
    }

    /** The one stream kind all of `origins` start, or null. */
    function sameStream(origins: readonly TSESTree.CallExpression[]): StreamKind | null {
      let found: StreamKind | null = null;
      for (const origin of origins) {
        const stream = startedStream(origin);
        if (!stream || (found && found.library !== stream.library)) return null;
        found = stream;
      }
      return found;
    }

    /**
     * `watch(req)` with `watch` annotated as a function-typed binding (`isStreamFunctionBinding`), or
     * `x.open(req)` where `x` (a local, a parameter, `this.<field>`) is annotated with a named type or
     * a type literal (`private opener: Opener`, an interface whose method has no body).
     */
    function mayBeFunctionValue(callee: TSESTree.Node): boolean {
      if (callee.type === 'Identifier') return isStreamFunctionBinding(callee);
      const name = callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
      if (callee.type !== 'MemberExpression' || name === null) return false;
      const annotation = receiverAnnotation(skipTypeWrappers(callee.object));
      if (annotation?.type === 'TSTypeLiteral') return true;
      // A named class or interface whose declarations say what the method is (a helper with a body, a
      // signature that returns no stream): its callee is not typed.
      return annotation?.type === 'TSTypeReference' && mayStartStreamAsMethod(model!.tsNodeOf(annotation) as ts.TypeNode, name, model!);
    }

    /** The written type of a local, a parameter or `this.<field>`; undefined for anything else or none. */
    function receiverAnnotation(at: TSESTree.Node): TSESTree.TypeNode | undefined {
      if (at.type === 'Identifier') {
        const def = variableOf(at, sourceCode)?.defs[0];
        return def?.type === 'Variable' || def?.type === 'Parameter' ? bindingAnnotation(def) : undefined;
      }
      return thisFieldKey(at, sourceCode) === null ? undefined : fieldAnnotation(at);
    }

    // ---- A synthetic end: `call.emit('end')` runs listeners, the call goes on. ----

    function checkSyntheticEnd(call: TSESTree.CallExpression, receiver: TSESTree.Expression, event: string): void {
      const target = skipTypeWrappers(receiver);
      if (target.type !== 'Identifier' && thisFieldKey(target, sourceCode) === null) return; // cheap filter before the checker
      const stream = streamOfNode(target, model!);
      if (!stream?.nodeStream) return;
      const origins = originCalls(target, sourceCode);
      if (origins?.some((origin) => streamLimitsOf(origin, stream, ownerOf(origin), model!, sourceCode).kind === 'bounded')) return;
      if (cancelledIn(regionOf(target, call), target, stream)) return;
      const name = sourceCode.getText(target);
      context.report({ node: call, messageId: 'syntheticEnd', data: { name, event } });
    }

    /** Where the code that may cancel `target` lives: its variable's scope, the class of a field, or the logical function. */
    function regionOf(target: TSESTree.Node, at: TSESTree.Node): TSESTree.Node {
      if (target.type === 'Identifier') {
        const variable = variableOf(target, sourceCode);
        if (variable) return variable.scope.block;
      }
      return (target.type === 'MemberExpression' ? classOfThis(target) : null) ?? logicalFunctionOf(at);
    }

    // ---- Calls nobody keeps: discarded results, locals never used. ----

    function checkStatement(statement: TSESTree.ExpressionStatement): void {
      let expression = skipTypeWrappers(statement.expression);
      if (expression.type === 'UnaryExpression' && expression.operator === 'void') expression = skipTypeWrappers(expression.argument);
      if (expression.type === 'ChainExpression') expression = expression.expression;
      if (expression.type === 'CallExpression') checkDiscarded(expression);
    }

    function checkUnusedLocal(declarator: TSESTree.VariableDeclarator): void {
      const init = declarator.init && skipTypeWrappers(declarator.init);
      if (declarator.id.type !== 'Identifier' || init?.type !== 'CallExpression') return;
      const variable = variableOf(declarator.id, sourceCode);
      if (!variable || variable.references.some((r) => !r.init)) return;
      checkDiscarded(init);
    }

    /**
     * A streaming call whose result nobody keeps: it starts at once (grpc-js, connect) and nothing can
     * read or cancel it. nice-grpc starts nothing until the result is iterated.
     */
    function checkDiscarded(call: TSESTree.CallExpression): void {
      const callee = calleeOf(call);
      // Cheap first: a method of a value that may be a client (the receiver's type decides), or a
      // function-typed parameter or variable.
      const stream = callee.type === 'MemberExpression' ? methodStream(callee) : isStreamFunctionBinding(callee) ? streamOfFunctionValue(call, model!) : null;
      if (!stream || stream.cancel === 'auto' || endsAnyway(call, stream)) return;
      context.report({ node: call, messageId: 'discarded', data: { stream: stream.label, call: `${sourceCode.getText(callee)}(…)` } });
    }

    /**
     * `receiver.method` by the method's declared signatures: a grpc-js or connect streaming method.
     * Most statements call loggers, messages, collections and emitters, so the receiver's declaration
     * decides first, without types: a local, parameter or `this.<field>` whose annotation may name a
     * client of the model (`private client: EventServiceClient`; its declared type is then asked, not
     * the reference's), or, without one, whose every value is `new C(address, credentials)` of a class
     * that may be one or a client factory's result (connect `createClient(…)`). Not `this`, a global,
     * an import, another object's member or another call's result.
     */
    function methodStream(callee: TSESTree.MemberExpression): StreamKind | null {
      const name = staticMemberName(callee);
      const at = skipTypeWrappers(callee.object);
      if (name === null || (at.type !== 'Identifier' && thisFieldKey(at, sourceCode) === null)) return null;
      if (at.type === 'Identifier' && !['Variable', 'Parameter'].includes(variableOf(at, sourceCode)?.defs[0]?.type ?? '')) return null;
      const annotation = receiverAnnotation(at);
      if (annotation) return namesClient(annotation) ? streamOfDeclaredMethod(model!.tsNodeOf(annotation) as ts.TypeNode, name, model!) : null;
      const values = originValues(at, sourceCode);
      if (!values || values.length === 0 || !values.every((value) => madeAsClient(value))) return null;
      const receiverType = model!.typeOf(at);
      return receiverType ? streamOfMethod(receiverType, name, model!) : null;
    }

    /** The annotation of the field `this.<key>` (a declaration or a constructor parameter property). */
    function fieldAnnotation(member: TSESTree.Node): TSESTree.TypeNode | undefined {
      const key = thisFieldKey(member, sourceCode);
      const classBody = key === null ? null : classOfThis(member);
      return classBody ? fieldAnnotationsOf(classBody).get(key!) : undefined;
    }

    /** Each field's annotation, by key, its first declaration first: every statement call on `this.<key>` asks. */
    function fieldAnnotationsOf(classBody: TSESTree.ClassBody): ReadonlyMap<string, TSESTree.TypeNode | undefined> {
      let annotations = fieldAnnotationIndexes.get(classBody);
      if (annotations) return annotations;
      annotations = new Map<string, TSESTree.TypeNode | undefined>();
      const add = (key: string | null, annotation: TSESTree.TypeNode | undefined): void => {
        if (key !== null && !annotations.has(key)) annotations.set(key, annotation);
      };
      for (const element of classBody.body) {
        if (element.type === 'PropertyDefinition') add(memberKeyName(element, sourceCode), element.typeAnnotation?.typeAnnotation);
        if (element.type !== 'MethodDefinition' || element.kind !== 'constructor') continue;
        for (const param of element.value.params) {
          if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier') add(param.parameter.name, param.parameter.typeAnnotation?.typeAnnotation);
        }
      }
      fieldAnnotationIndexes.set(classBody, annotations);
      return annotations;
    }

    /**
     * A type reference (or a union member) that may name a client: a class or interface whose chain a
     * client specifier names, or a plain name without type arguments that syntax cannot follow (ts-proto
     * declares `interface FooClient` beside `const FooClient`): then the types decide. Qualified and
     * generic names it cannot follow (`http2.ClientHttp2Session`, `Map<K, V>`, `Partial<T>`) are not
     * asked: the check looks at every statement call.
     */
    function namesClient(annotation: TSESTree.TypeNode): boolean {
      if (annotation.type === 'TSUnionType') return annotation.types.some(namesClient);
      if (annotation.type !== 'TSTypeReference') return false;
      // Memoised per annotation: every statement call on a field or binding asks about the same one.
      let names = clientAnnotations.get(annotation);
      if (names === undefined) {
        const named = model!.declaredByName(model!.tsNodeOf(annotation) as ts.TypeNode)?.named;
        names = named ?? (annotation.typeName.type === 'Identifier' && !annotation.typeArguments);
        clientAnnotations.set(annotation, names);
      }
      return names;
    }

    /**
     * `new C(address, credentials, …)` of a class that may be a client (a grpc-js client takes both;
     * messages and collections, the most common `new` values whose methods are called as statements,
     * take fewer), or a call of a stream kind's client factory.
     */
    function madeAsClient(value: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
      if (value.type === 'NewExpression') {
        return value.arguments.length >= 2 && !constructsGlobal(value, sourceCode) && model!.mayConstructResource(model!.tsNodeOf(value.callee) as ts.Expression);
      }
      return model!.valueIs(calleeOf(value), CLIENT_FACTORIES);
    }

    /**
     * A parameter or variable annotated with a function type that returns a named type
     * (`(req: Req) => ClientReadableStream<Res>`), or with a named type (`Watch`,
     * `Client<typeof Service>['watch']`): its call may start a stream. Callbacks typed
     * `(err: Error) => void` and unannotated ones are not asked.
     */
    function isStreamFunctionBinding(callee: TSESTree.Node): boolean {
      if (callee.type !== 'Identifier') return false;
      const def = variableOf(callee, sourceCode)?.defs[0];
      if (def?.type !== 'Variable' && def?.type !== 'Parameter') return false;
      const annotation = bindingAnnotation(def);
      if (annotation?.type === 'TSFunctionType') return annotation.returnType?.typeAnnotation.type === 'TSTypeReference';
      return annotation?.type === 'TSTypeReference' || annotation?.type === 'TSIndexedAccessType';
    }

    /** The written type of a variable or parameter binding. */
    function bindingAnnotation(def: TSESLint.Scope.Definition): TSESTree.TypeNode | undefined {
      if (def.type === 'Variable') return def.node.id.typeAnnotation?.typeAnnotation;
      return def.type === 'Parameter' && def.name.type === 'Identifier' ? def.name.typeAnnotation?.typeAnnotation : undefined;
    }

    // ---- A field's live call replaced by a new one. ----

    /**
     * Class bodies with a method whose own code assigns a call to a field (`this.call = client.watch(…)`):
     * every replacement `checkReplacements` can report is one, so a class without one is not indexed
     * (`classFieldsOf` walks every method body). Found by the traversal, before the class body's exit.
     */
    const callWrites = new Set<TSESTree.ClassBody>();

    function recordCallWrite(assignment: TSESTree.AssignmentExpression): void {
      if (assignment.operator !== '=' || skipTypeWrappers(assignment.right).type !== 'CallExpression' || thisFieldKey(assignment.left, sourceCode) === null) return;
      for (let at: TSESTree.Node | undefined = assignment.parent; at; at = at.parent) {
        if (at.type === 'ClassBody') return;
        if (!isFunction(at)) continue;
        const method = at.parent;
        if (method?.type === 'MethodDefinition' && method.value === at && method.kind === 'method' && !method.static) callWrites.add(method.parent);
        return;
      }
    }

    function checkReplacements(classBody: TSESTree.ClassBody): void {
      if (!callWrites.has(classBody)) return;
      if (!classBody.body.some((e) => e.type === 'MethodDefinition' && e.kind === 'method')) return;
      const fields = classFieldsOf(classBody, sourceCode);
      // Fields the constructor or an initialiser gives a call to, by syntax first.
      const keys = fields.everyMethod.flatMap((facts) => facts.writes.map((w) => w.key));
      const live = [...new Set(keys)].filter((key) => constructorValues(fields, key).some((v) => skipTypeWrappers(v).type === 'CallExpression'));
      if (live.length === 0) return;
      const reported = new Set<TSESTree.Node>();
      for (const facts of fields.everyMethod) {
        if (!isPublicMethod(facts)) continue;
        for (const key of live) {
          for (const replacement of replacementsIn(fields, facts, key)) {
            if (reported.has(replacement.node) || releasedBefore(fields, facts, key, replacement)) continue;
            const stream = liveStreamReplaced(fields, key, replacement);
            if (!stream) continue;
            reported.add(replacement.node);
            reportReplacement(replacement, key, stream);
          }
        }
      }
    }

    /** The stream kind the replacement starts, when the field already holds one from the constructor that nobody else may keep. */
    function liveStreamReplaced(fields: ClassFields, key: string, replacement: Replacement): StreamKind | null {
      const value = skipTypeWrappers(replacement.value);
      if (value.type !== 'CallExpression' || handedOffAnywhere(fields, key)) return null;
      const before = constructorValues(fields, key).map(skipTypeWrappers);
      if (!before.some((v) => v.type === 'CallExpression' && startedStream(v))) return null;
      const stream = startedStream(value);
      if (!stream || stream.cancel === 'auto' || endsAnyway(value, stream)) return null;
      return stream;
    }

    function reportReplacement(replacement: Replacement, key: string, stream: StreamKind): void {
      const node = replacement.node;
      const field = node.type === 'AssignmentExpression' ? sourceCode.getText(node.left) : fieldText(key);
      const what = node.type === 'AssignmentExpression' ? `${field} = …` : sourceCode.getText(node);
      const fix =
        stream.cancel === 'cancel()'
          ? `Call \`${field}.cancel()\` first, with an \`'error'\` listener`
          : 'Pass the call a `signal` you keep, and abort it before the new call';
      context.report({ node, messageId: 'replaced', data: { what, stream: stream.label, field, fix } });
    }

    // ---- An iterator object handed to callers that cannot cancel the call it reads. ----

    /**
     * `return { next() {…}, return() {…} }` or `return { async *[Symbol.asyncIterator]() {…} }` over a
     * call the function starts: the object is all its caller gets, so when the caller stops iterating,
     * only the object's own members can cancel the call.
     */
    function checkIteratorObject(object: TSESTree.ObjectExpression): void {
      const position = valuePosition(object);
      const parent = position.parent;
      const returned = parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === position);
      if (!returned || !object.properties.some((p) => p.type === 'Property' && isIteratorKey(p))) return;
      const owner = ownerOf(object);
      if (owner.type === 'Program') return;
      for (const variable of capturedLocals(object, owner)) {
        const id = variable.identifiers[0];
        const creation = id && localCreation(id, owner, sourceCode);
        if (!creation || !variable.references.some((r) => r.identifier.range[0] > object.range[0] && r.identifier.range[1] < object.range[1])) continue;
        const stream = startedStream(creation);
        if (!stream || stream.cancel !== 'cancel()' || endsAnyway(creation, stream)) continue;
        const oracle: OwnershipOracle = { ...NO_CANCEL, isCloseMethod: (name) => stream.cancelMembers.includes(name) };
        const inside = (node: TSESTree.Node): boolean => node.range[0] >= object.range[0] && node.range[1] <= object.range[1];
        // Cancelled or handed on anywhere but through this object's closures: someone else ends it.
        if (handlingsOf(creation, owner, oracle).some((h) => !inside(h.anchor) || h.kind === 'close')) continue;
        if (cancelledIn(object, id, stream) || exposedBy(object, variable)) continue;
        const hasReturn = object.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === 'return');
        context.report({
          node: object,
          messageId: 'iteratorWithoutCancel',
          data: { name: id.name, stream: stream.label, teardown: hasReturn ? 'its `return()` does not cancel it' : 'it has no `return()` that cancels it' },
        });
      }
    }

    /** The locals of `owner` that the object's members read. */
    function capturedLocals(object: TSESTree.ObjectExpression, owner: TSESTree.Node): Set<TSESLint.Scope.Variable> {
      const found = new Set<TSESLint.Scope.Variable>();
      walk(object, sourceCode.visitorKeys, (node) => {
        if (node.type !== 'Identifier') return;
        const variable = variableOf(node, sourceCode);
        if (variable && variable.scope.variableScope.block === owner && variable.defs[0]?.type === 'Variable') found.add(variable);
      });
      return found;
    }

    /** `{ call }`, `{ stream: call }`: the caller gets the call itself and can cancel it. */
    function exposedBy(object: TSESTree.ObjectExpression, variable: TSESLint.Scope.Variable): boolean {
      return object.properties.some((p) => p.type === 'Property' && p.value.type === 'Identifier' && variableOf(p.value, sourceCode) === variable);
    }

    // ---- Callees that strand a stream: a wrapper whose teardown never cancels it, a loop left early. ----

    function checkWrapped(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (call.arguments.length === 0) return;
      const callee = calleeOf(call);
      if (!mayHaveSummary(callee, sourceCode) && !(call.type === 'CallExpression' && namedLikeLibraryWrapper(callee))) return;
      const owner = ownerOf(call);
      call.arguments.forEach((argument, index) => {
        const value = skipTypeWrappers(argument);
        if (value.type !== 'Identifier' && value.type !== 'CallExpression') return; // cheap filter first
        const creation = localCreation(value, owner, sourceCode);
        if (!creation) return;
        const tsCall = model!.tsNodeOf(call) as ts.CallExpression | ts.NewExpression;
        // Syntax before types: most callees only read what they are given.
        if (!mayStrandArgument(summariesOf(model!.program), tsCall, index)) return;
        const stream = startedStream(creation);
        if (!stream || stream.cancel === 'auto') return;
        const fate = argumentFate(summariesOf(model!.program), tsCall, index);
        if (!strandsStream(fate)) return;
        if (endsAnyway(creation, stream)) return;
        const oracle: OwnershipOracle = { ...NO_CANCEL, isCloseMethod: (name) => stream.cancelMembers.includes(name) };
        if (handlingsOf(creation, owner, oracle).length > 0) return; // cancelled, or handed on as well
        const name = value.type === 'Identifier' ? value.name : `${sourceCode.getText(calleeOf(value))}(…)`;
        if (fate.kind === 'wraps') reportWrapped(argument, name, stream, fate);
        // After a loop left early, a connect stream can still be read to its end by the caller.
        else if (!(value.type === 'Identifier' && referencedAfter(value, call))) reportAbandoned(argument, name, value.type === 'Identifier', stream, fate);
      });
    }

    function reportWrapped(argument: TSESTree.Node, name: string, stream: StreamKind, fate: WrapsFate): void {
      const grpc = stream.cancel === 'cancel()';
      const fix = fate.library
        ? grpc
          ? "Cancel the call on the wrapper's `'close'` event, or pass a `deadline`"
          : "Pass the call a `signal` and abort it on the wrapper's `'close'` event, or pass `timeoutMs`"
        : grpc
          ? 'Cancel the call in that teardown, or pass a `deadline`'
          : 'Pass the call a `signal` and abort it in that teardown, or pass `timeoutMs`';
      context.report({
        node: argument,
        messageId: 'wrappedWithoutCancel',
        data: { name, wrapper: fate.wrapper, teardown: fate.teardown, stream: stream.label, fix },
      });
    }

    function reportAbandoned(argument: TSESTree.Node, name: string, named: boolean, stream: StreamKind, fate: AbandonsFate): void {
      const fix =
        stream.cancel === 'cancel()'
          ? named
            ? `Call \`${name}.cancel()\` in a \`finally\` after the call, or pass a \`deadline\``
            : 'Keep the call in a variable and cancel it in a `finally` after the call, or pass a `deadline`'
          : 'Pass the call a `signal` and abort it in a `finally` after the call, or pass `timeoutMs`';
      context.report({
        node: argument,
        messageId: 'abandonedByCallee',
        data: { name, reader: fate.reader, exit: fate.exit, at: fate.at, fix },
      });
    }

    /** Whether the local `id` names is referenced after `call` (read on, cancelled, handed on). */
    function referencedAfter(id: TSESTree.Identifier, call: TSESTree.Node): boolean {
      return (variableOf(id, sourceCode)?.references ?? []).some((r) => r.identifier.range[0] >= call.range[1]);
    }

    /** `Readable.from(…)`, by name (also `stream.Readable.from`, a renamed import): the types decide. */
    function namedLikeLibraryWrapper(callee: TSESTree.Node): boolean {
      if (callee.type !== 'MemberExpression') return false;
      const method = staticMemberName(callee);
      const object = callee.object;
      const owner =
        object.type === 'Identifier' ? (model!.importedNameOf(object) ?? object.name) : object.type === 'MemberExpression' ? staticMemberName(object) : null;
      return STREAM_WRAPPERS.libraryWrappers.some((w) => w.method === method && w.ownerName === owner);
    }

    /**
     * Whether `region` also takes the call's `'error'`, `'end'`, `'close'` or `'status'` listener off
     * `receiver`: a teardown for a call that is over (run from its `'end'` or `'error'` listener, or
     * before a `cancel()` elsewhere). Mid-stream, the next error would have no listener.
     */
    function detachesCompletion(region: TSESTree.Node, receiver: TSESTree.Node): boolean {
      return callsOn(region, receiver, (method, call) => {
        const event = call.arguments[0];
        return NON_CANCELLING_STOPS.unsubscribe.has(method) && event?.type === 'Literal' && COMPLETION_EVENTS.has(String(event.value));
      });
    }

    function unsubscribesData(call: TSESTree.CallExpression, method: string): boolean {
      const event = call.arguments[0];
      if (!event) return method === 'removeAllListeners';
      return event.type === 'Literal' && NON_CANCELLING_STOPS.dataEvents.has(String(event.value));
    }

    /** Whether `region` cancels `receiver` (same expression text) anywhere, or aborts its controller. */
    function cancelledIn(region: TSESTree.Node, receiver: TSESTree.Node, stream: StreamKind): boolean {
      return stream.cancelMembers.length > 0 && callsOn(region, receiver, (method) => stream.cancelMembers.includes(method));
    }

    /** Whether `region` calls a method of `receiver` (same expression text) that `matches`. */
    function callsOn(region: TSESTree.Node, receiver: TSESTree.Node, matches: (method: string, call: TSESTree.CallExpression) => boolean): boolean {
      const target = normalized(receiver);
      let found = false;
      walk(region, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type !== 'CallExpression') return;
        const callee = calleeOf(node);
        if (callee.type === 'MemberExpression' && matches(staticMemberName(callee) ?? '', node) && normalized(callee.object) === target) found = true;
      });
      return found;
    }

    /** Whether `receiver` (same text) is used in `region` after `at`; with `methods`, only as `receiver.<method>(…)`, `for await` or an argument. */
    function usedAfter(region: TSESTree.Node, receiver: TSESTree.Node, at: TSESTree.Node, methods: ReadonlySet<string> | null): boolean {
      const target = normalized(receiver);
      let found = false;
      walk(region, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type !== receiver.type || node.range[0] < at.range[1] || normalized(node) !== target) return;
        const parent = node.parent;
        if (!methods) found = true;
        else if (parent?.type === 'MemberExpression' && parent.object === node) found = methods.has(staticMemberName(parent) ?? '') || isAsyncIteratorKey(parent);
        else found = parent?.type === 'ForOfStatement' || parent?.type === 'CallExpression';
        return false;
      });
      return found;
    }

    /** `this.x.on('data', …)` (or `resume()`/`pipe()`) in a method of the class other than the constructor. */
    function resubscribedOutsideConstructor(classBody: TSESTree.Node, receiver: TSESTree.Node): boolean {
      const target = normalized(receiver);
      let found = false;
      walk(classBody, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type === 'MethodDefinition' && node.kind === 'constructor') return false;
        if (node.type !== 'CallExpression') return;
        const callee = calleeOf(node);
        if (callee.type !== 'MemberExpression' || callee.object.type !== receiver.type || normalized(callee.object) !== target) return;
        const method = staticMemberName(callee) ?? '';
        found = (LISTEN_METHODS.has(method) && isDataEvent(node.arguments[0])) || method === 'resume' || method === 'pipe';
      });
      return found;
    }

    /** A local stream read before `at` (an iterator taken, a loop, a listener): `at` drains "the rest". */
    function readBefore(id: TSESTree.Identifier, at: TSESTree.Node): boolean {
      const variable = variableOf(id, sourceCode);
      return (variable?.references ?? []).some((r) => {
        const ref = r.identifier;
        if (!r.isRead() || ref.range[0] >= at.range[0]) return false;
        const parent = ref.parent;
        if (parent?.type === 'ForOfStatement') return parent.right === ref;
        if (parent?.type !== 'MemberExpression' || parent.object !== ref) return false;
        if (isAsyncIteratorKey(parent)) return true;
        const method = staticMemberName(parent) ?? '';
        if (PULL_METHODS.has(method)) return true;
        const call = parent.parent;
        return LISTEN_METHODS.has(method) && call?.type === 'CallExpression' && call.callee === parent && isDataEvent(call.arguments[0]);
      });
    }

    function normalized(node: TSESTree.Node): string {
      return sourceCode.getText(skipTypeWrappers(node)).replace(/\s+|\?(?=\.)|!/g, '');
    }

    return mergeListeners(hasLoops || hasYields ? recorder.listeners(checkLoops) : {}, {
      ...(hasLoops || hasYields ? { Program: planLoops } : {}),
      'ForOfStatement[await=true]'(loop: TSESTree.ForOfStatement) {
        if (hasEmptyBody(loop)) checkDrain(loop, loop.right, 'This empty `for await`', false);
      },
      CallExpression(call: TSESTree.CallExpression) {
        checkCall(call);
        checkWrapped(call);
      },
      NewExpression: checkWrapped,
      ExpressionStatement: checkStatement,
      VariableDeclarator: checkUnusedLocal,
      AssignmentExpression: recordCallWrite,
      'ClassBody:exit': checkReplacements,
      ObjectExpression: checkIteratorObject,
    });
  },
});

function grpcLoopFix(named: string | null): string {
  return named
    ? `Call \`${named}.cancel()\` in a \`finally\` around the loop, or pass a \`deadline\``
    : 'Keep the call in a variable and cancel it in a `finally` around the loop, or pass a `deadline`';
}

/** The fix for a call cancelled through a signal (connect, protobuf-ts): its option and bound by name. */
function signalLoopFix(stream: StreamKind, controllers: number, controllerName: string | null): string {
  if (controllerName) return `Call \`${controllerName}.abort()\` on this path too, in a \`finally\` around the loop`;
  if (controllers > 0) return 'Abort its `AbortController` on this path too, in a `finally` around the loop';
  const option = stream.signalOption ?? 'signal';
  const bound = stream.boundOptions[0] ?? 'timeoutMs';
  return option === 'signal'
    ? `Pass the call a \`signal\` and abort it in a \`finally\` around the loop, or pass \`${bound}\``
    : `Pass \`${option}: controller.signal\` in the call's options and abort it in a \`finally\` around the loop, or pass \`${bound}\``;
}

function fieldText(key: string): string {
  return key.startsWith('[') ? `this${key}` : `this.${key}`;
}

function drainFix(stream: StreamKind, name: string): string {
  switch (stream.cancel) {
    case 'cancel()':
      return `Call \`${name}.cancel()\` instead, or pass a \`deadline\``;
    case 'signal':
      return "Abort the call's `AbortController` instead, or pass `timeoutMs`";
    case 'auto':
      return "Abort the call's `AbortController` instead, or leave the loop with `break`";
  }
}

function isEndEvent(node: TSESTree.Node | undefined): boolean {
  return node?.type === 'Literal' && typeof node.value === 'string' && END_EVENTS.includes(node.value);
}

function isDataEvent(node: TSESTree.Node | undefined): boolean {
  return node?.type === 'Literal' && typeof node.value === 'string' && NON_CANCELLING_STOPS.dataEvents.has(node.value);
}

/** `next`, `[Symbol.asyncIterator]`: a member that makes an object an async iterator or iterable. */
function isIteratorKey(property: TSESTree.Property): boolean {
  if (propertyKeyName(property) === 'next') return true;
  const key = property.key;
  return property.computed && key.type === 'MemberExpression' && key.object.type === 'Identifier' && key.object.name === 'Symbol' && staticMemberName(key) === 'asyncIterator';
}

function isAsyncIteratorKey(member: TSESTree.MemberExpression): boolean {
  const key = member.property;
  return member.computed && key.type === 'MemberExpression' && key.object.type === 'Identifier' && key.object.name === 'Symbol' && staticMemberName(key) === 'asyncIterator';
}

/** `new Promise((resolve) => s.once('end', resolve))`: the listener is the awaited end. */
function insidePromiseExecutor(node: TSESTree.Node): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'ArrowFunctionExpression' || at.type === 'FunctionExpression') {
      const parent = at.parent;
      return parent?.type === 'NewExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'Promise';
    }
    if (at.type === 'FunctionDeclaration') return false;
  }
  return false;
}

/** `const <name> = new AbortController()`: the name the suggestion aborts. */
function declaredName(node: TSESTree.Node): string | null {
  const declarator = node.parent;
  return declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' ? declarator.id.name : null;
}

/** The variable declaration statement whose initialiser is `node`, when it sits in a statement list. */
function declarationStatementOf(node: TSESTree.Node): TSESTree.VariableDeclaration | null {
  let at: TSESTree.Node = node;
  while (at.parent && (at.parent.type === 'TSAsExpression' || at.parent.type === 'TSNonNullExpression' || at.parent.type === 'TSSatisfiesExpression')) at = at.parent;
  const declarator = at.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== at) return null;
  const declaration = declarator.parent;
  return declaration.parent && ['BlockStatement', 'Program', 'StaticBlock', 'SwitchCase'].includes(declaration.parent.type) ? declaration : null;
}
