import rule from '../../rules/no-concurrent-stream-read.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports and clients take lines 2–13, so each body starts at line 14.
const imports = `
import { once } from 'node:events';
import { credentials, Server, type ClientDuplexStream, type ClientReadableStream } from '@grpc/grpc-js';
import { createClient as createConnectClient, type ConnectRouter } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createChannel, createClient as createNiceClient, createServer } from 'nice-grpc';
import { EventServiceClient, EventServiceService, type ExchangeRequest, type ExchangeResponse, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
import { EventServiceDefinition, type EventServiceClient as NiceClient, type ExchangeResponse as NiceResponse } from './generated/nice-grpc/demo/v1/demo.js';
const client = new EventServiceClient('localhost:50051', credentials.createInsecure());
const connect = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));
const nice = createNiceClient(EventServiceDefinition, createChannel('localhost:50051'));
type Bidi = ClientDuplexStream<ExchangeRequest, ExchangeResponse>;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 13 + n;

const PUBLIC_METHOD = 'a public async method';
const EXPORTED = 'an exported async function';
const ONCE_EFFECT = "callers get each other's replies, and some are lost";
const OVERLAP_SPLIT = 'each reader sees only part of its messages';
const SPLIT_EFFECT = "callers get each other's replies";

/** The per-host pool of bidi streams from article 003 (tikv/pd #9091), lines 1–11 of a body. */
const pool = `const streams = new Map<string, Bidi>();
function streamFor(host: string): Bidi {
  let stream = streams.get(host);
  if (!stream) {
    stream = new EventServiceClient(host, credentials.createInsecure()).exchange();
    stream.on('error', () => streams.delete(host));
    streams.set(host, stream);
  }
  return stream;
}
`;

createRuleTester().run('no-concurrent-stream-read', rule, {
  valid: [
    {
      name: "a synchronous 'readable' listener drains the buffer with read(): it cannot suspend, so its runs never overlap",
      code: code(`export class Drainer {
  private readonly stream: Bidi = client.exchange();
  private readonly seen: ExchangeResponse[] = [];
  listen(): void {
    this.stream.on('readable', () => {
      let chunk: ExchangeResponse | null;
      while ((chunk = this.stream.read() as ExchangeResponse | null) !== null) this.seen.push(chunk);
    });
  }
}`),
    },
    {
      name: 'a synchronous setInterval callback that takes what is buffered with read()',
      code: code(`const shared: Bidi = client.exchange();
const seen: unknown[] = [];
setInterval(() => {
  const chunk: unknown = shared.read();
  if (chunk !== null) seen.push(chunk);
}, 100);`),
    },
    // ---- the two fixes of article 003 ----
    {
      name: 'fix 1: one async-mutex lock per host around write + read (runExclusive)',
      code: code(`import { Mutex } from 'async-mutex';
${pool}const locks = new Map<string, Mutex>();
export function tso(host: string, id: string): Promise<ExchangeResponse> {
  const stream = streamFor(host);
  const mu = locks.get(host) ?? new Mutex();
  locks.set(host, mu);
  return mu.runExclusive(async () => {
    const reply = once(stream, 'data');
    stream.write({ count: 1, id });
    return ((await reply) as [ExchangeResponse])[0];
  });
}`),
    },
    {
      name: "fix 2: one 'data' listener registered in the constructor routes replies by id (the demultiplexer)",
      code: code(`export class Demux {
  private readonly stream: Bidi = client.exchange();
  private readonly pending = new Map<string, (r: ExchangeResponse) => void>();
  constructor() {
    this.stream.on('data', (r: ExchangeResponse) => this.pending.get(r.id)?.(r));
  }
  ask(count: number, id: string): Promise<ExchangeResponse> {
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.stream.write({ count, id });
    });
  }
}`),
    },
    {
      name: 'demultiplexer registered by a public async connect() guarded by a flag',
      code: code(`export class Demux {
  private readonly stream: Bidi = client.exchange();
  private connected = false;
  async connect(): Promise<void> {
    if (this.connected) return;
    this.connected = true;
    this.stream.on('data', (r: ExchangeResponse) => console.log(r.id));
  }
}`),
    },
    {
      name: 'a field stream read by one private loop started once, from the constructor',
      code: code(`export class Watcher {
  private readonly call: ClientReadableStream<WatchEvent> = client.watch({ topic: 't', sinceRevision: 0 });
  readonly seen: WatchEvent[] = [];
  constructor() {
    void this.loop();
  }
  private async loop(): Promise<void> {
    for await (const ev of this.call) this.seen.push(ev as WatchEvent);
  }
}`),
    },
    {
      name: 'the loop started from a public start() guarded by a flag',
      code: code(`export class Watcher {
  private readonly call: ClientReadableStream<WatchEvent> = client.watch({ topic: 't', sinceRevision: 0 });
  private started = false;
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.loop();
  }
  private async loop(): Promise<void> {
    for await (const ev of this.call) console.log(ev);
  }
}`),
    },
    {
      name: 'the loop memoised in a field: this.running ??= this.loop()',
      code: code(`export class Watcher {
  private readonly call: ClientReadableStream<WatchEvent> = client.watch({ topic: 't', sinceRevision: 0 });
  private running?: Promise<void>;
  start(): Promise<void> {
    return (this.running ??= this.loop());
  }
  private async loop(): Promise<void> {
    for await (const ev of this.call) console.log(ev);
  }
}`),
    },
    // ---- reads under a lock (held regions from src/analysis/locks/critical-sections.ts) ----
    {
      name: 'async-mutex: acquire() … release() in finally around write + read',
      code: code(`import { Mutex } from 'async-mutex';
${pool}const mu = new Mutex();
export async function tso(host: string, id: string): Promise<unknown> {
  const stream = streamFor(host);
  const release = await mu.acquire();
  try {
    stream.write({ count: 1, id });
    return await once(stream, 'data');
  } finally {
    release();
  }
}`),
    },
    {
      name: 'async-mutex: runExclusive in a public async method over a field stream',
      code: code(`import { Mutex } from 'async-mutex';
export class Asker {
  private readonly mu = new Mutex();
  constructor(private readonly stream: Bidi) {}
  async ask(id: string): Promise<unknown> {
    return this.mu.runExclusive(async () => {
      this.stream.write({ count: 1, id });
      return once(this.stream, 'data');
    });
  }
}`),
    },
    {
      name: 'async-lock: acquire(key, fn) per host',
      code: code(`import AsyncLock from 'async-lock';
${pool}const lock = new AsyncLock();
export async function tso(host: string, id: string): Promise<unknown> {
  return lock.acquire(host, async () => {
    const stream = streamFor(host);
    stream.write({ count: 1, id });
    return once(stream, 'data');
  });
}`),
    },
    {
      name: 'await-lock: acquireAsync() … release() in finally',
      code: code(`import AwaitLock from 'await-lock';
export class Asker {
  private readonly lock = new AwaitLock();
  constructor(private readonly responses: AsyncIterator<NiceResponse>) {}
  async ask(): Promise<unknown> {
    await this.lock.acquireAsync();
    try {
      return await this.responses.next();
    } finally {
      this.lock.release();
    }
  }
}`),
    },
    {
      name: 'Web Locks: navigator.locks.request(name, fn)',
      code: code(`const feed = connect.watch({ topic: 'all' });
export async function nextEvent(): Promise<unknown> {
  return navigator.locks.request('feed', async () => {
    for await (const ev of feed) return ev;
    return undefined;
  });
}`),
    },
    {
      name: 'a private reader whose only caller holds the lock around the call',
      code: code(`import { Mutex } from 'async-mutex';
export class Asker {
  private readonly mu = new Mutex();
  constructor(private readonly stream: Bidi) {}
  async ask(id: string): Promise<unknown> {
    const release = await this.mu.acquire();
    try {
      this.stream.write({ count: 1, id });
      return await this.readOne();
    } finally {
      release();
    }
  }
  private async readOne(): Promise<unknown> {
    return once(this.stream, 'data');
  }
}`),
    },
    {
      name: 'limit (a miss): a Semaphore(2) lets two readers in, but its callback is a callback the analysis does not follow',
      code: code(`import { Semaphore } from 'async-mutex';
export class Asker {
  private readonly sem = new Semaphore(2);
  constructor(private readonly stream: Bidi) {}
  async ask(): Promise<unknown> {
    return this.sem.runExclusive(async () => once(this.stream, 'data'));
  }
}`),
    },
    // ---- one stream per call ----
    {
      name: 'each call creates and reads its own stream',
      code: code(`export async function latest(topic: string): Promise<bigint> {
  let revision = 0n;
  for await (const ev of connect.watch({ topic })) revision = ev.revision;
  return revision;
}`),
    },
    {
      name: "a reconnect loop puts a fresh call in a closure's let before reading it: each run reads its own stream",
      code: code(`export class Follower {
  follow(topic: string, onEvent: (ev: WatchEvent) => void): void {
    let call: ClientReadableStream<WatchEvent> | undefined;
    const start = async (): Promise<void> => {
      call = client.watch({ topic, sinceRevision: 0 });
      call.on('data', onEvent);
      call.on('error', () => undefined);
      call.on('end', async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await start();
      });
    };
    void start();
  }
}`),
    },
    {
      name: 'a reconnect loop whose fresh call is made by a computed method name on a client of a mapped type',
      code: code(`type Services = { [name: string]: any };
export class Follower<P extends Services> {
  private service: InstanceType<P['events']> | null = null;
  follow(method: keyof InstanceType<P['events']>, onEvent: (ev: WatchEvent) => void): void {
    let call: ClientReadableStream<WatchEvent>;
    const start = async (): Promise<void> => {
      if (!this.service) return;
      call = this.service[method]({ topic: 't' });
      call.on('data', onEvent);
      call.on('end', () => void start());
    };
    void start();
  }
}`),
    },
    {
      name: 'a field assigned a fresh stream right before the read: each run reads its own',
      code: code(`export class Tail {
  private call?: ClientReadableStream<WatchEvent>;
  async follow(topic: string): Promise<void> {
    this.call = client.watch({ topic, sinceRevision: 0 });
    for await (const ev of this.call) console.log(ev);
  }
}`),
    },
    {
      name: 'a field assigned a fresh stream before a read inside the new Promise executor of the same run',
      code: code(`export class Asker {
  private call: Bidi | null = null;
  ask(id: string): Promise<ExchangeResponse> {
    this.call = client.exchange();
    this.call.write({ count: 1, id });
    return new Promise((resolve) => this.call!.once('data', resolve));
  }
}`),
    },
    {
      name: 'Promise.all over two different streams, each read by one loop',
      code: code(`export async function both(a: string, b: string, out: unknown[]): Promise<void> {
  const callA = client.watch({ topic: a, sinceRevision: 0 });
  const callB = client.watch({ topic: b, sinceRevision: 0 });
  await Promise.all([
    (async () => { for await (const ev of callA) out.push(ev); })(),
    (async () => { for await (const ev of callB) out.push(ev); })(),
  ]);
}`),
    },
    {
      name: 'one loop feeds every sink',
      code: code(`export async function fanOut(topic: string, sinks: ReadonlyArray<(ev: unknown) => void>): Promise<void> {
  for await (const ev of connect.watch({ topic })) for (const sink of sinks) sink(ev);
}`),
    },
    {
      name: 'a helper in another file that returns a fresh stream per call (summary: no shared storage)',
      code: code(`import { freshStream } from './cases/streams/pool.js';
export async function tso(host: string): Promise<unknown> {
  const stream = freshStream(host);
  return once(stream, 'data');
}`),
    },
    {
      name: 'a helper in another file that returns its parameter: the caller owns the stream',
      code: code(`import { passThrough } from './cases/streams/pool.js';
export async function tso(mine: Bidi): Promise<unknown> {
  return once(passThrough(mine), 'data');
}`),
    },
    // ---- where knowledge ends: quiet ----
    {
      name: 'any-typed stream in a field',
      code: code(`export class Loose {
  constructor(private readonly stream: any) {}
  async next(): Promise<unknown> {
    return once(this.stream, 'data');
  }
}`),
    },
    {
      name: 'any-typed stream from a module Map',
      code: code(`const loose = new Map<string, any>();
export async function read(host: string): Promise<unknown> {
  return once(loose.get(host), 'data');
}`),
    },
    {
      name: 'limit: a connect stream kept in a Map has only the type AsyncIterable, which says nothing',
      code: code(`const watches = new Map<string, AsyncIterable<unknown>>();
export async function first(topic: string): Promise<unknown> {
  for await (const ev of watches.get(topic)!) return ev;
  return undefined;
}`),
    },
    {
      name: 'a shared stream read in a function whose concurrency the code does not show (unexported, never called)',
      code: code(`${pool}async function tso(host: string, id: string): Promise<unknown> {
  const stream = streamFor(host);
  stream.write({ count: 1, id });
  return once(stream, 'data');
}`),
    },
    {
      name: 'limit: a callback of an unknown function (a queue may run its tasks one at a time)',
      code: code(`declare const queue: { add<T>(task: () => Promise<T>): Promise<T> };
${pool}export function tso(host: string, id: string): Promise<unknown> {
  return queue.add(async () => {
    const stream = streamFor(host);
    stream.write({ count: 1, id });
    return once(stream, 'data');
  });
}`),
    },
    {
      name: 'limit: a public method that is not async is not taken as concurrent',
      code: code(`export class Pull {
  private readonly it = nice.exchange([])[Symbol.asyncIterator]();
  next(): Promise<IteratorResult<NiceResponse>> {
    return this.it.next();
  }
}`),
    },
    {
      name: "one demultiplexer chained on the creation in a cached creator; the per-request method only writes and waits on a pending map",
      code: code(`const cache = new WeakMap<EventServiceClient, Promise<Bidi>>();
const pending = new Map<string, (reply: ExchangeResponse) => void>();
function streamOf(owner: EventServiceClient): Promise<Bidi> {
  let stream = cache.get(owner);
  if (!stream) {
    stream = Promise.resolve(
      owner.exchange().on('data', (reply: ExchangeResponse) => {
        pending.get(reply.id)?.(reply);
        pending.delete(reply.id);
      }),
    );
    cache.set(owner, stream);
  }
  return stream;
}
export async function append(owner: EventServiceClient, id: string): Promise<ExchangeResponse> {
  const stream = await streamOf(owner);
  return new Promise((resolve) => {
    pending.set(id, resolve);
    stream.write({ count: 1, id });
  });
}`),
    },
    {
      name: 'one reader loop, started from the constructor, that restarts itself from its own finally (one loop at a time)',
      code: code(`export class Listener {
  private events: AsyncIterable<unknown> | undefined;
  constructor() {
    void this.init();
  }
  private async init(retries = 0): Promise<void> {
    try {
      this.events = connect.watch({ topic: 'runs' });
      for await (const ev of this.events) void ev;
    } finally {
      void this.init(retries + 1);
    }
  }
}`),
    },
    {
      name: "a server handler relays every message of a shared upstream to its own call: a 'data' listener outside a promise is a broadcast, not a reply",
      code: code(`import { sharedWatch } from './cases/streams/pool.js';
const server = new Server();
server.addService(EventServiceService, {
  watch(call: { write(ev: WatchEvent): boolean }) {
    sharedWatch.on('data', (ev: WatchEvent) => call.write(ev));
  },
});`),
    },
    {
      name: "a public subscribe(handler) adds one 'data' listener per subscriber (a broadcast)",
      code: code(`export class Feed {
  private readonly stream: Bidi = client.exchange();
  async subscribe(handler: (reply: ExchangeResponse) => void): Promise<void> {
    this.stream.on('data', handler);
  }
}`),
    },
    {
      name: "limit: a callback-style method (not async, no promise) that takes once('data') per call is not taken as concurrent",
      code: code(`export class Feed {
  private readonly stream: Bidi = client.exchange();
  onReply(handler: (reply: ExchangeResponse) => void): void {
    this.stream.once('data', handler);
  }
}`),
    },
    {
      name: "two 'data' listeners registered one after the other in one function: both get every message (a broadcast)",
      code: code(`export function mirror(topic: string, a: unknown[], b: unknown[]): void {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', (ev) => a.push(ev));
  call.on('data', (ev) => b.push(ev));
}`),
    },
    {
      name: "a 'data' listener registered after the for await has ended",
      code: code(`export async function drainThenListen(call: ClientReadableStream<WatchEvent>, out: unknown[]): Promise<void> {
  for await (const ev of call) out.push(ev);
  call.on('data', (ev) => out.push(ev));
}`),
    },
    {
      name: 'a synchronous .forEach callback (not async) runs one copy at a time',
      code: code(`export function each(calls: ClientReadableStream<WatchEvent>[], out: unknown[]): void {
  const call = client.watch({ topic: 't', sinceRevision: 0 });
  calls.forEach(() => call.on('error', () => out.push(1)));
}`),
    },
    {
      name: 'a one-shot timer in a constructor reads once',
      code: code(`export class Later {
  private readonly call: ClientReadableStream<WatchEvent> = client.watch({ topic: 't', sinceRevision: 0 });
  constructor() {
    setTimeout(() => this.call.on('data', (ev) => console.log(ev)), 10);
  }
}`),
    },
  ],
  invalid: [
    {
      name: "an async 'readable' listener that awaits before read(): a second event runs it while the first waits",
      code: code(`export class Drainer {
  private readonly stream: Bidi = client.exchange();
  private readonly seen: ExchangeResponse[] = [];
  listen(): void {
    this.stream.on('readable', async () => {
      await Promise.resolve();
      const chunk = this.stream.read() as ExchangeResponse | null;
      if (chunk) this.seen.push(chunk);
    });
  }
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(7),
          column: 21,
          data: {
            name: 'this.stream',
            stream: 'grpc-js bidi call',
            storage: 'the field `this.stream`',
            reason: "a 'readable' listener (line 18)",
            effect: SPLIT_EFFECT,
          },
        },
      ],
    },
    // ---- (a) a shared stream read where callers overlap ----
    {
      name: 'article 003: a per-host Map of grpc-js bidi streams, write + once(data) in an exported async function',
      code: code(`${pool}export async function tso(host: string, count: number, id: string): Promise<ExchangeResponse> {
  const stream = streamFor(host);
  stream.write({ count, id });
  const [resp] = (await once(stream, 'data')) as [ExchangeResponse];
  return resp;
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(14),
          column: 25,
          endColumn: 45,
          data: { name: 'stream', stream: 'grpc-js bidi call', storage: 'the `Map` `streams` (via `streamFor()`)', reason: EXPORTED, effect: ONCE_EFFECT },
        },
      ],
    },
    {
      name: 'the per-host Map inline: the read follows a branch that creates and stores a new stream',
      code: code(`const streams = new Map<string, Bidi>();
export async function tso(host: string, id: string): Promise<unknown> {
  let stream = streams.get(host);
  if (!stream) {
    stream = client.exchange();
    streams.set(host, stream);
  }
  stream.write({ count: 1, id });
  return once(stream, 'data');
}`),
      errors: [{ messageId: 'sharedRead', line: at(9), column: 10, data: { name: 'stream', stream: 'grpc-js bidi call', storage: 'the `Map` `streams`', reason: EXPORTED, effect: ONCE_EFFECT } }],
    },
    {
      name: 'a field assigned from shared storage (not a fresh stream) before the read',
      code: code(`export class Router {
  private current?: Bidi;
  constructor(private readonly pool: Map<string, Bidi>) {}
  async ask(host: string): Promise<unknown> {
    this.current = this.pool.get(host);
    return once(this.current!, 'data');
  }
}`),
      errors: [{ messageId: 'sharedRead', line: at(6), column: 12, data: { name: 'this.current', stream: 'grpc-js bidi call', storage: 'the field `this.current`', reason: PUBLIC_METHOD, effect: ONCE_EFFECT } }],
    },
    {
      name: 'a helper in another file hands out the pooled stream of a host (summary across files)',
      code: code(`import { pooledStream } from './cases/streams/pool.js';
export async function tso(host: string, id: string): Promise<unknown> {
  const stream = pooledStream(host);
  stream.write({ count: 1, id });
  return once(stream, 'data');
}`),
      errors: [{ messageId: 'sharedRead', line: at(5), column: 10, data: { name: 'stream', stream: 'grpc-js bidi call', storage: 'the `Map` `pool` (via `pooledStream()`)', reason: EXPORTED, effect: ONCE_EFFECT } }],
    },
    {
      name: 'nice-grpc: the response iterator of one Exchange call kept in a field, next() in a public async method',
      code: code(`export class Forwarder {
  private readonly responses: AsyncIterator<NiceResponse>;
  constructor(c: NiceClient) {
    this.responses = c.exchange([])[Symbol.asyncIterator]();
  }
  async ask(): Promise<NiceResponse> {
    const next = await this.responses.next();
    if (next.done) throw new Error('closed');
    return next.value;
  }
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(7),
          column: 24,
          data: { name: 'this.responses', stream: 'nice-grpc stream', storage: 'the field `this.responses`', reason: PUBLIC_METHOD, effect: SPLIT_EFFECT },
        },
      ],
    },
    {
      name: 'connect: a module-level stream read by an exported async function',
      code: code(`const feed = connect.watch({ topic: 'all' });
export async function nextEvent(): Promise<unknown> {
  for await (const ev of feed) return ev;
  return undefined;
}`),
      errors: [{ messageId: 'sharedRead', line: at(3), column: 26, data: { name: 'feed', stream: 'connect stream', storage: 'the module variable `feed`', reason: EXPORTED, effect: SPLIT_EFFECT } }],
    },
    {
      name: 'the private loop over a field stream started from a public method with no guard',
      code: code(`export class Watcher {
  private readonly call: ClientReadableStream<WatchEvent> = client.watch({ topic: 't', sinceRevision: 0 });
  start(): void {
    void this.loop();
  }
  private async loop(): Promise<void> {
    for await (const ev of this.call) console.log(ev);
  }
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(7),
          column: 28,
          data: {
            name: 'this.call',
            stream: 'grpc-js call',
            storage: 'the field `this.call`',
            reason: '`loop()` is started without `await` on line 17 from `start()`, which callers can call again while the first run is still going',
            effect: SPLIT_EFFECT,
          },
        },
      ],
    },
    {
      name: 'a private reader called twice inside Promise.all',
      code: code(`export class Pair {
  constructor(private readonly stream: Bidi) {}
  private async one(): Promise<unknown> {
    return once(this.stream, 'data');
  }
  both(): Promise<unknown[]> {
    return Promise.all([this.one(), this.one()]);
  }
}`),
      errors: [{ messageId: 'sharedRead', line: at(4), column: 12, data: { name: 'this.stream', stream: 'grpc-js bidi call', storage: 'the field `this.stream`', reason: '`one()` is called more than once inside `Promise.all` on line 20', effect: ONCE_EFFECT } }],
    },
    {
      name: 'a private reader started without await in a loop',
      code: code(`export class Spray {
  constructor(private readonly stream: Bidi) {}
  run(n: number): void {
    for (let i = 0; i < n; i++) void this.read();
  }
  private async read(): Promise<void> {
    await once(this.stream, 'data');
  }
}`),
      errors: [{ messageId: 'sharedRead', line: at(7), column: 11 }],
    },
    {
      name: "a public async method adds a 'data' listener to a field stream on every call",
      code: code(`export class Asker {
  constructor(private readonly stream: Bidi) {}
  async ask(id: string): Promise<ExchangeResponse> {
    this.stream.write({ count: 1, id });
    return new Promise((resolve) => this.stream.on('data', resolve));
  }
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(5),
          column: 37,
          data: {
            name: 'this.stream',
            stream: 'grpc-js bidi call',
            storage: 'the field `this.stream`',
            reason: PUBLIC_METHOD,
            effect: "each caller also gets the others' replies",
          },
        },
      ],
    },
    {
      name: "item 4: a public method that is not async but returns a promise takes the next message off a field stream (once('data') per request)",
      code: code(`export class Asker {
  private readonly stream: Bidi = client.exchange();
  ask(id: string): Promise<ExchangeResponse> {
    return new Promise((resolve) => {
      this.stream.once('data', resolve);
      this.stream.write({ count: 1, id });
    });
  }
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(5),
          column: 7,
          data: {
            name: 'this.stream',
            stream: 'grpc-js bidi call',
            storage: 'the field `this.stream`',
            reason: 'a public method that returns a promise',
            effect: ONCE_EFFECT,
          },
        },
      ],
    },
    {
      name: "item 4: an exported function returning a promise adds a 'data' listener to a pooled stream from another file",
      code: code(`import { pooledStream } from './cases/streams/pool.js';
export function ask(host: string, id: string): Promise<ExchangeResponse> {
  const stream = pooledStream(host);
  return new Promise((resolve) => {
    stream.on('data', (reply: ExchangeResponse) => resolve(reply));
    stream.write({ count: 1, id });
  });
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(5),
          column: 5,
          data: {
            name: 'stream',
            stream: 'grpc-js bidi call',
            storage: 'the `Map` `pool` (via `pooledStream()`)',
            reason: 'an exported function that returns a promise',
            effect: "each caller also gets the others' replies",
          },
        },
      ],
    },
    {
      name: 'item 4: a grpc-js server handler loops over a module-level upstream stream from another file',
      code: code(`import { sharedWatch } from './cases/streams/pool.js';
const server = new Server();
server.addService(EventServiceService, {
  async watch(call: { write(ev: WatchEvent): boolean }) {
    for await (const ev of sharedWatch) call.write(ev as WatchEvent);
  },
});`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(5),
          column: 28,
          data: {
            name: 'sharedWatch',
            stream: 'grpc-js call',
            storage: 'the module variable `sharedWatch`',
            reason: 'a server method handler registered with grpc-js `addService` on line 16',
            effect: SPLIT_EFFECT,
          },
        },
      ],
    },
    {
      name: 'item 4: an async .map callback pulls next() from an iterator kept in a field',
      code: code(`export class Fan {
  private readonly responses = connect.watch({ topic: 't' })[Symbol.asyncIterator]();
  async take(ids: readonly string[]) {
    return Promise.all(ids.map(async (id) => ({ id, event: (await this.responses.next()).value })));
  }
}`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(4),
          column: 67,
          data: {
            name: 'this.responses',
            stream: 'connect stream',
            storage: 'the field `this.responses`',
            reason: 'every element runs the async `.map` callback on line 17, and its copies run at the same time',
            effect: SPLIT_EFFECT,
          },
        },
      ],
    },
    {
      name: 'an element of a pool of streams, read in a public async method',
      code: code(`export class Pool {
  private readonly streams: Bidi[] = [client.exchange(), client.exchange()];
  async ask(i: number): Promise<unknown> {
    return once(this.streams[i % 2]!, 'data');
  }
}`),
      errors: [{ messageId: 'sharedRead', line: at(4), column: 12, data: { name: 'this.streams[i % 2]', stream: 'grpc-js bidi call', storage: 'an element of the field `this.streams`', reason: PUBLIC_METHOD, effect: ONCE_EFFECT } }],
    },
    {
      name: 'a setInterval callback reads a shared stream while an earlier tick may still wait',
      code: code(`const shared: Bidi = client.exchange();
setInterval(async () => {
  shared.write({ count: 1, id: 'tick' });
  await once(shared, 'data');
}, 100);`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(4),
          column: 9,
          data: { name: 'shared', stream: 'grpc-js bidi call', storage: 'the module variable `shared`', reason: 'a `setInterval` callback (line 15)', effect: ONCE_EFFECT },
        },
      ],
    },
    {
      name: "a synchronous listener that takes the next reply with once(…, 'data'): the promise outlives the run",
      code: code(`import { EventEmitter } from 'node:events';
const shared: Bidi = client.exchange();
const requests = new EventEmitter();
requests.on('request', (id: string, reply: (resp: unknown) => void) => {
  shared.write({ count: 1, id });
  void once(shared, 'data').then(reply);
});`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(6),
          column: 8,
          data: { name: 'shared', stream: 'grpc-js bidi call', storage: 'the module variable `shared`', reason: "a 'request' listener (line 17)", effect: ONCE_EFFECT },
        },
      ],
    },
    {
      name: 'an event handler reads a shared stream; the event can fire again',
      code: code(`import { EventEmitter } from 'node:events';
const shared: Bidi = client.exchange();
const requests = new EventEmitter();
requests.on('request', async (id: string) => {
  shared.write({ count: 1, id });
  await once(shared, 'data');
});`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(6),
          column: 9,
          data: { name: 'shared', stream: 'grpc-js bidi call', storage: 'the module variable `shared`', reason: "a 'request' listener (line 17)", effect: ONCE_EFFECT },
        },
      ],
    },
    {
      name: 'grpc-js server: a handler of addService reads one shared upstream stream',
      code: code(`const upstream: Bidi = client.exchange();
const server = new Server();
server.addService(EventServiceService, {
  ping(call: unknown, callback: (e: null, r: unknown) => void) {
    upstream.write({ count: 1, id: 'x' });
    upstream.once('data', (r) => callback(null, r));
  },
});`),
      errors: [
        {
          messageId: 'sharedRead',
          line: at(6),
          column: 5,
          data: { name: 'upstream', stream: 'grpc-js bidi call', storage: 'the module variable `upstream`', reason: 'a server method handler registered with grpc-js `addService` on line 16', effect: ONCE_EFFECT },
        },
      ],
    },
    {
      name: 'nice-grpc server: a method of the implementation passed to server.add, via a const',
      code: code(`const upstream: Bidi = client.exchange();
const impl = {
  ping() {
    return once(upstream, 'data');
  },
};
createServer().add(EventServiceDefinition, impl as never);`),
      errors: [{ messageId: 'sharedRead', line: at(4), column: 12 }],
    },
    {
      name: 'connect server: a router.service handler reads a shared stream',
      code: code(`const upstream: Bidi = client.exchange();
export function routes(router: ConnectRouter): void {
  router.service(EventService, {
    ping() {
      return once(upstream, 'data').then(() => ({}));
    },
  });
}`),
      errors: [{ messageId: 'sharedRead', line: at(5), column: 14 }],
    },
    {
      name: 'a lock released before the read does not cover it',
      code: code(`import { Mutex } from 'async-mutex';
export class Asker {
  private readonly mu = new Mutex();
  constructor(private readonly stream: Bidi) {}
  async ask(id: string): Promise<unknown> {
    const release = await this.mu.acquire();
    try {
      this.stream.write({ count: 1, id });
    } finally {
      release();
    }
    return once(this.stream, 'data');
  }
}`),
      errors: [{ messageId: 'sharedRead', line: at(12), column: 12 }],
    },
    // ---- (b) two readers of one local stream that overlap ----
    {
      name: 'Promise.all over two readers of one local grpc-js stream: both reported',
      code: code(`export async function mirror(topic: string, a: unknown[], b: unknown[]): Promise<void> {
  const call = client.watch({ topic, sinceRevision: 0 });
  await Promise.all([
    (async () => { for await (const ev of call) a.push(ev); })(),
    (async () => { for await (const ev of call) b.push(ev); })(),
  ]);
}`),
      errors: [
        { messageId: 'overlappingRead', line: at(4), column: 43, data: { name: 'call', stream: 'grpc-js call', reason: 'both run inside `Promise.all` on line 16', effect: OVERLAP_SPLIT } },
        { messageId: 'overlappingRead', line: at(5), column: 43, data: { name: 'call', stream: 'grpc-js call', reason: 'both run inside `Promise.all` on line 16', effect: OVERLAP_SPLIT } },
      ],
    },
    {
      name: 'connect: every sink gets its own loop over one stream (async .map callback)',
      code: code(`export async function fanOut(topic: string, sinks: ReadonlyArray<(ev: unknown) => void>): Promise<void> {
  const stream = connect.watch({ topic });
  await Promise.all(sinks.map(async (sink) => {
    for await (const ev of stream) sink(ev);
  }));
}`),
      errors: [
        {
          messageId: 'overlappingRead',
          line: at(4),
          column: 28,
          data: { name: 'stream', stream: 'connect stream', reason: 'every element runs the async `.map` callback on line 16, and its copies run at the same time', effect: OVERLAP_SPLIT },
        },
      ],
    },
    {
      name: 'nice-grpc: Promise.allSettled over two readers of one stream',
      code: code(`export async function split(): Promise<void> {
  const responses = nice.exchange([]);
  await Promise.allSettled([
    (async () => { for await (const r of responses) console.log(r); })(),
    (async () => { for await (const r of responses) console.error(r); })(),
  ]);
}`),
      errors: [
        { messageId: 'overlappingRead', line: at(4), column: 42, data: { name: 'responses', stream: 'nice-grpc stream', reason: 'both run inside `Promise.allSettled` on line 16', effect: OVERLAP_SPLIT } },
        { messageId: 'overlappingRead', line: at(5), column: 42, data: { name: 'responses', stream: 'nice-grpc stream', reason: 'both run inside `Promise.allSettled` on line 16', effect: OVERLAP_SPLIT } },
      ],
    },
    {
      name: "Promise.all over two once(call, 'data') of one local stream: both resolve with the same message",
      code: code(`export async function twoReplies(call: Bidi): Promise<unknown[]> {
  call.write({ count: 1, id: 'a' });
  call.write({ count: 1, id: 'b' });
  return Promise.all([once(call, 'data'), once(call, 'data')]);
}`),
      errors: [
        { messageId: 'overlappingRead', line: at(4), column: 23, data: { name: 'call', stream: 'grpc-js bidi call', reason: 'both run inside `Promise.all` on line 17', effect: "every pending `once(…, 'data')` gets the same next message" } },
        { messageId: 'overlappingRead', line: at(4), column: 43 },
      ],
    },
    {
      name: "for await plus a 'data' listener registered before it on one stream",
      code: code(`export async function both(call: ClientReadableStream<WatchEvent>, out: unknown[]): Promise<void> {
  call.on('data', (ev) => out.push(ev));
  for await (const ev of call) out.push(ev);
}`),
      errors: [{ messageId: 'overlappingRead', line: at(3), column: 26, data: { name: 'call', stream: 'grpc-js call', reason: "a `'data'` listener on line 15 reads it too", effect: OVERLAP_SPLIT } }],
    },
    {
      name: "a reconnect loop that suspends between putting a fresh call in the let and reading it: another run may have replaced it",
      code: code(`export class Follower {
  follow(topic: string, onEvent: (ev: WatchEvent) => void): void {
    let call: ClientReadableStream<WatchEvent> | undefined;
    const start = async (): Promise<void> => {
      call = client.watch({ topic, sinceRevision: 0 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      call.on('data', onEvent);
      call.on('error', () => undefined);
      call.on('end', async () => {
        await start();
      });
    };
    void start();
  }
}`),
      errors: [{ messageId: 'overlappingRead', line: at(7), column: 7, data: { name: 'call', stream: 'grpc-js call', reason: "`start()` is called on line 23, in a 'end' listener (line 22)", effect: "each task's `'data'` listener gets every message, the other task's too" } }],
    },
  ],
});