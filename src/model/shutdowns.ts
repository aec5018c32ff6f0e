import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { LibraryId } from './libraries.js';
import { fromPackage } from './specifiers.js';
import { isOpaque } from './type-walk.js';
import { typeMatchesSomeSpecifier, valueMatchesSomeSpecifier } from './type-utils.js';
import { skipTypeWrappers } from '../syntax/ts-ast.js';
import { getAliasedSymbol, getSymbolAtLocation, getTypeAtLocation, hasSymbolFlag } from './checker.js';
import { isCallExpression, isIdentifier, isPropertyAccessExpression } from '../syntax/ts-nodes.js';

/**
 * How each library's server shuts down. The graceful member waits until every open call has
 * finished, so one open stream makes it wait forever; the force member cancels open calls (and
 * then a pending graceful callback fires). RPC-FACTS.md §1.2 (grpc-js) and §3.1 (nice-grpc), both
 * seen by running them. The server types themselves are in `resources.ts` (kind `server`).
 */
export interface ShutdownEntry {
  readonly library: LibraryId;
  /** Short human name for messages. */
  readonly label: string;
  readonly graceful: string;
  readonly force: string;
}

export const SHUTDOWNS: readonly ShutdownEntry[] = [
  { library: 'grpc-js', label: 'grpc-js server', graceful: 'tryShutdown', force: 'forceShutdown' },
  { library: 'nice-grpc', label: 'nice-grpc server', graceful: 'shutdown', force: 'forceShutdown' },
];

/** The names of graceful members, for a cheap syntactic filter before any type query. */
export const GRACEFUL_NAMES: ReadonlySet<string> = new Set(SHUTDOWNS.map((s) => s.graceful));

/** The names of force members: a call to one anywhere in reach is the fallback the rule asks for. */
export const FORCE_NAMES: ReadonlySet<string> = new Set(SHUTDOWNS.map((s) => s.force));

export function shutdownOf(library: LibraryId | 'user', member: string): ShutdownEntry | null {
  return SHUTDOWNS.find((s) => s.library === library && s.graceful === member) ?? null;
}

/**
 * Node HTTP servers that serve RPC (Connect, gRPC, gRPC-Web through `connectNodeAdapter`). Their
 * `close()` stops accepting connections and waits (checked on loopback, Node 20.20, see
 * docs/rules/no-unbounded-shutdown.md):
 * - `http2`: until every session has closed. A peer that keeps an idle session open (a client, a
 *   proxy, a sidecar) holds `close(cb)` forever; destroying the sessions ends it at once.
 * - `http`/`https` (HTTP/1.1): until every open request has finished (idle keep-alive connections
 *   are closed since Node 19). An open response (a server stream) holds it; `closeAllConnections()`
 *   ends it.
 */
export type HttpProtocol = 'http1' | 'http2';

export interface HttpServerFactory {
  readonly callee: TypeOrValueSpecifier;
  /** The names of `callee`, for a cheap syntactic filter before any type query. */
  readonly names: readonly string[];
  readonly protocol: HttpProtocol;
}

export const HTTP_SERVER_FACTORIES: readonly HttpServerFactory[] = [
  { callee: fromPackage('http2', 'createServer', 'createSecureServer'), names: ['createServer', 'createSecureServer'], protocol: 'http2' },
  { callee: fromPackage('http', 'createServer'), names: ['createServer'], protocol: 'http1' },
  { callee: fromPackage('https', 'createServer'), names: ['createServer'], protocol: 'http1' },
];

/**
 * Request handlers that serve RPC: passed to a server factory or registered with
 * `server.on('request', …)`, they make the server an RPC server. connect's fastify and express
 * adapters are not here: their servers are built and closed by those frameworks.
 */
export const RPC_REQUEST_HANDLERS: readonly TypeOrValueSpecifier[] = [fromPackage('@connectrpc/connect-node', 'connectNodeAdapter')];

/** The type `connectNodeAdapter` returns: a handler made in another file or module is known by it. */
export const RPC_REQUEST_HANDLER_TYPES: readonly TypeOrValueSpecifier[] = [fromPackage('@connectrpc/connect-node', 'NodeHandlerFn')];

/** The graceful member of a Node HTTP server. */
export const HTTP_GRACEFUL = 'close';

/**
 * Calls anywhere in reach that bound the wait: HTTP/1.1 `closeAllConnections()`; `destroy()` of
 * the tracked sessions or sockets (HTTP/2 has no `closeAllConnections()`).
 */
export const HTTP_BOUNDS: Readonly<Record<HttpProtocol, ReadonlySet<string>>> = {
  http1: new Set(['closeAllConnections', 'destroy']),
  http2: new Set(['destroy']),
};

/** The member a suggestion may call after a grace period (HTTP/2 needs session tracking: no suggestion). */
export const HTTP_FORCE: Readonly<Record<HttpProtocol, string | null>> = { http1: 'closeAllConnections', http2: null };

/** Calls that take a server without taking over its shutdown: `close.bind(server)`, `once(server, 'close')`. */
export const NOT_HANDING_ON: ReadonlySet<string> = new Set(['bind', 'call', 'apply', 'once', 'on']);

const FACTORY_NAMES: ReadonlySet<string> = new Set(HTTP_SERVER_FACTORIES.flatMap((f) => f.names));
const HANDLER_FACTORY_NAMES: ReadonlySet<string> = new Set(RPC_REQUEST_HANDLERS.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));

/**
 * The Node HTTP server factory a call on the TypeScript AST is (`http2.createServer(…)`, a renamed
 * import `secureServer(…)`), for the program-wide facts; by name first, then the callee's declaration.
 */
export function httpServerFactoryOfCall(call: ts.CallExpression, checker: ts.TypeChecker, program: ts.Program): HttpServerFactory | null {
  const name = calleeExportName(call, FACTORY_NAMES, checker);
  if (name === null) return null;
  const type = typeOfCallee(call, checker);
  if (!type) return null;
  const named = { type: 'Identifier', name } as TSESTree.Identifier;
  return HTTP_SERVER_FACTORIES.find((f) => f.names.includes(name) && valueMatchesSomeSpecifier(named, [f.callee], program, type)) ?? null;
}

/** Whether a value on the TypeScript AST is an RPC request handler: `connectNodeAdapter(…)`, or typed as its result. */
export function isRpcRequestHandlerValue(node: ts.Expression, checker: ts.TypeChecker, program: ts.Program): boolean {
  const value = skipTypeWrappers(node);
  try {
    const name = isCallExpression(value) ? calleeExportName(value, HANDLER_FACTORY_NAMES, checker) : null;
    if (name !== null && isCallExpression(value)) {
      const type = typeOfCallee(value, checker);
      const named = { type: 'Identifier', name } as TSESTree.Identifier;
      if (type && valueMatchesSomeSpecifier(named, [...RPC_REQUEST_HANDLERS], program, type)) return true;
    }
    const type = getTypeAtLocation(checker, value);
    return !isOpaque(type) && typeMatchesSomeSpecifier(type, [...RPC_REQUEST_HANDLER_TYPES], program);
  } catch {
    return false;
  }
}

/** The name a call's callee was exported under, when it is one of `names` (a renamed import resolved); null otherwise. */
function calleeExportName(call: ts.CallExpression, names: ReadonlySet<string>, checker: ts.TypeChecker): string | null {
  const callee = skipTypeWrappers(call.expression);
  if (isPropertyAccessExpression(callee)) return names.has(callee.name.text) ? callee.name.text : null;
  if (!isIdentifier(callee)) return null;
  if (names.has(callee.text)) return callee.text;
  try {
    const symbol = getSymbolAtLocation(checker, callee);
    const original = symbol && hasSymbolFlag(symbol, 'Alias') ? getAliasedSymbol(checker, symbol).name : null;
    return original !== null && names.has(original) ? original : null;
  } catch {
    return null;
  }
}

function typeOfCallee(call: ts.CallExpression, checker: ts.TypeChecker): ts.Type | null {
  try {
    const type = getTypeAtLocation(checker, skipTypeWrappers(call.expression));
    return isOpaque(type) ? null : type;
  } catch {
    return null;
  }
}
