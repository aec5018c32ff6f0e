import type { TSESTree } from '@typescript-eslint/utils';

import { calleeOf, functionKeyName, functionReportLocation, isFunction, propertyKeyName, staticMemberName, type FunctionNode } from '../src/syntax/ast.js';
import { ServerHandlers, type ServerHandler } from '../src/analysis/concurrency/server-handlers.js';
import { generatorProducers, grpcProducers, type Producer } from '../src/analysis/streams/handler-producers.js';
import { createRule } from '../src/create-rule.js';
import { DOM_LISTEN_METHOD, RECURRING_LISTEN_METHODS } from '../src/model/events.js';
import { getRpcModel } from '../src/model/index.js';
import { GRPC_DUPLEX_CALL, GRPC_RESPONSE_STREAMS } from '../src/model/servers.js';

type MessageIds = 'grpcProducer' | 'generatorTimer' | 'generatorListener' | 'generatorChangeLoop' | 'generatorWait';

/** Calls that may start work which outlives a call: where handlers are looked for (cheap filter before the checker). */
const TRIGGER_METHODS: ReadonlySet<string> = new Set([...RECURRING_LISTEN_METHODS, DOM_LISTEN_METHOD, 'subscribe', 'once']);

export default createRule<[], MessageIds>({
  name: 'server-stream-honors-cancel',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require streaming server handlers to stop the work they start when the client cancels',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    schema: [],
    messages: {
      grpcProducer:
        '`{{handler}}` starts {{producer}} on line {{line}} that nothing stops when the client cancels: {{what}} runs on and grpc-js drops its writes. {{fix}}.',
      generatorTimer:
        '`{{handler}}` starts a `setInterval` timer on line {{line}} that runs on after the client cancels: {{library}} only ends the generator. Clear it in a `finally` block.',
      generatorListener:
        '`{{handler}}` adds {{listener}} on line {{line}} that stays after the client cancels: {{library}} only ends the generator. Remove it in a `finally` block, or pass `{{signalOption}}`.',
      generatorChangeLoop:
        '`{{handler}}` loops on line {{line}} and yields only on a change, so it keeps polling after the client cancels: {{library}} stops it only at a `yield`. Check `{{signal}}.aborted` in the loop.',
      generatorWait:
        '`{{handler}}` waits on {{what}} on line {{line}} without the abort signal: when the client cancels, nothing wakes it and its `finally` never runs. Pass `{{signalOption}}` to the wait.',
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const handlers = ServerHandlers.of(model, sourceCode);
    /** Functions around a possible producer: the handlers among them are checked at the end. */
    const candidates = new Set<FunctionNode>();

    function consider(node: TSESTree.Node): void {
      for (let at = node.parent; at; at = at.parent) if (isFunction(at)) candidates.add(at);
    }

    function onCall(call: TSESTree.CallExpression): void {
      const callee = calleeOf(call);
      if (callee.type === 'Identifier' ? callee.name === 'setInterval' || callee.name === 'once' || callee.name === 'on' : callee.type === 'MemberExpression' && TRIGGER_METHODS.has(staticMemberName(callee) ?? '')) {
        consider(call);
      }
    }

    function check(): void {
      for (const fn of candidates) {
        // A callback is a handler only as connect `router.rpc(method, handler)`; asking its parameters' types is wasted.
        const handler = isArgument(fn) ? handlers.singleHandler(fn) : handlers.handlerOf(fn);
        if (!handler) continue;
        if (handler.library === 'grpc-js') checkGrpc(fn);
        else checkGenerator(fn, handler);
      }
    }

    function checkGrpc(fn: FunctionNode): void {
      const parameter = fn.params[0];
      if (parameter?.type !== 'Identifier' || !model!.typeIs(parameter, [GRPC_RESPONSE_STREAMS])) return;
      const call = parameter.name;
      const [producer] = grpcProducers({ fn, call, duplex: model!.typeIs(parameter, [GRPC_DUPLEX_CALL]) }, sourceCode);
      if (!producer) return;
      const { text, what, fix } = describeGrpc(producer, call);
      context.report({ ...functionReportLocation(fn), messageId: 'grpcProducer', data: { handler: handlerName(fn), producer: text, line: lineOf(producer), what, fix } });
    }

    function checkGenerator(fn: FunctionNode, handler: ServerHandler): void {
      if (!fn.generator || !fn.async) return; // a handler that returns an iterable made elsewhere
      const contextParameter = fn.params[1];
      const contextName = contextParameter?.type === 'Identifier' ? contextParameter.name : null;
      const signalName = contextParameter?.type === 'ObjectPattern' ? destructuredSignal(contextParameter) : null;
      const [producer] = generatorProducers({ fn, context: contextName, signal: signalName }, model!, sourceCode);
      if (!producer) return;
      const library = handler.library;
      const signal = signalName ?? `${contextName ?? 'context'}.signal`;
      const signalOption = signal === 'signal' ? '{ signal }' : `{ signal: ${signal} }`;
      const handlerText = handlerName(fn);
      const line = lineOf(producer);
      switch (producer.kind) {
        case 'timer':
          context.report({ ...functionReportLocation(fn), messageId: 'generatorTimer', data: { handler: handlerText, line, library } });
          return;
        case 'listener':
          context.report({ ...functionReportLocation(fn), messageId: 'generatorListener', data: { handler: handlerText, line, library, signalOption, listener: listenerText(producer) } });
          return;
        case 'changeLoop':
        case 'loop':
          context.report({ ...functionReportLocation(fn), messageId: 'generatorChangeLoop', data: { handler: handlerText, line, library, signal } });
          return;
        case 'wait':
          context.report({ ...functionReportLocation(fn), messageId: 'generatorWait', data: { handler: handlerText, line, signalOption, what: producer.what } });
      }
    }

    /** The handler's name as the code writes it: a method key, a function or variable name. */
    function handlerName(fn: FunctionNode): string {
      return functionKeyName(fn, sourceCode) ?? 'handler';
    }

    return {
      CallExpression: onCall,
      WhileStatement: consider,
      DoWhileStatement: consider,
      ForStatement: consider,
      'ForOfStatement[await=true]': consider,
      'Program:exit': check,
    };
  },
});

function isArgument(fn: FunctionNode): boolean {
  let at: TSESTree.Node = fn;
  while (at.parent && (at.parent.type === 'TSAsExpression' || at.parent.type === 'TSSatisfiesExpression')) at = at.parent;
  return (at.parent?.type === 'CallExpression' || at.parent?.type === 'NewExpression') && at.parent.arguments.includes(at as TSESTree.CallExpressionArgument);
}

function destructuredSignal(pattern: TSESTree.ObjectPattern): string | null {
  for (const property of pattern.properties) {
    if (property.type === 'Property' && propertyKeyName(property) === 'signal' && property.value.type === 'Identifier') return property.value.name;
  }
  return null;
}

function describeGrpc(producer: Producer, call: string): { text: string; what: string; fix: string } {
  switch (producer.kind) {
    case 'timer':
      return { text: 'a `setInterval` timer', what: 'the timer', fix: `Clear it in \`${call}.on('cancelled', …)\`` };
    case 'listener':
      return { text: listenerText(producer), what: 'the listener', fix: `Remove it in \`${call}.on('cancelled', …)\`` };
    default:
      return { text: `a loop that writes to \`${call}\``, what: 'the loop', fix: `Check \`${call}.cancelled\` in the loop, or stop it in \`${call}.on('cancelled', …)\`` };
  }
}

function listenerText(producer: Producer & { kind: 'listener' }): string {
  if (producer.event !== null) return `a listener for \`'${producer.event}'\` on \`${producer.target}\``;
  return producer.method === 'subscribe' ? `a \`subscribe()\` on \`${producer.target}\`` : `a listener (\`${producer.target}.${producer.method}(…)\`)`;
}

function lineOf(producer: Producer): string {
  return String(producer.node.loc.start.line);
}
