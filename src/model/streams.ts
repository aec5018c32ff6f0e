import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { calleeOf, staticMemberName } from '../syntax/ast.js';
import { fromLib, fromPackage } from './specifiers.js';
import { findInTypeOrBases, isOpaque } from './type-walk.js';
import { typeMatchesSomeSpecifier } from './type-utils.js';
import { getDeclaredTypeOfSymbol, getNonNullableType, getPropertyOfType, getSymbolAtLocation, getTypeFromTypeNode, getTypeOfSymbol, resolveAlias } from './checker.js';
import { isTypeAliasDeclaration, isTypeReferenceNode } from '../syntax/ts-nodes.js';
import { standInCallResult } from './client-stand-ins.js';

/**
 * What the stream matchers ask of the model (`RpcModel` has it). Declared here, not imported, so that
 * the model can ask about streams (an annotated `any` value's type) without a circle of imports.
 */
export interface StreamModel {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  typeOf(node: TSESTree.Node): ts.Type | null;
  typeIs(node: TSESTree.Node, specs: readonly TypeOrValueSpecifier[]): boolean;
  resourceOfType(type: ts.Type): { readonly kind: string } | null;
  mayBeResourceValue(node: TSESTree.Node): boolean;
  mayHoldClient(node: TSESTree.Node): boolean;
  borrowsTransport(type: ts.Type): boolean;
}

/**
 * Client-side RPC streams: how each library's streaming call is recognised, read and cancelled.
 * Facts: ../../../shared/RPC-FACTS.md §1.4–1.5 (grpc-js), §2.4–2.5 (connect), §3.2–3.3 (nice-grpc),
 * all seen by running the real libraries; §8.3 and the transport's source (protobuf-ts).
 */

export type StreamLibrary = 'grpc-js' | 'connect' | 'nice-grpc' | 'protobuf-ts';

/**
 * How a started call is cancelled: `cancel()` on the call (grpc-js), aborting the `AbortSignal`
 * passed in its options (connect), or by the library itself when the reader leaves `for await`
 * (nice-grpc: the generator's `finally` cancels).
 */
export type StreamCancel = 'cancel()' | 'signal' | 'auto';

export interface StreamKind {
  readonly library: StreamLibrary;
  /** Short human name for messages. */
  readonly label: string;
  /**
   * How it is recognised: the type of the call itself (grpc-js call types are type aliases and
   * intersections, matched by name), or the `AsyncIterable` result of a method of a client type.
   */
  readonly recognise: { readonly type: TypeOrValueSpecifier } | { readonly methodOf: TypeOrValueSpecifier; readonly returns: TypeOrValueSpecifier };
  /** A bidi call: it also has a sending side (`end()` half-closes only that side). */
  readonly duplex: boolean;
  /** A Node `Readable` (events, `destroy()`, `once(s, 'end')`), not a bare async iterable. */
  readonly nodeStream: boolean;
  readonly cancel: StreamCancel;
  /** Methods of the call that cancel it (`cancel()` only: `destroy()`/`end()` do not). */
  readonly cancelMembers: readonly string[];
  /** Call options that bound the call in time, so it ends even if nobody cancels it. */
  readonly boundOptions: readonly string[];
  /** Call options that tie the call's cancellation to another owner (grpc-js `parent` propagation). */
  readonly handOffOptions: readonly string[];
  /** The call option that takes an `AbortSignal`, if any. */
  readonly signalOption: string | null;
  /** The member of the call that is read, when the call is not itself the stream (protobuf-ts `call.responses`). */
  readonly readMember?: string;
  /** A client-level default that bounds every call: `createClient(desc, transport)` with `transport`'s option. */
  readonly clientDefault?: { readonly factory: TypeOrValueSpecifier; readonly transportArgument: number; readonly option: string };
}

const GRPC = '@grpc/grpc-js';
const CONNECT = '@connectrpc/connect';
const PROTOBUF_TS_RPC = '@protobuf-ts/runtime-rpc';

export const STREAMS: readonly StreamKind[] = [
  {
    library: 'grpc-js',
    label: 'grpc-js call',
    recognise: { type: fromPackage(GRPC, 'ClientReadableStream') },
    duplex: false,
    nodeStream: true,
    cancel: 'cancel()',
    cancelMembers: ['cancel'],
    // `deadline` is absolute (Date or epoch ms); `parent` propagates the server call's cancellation.
    boundOptions: ['deadline'],
    handOffOptions: ['parent'],
    signalOption: null,
  },
  {
    // `ClientDuplexStream` is a flattened intersection: it does not match `ClientReadableStream`.
    library: 'grpc-js',
    label: 'grpc-js bidi call',
    recognise: { type: fromPackage(GRPC, 'ClientDuplexStream') },
    duplex: true,
    nodeStream: true,
    cancel: 'cancel()',
    cancelMembers: ['cancel'],
    boundOptions: ['deadline'],
    handOffOptions: ['parent'],
    signalOption: null,
  },
  {
    // Server-streaming and bidi methods of a connect v2 `Client` return a bare `AsyncIterable`
    // whose iterator has only `next()`: `break` does nothing, and the call starts eagerly.
    library: 'connect',
    label: 'connect stream',
    recognise: { methodOf: fromPackage(CONNECT, 'Client'), returns: fromLib('AsyncIterable') },
    duplex: false,
    nodeStream: false,
    cancel: 'signal',
    cancelMembers: [],
    boundOptions: ['timeoutMs'],
    handOffOptions: [],
    signalOption: 'signal',
    clientDefault: { factory: fromPackage(CONNECT, 'createClient'), transportArgument: 1, option: 'defaultTimeoutMs' },
  },
  {
    // A server-streaming method of a protobuf-ts generated client (`new FooClient(transport)`) returns a
    // `ServerStreamingCall` whose `responses` is read. `GrpcTransport` starts the grpc-js call at once and
    // cancels it only when the `abort` signal of its `RpcOptions` fires; `timeout` becomes its deadline.
    // Leaving `for await` over `responses` does nothing to the call.
    library: 'protobuf-ts',
    label: 'protobuf-ts stream',
    recognise: { type: fromPackage(PROTOBUF_TS_RPC, 'ServerStreamingCall') },
    duplex: false,
    nodeStream: false,
    cancel: 'signal',
    cancelMembers: [],
    boundOptions: ['timeout'],
    handOffOptions: [],
    signalOption: 'abort',
    readMember: 'responses',
  },
  {
    // nice-grpc `Client<S>` collapses to `RawClient`; its streaming methods are async generators
    // whose `finally` cancels the call, so `break`/`return` cancel.
    library: 'nice-grpc',
    label: 'nice-grpc stream',
    recognise: { methodOf: fromPackage('nice-grpc', 'RawClient'), returns: fromLib('AsyncIterable') },
    duplex: false,
    nodeStream: false,
    cancel: 'auto',
    cancelMembers: [],
    // nice-grpc-client-middleware-deadline: relative ms or a Date.
    boundOptions: ['deadline'],
    handOffOptions: [],
    signalOption: 'signal',
  },
];

/** How a Node stream is waited on until it ends: `once(s, 'end')`, `finished(s)`. */
export interface EndWaiter {
  readonly callee: TypeOrValueSpecifier;
  /** Events that mean "the stream ended", when the function takes an event name as second argument. */
  readonly events?: readonly string[];
}

export const END_WAITERS: readonly EndWaiter[] = [
  { callee: fromPackage('events', 'once'), events: ['end', 'close'] },
  { callee: fromPackage('stream/promises', 'finished') },
  { callee: fromPackage('stream', 'finished') },
];

/** Events whose listener, registered with `on`/`once`, waits for a Node stream to end. */
export const END_EVENTS: readonly string[] = ['end', 'close'];

/**
 * Ways of "stopping" a grpc-js call that do not cancel it (RPC-FACTS §1.5 b): `removeListener('data')`
 * leaves the stream flowing and drops messages; `destroy()` destroys the JS stream only;
 * `end()` on a bidi call half-closes the sending side only.
 */
export const NON_CANCELLING_STOPS = {
  unsubscribe: new Set(['removeListener', 'off', 'removeAllListeners']),
  dataEvents: new Set(['data', 'readable']),
  destroy: new Set(['destroy']),
  halfClose: new Set(['end']),
} as const;

const kindByType = new WeakMap<ts.Type, StreamKind | null>();
const typeKinds = STREAMS.filter((kind) => 'type' in kind.recognise);
const methodKinds = STREAMS.filter((kind) => 'methodOf' in kind.recognise);

/** The stream kind of a value whose own type says what it is (grpc-js calls), or null. */
export function streamOfType(type: ts.Type, model: StreamModel): StreamKind | null {
  let kind = kindByType.get(type);
  if (kind === undefined) {
    kind = null;
    if (!isOpaque(type)) {
      for (const candidate of typeKinds) {
        if ('type' in candidate.recognise && typeIs(type, candidate.recognise.type, model)) {
          kind = candidate;
          break;
        }
      }
    }
    kind ??= streamOfUserAlias(type, model);
    kindByType.set(type, kind);
  }
  return kind;
}

/**
 * `type TsoStream = ClientDuplexStream<Req, Res>`: the instantiated type carries the user's alias
 * name, which matches no specifier; the library type the alias refers to does.
 */
function streamOfUserAlias(type: ts.Type, model: StreamModel): StreamKind | null {
  try {
    const declaration = type.aliasSymbol?.declarations?.[0];
    if (!declaration || !isTypeAliasDeclaration(declaration) || !isTypeReferenceNode(declaration.type)) return null;
    let referenced = getSymbolAtLocation(model.checker, declaration.type.typeName);
    referenced = resolveAlias(model.checker, referenced);
    if (!referenced || referenced === type.aliasSymbol) return null;
    return streamOfType(getDeclaredTypeOfSymbol(model.checker, referenced), model);
  } catch {
    return null;
  }
}

/** The stream kind of a value by its node's type (grpc-js calls), or null. */
export function streamOfNode(node: TSESTree.Node, model: StreamModel): StreamKind | null {
  const type = model.typeOf(node);
  return type ? streamOfType(type, model) : null;
}

const kindByReceiverType = new WeakMap<ts.Type, StreamKind | null>();

/**
 * The stream kind that `call` starts: a grpc-js client method returning a streaming call (by
 * the call's type, or for a stand-in of grpc-js's `Client`, by the type `Client` gives it), a
 * protobuf-ts generated client's server-streaming method (by the call's type), or the
 * `AsyncIterable` result of a connect / nice-grpc client method (by the client's type). A function
 * that returns a stream is not a creation: the stream may be shared.
 */
export function streamOfCall(call: TSESTree.CallExpression, model: StreamModel): StreamKind | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression') return null;
  const dynamic = staticMemberName(callee) === null; // `client[method](req)`
  // A grpc-js client behind a package's own interface (`client-stand-ins.ts`): by the method's name
  // first, before the receiver filter below, which the interface's name does not pass.
  const standIn = dynamic ? null : standInCallResult(call, model);
  if (standIn) return streamOfType(standIn, model);
  // The receiver first: its declared type or its type is cheap next to resolving the call, and most
  // receivers are no client.
  if (!model.mayHoldClient(callee.object)) return null;
  const receiverType = model.typeOf(callee.object);
  if (!receiverType) return null;
  // A method of a client typed `any` (loaded at run time), or called by a computed name: the call is
  // `any`, and the annotation of its binding says what it is (`typeOf`). Only a call the code binds
  // to an annotated stream type counts.
  if (isOpaque(receiverType)) return streamOfNode(call, model);
  // Only a client method starts a call; a helper may return a stream someone else owns.
  if (model.resourceOfType(receiverType)?.kind === 'client' || model.borrowsTransport(receiverType)) {
    const byType = streamOfNode(call, model);
    if (byType || dynamic) return byType;
  }
  if (dynamic) return null;
  return methodStreamOf(receiverType, call, model);
}

/**
 * The stream kind a method of `ownerType` starts when `call` (a call of that method) returns what the
 * kind's methods return: connect's `Client` and nice-grpc's `RawClient` return an `AsyncIterable`
 * from their streaming methods. `ownerType` is the receiver's type, or the client type that declares
 * the method's signature (a value typed `Client<typeof Service>['watch']`).
 */
export function methodStreamOf(ownerType: ts.Type, call: TSESTree.CallExpression, model: StreamModel): StreamKind | null {
  let kind = kindByReceiverType.get(ownerType);
  if (kind === undefined) {
    kind = methodKinds.find((k) => 'methodOf' in k.recognise && typeIs(ownerType, k.recognise.methodOf, model)) ?? null;
    kindByReceiverType.set(ownerType, kind);
  }
  if (!kind || !('returns' in kind.recognise)) return null;
  return model.typeIs(call, [kind.recognise.returns]) ? kind : null;
}

/**
 * The stream kind a method `name` of a receiver of `receiverType` starts, by the method's declared
 * signatures rather than a call's resolution (which checks the arguments against every overload): a
 * client's method whose every signature returns the same grpc-js call type, or a method of a client
 * type of a kind recognised by its methods whose every signature returns what that kind returns. For
 * checks that ask about many calls, most of them unary or no RPC at all.
 */
export function streamOfMethod(receiverType: ts.Type, name: string, model: StreamModel): StreamKind | null {
  if (isOpaque(receiverType)) return null;
  let byName = kindByMethod.get(receiverType);
  if (!byName) kindByMethod.set(receiverType, (byName = new Map<string, StreamKind | null>()));
  let kind = byName.get(name);
  if (kind === undefined) byName.set(name, (kind = methodStreamKind(receiverType, name, model)));
  return kind;
}

const kindByMethod = new WeakMap<ts.Type, Map<string, StreamKind | null>>();

function methodStreamKind(receiverType: ts.Type, name: string, model: StreamModel): StreamKind | null {
  try {
    // What the receiver is first (once per type): most receivers are no client, and a signature's
    // return type (instantiating a generic signature) is the costly part.
    const isClient = model.resourceOfType(receiverType)?.kind === 'client';
    let kind = kindByReceiverType.get(receiverType);
    if (kind === undefined) {
      kind = methodKinds.find((k) => 'methodOf' in k.recognise && typeIs(receiverType, k.recognise.methodOf, model)) ?? null;
      kindByReceiverType.set(receiverType, kind);
    }
    const returnsSpec = kind && 'returns' in kind.recognise ? kind.recognise.returns : null;
    if (!isClient && !returnsSpec) return null;
    const property = getPropertyOfType(model.checker, getNonNullableType(model.checker, receiverType), name);
    const signatures = property ? getTypeOfSymbol(model.checker, property).getCallSignatures() : [];
    if (signatures.length === 0) return null;
    const returns = signatures.map((signature) => signature.getReturnType());
    if (isClient) {
      const kinds = new Set(returns.map((type) => streamOfType(type, model)));
      const [only] = kinds;
      if (kinds.size === 1 && only) return only;
    }
    if (!kind || !returnsSpec) return null;
    return returns.every((type) => typeIs(type, returnsSpec, model)) ? kind : null;
  } catch {
    return null;
  }
}

/**
 * `streamOfMethod` for a receiver declared with `annotation` (`private client: EventServiceClient`):
 * the declared type, without narrowing a reference by control flow, which is the costly part of
 * typing a receiver the first time a file is asked about.
 */
export function streamOfDeclaredMethod(annotation: ts.TypeNode, name: string, model: StreamModel): StreamKind | null {
  try {
    return streamOfMethod(getTypeFromTypeNode(model.checker, annotation), name, model);
  } catch {
    return null;
  }
}

/** The option keys that matter for `kind`: an argument whose type has one of them is the options argument. */
export function optionKeysOf(kind: StreamKind): readonly string[] {
  return [...kind.boundOptions, ...kind.handOffOptions, ...(kind.signalOption ? [kind.signalOption] : [])];
}

/** Whether `type` (its intersection parts, base types; `T | undefined`) matches `spec`. */
function typeIs(type: ts.Type, spec: TypeOrValueSpecifier, model: StreamModel): boolean {
  try {
    return findInTypeOrBases(type, model.checker, (t) => (typeMatchesSomeSpecifier(t, [spec], model.program) ? true : null)) === true;
  } catch {
    return false;
  }
}

/**
 * What a wrapper that keeps a stream does to it (`src/analysis/streams/stream-facts.ts`). Calling one of
 * `cancelMembers` on the stream or on a controller cancels the call (grpc-js `cancel()`, an
 * `AbortController`'s `abort()`). A wrapper is torn down by others in a Node stream's
 * `_destroy()`/`destroy()` or an async iterator's `return()`. A Node stream subclass that
 * declares neither still has `destroy()`: Node's default `_destroy()` releases nothing the
 * subclass holds, and destroying a grpc-js stream does not cancel its call (RPC-FACTS §1.5 a).
 */
export const STREAM_WRAPPERS = {
  cancelMembers: new Set(['cancel', 'abort']),
  streamTeardownMembers: ['_destroy', 'destroy'],
  iteratorTeardownMember: 'return',
  nodeStreamClasses: [fromPackage('stream', 'Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough')],
  libraryWrappers: [
    {
      // `Readable.from(iterable)`: its `destroy()` only calls the iterator's `return()`, which
      // destroys a grpc-js stream without cancelling its call and does nothing to a connect stream
      // (its iterator has no `return()`); checked on Node 20.
      owner: fromPackage('stream', 'Readable'),
      ownerName: 'Readable',
      method: 'from',
      argument: 0,
      wrapper: 'Readable.from()',
      teardown: '`destroy()`',
    },
  ],
} as const;

/** A library function that keeps the stream passed to it in a Node stream it returns. */
export type LibraryWrapper = (typeof STREAM_WRAPPERS.libraryWrappers)[number];
