import rule from '../../rules/no-lock-across-close.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–16, so each body starts at line 17.
const imports = `
import { EventEmitter, once } from 'node:events';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient as createConnectClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { credentials, type ClientDuplexStream } from '@grpc/grpc-js';
import AsyncLock from 'async-lock';
import { Mutex, Semaphore, withTimeout } from 'async-mutex';
import AwaitLock from 'await-lock';
import { createChannel, createClient, createServer } from 'nice-grpc';
import { ConfigService } from './generated/connect/demo/v1/demo_pb.js';
import { EventServiceClient, type ExchangeRequest, type ExchangeResponse } from './generated/grpc-js/demo/v1/demo.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { drainAndWait } from './cases/locks/session-base.js';
type Call = ClientDuplexStream<ExchangeRequest, ExchangeResponse>;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 16 + n;
const across = (line: number, column: number, lock: string, holder: string, what: string, via = '') => ({
  messageId: 'acrossPeerWait' as const,
  line: at(line),
  column,
  data: { lock, holder, what, via },
});
const nice = `const channel = createChannel('localhost:50051');
const client = createClient(EventServiceDefinition, channel);`;
const connect = `const config = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));`;

createRuleTester().run('no-lock-across-close', rule, {
  valid: [
    {
      name: 'bounded RPCs: timeoutMs, a deadline, AbortSignal.timeout',
      code: code(`${nice}
${connect}
const mu = new Mutex();
export function f() {
  return mu.runExclusive(async () => {
    await config.getConfig({ key: 'a' }, { timeoutMs: 1_000 });
    await client.ping({}, { deadline: new Date(Date.now() + 1_000) });
    await client.ping({}, { signal: AbortSignal.timeout(1_000) });
    await client.ping({}, { signal: AbortSignal.any([AbortSignal.timeout(1_000)]) });
  });
}`),
    },
    {
      name: 'a connect client whose transport sets defaultTimeoutMs bounds every call',
      code: code(`const bounded = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://localhost:8080', defaultTimeoutMs: 2_000 }));
const mu = new Mutex();
export function f() {
  return mu.runExclusive(() => bounded.getConfig({ key: 'a' }));
}`),
    },
    {
      name: 'file and in-memory streams end and drain by themselves',
      code: code(`import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
const mu = new Mutex();
const log = createWriteStream('/tmp/app.log');
export function f(line: string) {
  return mu.runExclusive(async () => {
    await new Promise<void>((resolve) => log.write(line, () => resolve()));
    await once(log, 'drain');
    for await (const chunk of Readable.from(['a', 'b'])) void chunk;
  });
}`),
    },
    {
      name: 'a race with a timer; a wait that is not awaited',
      code: code(`const mu = new Mutex();
export function f(call: Call) {
  return mu.runExclusive(async () => {
    call.end();
    await Promise.race([once(call, 'finish'), sleep(5_000)]);
    void finished(call);
  });
}`),
    },
    {
      name: 'bounded locks: withTimeout, async-lock timeout options, await-lock acquireAsync({ timeout })',
      code: code(`const mu = withTimeout(new Mutex(), 5_000);
const keyed = new AsyncLock({ maxOccupationTime: 5_000 });
const plain = new AsyncLock();
const awaitLock = new AwaitLock();
export function f(call: Call) {
  return mu.runExclusive(() => once(call, 'finish'));
}
export function g(call: Call) {
  return keyed.acquire('k', () => once(call, 'finish'));
}
export function h(call: Call) {
  return plain.acquire('k', () => once(call, 'finish'), { timeout: 1_000 });
}
export async function i(call: Call) {
  await awaitLock.acquireAsync({ timeout: 1_000 });
  try {
    await once(call, 'finish');
  } finally {
    awaitLock.release();
  }
}`),
    },
    {
      name: 'article 003: one request and its reply under the lock is a read, not a wait on close',
      code: code(`const mu = new Mutex();
export function f(call: Call, req: ExchangeRequest) {
  return mu.runExclusive(async () => {
    const reply = once(call, 'data');
    call.write(req);
    return (await reply)[0] as ExchangeResponse;
  });
}`),
    },
    {
      name: 'pure awaits, another lock, a sleep; an end event of an emitter that is not a stream',
      code: code(`const mu = new Mutex();
const other = new Mutex();
const bus = new EventEmitter();
export function f() {
  return mu.runExclusive(async () => {
    await Promise.resolve(1);
    await other.runExclusive(() => 2);
    await sleep(10);
    await once(bus, 'close');
  });
}`),
    },
    {
      name: 'snapshot under the lock, wait outside it (the fix of PR #7662)',
      code: code(`const mu = new Mutex();
export class S {
  private readonly lock = new AwaitLock();
  constructor(private readonly call: Call) {}
  async close() {
    const pending = await mu.runExclusive(() => 1);
    await this.lock.acquireAsync();
    try {
      this.call.end();
    } finally {
      this.lock.release();
    }
    await once(this.call, 'finish');
    return pending;
  }
}`),
    },
    {
      name: 'acquire/release: released on the branch that waits',
      code: code(`const mu = new Mutex();
export async function f(call: Call, fast: boolean) {
  const release = await mu.acquire();
  if (fast) {
    release();
    await once(call, 'finish');
    return;
  }
  release();
}`),
    },
    {
      name: 'a counting semaphore, a shared Web Lock, an any-typed lock',
      code: code(`const sem = new Semaphore(8);
export function f(call: Call, lock: any) {
  void lock.runExclusive(() => once(call, 'finish'));
  void navigator.locks.request('x', { mode: 'shared' }, () => once(call, 'finish'));
  return sem.runExclusive(() => once(call, 'finish'));
}`),
    },
    {
      name: 'a close-like method with a body that does not wait; a close-like name not in the option',
      options: [{ closeMethods: ['teardown'] }],
      code: code(`interface Conn { close(): Promise<void> }
const mu = new Mutex();
export class Flag {
  private closed = false;
  async stop() {
    this.closed = true;
  }
}
export function f(conn: Conn, flag: Flag) {
  return mu.runExclusive(async () => {
    await conn.close();
    await flag.stop();
  });
}`),
    },
  ],
  invalid: [
    {
      name: 'the article: a promisified grpc-js write under runExclusive; the goodbye waits for finish',
      code: code(`const tso = new EventServiceClient('localhost:2379', credentials.createInsecure());
export class Session {
  private readonly mu = new Mutex();
  private readonly call = tso.exchange();
  send(req: ExchangeRequest) {
    return this.mu.runExclusive(async () => {
      await new Promise<void>((resolve, reject) => {
        this.call.write(req, (err?: Error | null) => (err ? reject(err) : resolve()));
      });
    });
  }
  close() {
    return this.mu.runExclusive(async () => {
      this.call.end();
      await once(this.call, 'finish');
    });
  }
}`),
      errors: [
        across(7, 7, '`this.mu`', 'send()', 'the callback of `this.call.write()`, which waits for the peer to read'),
        across(15, 7, '`this.mu`', 'close()', '`once(this.call, \'finish\')`'),
      ],
    },
    {
      name: "drain and finished(); a returned wait in a scoped callback is waited for",
      code: code(`const mu = new Mutex();
export function f(call: Call) {
  return mu.runExclusive(async () => {
    await once(call, 'drain');
    return finished(call);
  });
}`),
      errors: [
        across(4, 5, '`mu`', 'f()', "`once(call, 'drain')`"),
        across(5, 12, '`mu`', 'f()', '`finished(call)`'),
      ],
    },
    {
      name: 'connect RPC under an async-lock key (no timeout); nice-grpc ping under await-lock acquire/release',
      code: code(`${nice}
${connect}
const lock = new AsyncLock();
const awaitLock = new AwaitLock();
export function f() {
  return lock.acquire('config', async () => (await config.getConfig({ key: 'a' })).value);
}
export async function g() {
  await awaitLock.acquireAsync();
  try {
    await client.ping({ message: 'bye' });
  } finally {
    awaitLock.release();
  }
}`),
      errors: [
        across(7, 46, '`lock` ("config")', 'f()', 'the RPC `config.getConfig()`'),
        across(12, 5, '`awaitLock`', 'g()', 'the RPC `client.ping()`'),
      ],
    },
    {
      name: 'a promisified grpc-js unary call; a nice-grpc graceful shutdown; for await over a stream',
      code: code(`${nice}
const events = new EventServiceClient('localhost:2379', credentials.createInsecure());
const server = createServer();
const mu = new Mutex();
export function f() {
  return mu.runExclusive(async () => {
    await new Promise((resolve, reject) => events.ping({ message: 'x' }, (err, res) => (err ? reject(err) : resolve(res))));
    await server.shutdown();
    for await (const ev of client.watch({ topic: 't' })) console.log(ev);
  });
}`),
      errors: [
        across(8, 5, '`mu`', 'f()', 'the RPC `events.ping()`'),
        across(9, 5, '`mu`', 'f()', '`server.shutdown()`, which waits for every open call'),
        across(10, 5, '`mu`', 'f()', "the messages of `client.watch({ topic: 't' })` until the peer ends it"),
      ],
    },
    {
      name: 'through a helper in another file; a close-like method of your own interface; a custom name',
      options: [{ closeMethods: ['close', 'teardown'] }],
      code: code(`interface Conn { close(): Promise<void>; teardown(): Promise<void> }
export class S {
  private readonly mu = new Mutex();
  constructor(private readonly call: Call, private readonly conn: Conn) {}
  private finish() {
    return drainAndWait(this.call);
  }
  stop() {
    return this.mu.runExclusive(async () => {
      await this.finish();
      await this.conn.close();
      await this.conn.teardown();
    });
  }
}`),
      errors: [
        across(10, 7, '`this.mu`', 'stop()', '`once(call, "finish")`', ' (through finish() → drainAndWait())'),
        across(11, 7, '`this.mu`', 'stop()', '`this.conn.close()`, which usually waits for the peer'),
        across(12, 7, '`this.mu`', 'stop()', '`this.conn.teardown()`, which usually waits for the peer'),
      ],
    },
    {
      name: 'network streams: a socket and an HTTP response; a grpc-js server stream',
      code: code(`import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { ServerWritableStream } from '@grpc/grpc-js';
const mu = new Mutex();
export function f(socket: Socket, res: ServerResponse, call: ServerWritableStream<ExchangeRequest, ExchangeResponse>) {
  return mu.runExclusive(async () => {
    await new Promise((resolve) => socket.end(resolve));
    await once(res, 'finish');
    await once(call, 'drain');
  });
}`),
      errors: [
        across(7, 5, '`mu`', 'f()', 'the callback of `socket.end()`, which waits for the peer to read'),
        across(8, 5, '`mu`', 'f()', "`once(res, 'finish')`"),
        across(9, 5, '`mu`', 'f()', "`once(call, 'drain')`"),
      ],
    },
    {
      name: 'a release on one branch only; a lock passed in as a parameter is still held',
      code: code(`const mu = new Mutex();
export async function f(call: Call, fast: boolean) {
  const release = await mu.acquire();
  if (fast) {
    release();
  } else {
    await once(call, 'finish');
    release();
  }
}
export function g(lock: Mutex, call: Call) {
  return lock.runExclusive(() => finished(call));
}`),
      errors: [
        across(7, 5, '`mu`', 'f()', "`once(call, 'finish')`"),
        across(12, 34, '`lock`', 'g()', '`finished(call)`'),
      ],
    },
  ],
});
