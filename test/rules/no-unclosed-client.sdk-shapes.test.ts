// no-unclosed-client on ownership the way SDKs write it (issue 18): a connect() whose handshake
// rejects, wrappers made of closures, values that pass through promise callbacks, borrowers known by
// their declared types, and borrowers that escape. `./cases/ownership/sdk-shapes.js` is another file.
import rule from '../../rules/no-unclosed-client.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 is empty; imports take lines 2–5, so each body starts at line 6.
const header = `
import { createChannel, createClient } from 'nice-grpc';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { borrowingClient, channelClient, clientFactory, Connection, connectWhenReady } from './cases/ownership/sdk-shapes.js';
import { EventWrapper } from './cases/ownership/sdk.js';`;
const code = (body: string): string => `${header}\n${body}`;

const CONNECTION = { resource: '`Connection`', leaks: 'the grpc-js client it owns stays open' };
const CHANNEL = { resource: 'gRPC channel', leaks: 'its subchannels and connection stay open' };
const CLOSURES = { resource: 'object returned by `channelClient()`', leaks: 'the gRPC channel it owns stays open' };

runRuleTests('no-unclosed-client', rule, {
  valid: [
    // 1. A rejected await, and where it stops.
    {
      name: 'rejection twin: closed in a catch that rethrows, then handed off',
      code: code(`export async function connect(address: string) {
  const conn = new Connection(address);
  try {
    await conn.verify();
  } catch (error) {
    conn.close();
    throw error;
  }
  return conn;
}`),
    },
    {
      name: 'rejection twin: closed in finally',
      code: code(`export async function once(address: string) {
  const conn = new Connection(address);
  try {
    await conn.verify();
  } finally {
    conn.close();
  }
}`),
    },
    {
      name: 'rejection twin: handed off before the await (a field), so the owner closes it',
      code: code(`export class Pool {
  private conn?: Connection;
  async open(address: string) {
    if (this.conn) return;
    const conn = new Connection(address);
    this.conn = conn;
    await conn.verify();
  }
  close() {
    this.conn?.close();
  }
}`),
    },
    {
      name: 'rejection limit: an await that cannot reject (a resolve-only promise, a swallowing async method)',
      code: code(`export async function connect(address: string) {
  const conn = new Connection(address);
  if (!(await conn.healthy()) || !(await conn.probe())) {
    conn.close();
    throw new Error('unhealthy');
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  return conn;
}`),
    },
    {
      name: 'rejection limit: the await closes the value itself',
      code: code(`export async function stop(address: string) {
  const channel = createChannel(address);
  await createClient(EventServiceDefinition, channel).ping({}).finally(() => channel.close());
}`),
    },
    {
      name: 'rejection option off: checkRejections: false',
      code: code(`export async function connect(address: string) {
  const conn = new Connection(address);
  await conn.verify();
  return conn;
}`),
      options: [{ checkRejections: false }],
    },
    // 2. Wrappers made of closures.
    {
      name: 'closures: the factory itself hands its channel to the returned close()',
      code: code(`export function make(address: string) {
  const channel = createChannel(address);
  return { close: () => channel.close() };
}`),
    },
    {
      name: 'closures twin: the wrapper is closed in finally',
      code: code(`export async function ping(address: string) {
  const client = channelClient(address);
  try {
    await client.ping();
  } finally {
    client.close();
  }
}`),
    },
    {
      name: 'closures limit: a close() that releases nothing the factory made is no resource',
      code: code(`export async function ping(address: string) {
  const channel = createChannel(address);
  try {
    await borrowingClient(channel).ping();
  } finally {
    channel.close();
  }
}`),
    },
    {
      name: 'closures twin: a class that keeps the wrapper and closes it in close()',
      code: code(`export class Api {
  private readonly client = channelClient('localhost:1');
  ping() {
    return this.client.ping();
  }
  close() {
    this.client.close();
  }
}`),
    },
    // 3. Values that pass through promise callbacks.
    {
      name: 'promise callbacks twin: the value a then() callback returns is closed in finally',
      code: code(`export async function ping(ready: Promise<string>) {
  const conn = await ready.then((address) => new Connection(address));
  try {
    await conn.verify();
  } finally {
    conn.close();
  }
}`),
    },
    {
      name: 'promise callbacks twin: finally() passes the value through to a caller',
      code: code(`export async function open(address: string, timer: NodeJS.Timeout) {
  return EventWrapper.connect(address).finally(() => clearTimeout(timer));
}`),
    },
    {
      name: 'promise callbacks limit: a callback with several returns is not followed',
      code: code(`export async function pick(ready: Promise<string>, fallback: Connection) {
  const conn = await ready.then((address) => {
    if (address === '') return fallback;
    return new Connection(address);
  });
  return conn;
}`),
    },
    // 4 and 5. Borrowers by type, and borrowers that escape.
    {
      name: 'borrower twin: the channel is kept in a field of its own and closed',
      code: code(`export class Events {
  private readonly channel = createChannel('localhost:1');
  private readonly client = clientFactory.create(EventServiceDefinition, this.channel);
  ping() {
    return this.client.ping({});
  }
  close() {
    this.channel.close();
  }
}`),
    },
    {
      name: 'borrower twin: a map entry keeps the channel beside its client',
      code: code(`export function register(clients: Map<string, unknown>, address: string) {
  const channel = createChannel(address);
  clients.set(address, { channel, client: createClient(EventServiceDefinition, channel) });
}`),
    },
  ],
  invalid: [
    // 1. A rejected await.
    {
      name: 'rejection: connect() returns the connection, but verify() can reject first',
      code: code(`export async function connect(address: string) {
  const conn = new Connection(address);
  await conn.verify();
  return conn;
}`),
      errors: [
        {
          messageId: 'unclosedOnRejection',
          line: 7,
          column: 16,
          endColumn: 39,
          data: { name: 'conn', ...CONNECTION, awaited: 'await conn.verify()', line: 8, close: 'conn.close()' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'rejection: a health check that can reject, closed only when it answers false',
      code: code(`export async function connect(address: string) {
  const conn = new Connection(address);
  if (!(await conn.probe()) || !(await conn.verify().then(() => true))) {
    conn.close();
    throw new Error('unhealthy');
  }
  return conn;
}`),
      errors: [
        {
          messageId: 'unclosedOnRejection',
          line: 7,
          column: 16,
          data: { name: 'conn', ...CONNECTION, awaited: 'await conn.verify().then(() => true)', line: 8, close: 'conn.close()' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'rejection: a catch that logs and rethrows without closing',
      code: code(`export async function connect(address: string, log: (e: unknown) => void) {
  const conn = new Connection(address);
  try {
    await conn.verify();
  } catch (error) {
    log(error);
    throw error;
  }
  return conn;
}`),
      errors: [{ messageId: 'unclosed', line: 7, column: 16, data: { name: 'conn', ...CONNECTION, exit: 'the `throw` on line 12', close: 'conn.close()' }, suggestions: [] }],
    },
    {
      name: 'rejection: used and closed at the end, but not when the call rejects',
      code: code(`export async function once(address: string) {
  const conn = new Connection(address);
  await conn.verify();
  conn.close();
}`),
      errors: [
        {
          messageId: 'unclosedOnRejection',
          line: 7,
          column: 16,
          data: { name: 'conn', ...CONNECTION, awaited: 'await conn.verify()', line: 8, close: 'conn.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function once(address: string) {
  const conn = new Connection(address);
  try {
    await conn.verify();
  } finally {
    conn.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'rejection: a for await loop over an RPC stream can throw',
      code: code(`export async function drain(address: string, source: AsyncIterable<string>) {
  const channel = createChannel(address);
  const client = createClient(EventServiceDefinition, channel);
  for await (const message of source) await client.ping({ message });
  channel.close();
}`),
      errors: [
        {
          messageId: 'unclosedOnRejection',
          line: 7,
          column: 19,
          data: { name: 'channel', ...CHANNEL, awaited: 'for await (… of source)', line: 9, close: 'channel.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function drain(address: string, source: AsyncIterable<string>) {
  const channel = createChannel(address);
  try {
    const client = createClient(EventServiceDefinition, channel);
    for await (const message of source) await client.ping({ message });
  } finally {
    channel.close();
  }
}`),
            },
          ],
        },
      ],
    },
    // 2. Wrappers made of closures.
    {
      name: 'closures: the object a factory returns owns its channel and is never closed',
      code: code(`export async function ping(address: string) {
  const client = channelClient(address);
  await client.ping();
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 7,
          column: 18,
          data: { name: 'client', ...CLOSURES, exit: "the function's end on line 9", close: 'client.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function ping(address: string) {
  const client = channelClient(address);
  try {
    await client.ping();
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
      name: 'closures: a class keeps the wrapper in a field and its close() forgets it',
      code: code(`export class Api {
  private readonly client = channelClient('localhost:1');
  private timer?: NodeJS.Timeout;
  ping() {
    return this.client.ping();
  }
  close() {
    clearInterval(this.timer);
  }
}`),
      errors: [{ messageId: 'fieldNotClosed', line: 7, column: 20, endColumn: 26, data: { className: 'Api', field: 'client', ...CLOSURES, lifecycle: 'close' } }],
    },
    {
      name: 'closures: a class that keeps and closes the wrapper is a learnt resource in turn',
      code: code(`class Api {
  private readonly client = channelClient('localhost:1');
  close() {
    this.client.close();
  }
}
export function use() {
  const api = new Api();
  return api === undefined;
}`),
      errors: [{ messageId: 'unclosed', line: 13, column: 15, data: { name: 'api', resource: '`Api`', leaks: 'the connection it owns stays open', exit: 'the `return` on line 14', close: 'api.close()' }, suggestions: [{ messageId: 'closeInFinally', output: code(`class Api {
  private readonly client = channelClient('localhost:1');
  close() {
    this.client.close();
  }
}
export function use() {
  const api = new Api();
  try {
    return api === undefined;
  } finally {
    api.close();
  }
}`) }] }],
    },
    // 3. Values that pass through promise callbacks.
    {
      name: 'promise callbacks: the value a then() callback returns, left open when verify() rejects',
      code: code(`export async function connect(ready: Promise<string>) {
  const conn = await ready.then((address) => new Connection(address));
  await conn.verify();
  return conn;
}`),
      errors: [
        {
          messageId: 'unclosedOnRejection',
          line: 7,
          column: 46,
          endColumn: 69,
          data: { name: 'conn', ...CONNECTION, awaited: 'await conn.verify()', line: 8, close: 'conn.close()' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'promise callbacks (two files): a factory that returns a then() chain, never closed',
      code: code(`export async function ping(ready: Promise<string>) {
  const conn = await connectWhenReady(ready);
  return conn.healthy();
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 7,
          column: 22,
          data: { name: 'conn', ...CONNECTION, exit: 'the `return` on line 8', close: 'conn.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function ping(ready: Promise<string>) {
  const conn = await connectWhenReady(ready);
  try {
    return conn.healthy();
  } finally {
    conn.close();
  }
}`),
            },
          ],
        },
      ],
    },
    // 4 and 5. Borrowers by type, and borrowers that escape.
    {
      name: 'borrower by type: a middleware factory client keeps the channel it cannot close',
      code: code(`export class Events {
  readonly client;
  constructor(address: string) {
    this.client = clientFactory.create(EventServiceDefinition, createChannel(address));
  }
}`),
      errors: [{ messageId: 'lentOnly', line: 9, column: 64, data: { ...CHANNEL, borrower: 'clientFactory.create(…)', closeMember: 'close' } }],
    },
    {
      // `@sdk/*` is a `paths` alias of the fixtures' tsconfig: a bare specifier that is the program's own source.
      name: 'a factory imported through a paths alias, its channel lent to a constructor that drops it',
      code: code(`import { channelFactory as aliased, EventClient } from '@sdk/sdk.js';
export function init(address: string) {
  return new EventClient('events', aliased(address));
}`),
      errors: [{ messageId: 'lentOnly', line: 8, column: 36, data: { ...CHANNEL, borrower: 'new EventClient(…)', closeMember: 'close' } }],
    },
    {
      name: 'borrower that escapes: a map keeps only the client, not the channel',
      code: code(`export function register(clients: Map<string, unknown>, address: string) {
  clients.set(address, createClient(EventServiceDefinition, createChannel(address)));
}`),
      errors: [{ messageId: 'lentOnly', line: 7, column: 61, data: { ...CHANNEL, borrower: 'createClient(…)', closeMember: 'close' } }],
    },
  ],
});
