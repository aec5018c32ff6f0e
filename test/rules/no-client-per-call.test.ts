import path from 'node:path';

import { describe, expect, it } from 'vitest';

import rule from '../../rules/no-client-per-call.js';
import { createFixturesESLint } from '../lint.js';
import { createRuleTester, fixturesDir } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–11, so each body starts at line 12.
const imports = `
import { EventEmitter } from 'node:events';
import { credentials, Server } from '@grpc/grpc-js';
import { createChannel, createClient, createServer, type Channel } from 'nice-grpc';
import { createClient as createConnectClient, type ConnectRouter } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { ConfigServiceService, EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
import { ConfigServiceDefinition, EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { ConfigService, EventService } from './generated/connect/demo/v1/demo_pb.js';
import { channelFactory, EventClient, EventWrapper } from './cases/ownership/sdk.js';
const creds = credentials.createInsecure();`;

const code = (body: string): string => `${imports}\n${body}`;

const KEEP = 'Keep one client and open new calls on it';
const HOIST = 'Create it once and reuse it';
const cacheBy = (key: string): string => `Keep one per address in a \`Map\` keyed by \`${key}\``;

createRuleTester().run('no-client-per-call', rule, {
  valid: [
    {
      name: 'module scope: one client for the life of the process',
      code: code(`const events = new EventServiceClient('events.internal:50051', creds);
export function ping(): void {
  events.ping({}, () => {});
}`),
    },
    {
      name: 'per-address cache: `map.get(address) ?? createChannel(address)` inside a loop (the article fix)',
      code: code(`const channels = new Map<string, Channel>();
export async function discover(addresses: readonly string[]): Promise<void> {
  for (const address of addresses) {
    const channel = channels.get(address) ?? createChannel(address);
    channels.set(address, channel);
    await createClient(EventServiceDefinition, channel).ping({});
  }
}`),
    },
    {
      name: 'per-address cache with a lookup first, in a server handler',
      code: code(`const clients = new Map<string, EventServiceClient>();
const server = new Server();
server.addService(ConfigServiceService, {
  getConfig(call, callback) {
    const address = call.request.key;
    if (!clients.has(address)) clients.set(address, new EventServiceClient(address, creds));
    callback(null, { key: address, value: '', version: 0 });
  },
});`),
    },
    {
      name: 'lazy field: `this.client ??= new …` in a method that runs per event',
      code: code(`export class Relay {
  private client: EventServiceClient | undefined;
  constructor(events: EventEmitter) {
    events.on('job', () => {
      this.client ??= new EventServiceClient('events.internal:50051', creds);
      this.client.ping({}, () => {});
    });
  }
}`),
    },
    {
      name: 'a once-guard on a field before creating, in a setInterval callback',
      code: code(`let shared: EventServiceClient | undefined;
setInterval(() => {
  if (!shared) shared = new EventServiceClient('events.internal:50051', creds);
  shared.ping({}, () => {});
}, 1_000);`),
    },
    {
      name: 'constructor and class field initialiser of an object made once',
      code: code(`class Gateway {
  private readonly events = new EventServiceClient('events.internal:50051', creds);
  private readonly config: Channel;
  constructor() {
    this.config = createChannel('config.internal:50051');
  }
  close(): void {
    this.events.close();
    this.config.close();
  }
}
export const gateway = new Gateway();`),
    },
    {
      name: 'nestjs-style onModuleInit: runs once per provider',
      code: code(`interface OnModuleInit { onModuleInit(): Promise<void> }
export class EventsProvider implements OnModuleInit {
  private client: EventServiceClient | undefined;
  async onModuleInit(): Promise<void> {
    this.client = new EventServiceClient('events.internal:50051', creds);
  }
  onModuleDestroy(): void {
    this.client?.close();
  }
}`),
    },
    {
      name: 'pool factory callback: the pool calls `create` to fill itself, one per shard',
      code: code(`interface PoolOptions<T> { create: () => T; destroy: (t: T) => void }
declare function createPool<T>(options: PoolOptions<T>): { acquire(): T };
export const pools = new Map<string, { acquire(): EventServiceClient }>();
export function build(shards: readonly string[]): void {
  for (const shard of shards) {
    pools.set(shard, createPool({ create: () => new EventServiceClient(shard, creds), destroy: (c) => c.close() }));
  }
}`),
    },
    {
      name: 'a factory returns the client to its caller; a loop that fills a collection builds long-lived clients',
      code: code(`function clientFor(address: string): EventServiceClient {
  return new EventServiceClient(address, creds);
}
export class Fleet {
  private readonly clients: EventServiceClient[] = [];
  private readonly byAddress = new Map<string, Channel>();
  constructor(addresses: readonly string[]) {
    for (const address of addresses) {
      this.clients.push(clientFor(address));
      const channel = createChannel(address);
      this.byAddress.set(address, channel);
    }
  }
}`),
    },
    {
      name: 'cheap wrappers over a shared channel or transport, made per request',
      code: code(`const channel = createChannel('events.internal:50051');
const sessionManager = new Http2SessionManager('https://config.internal');
const transport = createGrpcTransport({ baseUrl: 'https://config.internal' });
export default (router: ConnectRouter) =>
  router.service(ConfigService, {
    async getConfig(req) {
      await createClient(EventServiceDefinition, channel).ping({});
      await createConnectClient(EventService, createGrpcTransport({ baseUrl: 'https://config.internal', sessionManager })).ping({});
      await new EventClient('events', channel).ping();
      return createConnectClient(ConfigService, transport).getConfig(req);
    },
  });`),
    },
    {
      name: 'an HTTP/1.1 connect transport per request uses the global keep-alive agent',
      code: code(`export const server = createServer();
server.add(ConfigServiceDefinition, {
  async getConfig(request) {
    const transport = createConnectTransport({ baseUrl: 'http://config.internal', httpVersion: '1.1' });
    return createConnectClient(ConfigService, transport).getConfig(request);
  },
});`),
    },
    {
      name: 'an exported async function and a public method: how often they run is not known here',
      code: code(`export async function checkOnce(address: string): Promise<void> {
  const client = new EventServiceClient(address, creds);
  try {
    await new Promise((resolve) => client.ping({}, resolve));
  } finally {
    client.close();
  }
}
export class Probe {
  async run(address: string): Promise<void> {
    const channel = createChannel(address);
    try {
      await createClient(EventServiceDefinition, channel).ping({});
    } finally {
      channel.close();
    }
  }
}`),
    },
    {
      name: 'a one-shot timer and a sync `.map` that builds the clients once',
      code: code(`export const clients = ['a:1', 'b:1'].map((address) => new EventServiceClient(address, creds));
setTimeout(() => {
  const warmup = new EventServiceClient('events.internal:50051', creds);
  warmup.ping({}, () => warmup.close());
}, 0);`),
    },
    {
      name: '`any`: an unknown constructor in a loop, an unknown callee registering a callback',
      code: code(`declare const Anything: any;
declare const scheduler: any;
export function run(addresses: string[]): void {
  for (const address of addresses) new Anything(address).close();
  scheduler.every(1_000, () => new EventServiceClient('events.internal:50051', creds).close());
}`),
    },
    {
      name: 'a `channelOverride` client per request uses the shared channel: no connection of its own',
      code: code(`import { Channel as GrpcChannel } from '@grpc/grpc-js';
const shared = new GrpcChannel('events.internal:50051', creds, {});
export const server = createServer();
server.add(ConfigServiceDefinition, {
  async getConfig(request) {
    const client = new EventServiceClient('events.internal:50051', creds, { channelOverride: shared });
    client.ping({}, () => {});
    return { key: request.key, value: '', version: 0 };
  },
});`),
    },
    {
      name: "a one-time listener of an event that is no failure ('ready') runs once",
      code: code(`export const bus = new EventEmitter();
bus.once('ready', () => {
  const client = new EventServiceClient('events.internal:50051', creds);
  client.ping({}, () => client.close());
});`),
    },
    {
      name: 'the first of several candidates that answers is returned: a factory, judged where it is called',
      code: code(`export async function firstAlive(addresses: readonly string[]): Promise<Channel> {
  for (const address of addresses) {
    const channel = createChannel(address);
    try {
      await createClient(EventServiceDefinition, channel).ping({});
      return channel;
    } catch {
      channel.close();
    }
  }
  throw new Error('none alive');
}`),
    },
    {
      name: 'a lookup that leaves early before creating (`if (clients.has(id)) return;`), per event',
      code: code(`const clients = new Map<string, EventServiceClient>();
export const registry = new EventEmitter();
registry.on('service', (service: { id: string; address: string }) => {
  if (clients.has(service.id)) return;
  clients.set(service.id, new EventServiceClient(service.address, creds));
});`),
    },
    {
      name: 'where the factory filter stops: a factory reached through a parameter, a discarded factory call',
      code: code(`export function pollWith(make: (address: string) => Channel): void {
  setInterval(() => {
    const channel = make('events.internal:50051');
    channel.close();
  }, 1_000);
}
export function warm(addresses: readonly string[]): void {
  for (const address of addresses) channelFactory(address);
}`),
    },
    {
      name: "shutdown signals and 'listening' fire once per process, even with `on`",
      code: code(`async function deregister(): Promise<void> {
  const client = new EventServiceClient('registry.internal:50051', creds);
  client.close();
}
process.on('SIGTERM', () => void deregister());
process.on('SIGINT', deregister);
export const bus = new EventEmitter();
bus.on('listening', () => createChannel('registry.internal:50051').close());`),
    },
    {
      name: 'a keyed cache in an object, per request: `if (!clients[address]) clients[address] = …`',
      code: code(`const clients: Record<string, EventServiceClient> = {};
export const server = createServer();
server.add(ConfigServiceDefinition, {
  async getConfig(request) {
    if (!clients[request.key]) clients[request.key] = new EventServiceClient(request.key, creds);
    if (!(request.key in clients)) return { key: request.key, value: '', version: 0 };
    return { key: request.key, value: 'cached', version: 1 };
  },
});`),
    },
    {
      name: 'a pool filled once per distinct address: each client wrapped in an object that a Map keeps',
      code: code(`class Member {
  constructor(readonly address: string, readonly client: EventServiceClient) {}
}
export function connectAll(addresses: readonly string[], members: Map<string, Member>): void {
  for (const address of addresses) {
    const client = new EventServiceClient(address, creds);
    members.set(address, new Member(address, client));
  }
}`),
    },
    {
      name: 'a failover over seed addresses that stops at the first that answers: each endpoint is tried once',
      code: code(`export async function firstAnswer(seeds: readonly string[]): Promise<unknown> {
  for (const seed of seeds) {
    const target = \`\${seed}:443\`;
    try {
      const client = new EventServiceClient(target, creds);
      return await new Promise((resolve, reject) => client.ping({}, (err, res) => (err ? reject(err) : resolve(res))));
    } catch {
      continue;
    }
  }
  throw new Error('no seed answered');
}`),
    },
  ],
  invalid: [
    {
      name: 'a retry loop that stops at the first success but dials the same address each time',
      code: code(`export async function untilUp(address: string, attempts: readonly number[]): Promise<unknown> {
  for (const attempt of attempts) {
    try {
      const client = new EventServiceClient(address, creds);
      return await new Promise((resolve, reject) => client.ping({}, (err, res) => (err ? reject(err) : resolve(res))));
    } catch {
      continue;
    }
  }
  return null;
}`),
      errors: [{ messageId: 'perIteration', line: 15, column: 22, data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: 'the `for…of` loop on line 13', fix: cacheBy('address') } }],
    },
    {
      name: 'a loop over addresses: a client per iteration, closed in finally',
      code: code(`export async function pingAll(addresses: readonly string[]): Promise<void> {
  for (const address of addresses) {
    const client = new EventServiceClient(address, creds);
    try {
      await new Promise((resolve) => client.ping({}, resolve));
    } finally {
      client.close();
    }
  }
}`),
      errors: [
        {
          messageId: 'perIteration',
          line: 14,
          column: 20,
          endLine: 14,
          endColumn: 58,
          data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: 'the `for…of` loop on line 13', fix: cacheBy('address') },
        },
      ],
    },
    {
      name: 'a retry loop that dials a constant address on every attempt',
      code: code(`export async function pingWithRetries(): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const channel = createChannel('events.internal:50051');
    try {
      await createClient(EventServiceDefinition, channel).ping({});
      return;
    } catch {
      // try again
    } finally {
      channel.close();
    }
  }
}`),
      errors: [{ messageId: 'perIteration', line: 14, column: 21, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'the `for` loop on line 13', fix: HOIST } }],
    },
    {
      name: 'an async `.map` callback: a channel per element',
      code: code(`export async function pingAll(addresses: string[]): Promise<void> {
  await Promise.all(
    addresses.map(async (address) => {
      const channel = createChannel(address);
      try {
        await createClient(EventServiceDefinition, channel).ping({});
      } finally {
        channel.close();
      }
    }),
  );
}`),
      errors: [
        { messageId: 'perIteration', line: 15, column: 23, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'the async callback of `.map` on line 14', fix: cacheBy('address') } },
      ],
    },
    {
      name: 'a health check that dials per probe, in a setInterval callback',
      code: code(`const HEALTH = 'health.internal:50051';
setInterval(() => {
  const client = new EventServiceClient(HEALTH, creds);
  client.ping({ message: 'health' }, () => client.close());
}, 5_000);`),
      errors: [{ messageId: 'perTick', line: 14, column: 18, data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: 'a `setInterval` callback (line 13)', fix: HOIST } }],
    },
    {
      name: 'a named probe passed to setInterval',
      code: code(`async function probe(): Promise<void> {
  const channel = createChannel('health.internal:50051');
  try {
    await createClient(EventServiceDefinition, channel).ping({});
  } finally {
    channel.close();
  }
}
setInterval(() => void probe(), 5_000);
setInterval(probe, 10_000);`),
      errors: [
        {
          messageId: 'perTick',
          line: 13,
          column: 19,
          data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a `setInterval` callback (line 20)', fix: HOIST },
        },
      ],
    },
    {
      name: 'an event handler: a connect transport (its own HTTP/2 session) per job',
      code: code(`export const jobs = new EventEmitter();
jobs.on('job', async (job: { baseUrl: string }) => {
  const transport = createGrpcTransport({ baseUrl: job.baseUrl });
  await createConnectClient(EventService, transport).ping({});
});`),
      errors: [
        {
          messageId: 'perEvent',
          line: 14,
          column: 21,
          data: { call: 'createGrpcTransport(…)', resource: 'connect transport', origin: "a 'job' listener (line 13)", fix: cacheBy('job.baseUrl') },
        },
      ],
    },
    {
      name: 'grpc-js addService handler: an HTTP/2 session manager per request',
      code: code(`const server = new Server();
server.addService(ConfigServiceService, {
  getConfig(call, callback) {
    const sessionManager = new Http2SessionManager('https://config.internal');
    sessionManager.abort();
    callback(null, { key: call.request.key, value: '', version: 0 });
  },
});`),
      errors: [
        {
          messageId: 'perRequest',
          line: 15,
          column: 28,
          data: {
            call: 'new Http2SessionManager(…)',
            resource: 'connect HTTP/2 session manager',
            origin: 'a server method handler registered with grpc-js `addService` on line 13',
            fix: HOIST,
          },
        },
      ],
    },
    {
      name: 'connect router.service handler, and a helper it calls',
      code: code(`async function upstreamPing(): Promise<void> {
  const channel = createChannel('upstream.internal:50051');
  try {
    await createClient(EventServiceDefinition, channel).ping({});
  } finally {
    channel.close();
  }
}
export default (router: ConnectRouter) =>
  router.service(ConfigService, {
    async getConfig(req) {
      await upstreamPing();
      const client = new EventServiceClient('events.internal:50051', creds);
      client.close();
      return { key: req.key, value: '', version: 0 };
    },
  });`),
      errors: [
        {
          messageId: 'perRequest',
          line: 13,
          column: 19,
          data: {
            call: 'createChannel(…)',
            resource: 'gRPC channel',
            origin: 'a server method handler registered with connect `router.service` on line 21',
            fix: HOIST,
          },
        },
        {
          messageId: 'perRequest',
          line: 24,
          column: 22,
          data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: 'a server method handler registered with connect `router.service` on line 21', fix: HOIST },
        },
      ],
    },
    {
      name: "a reconnect from a stream's 'error' that replaces the client, even closing the old one first",
      code: code(`export class Watcher {
  private client = new EventServiceClient('events.internal:50051', creds);
  start(): void {
    const call = this.client.watch({ topic: 'config' });
    call.on('error', () => {
      this.client.close();
      this.client = new EventServiceClient('events.internal:50051', creds);
      this.start();
    });
  }
}`),
      errors: [
        {
          messageId: 'perRetry',
          line: 18,
          column: 21,
          data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: "the `'error'` listener on line 16", fix: KEEP },
        },
      ],
    },
    {
      name: "newrelic #726: a reconnect scheduled by a timer from the stream's 'end' replaces the client",
      code: code(`export class Reporter {
  private client: EventServiceClient | undefined;
  start(): void {
    this.connect();
  }
  private connect(): void {
    this.client?.close();
    this.client = new EventServiceClient('collector.internal:443', credentials.createSsl());
    const stream = this.client.watch({ topic: 'spans' });
    stream.on('end', () => setTimeout(() => this.connect(), 15_000));
  }
}`),
      errors: [
        {
          messageId: 'perRetry',
          line: 19,
          column: 19,
          data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: '`connect()` calling itself on line 21', fix: KEEP },
        },
      ],
    },
    {
      name: 'a class that dials in its constructor, instantiated per request (through the summaries, across files)',
      code: code(`export const server = createServer();
server.add(EventServiceDefinition, {
  async ping(request) {
    const upstream = new EventWrapper('upstream.internal:50051');
    try {
      await upstream.ping();
      return request;
    } finally {
      upstream.close();
    }
  },
  async *watch() {},
  async upload() {
    return { chunks: 0, bytes: 0 };
  },
  async *exchange() {},
});`),
      errors: [
        {
          messageId: 'perRequest',
          line: 15,
          column: 22,
          data: { call: 'new EventWrapper(…)', resource: 'grpc-js client', origin: 'a server method handler registered with nice-grpc `server.add` on line 13', fix: HOIST },
        },
      ],
    },
    {
      name: 'a factory from another file called on every tick; a same-file class that dials in its constructor, per event',
      code: code(`class Session {
  private readonly channel = createChannel('sessions.internal:50051');
  close(): void {
    this.channel.close();
  }
}
export const bus = new EventEmitter();
bus.on('login', () => new Session().close());
setInterval(() => channelFactory('events.internal:50051').close(), 1_000);`),
      errors: [
        {
          messageId: 'perEvent',
          line: 19,
          column: 23,
          data: { call: 'new Session(…)', resource: 'gRPC channel', origin: "a 'login' listener (line 19)", fix: HOIST },
        },
        {
          messageId: 'perTick',
          line: 20,
          column: 19,
          data: { call: 'channelFactory(…)', resource: 'gRPC channel', origin: 'a `setInterval` callback (line 20)', fix: HOIST },
        },
      ],
    },
      {
      name: 'a client per message of a `for await` loop over a stream, and per \'data\' event',
      code: code(`export async function forward(source: AsyncIterable<{ address: string }>, events: EventEmitter): Promise<void> {
  for await (const message of source) {
    new EventServiceClient(message.address, creds).close();
  }
  events.on('data', (chunk: { address: string }) => createChannel(chunk.address).close());
}`),
      errors: [
        { messageId: 'perIteration', line: 14, column: 5, data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: 'the `for await…of` loop on line 13', fix: cacheBy('message.address') } },
        { messageId: 'perEvent', line: 16, column: 53, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: "a 'data' listener (line 16)", fix: cacheBy('chunk.address') } },
      ],
    },
    {
      name: 'a retry by recursion from `catch`, and a one-time \'error\' listener that reconnects',
      code: code(`export async function consume(address: string): Promise<void> {
  const channel = createChannel(address);
  try {
    await createClient(EventServiceDefinition, channel).ping({});
  } catch {
    channel.close();
    return consume(address);
  }
}
export function watch(emitter: EventEmitter): void {
  emitter.once('error', () => {
    const client = new EventServiceClient('events.internal:50051', creds);
    client.close();
  });
}`),
      errors: [
        { messageId: 'perRetry', line: 13, column: 19, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: '`consume()` calling itself on line 18', fix: cacheBy('address') } },
        {
          messageId: 'perRetry',
          line: 23,
          column: 20,
          data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: "the `'error'` listener on line 22", fix: KEEP },
        },
      ],
    },
    {
      name: 'a public method that callers of this file run from a setInterval, and a proto-loader (`any`) client',
      code: code(`import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
const proto = loadPackageDefinition(loadSync('demo.proto')) as any;
export class Monitor {
  constructor() {
    setInterval(() => void this.check(), 30_000);
  }
  async check(): Promise<void> {
    const client = new proto.demo.v1.EventService('events.internal:50051', creds);
    client.close();
  }
}`),
      errors: [
        {
          messageId: 'perTick',
          line: 20,
          column: 20,
          data: { call: 'new ….EventService(…)', resource: 'grpc-js client', origin: 'a `setInterval` callback (line 17)', fix: HOIST },
        },
      ],
    },
      {
      name: 'where the memo heuristics stop: a store into a map with no lookup before it, per event',
      code: code(`const seen = new Set<string>();
const clients = new Map<string, EventServiceClient>();
export const registry = new EventEmitter();
registry.on('service', (service: { id: string; address: string }) => {
  clients.set(service.id, new EventServiceClient(service.address, creds));
  if (seen.size > 100) seen.clear();
});`),
      errors: [
        {
          messageId: 'perEvent',
          line: 16,
          column: 27,
          data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: "a 'service' listener (line 15)", fix: cacheBy('service.address') },
        },
      ],
    },
      {
      name: 'a factory method of the class and a static factory of another file, per tick',
      code: code(`export class Poller {
  constructor() {
    setInterval(() => void this.poll(), 1_000);
  }
  private open(): Channel {
    return createChannel('events.internal:50051');
  }
  private async poll(): Promise<void> {
    const channel = this.open();
    channel.close();
    const wrapper = await EventWrapper.connect('events.internal:50051');
    wrapper.close();
  }
}`),
      errors: [
        {
          messageId: 'perTick',
          line: 20,
          column: 21,
          data: { call: 'this.open(…)', resource: 'gRPC channel', origin: 'a `setInterval` callback (line 14)', fix: HOIST },
        },
        {
          messageId: 'perTick',
          line: 22,
          column: 27,
          data: { call: 'EventWrapper.connect(…)', resource: '`EventWrapper`', origin: 'a `setInterval` callback (line 14)', fix: HOIST },
        },
      ],
    },
    {
      name: "connect router.rpc handler: an HTTP/2 connect transport (httpVersion '2') per request",
      code: code(`export default (router: ConnectRouter) =>
  router.rpc(ConfigService.method.getConfig, async (req) => {
    const transport = createConnectTransport({ baseUrl: 'https://upstream.internal', httpVersion: '2' });
    return createConnectClient(ConfigService, transport).getConfig(req);
  });`),
      errors: [
        {
          messageId: 'perRequest',
          line: 14,
          column: 23,
          data: {
            call: 'createConnectTransport(…)',
            resource: 'connect transport',
            origin: 'a server method handler registered with connect `router.rpc` on line 13',
            fix: HOIST,
          },
        },
      ],
    },
    {
      name: "a method bound as a one-time 'end' listener that replaces the client",
      code: code(`export class Tail {
  private client = new EventServiceClient('events.internal:50051', creds);
  follow(): void {
    const call = this.client.watch({ topic: 'logs' });
    call.once('end', this.reopen.bind(this));
  }
  private reopen(): void {
    this.client.close();
    this.client = new EventServiceClient('events.internal:50051', creds);
    this.follow();
  }
}`),
      errors: [
        {
          messageId: 'perRetry',
          line: 20,
          column: 19,
          data: {
            call: 'new EventServiceClient(…)',
            resource: 'grpc-js client',
            origin: "the `'end'` listener on line 16",
            fix: KEEP,
          },
        },
      ],
    },
  ],
});

describe('beside rpc/no-unclosed-client', () => {
  it('reports one creation twice only with two different harms: a leak, and a connection per iteration', async () => {
    const eslint = createFixturesESLint();
    const [result] = await eslint.lintText(
      code(`export async function discover(addresses: readonly string[]): Promise<void> {
  for (const address of addresses) {
    const channel = createChannel(address);
    await createClient(EventServiceDefinition, channel).ping({});
  }
}`),
      { filePath: path.join(fixturesDir, 'file.ts') },
    );
    // The creation's reports (the ping has no deadline: rpc/require-deadline's business, not the creation's).
    const atCreation = result!.messages.filter((m) => m.ruleId !== 'rpc/require-deadline');
    expect(atCreation.map((m) => ({ rule: m.ruleId, messageId: m.messageId, line: m.line, column: m.column }))).toEqual([
      { rule: 'rpc/no-client-per-call', messageId: 'perIteration', line: 14, column: 21 },
      { rule: 'rpc/no-unclosed-client', messageId: 'unclosed', line: 14, column: 21 },
    ]);
    const [perCall, unclosed] = atCreation.map((m) => m.message);
    expect(perCall).toContain('on every iteration of the `for…of` loop');
    expect(perCall).not.toContain('not closed');
    expect(unclosed).toContain('is not closed');
    expect(unclosed).not.toContain('every iteration');
  });
});

// Issue 18: connections the way SDKs open them — a transport made in a constructor, a wrapper lent
// to another wrapper, `new this.cls(…)`, and memos written through a helper.
createRuleTester().run('no-client-per-call, SDK shapes', rule, {
  valid: [
    {
      name: 'memo through a helper: `cache.get(k) ?? remember(k, create(k))` in a loop',
      code: code(`const channels = new Map<string, Channel>();
function remember(address: string, channel: Channel): Channel {
  channels.set(address, channel);
  return channel;
}
export function all(addresses: readonly string[]): Channel[] {
  return addresses.map((address) => channels.get(address) ?? remember(address, createChannel(address)));
}
export function each(addresses: readonly string[]): void {
  for (const address of addresses) channels.get(address) ?? remember(address, createChannel(address));
}`),
    },
    {
      name: 'a wrapper over a transport that shares a session manager opens nothing of its own, per request',
      code: code(`const sessions = new Http2SessionManager('https://events.internal');
class Events {
  readonly client;
  constructor() {
    this.client = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'https://events.internal', sessionManager: sessions }));
  }
}
export function routes(router: ConnectRouter): void {
  router.service(ConfigService, {
    async get() {
      await new Events().client.ping({});
      return {};
    },
  });
}`),
    },
    {
      name: 'new this.cls(…) of a class whose constructor opens nothing',
      code: code(`class Job {
  constructor(readonly id: string) {}
}
class Runner<T extends Job> {
  constructor(private readonly cls: new (id: string) => T) {}
  run(ids: readonly string[]): T[] {
    return ids.map((id) => new this.cls(id));
  }
}
export const runner = new Runner(Job);`),
    },
    {
      name: 'a constructor that dials, run by new this.cls(…) only once (at module scope)',
      code: code(`class Dialer {
  readonly client = new EventServiceClient('events.internal:50051', creds);
}
class Holder<T extends Dialer> {
  readonly instance: T;
  constructor(cls: new () => T) {
    this.instance = new cls();
  }
}
export const holder = new Holder(Dialer);`),
    },
  ],
  invalid: [
    {
      name: 'a class that makes a transport (its own HTTP/2 session) through a local, per request',
      code: code(`class Sidecar {
  readonly events;
  constructor(baseUrl: string) {
    const transport = createGrpcTransport({ baseUrl });
    this.events = createConnectClient(EventService, transport);
  }
}
export function routes(router: ConnectRouter): void {
  router.service(ConfigService, {
    async get() {
      await new Sidecar('https://events.internal').events.ping({});
      return {};
    },
  });
}`),
      errors: [
        {
          messageId: 'perRequest',
          line: 22,
          column: 13,
          data: {
            call: 'new Sidecar(…)',
            resource: 'connect transport',
            origin: 'a server method handler registered with connect `router.service` on line 20',
            fix: HOIST,
          },
        },
      ],
    },
    {
      name: 'a wrapper lent to another wrapper\'s constructor, per loop iteration',
      code: code(`class Api {
  readonly channel = createChannel('events.internal:50051');
}
class ActorClient {
  readonly api: Api;
  constructor() {
    const api = new Api();
    this.api = api;
  }
}
export function activate(ids: readonly string[]): ActorClient[] {
  const clients: ActorClient[] = [];
  for (const id of ids) if (id) clients.unshift(new ActorClient());
  return clients;
}
export function spawn(ids: readonly string[]): void {
  for (const id of ids) void new ActorClient().api.channel.getTarget().concat(id);
}`),
      errors: [
        {
          messageId: 'perIteration',
          line: 28,
          column: 30,
          data: { call: 'new ActorClient(…)', resource: 'gRPC channel', origin: 'the `for…of` loop on line 28', fix: HOIST },
        },
      ],
    },
    {
      name: 'new this.cls(…) runs a constructor that dials, per incoming call (the report stands in the constructor)',
      code: code(`abstract class Actor {
  readonly client;
  constructor(readonly id: string) {
    this.client = new EventServiceClient('actors.internal:50051', creds);
  }
}
class Host<T extends Actor> {
  constructor(private readonly cls: new (id: string) => T) {}
  activate(id: string): T {
    return new this.cls(id);
  }
}
export function serve(server: Server, host: Host<Actor>): void {
  server.addService(ConfigServiceService, {
    get(call: { request: { key: string } }, callback: (error: null, value: object) => void) {
      host.activate(call.request.key).client.close();
      callback(null, {});
    },
  });
}`),
      errors: [
        {
          messageId: 'perRequest',
          line: 15,
          column: 19,
          data: {
            call: 'new EventServiceClient(…)',
            resource: 'grpc-js client',
            origin: 'a server method handler registered with grpc-js `addService` (line 25)',
            fix: HOIST,
          },
        },
      ],
    },
  ],
});
