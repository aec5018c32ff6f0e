import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { LibraryId } from './libraries.js';
import { fromLib, fromPackage } from './specifiers.js';

/*
 * Deadlines and timeouts per library (../../../shared/RPC-FACTS.md §9.4, §9.5, seen by running grpc-js
 * 1.14, nice-grpc 2.1 with its deadline middleware, and reading connect 2.2 and protobuf-ts 2.11):
 * grpc-js takes an absolute time, the others a duration in milliseconds. A grpc-js unary call with no
 * deadline from any source waits forever on a stuck server (the default is `Infinity`).
 */

const GRPC = '@grpc/grpc-js';
const CONNECT = '@connectrpc/connect';
const PROTOBUF_TS_RPC = '@protobuf-ts/runtime-rpc';

/** `absolute`: a `Date` or ms since 1970; `relative`: ms from now (a `Date` is absolute in both). */
export type DeadlineUnit = 'absolute' | 'relative';

/** An option that carries a deadline or timeout, found in an object of declared type `options`. */
export interface DeadlineOption {
  readonly library: LibraryId;
  /** For messages. */
  readonly label: string;
  readonly spec: TypeOrValueSpecifier;
  readonly key: string;
  readonly unit: DeadlineUnit;
  /** What a value in the other unit does at run time, for messages; absent where it was not run. */
  readonly wrongUnitEffect?: string;
  /** What a negative duration does, for messages; absent where it was not checked. */
  readonly negativeEffect?: string;
}

export const DEADLINE_OPTIONS: readonly DeadlineOption[] = [
  // `deadline: 300` failed at once with DEADLINE_EXCEEDED [run].
  {
    library: 'grpc-js',
    label: 'grpc-js',
    spec: fromPackage(GRPC, 'CallOptions'),
    key: 'deadline',
    unit: 'absolute',
    wrongUnitEffect: 'it has already passed and the call fails at once with DEADLINE_EXCEEDED',
  },
  // `Date.now() + 300` gave a TimeoutOverflowWarning and an immediate DEADLINE_EXCEEDED [run].
  {
    library: 'nice-grpc',
    label: 'the nice-grpc deadline middleware',
    spec: fromPackage('nice-grpc-client-middleware-deadline', 'DeadlineOptions'),
    key: 'deadline',
    unit: 'relative',
    wrongUnitEffect: 'its timer overflows and the call fails at once with DEADLINE_EXCEEDED',
  },
  // A per-call `timeoutMs <= 0` sets no timeout (RPC-FACTS §9.5, src `protocol-grpc/transport.js`).
  { library: 'connect', label: 'connect', spec: fromPackage(CONNECT, 'CallOptions'), key: 'timeoutMs', unit: 'relative', negativeEffect: 'a value of 0 or less sets no timeout at all' },
  {
    library: 'connect',
    label: 'connect',
    spec: fromPackage('@connectrpc/connect-node', 'GrpcTransportOptions', 'ConnectTransportOptions', 'GrpcWebTransportOptions'),
    key: 'defaultTimeoutMs',
    unit: 'relative',
  },
  {
    library: 'connect',
    label: 'connect',
    spec: fromPackage('@connectrpc/connect-web', 'GrpcWebTransportOptions', 'ConnectTransportOptions'),
    key: 'defaultTimeoutMs',
    unit: 'relative',
  },
  // `timeout: Date.now() + 2000` → 503 (timostamm/protobuf-ts#491).
  { library: 'protobuf-ts', label: 'protobuf-ts', spec: fromPackage(PROTOBUF_TS_RPC, 'RpcOptions'), key: 'timeout', unit: 'relative' },
];

export const DEADLINE_KEYS: ReadonlySet<string> = new Set(DEADLINE_OPTIONS.map((option) => option.key));

/** Parameters declared as a grpc-js `Deadline` (`client.waitForReady(deadline, cb)`), by the method or function that has one. */
export const DEADLINE_PARAMETERS = {
  type: fromPackage(GRPC, 'Deadline'),
  unit: 'absolute' as DeadlineUnit,
  option: DEADLINE_OPTIONS[0]!,
  callees: new Map([
    ['waitForReady', 0],
    ['waitForClientReady', 1],
  ]),
} as const;

/** A number at least this large is a time since 1970 (1e11 ms is March 1973), smaller ones are durations. */
export const EPOCH_THRESHOLD_MS = 1e11;

/** What kind of call a client method starts. */
export type CallShape = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

/**
 * Where a library's calls can get a deadline (RPC-FACTS §9.5). `rpc/require-deadline` reports a call
 * only when every one of these is visible and absent.
 */
export interface DeadlineProfile {
  readonly library: 'grpc-js' | 'nice-grpc' | 'connect' | 'protobuf-ts';
  /** The client: a value of this model resource kind and library. */
  readonly clientKind: 'client' | 'stub' | 'borrower';
  /** The declared type of a call's options argument. */
  readonly callOptions: TypeOrValueSpecifier;
  /** Call options that bound the call: a deadline, a timeout, a signal (its owner may abort it on a timer), grpc-js `parent` (propagates the caller's deadline). */
  readonly boundingOptions: readonly string[];
  /** Call options whose effect the code does not show: per-call interceptors may set a deadline. */
  readonly opaqueOptions: readonly string[];
  /** How calls of each shape are recognised: by the call's type (grpc-js), or by the method's signature (AsyncIterable in and out). */
  readonly shapes: { readonly by: 'result'; readonly types: Readonly<Record<CallShape, TypeOrValueSpecifier>> } | { readonly by: 'signature' };
  /** How to give the call a deadline, for messages. */
  readonly fix: string;
}

export const DEADLINE_PROFILES: readonly DeadlineProfile[] = [
  {
    library: 'grpc-js',
    clientKind: 'client',
    callOptions: fromPackage(GRPC, 'CallOptions'),
    boundingOptions: ['deadline', 'parent'],
    opaqueOptions: ['interceptors', 'interceptor_providers'],
    shapes: {
      by: 'result',
      types: {
        unary: fromPackage(GRPC, 'SurfaceCall'),
        'server-stream': fromPackage(GRPC, 'ClientReadableStream'),
        'client-stream': fromPackage(GRPC, 'ClientWritableStream'),
        bidi: fromPackage(GRPC, 'ClientDuplexStream'),
      },
    },
    fix: 'Pass `deadline: Date.now() + ms`, or set one in an interceptor or service config',
  },
  {
    library: 'nice-grpc',
    clientKind: 'stub',
    callOptions: fromPackage('nice-grpc-common', 'CallOptions'),
    boundingOptions: ['deadline', 'signal'],
    opaqueOptions: [],
    shapes: { by: 'signature' },
    fix: 'Pass `signal: AbortSignal.timeout(ms)`, or a `deadline` with `deadlineMiddleware`',
  },
  {
    library: 'connect',
    clientKind: 'stub',
    callOptions: fromPackage(CONNECT, 'CallOptions'),
    boundingOptions: ['timeoutMs', 'signal'],
    opaqueOptions: [],
    shapes: { by: 'signature' },
    fix: 'Pass `timeoutMs`, or set `defaultTimeoutMs` on the transport',
  },
  // protobuf-ts generated clients (`new FooClient(transport)`): `GrpcTransport` turns `timeout` into the
  // grpc-js `deadline` and cancels the call when `abort` fires; `callOptions` (grpc-js options, which
  // replace `timeout`) and per-call `interceptors` may carry one. `deadline` is no `RpcOptions` key (the
  // transport ignores it), but whoever wrote it meant one: not this rule's report.
  {
    library: 'protobuf-ts',
    clientKind: 'borrower',
    callOptions: fromPackage(PROTOBUF_TS_RPC, 'RpcOptions'),
    boundingOptions: ['timeout', 'abort'],
    opaqueOptions: ['interceptors', 'callOptions', 'deadline'],
    shapes: {
      by: 'result',
      types: {
        unary: fromPackage(PROTOBUF_TS_RPC, 'UnaryCall'),
        'server-stream': fromPackage(PROTOBUF_TS_RPC, 'ServerStreamingCall'),
        'client-stream': fromPackage(PROTOBUF_TS_RPC, 'ClientStreamingCall'),
        bidi: fromPackage(PROTOBUF_TS_RPC, 'DuplexStreamingCall'),
      },
    },
    fix: 'Pass `timeout: ms`, or set a default `timeout` on the transport',
  },
];

/**
 * How code calls a grpc-js client method taken as a value (`promisify(client.getUser).bind(client)`):
 * `fn.bind(client)` and `fn.call(client, …)` give it its client, and a promisified method takes the
 * method's arguments but the callback.
 */
export const METHOD_VALUE_CALLS = {
  promisify: ['promisify'] as readonly string[],
  bind: 'bind',
  call: 'call',
  /**
   * A method value's call is typed by whatever wraps it (`promisify` keeps one overload), so its options
   * are told apart from its other arguments by what they are not: the request (first), metadata, a callback.
   */
  metadata: fromPackage(GRPC, 'Metadata'),
} as const;

/** Request and response streams of a signature-shaped client method (nice-grpc, connect). */
export const STREAM_TYPE: TypeOrValueSpecifier = fromLib('AsyncIterable');

/**
 * Client-level sources of a deadline, on the objects that make clients. `bounds`: options that set a
 * deadline for every call; `opaque`: options whose effect the code does not show (an interceptor may set
 * a deadline), so a client made with one is not reported.
 */
export const CLIENT_DEADLINE_SOURCES = {
  grpc: {
    /** `new Client(address, credentials, options)`: the options argument. */
    optionsArgument: 2,
    opaque: ['interceptors', 'interceptor_providers', 'channelOverride', 'channelFactoryOverride', 'callInvocationTransformer'],
  },
  nice: {
    createClient: fromPackage('nice-grpc', 'createClient'),
    createChannel: fromPackage('nice-grpc', 'createChannel'),
    createClientFactory: fromPackage('nice-grpc', 'createClientFactory'),
    /** What `createClientFactory()` and its `.use(…)` return. */
    clientFactoryType: fromPackage('nice-grpc', 'ClientFactory'),
    /** `createClient(definition, channel, defaults)` and `factory.create(definition, channel, defaults)`. */
    channelArgument: 1,
    defaultsArgument: 2,
    /** `'*'`: defaults for every method. */
    everyMethod: '*',
    /** Middleware that sets no deadline by itself (the deadline middleware only reads the `deadline` option). */
    inertMiddleware: [
      fromPackage('nice-grpc-client-middleware-deadline', 'deadlineMiddleware'),
      fromPackage('nice-grpc-client-middleware-retry', 'retryMiddleware'),
    ] as readonly TypeOrValueSpecifier[],
    useMethod: 'use',
    createMethod: 'create',
  },
  connect: {
    createClient: fromPackage(CONNECT, 'createClient'),
    transportArgument: 1,
    transports: [
      fromPackage('@connectrpc/connect-node', 'createGrpcTransport', 'createConnectTransport', 'createGrpcWebTransport'),
      fromPackage('@connectrpc/connect-web', 'createGrpcWebTransport', 'createConnectTransport'),
    ] as readonly TypeOrValueSpecifier[],
    bounds: ['defaultTimeoutMs'],
    /** Transport interceptors: each one is read (`src/analysis/options/connect-interceptors.ts`). */
    interceptorsKey: 'interceptors',
    /**
     * What a transport interceptor may do to its request and still set no deadline: read it, and write
     * headers other than the timeout headers of the gRPC and Connect protocols (RPC-FACTS §9.5).
     */
    interceptor: {
      requestHeader: 'header',
      headerWrites: ['set', 'append', 'delete'] as readonly string[],
      timeoutHeaders: ['grpc-timeout', 'connect-timeout-ms'] as readonly string[],
    },
  },
  protobufTs: {
    /** `new GrpcTransport(options)`: its options are the defaults of every call (`mergeRpcOptions`). */
    transport: fromPackage('@protobuf-ts/grpc-transport', 'GrpcTransport'),
    /** A generated client's `new FooClient(transport)`: the transport argument. */
    transportArgument: 0,
    bounds: ['timeout', 'abort'],
    opaque: ['interceptors', 'callOptions', 'deadline'],
    /** grpc-js client options of the transport's channel (`new grpc.Client(host, credentials, clientOptions)`). */
    clientOptions: 'clientOptions',
  },
} as const;
