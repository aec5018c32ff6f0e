// rpc/require-deadline (RPC-FACTS.md §9.5): a unary call that no deadline bounds waits forever on a
// stuck server. Reported only when every source is visible and absent: the call's options, and the
// client followed to where it is made — in this file or another (fixtures/cases/deadlines/clients.ts).
import rule from '../../rules/require-deadline.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–27, so each body starts at line 28.
const imports = `
import * as grpc from '@grpc/grpc-js'; import { promisify } from 'node:util';
import { createChannel, createClient, createClientFactory, type Channel, type CallContext } from 'nice-grpc';
import { deadlineMiddleware } from 'nice-grpc-client-middleware-deadline';
import { retryMiddleware } from 'nice-grpc-client-middleware-retry';
import { createClient as createConnectClient, type Interceptor, type Transport } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { ConfigServiceClient, EventServiceClient, type GetConfigRequest, type GetConfigResponse } from './generated/grpc-js/demo/v1/demo.js';
import { ConfigServiceDefinition, EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { ConfigService, EventService } from './generated/connect/demo/v1/demo_pb.js';
import * as clients from './cases/deadlines/clients.js'; import { clientFor, createDefaultedTransport, createTokenTransport } from './cases/deadlines/service-library.js';
import {
  boundedLibraryConfigClient, ConfigHolder, libraryConfigClient,
  connectConfigClient,
  makeBoundedConnectConfigClient,
  makeConfigClient,
  makeConnectConfigClient,
  makeDefaultedNiceConfigClient,
  makeInterceptedConfigClient,
  makeNiceConfigClient,
  makeServiceConfigClient,
  sharedConfigClient,
} from './cases/deadlines/clients.js';
const creds = grpc.credentials.createInsecure();
const request: GetConfigRequest = { key: 'feature', includeDefaults: false };
const done = () => {};`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 27 + n;

const GRPC_FIX = 'Pass `deadline: Date.now() + ms`, or set one in an interceptor or service config';
const NICE_FIX = 'Pass `signal: AbortSignal.timeout(ms)`, or a `deadline` with `deadlineMiddleware`';
const CONNECT_FIX = 'Pass `timeoutMs`, or set `defaultTimeoutMs` on the transport';

createRuleTester().run('require-deadline', rule, {
  valid: [
    {
      name: 'grpc-js: a deadline per call, or `parent` (it propagates the incoming call’s deadline)',
      code: code(`const client = new ConfigServiceClient('config:50051', creds);
export function load(parent: grpc.ServerUnaryCall<unknown, unknown>) {
  client.getConfig(request, new grpc.Metadata(), { deadline: Date.now() + 5000 }, done);
  client.getConfig(request, new grpc.Metadata(), { parent }, done);
}`),
    },
    {
      name: 'grpc-js: interceptors per call (they may set the deadline)',
      code: code(`const client = new ConfigServiceClient('config:50051', creds);
export function load(interceptors: grpc.Interceptor[]) {
  client.getConfig(request, new grpc.Metadata(), { interceptors }, done);
  client.getConfig(request, new grpc.Metadata(), { interceptor_providers: [] }, done);
}`),
    },
    {
      name: 'grpc-js: options built elsewhere may carry a deadline',
      code: code(`const client = new ConfigServiceClient('config:50051', creds);
export function load(options: Partial<grpc.CallOptions>, extra: object) {
  client.getConfig(request, new grpc.Metadata(), options, done);
  client.getConfig(request, new grpc.Metadata(), { ...extra }, done);
}`),
    },
    {
      name: 'grpc-js: a client made with interceptors or interceptor providers (they may set the deadline), here and in another file',
      code: code(`const intercepted = new ConfigServiceClient('config:50051', creds, { interceptors: [] });
const provided = new ConfigServiceClient('config:50051', creds, { interceptor_providers: [] });
export function load() {
  intercepted.getConfig(request, done);
  provided.getConfig(request, done);
  makeInterceptedConfigClient('config:50051').getConfig(request, done);
}`),
    },
    {
      name: 'grpc-js: a service-config method timeout, as JSON text, from JSON.stringify, and in another file',
      code: code(`const a = new ConfigServiceClient('config:50051', creds, { 'grpc.service_config': '{"methodConfig":[{"name":[{}],"timeout":"1s"}]}' });
const config = { methodConfig: [{ name: [{ service: 'demo.v1.ConfigService' }], timeout: '2s' }] };
const b = new ConfigServiceClient('config:50051', creds, { 'grpc.service_config': JSON.stringify(config) });
export function load() {
  a.getConfig(request, done);
  b.getConfig(request, done);
  makeServiceConfigClient('config:50051').getConfig(request, done);
}`),
    },
    {
      name: 'grpc-js: a client over a channel of its caller (`channelOverride`), and a nice-grpc client over a channel with a service-config timeout',
      code: code(`export function load(channel: grpc.Channel) {
  new ConfigServiceClient('config:50051', creds, { channelOverride: channel }).getConfig(request, done);
}
const timed = createChannel('config:50051', creds, { 'grpc.service_config': JSON.stringify({ methodConfig: [{ name: [{}], timeout: '1s' }] }) });
const nice = createClient(ConfigServiceDefinition, timed);
export const loaded = nice.getConfig({});`),
    },
    {
      name: 'grpc-js: a service config or options the code does not show (a parameter): where knowledge ends, quiet',
      code: code(`export function load(serviceConfig: string, options: grpc.ClientOptions) {
  new ConfigServiceClient('config:50051', creds, { 'grpc.service_config': serviceConfig }).getConfig(request, done);
  new ConfigServiceClient('config:50051', creds, options).getConfig(request, done);
}`),
    },
    {
      name: 'a client from a parameter, `any`, or a field one constructor parameter fills: its maker decides',
      code: code(`export class Service {
  constructor(private readonly client: ConfigServiceClient) {}
  load(other: ConfigServiceClient, dynamic: any) {
    this.client.getConfig(request, done);
    other.getConfig(request, done);
    dynamic.getConfig(request, done);
  }
}`),
    },
    {
      name: 'a field written twice, once with an interceptor: not every client it may hold is unbounded',
      code: code(`export class Service {
  private client = new ConfigServiceClient('config:50051', creds);
  reconnect() {
    this.client = new ConfigServiceClient('config:50051', creds, { interceptors: [] });
  }
  load() {
    this.client.getConfig(request, done);
  }
}`),
    },
    {
      name: 'streaming calls are not reported by default (watches are legitimately unbounded)',
      code: code(`const events = new EventServiceClient('events:50051', creds);
const nice = createClient(EventServiceDefinition, createChannel('events:50051'));
export async function follow() {
  events.watch({ topic: 'config', sinceRevision: 0 }).on('data', done).on('error', done);
  for await (const event of nice.watch({ topic: 'config', sinceRevision: 0 })) void event;
}`),
    },
    {
      name: 'grpc-js: client methods that start no call',
      code: code(`const client = new ConfigServiceClient('config:50051', creds);
export function stop() {
  client.waitForReady(Date.now() + 1000, done);
  client.getChannel().getConnectivityState(false);
  client.close();
}`),
    },
    {
      name: 'nice-grpc: a signal (a timeout, or the incoming call’s), a default deadline, a middleware that sets a signal, a channel from elsewhere',
      code: code(`const channel = createChannel('config:50051');
const plain = createClient(ConfigServiceDefinition, channel);
const defaulted = createClientFactory().use(deadlineMiddleware).create(ConfigServiceDefinition, channel, { '*': { deadline: 5000 } });
const custom = createClientFactory().use(async function* (call, options) { return yield* call.next(call.request, { ...options, signal: AbortSignal.timeout(5000) }); }).create(ConfigServiceDefinition, channel);
export async function handle(context: CallContext, other: Channel) {
  await plain.getConfig({}, { signal: AbortSignal.timeout(1000) });
  await plain.getConfig({}, { signal: context.signal });
  await defaulted.getConfig({});
  await custom.getConfig({});
  await createClient(ConfigServiceDefinition, other).getConfig({});
  await makeDefaultedNiceConfigClient('config:50051').getConfig({});
}`),
    },
    {
      name: 'connect: timeoutMs, a signal, a transport default (here and in another file), transport interceptors, a transport from elsewhere',
      code: code(`const client = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080' }));
const bounded = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', defaultTimeoutMs: 5000 }));
const bounding: Interceptor = (next) => (req) => next({ ...req, signal: AbortSignal.timeout(5000) });
const intercepted = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', interceptors: [bounding] }));
export async function load(transport: Transport) {
  await client.getConfig({}, { timeoutMs: 5000 });
  await client.getConfig({}, { signal: AbortSignal.timeout(5000) });
  await bounded.getConfig({});
  await intercepted.getConfig({});
  await createConnectClient(ConfigService, transport).getConfig({});
  await makeBoundedConnectConfigClient('http://config:8080').getConfig({});
}`),
    },
    {
      name: 'connect: interceptors that may bound the call — a race with a timer, a timeout header, a changed request, `next` kept for later, one from a parameter',
      code: code(`const raced: Interceptor = (next) => (req) => Promise.race([next(req), new Promise<never>((_, reject) => setTimeout(reject, 5000))]);
const timeoutHeader: Interceptor = (next) => (req) => {
  req.header.set('grpc-timeout', '5S');
  return next(req);
};
const handedOn: Interceptor = (next) => (req) => next(Object.assign(req, { signal: AbortSignal.timeout(5000) }));
let kept: unknown;
const keeping: Interceptor = (next) => {
  kept = next;
  return (req) => next(req);
};
const viaRace = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', interceptors: [raced] }));
const viaHeader = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', interceptors: [timeoutHeader] }));
const viaChange = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', interceptors: [handedOn] }));
const viaKept = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', interceptors: [keeping] }));
export async function load(fromCaller: Interceptor) {
  await viaRace.getConfig({});
  await viaHeader.getConfig({});
  await viaChange.getConfig({});
  await viaKept.getConfig({});
  await createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', interceptors: [fromCaller] })).getConfig({});
}`),
    },
    {
      name: 'connect, a library builds the transport or client: defaultTimeoutMs in its options literal, options from a caller, partial options it may complete, a transport from a caller',
      code: code(`export async function load(options: import('@connectrpc/connect-node').GrpcTransportOptions, transport: Transport) {
  const bounded = clientFor(ConfigService)(createTokenTransport('token', { baseUrl: 'http://config:8080', defaultTimeoutMs: 5000 }));
  await bounded.getConfig({});
  await boundedLibraryConfigClient('token', 'http://config:8080').getConfig({});
  await clientFor(ConfigService)(createTokenTransport('token', options)).getConfig({});
  await clientFor(ConfigService)(createDefaultedTransport({ baseUrl: 'http://config:8080' })).getConfig({});
  await clientFor(ConfigService)(transport).getConfig({});
}`),
    },
    {
      name: 'grpc-js method values: a deadline in the options, options from a caller, a client with interceptors, an unknown client, a method never bound to a client',
      code: code(`const client = new ConfigServiceClient('config:50051', creds);
const intercepted = new ConfigServiceClient('config:50051', creds, { interceptors: [] });
const bound = client.getConfig.bind(client);
const unbound = promisify(client.getConfig);
export async function load(options: Partial<grpc.CallOptions>, other: ConfigServiceClient) {
  bound(request, new grpc.Metadata(), { deadline: Date.now() + 5000 }, done);
  client.getConfig.call(client, request, new grpc.Metadata(), { deadline: Date.now() + 5000 }, done);
  bound(request, new grpc.Metadata(), options, done);
  await promisify(intercepted.getConfig).bind(intercepted)(request);
  await promisify(other.getConfig).call(other, request);
  await unbound(request);
  bound(...([request, new grpc.Metadata(), options, done] as const));
}`),
    },
    {
      name: 'grpc-js method value from a parameter, called on an injected client: the client is unknown',
      code: code(`type GetConfig = (request: GetConfigRequest, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: GetConfigResponse) => void) => grpc.ClientUnaryCall;
export class Resolver {
  constructor(private readonly client: ConfigServiceClient) {}
  resolveConfig() {
    return this.resolve(this.client.getConfig);
  }
  private async resolve(method: GetConfig) {
    return promisify(method).call(this.client, request, new grpc.Metadata());
  }
}`),
    },
    {
      name: 'grpc-js options a function of the program builds: interceptors in its literal, a key from a table row that is no literal, the object handed to another function, or a service config with a timeout',
      code: code(`const ROWS = [{ key: 'grpc.keepalive_time_ms' }, { key: process.env.KEY ?? 'grpc.default_authority' }];
function intercepted(): grpc.ClientOptions {
  const options: grpc.ClientOptions = { interceptors: [] };
  return options;
}
function fromRows(): grpc.ClientOptions {
  const options: grpc.ClientOptions = {};
  for (const { key } of ROWS) options[key] = 1;
  return options;
}
function handedOn(fill: (o: grpc.ClientOptions) => void): grpc.ClientOptions {
  const options: grpc.ClientOptions = {};
  fill(options);
  return options;
}
function timed() {
  return JSON.stringify({ methodConfig: [{ name: [{}], timeout: '2s' }] });
}
function withTimeout(): grpc.ClientOptions {
  return { 'grpc.service_config': timed() };
}
export function load() {
  new ConfigServiceClient('config:50051', creds, intercepted()).getConfig(request, done);
  new ConfigServiceClient('config:50051', creds, fromRows()).getConfig(request, done);
  new ConfigServiceClient('config:50051', creds, handedOn(() => {})).getConfig(request, done);
  new ConfigServiceClient('config:50051', creds, withTimeout()).getConfig(request, done);
}`),
    },
    {
      name: 'a `const` options object whose keys code changes after its literal (a key written here or in a function, `Object.assign`): its literal does not say what it holds',
      code: code(`const deadlineInterceptor: grpc.Interceptor = (options, nextCall) => new grpc.InterceptingCall(nextCall({ ...options, deadline: Date.now() + 5000 }));
const clientOptions: grpc.ClientOptions = {};
clientOptions.interceptors = [deadlineInterceptor];
const first = new ConfigServiceClient('config:50051', creds, clientOptions);
const laterOptions: grpc.ClientOptions = { 'grpc.enable_retries': 1 };
export function configure() {
  laterOptions['interceptors'] = [deadlineInterceptor];
}
const second = new ConfigServiceClient('config:50051', creds, laterOptions);
const assigned: grpc.ClientOptions = {};
Object.assign(assigned, { interceptors: [deadlineInterceptor] });
const third = new ConfigServiceClient('config:50051', creds, assigned);
export function load() {
  first.getConfig(request, done);
  second.getConfig(request, done);
  third.getConfig(request, done);
}`),
    },
    {
      name: 'an injected client that a caller passes (made with interceptors) or that the program’s callers cannot all be seen for: unknown',
      code: code(`type GetConfig = (request: GetConfigRequest, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: GetConfigResponse) => void) => grpc.ClientUnaryCall;
class Resolver {
  private readonly client: ConfigServiceClient;
  constructor(client?: ConfigServiceClient) {
    this.client = client ? client : new ConfigServiceClient('config:50051', creds);
  }
  resolveConfig() {
    return promisify<GetConfigRequest, grpc.Metadata, GetConfigResponse>(this.client.getConfig).call(this.client, request, new grpc.Metadata());
  }
}
export class Injected {
  readonly client: ConfigServiceClient;
  constructor(client?: ConfigServiceClient) {
    this.client = client ?? new ConfigServiceClient('config:50051', creds);
  }
  load() {
    this.client.getConfig(request, done);
  }
}
export const resolvers = [new Resolver(undefined), new Resolver(new ConfigServiceClient('config:50051', creds, { interceptors: [] }))];`),
    },
    {
      name: 'google-gax: per-method default timeouts of the generated client (never reported)',
      code: code(`const secrets = new SecretManagerServiceClient();
export async function read(name: string) {
  return secrets.accessSecretVersion({ name });
}`),
    },
    {
      name: "`streams: 'server'` reports no client-streaming or bidi call",
      code: code(`const events = new EventServiceClient('events:50051', creds);
export function send() {
  events.upload(done).end();
  events.exchange().end();
}`),
      options: [{ streams: 'server' }],
    },
    {
      name: 'a client from another object’s method, a destructured binding, a registry: where the code does not show the maker, quiet',
      code: code(`declare const registry: { get(name: string): ConfigServiceClient };
export function load(pool: Map<string, ConfigServiceClient>) {
  registry.get('config').getConfig(request, done);
  pool.get('config')?.getConfig(request, done);
  const { client } = { client: registry.get('config') };
  client.getConfig(request, done);
}`),
    },
  ],
  invalid: [
    {
      name: 'grpc-js: a client made here with no options, a call with a callback only',
      code: code(`const client = new ConfigServiceClient('config:50051', creds);
export function load() {
  client.getConfig(request, done);
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: GRPC_FIX }, line: at(3), column: 3 }],
    },
    {
      name: 'grpc-js: a `const` options object whose keys are only read after its literal',
      code: code(`const clientOptions: grpc.ClientOptions = { 'grpc.enable_retries': 1 };
const retries = clientOptions['grpc.enable_retries'];
const client = new ConfigServiceClient('config:50051', creds, clientOptions);
export function load() {
  client.getConfig(request, done);
  return retries;
}`),
      errors: [{ messageId: 'noDeadline', line: at(5), column: 3 }],
    },
    {
      name: 'grpc-js: options without a deadline; a service config without a timeout',
      code: code(`const client = new ConfigServiceClient('config:50051', creds, {
  'grpc.service_config': JSON.stringify({ methodConfig: [{ name: [{}], retryPolicy: { maxAttempts: 3, initialBackoff: '0.1s', maxBackoff: '1s', backoffMultiplier: 2, retryableStatusCodes: ['UNAVAILABLE'] } }] }),
});
export function load() {
  client.getConfig(request, new grpc.Metadata(), { host: 'config' }, done);
}`),
      errors: [{ messageId: 'noDeadline', line: at(5), column: 3 }],
    },
    {
      name: 'grpc-js: a field the constructor fills; a holder made in another file',
      code: code(`export class Service {
  private readonly client: ConfigServiceClient;
  constructor(address: string) {
    this.client = new ConfigServiceClient(address, creds);
  }
  load(holder: ConfigHolder) {
    this.client.getConfig(request, done);
    holder.client.getConfig(request, done);
  }
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'this.client.getConfig(…)', fix: GRPC_FIX }, line: at(7), column: 5 },
        { messageId: 'noDeadline', data: { call: 'holder.client.getConfig(…)', fix: GRPC_FIX }, line: at(8), column: 5 },
      ],
    },
    {
      name: 'one field asked from several methods of its class (each call reported), and `this` of a nested function (another object: quiet)',
      code: code(`export class Poller {
  private readonly client = new ConfigServiceClient('config:50051', creds);
  first() {
    this.client.getConfig(request, done);
  }
  second() {
    this.client.getConfig(request, done);
    setTimeout(function (this: { client: ConfigServiceClient }) {
      this.client.getConfig(request, done);
    });
  }
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'this.client.getConfig(…)', fix: GRPC_FIX }, line: at(4), column: 5 },
        { messageId: 'noDeadline', data: { call: 'this.client.getConfig(…)', fix: GRPC_FIX }, line: at(7), column: 5 },
      ],
    },
    {
      name: 'a field named by a string (`\'primaryStub\' = new …`) read through a parameter: its writes are the class’s',
      code: code(`class Stubs {
  'primaryStub' = new ConfigServiceClient('config:50051', creds);
}
export function load(stubs: Stubs) {
  stubs.primaryStub.getConfig(request, done);
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'stubs.primaryStub.getConfig(…)', fix: GRPC_FIX }, line: at(5), column: 3 }],
    },
    {
      name: 'a default export read through a namespace import (`defaults.default`): the variable it exports',
      code: code(`import * as defaults from './cases/deadlines/default-client.js';
export function load() {
  defaults.default.getConfig(request, done);
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'defaults.default.getConfig(…)', fix: GRPC_FIX }, line: at(3), column: 3 }],
    },
    {
      name: 'grpc-js: a client from a factory in another file, and a shared client another file exports',
      code: code(`const client = makeConfigClient('config:50051');
export function load() {
  client.getConfig(request, done);
  sharedConfigClient.getConfig(request, done);
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: GRPC_FIX }, line: at(3), column: 3 },
        { messageId: 'noDeadline', data: { call: 'sharedConfigClient.getConfig(…)', fix: GRPC_FIX }, line: at(4), column: 3 },
      ],
    },
    {
      name: 'nice-grpc: a plain client; the deadline middleware with no deadline; the retry middleware; a factory in another file',
      code: code(`const channel = createChannel('config:50051');
const plain = createClient(ConfigServiceDefinition, channel);
const withMiddleware = createClientFactory().use(deadlineMiddleware).use(retryMiddleware).create(ConfigServiceDefinition, channel);
export async function load() {
  await plain.getConfig({});
  await withMiddleware.getConfig({}, { retry: true });
  await makeNiceConfigClient('config:50051').getConfig({});
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'plain.getConfig(…)', fix: NICE_FIX }, line: at(5), column: 9 },
        { messageId: 'noDeadline', data: { call: 'withMiddleware.getConfig(…)', fix: NICE_FIX }, line: at(6), column: 9 },
        { messageId: 'noDeadline', line: at(7), column: 9 },
      ],
    },
    {
      name: 'connect: a transport without defaultTimeoutMs, here and in another file',
      code: code(`const client = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080' }));
export async function load() {
  await client.getConfig({});
  await makeConnectConfigClient('http://config:8080').getConfig({}, { headers: { 'x-tenant': 'a' } });
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: CONNECT_FIX }, line: at(3), column: 9 },
        { messageId: 'noDeadline', line: at(4), column: 9 },
      ],
    },
    {
      name: 'connect: transport interceptors that forward the call as it came (headers set, request read)',
      code: code(`const stamp: Interceptor = (next) => async (req) => {
  req.header.set('x-request-id', req.url);
  return await next(req);
};
const client = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080', interceptors: [stamp, (next) => (req) => next(req)] }));
export async function load() {
  await client.getConfig({});
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: CONNECT_FIX }, line: at(7), column: 9 }],
    },
    {
      name: 'connect, a library builds them under names imported as others: its declarations are read, not the local names',
      code: code(`import { clientFor as serviceClient, createTokenTransport as tokenTransport } from './cases/deadlines/service-library.js';
const renamed = serviceClient(ConfigService)(tokenTransport('token', { baseUrl: 'http://config:8080' }));
export async function load() {
  await renamed.getConfig({});
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'renamed.getConfig(…)', fix: CONNECT_FIX }, line: at(4), column: 9 }],
    },
    {
      name: 'a field only another object writes a client to (`registry.client = new …`), beside a field of that name in another class written with a string',
      code: code(`class Registry {
  client?: ConfigServiceClient;
}
class Settings {
  client = 'config';
}
export const registry = new Registry();
registry.client = new ConfigServiceClient('config:50051', creds);
export function rename(settings: Settings) {
  settings.client = 'other';
}
export function load() {
  registry.client!.getConfig(request, done);
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'registry.client!.getConfig(…)', fix: GRPC_FIX }, line: at(13), column: 3 }],
    },
    {
      name: 'connect, a library builds the transport and the client: no defaultTimeoutMs in its options literal, here and in another file',
      code: code(`const local = clientFor(ConfigService)(createTokenTransport('token', { baseUrl: 'http://config:8080' }));
export async function load() {
  await local.getConfig({});
  const settings = await libraryConfigClient('token', 'http://config:8080');
  await settings.getConfig({}, {});
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'local.getConfig(…)', fix: CONNECT_FIX }, line: at(3), column: 9 },
        { messageId: 'noDeadline', data: { call: 'settings.getConfig(…)', fix: CONNECT_FIX }, line: at(5), column: 9 },
      ],
    },
    {
      name: 'grpc-js method values bound to a client made here: promisified, bound, through `call`',
      code: code(`const client = new ConfigServiceClient('config:50051', creds);
const getConfig = promisify(client.getConfig).bind(client);
const getBound = promisify(client.getConfig.bind(client));
const bound = client.getConfig.bind(client);
export async function load() {
  await getConfig(request);
  await getBound(request);
  bound(request, new grpc.Metadata(), {}, done);
  client.getConfig.call(client, request, new grpc.Metadata(), {}, done);
  await promisify(client.getConfig).call(client, request);
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'getConfig(…)', fix: GRPC_FIX }, line: at(6), column: 9 },
        { messageId: 'noDeadline', data: { call: 'getBound(…)', fix: GRPC_FIX }, line: at(7), column: 9 },
        { messageId: 'noDeadline', data: { call: 'bound(…)', fix: GRPC_FIX }, line: at(8), column: 3 },
        { messageId: 'noDeadline', data: { call: 'client.getConfig.call(…)', fix: GRPC_FIX }, line: at(9), column: 3 },
        { messageId: 'noDeadline', data: { call: 'promisify(client.getConfig).call(…)', fix: GRPC_FIX }, line: at(10), column: 9 },
      ],
    },
    {
      name: 'grpc-js method value from a parameter (a unary method signature, metadata only), called on the class’s own client',
      code: code(`type GetConfig = (request: GetConfigRequest, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: GetConfigResponse) => void) => grpc.ClientUnaryCall;
export class Resolver {
  private readonly client = new ConfigServiceClient('config:50051', creds);
  resolveConfig() {
    return this.resolve(this.client.getConfig);
  }
  private async resolve(method: GetConfig) {
    const resolver = promisify(method);
    return resolver.call(this.client, request, new grpc.Metadata());
  }
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'resolver.call(…)', fix: GRPC_FIX }, line: at(9), column: 12 }],
    },
    {
      name: 'grpc-js options a function of the program builds: its literal, keys written from a constant table, a service config another function returns without a timeout',
      code: code(`const ROWS = [
  { key: 'grpc.keepalive_time_ms', from: 'keepalive' },
  { key: 'grpc.default_authority', from: 'authority' },
] as const;
function retryConfig(services: string[]) {
  const retryPolicy = { maxAttempts: 3, initialBackoff: '1s', maxBackoff: '10s', backoffMultiplier: 2, retryableStatusCodes: ['UNAVAILABLE'] };
  return JSON.stringify({ methodConfig: [{ name: services.map((service) => ({ service })), retryPolicy }] });
}
function clientOptions(settings: Record<string, number | string | undefined>): grpc.ClientOptions {
  const options: grpc.ClientOptions = { 'grpc.service_config': retryConfig(['demo.v1.ConfigService']) };
  for (const { key, from } of ROWS) {
    if (settings[from] !== undefined) options[key] = settings[from];
  }
  return options;
}
const client = new ConfigServiceClient('config:50051', creds, clientOptions({ keepalive: 1000 }));
export function load() {
  client.getConfig(request, done);
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: GRPC_FIX }, line: at(18), column: 3 }],
    },
    {
      name: 'an injected client that every caller leaves out: the client made in its place; a method value called on it (callee quoted on one line)',
      code: code(`type GetConfig = (request: GetConfigRequest, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: GetConfigResponse) => void) => grpc.ClientUnaryCall;
class Resolver {
  private readonly client: ConfigServiceClient;
  constructor(client?: ConfigServiceClient) {
    this.client = client ? client : new ConfigServiceClient('config:50051', creds);
  }
  resolveConfig() {
    return this.resolve(this.client.getConfig);
  }
  private async resolve(method: GetConfig) {
    const resolver = promisify(method);
    return resolver
      .call(this.client, request, new grpc.Metadata());
  }
}
export const resolvers = [new Resolver(undefined), new Resolver()];`),
      errors: [{ messageId: 'noDeadline', data: { call: 'resolver.call(…)', fix: GRPC_FIX }, line: at(12), column: 12 }],
    },
    {
      name: "`streams: 'server'`: server-streaming calls of grpc-js, nice-grpc and connect",
      code: code(`const events = new EventServiceClient('events:50051', creds);
const nice = createClient(EventServiceDefinition, createChannel('events:50051'));
const connect = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'http://events:8080' }));
export async function follow() {
  events.watch({ topic: 'config', sinceRevision: 0 }).on('data', done).on('error', done);
  for await (const event of nice.watch({ topic: 'config', sinceRevision: 0 })) void event;
  for await (const event of connect.watch({ topic: 'config', sinceRevision: 0 })) void event;
}`),
      options: [{ streams: 'server' }],
      errors: [
        { messageId: 'noDeadline', line: at(5), column: 3 },
        { messageId: 'noDeadline', line: at(6), column: 29 },
        { messageId: 'noDeadline', line: at(7), column: 29 },
      ],
    },
    {
      name: "`streams: 'all'`: client-streaming and bidi calls too",
      code: code(`const events = new EventServiceClient('events:50051', creds);
export function send() {
  events.upload(done).end();
  events.exchange().end();
}`),
      options: [{ streams: 'all' }],
      errors: [
        { messageId: 'noDeadline', data: { call: 'events.upload(…)', fix: GRPC_FIX }, line: at(3), column: 3 },
        { messageId: 'noDeadline', data: { call: 'events.exchange(…)', fix: GRPC_FIX }, line: at(4), column: 3 },
      ],
    },
    {
      name: 'grpc-js: a holder made here, a namespace import, an awaited factory in another file',
      code: code(`export async function load() {
  const holder = new ConfigHolder('config:50051');
  holder.client.getConfig(request, done);
  clients.sharedConfigClient.getConfig(request, done);
  const connected = await connectConfigClient('config:50051');
  connected.getConfig(request, done);
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'holder.client.getConfig(…)', fix: GRPC_FIX }, line: at(3), column: 3 },
        { messageId: 'noDeadline', data: { call: 'clients.sharedConfigClient.getConfig(…)', fix: GRPC_FIX }, line: at(4), column: 3 },
        { messageId: 'noDeadline', data: { call: 'connected.getConfig(…)', fix: GRPC_FIX }, line: at(6), column: 3 },
      ],
    },
  ],
});

// protobuf-ts generated clients, and clients held by other objects (fixtures/cases/deadlines/holders.ts).
// Line 1 of every case is empty; imports take lines 2–20, so each body starts at line 21.
const heldImports = `
import * as grpc from '@grpc/grpc-js';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import type { RpcInterceptor } from '@protobuf-ts/runtime-rpc';
import { ConfigServiceClient, EventServiceClient } from './generated/protobuf-ts/demo/v1/demo.client.js';
import { ConfigServiceClient as GrpcConfigClient } from './generated/grpc-js/demo/v1/demo.js';
import type { GetConfigRequest } from './generated/grpc-js/demo/v1/demo.js';
import {
  CheckedRegistry,
  InterceptedRegistry,
  LazyRegistry,
  makeBoundedProtobufConfigClient,
  makeProtobufConfigClient,
  OpenRegistry,
  Registry,
  Services,
} from './cases/deadlines/holders.js';
const creds = grpc.credentials.createInsecure();
const request: GetConfigRequest = { key: 'feature', includeDefaults: false };
const done = () => {};`;

const held = (body: string): string => `${heldImports}\n${body}`;
/** The file line of line `n` of a case body. */
const heldAt = (n: number): number => 20 + n;

const PROTOBUF_FIX = 'Pass `timeout: ms`, or set a default `timeout` on the transport';

createRuleTester().run('require-deadline: protobuf-ts, fields and getters of other objects', rule, {
  valid: [
    {
      name: 'protobuf-ts: a `timeout` or an `abort` signal per call; `callOptions` and `interceptors` per call may carry a deadline',
      code: held(`const client = new ConfigServiceClient(new GrpcTransport({ host: 'config:50051', channelCredentials: creds }));
export async function load(signal: AbortSignal, interceptors: RpcInterceptor[]) {
  await client.getConfig({ key: 'a', includeDefaults: false }, { timeout: 5000 });
  await client.getConfig({ key: 'a', includeDefaults: false }, { abort: signal });
  await client.getConfig({ key: 'a', includeDefaults: false }, { callOptions: { deadline: Date.now() + 5000 } });
  await client.getConfig({ key: 'a', includeDefaults: false }, { interceptors });
}`),
    },
    {
      name: 'protobuf-ts: a transport with a default `timeout`, here and in another file',
      code: held(`const client = new ConfigServiceClient(new GrpcTransport({ host: 'config:50051', channelCredentials: creds, timeout: 5000 }));
export async function load() {
  await client.getConfig({ key: 'a', includeDefaults: false });
  await makeBoundedProtobufConfigClient('config:50051').getConfig({ key: 'a', includeDefaults: false });
}`),
    },
    {
      name: 'protobuf-ts: transport interceptors, channel interceptors or a service-config timeout (they may set or set a deadline)',
      code: held(`const intercepted = new ConfigServiceClient(new GrpcTransport({ host: 'config:50051', channelCredentials: creds, interceptors: [] }));
const channelIntercepted = new ConfigServiceClient(new GrpcTransport({ host: 'config:50051', channelCredentials: creds, clientOptions: { interceptors: [] } }));
const configured = new ConfigServiceClient(new GrpcTransport({
  host: 'config:50051',
  channelCredentials: creds,
  clientOptions: { 'grpc.service_config': JSON.stringify({ methodConfig: [{ name: [{}], timeout: '2s' }] }) },
}));
export async function load() {
  await intercepted.getConfig({ key: 'a', includeDefaults: false });
  await channelIntercepted.getConfig({ key: 'a', includeDefaults: false });
  await configured.getConfig({ key: 'a', includeDefaults: false });
}`),
    },
    {
      name: 'protobuf-ts: a transport from a parameter, transport options built elsewhere (unknown)',
      code: held(`export async function load(transport: GrpcTransport, options: ConstructorParameters<typeof GrpcTransport>[0]) {
  await new ConfigServiceClient(transport).getConfig({ key: 'a', includeDefaults: false });
  await new ConfigServiceClient(new GrpcTransport(options)).getConfig({ key: 'a', includeDefaults: false });
}`),
    },
    {
      name: 'protobuf-ts: streaming calls only with the `streams` option',
      code: held(`const events = new EventServiceClient(new GrpcTransport({ host: 'events:50051', channelCredentials: creds }));
export async function follow() {
  for await (const event of events.watch({ topic: 'config', sinceRevision: 0 }).responses) void event;
}`),
    },
    {
      name: 'a getter whose client has a deadline source; a field the program never writes (whoever makes the holder fills it)',
      code: held(`export class Topic {
  constructor(private readonly intercepted: InterceptedRegistry, private readonly open: OpenRegistry) {}
  publish() {
    this.intercepted.client.getConfig(request, done);
    this.open.client.getConfig(request, done);
  }
}`),
    },
    {
      name: 'a field written somewhere with a client of unknown origin (an object literal where the holder is expected)',
      code: held(`class Holder {
  client: GrpcConfigClient = new GrpcConfigClient('config:50051', creds);
}
class User {
  constructor(private readonly holder: Holder) {}
  load() {
    this.holder.client.getConfig(request, done);
  }
}
export function wire(mock: GrpcConfigClient) {
  return new User({ client: mock } as Holder);
}`),
    },
    {
      name: 'a holder whose class the annotation does not name (an interface): unknown',
      code: held(`interface HasClient {
  client: GrpcConfigClient;
}
export class User {
  constructor(private readonly holder: HasClient) {}
  load() {
    this.holder.client.getConfig(request, done);
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'protobuf-ts: a transport without a default timeout, here and in another file; options without a timeout',
      code: held(`const transport = new GrpcTransport({ host: 'config:50051', channelCredentials: creds });
const client = new ConfigServiceClient(transport);
export async function load() {
  await client.getConfig({ key: 'a', includeDefaults: false });
  const { response } = await makeProtobufConfigClient('config:50051').getConfig({ key: 'a', includeDefaults: false }, { meta: { tenant: 'a' } });
  return response;
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: PROTOBUF_FIX }, line: heldAt(4), column: 9 },
        { messageId: 'noDeadline', data: { call: '….getConfig(…)', fix: PROTOBUF_FIX }, line: heldAt(5), column: 30 },
      ],
    },
    {
      name: "protobuf-ts: `streams: 'all'`: server-streaming, client-streaming and bidi calls",
      code: held(`const events = new EventServiceClient(new GrpcTransport({ host: 'events:50051', channelCredentials: creds }));
export async function follow() {
  for await (const event of events.watch({ topic: 'config', sinceRevision: 0 }).responses) void event;
  await events.upload().requests.complete();
  await events.exchange().requests.complete();
}`),
      options: [{ streams: 'all' }],
      errors: [
        { messageId: 'noDeadline', data: { call: 'events.watch(…)', fix: PROTOBUF_FIX }, line: heldAt(3), column: 29 },
        { messageId: 'noDeadline', data: { call: 'events.upload(…)', fix: PROTOBUF_FIX }, line: heldAt(4), column: 9 },
        { messageId: 'noDeadline', data: { call: 'events.exchange(…)', fix: PROTOBUF_FIX }, line: heldAt(5), column: 9 },
      ],
    },
    {
      name: 'a field of another object held in a field (`this.registry.client`), a chain of two fields, a parameter property holder',
      code: held(`export class Topic {
  private registry: Registry;
  constructor(registry: Registry, private readonly services: Services) {
    this.registry = registry;
  }
  publish() {
    this.registry.client.getConfig(request, done);
    this.services.registry.client.getConfig(request, done);
  }
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'this.registry.client.getConfig(…)', fix: 'Pass `deadline: Date.now() + ms`, or set one in an interceptor or service config' }, line: heldAt(7), column: 5 },
        { messageId: 'noDeadline', data: { call: 'this.services.registry.client.getConfig(…)', fix: 'Pass `deadline: Date.now() + ms`, or set one in an interceptor or service config' }, line: heldAt(8), column: 5 },
      ],
    },
    {
      name: 'memoising getters: `??=` on a private field, `if (!this._client) this._client = …` over an `undefined` initializer; a getter of this class',
      code: held(`export class Topic {
  #own?: GrpcConfigClient;
  constructor(private readonly lazy: LazyRegistry, private readonly checked: CheckedRegistry) {}
  private get own(): GrpcConfigClient {
    return (this.#own ??= new GrpcConfigClient('config:50051', creds));
  }
  publish() {
    this.lazy.client.getConfig(request, done);
    this.checked.client.getConfig(request, done);
    this.own.getConfig(request, done);
  }
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'this.lazy.client.getConfig(…)', fix: 'Pass `deadline: Date.now() + ms`, or set one in an interceptor or service config' }, line: heldAt(8), column: 5 },
        { messageId: 'noDeadline', data: { call: 'this.checked.client.getConfig(…)', fix: 'Pass `deadline: Date.now() + ms`, or set one in an interceptor or service config' }, line: heldAt(9), column: 5 },
        { messageId: 'noDeadline', data: { call: 'this.own.getConfig(…)', fix: 'Pass `deadline: Date.now() + ms`, or set one in an interceptor or service config' }, line: heldAt(10), column: 5 },
      ],
    },
  ],
});

// Clients that reach the call through parameters (what every call of the function passes), and nice-grpc
// middleware written in the program (fixtures/cases/deadlines/parameters.ts).
// Line 1 of every case is empty; imports take lines 2–14, so each body starts at line 15.
const passedImports = `
import * as grpc from '@grpc/grpc-js';
import { createChannel, createClientFactory, type ClientMiddleware } from 'nice-grpc';
import { retryMiddleware } from 'nice-grpc-client-middleware-retry';
import { createClient as createConnectClient, type Transport } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ConfigServiceClient } from './generated/grpc-js/demo/v1/demo.js';
import { ConfigServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { ConfigService } from './generated/connect/demo/v1/demo_pb.js';
import { sharedConfigClient } from './cases/deadlines/clients.js';
import { attemptMiddleware, headerMiddleware, sessionConfigs, timedSessionConfigs, timeoutMiddleware, type SessionConfigs } from './cases/deadlines/parameters.js';
const creds = grpc.credentials.createInsecure();
const request = { key: 'feature', includeDefaults: false };
const done = () => {};`;

const passed = (body: string): string => `${passedImports}\n${body}`;
/** The file line of line `n` of a case body. */
const passedAt = (n: number): number => 14 + n;

createRuleTester().run('require-deadline: parameters and program middleware', rule, {
  valid: [
    {
      name: 'a parameter of an exported function (callers outside the program), of one passed as a value, never called, or called with a spread: unknown',
      code: passed(`export function refresh(client: ConfigServiceClient) {
  client.getConfig(request, done);
}
function handler(client: ConfigServiceClient) {
  client.getConfig(request, done);
}
function unused(client: ConfigServiceClient) {
  client.getConfig(request, done);
}
function spread(client: ConfigServiceClient) {
  client.getConfig(request, done);
}
export function start(clients: [ConfigServiceClient]) {
  refresh(sharedConfigClient);
  [sharedConfigClient].forEach(handler);
  handler(sharedConfigClient);
  spread(...clients);
  spread(sharedConfigClient);
}`),
    },
    {
      name: 'one caller passes a bounded client or one from elsewhere; a class extended (its subclass calls the constructor); a property the program assigns',
      code: passed(`function refresh(client: ConfigServiceClient) {
  client.getConfig(request, done);
}
async function report(configs: SessionConfigs) {
  await configs.configClient.getConfig({ key: 'a', includeDefaults: false });
}
class Store {
  constructor(private readonly client: ConfigServiceClient) {}
  get() {
    this.client.getConfig(request, done);
  }
}
class CachedStore extends Store {}
const holder = { client: sharedConfigClient };
function use(h: typeof holder) {
  h.client.getConfig(request, done);
}
export function start(other: ConfigServiceClient) {
  refresh(sharedConfigClient);
  refresh(other);
  void report(sessionConfigs);
  void report(timedSessionConfigs);
  new Store(sharedConfigClient).get();
  new CachedStore(sharedConfigClient).get();
  use(holder);
  holder.client = other;
}`),
    },
    {
      name: 'connect: a transport destructured from a parameter, one caller giving it `defaultTimeoutMs`',
      code: passed(`function createConfigClient(options: { transport: Transport; key: string }) {
  const { transport } = options;
  const client = createConnectClient(ConfigService, transport);
  return { load: () => client.getConfig({}) };
}
export const fast = createConfigClient({ transport: createGrpcTransport({ baseUrl: 'http://config:8080', defaultTimeoutMs: 5000 }), key: 'k' });
export const slow = createConfigClient({ transport: createGrpcTransport({ baseUrl: 'http://config:8080' }), key: 'k' });`),
    },
    {
      name: 'nice-grpc: program middleware that sets a signal or a deadline, keeps the options, iterates the call itself; one from a parameter',
      code: passed(`const channel = createChannel('config:50051');
const remembered: unknown[] = [];
const timed = createClientFactory().use(timeoutMiddleware).create(ConfigServiceDefinition, channel);
const deadlined = createClientFactory().use(async function* (call, options) { return yield* call.next(call.request, { ...options, deadline: Date.now() + 5000 }); }).create(ConfigServiceDefinition, channel);
const keeping = createClientFactory().use(async function* (call, options) { remembered.push(options); return yield* call.next(call.request, options); }).create(ConfigServiceDefinition, channel);
const iterating = createClientFactory().use(async function* (call, options) { for await (const response of call.next(call.request, options)) yield response; }).create(ConfigServiceDefinition, channel);
export async function load(middleware: ClientMiddleware) {
  await timed.getConfig({});
  await deadlined.getConfig({});
  await keeping.getConfig({});
  await iterating.getConfig({});
  await createClientFactory().use(middleware).create(ConfigServiceDefinition, channel).getConfig({});
}`),
    },
    {
      name: 'a chain of functions handing an object parameter down: one caller at the top passes a session with a timeout; an exported function at the top',
      code: passed(`async function send({ configs }: { configs: SessionConfigs }) {
  await configs.configClient.getConfig({ key: 'a', includeDefaults: false });
}
async function step(options: { configs: SessionConfigs; n: number }) {
  const { configs } = options;
  await send({ configs });
}
async function run(configs: SessionConfigs) {
  await step({ configs, n: 1 });
}
async function start(configs: SessionConfigs) {
  await run(configs);
}
void start(sessionConfigs);
void start(timedSessionConfigs);
export async function exposed(configs: SessionConfigs) {
  await configs.configClient.getConfig({ key: 'b', includeDefaults: false });
}
void exposed(sessionConfigs);`),
    },
    {
      name: 'a method of a program class called on a holder: a subclass overrides it with a bounded client; a method returning what it computes; a holder typed by an interface or `any`',
      code: passed(`const channel = createChannel('config:50051');
class ClientPool {
  get() {
    return createClientFactory().create(ConfigServiceDefinition, channel);
  }
  other(): ReturnType<ClientPool['get']> {
    return [this.get()][0]!;
  }
}
class TimedPool extends ClientPool {
  override get() {
    return createClientFactory().create(ConfigServiceDefinition, channel, { '*': { signal: AbortSignal.timeout(5000) } });
  }
}
interface Pools {
  get(): ReturnType<ClientPool['get']>;
}
export async function poll(pool: ClientPool, pools: Pools, loose: any) {
  await pool.get().getConfig({});
  await pool.other().getConfig({});
  await pools.get().getConfig({});
  await loose.get().getConfig({});
}
void poll(new TimedPool(), new ClientPool(), null);`),
    },
  ],
  invalid: [
    {
      name: 'a parameter holds what every call of its function passes: a client, a property of an object parameter (across files), a destructured one, a constructor parameter property',
      code: passed(`function refresh(client: ConfigServiceClient) {
  client.getConfig(request, done);
}
const publish = ({ client }: { client: ConfigServiceClient }) => client.getConfig(request, done);
async function report(configs: SessionConfigs) {
  await configs.configClient.getConfig({ key: 'a', includeDefaults: false });
}
class Store {
  constructor(private readonly client: ConfigServiceClient) {}
  get() {
    this.client.getConfig(request, done);
  }
}
export function start() {
  refresh(new ConfigServiceClient('config:50051', creds));
  refresh(sharedConfigClient);
  publish({ client: sharedConfigClient });
  void report(sessionConfigs);
  new Store(sharedConfigClient).get();
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: GRPC_FIX }, line: passedAt(2), column: 3 },
        { messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: GRPC_FIX }, line: passedAt(4), column: 66 },
        { messageId: 'noDeadline', data: { call: 'configs.configClient.getConfig(…)', fix: PROTOBUF_FIX }, line: passedAt(6), column: 9 },
        { messageId: 'noDeadline', data: { call: 'this.client.getConfig(…)', fix: GRPC_FIX }, line: passedAt(11), column: 5 },
      ],
    },
    {
      name: 'a chain of functions handing an object parameter down (destructured, renamed, shorthand) to a call on its client: every caller at the top passes an unbounded session',
      code: passed(`async function send({ configs }: { configs: SessionConfigs }) {
  await configs.configClient.getConfig({ key: 'a', includeDefaults: false });
}
async function step(options: { configs: SessionConfigs; n: number }) {
  const { configs } = options;
  await send({ configs });
}
async function run(configs: SessionConfigs) {
  await step({ configs, n: 1 });
}
async function retry(input: { configs: SessionConfigs }) {
  await run(input.configs);
}
async function start(configs: SessionConfigs) {
  await retry({ configs });
}
export function boot() {
  void start(sessionConfigs);
}`),
      errors: [{ messageId: 'noDeadline', data: { call: 'configs.configClient.getConfig(…)', fix: PROTOBUF_FIX }, line: passedAt(2), column: 9 }],
    },
    {
      name: 'a method of a program class called on a parameter or a local declared as that class returns a client made without a deadline',
      code: passed(`const channel = createChannel('config:50051');
class ClientPool {
  get() {
    const made = createClientFactory().create(ConfigServiceDefinition, channel);
    return made;
  }
}
export async function poll(pool: ClientPool) {
  const client = pool.get();
  await client.getConfig({});
  const local = new ClientPool();
  await local.get().getConfig({});
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: NICE_FIX }, line: passedAt(10), column: 9 },
        { messageId: 'noDeadline', data: { call: 'local.get().getConfig(…)', fix: NICE_FIX }, line: passedAt(12), column: 9 },
      ],
    },
    {
      name: 'connect: a transport destructured from a parameter, every caller’s without `defaultTimeoutMs`',
      code: passed(`function createConfigClient(options: { transport: Transport; key: string }) {
  const { transport } = options;
  const client = createConnectClient(ConfigService, transport);
  return { load: () => client.getConfig({}) };
}
export const configs = createConfigClient({ transport: createGrpcTransport({ baseUrl: 'http://config:8080' }), key: 'k' });`),
      errors: [{ messageId: 'noDeadline', data: { call: 'client.getConfig(…)', fix: CONNECT_FIX }, line: passedAt(4), column: 24 }],
    },
    {
      name: 'nice-grpc: program middleware that passes the caller’s options on (the same object, a rest, a literal spreading them) sets no deadline',
      code: passed(`const channel = createChannel('config:50051');
const passing = createClientFactory().use(headerMiddleware).use(attemptMiddleware).use(retryMiddleware).create(ConfigServiceDefinition, channel);
const inline = createClientFactory().use(async function* (call, options) { return yield* call.next(call.request, options); }).create(ConfigServiceDefinition, channel);
export async function load() {
  await passing.getConfig({}, { attempt: 1 });
  await inline.getConfig({});
}`),
      errors: [
        { messageId: 'noDeadline', data: { call: 'passing.getConfig(…)', fix: NICE_FIX }, line: passedAt(5), column: 9 },
        { messageId: 'noDeadline', data: { call: 'inline.getConfig(…)', fix: NICE_FIX }, line: passedAt(6), column: 9 },
      ],
    },
  ],
});
