import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { enclosingFunction, functionKeyName, functionReportLocation, isFunction, skipParentWrappers, staticMemberName, textMayName, wrapped, type FunctionNode } from '../src/syntax/ast.js';
import { ServerHandlers } from '../src/analysis/concurrency/server-handlers.js';
import { CodePathRecorder, type Exit, type Segment } from '../src/analysis/flow/exits.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { variableOf } from '../src/analysis/flow/origins.js';
import { rejectionFactsOf } from '../src/analysis/flow/rejections.js';
import {
  callbackUses,
  describeRejection,
  escapesHandler,
  inHandlerPosition,
  isObjectMember,
  mayBeHandlerByNames,
  PROMISE_NAMES,
  rejectionPoints,
  type RejectionPoint,
} from '../src/analysis/servers/handler-completion.js';
import { handlerWrapsOf } from '../src/analysis/servers/handler-wraps.js';
import { summariesOf } from '../src/analysis/summaries.js';
import { createRule } from '../src/create-rule.js';
import { wrapBodyInTryCatch } from '../src/fixes/wrap-statement.js';
import { getRpcModel } from '../src/model/index.js';
import { GRPC_CALL_REQUEST, GRPC_STREAM_DESTROY, GRPC_STREAM_END, GRPC_STREAM_FAILURE, serverRegistrationOf, type GrpcAnswer } from '../src/model/servers.js';
import { TIMER_PROMISES } from '../src/model/timers.js';
import { isAlwaysTruthy } from '../src/model/type-walk.js';
import { isClassLike, isExpression } from '../src/syntax/ts-nodes.js';

type MessageIds = 'rejects' | 'notAnswered' | 'catchAndAnswer' | 'destroyedWithoutStatus' | 'failInstead';

/** A function in a place where grpc-js may call it, waiting for the end of its code path. */
interface Candidate {
  /** The `sendUnaryData` parameter (`(call, callback)`), when it is a plain name. */
  readonly callback: TSESTree.Identifier | null;
  readonly uses: readonly TSESTree.Node[];
  /** `try` statements with a `catch` in its own code, recorded where they start. */
  readonly tries: TSESTree.TryStatement[];
  /** `if` statements of its own code whose test is a plain value (`call.request`, `!x`), recorded where they start. */
  readonly branches: Branch[];
  /** `call.destroy(…)` on its first parameter, not after a statement that ends the call (`destroysWithoutStatus`). */
  readonly destroys: readonly TSESTree.CallExpression[];
}

/** An `if` whose test may always go one way: the segments its test runs in, and those its consequent starts. */
interface Branch {
  readonly statement: TSESTree.IfStatement;
  readonly consequent: Set<Segment>;
  /** Whether the test is always true (`true`), always false (`false`), or either (`null`); computed when first asked. */
  always?: boolean | null;
}


export default createRule<[], MessageIds>({
  name: 'require-handler-completion',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require grpc-js server handlers to complete each call: no unhandled rejection, no path without an answer',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      rejects:
        '`{{expression}}` can reject, and grpc-js ignores the promise of {{handler}}: the process exits, or the client waits until its deadline. Catch it and {{fix}}.',
      notAnswered:
        '{{Handler}} can {{exit}} without calling `{{callback}}`, so the client waits until its deadline, or forever. Call `{{callback}}(null, reply)` or `{{callback}}(err)` on every path.',
      catchAndAnswer: 'Wrap the body of {{handler}} in `try { … } catch ({{param}}) { {{answer}}; }`.',
      destroyedWithoutStatus:
        "`{{call}}.destroy()` ends the stream without a status, so the client waits until its deadline, or forever. Fail the call with `{{call}}.emit('error', err)`, or finish it with `{{call}}.end()`.",
      failInstead: "Replace with `{{call}}.emit('error', {{error}})`.",
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const handlers = ServerHandlers.of(model, sourceCode);
    const recorder = CodePathRecorder.sharedBy(context);
    const candidates = new Map<FunctionNode, Candidate>();
    /** The consequent of each recorded `if`, to record the segment it starts. */
    const consequents = new Map<TSESTree.Node, Branch>();
    const typeScriptFile = !/\.[cm]?jsx?$/.test(context.filename);
    // Every function in handler position is asked for `call.destroy(…)`: a file whose text cannot name it has none.
    const mayDestroy = textMayName(sourceCode.text, [GRPC_STREAM_DESTROY]);

    /** Syntax first: a function where grpc-js may call it, with at most `(call, callback)`. */
    function onFunctionStart(_codePath: TSESLint.CodePath, node: TSESTree.Node): void {
      if (!isFunction(node) || !inHandlerPosition(node)) return;
      const parameter = node.params[1];
      let callback: TSESTree.Identifier | null = null;
      let uses: TSESTree.Node[] = [];
      if (parameter?.type === 'Identifier' && node.params[0]?.type !== 'RestElement') {
        const variable = sourceCode.getDeclaredVariables(node).find((v) => v.identifiers.includes(parameter));
        if (variable) {
          callback = parameter;
          uses = callbackUses(node, variable);
          recorder.watch(parameter);
          for (const use of uses) recorder.watch(use);
        }
      }
      candidates.set(node, { callback, uses, tries: [], branches: [], destroys: mayDestroy ? destroysWithoutStatus(node, sourceCode) : [] });
    }

    /** An `if` on a plain value: the checker may show that it always goes one way (`if (call.request)`). */
    function onIf(statement: TSESTree.IfStatement): void {
      const test = statement.test.type === 'UnaryExpression' && statement.test.operator === '!' ? statement.test.argument : statement.test;
      if (test.type !== 'Identifier' && !(test.type === 'MemberExpression' && !test.optional)) return;
      const owner = enclosingFunction(statement);
      const candidate = owner && candidates.get(owner);
      if (!candidate?.callback) return;
      recorder.recordNow(statement);
      candidate.branches.push({ statement, consequent: new Set() });
      consequents.set(statement.consequent, candidate.branches.at(-1)!);
    }

    function onSegmentStart(segment: Segment, node: TSESTree.Node): void {
      consequents.get(node)?.consequent.add(segment);
    }

    function onTry(statement: TSESTree.TryStatement): void {
      if (!statement.handler) return;
      const owner = enclosingFunction(statement);
      const candidate = owner && candidates.get(owner);
      if (!candidate?.callback) return;
      recorder.recordNow(statement);
      recorder.watch(statement.handler);
      candidate.tries.push(statement);
    }

    function onFunctionEnd(codePath: TSESLint.CodePath, node: TSESTree.Node): void {
      const candidate = isFunction(node) ? candidates.get(node) : undefined;
      if (!candidate) return;
      candidates.delete(node as FunctionNode);
      const fn = node as FunctionNode;
      // A function declared to return no promise (`: string`) returns none that can reject.
      const promised = !fn.returnType || model!.mayBeDeclaredAs(model!.annotationOf(fn), PROMISE_NAMES);
      const points = rejectionPoints(fn, sourceCode.visitorKeys).filter((point) => escapesHandler(point, fn) && (point.kind !== 'return' || promised));
      // A synchronous throw is answered by grpc-js (`UNKNOWN`); an async one is a rejection (`points`).
      const unanswered = candidate.callback !== null && unansweredExits(codePath, fn, candidate, () => true).length > 0;
      if (points.length === 0 && !unanswered && candidate.destroys.length === 0) return;
      // Then the types: a handler that grpc-js itself calls, which nothing wraps.
      if (!mayBeHandlerByNames(fn, model!)) return;
      const handler = handlers.handlerOf(fn);
      if (!handler || handler.library !== 'grpc-js' || !handler.direct) return;
      const answer = handlers.grpcAnswerOf(fn);
      if (answer === null && !isObjectMember(fn) && !handlers.handlerTypeOf(fn)) return; // a helper method of the implementing class
      if (isWrapped(fn)) return;
      if (answer === 'stream') for (const destroy of candidate.destroys) reportDestroy(destroy);
      const rejection = points.find(mayReject);
      if (rejection) reportRejection(fn, rejection, answer);
      if (answer !== 'callback' || !unanswered) return;
      // Last, the branches the checker shows to go one way (`if (call.request)`).
      const [exit] = unansweredExits(codePath, fn, candidate, branchFilter(candidate.branches));
      if (exit) reportNotAnswered(fn, exit, candidate.callback);
    }

    /** The edges the branches of `candidate` let run (`takes`), looked up by the segment of each test. */
    function branchFilter(branches: readonly Branch[]): (from: Segment, to: Segment) => boolean {
      if (branches.length === 0) return () => true;
      const byTest = new Map<Segment, Branch[]>();
      for (const branch of branches) {
        for (const segment of recorder.segmentsOf(branch.statement) ?? []) byTest.set(segment, [...(byTest.get(segment) ?? []), branch]);
      }
      return (from, to) => (byTest.get(from) ?? []).every((branch) => takes(branch, from, to));
    }

    /**
     * The exits some path reaches without calling or handing on the callback (a synchronous throw is
     * answered by grpc-js with `UNKNOWN`; an async one is a rejection). ESLint's code paths enter a
     * `catch` from the start of its `try` block, so a call of the callback inside the block seems to
     * come first; a `catch` is therefore followed on its own, when the `try` is reached unanswered.
     */
    function unansweredExits(codePath: TSESLint.CodePath, fn: FunctionNode, { callback, uses, tries }: Candidate, follows: (from: Segment, to: Segment) => boolean): Exit[] {
      const answered = (exit: Exit) => exit.kind !== 'throw';
      const exits = recorder.uncoveredExits(codePath, fn, callback!, uses, follows).filter(answered);
      for (const statement of tries) {
        if (exits.length > 0) break;
        const before = uses.filter((use) => !within(use, statement));
        if (!statement.handler || !recorder.pathAvoiding(callback!, statement, before)) continue;
        exits.push(...recorder.uncoveredExits(codePath, fn, statement.handler, uses, follows).filter(answered));
      }
      return exits;
    }

    /**
     * Whether the edge `from` → `to` can run as far as `branch` knows: from the segment of its test, a
     * test the checker types as always truthy (an object: `call.request` is the deserialized message)
     * goes only into the consequent, and its negation never does.
     */
    function takes(branch: Branch, from: Segment, to: Segment): boolean {
      if (!from.nextSegments.some((next) => branch.consequent.has(next))) return true;
      if (branch.always === undefined) {
        const test = branch.statement.test;
        const value = test.type === 'UnaryExpression' ? test.argument : test;
        const type = isCallRequest(value) ? null : model!.typeOf(value);
        const truthy = isCallRequest(value) || (type !== null && isAlwaysTruthy(type));
        branch.always = truthy ? value === test : null;
      }
      return branch.always === null || branch.always === branch.consequent.has(to);
    }

    /** `call.request` of the handler's own call (its first parameter): always set when grpc-js runs the handler. */
    function isCallRequest(value: TSESTree.Node): boolean {
      if (value.type !== 'MemberExpression' || value.computed || value.object.type !== 'Identifier' || staticMemberName(value) !== GRPC_CALL_REQUEST) return false;
      const owner = enclosingFunction(value);
      const call = owner?.params[0];
      return call?.type === 'Identifier' && call.name === value.object.name && variableOf(value.object, sourceCode)?.identifiers.includes(call) === true;
    }

    /** Whether the program wraps the handler, or what holds it, before the server gets it (`handler-wraps.ts`). */
    function isWrapped(fn: FunctionNode): boolean {
      const wraps = handlerWrapsOf(model!);
      const member = fn.parent;
      if (member?.type === 'Property' && member.parent.type === 'ObjectExpression') {
        const object = wrapped(member.parent);
        const call = object.parent;
        if ((call?.type === 'CallExpression' || call?.type === 'NewExpression') && call.arguments.includes(object as TSESTree.CallExpressionArgument)) {
          return call.type === 'NewExpression' || !serverRegistrationOf(call, model!);
        }
        const holder = holderOf(member.parent);
        return holder !== null && wraps.wrapped(holder, 'holder');
      }
      if (member?.type === 'MethodDefinition' || member?.type === 'PropertyDefinition') {
        const cls = model!.tsNodeOf(member.parent.parent);
        return isClassLike(cls) && wraps.wrapped(cls, 'holder');
      }
      if (fn.type === 'FunctionDeclaration') return wraps.wrapped(model!.tsNodeOf(fn) as ts.FunctionDeclaration, 'handler');
      const holder = skipParentWrappers(fn);
      return holder?.type === 'VariableDeclarator' && wraps.wrapped(model!.tsNodeOf(holder) as ts.VariableDeclaration, 'handler');
    }

    /** The TypeScript declaration that names a value: `const x = <value>`, or the named function that returns it. */
    function holderOf(value: TSESTree.Node): ts.NamedDeclaration | null {
      const parent = skipParentWrappers(value);
      if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return model!.tsNodeOf(parent) as ts.VariableDeclaration;
      const returner = parent?.type === 'ReturnStatement' ? enclosingFunction(parent) : isFunction(parent) && parent.body === wrapped(value) ? parent : null;
      if (!returner) return null;
      if (returner.type === 'FunctionDeclaration') return model!.tsNodeOf(returner) as ts.FunctionDeclaration;
      const declarator = skipParentWrappers(returner);
      return declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' ? (model!.tsNodeOf(declarator) as ts.VariableDeclaration) : null;
    }

    /** Whether the promise can reject at `point`: the program-wide rejection facts, and Node's timers without options. */
    function mayReject(point: RejectionPoint): boolean {
      if (point.kind === 'for-await' || point.kind === 'throw') return true;
      const expression = point.kind === 'await' ? (point.node as TSESTree.AwaitExpression).argument : (point.node as TSESTree.Expression);
      if (point.kind === 'await' && isQuietTimer(expression)) return false;
      const tsNode = model!.tsNodeOf(expression);
      if (!isExpression(tsNode)) return true;
      const facts = rejectionFactsOf(summariesOf(model!.program));
      return point.kind === 'await' ? facts.mayReject(tsNode) : facts.mayRejectAsValue(tsNode);
    }

    /** `await setTimeout(10)` from `node:timers/promises`, with no options (no `signal` to abort it). */
    function isQuietTimer(expression: TSESTree.Expression): boolean {
      if (expression.type !== 'CallExpression' || expression.callee.type !== 'Identifier') return false;
      const callee = expression.callee;
      return TIMER_PROMISES.some((timer) => expression.arguments.length <= timer.optionsArgument && model!.valueIs(callee, [timer.spec]));
    }

    function reportRejection(fn: FunctionNode, point: RejectionPoint, answer: GrpcAnswer | null): void {
      const handler = handlerName(fn);
      const call = fn.params[0]?.type === 'Identifier' ? fn.params[0].name : null;
      const callback = fn.params[1]?.type === 'Identifier' ? fn.params[1].name : null;
      const param = [callback, call].includes('err') ? 'error' : 'err';
      const failure = typeScriptFile ? `${param} as Error` : param;
      let answerText: string | null = null;
      let fix: string;
      if (answer === 'callback' && callback) {
        answerText = `${callback}(${failure})`;
        fix = `answer with \`${callback}(err)\``;
      } else if (answer === 'stream' && call) {
        answerText = `${call}.${GRPC_STREAM_FAILURE.method}('${GRPC_STREAM_FAILURE.event}', ${param})`;
        fix = `end it with \`${call}.${GRPC_STREAM_FAILURE.method}('${GRPC_STREAM_FAILURE.event}', err)\``;
      } else {
        fix = 'answer the call with the error';
      }
      // A `try` catches what an `await` rejects with, not a promise the handler returns.
      const edit = answerText && fn.async && point.kind !== 'return' ? wrapBodyInTryCatch(fn, param, answerText, sourceCode) : null;
      context.report({
        node: point.kind === 'for-await' ? (point.node as TSESTree.ForOfStatement).right : point.node,
        messageId: 'rejects',
        data: { expression: describeRejection(point, sourceCode), handler, fix },
        suggest: edit ? [{ messageId: 'catchAndAnswer', data: { handler, param, answer: answerText! }, fix: edit }] : [],
      });
    }

    function reportNotAnswered(fn: FunctionNode, exit: Exit, callback: TSESTree.Identifier | null): void {
      const how = exit.kind === 'return' ? `return on line ${exit.line}` : `reach its end on line ${exit.line}`;
      const handler = handlerName(fn);
      context.report({ ...functionReportLocation(fn), messageId: 'notAnswered', data: { Handler: handler[0]!.toUpperCase() + handler.slice(1), exit: how, callback: callback?.name ?? 'callback' } });
    }

    function reportDestroy(destroy: TSESTree.CallExpression): void {
      const call = sourceCode.getText((destroy.callee as TSESTree.MemberExpression).object);
      const [error] = destroy.arguments;
      const replace = error && error.type !== 'SpreadElement' && destroy.arguments.length === 1 ? sourceCode.getText(error) : null;
      context.report({
        node: destroy,
        messageId: 'destroyedWithoutStatus',
        data: { call },
        suggest: replace
          ? [{ messageId: 'failInstead', data: { call, error: replace }, fix: (fixer) => fixer.replaceText(destroy, `${call}.${GRPC_STREAM_FAILURE.method}('${GRPC_STREAM_FAILURE.event}', ${replace})`) }]
          : [],
      });
    }

    /** The handler as the code names it, for messages: "`ping`" (a method key, a function or variable name), "the handler `unary()` builds". */
    function handlerName(fn: FunctionNode): string {
      const name = functionKeyName(fn, sourceCode);
      if (name !== null) return `\`${name}\``;
      const holder = skipParentWrappers(fn);
      const builder = holder?.type === 'ReturnStatement' ? enclosingFunction(holder) : isFunction(holder) ? holder : null;
      const built = builder && functionKeyName(builder, sourceCode);
      return built ? `the handler \`${built}()\` builds` : 'the handler';
    }

    return mergeListeners(
      { onCodePathStart: onFunctionStart, onCodePathSegmentStart: onSegmentStart, TryStatement: onTry, IfStatement: onIf } as unknown as TSESLint.RuleListener,
      recorder.listeners(onFunctionEnd),
    );
  },
});

/**
 * `call.destroy(…)` on a function's first parameter, in its body or a callback in it (RPC-FACTS §9: a
 * grpc-js server stream destroyed sends no status; the client waits until its deadline). Not after a
 * statement of the same block (or an expression of the same sequence), up to its function, that ends
 * the call (`call.end()`, `call.emit('error', …)`): the status is then already sent.
 */
function destroysWithoutStatus(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression[] {
  const parameter = fn.params[0];
  if (parameter?.type !== 'Identifier') return [];
  const variable = sourceCode.getDeclaredVariables(fn).find((v) => v.identifiers.includes(parameter));
  if (!variable) return [];
  const calls = (name: string): TSESTree.CallExpression[] =>
    variable.references.flatMap((reference) => {
      const member = reference.identifier.parent;
      const call = member?.parent;
      return member?.type === 'MemberExpression' && member.object === reference.identifier && staticMemberName(member) === name && call?.type === 'CallExpression' && call.callee === member ? [call] : [];
    });
  const destroys = calls(GRPC_STREAM_DESTROY);
  if (destroys.length === 0) return [];
  const ending = [...calls(GRPC_STREAM_END), ...calls(GRPC_STREAM_FAILURE.method)];
  return destroys.filter((destroy) => !endedBefore(destroy, ending));
}

/** Whether an earlier statement of a block around `node` (or an earlier expression of a sequence), up to its function, contains one of `ending`. */
function endedBefore(node: TSESTree.Node, ending: readonly TSESTree.Node[]): boolean {
  for (let at: TSESTree.Node = node; at.parent && !isFunction(at); at = at.parent) {
    const parent = at.parent;
    const list = parent.type === 'BlockStatement' || parent.type === 'Program' ? parent.body : parent.type === 'SwitchCase' ? parent.consequent : parent.type === 'SequenceExpression' ? parent.expressions : null;
    if (!list) continue;
    const earlier = list.slice(0, (list as TSESTree.Node[]).indexOf(at));
    if (earlier.some((sibling) => ending.some((end) => within(end, sibling)))) return true;
  }
  return false;
}

function within(node: TSESTree.Node, outer: TSESTree.Node): boolean {
  return outer.range[0] <= node.range[0] && node.range[1] <= outer.range[1];
}

