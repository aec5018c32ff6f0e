import type { RunTests } from '@typescript-eslint/rule-tester';
import type { InferMessageIdsTypeFromRule, InferOptionsTypeFromRule } from '@typescript-eslint/utils/eslint-utils';

import rule from '../../rules/no-unclosed-client.js';
import { relintSuggestions, runRuleTests } from '../relint-suggestions.js';
import { createRuleTester } from '../rule-tester.js';

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
  leaks: 'its channel and connection stay open',
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
          data: grpcClient("the function's end on line 13"),
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
          data: grpcClient("the function's end on line 15"),
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
          // No suggestion: a `finally` would close the client this function returns.
          suggestions: [],
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
            leaks: 'its subchannels and connection stay open',
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
      errors: [{ messageId: 'lentOnly', line: 11, column: 55, endColumn: 74, data: { resource: 'gRPC channel', borrower: 'createClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } }],
    },
    {
      // A nice-grpc client cannot close its channel: returning it hands the caller no way to close it.
      name: 'nice-grpc: a client over the channel is returned, the channel is not',
      code: code(`export function connect(addr: string) {
  const channel = createChannel(addr);
  return createClient(EventServiceDefinition, channel);
}`),
      // Only lent to the returned client, as if written inline: closing it in `finally` would break what
      // the caller receives, so the message is the borrower's, and no suggestion.
      errors: [{ messageId: 'lentOnly', line: 11, column: 19, endColumn: 38, data: { resource: 'gRPC channel', borrower: 'createClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' }, suggestions: [] }],
    },
    {
      name: 'connect: a session manager used, then lent only to the returned transport',
      code: code(`export function transportFor(baseUrl: string) {
  const sessionManager = new Http2SessionManager(baseUrl);
  void sessionManager.connect();
  return createGrpcTransport({ baseUrl, sessionManager });
}`),
      errors: [
        {
          messageId: 'lentOnly',
          line: 11,
          column: 26,
          data: { resource: 'connect HTTP/2 session manager', borrower: 'createGrpcTransport(…)', leaks: 'its HTTP/2 session stays open until the idle timeout', closeMember: 'abort' },
        },
      ],
    },
    {
      name: 'nice-grpc: a channel lent only to a client a field keeps',
      code: code(`export class Events {
  client: unknown;
  connect(addr: string): void {
    const channel = createChannel(addr);
    this.client = createClient(EventServiceDefinition, channel);
  }
}`),
      errors: [{ messageId: 'lentOnly', line: 13, column: 21, data: { resource: 'gRPC channel', borrower: 'createClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } }],
    },
    {
      name: 'nice-grpc: a channel lent to a returned client but closed when the first call fails is still `unclosed` (the success path)',
      code: code(`export async function connect(addr: string) {
  const channel = createChannel(addr);
  const client = createClient(EventServiceDefinition, channel);
  try {
    await client.ping({});
  } catch (error) {
    channel.close();
    throw error;
  }
  return client;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 19,
          data: { name: 'channel', resource: 'gRPC channel', exit: 'the `return` on line 19', leaks: 'its subchannels and connection stay open', close: 'channel.close()' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'nice-grpc: a client over an inline channel is returned',
      code: code(`export function connect(addr: string) {
  return createClient(EventServiceDefinition, createChannel(addr));
}`),
      errors: [{ messageId: 'lentOnly', line: 11, column: 47, endColumn: 66, data: { resource: 'gRPC channel', borrower: 'createClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } }],
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
            leaks: 'its channel and connection stay open',
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
            exit: "the function's end on line 17",
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
        // The helper's summary says it only uses its parameter (a computed method call): lent, then lost.
        {
          messageId: 'lentOnly',
          line: 14,
          column: 14,
          data: { resource: 'grpc-js client', borrower: 'run(…)', leaks: 'its channel and connection stay open', closeMember: 'close' },
        },
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

// Ownership across functions, classes and files (issue 8): the program-wide summaries of
// src/analysis/ownership/ownership-facts.ts. `./cases/ownership/sdk.js` is another file of the program.
const ownImports = `
import { credentials } from '@grpc/grpc-js';
import { createChannel, createClient, type Channel } from 'nice-grpc';
import { ConfigServiceClient, EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { channelFactory, ChannelOwner, clientOver, EventClient, EventWrapper, healthOf, pingThrough, retire } from './cases/ownership/sdk.js';`;

/** Line 1 is empty and imports take lines 2–6, so each body starts at line 7. */
const own = (body: string): string => `${ownImports}\n${body}`;

const acrossFunctions: RunTests<InferMessageIdsTypeFromRule<typeof rule>, InferOptionsTypeFromRule<typeof rule>> = {
  valid: [
    {
      name: 'shape 1 twin: the class keeps the channel in a field of its own and close() closes it',
      code: own(`export class Events {
  private readonly channel: Channel;
  private readonly client;
  constructor(address: string) {
    this.channel = createChannel(address);
    this.client = createClient(EventServiceDefinition, this.channel);
  }
  ping() {
    return this.client.ping({});
  }
  close() {
    this.channel.close();
  }
}`),
    },
    {
      name: 'shape 1 limit: a static field keeps its lent channel (a process singleton)',
      code: own(`export class Events {
  private static readonly client = createClient(EventServiceDefinition, createChannel('localhost:1'));
  ping() {
    return Events.client.ping({});
  }
}`),
    },
    {
      name: 'shape 2 twin (two files): a helper that lends and a caller that closes',
      code: own(`export async function ping(address: string) {
  const channel = channelFactory(address);
  try {
    await pingThrough(channel);
    const events = new EventClient('events', channel);
    await events.ping();
  } finally {
    channel.close();
  }
}`),
    },
    {
      name: 'a channel passed to a function (another file) that closes it, or to a class that stores and releases it',
      code: own(`export function finish(address: string) {
  const channel = channelFactory(address);
  retire(channel);
}
export function adopt(address: string) {
  const channel = createChannel(address);
  const owner = new ChannelOwner(channel);
  return owner;
}`),
    },
    {
      name: 'shape 3 twin (two files): a wrapper closed on every exit, and the factory returned',
      code: own(`export async function connect(address: string) {
  const wrapper = new EventWrapper(address);
  if (!(await wrapper.ping())) {
    wrapper.close();
    throw new Error('unreachable');
  }
  return wrapper;
}
export async function once(address: string) {
  const wrapper = await EventWrapper.connect(address);
  try {
    return await wrapper.ping();
  } finally {
    wrapper.close();
  }
}
export const reconnect = (address: string) => EventWrapper.connect(address);`),
    },
    {
      name: 'shape 3 twin: a same-file wrapper released by [Symbol.dispose]',
      code: own(`class Lease {
  private readonly channel = createChannel('localhost:1');
  [Symbol.dispose]() {
    this.channel.close();
  }
}
export function run() {
  const lease = new Lease();
  try {
    return lease;
  } finally {
    lease[Symbol.dispose]();
  }
}`),
    },
    {
      name: 'shape 4 twin: created before Promise.all and closed when the other promise rejects; allSettled keeps every result',
      code: own(`export async function start(address: string, check: () => Promise<void>) {
  const wrapper = await EventWrapper.connect(address);
  try {
    await Promise.all([wrapper.ping(), check()]);
  } catch (error) {
    wrapper.close();
    throw error;
  }
  return wrapper;
}
export async function settle(address: string, check: () => Promise<void>) {
  return Promise.allSettled([EventWrapper.connect(address), check()]);
}`),
    },
    {
      name: 'shape 7 twin: a class whose close() closes every client it keeps; public fields without the option',
      code: own(`export class Pair {
  private readonly events = new EventServiceClient('localhost:1', credentials.createInsecure());
  private readonly config = new ConfigServiceClient('localhost:1', credentials.createInsecure());
  close() {
    this.events.close();
    this.shutdownConfig();
  }
  private shutdownConfig() {
    const config = this.config;
    config.close();
  }
}
export class Singleton {
  readonly client = new EventServiceClient('localhost:1', credentials.createInsecure());
}`),
      options: [{ requireLifecycle: true }],
    },
    {
      name: 'shape 7 limit: a builder that hands its client out through a getter (as dapr js-sdk client-grpc.ts)',
      code: own(`export class GrpcClient {
  private readonly stub_: EventServiceClient;
  constructor(address: string) {
    this.stub_ = this.generate(address);
  }
  get stub() {
    return this.stub_;
  }
  private generate(address: string) {
    return new EventServiceClient(address, credentials.createInsecure());
  }
}`),
      options: [{ requireLifecycle: true }],
    },
    {
      name: 'shape 7 limit: a channel taken from a constructor parameter belongs to the caller (injected)',
      code: own(`export class Service {
  constructor(private readonly channel: Channel) {}
  stop() {}
}`),
      options: [{ requireLifecycle: true }],
    },
    {
      // A public connect()/start() that nothing in the program runs twice: a judgement call, reported
      // only with \`reportOverwrites: 'always'\` (strict).
      name: 'shape 8 limit: an overwrite in a method the program runs once (one call site, no loop, timer, handler or retry)',
      code: own(`export class Follower {
  private client?: EventServiceClient;
  async start(leader: string) {
    this.client = new EventServiceClient(leader, credentials.createInsecure());
  }
  close() {
    this.client?.close();
  }
}
export async function main() {
  const follower = new Follower();
  try {
    await follower.start('leader:50051');
  } finally {
    follower.close();
  }
}`),
    },
    {
      name: 'shape 8 twins: the old client closed first, a guard, a constructor store, a private init called only from the constructor',
      code: own(`export class Follower {
  private client?: EventServiceClient;
  private started = false;
  constructor(leader: string) {
    this.client = new EventServiceClient(leader, credentials.createInsecure());
    this.init(leader);
  }
  private init(leader: string) {
    this.client = new EventServiceClient(leader, credentials.createInsecure());
  }
  repoint(leader: string) {
    this.client?.close();
    this.client = new EventServiceClient(leader, credentials.createInsecure());
  }
  start(leader: string) {
    if (this.started) return;
    this.started = true;
    this.client = new EventServiceClient(leader, credentials.createInsecure());
  }
  close() {
    this.client?.close();
  }
}`),
    },
    {
      name: 'limit: cancel() and onClose() are no lifecycle methods; allow silences a type; a channelOverride client closes its channel',
      code: own(`export class Job {
  private readonly client = new EventServiceClient('localhost:1', credentials.createInsecure());
  cancel() {}
  onClose() {}
}
export class Allowed {
  private readonly config = new ConfigServiceClient('localhost:1', credentials.createInsecure());
  close() {}
}
export class Override {
  private readonly client: EventServiceClient;
  constructor(address: string) {
    this.client = new EventServiceClient(address, credentials.createInsecure(), { channelOverride: createChannel(address) });
  }
  close() {
    this.client.close();
  }
}`),
      options: [{ allow: [{ from: 'file', name: 'ConfigServiceClient', path: 'generated/grpc-js/demo/v1/demo.ts' }] }],
    },
    {
      name: 'limit: a lifecycle method that reads the field in a way not recognised as a close may release it',
      code: own(`export class Pool {
  private readonly events = new EventServiceClient('localhost:1', credentials.createInsecure());
  private readonly config = new ConfigServiceClient('localhost:1', credentials.createInsecure());
  close() {
    for (const client of [this.events, this.config]) client.close();
  }
}`),
    },
    {
      name: 'limit: a store in a callback (a reconnect handler) is not judged as an overwrite',
      code: own(`export class Watcher {
  private client?: EventServiceClient;
  watch(leader: string, onLeader: (cb: (next: string) => void) => void) {
    onLeader((next) => {
      this.client = new EventServiceClient(next || leader, credentials.createInsecure());
    });
  }
  close() {
    this.client?.close();
  }
}`),
    },
    {
      name: 'limit: recursion, `any`, a union of functions and overloads stay quiet (the channel is handed off)',
      code: own(`function walk(channel: Channel, depth: number): void {
  if (depth > 0) walk(channel, depth - 1);
}
export function recursive(address: string) {
  const channel = createChannel(address);
  walk(channel, 3);
}
declare const loose: any;
export function untyped(address: string) {
  const channel = createChannel(address);
  loose(channel);
}
declare const either: ((channel: Channel) => void) | ((channel: Channel, n?: number) => void);
export function union(address: string) {
  const channel = createChannel(address);
  either(channel);
}
function over(channel: Channel): void;
function over(channel: Channel, n: number): void;
function over(channel: Channel, n?: number) {
  channel.getTarget();
  return n;
}
export function overloaded(address: string) {
  const channel = createChannel(address);
  over(channel);
}`),
    },
    {
      name: 'limit: a factory that returns a cached value is no factory',
      code: own(`let cached: Channel | undefined;
function shared(address: string) {
  if (cached) return cached;
  return (cached = createChannel(address));
}
export function use(address: string) {
  const channel = shared(address);
  channel.getTarget();
}`),
    },
  ],
  invalid: [
    {
      name: 'shape 1: a nice-grpc client kept in a field, its channel created inline and dropped',
      code: own(`export class Events {
  private readonly client;
  private timer?: NodeJS.Timeout;
  constructor(address: string) {
    this.client = createClient(EventServiceDefinition, createChannel(address));
  }
  close() {
    clearInterval(this.timer);
  }
}`),
      errors: [{ messageId: 'lentOnly', line: 11, column: 56, endColumn: 78, data: { resource: 'gRPC channel', borrower: 'createClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } }],
    },
    {
      name: 'shape 1 (two files): the channel comes from a factory in another file',
      code: own(`export class Events {
  private readonly client = createClient(EventServiceDefinition, channelFactory('localhost:1'));
  stop() {}
}`),
      errors: [{ messageId: 'lentOnly', line: 8, column: 66, endColumn: 95, data: { resource: 'gRPC channel', borrower: 'createClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } }],
    },
    {
      // Whether or not the class has a lifecycle method: nothing can ever close the channel.
      name: 'shape 1: an instance field keeps only a borrower of its channel, and the class has no lifecycle',
      code: own(`export class Events {
  private readonly client = createClient(EventServiceDefinition, createChannel('localhost:1'));
  ping() {
    return this.client.ping({});
  }
}`),
      errors: [{ messageId: 'lentOnly', line: 8, column: 66, endColumn: 94, data: { resource: 'gRPC channel', borrower: 'createClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } }],
    },
    {
      name: 'shape 2 (two files): a channel made by a helper and lent to constructors that drop it',
      code: own(`export function init(address: string) {
  const events = new EventClient('events', channelFactory(address));
  const audit = new EventClient('audit', channelFactory(address));
  return { events, audit };
}`),
      errors: [
        { messageId: 'lentOnly', line: 8, column: 44, endColumn: 67, data: { resource: 'gRPC channel', borrower: 'new EventClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } },
        { messageId: 'lentOnly', line: 9, column: 42, endColumn: 65, data: { resource: 'gRPC channel', borrower: 'new EventClient(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } },
      ],
    },
    {
      name: 'shape 2 (two files): a helper that returns a client over the channel, returned in turn',
      code: own(`export function connect(address: string) {
  const channel = createChannel(address);
  return clientOver(channel);
}`),
      errors: [{ messageId: 'lentOnly', line: 8, column: 19, data: { resource: 'gRPC channel', borrower: 'clientOver(…)', leaks: 'its subchannels and connection stay open', closeMember: 'close' } }],
    },
    {
      name: 'shape 2 (two files): a channel lent to a helper that only borrows it is still the caller\'s to close',
      code: own(`export async function ping(address: string) {
  const channel = createChannel(address);
  await pingThrough(channel);
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 8,
          column: 19,
          data: { name: 'channel', resource: 'gRPC channel', exit: "the function's end on line 10", leaks: 'its subchannels and connection stay open', close: 'channel.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: own(`export async function ping(address: string) {
  const channel = createChannel(address);
  try {
    await pingThrough(channel);
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
      // The helper's parameter is declared as the learnt class: its own name matches no library
      // resource, so the class's summary (not its type) says it is one, and the helper only uses it.
      name: 'shape 3 (two files): a wrapper lent to a helper that only uses it is still the caller\'s to close',
      code: own(`export async function probe(address: string): Promise<boolean> {
  const wrapper = new EventWrapper(address);
  const healthy = await healthOf(wrapper);
  return healthy;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 8,
          column: 19,
          data: { name: 'wrapper', resource: '`EventWrapper`', exit: 'the `return` on line 10', leaks: 'the grpc-js client it owns stays open', close: 'wrapper.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: own(`export async function probe(address: string): Promise<boolean> {
  const wrapper = new EventWrapper(address);
  try {
    const healthy = await healthOf(wrapper);
    return healthy;
  } finally {
    wrapper.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'shape 3 (two files): a wrapper left open by a failed health check',
      code: own(`export async function connect(address: string) {
  const wrapper = new EventWrapper(address);
  if (!(await wrapper.ping())) throw new Error('unreachable');
  return wrapper;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 8,
          column: 19,
          data: { name: 'wrapper', resource: '`EventWrapper`', exit: 'the `throw` on line 9', leaks: 'the grpc-js client it owns stays open', close: 'wrapper.close()' },
          suggestions: [], // it is returned on the other path: a `finally` would close it
        },
      ],
    },
    {
      name: 'shape 3: a same-file wrapper released only by [Symbol.dispose], never disposed',
      code: own(`class Lease {
  private readonly channel = createChannel('localhost:1');
  renew() {}
  [Symbol.dispose]() {
    this.channel.close();
  }
}
export function run() {
  const lease = new Lease();
  lease.renew();
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 15,
          column: 17,
          data: { name: 'lease', resource: '`Lease`', exit: "the function's end on line 17", leaks: 'the gRPC channel it owns stays open', close: 'lease[Symbol.dispose]()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: own(`class Lease {
  private readonly channel = createChannel('localhost:1');
  renew() {}
  [Symbol.dispose]() {
    this.channel.close();
  }
}
export function run() {
  const lease = new Lease();
  try {
    lease.renew();
  } finally {
    lease[Symbol.dispose]();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'shape 4 (two files): a factory result lost when the other promise of Promise.all rejects',
      code: own(`export async function start(address: string, check: () => Promise<void>) {
  const [wrapper] = await Promise.all([EventWrapper.connect(address), check()]);
  return wrapper;
}`),
      errors: [
        {
          messageId: 'lostInPromiseAll',
          line: 8,
          column: 40,
          endColumn: 69,
          data: { call: 'EventWrapper.connect(…)', resource: '`EventWrapper`', combinator: 'all', first: 'rejects', leaks: 'the grpc-js client it owns stays open' },
        },
      ],
    },
    {
      name: 'a factory call (two files) is a creation',
      code: own(`export async function ping(address: string) {
  const wrapper = await EventWrapper.connect(address);
  return wrapper.ping();
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 8,
          column: 25,
          data: { name: 'wrapper', resource: '`EventWrapper`', exit: 'the `return` on line 9', leaks: 'the grpc-js client it owns stays open', close: 'wrapper.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: own(`export async function ping(address: string) {
  const wrapper = await EventWrapper.connect(address);
  try {
    return wrapper.ping();
  } finally {
    wrapper.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'an SDK connection (as @temporalio/client): destructured constructor options, `new this()` in a static factory',
      code: own(`class Connection {
  private readonly client: EventServiceClient;
  protected constructor({ client }: { client: EventServiceClient }) {
    this.client = client;
  }
  static lazy(address: string) {
    return new this({ client: new EventServiceClient(address, credentials.createInsecure()) });
  }
  close() {
    this.client.close();
  }
}
export function target(address: string) {
  const connection = Connection.lazy(address);
  return String(connection === undefined);
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 20,
          column: 22,
          data: { name: 'connection', resource: '`Connection`', exit: 'the `return` on line 21', leaks: 'the grpc-js client it owns stays open', close: 'connection.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: own(`class Connection {
  private readonly client: EventServiceClient;
  protected constructor({ client }: { client: EventServiceClient }) {
    this.client = client;
  }
  static lazy(address: string) {
    return new this({ client: new EventServiceClient(address, credentials.createInsecure()) });
  }
  close() {
    this.client.close();
  }
}
export function target(address: string) {
  const connection = Connection.lazy(address);
  try {
    return String(connection === undefined);
  } finally {
    connection.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'shape 7: close() closes one client and forgets the other',
      code: own(`export class Pair {
  private readonly events = new EventServiceClient('localhost:1', credentials.createInsecure());
  private readonly config = new ConfigServiceClient('localhost:1', credentials.createInsecure());
  close() {
    this.events.close();
  }
}`),
      errors: [
        {
          messageId: 'fieldNotClosed',
          line: 9,
          column: 20,
          endColumn: 26,
          data: { className: 'Pair', field: 'config', resource: 'grpc-js client', lifecycle: 'close', leaks: 'its channel and connection stay open' },
        },
      ],
    },
    {
      name: 'shape 7 with the option (two files): a private field and no close or dispose at all',
      code: own(`export class Registry {
  #wrapper = new EventWrapper('localhost:1');
  private readonly channel = channelFactory('localhost:1');
  ping() {
    return this.#wrapper.ping();
  }
}`),
      options: [{ requireLifecycle: true }],
      errors: [
        {
          messageId: 'noLifecycle',
          line: 8,
          column: 3,
          endColumn: 11,
          data: { className: 'Registry', resource: '`EventWrapper`', field: '#wrapper', leaks: 'the grpc-js client it owns stays open' },
        },
        {
          messageId: 'noLifecycle',
          line: 9,
          column: 20,
          data: { className: 'Registry', resource: 'gRPC channel', field: 'channel', leaks: 'its subchannels and connection stay open' },
        },
      ],
    },
    {
      name: 'shape 8: start() overwrites a client it may still hold, and a loop runs it again',
      code: own(`export class Follower {
  private client?: EventServiceClient;
  async start(leader: string) {
    this.client = new EventServiceClient(leader, credentials.createInsecure());
    await new Promise((resolve) => this.client!.ping({ message: 'hi' }, resolve));
  }
  close() {
    this.client?.close();
  }
}
export async function follow(follower: Follower, leaders: readonly string[]) {
  for (const leader of leaders) await follower.start(leader);
}`),
      errors: [{ messageId: 'overwritten', line: 10, column: 5, endColumn: 16, data: { method: 'start', field: 'client', resource: 'grpc-js client', leaks: 'its channel and connection stay open', close: 'close' } }],
    },
    {
      name: 'shape 8 with reportOverwrites: always: a public start() nothing here calls twice',
      code: own(`export class Follower {
  private client?: EventServiceClient;
  async start(leader: string) {
    this.client = new EventServiceClient(leader, credentials.createInsecure());
    await new Promise((resolve) => this.client!.ping({ message: 'hi' }, resolve));
  }
  close() {
    this.client?.close();
  }
}`),
      options: [{ reportOverwrites: 'always' }],
      errors: [{ messageId: 'overwritten', line: 10, column: 5, endColumn: 16, data: { method: 'start', field: 'client', resource: 'grpc-js client', leaks: 'its channel and connection stay open', close: 'close' } }],
    },
    {
      name: 'shape 8 (two files): a reconnect overwrites a connected wrapper, run by a \'close\' listener',
      code: own(`export class Session {
  private wrapper?: EventWrapper;
  async reconnect(address: string) {
    this.wrapper = await EventWrapper.connect(address);
  }
  async [Symbol.asyncDispose]() {
    this.wrapper?.close();
  }
}
export function keepAlive(session: Session, socket: NodeJS.EventEmitter, address: string) {
  socket.on('close', () => void session.reconnect(address));
}`),
      errors: [
        {
          messageId: 'overwritten',
          line: 10,
          column: 5,
          endColumn: 17,
          data: { method: 'reconnect', field: 'wrapper', resource: '`EventWrapper`', leaks: 'the grpc-js client it owns stays open', close: 'close' },
        },
      ],
    },
  ],
};

createRuleTester().run('no-unclosed-client across functions, classes and files', rule, acrossFunctions);
relintSuggestions('no-unclosed-client', acrossFunctions.invalid);
