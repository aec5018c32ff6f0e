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
}

const GRPC = '@grpc/grpc-js';

/** RPC-FACTS.md §5. Export names differ from type names: `Channel` is `ChannelImplementation`. */
export const RESOURCES: readonly ResourceEntry[] = [
  {
    kind: 'client',
    library: 'grpc-js',
    // Generated and loaded clients (`ServiceClient`, ts-proto, grpc-tools) reach `Client` by the base walk.
    spec: fromPackage(GRPC, 'Client', 'ServiceClient'),
    label: 'grpc-js client',
    close: ['close'],
    leaks: 'its channel, subchannel and channelz entry stay alive',
  },
  {
    kind: 'channel',
    library: 'grpc-js',
    // nice-grpc `createChannel` returns grpc-js's `ChannelImplementation`.
    spec: fromPackage(GRPC, 'ChannelImplementation', 'Channel'),
    label: 'gRPC channel',
    close: ['close'],
    leaks: 'its subchannels, connection and channelz entry stay alive',
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
export const FACTORIES: readonly TypeOrValueSpecifier[] = [fromPackage('nice-grpc', 'createChannel')];

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
