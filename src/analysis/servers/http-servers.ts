import type ts from 'typescript';

import { LISTEN_METHODS } from '../../model/events.js';
import { httpServerFactoryOfCall, isRpcRequestHandlerValue, type HttpProtocol } from '../../model/shutdowns.js';
import { forEachOwnNode, literalString, skipTypeWrappers } from '../../syntax/ts-ast.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { getSymbolAtLocation } from '../../model/checker.js';
import { findAncestor, isBlock, isCallExpression, isConstDeclaration, isFunctionLike, isIdentifier, isPropertyAccessExpression, isReturnStatement, isVariableDeclaration } from '../../syntax/ts-nodes.js';

/**
 * Node HTTP servers made in another function, on the program-wide summaries: a caller's
 * `const api = createApiServer()` holds an RPC server when the factory (in any file) returns one.
 *
 * A server is an RPC server when the code shows an RPC request handler on it: passed to the
 * server factory (`http2.createServer(connectNodeAdapter(…))`), or registered with
 * `server.on('request', handler)` in the function that makes it. A caller may register the
 * handler itself, so a plain server is answered too (`servesRpc: false`).
 */
export interface MadeServer {
  readonly protocol: HttpProtocol;
  /** Every server the call can give serves RPC. */
  readonly servesRpc: boolean;
}

/** The server every `return` of a function gives (all of the same protocol), or null. */
export const returnedHttpServer: SummaryFact<MadeServer | null> = {
  name: 'returned-http-server',
  unknown: null,
  recursive: null,
  compute(fn, summaries) {
    const returned = returnedExpressions(fn);
    if (returned.length === 0) return null;
    const servers = returned.map((expression) => serverOf(expression, fn, summaries));
    const [first] = servers;
    if (!first || servers.some((server) => server?.protocol !== first.protocol)) return null;
    return { protocol: first.protocol, servesRpc: servers.every((server) => server!.servesRpc) };
  },
};

/** The server a call makes: a Node HTTP server factory call, or a call of a function whose summary returns one. */
export function httpServerMadeBy(call: ts.CallExpression, summaries: Summaries): MadeServer | null {
  const { checker, program } = summaries;
  const factory = httpServerFactoryOfCall(call, checker, program);
  if (factory) return { protocol: factory.protocol, servesRpc: call.arguments.some((argument) => isRpcRequestHandlerValue(argument, checker, program)) };
  const callee = summaries.namedCallee(call) ?? summaries.calleeOf(call);
  return callee ? summaries.get(returnedHttpServer, callee) : null;
}

/** The server `expression` (returned by `fn`) holds: a call, or a `const` of `fn` initialised with one. */
function serverOf(expression: ts.Expression, fn: SummarizedFunction, summaries: Summaries): MadeServer | null {
  let value = skipTypeWrappers(expression);
  let binding: ts.Symbol | null = null;
  if (isIdentifier(value)) {
    const local = localConst(value, fn, summaries.checker);
    if (!local) return null;
    binding = local.symbol;
    value = skipTypeWrappers(local.init);
  }
  if (!isCallExpression(value)) return null;
  const made = httpServerMadeBy(value, summaries);
  if (!made || made.servesRpc || !binding) return made;
  return { protocol: made.protocol, servesRpc: registersRpcHandler(fn, binding, summaries) };
}

/** `const <id> = <init>` declared in `fn` itself. */
function localConst(id: ts.Identifier, fn: SummarizedFunction, checker: ts.TypeChecker): { symbol: ts.Symbol; init: ts.Expression } | null {
  const symbol = getSymbolAtLocation(checker, id);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !isVariableDeclaration(declaration) || !declaration.initializer) return null;
  if (!isConstDeclaration(declaration)) return null;
  const owner = findAncestor(declaration.parent, (n) => isFunctionLike(n));
  return owner === fn ? { symbol, init: declaration.initializer } : null;
}

/** `server.on('request', handler)` with an RPC handler, in `fn`'s own code, on the binding `server`. */
function registersRpcHandler(fn: SummarizedFunction, server: ts.Symbol, summaries: Summaries): boolean {
  if (!fn.body) return false;
  let found = false;
  forEachOwnNode(fn.body, (node) => {
    if (found || !isCallExpression(node) || !isPropertyAccessExpression(node.expression)) return;
    const [event, handler] = node.arguments;
    const receiver = skipTypeWrappers(node.expression.expression);
    found =
      LISTEN_METHODS.has(node.expression.name.text) &&
      event !== undefined &&
      literalString(event) === 'request' &&
      handler !== undefined &&
      isIdentifier(receiver) &&
      getSymbolAtLocation(summaries.checker, receiver) === server &&
      isRpcRequestHandlerValue(handler, summaries.checker, summaries.program);
  });
  return found;
}

/** The expressions `fn` returns: `return` statements of its own code, or an arrow's expression body. */
function returnedExpressions(fn: SummarizedFunction): ts.Expression[] {
  if (!fn.body) return [];
  if (!isBlock(fn.body)) return [fn.body];
  const found: ts.Expression[] = [];
  forEachOwnNode(fn.body, (node) => {
    if (isReturnStatement(node) && node.expression) found.push(node.expression);
  });
  return found;
}
