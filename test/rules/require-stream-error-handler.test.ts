import rule from '../../rules/require-stream-error-handler.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports and clients take lines 2–15, so each body starts at line 16.
const imports = `
import { on, once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { credentials, type ClientReadableStream, type ServerDuplexStream } from '@grpc/grpc-js';
import { createClient as createConnectClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createChannel, createClient as createNiceClient } from 'nice-grpc';
import { EventServiceClient, type ExchangeRequest, type ExchangeResponse, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { CallState, describeCall, EventPrinter, followEvents, GuardedFollower, printEvents, relay } from './cases/stream-errors/consumers.js';
const client = new EventServiceClient('localhost:50051', credentials.createInsecure());
const connect = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));
const nice = createNiceClient(EventServiceDefinition, createChannel('localhost:50051'));`;

const code = (body: string): string => `${imports}\n${body}`;
/** A case whose body starts (line 1) with the import of the program functions that take a callback's stream. */
const withRunners = (body: string): string =>
  code(`import { countReplies, registerOpener, runInto, runUntilEnd, runUntilSettled } from './cases/stream-errors/runners.js';\n${body}`);
/** The file line of line `n` of a case body. */
const at = (n: number): number => 15 + n;
const listener = (name: string, indent = '  '): string => `\n${indent}${name}.on('error', (error) => console.error(error));`;

const FIX = (name: string): string => `Add \`${name}.on('error', …)\` after the call`;
const INLINE_FIX = "Keep the call in a variable and add its `.on('error', …)`";
/** Full message data of `noErrorListener`. */
const unguarded = (how: string, name = 'call', fix = FIX(name)) => ({ name, how, fix });
const late = (line: number, when: string, name = 'call') => ({ name, line: String(line), when });

const dataListener = `export function follow(topic: string, onEvent: (ev: WatchEvent) => void) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', onEvent);
}`;

const fieldReader = `export class Follower {
  private call: ClientReadableStream<WatchEvent> | undefined;
  start(topic: string) {
    this.call = client.watch({ topic, sinceRevision: 0 });
    this.call.on('data', (ev: WatchEvent) => console.log(ev.revision));
  }
  stop() {
    this.call?.cancel();
  }
}`;

const bidi = `export function exchange(requests: ExchangeRequest[], onReply: (r: ExchangeResponse) => void) {
  const call = client.exchange();
  call.on('data', onReply);
  for (const request of requests) call.write(request);
  call.end();
}`;

const namedCallback = `const open = async () => {
  const call = client.exchange();
  call.on('data', () => {});
  return call;
};
export function serve() {
  return runUntilEnd(open);
}`;

const moduleFunction = `function openExchange(onReply: (r: ExchangeResponse) => void) {
  const call = client.exchange();
  call.on('data', onReply);
  return call;
}
export function run(onReply: (r: ExchangeResponse) => void) {
  const call = openExchange(onReply);
  call.on('end', () => console.log('done'));
  call.write({ count: 1, id: 'a' });
}`;

const privateMethod = `export class Worker {
  async start() {
    const stream = await this.open();
    stream.on('end', () => console.log('done'));
  }
  private async open() {
    const call = client.exchange();
    call.on('data', () => {});
    return call;
  }
}`;

/** The suggestion of a `withRunners` case: the listener right after `const call = client.exchange();`. */
const withListener = (body: string, indent: string) => [
  { messageId: 'addErrorListener' as const, output: withRunners(body.replace('const call = client.exchange();', `const call = client.exchange();${listener('call', indent)}`)) },
];

runRuleTests('require-stream-error-handler', rule, {
  valid: [
    {
      name: "a call made through an optional chain whose 'error' listener is added through `?.` too",
      code: code(`export function follow(maybe: EventServiceClient | undefined, onEvent: (ev: WatchEvent) => void) {
  const call = maybe?.watch({ topic: 't', sinceRevision: 0 });
  call?.on('error', (error) => console.error(error));
  call?.on('data', onEvent);
}`),
    },
    // ---- an 'error' listener in time ----
    {
      name: "an 'error' listener right after the call",
      code: code(`export function follow(topic: string, onEvent: (ev: WatchEvent) => void) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', (err: Error) => console.error(err));
  call.on('data', onEvent);
}`),
    },
    {
      name: "once('error') and a chained listener count",
      code: code(`export function follow(topic: string, onEvent: (ev: WatchEvent) => void) {
  client.watch({ topic, sinceRevision: 0 }).on('data', onEvent).once('error', () => {});
}`),
    },
    {
      name: "the 'error' listener attached inside a new Promise executor, which runs at once",
      code: code(`export function collect(topic: string): Promise<WatchEvent[]> {
  const call = client.watch({ topic, sinceRevision: 0 });
  const events: WatchEvent[] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (ev: WatchEvent) => events.push(ev));
    call.on('end', () => resolve(events));
    call.on('error', reject);
  });
}`),
    },
    {
      name: "await Promise.resolve() before the listener: errors never arrive before I/O",
      code: code(`export async function follow(topic: string, onEvent: (ev: WatchEvent) => void) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', onEvent);
  await Promise.resolve();
  call.on('error', () => {});
}`),
    },
    {
      name: "the await of once(call, …) on the stream itself takes its error while it waits",
      code: code(`export async function follow(topic: string, onEvent: (ev: WatchEvent) => void) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const [first] = await once(call, 'data');
  onEvent(first as WatchEvent);
  call.on('error', () => {});
  call.on('data', onEvent);
}`),
    },
    {
      name: "a field guarded in another method of the class (when it runs is not known)",
      code: code(`export class Follower {
  private call: ClientReadableStream<WatchEvent> | undefined;
  start(topic: string) {
    this.call = client.watch({ topic, sinceRevision: 0 });
    this.call.on('data', (ev: WatchEvent) => console.log(ev.revision));
    this.guard();
  }
  private guard() {
    this.call?.on('error', () => {});
  }
}`),
    },
    {
      name: "an event name the code computes may be 'error'",
      code: code(`export function follow(topic: string, event: 'data' | 'error', handler: (x: unknown) => void) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on(event, handler);
  call.on('data', handler);
}`),
    },
    // ---- reads that take errors themselves ----
    {
      name: 'for await throws the error into the loop',
      code: code(`export async function latest(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  let last: WatchEvent | undefined;
  for await (const ev of call) last = ev as WatchEvent;
  return last;
}`),
    },
    {
      name: 'cancel() after leaving for await: the iterator leaves its own listener behind',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) return ev as WatchEvent;
  } finally {
    call.cancel();
  }
  return undefined;
}`),
    },
    {
      name: 'two async IIFEs that loop over the stream start their loops at once',
      code: code(`export async function mirror(topic: string, audit: WatchEvent[], last: WatchEvent[]) {
  const call = client.watch({ topic, sinceRevision: 0 });
  await Promise.all([
    (async () => { for await (const ev of call) audit.push(ev as WatchEvent); })(),
    (async () => { for await (const ev of call) last[0] = ev as WatchEvent; })(),
  ]);
}`),
    },
    {
      name: 'stream.pipeline() and finished() listen for errors',
      code: code(`export async function save(topic: string, sink: Writable) {
  await pipeline(client.watch({ topic, sinceRevision: 0 }), sink);
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', () => {});
  await finished(call);
}`),
    },
    {
      name: "events.on() and toArray() take errors",
      code: code(`export async function read(topic: string) {
  const all = await client.watch({ topic, sinceRevision: 0 }).toArray();
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const [ev] of on(call, 'data')) all.push(ev);
  return all;
}`),
    },
    {
      name: "a pending once(call, 'end') takes the one error a failed call emits",
      code: code(`export async function collect(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const events: WatchEvent[] = [];
  call.on('data', (ev: WatchEvent) => events.push(ev));
  await once(call, 'end');
  return events;
}`),
    },
    // ---- handed off ----
    {
      name: 'returned: the caller attaches the listener',
      code: code(`export function open(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', () => {});
  return call;
}`),
    },
    // ---- returned to program code that receives it (runners.ts) ----
    {
      name: "returned from a callback to a program function that listens for 'error' on what the callback returns",
      code: withRunners(`export function serve(onReply: (r: ExchangeResponse) => void) {
  return runUntilSettled(async () => {
    const call = client.exchange();
    call.on('data', onReply);
    return call;
  });
}`),
    },
    {
      name: 'returned from a callback to a program function that hands the result to a sink it does not know',
      code: withRunners(`export function serve(onReply: (r: ExchangeResponse) => void, sink: (s: unknown) => void) {
  return runInto(async () => {
    const call = client.exchange();
    call.on('data', onReply);
    return call;
  }, sink);
}`),
    },
    {
      name: 'returned from a callback to a program function that reads the result with for await',
      code: withRunners(`export function count(request: ExchangeRequest) {
  return countReplies(() => {
    const call = client.exchange();
    call.write(request);
    call.end();
    return call;
  });
}`),
    },
    {
      name: 'returned from a callback the program function keeps for later: who calls it is not known',
      code: withRunners(`export function later(openers: Array<() => Promise<any>>) {
  registerOpener(async () => {
    const call = client.exchange();
    call.on('data', () => {});
    return call;
  }, openers);
}`),
    },
    {
      name: 'returned from a callback to a library function (then): its code is not the program',
      code: withRunners(`export function later(ready: Promise<void>) {
  return ready.then(() => {
    const call = client.exchange();
    call.on('data', () => {});
    return call;
  });
}`),
    },
    {
      name: "an exported function's callers may be outside the program, even when the visible one only reads",
      code: withRunners(`export function openExchange() {
  const call = client.exchange();
  call.on('data', () => {});
  return call;
}
export function run() {
  openExchange().on('end', () => {});
}`),
    },
    {
      name: "a public method's callers may be outside the program, even when the class's own caller only reads",
      code: withRunners(`export class Worker {
  async start() {
    const stream = await this.open();
    stream.on('end', () => console.log('done'));
  }
  async open() {
    const call = client.exchange();
    call.on('data', () => {});
    return call;
  }
}`),
    },
    {
      name: "a module function whose caller attaches the 'error' listener",
      code: withRunners(`function openExchange() {
  const call = client.exchange();
  call.on('data', () => {});
  return call;
}
export function run() {
  const call = openExchange();
  call.on('error', () => {});
}`),
    },
    {
      name: 'a module function whose caller returns the stream from an exported function',
      code: withRunners(`function openExchange() {
  const call = client.exchange();
  call.on('data', () => {});
  return call;
}
export function run() {
  return openExchange();
}`),
    },
    {
      name: 'a module function that is also passed around as a value: other callers are not visible',
      code: withRunners(`function openExchange() {
  const call = client.exchange();
  call.on('data', () => {});
  return call;
}
export const openers = [openExchange];
export function run() {
  openExchange().on('end', () => {});
}`),
    },
    {
      name: "an async module function's result taken with then(), not await: the callback may listen",
      code: withRunners(`async function openExchange() {
  const call = client.exchange();
  call.on('data', () => {});
  return call;
}
export function run() {
  void openExchange().then((call) => call.on('error', () => {}));
}`),
    },
    {
      name: 'kept in a collection: someone else may take its errors',
      code: code(`const calls = new Map<string, ClientReadableStream<WatchEvent>>();
export function open(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  calls.set(topic, call);
  call.on('data', () => {});
}`),
    },
    {
      name: "across two files: passed to a function that attaches 'error'",
      code: code(`export function follow(topic: string, onEvent: (ev: WatchEvent) => void) {
  const call = client.watch({ topic, sinceRevision: 0 });
  followEvents(call, onEvent);
  call.on('status', () => {});
}`),
    },
    {
      name: "across two files: kept by a class that attaches 'error' where it starts reading",
      code: code(`export function follow(topic: string) {
  const follower = new GuardedFollower(client.watch({ topic, sinceRevision: 0 }));
  follower.start((ev) => console.log(ev.revision));
  return follower;
}`),
    },
    {
      name: "across two files: a constructor that guards its parameter property through the parameter (grpc-js-xds AdsCallState's shape)",
      code: code(`export class Client {
  private state: CallState | undefined;
  start(topic: string) {
    const call = client.watch({ topic, sinceRevision: 0 });
    this.state = new CallState(call);
  }
}`),
    },
    {
      name: 'across two files: a helper that only reads the peer uses no events',
      code: code(`export function peer(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', () => {});
  return describeCall(call);
}`),
    },
    // ---- out of scope ----
    {
      name: 'nice-grpc and connect streams have no error events: errors are throws',
      code: code(`export async function both(topic: string) {
  for await (const ev of nice.watch({ topic })) if (ev.revision > 3) break;
  for await (const ev of connect.watch({ topic })) if (ev.revision > 3) break;
}`),
    },
    {
      name: 'a server call object carries grpc-js own error listener',
      code: code(`export function echo(call: ServerDuplexStream<ExchangeRequest, ExchangeResponse>) {
  call.on('data', (req: ExchangeRequest) => call.write({ id: req.id, timestamp: Date.now() }));
  call.on('end', () => call.end());
}`),
    },
    {
      name: 'client-streaming: errors and cancel() go to the response callback',
      code: code(`export function upload(names: string[]) {
  const call = client.upload((err, summary) => console.log(err, summary));
  for (const name of names) call.write({ name, offset: 0, last: false });
  call.end();
  setTimeout(() => call.cancel(), 1000);
}`),
    },
    {
      name: 'client-streaming: end() inside the loop that writes (the last round) is no write after end()',
      code: code(`export function upload(names: string[]) {
  const call = client.upload(() => {});
  names.forEach((name, i) => {
    call.write({ name, offset: i, last: i === names.length - 1 });
    if (i === names.length - 1) call.end();
  });
  for (let i = 0; i < names.length; i++) {
    if (i === names.length) { call.end(); break; }
    call.write({ name: names[i]!, offset: i, last: false });
  }
}`),
    },
    {
      name: "removeAllListeners('data') keeps the 'error' listener",
      code: code(`export function stop(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', () => {});
  call.on('data', () => {});
  call.removeAllListeners('data');
  call.cancel();
}`),
    },
    {
      name: "removeAllListeners() then cancel() in the 'end' and 'error' listeners: the call has its status, cancel() emits nothing",
      code: code(`export function drain(topic: string): Promise<void> {
  const call = client.watch({ topic, sinceRevision: 0 });
  return new Promise<void>((resolve, reject) => {
    call.on('data', () => {});
    call.on('end', () => {
      call.removeAllListeners();
      call.cancel();
      resolve();
    });
    call.on('error', (err: Error) => {
      call.removeAllListeners();
      call.cancel();
      reject(err);
    });
  });
}`),
    },
    {
      name: "a new 'error' listener between removeAllListeners() and cancel()",
      code: code(`export function stop(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', () => {});
  call.on('data', () => {});
  call.removeAllListeners();
  call.on('error', () => {});
  call.cancel();
}`),
    },
    {
      name: 'a stream from an any-typed client is not known',
      code: code(`declare const untyped: any;
export function follow(topic: string) {
  const call = untyped.watch({ topic });
  call.on('data', () => {});
}`),
    },
    {
      name: 'a stream a helper returns is not a creation (it may be shared and guarded there)',
      code: code(`declare function sharedWatch(topic: string): ClientReadableStream<WatchEvent>;
export function follow(topic: string) {
  sharedWatch(topic).on('data', () => {});
}`),
    },
    {
      name: 'created and never used through its events',
      code: code(`export function peer(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  return call.getPeer();
}`),
    },
  ],
  invalid: [
    {
      name: "a call made through an optional chain (`this.client?.watch(…)`) and read with on('data'): its type adds undefined, it is still a stream",
      code: code(`export class Peers {
  private client: EventServiceClient | null = client;
  collect(topic: string): Promise<WatchEvent[]> {
    return new Promise((resolve) => {
      const events: WatchEvent[] = [];
      const call = this.client?.watch({ topic, sinceRevision: 0 });
      if (!call) return resolve([]);
      call.on('data', (ev: WatchEvent) => events.push(ev));
      call.on('close', () => resolve(events));
    });
  }
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(6),
          column: 20,
          data: unguarded("read with `on('data')`"),
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'call' },
              output: code(`export class Peers {
  private client: EventServiceClient | null = client;
  collect(topic: string): Promise<WatchEvent[]> {
    return new Promise((resolve) => {
      const events: WatchEvent[] = [];
      const call = this.client?.watch({ topic, sinceRevision: 0 });
      call?.on('error', (error) => console.error(error));
      if (!call) return resolve([]);
      call.on('data', (ev: WatchEvent) => events.push(ev));
      call.on('close', () => resolve(events));
    });
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: "read with on('data') and no 'error' listener",
      code: code(dataListener),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          column: 16,
          data: unguarded("read with `on('data')`"),
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'call' },
              output: code(dataListener.replace("sinceRevision: 0 });", `sinceRevision: 0 });${listener('call')}`)),
            },
          ],
        },
      ],
    },
    {
      name: "only 'status' and 'end' listeners: a failed call still emits 'error'",
      code: code(`export function watchStatus(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('status', (status) => console.log(status.code));
  call.on('end', () => console.log('ended'));
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          column: 16,
          data: unguarded("used through `on('status')`"),
          suggestions: [{ messageId: 'addErrorListener', output: code(`export function watchStatus(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });${listener('call')}
  call.on('status', (status) => console.log(status.code));
  call.on('end', () => console.log('ended'));
}`) }],
        },
      ],
    },
    {
      name: "pipe(): the listener on the destination does not count",
      code: code(`export function save(topic: string, sink: Writable) {
  client.watch({ topic, sinceRevision: 0 }).pipe(sink).on('error', () => {});
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          column: 3,
          data: unguarded('piped with `pipe()`, which does not forward errors,', 'client.watch(…)', INLINE_FIX),
          suggestions: [],
        },
      ],
    },
    {
      name: "once(call, 'data') leaves no listener behind for the cancel() in finally",
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    const [ev] = await once(call, 'data');
    return ev as WatchEvent;
  } finally {
    call.cancel();
  }
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          column: 16,
          data: unguarded('read only until `once(…)` resolves'),
          suggestions: [{ messageId: 'addErrorListener', output: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });${listener('call')}
  try {
    const [ev] = await once(call, 'data');
    return ev as WatchEvent;
  } finally {
    call.cancel();
  }
}`) }],
        },
      ],
    },
    {
      name: 'cancel() with no listener emits CANCELLED as an error',
      code: code(`export function probe(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  setTimeout(() => call.cancel(), 1000);
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          data: unguarded('cancelled with `cancel()`'),
          suggestions: [{ messageId: 'addErrorListener', output: code(`export function probe(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });${listener('call')}
  setTimeout(() => call.cancel(), 1000);
}`) }],
        },
      ],
    },
    {
      name: 'the listener is attached only after an I/O await',
      code: code(`export async function follow(topic: string, ready: () => Promise<void>) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', (ev: WatchEvent) => console.log(ev.revision));
  await ready();
  call.on('error', () => {});
}`),
      errors: [{ messageId: 'lateErrorListener', line: at(2), column: 16, data: late(at(5), `after the \`await\` on line ${at(4)}`) }],
    },
    {
      name: "the listener is attached only inside the 'data' handler",
      code: code(`export function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', (ev: WatchEvent) => {
    call.on('error', () => {});
    console.log(ev.revision);
  });
}`),
      errors: [
        {
          messageId: 'lateErrorListener',
          line: at(2),
          data: late(at(4), `only in the \`'data'\` listener on line ${at(3)}`),
        },
      ],
    },
    {
      name: 'an async generator attaches the listener after its first yield',
      code: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', () => {});
  yield call.getPeer();
  call.on('error', () => {});
}`),
      errors: [{ messageId: 'lateErrorListener', line: at(2), data: late(at(5), `after the \`yield\` on line ${at(4)}`) }],
    },
    {
      name: 'removeAllListeners() then cancel()',
      code: code(`export function stop(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', () => {});
  call.on('data', () => {});
  return () => {
    call.removeAllListeners();
    call.cancel();
  };
}`),
      errors: [
        {
          messageId: 'removedBeforeCancel',
          line: at(2),
          column: 16,
          data: { name: 'call', remove: 'removeAllListeners', line: String(at(6)), cancelLine: String(at(7)) },
        },
      ],
    },
    {
      name: "removeListener('error', …) then cancel() in a field's stop()",
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 'a', sinceRevision: 0 });
  private readonly onError = (err: Error) => console.error(err);
  constructor() {
    this.call.on('error', this.onError);
    this.call.on('data', () => {});
  }
  stop() {
    this.call.removeListener('error', this.onError);
    this.call.cancel();
  }
}`),
      errors: [{ messageId: 'removedBeforeCancel', line: at(2), column: 27, data: { name: 'this.call', remove: 'removeListener', line: String(at(9)), cancelLine: String(at(10)) } }],
    },
    {
      name: "bidi: read and written with no 'error' listener",
      code: code(bidi),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          column: 16,
          data: unguarded("read with `on('data')`"),
          suggestions: [{ messageId: 'addErrorListener', output: code(bidi.replace('client.exchange();', `client.exchange();${listener('call')}`)) }],
        },
      ],
    },
    {
      name: 'client-streaming: a write() after end() is emitted as an error',
      code: code(`export function upload(names: string[]) {
  const call = client.upload((err, summary) => console.log(err, summary));
  for (const name of names) call.write({ name, offset: 0, last: false });
  call.end();
  call.write({ name: 'trailer', offset: 0, last: true });
}`),
      errors: [{ messageId: 'writeAfterEnd', line: at(2), column: 16, data: { name: 'call', callback: ' (not passed to the callback)', line: String(at(5)), endLine: String(at(4)) } }],
    },
    {
      name: 'bidi: a write() after end() is the path named, even with a write callback',
      code: code(`export function exchange(onReply: (r: ExchangeResponse) => void) {
  const call = client.exchange();
  call.on('data', onReply);
  call.write({ count: 1, id: 'a' });
  call.end();
  call.write({ count: 0, id: 'bye' }, () => {});
}`),
      errors: [{ messageId: 'writeAfterEnd', line: at(2), column: 16, data: { name: 'call', callback: '', line: String(at(6)), endLine: String(at(5)) } }],
    },
    {
      name: "a field of a class that reads it and never listens for 'error'",
      code: code(fieldReader),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(4),
          column: 17,
          data: unguarded("read with `on('data')`", 'this.call'),
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: code(fieldReader.replace('sinceRevision: 0 });', `sinceRevision: 0 });${listener('this.call', '    ')}`)),
            },
          ],
        },
      ],
    },
    {
      name: 'a field initialiser read by a method (no suggestion: no statement to follow)',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 'a', sinceRevision: 0 });
  start() {
    this.call.on('data', () => {});
  }
}`),
      errors: [{ messageId: 'noErrorListener', line: at(2), column: 27, data: unguarded("read with `on('data')`", 'this.call'), suggestions: [] }],
    },
    {
      name: 'through an alias',
      code: code(`export function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const stream = call;
  stream.on('data', () => {});
}`),
      errors: [{ messageId: 'noErrorListener', line: at(2), data: unguarded("read with `on('data')`"), suggestions: [{ messageId: 'addErrorListener', output: code(`export function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });${listener('call')}
  const stream = call;
  stream.on('data', () => {});
}`) }] }],
    },
    {
      name: "across two files: passed to a function that reads it without an 'error' listener",
      code: code(`export function show(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  printEvents(call);
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          data: unguarded('handed to `printEvents()`, which uses its events'),
          suggestions: [{ messageId: 'addErrorListener', output: code(`export function show(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });${listener('call')}
  printEvents(call);
}`) }],
        },
      ],
    },
    // ---- returned to program code that receives it (runners.ts) ----
    {
      name: "returned from a callback to a program function that only listens for 'end' on what the callback returns",
      code: withRunners(`export function serve(onReply: (r: ExchangeResponse) => void) {
  return runUntilEnd(async () => {
    const call = client.exchange();
    call.on('data', onReply);
    call.write({ count: 1, id: 'ready' });
    return call;
  });
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(4),
          column: 18,
          data: unguarded("read with `on('data')`"),
          suggestions: [{ messageId: 'addErrorListener', output: withRunners(`export function serve(onReply: (r: ExchangeResponse) => void) {
  return runUntilEnd(async () => {
    const call = client.exchange();${listener('call', '    ')}
    call.on('data', onReply);
    call.write({ count: 1, id: 'ready' });
    return call;
  });
}`) }],
        },
      ],
    },
    {
      name: 'a named callback (a module const) passed to the same program function',
      code: withRunners(namedCallback),
      errors: [{ messageId: 'noErrorListener', line: at(3), column: 16, data: unguarded("read with `on('data')`"), suggestions: withListener(namedCallback, '  ') }],
    },
    {
      name: "a module function whose every caller only reads and writes the stream",
      code: withRunners(moduleFunction),
      errors: [{ messageId: 'noErrorListener', line: at(3), column: 16, data: unguarded("read with `on('data')`"), suggestions: withListener(moduleFunction, '  ') }],
    },
    {
      name: "a private method's result, awaited by the class's own code that only listens for 'end'",
      code: withRunners(privateMethod),
      errors: [{ messageId: 'noErrorListener', line: at(8), column: 18, data: unguarded("read with `on('data')`"), suggestions: withListener(privateMethod, '    ') }],
    },
    {
      name: 'across two files: through a helper that passes it on, and a class that keeps it',
      code: code(`export function show(topic: string) {
  relay(client.watch({ topic, sinceRevision: 0 }));
  new EventPrinter(client.watch({ topic, sinceRevision: 0 })).start();
}`),
      errors: [
        { messageId: 'noErrorListener', line: at(2), column: 9, data: unguarded('handed to `relay()`, which uses its events', 'client.watch(…)', INLINE_FIX), suggestions: [] },
        { messageId: 'noErrorListener', line: at(3), column: 20, data: unguarded('handed to `new EventPrinter()`, which uses its events', 'client.watch(…)', INLINE_FIX), suggestions: [] },
      ],
    },
  ],
});
