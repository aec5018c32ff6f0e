import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { RESOURCES, HANDLES, type ResourceEntry } from '../../model/resources.js';
import { GRACEFUL_NAMES } from '../../model/shutdowns.js';
import { STREAMS } from '../../model/streams.js';
import { fromPackage } from '../../model/specifiers.js';
import { findInTypeOrBases, isOpaque } from '../../model/type-walk.js';
import { typeMatchesSomeSpecifier } from '../../model/type-utils.js';
import { forEachOwnNode, isFunctionWithBody, literalString, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { getApparentType, getNonNullableType, getPropertyOfType, getResolvedSignature, getTypeAtLocation, getTypeOfSymbolAtLocation } from '../../model/checker.js';
import { isArrayLiteralExpression, isArrowFunction, isCallExpression, isFunctionExpression, isIdentifier, isJSDocSignature, isNewExpression, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isStringLiteral } from '../../syntax/ts-nodes.js';

/**
 * Expressions whose promise settles only when the peer does something (reads, answers, ends its
 * side), on the TypeScript AST and from the built-in library tables (RPC-FACTS.md §1–3):
 * - `once(s, 'end' | 'close' | 'finish' | 'drain')`, `finished(s)` on an RPC or network stream
 *   (socket, HTTP message, HTTP/2 stream; not a file or in-memory stream);
 * - `new Promise(executor)` whose executor hands a callback to a stream's `write`/`end`
 *   (flow control waits for the peer to read) or to a grpc-js call / `tryShutdown`;
 * - a unary call on a nice-grpc or connect client, and a promise-returning close or graceful
 *   shutdown of an RPC resource;
 * - `for await` over an RPC or network stream (`iterated`).
 * A deadline, `timeoutMs` or `AbortSignal.timeout` signal on the call bounds it: not a peer wait.
 * What `what` says goes into messages.
 */
export interface DirectPeerWait {
  readonly what: string;
}

const END_EVENTS = new Set(['end', 'close', 'finish', 'drain']);
const WRITE_METHODS = new Set(['write', 'end']);
/**
 * Node streams with a peer on the other end: sockets, HTTP/1 and HTTP/2 messages and streams. A
 * file or in-memory stream ends or drains by itself, so waiting on it under a lock is no hang.
 */
const NETWORK_STREAM_NAMES = new Set(['Socket', 'TLSSocket', 'Http2Stream', 'ClientHttp2Stream', 'ServerHttp2Stream', 'IncomingMessage', 'OutgoingMessage', 'ServerResponse', 'ClientRequest']);
/**
 * grpc-js calls, client and server side. The call types are type aliases of intersections, so a
 * user's own alias (`type Call = ClientDuplexStream<…>`) hides their names: the object-stream
 * interfaces inside every intersection match whatever the alias.
 */
const GRPC_CALL_STREAMS = fromPackage(
  '@grpc/grpc-js',
  'ClientReadableStream', 'ClientWritableStream', 'ClientDuplexStream', 'ServerReadableStream', 'ServerWritableStream', 'ServerDuplexStream',
  'IntermediateObjectReadable', 'IntermediateObjectWritable', 'ObjectWritable',
);
const RPC_CALLERS: readonly { spec: TypeOrValueSpecifier; bound: readonly string[] }[] = [
  { spec: HANDLES.find((h) => h.library === 'nice-grpc')!.spec, bound: ['deadline'] },
  { spec: HANDLES.find((h) => h.library === 'connect')!.spec, bound: ['timeoutMs'] },
];
/** The call options of a unary method, also of generated client interfaces (ts-proto for nice-grpc). */
const RPC_CALL_OPTIONS: readonly { spec: TypeOrValueSpecifier; bound: readonly string[] }[] = [
  { spec: fromPackage('nice-grpc-common', 'CallOptions'), bound: ['deadline'] },
  { spec: fromPackage('@connectrpc/connect', 'CallOptions'), bound: ['timeoutMs'] },
];
const GRPC_CLIENT = RESOURCES.find((r) => r.kind === 'client' && r.library === 'grpc-js')!;
const GRPC_BOUND = ['deadline'];
/** Node streams whose reads and writes wait on the peer (a protobuf-ts call object is read through its `responses`). */
const STREAM_TYPES = [...STREAMS.flatMap((s) => ('type' in s.recognise && s.nodeStream ? [s.recognise.type] : [])), GRPC_CALL_STREAMS];
const STREAM_CLIENTS = STREAMS.flatMap((s) => ('methodOf' in s.recognise ? [s.recognise.methodOf] : []));

export class PeerWaits {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

  /** The peer wait `node` is by itself (not through a callee's body), or null. */
  direct(node: ts.Expression): DirectPeerWait | null {
    const at = skipTypeWrappers(node);
    if (isNewExpression(at)) return this.promisified(at);
    if (!isCallExpression(at)) return null;
    const callee = skipTypeWrappers(at.expression);
    if (isIdentifier(callee) || (isPropertyAccessExpression(callee) && (callee.name.text === 'once' || callee.name.text === 'finished'))) {
      const waiter = this.endWaiter(at);
      if (waiter) return waiter;
    }
    if (!isPropertyAccessExpression(callee)) return null;
    const receiver = callee.expression;
    const method = callee.name.text;
    const receiverType = this.typeOf(receiver);
    if (!receiverType) return null;
    const rpc = RPC_CALLERS.find((caller) => this.matches(receiverType, caller.spec)) ?? this.rpcOptionsOf(at);
    if (rpc) {
      if (!this.isThenable(at) || this.boundedByOptions(at, rpc.bound)) return null;
      return { what: `the RPC \`${callee.getText()}()\`` };
    }
    const resource = this.resourceOf(receiverType);
    if (resource && (resource.close.includes(method) || GRACEFUL_NAMES.has(method)) && this.isThenable(at)) {
      return { what: `\`${callee.getText()}()\`, which waits for every open call` };
    }
    return null;
  }

  /** A method whose signature takes nice-grpc or connect `CallOptions`: an RPC. */
  private rpcOptionsOf(call: ts.CallExpression): { bound: readonly string[] } | null {
    try {
      const signature = getResolvedSignature(this.checker, call);
      for (const parameter of signature?.parameters ?? []) {
        const type = getTypeOfSymbolAtLocation(this.checker, parameter, call);
        const found = RPC_CALL_OPTIONS.find((options) => this.matches(type, options.spec));
        if (found) return found;
      }
    } catch {
      return null;
    }
    return null;
  }

  /** `for await (… of x)`: reading an RPC or Node stream until the peer ends it. */
  iterated(expression: ts.Expression): DirectPeerWait | null {
    const at = skipTypeWrappers(expression);
    const type = this.typeOf(at);
    if (!type) return null;
    const isStream = this.isNetworkStream(type) || STREAM_TYPES.some((spec) => this.matches(type, spec));
    let fromClient = false;
    if (!isStream && isCallExpression(at)) {
      const callee = skipTypeWrappers(at.expression);
      const receiverType = isPropertyAccessExpression(callee) ? this.typeOf(callee.expression) : null;
      fromClient = receiverType !== null && STREAM_CLIENTS.some((spec) => this.matches(receiverType, spec));
      if (fromClient && this.boundedByOptions(at, ['deadline', 'timeoutMs'])) return null;
    }
    return isStream || fromClient ? { what: `the messages of \`${at.getText()}\` until the peer ends it` } : null;
  }

  /** `once(s, 'finish')` / `events.once(…)` / `finished(s)` from Node, on a stream. */
  private endWaiter(call: ts.CallExpression): DirectPeerWait | null {
    const declaration = this.signatureDeclaration(call);
    const name = declaration && 'name' in declaration && declaration.name && isIdentifier(declaration.name) ? declaration.name.text : null;
    if (!declaration || !declaration.getSourceFile().fileName.includes('/@types/node/')) return null;
    const stream = call.arguments[0];
    const streamType = stream ? this.typeOf(stream) : null;
    if (!stream || !streamType || !(this.isNetworkStream(streamType) || STREAM_TYPES.some((spec) => this.matches(streamType, spec)))) return null;
    if (name === 'once') {
      const event = call.arguments[1] ? literalString(call.arguments[1]) : null;
      return event !== null && END_EVENTS.has(event) ? { what: `\`${call.getText()}\`` } : null;
    }
    if (name === 'finished') return { what: `\`${call.getText()}\`` };
    return null;
  }

  /** `new Promise(executor)` whose executor passes a callback to a stream write, a grpc-js call or `tryShutdown`. */
  private promisified(expression: ts.NewExpression): DirectPeerWait | null {
    if (!isIdentifier(expression.expression) || expression.expression.text !== 'Promise') return null;
    const executor = expression.arguments?.[0] && skipTypeWrappers(expression.arguments[0]);
    if (!executor || !isFunctionWithBody(executor)) return null;
    let found: DirectPeerWait | null = null;
    forEachOwnNode(executor, (node) => {
      if (found || !isCallExpression(node)) return;
      const callee = skipTypeWrappers(node.expression);
      const last = node.arguments.at(-1);
      if (!isPropertyAccessExpression(callee) || !last || !this.isCallback(last)) return;
      const type = this.typeOf(callee.expression);
      if (!type) return;
      const method = callee.name.text;
      if (WRITE_METHODS.has(method) && (this.isNetworkStream(type) || STREAM_TYPES.some((spec) => this.matches(type, spec)))) {
        found = { what: `the callback of \`${callee.getText()}()\`, which waits for the peer to read` };
        return;
      }
      if (this.matches(type, GRPC_CLIENT.spec) && !this.boundedByOptions(node, GRPC_BOUND)) {
        found = { what: `the RPC \`${callee.getText()}()\`` };
        return;
      }
      const resource = this.resourceOf(type);
      if (resource?.kind === 'server' && GRACEFUL_NAMES.has(method)) found = { what: `\`${callee.getText()}()\`, which waits for every open call` };
    });
    return found;
  }

  /** An options object literal with a bounding key, or a `signal: AbortSignal.timeout(…)`; options not shown count as bounded. */
  boundedByOptions(call: ts.CallExpression, keys: readonly string[]): boolean {
    for (const argument of call.arguments.slice(1)) {
      const at = skipTypeWrappers(argument);
      if (this.isCallback(at)) continue;
      if (!isObjectLiteralExpression(at)) {
        const type = this.typeOf(at);
        // An options value built elsewhere may carry a deadline: unknown, so bounded (quiet).
        if (!type || isOpaque(type) || [...keys, 'signal'].some((key) => getPropertyOfType(this.checker, getNonNullableType(this.checker, type), key))) return true;
        continue;
      }
      for (const property of at.properties) {
        if (!isPropertyAssignment(property) && !isShorthandPropertyAssignment(property)) return true;
        const name = isIdentifier(property.name) || isStringLiteral(property.name) ? property.name.text : null;
        if (name === null || keys.includes(name)) return true;
        if (name === 'signal') {
          if (!isPropertyAssignment(property) || isTimeoutSignal(property.initializer)) return true;
          // A controller's signal: cancelled by someone else on their schedule; not a bound.
        }
      }
    }
    return false;
  }

  /** An inline function, or a value with call signatures (`resolve`, a named callback). */
  private isCallback(node: ts.Expression): boolean {
    const at = skipTypeWrappers(node);
    if (isArrowFunction(at) || isFunctionExpression(at)) return true;
    const type = this.typeOf(at);
    return type !== null && type.getCallSignatures().length > 0;
  }

  isNetworkStream(type: ts.Type): boolean {
    try {
      return (
        findInTypeOrBases(type, this.checker, (t) => {
          const symbol = t.getSymbol();
          return symbol && NETWORK_STREAM_NAMES.has(symbol.name) && (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.includes('/@types/node/')) ? true : null;
        }) === true
      );
    } catch {
      return false;
    }
  }

  private resourceOf(type: ts.Type): ResourceEntry | null {
    return RESOURCES.find((resource) => this.matches(type, resource.spec)) ?? null;
  }

  matches(type: ts.Type, spec: TypeOrValueSpecifier): boolean {
    try {
      return findInTypeOrBases(type, this.checker, (t) => (typeMatchesSomeSpecifier(t, [spec], this.program) ? true : null)) === true;
    } catch {
      return false;
    }
  }

  isThenable(node: ts.Expression): boolean {
    const type = this.typeOf(node);
    if (!type) return false;
    try {
      return getPropertyOfType(this.checker, getApparentType(this.checker, getNonNullableType(this.checker, type)), 'then') !== undefined;
    } catch {
      return false;
    }
  }

  signatureDeclaration(call: ts.CallExpression): ts.SignatureDeclaration | null {
    try {
      const declaration = getResolvedSignature(this.checker, call)?.declaration;
      return declaration && !isJSDocSignature(declaration) ? declaration : null;
    } catch {
      return null;
    }
  }

  typeOf(node: ts.Node): ts.Type | null {
    try {
      const type = getTypeAtLocation(this.checker, node);
      return isOpaque(type) ? null : type;
    } catch {
      return null;
    }
  }
}

/** `AbortSignal.timeout(ms)`, alone or in `AbortSignal.any([…])`. */
function isTimeoutSignal(node: ts.Expression): boolean {
  const at = skipTypeWrappers(node);
  if (!isCallExpression(at)) return false;
  const callee = skipTypeWrappers(at.expression);
  if (!isPropertyAccessExpression(callee) || !isIdentifier(callee.expression) || callee.expression.text !== 'AbortSignal') return false;
  if (callee.name.text === 'timeout') return true;
  const list = at.arguments[0];
  return callee.name.text === 'any' && list !== undefined && isArrayLiteralExpression(list) && list.elements.some((e) => isTimeoutSignal(e));
}
