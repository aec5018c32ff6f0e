import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import type { LibraryId } from './libraries.js';
import { fromPackage } from './specifiers.js';

export type ResourceKind = 'client' | 'channel' | 'session-manager' | 'server' | 'stub' | 'transport';

/** A value that holds connections until a close member is called. */
export interface ResourceEntry {
  readonly kind: ResourceKind;
  readonly library: LibraryId | 'user';
  readonly spec: TypeOrValueSpecifier;
  /** Short human name used in messages, e.g. "grpc-js client". */
  readonly label: string;
  /** Methods that release it; the first is the one suggestions write. */
  readonly close: readonly string[];
  /** What stays open when it is not closed, for messages. */
  readonly leaks: string;
  /**
   * When set, `spec` is matched against the type of this property of the value, not the value's own
   * type: a shape, for classes that share neither a base class nor a name (generated GAPIC clients).
   */
  readonly property?: string;
  /** The key of the options object (first argument) that holds the address it connects to, when there is one. */
  readonly addressOption?: string;
}

const GRPC = '@grpc/grpc-js';
const GAX = 'google-gax';
const NEST = '@nestjs/microservices';

/** NestJS `ClientGrpcProxy`: one grpc-js client per service name once `getService()` asks (RPC-FACTS.md §8.2). */
const NEST_GRPC_PROXY: ResourceEntry = {
  kind: 'client',
  library: 'nestjs-microservices',
  spec: fromPackage(NEST, 'ClientGrpcProxy'),
  label: 'NestJS gRPC client proxy',
  close: ['close'],
  leaks: 'the channel of every service it served stays open',
  addressOption: 'url',
};

/** RPC-FACTS.md §5. Export names differ from type names: `Channel` is `ChannelImplementation`. */
export const RESOURCES: readonly ResourceEntry[] = [
  {
    kind: 'client',
    library: 'grpc-js',
    // Generated and loaded clients (`ServiceClient`, ts-proto, grpc-tools) reach `Client` by the base walk.
    spec: fromPackage(GRPC, 'Client', 'ServiceClient'),
    label: 'grpc-js client',
    close: ['close'],
    leaks: 'its channel and connection stay open',
  },
  {
    kind: 'channel',
    library: 'grpc-js',
    // nice-grpc `createChannel` returns grpc-js's `ChannelImplementation`.
    spec: fromPackage(GRPC, 'ChannelImplementation', 'Channel'),
    label: 'gRPC channel',
    close: ['close'],
    leaks: 'its subchannels and connection stay open',
  },
  {
    kind: 'session-manager',
    library: 'connect',
    spec: fromPackage('@connectrpc/connect-node', 'Http2SessionManager'),
    label: 'connect HTTP/2 session manager',
    close: ['abort'],
    leaks: 'its HTTP/2 session stays open until the idle timeout',
  },
  {
    kind: 'client',
    library: 'google-gax',
    // Every generated GAPIC client of any package built on google-gax (`SecretManagerServiceClient`,
    // Pub/Sub's `v1.PublisherClient`, …): a standalone class with no common base, but each keeps
    // google-gax's `Descriptors` in its public `descriptors` (RPC-FACTS.md §8.1).
    spec: fromPackage(GAX, 'Descriptors'),
    property: 'descriptors',
    label: 'google-gax client',
    close: ['close'],
    leaks: 'the channel it opened on its first call stays open',
    addressOption: 'apiEndpoint',
  },
  {
    kind: 'client',
    library: 'google-gax',
    // A veneer over lazily made GAPIC clients, closed together by `close()`; `topic()` and `subscription()` borrow it.
    spec: fromPackage('@google-cloud/pubsub', 'PubSub'),
    label: 'Pub/Sub client',
    close: ['close'],
    leaks: 'the channels of its google-gax clients stay open',
  },
  {
    kind: 'client',
    library: 'google-gax',
    // A pool of GAPIC clients, each with its own connection; released by `terminate()`. `collection()`/`doc()` borrow it.
    spec: fromPackage('@google-cloud/firestore', 'Firestore'),
    label: 'Firestore client',
    close: ['terminate'],
    leaks: 'its pool of gRPC channels stays open',
  },
  NEST_GRPC_PROXY,
  {
    kind: 'channel',
    library: 'protobuf-ts',
    // Creates a grpc-js client in its constructor; `close()` closes it. Generated clients borrow it.
    spec: fromPackage('@protobuf-ts/grpc-transport', 'GrpcTransport'),
    label: 'protobuf-ts gRPC transport',
    close: ['close'],
    leaks: 'its grpc-js channel and connection stay open',
    addressOption: 'host',
  },
  {
    kind: 'server',
    library: 'grpc-js',
    spec: fromPackage(GRPC, 'Server'),
    label: 'grpc-js server',
    close: ['forceShutdown', 'tryShutdown'],
    leaks: 'its listening socket keeps the process alive',
  },
  {
    kind: 'server',
    library: 'nice-grpc',
    spec: fromPackage('nice-grpc', 'Server'),
    label: 'nice-grpc server',
    close: ['forceShutdown', 'shutdown'],
    leaks: 'its listening socket keeps the process alive',
  },
];

/** Functions that close the resource passed as their first argument. */
export const CLOSE_FUNCTIONS: readonly TypeOrValueSpecifier[] = [fromPackage(GRPC, 'closeClient')];

/** Type of the credentials argument that marks an `any`-typed `new X(address, credentials)` as a client. */
export const CHANNEL_CREDENTIALS: TypeOrValueSpecifier = fromPackage(GRPC, 'ChannelCredentials');

/**
 * Calls that keep using a resource without taking ownership: the result borrows it, so closing
 * the result (where it has a close) closes the resource, and handing the result off hands it off.
 * `argument` is the position of the borrowed value; `property`, when set, the key of an options object there.
 */
export interface Borrower {
  readonly callee: TypeOrValueSpecifier;
  readonly argument: number;
  readonly property?: string;
}

/**
 * Every `new C(value)` whose constructor declares the parameter at `argument` with type `parameter`
 * borrows the value: protobuf-ts generated clients (`new GreeterClient(transport)`) take an
 * `RpcTransport` and have no `close()`; the transport stays open until `transport.close()`.
 */
export interface ConstructorBorrower {
  readonly parameter: TypeOrValueSpecifier;
}

export const CONSTRUCTOR_BORROWERS: readonly ConstructorBorrower[] = [{ parameter: fromPackage('@protobuf-ts/runtime-rpc', 'RpcTransport') }];

/*
 * Methods that return a handle on their receiver (`pubsub.topic(name)`, `firestore.collection(path)`,
 * Nest `proxy.getService(name)`) need no entry: a method call is a use of its receiver, so a receiver
 * that is never closed stays reported whatever becomes of the handle.
 */

export const BORROWERS: readonly Borrower[] = [
  // nice-grpc clients are cheap wrappers; the channel stays open until `channel.close()`.
  { callee: fromPackage('nice-grpc', 'createClient'), argument: 1 },
  { callee: fromPackage('@connectrpc/connect', 'createClient', 'createPromiseClient', 'createCallbackClient'), argument: 1 },
  {
    callee: fromPackage('@connectrpc/connect-node', 'createGrpcTransport', 'createConnectTransport', 'createGrpcWebTransport'),
    argument: 0,
    property: 'sessionManager',
  },
];

/** grpc-js `new Client(address, credentials, { channelOverride })`: the client uses that channel. */
export const CHANNEL_OVERRIDE = { argument: 2, property: 'channelOverride' } as const;

/** Library functions that create a resource (constructors are found by the type of `new`). */
export const FACTORIES: readonly TypeOrValueSpecifier[] = [fromPackage('nice-grpc', 'createChannel'), fromPackage(NEST, 'create')];

/**
 * Library factories whose declared result is wider than what they make, and the option that says
 * what it is: NestJS `ClientProxyFactory.create(options)` is typed `ClientGrpcProxy` only when the
 * argument's type has a non-optional `transport: Transport.GRPC`; with `GrpcOptions` (optional
 * `transport`) it is typed `ClientProxy`, yet it makes the same proxy (RPC-FACTS.md §8.2).
 */
export interface FactoryOption {
  readonly factory: TypeOrValueSpecifier;
  readonly argument: number;
  readonly property: string;
  /** The type of the option (without `undefined`) that says what the factory makes. */
  readonly value: TypeOrValueSpecifier;
  readonly creates: ResourceEntry;
}

export const FACTORY_OPTIONS: readonly FactoryOption[] = [
  { factory: fromPackage(NEST, 'create'), argument: 0, property: 'transport', value: fromPackage(NEST, 'GRPC'), creates: NEST_GRPC_PROXY },
];

/**
 * Handles that hold no connection of their own: a nice-grpc or connect client over a channel or
 * transport, and a connect transport (its HTTP/2 session is closable only through a session manager
 * you create). Cheap to create per call; never closed.
 */
export const HANDLES: readonly ResourceEntry[] = [
  {
    kind: 'stub',
    library: 'nice-grpc',
    spec: fromPackage('nice-grpc', 'RawClient'),
    label: 'nice-grpc client',
    close: [],
    leaks: 'nothing (its channel holds the connection)',
  },
  {
    kind: 'stub',
    library: 'connect',
    spec: fromPackage('@connectrpc/connect', 'Client', 'CallbackClient'),
    label: 'connect client',
    close: [],
    leaks: 'nothing (its transport holds the connection)',
  },
  {
    kind: 'transport',
    library: 'connect',
    spec: fromPackage('@connectrpc/connect', 'Transport'),
    label: 'connect transport',
    close: [],
    leaks: 'its own HTTP/2 session until the idle timeout, unless it was given a session manager',
  },
];

/** Handles that hold no connection and cannot close one: what a borrower by type returns. */
export const HANDLE_KINDS: ReadonlySet<ResourceKind> = new Set(['stub', 'transport']);

/** Resources whose owner must close them: what `no-unclosed-client` tracks and classes learn from. */
export const OWNED_KINDS: ReadonlySet<ResourceKind> = new Set(['client', 'channel', 'session-manager']);
