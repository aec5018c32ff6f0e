import rule from '../../rules/no-unclosed-client.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports take lines 2–9, so each body starts at line 10.
const imports = `
import { Channel, closeClient, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createChannel, createClient } from 'nice-grpc';
import { createClient as createConnectClient } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';`;

const code = (body: string): string => `${imports}\n${body}`;

/** Message data of an unclosed grpc-js client named `client` that leaves at `exit`. */
const grpcClient = (exit: string) => ({
  name: 'client',
  resource: 'grpc-js client',
  exit,
  leaks: 'its channel, subchannel and channelz entry stay alive',
  close: 'client.close()',
});

runRuleTests('no-unclosed-client', rule, {
  valid: [
    {
      name: 'closed in finally',
      code: code(`export async function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    await new Promise((resolve) => client.ping({}, resolve));
  } finally {
    client.close();
  }
}`),
    },
    {
      name: 'closed by grpc.closeClient in finally',
      code: code(`export function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    client.ping({}, () => {});
  } finally {
    closeClient(client);
  }
}`),
    },
    {
      name: 'closed on every branch',
      code: code(`export function check(addr: string, quick: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (quick) {
    client.close();
    return 1;
  }
  client.ping({}, () => {});
  client.close();
  return 2;
}`),
    },
    {
      name: 'closed before an explicit throw and at the end',
      code: code(`export function check(addr: string, ok: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (!ok) {
    client.close();
    throw new Error('bad');
  }
  client.close();
}`),
    },
    {
      name: 'escape: returned to the caller',
      code: code(`export function make(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  client.waitForReady(Date.now() + 1000, () => {});
  return client;
}
export const direct = (addr: string) => new EventServiceClient(addr, credentials.createInsecure());`),
    },
    {
      name: 'escape: stored in a field',
      code: code(`export class Discovery {
  private client?: EventServiceClient;
  connect(addr: string) {
    const client = new EventServiceClient(addr, credentials.createInsecure());
    this.client = client;
  }
}`),
    },
    {
      name: 'escape: stored in a Map, an array and an outer variable',
      code: code(`const byAddress = new Map<string, EventServiceClient>();
const all: EventServiceClient[] = [];
let last: EventServiceClient | undefined;
export function remember(addr: string) {
  const a = new EventServiceClient(addr, credentials.createInsecure());
  byAddress.set(addr, a);
  const b = new EventServiceClient(addr, credentials.createInsecure());
  all.push(b);
  const c = new EventServiceClient(addr, credentials.createInsecure());
  last = c;
}`),
    },
    {
      name: 'escape: passed to a call that may take ownership',
      code: code(`declare function register(client: EventServiceClient): void;
export function make(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  register(client);
}`),
    },
    {
      name: 'escape: captured by a closure that outlives the function',
      code: code(`export function serve(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  process.on('SIGTERM', () => client.close());
}`),
    },
    {
      name: 'escape: returned inside an object',
      code: code(`export function make(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  return { client, close: () => client.close() };
}`),
    },
    {
      name: 'escape: the close method handed to a shutdown hook or a promise chain',
      code: code(`export function serve(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  process.once('beforeExit', client.close.bind(client));
}
export async function once(addr: string, work: (c: EventServiceClient) => Promise<void>) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  return work(client).finally(() => client.close());
}`),
    },
    {
      name: 'closed inside the callback of a promisified call',
      code: code(`export function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.ping({}, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res);
    });
  });
}`),
    },
    {
      name: 'pool factory callbacks create and destroy',
      code: code(`declare function createPool<T>(factory: { create(): Promise<T>; destroy(item: T): Promise<void> }): unknown;
export const pool = createPool({
  create: async () => new EventServiceClient('localhost:1', credentials.createInsecure()),
  destroy: async (client) => client.close(),
});`),
    },
    {
      name: 'limit: module scope, class fields and constructors storing on this are not tracked',
      code: code(`export const shared = new EventServiceClient('localhost:1', credentials.createInsecure());
export class Holder {
  readonly field = new EventServiceClient('localhost:1', credentials.createInsecure());
  readonly other: EventServiceClient;
  constructor() {
    this.other = new EventServiceClient('localhost:1', credentials.createInsecure());
  }
}`),
    },
    {
      name: 'alias: closed through another local name',
      code: code(`export function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  const same = client;
  same.close();
}`),
    },
    {
      name: 'let assigned inside try and closed with ?. in finally',
      code: code(`export async function ping(addr: string) {
  let client: EventServiceClient | undefined;
  try {
    client = new EventServiceClient(addr, credentials.createInsecure());
    client.ping({}, () => {});
  } finally {
    client?.close();
  }
}`),
    },
    {
      name: 'use: method.bind(client) is a use, the close in finally still counts',
      code: code(`import { promisify } from 'node:util';
export async function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    return await promisify(client.ping.bind(client))({});
  } finally {
    client.close();
  }
}`),
    },
    {
      name: 'proto-loader any client closed in finally',
      code: code(`export function ping(addr: string) {
  const proto = loadPackageDefinition(loadSync('demo.proto')) as any;
  const client = new proto.demo.v1.EventService(addr, credentials.createInsecure());
  try {
    client.ping({}, () => {});
  } finally {
    client.close();
  }
}`),
    },
    {
      name: 'limit: any-typed construction without grpc-js credentials is unknown',
      code: code(`export function make(Ctor: any, addr: string) {
  const thing = new Ctor(addr, 'not credentials');
  thing.start();
}`),
    },
    {
      name: 'nice-grpc: createClient borrows the channel, which is closed in finally',
      code: code(`export async function ping(addr: string) {
  const channel = createChannel(addr);
  try {
    const client = createClient(EventServiceDefinition, channel);
    return await client.ping({});
  } finally {
    channel.close();
  }
}`),
    },
    {
      name: 'nice-grpc: a client that carries the channel is returned',
      code: code(`export function connect(addr: string) {
  const channel = createChannel(addr);
  return createClient(EventServiceDefinition, channel);
}`),
    },
    {
      name: 'grpc-js: closing a channelOverride client closes its channel',
      code: code(`export function ping(addr: string) {
  const channel = new Channel(addr, credentials.createInsecure(), {});
  const client = new EventServiceClient(addr, credentials.createInsecure(), { channelOverride: channel });
  try {
    client.ping({}, () => {});
  } finally {
    client.close();
  }
}`),
    },
    {
      name: 'grpc-js: a channelOverride client owns no connection (its close would close the caller channel)',
      code: code(`export function wrap(channel: Channel, address: string) {
  const client = new EventServiceClient(address, credentials.createInsecure(), { channelOverride: channel });
  return client.getChannel().getTarget();
}`),
    },
    {
      name: 'limit: a hand-off in each iteration of a loop covers the zero-iteration path',
      code: code(`declare function wrap(client: EventServiceClient, method: string): () => void;
export function methodsOf(address: string, names: string[]) {
  const client = new EventServiceClient(address, credentials.createInsecure());
  const methods: Record<string, () => void> = {};
  for (const name of names) {
    methods[name] = wrap(client, name);
  }
  return methods;
}`),
    },
    {
      name: 'escape: a local helper that stores its parameter takes ownership',
      code: code(`const registry: EventServiceClient[] = [];
function keep(client: EventServiceClient) {
  registry.push(client);
}
export function connect(address: string) {
  const client = new EventServiceClient(address, credentials.createInsecure());
  keep(client);
}`),
    },
    {
      name: 'escape: a local helper that closes its parameter',
      code: code(`function finish(client: EventServiceClient) {
  client.close();
}
export function ping(address: string) {
  const client = new EventServiceClient(address, credentials.createInsecure());
  client.ping({}, () => finish(client));
}`),
    },
    {
      name: 'connect: clients and transports have no close; an aborted session manager is fine',
      code: code(`export async function ping(baseUrl: string) {
  const plain = createConnectClient(EventService, createGrpcTransport({ baseUrl }));
  await plain.ping({});
  const sessionManager = new Http2SessionManager(baseUrl);
  try {
    const client = createConnectClient(EventService, createGrpcTransport({ baseUrl, sessionManager }));
    return await client.ping({});
  } finally {
    sessionManager.abort();
  }
}`),
    },
    {
      name: 'option allow: a type whose lifetime is managed elsewhere',
      code: code(`export function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  client.ping({}, () => {});
}`),
      options: [{ allow: [{ from: 'file', name: 'EventServiceClient', path: 'generated/grpc-js/demo/v1/demo.ts' }] }],
    },
    {
      name: 'limit: a close in a hoisted function declared before the creation cannot be ordered',
      code: code(`export function ping(addr: string) {
  function done() {
    client.close();
  }
  const client = new EventServiceClient(addr, credentials.createInsecure());
  client.ping({}, done);
}`),
    },
    {
      name: 'created and closed in each loop iteration',
      code: code(`export function pingAll(addrs: string[]) {
  for (const addr of addrs) {
    const client = new EventServiceClient(addr, credentials.createInsecure());
    try {
      client.ping({}, () => {});
    } finally {
      client.close();
    }
  }
}`),
    },
    {
      name: 'not an RPC resource',
      code: code(`export function f() {
  const map = new Map<string, number>();
  const ctl = new AbortController();
  return [map, ctl];
}`),
    },
  ],
  invalid: [
    {
      name: 'never closed: reported at the creation, naming the end of the function',
      code: code(`export function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  client.ping({}, () => {});
}`),
      errors: [
        {
          messageId: 'unclosed',
          data: grpcClient('its end on line 13'),
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'client', close: 'client.close()' },
              output: code(`export function ping(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    client.ping({}, () => {});
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'early return skips the close',
      code: code(`export async function getConfig(addr: string, cached?: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (cached) {
    return cached;
  }
  client.ping({}, () => {});
  client.close();
  return 'fresh';
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          data: grpcClient('the `return` on line 13'),
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function getConfig(addr: string, cached?: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    if (cached) {
      return cached;
    }
    client.ping({}, () => {});
    return 'fresh';
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'closed on one branch only: the other falls off the end',
      code: code(`export function probe(addr: string, verbose: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (verbose) {
    client.close();
  }
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          data: grpcClient('its end on line 15'),
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function probe(addr: string, verbose: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  client.close();
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'suggestion: the close in a catch goes, or the error path would close twice',
      code: code(`export async function getConfig(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    await new Promise((resolve) => client.ping({}, resolve));
  } catch (err) {
    client.close();
    throw err;
  }
  return 'fresh';
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          data: grpcClient('the `return` on line 18'),
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function getConfig(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    try {
      await new Promise((resolve) => client.ping({}, resolve));
    } catch (err) {
      throw err;
    }
    return 'fresh';
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'suggestion: an `if` that only closed, on a plain condition, goes as a whole',
      code: code(`export function probe(addr: string, ok: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (!ok) client.close();
  client.ping({}, () => {});
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function probe(addr: string, ok: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    client.ping({}, () => {});
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'suggestion: a condition with a call stays, its block emptied; a comment after the close stays',
      code: code(`export function probe(addr: string, ok: () => boolean, done: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (ok()) {
    client.close();
  }
  if (done) {
    client.close(); // done
  } else {
    client.ping({}, () => {});
  }
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function probe(addr: string, ok: () => boolean, done: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    if (ok()) {}
    if (done) {
      // done
    } else {
      client.ping({}, () => {});
    }
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'no suggestion: closeClient(client) in a catch would stay and close twice',
      code: code(`export async function getConfig(addr: string) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    await new Promise((resolve) => client.ping({}, resolve));
  } catch (err) {
    closeClient(client);
    throw err;
  }
  return 'fresh';
}`),
      errors: [{ messageId: 'unclosed', line: 11, column: 18, suggestions: [] }],
    },
    {
      name: 'no suggestion: a reassigned `let` (removing its first close would leak the first client)',
      code: code(`export function probe(addr: string, ok: () => boolean) {
  let client = new EventServiceClient(addr, credentials.createInsecure());
  if (ok()) return;
  client.close();
  client = new EventServiceClient(addr, credentials.createInsecure());
  client.close();
}`),
      errors: [{ messageId: 'unclosed', line: 11, column: 16, suggestions: [] }],
    },
    {
      name: 'an explicit throw leaves before the close',
      code: code(`export function probe(addr: string, ok: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (!ok) throw new Error('config rejected');
  client.close();
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          data: grpcClient('the `throw` on line 12'),
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function probe(addr: string, ok: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    if (!ok) throw new Error('config rejected');
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'returned on one path, dropped on the other',
      code: code(`export function connectIfReady(addr: string, ready: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  if (ready) return client;
  return null;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          data: grpcClient('the `return` on line 13'),
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function connectIfReady(addr: string, ready: boolean) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    if (ready) return client;
    return null;
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'proto-loader any client built with grpc-js credentials',
      code: code(`export function ping(addr: string) {
  const proto = loadPackageDefinition(loadSync('demo.proto')) as any;
  const client = new proto.demo.v1.EventService(addr, credentials.createInsecure());
  client.ping({}, () => {});
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 12,
          column: 18,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function ping(addr: string) {
  const proto = loadPackageDefinition(loadSync('demo.proto')) as any;
  const client = new proto.demo.v1.EventService(addr, credentials.createInsecure());
  try {
    client.ping({}, () => {});
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'connect: a session manager passed to a transport is never aborted',
      code: code(`export async function ping(baseUrl: string) {
  const sessionManager = new Http2SessionManager(baseUrl);
  const client = createConnectClient(EventService, createGrpcTransport({ baseUrl, sessionManager }));
  return client.ping({});
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 26,
          data: {
            name: 'sessionManager',
            resource: 'connect HTTP/2 session manager',
            exit: 'the `return` on line 13',
            leaks: 'its HTTP/2 session stays open until the idle timeout',
            close: 'sessionManager.abort()',
          },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function ping(baseUrl: string) {
  const sessionManager = new Http2SessionManager(baseUrl);
  try {
    const client = createConnectClient(EventService, createGrpcTransport({ baseUrl, sessionManager }));
    return client.ping({});
  } finally {
    sessionManager.abort();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'nice-grpc: the channel under a per-call client is never closed',
      code: code(`export async function ping(addr: string) {
  const channel = createChannel(addr);
  const client = createClient(EventServiceDefinition, channel);
  return client.ping({});
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 19,
          data: {
            name: 'channel',
            resource: 'gRPC channel',
            exit: 'the `return` on line 13',
            leaks: 'its subchannels, connection and channelz entry stay alive',
            close: 'channel.close()',
          },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function ping(addr: string) {
  const channel = createChannel(addr);
  try {
    const client = createClient(EventServiceDefinition, channel);
    return client.ping({});
  } finally {
    channel.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'nice-grpc: a channel created inline for a client can never be closed',
      code: code(`export async function ping(addr: string) {
  const client = createClient(EventServiceDefinition, createChannel(addr));
  return client.ping({});
}`),
      errors: [{ messageId: 'unclosed', line: 11, column: 55, data: {
            name: 'createChannel(…)',
            resource: 'gRPC channel',
            exit: 'the `return` on line 12',
            leaks: 'its subchannels, connection and channelz entry stay alive',
            close: 'close()',
          },
          suggestions: [] }],
    },
    {
      name: 'discarded: a client used once without a name',
      code: code(`export function ping(addr: string) {
  new EventServiceClient(addr, credentials.createInsecure()).ping({}, () => {});
}`),
      errors: [
        {
          messageId: 'discarded',
          data: {
            resource: 'grpc-js client',
            leaks: 'its channel, subchannel and channelz entry stay alive',
            closeMember: 'close',
          },
          line: 11,
          column: 3,
          endColumn: 61,
        },
      ],
    },
    {
      name: 'a synchronous array callback is a use, not a hand-off',
      code: code(`export function pingAll(addr: string, ids: string[]) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  ids.forEach((id) => client.ping({ id }, () => {}));
}`),
      errors: [{ messageId: 'unclosed', line: 11, column: 18, suggestions: [{ messageId: 'closeInFinally', output: code(`export function pingAll(addr: string, ids: string[]) {
  const client = new EventServiceClient(addr, credentials.createInsecure());
  try {
    ids.forEach((id) => client.ping({ id }, () => {}));
  } finally {
    client.close();
  }
}`) }] }],
    },
    {
      name: 'created per loop iteration and never closed',
      code: code(`export function pingAll(addrs: string[]) {
  for (const addr of addrs) {
    const client = new EventServiceClient(addr, credentials.createInsecure());
    client.ping({}, () => {});
  }
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 12,
          column: 20,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function pingAll(addrs: string[]) {
  for (const addr of addrs) {
    const client = new EventServiceClient(addr, credentials.createInsecure());
    try {
      client.ping({}, () => {});
    } finally {
      client.close();
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'settings.rpc.resources: a team wrapper that must be released',
      code: code(`class PooledConnection {
  release(): void {}
  query(): void {}
}
export function run() {
  const connection = new PooledConnection();
  connection.query();
}
export function runAndRelease() {
  const connection = new PooledConnection();
  try {
    connection.query();
  } finally {
    connection.release();
  }
}`),
      settings: { rpc: { resources: [{ type: { from: 'file', name: 'PooledConnection' }, close: ['release'] }] } },
      errors: [
        {
          messageId: 'unclosed',
          line: 15,
          column: 22,
          data: {
            name: 'connection',
            resource: '`PooledConnection`',
            exit: 'its end on line 17',
            leaks: 'the connections it holds stay open',
            close: 'connection.release()',
          },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`class PooledConnection {
  release(): void {}
  query(): void {}
}
export function run() {
  const connection = new PooledConnection();
  try {
    connection.query();
  } finally {
    connection.release();
  }
}
export function runAndRelease() {
  const connection = new PooledConnection();
  try {
    connection.query();
  } finally {
    connection.release();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a local helper that only calls a method on its parameter is a use (etcd3 re-authentication)',
      code: code(`function run(client: EventServiceClient, method: string): Promise<unknown> {
  return new Promise((resolve) => (client as any)[method]({}, resolve));
}
export function authenticate(address: string) {
  return run(new EventServiceClient(address, credentials.createInsecure()), 'ping');
}
export async function check(address: string) {
  const client = new EventServiceClient(address, credentials.createInsecure());
  await run(client, 'ping');
}`),
      errors: [
        { messageId: 'discarded', line: 14, column: 14 },
        {
          messageId: 'unclosed',
          line: 17,
          column: 18,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`function run(client: EventServiceClient, method: string): Promise<unknown> {
  return new Promise((resolve) => (client as any)[method]({}, resolve));
}
export function authenticate(address: string) {
  return run(new EventServiceClient(address, credentials.createInsecure()), 'ping');
}
export async function check(address: string) {
  const client = new EventServiceClient(address, credentials.createInsecure());
  try {
    await run(client, 'ping');
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a grpc-js Channel made in a function',
      code: code(`export function probe(addr: string) {
  const channel = new Channel(addr, credentials.createInsecure(), {});
  return channel.getConnectivityState(true);
}`),
      errors: [{ messageId: 'unclosed', line: 11, column: 19, suggestions: [{ messageId: 'closeInFinally', output: code(`export function probe(addr: string) {
  const channel = new Channel(addr, credentials.createInsecure(), {});
  try {
    return channel.getConnectivityState(true);
  } finally {
    channel.close();
  }
}`) }] }],
    },
  ],
});
