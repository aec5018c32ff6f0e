import type ts from 'typescript';

import { STREAMS, type StreamKind } from '../../model/streams.js';
import { fromLib } from '../../model/specifiers.js';
import { typeMatchesSomeSpecifier } from '../../model/type-utils.js';
import { getSymbolAtLocation, getTypeAtLocation } from '../../model/checker.js';
import { memberName, returnedValues, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { isCallExpression, isIdentifier, isObjectLiteralExpression, isParameter, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isVariableDeclaration, isConstDeclaration } from '../../syntax/ts-nodes.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';

/**
 * A function of the program that starts a streaming call with the `AbortSignal` its caller passes and
 * gives the stream back, as it is or wrapped (`getEvents(signal) { return map(client.watch(req, { abort:
 * signal }).responses, f); }`): its caller owns the call through the controller whose signal it passes.
 * `signalParameter` is the index of that parameter.
 */
export interface StreamStarter {
  readonly stream: StreamKind;
  readonly signalParameter: number;
}

/** What a wrapper of the stream returns: it reads the stream when its caller reads it. */
const LAZY_ITERABLES = fromLib('AsyncIterable', 'AsyncIterableIterator', 'AsyncGenerator');

/** Kinds a call's own type names, that a signal in its options cancels (protobuf-ts). */
const SIGNAL_KINDS = STREAMS.filter((kind) => 'type' in kind.recognise && kind.signalOption !== null);

/** How many locals and wrappers the returned value is followed through. */
const MAX_STEPS = 4;

/**
 * The stream a function starts and returns, when every value it returns is that one call (through
 * `const` locals, its `readMember`, and wrapper calls typed as async iterables that take it), and the
 * call's options are an object literal whose signal is one of the function's parameters, with no bound
 * and no spread. Null otherwise: the caller's signal then proves nothing about who owns the call.
 */
export const streamStarters: SummaryFact<StreamStarter | null> = {
  name: 'stream-starters',
  unknown: null,
  recursive: null,
  compute(fn, summaries) {
    const returned = returnedValues(fn.body);
    if (!returned || returned.length !== 1) return null;
    const call = startedCall(returned[0]!, fn, summaries, 0);
    return call ? signalOf(call.call, call.stream, fn, summaries) : null;
  },
};

/** The starter `call` runs (a function or method of the program), or null. */
export function streamStarterOf(summaries: Summaries, call: ts.CallExpression): StreamStarter | null {
  const callee = summaries.namedCallee(call);
  return callee ? summaries.get(streamStarters, callee) : null;
}

function startedCall(
  node: ts.Expression,
  fn: SummarizedFunction,
  summaries: Summaries,
  steps: number,
  member: string | null = null,
): { call: ts.CallExpression; stream: StreamKind } | null {
  if (steps > MAX_STEPS) return null;
  const at = skipTypeWrappers(node);
  if (isIdentifier(at)) {
    const init = constInitializer(at, fn, summaries);
    return init ? startedCall(init, fn, summaries, steps + 1, member) : null;
  }
  if (isPropertyAccessExpression(at)) {
    if (member !== null) return null;
    return startedCall(at.expression, fn, summaries, steps + 1, at.name.text);
  }
  if (!isCallExpression(at)) return null;
  const type = getTypeAtLocation(summaries.checker, at);
  const stream = SIGNAL_KINDS.find((kind) => 'type' in kind.recognise && typeMatchesSomeSpecifier(type, [kind.recognise.type], summaries.program));
  if (stream) return (stream.readMember ?? null) === member || member === null ? { call: at, stream } : null;
  // A wrapper that reads the stream lazily: `map(call.responses, f)` typed as an async iterable.
  if (member !== null || !typeMatchesSomeSpecifier(type, [LAZY_ITERABLES], summaries.program)) return null;
  const inner = at.arguments.map((argument) => startedCall(argument, fn, summaries, steps + 1));
  const found = inner.filter((x) => x !== null);
  return found.length === 1 && found[0]!.stream.readMember !== undefined ? found[0]! : null;
}

/** `signal` of `call`'s options when it is a parameter of `fn`, with no bound and nothing spread in. */
function signalOf(call: ts.CallExpression, stream: StreamKind, fn: SummarizedFunction, summaries: Summaries): StreamStarter | null {
  let signalParameter: number | null = null;
  for (const argument of call.arguments) {
    const at = skipTypeWrappers(argument);
    const literal = isObjectLiteralExpression(at) ? at : isIdentifier(at) ? constInitializer(at, fn, summaries) : null;
    if (!literal || !isObjectLiteralExpression(skipTypeWrappers(literal))) continue; // the request
    for (const property of (skipTypeWrappers(literal) as ts.ObjectLiteralExpression).properties) {
      if (!isPropertyAssignment(property) && !isShorthandPropertyAssignment(property)) return null; // a spread, a method
      const key = memberName(property.name);
      if (key === null || stream.boundOptions.includes(key) || stream.handOffOptions.includes(key)) return null;
      if (key !== stream.signalOption) continue;
      const value = isPropertyAssignment(property) ? skipTypeWrappers(property.initializer) : property.name;
      if (!isIdentifier(value)) return null;
      // `{ abort }` names the parameter itself; its symbol at the shorthand is the property's.
      const declaration = isPropertyAssignment(property)
        ? getSymbolAtLocation(summaries.checker, value)?.valueDeclaration
        : fn.parameters.find((p) => isIdentifier(p.name) && p.name.text === value.text);
      const index = declaration && isParameter(declaration) ? fn.parameters.indexOf(declaration) : -1;
      if (index < 0) return null;
      signalParameter = index;
    }
  }
  return signalParameter === null ? null : { stream, signalParameter };
}

/** The initialiser of a `const` of `fn`'s own (not a parameter, not reassigned). */
function constInitializer(id: ts.Identifier, fn: SummarizedFunction, summaries: Summaries): ts.Expression | null {
  const declaration = getSymbolAtLocation(summaries.checker, id)?.valueDeclaration;
  if (!declaration || !isVariableDeclaration(declaration) || !declaration.initializer || !isIdentifier(declaration.name)) return null;
  if (!isConstDeclaration(declaration)) return null;
  for (let at: ts.Node | undefined = declaration; at; at = at.parent) if (at === fn) return declaration.initializer;
  return null;
}
