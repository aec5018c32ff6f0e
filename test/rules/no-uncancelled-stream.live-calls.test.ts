// rpc/no-uncancelled-stream on calls that are still live when their code lets go of them: a consumer
// that stops at a `yield` inside the loop, a call made through a function-typed value, a loop over a
// field of the class, a field whose call is replaced, a call nobody keeps, and a synthetic 'end'.
import rule from '../../rules/no-uncancelled-stream.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports and clients take lines 2–13, so each body starts at line 14.
const imports = `
import { EventEmitter } from 'node:events';
import { credentials, type CallOptions, type ClientReadableStream } from '@grpc/grpc-js';
import { createClient as createConnectClient, type Client as ConnectClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createChannel, createClient as createNiceClient } from 'nice-grpc';
import { EventServiceClient, type WatchEvent, type WatchRequest } from './generated/grpc-js/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
const client = new EventServiceClient('localhost:50051', credentials.createInsecure());
const connect = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));
const nice = createNiceClient(EventServiceDefinition, createChannel('localhost:50051'));
type Watch = (request: WatchRequest, options: Partial<CallOptions>) => ClientReadableStream<WatchEvent>;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 13 + n;

const GRPC_STOP = 'does not cancel the grpc-js call';
const CONNECT_STOP = 'does not cancel the connect call';

runRuleTests('no-uncancelled-stream', rule, {
  valid: [
    // ---- `yield` inside `for await`: where a consumer's stop is covered ----
    {
      name: 'generator: nice-grpc cancels the call when the consumer stops (its own generator’s finally)',
      code: code(`export async function* events(topic: string) {
  for await (const ev of nice.watch({ topic })) yield ev;
}`),
    },
    {
      name: 'function value: a method with a body of the receiver’s declared class is a helper that may return a stream someone else keeps (its declaration decides, no type is asked)',
      code: code(`export class Source {
  open(request: WatchRequest): ClientReadableStream<WatchEvent> {
    return client.watch(request);
  }
}
export async function first(source: Source, request: WatchRequest) {
  for await (const ev of source.open(request)) return ev as WatchEvent;
  return undefined;
}`),
    },
    {
      name: 'generator: cancel() in a finally around the loop runs when the consumer stops at the yield',
      code: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) yield ev as WatchEvent;
  } finally {
    call.cancel();
  }
}`),
    },
    {
      name: 'generator: a connect call whose controller is aborted in finally',
      code: code(`export async function* events(topic: string) {
  const controller = new AbortController();
  try {
    for await (const ev of connect.watch({ topic }, { signal: controller.signal })) yield ev;
  } finally {
    controller.abort();
  }
}`),
    },
    {
      name: 'generator: a deadline whose type excludes undefined bounds the call',
      code: code(`export async function* events(topic: string, ms: number) {
  for await (const ev of client.watch({ topic, sinceRevision: 0 }, { deadline: Date.now() + ms })) yield ev as WatchEvent;
}`),
    },
    {
      name: 'generator: the call is handed off before the loop (kept in a set someone else cancels)',
      code: code(`export const active = new Set<ClientReadableStream<WatchEvent>>();
export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  active.add(call);
  for await (const ev of call) yield ev as WatchEvent;
}`),
    },
    {
      name: 'generator: a yield after the loop runs once the stream has ended',
      code: code(`export async function* batches(topic: string) {
  const batch: WatchEvent[] = [];
  for await (const ev of client.watch({ topic, sinceRevision: 0 })) batch.push(ev as WatchEvent);
  yield batch;
}`),
    },
    {
      name: 'generator: a stream from a helper with a body is the helper’s (not a creation)',
      code: code(`function open(topic: string): ClientReadableStream<WatchEvent> {
  return client.watch({ topic, sinceRevision: 0 });
}
export async function* events(topic: string) {
  for await (const ev of open(topic)) yield ev as WatchEvent;
}`),
    },
    {
      name: 'generator: a loop over a stream the outer function made, in an iterator object whose close() cancels it',
      code: code(`export function watchEvents(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  return {
    async *[Symbol.asyncIterator]() {
      for await (const ev of call) yield ev as WatchEvent;
    },
    close() {
      call.cancel();
    },
    [Symbol.dispose]() {
      call.cancel();
    },
  };
}`),
    },
    {
      name: 'generator: a closure that cancels the call, registered with a handler of the program that calls it on abort',
      code: code(`class AbortHandler {
  constructor(private readonly signal: AbortSignal) {}
  onAbort(listener: () => void) {
    this.signal.addEventListener('abort', () => listener(), { once: true });
  }
}
export async function* events(topic: string, abort: AbortHandler) {
  const call = client.watch({ topic, sinceRevision: 0 });
  abort.onAbort(() => call.cancel());
  for await (const ev of call) yield ev as WatchEvent;
}`),
    },
    {
      name: 'generator: a listener queue whose yields sit in a try with cancel() in finally',
      code: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const queue: WatchEvent[] = [];
  call.on('data', (ev: WatchEvent) => queue.push(ev));
  call.on('error', () => {});
  try {
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    call.cancel();
  }
}`),
    },
    {
      name: 'generator: a listener queue read after the call ended (awaited end) yields a finished call',
      code: code(`import { once } from 'node:events';
export async function* collected(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const all: WatchEvent[] = [];
  call.on('data', (ev: WatchEvent) => all.push(ev));
  await once(call, 'end');
  yield* all;
}`),
    },
    {
      name: 'iterator object: its return() cancels the call',
      code: code(`export function events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const it = call[Symbol.asyncIterator]();
  return {
    next: () => it.next(),
    return: async () => {
      call.cancel();
      return { done: true as const, value: undefined };
    },
  };
}`),
    },
    {
      name: 'iterator object: the call itself is a property, so the caller can cancel it',
      code: code(`export function events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  return {
    call,
    async *[Symbol.asyncIterator]() {
      for await (const ev of call) yield ev as WatchEvent;
    },
  };
}`),
    },
    {
      name: 'function value: options from the caller may carry a deadline (handed off)',
      code: code(`export async function* all(method: Watch, request: WatchRequest, options: Partial<CallOptions>) {
  for await (const ev of method(request, options)) yield ev as WatchEvent;
}`),
    },
    // ---- loops over a field ----
    {
      name: 'field loop: the class cancels the field in close()',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 'a', sinceRevision: 0 });
  async *events() {
    for await (const ev of this.call) yield ev as WatchEvent;
  }
  close() {
    this.call.cancel();
  }
}`),
    },
    {
      name: 'field loop: a public field may be cancelled by whoever holds the object (limit)',
      code: code(`export class Follower {
  readonly call = client.watch({ topic: 'a', sinceRevision: 0 });
  async *events() {
    for await (const ev of this.call) yield ev as WatchEvent;
  }
}`),
    },
    {
      name: 'field loop: a getter hands the call out',
      code: code(`export class Follower {
  private readonly current = client.watch({ topic: 'a', sinceRevision: 0 });
  get call() {
    return this.current;
  }
  async *events() {
    for await (const ev of this.current) yield ev as WatchEvent;
  }
}`),
    },
    {
      name: 'field loop: a field given from outside (a constructor parameter) belongs to the caller',
      code: code(`export class Follower {
  constructor(private readonly call: ClientReadableStream<WatchEvent>) {}
  async *events() {
    for await (const ev of this.call) yield ev as WatchEvent;
  }
}`),
    },
    // ---- a field's call replaced ----
    {
      name: 'replaced: the old call is cancelled before the new one is stored',
      code: code(`export class Follower {
  private call = client.watch({ topic: 'a', sinceRevision: 0 });
  restart() {
    this.call.cancel();
    this.call = client.watch({ topic: 'a', sinceRevision: 0 });
  }
}`),
    },
    {
      name: 'replaced: a helper that cancels first, called before the new call is made',
      code: code(`export class Follower {
  private call: ClientReadableStream<WatchEvent>;
  constructor() {
    this.call = client.watch({ topic: 'a', sinceRevision: 0 });
  }
  private stop() {
    this.call.cancel();
  }
  restart() {
    this.stop();
    this.call = client.watch({ topic: 'a', sinceRevision: 0 });
  }
}`),
    },
    {
      name: 'replaced: a lazy start guarded by the field itself starts a call only when there is none',
      code: code(`export class Follower {
  private call?: ClientReadableStream<WatchEvent> = client.watch({ topic: 'a', sinceRevision: 0 });
  ensure() {
    this.call ??= client.watch({ topic: 'a', sinceRevision: 0 });
    if (!this.call) this.call = client.watch({ topic: 'b', sinceRevision: 0 });
  }
}`),
    },
    {
      name: 'replaced: a helper guarded by a started flag that the caller does not reset',
      code: code(`export class Follower {
  private started = false;
  private call!: ClientReadableStream<WatchEvent>;
  constructor() {
    this.start();
  }
  private start() {
    if (this.started) return;
    this.started = true;
    this.call = client.watch({ topic: 'a', sinceRevision: 0 });
  }
  subscribe() {
    this.start();
  }
}`),
    },
    {
      name: 'replaced: a new call started by the old call’s end listener (the old call is over)',
      code: code(`export class Follower {
  private call = client.watch({ topic: 'a', sinceRevision: 0 });
  follow() {
    this.call.on('error', () => {});
    this.call.on('end', () => {
      this.call = client.watch({ topic: 'a', sinceRevision: 0 });
    });
  }
}`),
    },
    {
      name: 'replaced: a deadline bounds the new call (and so every call of the field)',
      code: code(`export class Follower {
  private call = client.watch({ topic: 'a', sinceRevision: 0 }, { deadline: Date.now() + 5_000 });
  restart() {
    this.call = client.watch({ topic: 'a', sinceRevision: 0 }, { deadline: Date.now() + 5_000 });
  }
}`),
    },
    {
      name: 'replaced: the call is handed out by a method, so others may hold and cancel the old one',
      code: code(`export class Follower {
  private call = client.watch({ topic: 'a', sinceRevision: 0 });
  current() {
    return this.call;
  }
  restart() {
    this.call = client.watch({ topic: 'a', sinceRevision: 0 });
  }
}`),
    },
    // ---- calls nobody keeps ----
    {
      name: 'discarded: a unary call is not a stream (not this rule)',
      code: code(`export function ping() {
  client.ping({ id: 'a' }, () => {});
}`),
    },
    {
      name: 'discarded: a nice-grpc call that is never iterated starts nothing',
      code: code(`export function watch(topic: string) {
  void nice.watch({ topic });
}`),
    },
    {
      name: 'discarded: a deadline bounds the dropped call',
      code: code(`export function watch(topic: string) {
  client.watch({ topic, sinceRevision: 0 }, { deadline: Date.now() + 1_000 });
}`),
    },
    {
      name: 'discarded: a connect call whose controller a timer aborts',
      code: code(`export function watch(topic: string) {
  const controller = new AbortController();
  void connect.watch({ topic }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 1_000);
}`),
    },
    {
      name: 'discarded: a stream bound to a variable and handed off',
      code: code(`export function watch(topic: string, sink: (call: ClientReadableStream<WatchEvent>) => void) {
  const call = client.watch({ topic, sinceRevision: 0 });
  sink(call);
}`),
    },
    {
      name: 'discarded (limit): a client from another call is not looked at, by syntax, before any type',
      code: code(`function clientFor(host: string) {
  return new EventServiceClient(host, credentials.createInsecure());
}
export function touch(host: string, topic: string) {
  clientFor(host).watch({ topic, sinceRevision: 0 });
}`),
    },
    // ---- synthetic 'end' ----
    {
      name: "synthetic end: emit('end') on an emitter that is no RPC call",
      code: code(`export function finish(emitter: EventEmitter) {
  emitter.emit('end');
}`),
    },
    {
      name: "synthetic end: the call is cancelled beside the emit('end')",
      code: code(`export function finish(call: ClientReadableStream<WatchEvent>) {
  call.cancel();
  call.emit('end');
}`),
    },
    {
      name: "synthetic end: emit('data') is not an end",
      code: code(`export function replay(call: ClientReadableStream<WatchEvent>, ev: WatchEvent) {
  call.emit('data', ev);
}`),
    },
  ],
  invalid: [
    {
      name: 'generator: a consumer stops at the yield; nothing cancels the grpc-js call',
      code: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) {
    yield ev as WatchEvent;
  }
}`),
      errors: [
        {
          messageId: 'consumerStops',
          data: { name: 'call', effect: GRPC_STOP, fix: 'Call `call.cancel()` in a `finally` around the loop' },
          line: at(4),
          column: 5,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'call.cancel()' },
              output: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      yield ev as WatchEvent;
    }
  } finally {
    call.cancel();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'generator: cancel() after the loop does not run when the consumer stops at the yield',
      code: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) yield ev as WatchEvent;
  call.cancel();
}`),
      errors: [
        {
          messageId: 'consumerStops',
          line: at(3),
          column: 32,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) yield ev as WatchEvent;
  } finally {
    call.cancel();
  }
  call.cancel();
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'generator: a connect call with no signal',
      code: code(`export async function* events(topic: string) {
  for await (const ev of connect.watch({ topic })) yield ev;
}`),
      errors: [
        {
          messageId: 'consumerStops',
          data: { name: 'connect.watch(…)', effect: CONNECT_STOP, fix: 'Pass the call a `signal` and abort it in a `finally` around the loop' },
          line: at(2),
          column: 52,
          suggestions: [
            {
              messageId: 'abortInFinally',
              output: code(`export async function* events(topic: string) {
  const controller = new AbortController();
  try {
    for await (const ev of connect.watch({ topic }, { signal: controller.signal })) yield ev;
  } finally {
    controller.abort();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'function value: a bound client method handed in, with a deadline that may be undefined',
      code: code(`export async function* all<T>(method: (request: WatchRequest, options: Partial<CallOptions>) => ClientReadableStream<T>, request: WatchRequest, deadline?: number) {
  const call = method(request, { deadline });
  for await (const item of call) yield item as T;
}`),
      errors: [
        {
          messageId: 'consumerStops',
          data: { name: 'call', effect: GRPC_STOP, fix: 'Call `call.cancel()` in a `finally` around the loop' },
          line: at(3),
          column: 34,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function* all<T>(method: (request: WatchRequest, options: Partial<CallOptions>) => ClientReadableStream<T>, request: WatchRequest, deadline?: number) {
  const call = method(request, { deadline });
  try {
    for await (const item of call) yield item as T;
  } finally {
    call.cancel();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'function value: a connect client method typed by the client (Client<…>["watch"])',
      code: code(`export async function* all(watch: ConnectClient<typeof EventService>['watch'], topic: string) {
  for await (const ev of watch({ topic })) yield ev;
}`),
      errors: [
        {
          messageId: 'consumerStops',
          data: { name: 'watch(…)', effect: CONNECT_STOP, fix: 'Pass the call a `signal` and abort it in a `finally` around the loop' },
          line: at(2),
          column: 44,
          suggestions: [
            {
              messageId: 'abortInFinally',
              output: code(`export async function* all(watch: ConnectClient<typeof EventService>['watch'], topic: string) {
  const controller = new AbortController();
  try {
    for await (const ev of watch({ topic }, { signal: controller.signal })) yield ev;
  } finally {
    controller.abort();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'function value: a `return` out of the loop over a call made through a function-typed parameter',
      code: code(`export async function first(watch: Watch, request: WatchRequest) {
  for await (const ev of watch(request, {})) return ev as WatchEvent;
  return undefined;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(2),
          column: 46,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function first(watch: Watch, request: WatchRequest) {
  const call = watch(request, {});
  try {
    for await (const ev of call) return ev as WatchEvent;
  } finally {
    call.cancel();
  }
  return undefined;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'function value: a `return` out of the loop over a call an abstract method of the receiver’s declared class starts',
      code: code(`export abstract class Source {
  abstract open(request: WatchRequest): ClientReadableStream<WatchEvent>;
}
export async function first(source: Source, request: WatchRequest) {
  for await (const ev of source.open(request)) return ev as WatchEvent;
  return undefined;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(5),
          column: 48,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export abstract class Source {
  abstract open(request: WatchRequest): ClientReadableStream<WatchEvent>;
}
export async function first(source: Source, request: WatchRequest) {
  const call = source.open(request);
  try {
    for await (const ev of call) return ev as WatchEvent;
  } finally {
    call.cancel();
  }
  return undefined;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'generator: a listener queue; a consumer that stops at a yield leaves the call streaming into the listener',
      code: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const queue: WatchEvent[] = [];
  let wake: (() => void) | undefined;
  call.on('data', (ev: WatchEvent) => {
    queue.push(ev);
    wake?.();
  });
  call.on('error', () => {});
  for (;;) {
    while (queue.length > 0) yield queue.shift()!;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}`),
      errors: [
        {
          messageId: 'consumerStopsListening',
          data: { name: 'call', event: 'data' },
          line: at(11),
          column: 30,
          suggestions: [
            {
              messageId: 'cancelRestInFinally',
              output: code(`export async function* events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    const queue: WatchEvent[] = [];
    let wake: (() => void) | undefined;
    call.on('data', (ev: WatchEvent) => {
      queue.push(ev);
      wake?.();
    });
    call.on('error', () => {});
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    call.cancel();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'iterator object: a returned iterable whose generator reads the call, with nothing that cancels it',
      code: code(`export function events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', () => {});
  return {
    async *[Symbol.asyncIterator]() {
      for await (const ev of call) yield ev as WatchEvent;
    },
  };
}`),
      errors: [{ messageId: 'iteratorWithoutCancel', data: { name: 'call', stream: 'grpc-js call', teardown: 'it has no `return()` that cancels it' }, line: at(4), column: 10 }],
    },
    {
      name: 'iterator object: its return() only destroys the stream',
      code: code(`export function events(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const it = call[Symbol.asyncIterator]();
  return {
    next: () => it.next(),
    return: async () => {
      call.removeAllListeners('data');
      return { done: true as const, value: undefined };
    },
  };
}`),
      errors: [
        { messageId: 'iteratorWithoutCancel', data: { name: 'call', stream: 'grpc-js call', teardown: 'its `return()` does not cancel it' }, line: at(4), column: 10 },
        { messageId: 'stopWithoutCancel', line: at(7), column: 7 },
      ],
    },
    {
      name: 'field loop: an async generator method over a call the class starts through an interface, keyed by a module symbol',
      code: code(`interface Opener {
  open(): ClientReadableStream<WatchEvent>;
}
const kCall = Symbol('call');
export class Cursor {
  [kCall]: ClientReadableStream<WatchEvent>;
  constructor(opener: Opener) {
    this[kCall] = opener.open();
  }
  async *[Symbol.asyncIterator]() {
    for await (const ev of this[kCall]) {
      yield ev as WatchEvent;
    }
  }
}`),
      errors: [
        {
          messageId: 'consumerStops',
          data: { name: 'this[kCall]', effect: GRPC_STOP, fix: 'Call `this[kCall].cancel()` in a `finally` around the loop' },
          line: at(12),
          column: 7,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`interface Opener {
  open(): ClientReadableStream<WatchEvent>;
}
const kCall = Symbol('call');
export class Cursor {
  [kCall]: ClientReadableStream<WatchEvent>;
  constructor(opener: Opener) {
    this[kCall] = opener.open();
  }
  async *[Symbol.asyncIterator]() {
    try {
      for await (const ev of this[kCall]) {
        yield ev as WatchEvent;
      }
    } finally {
      this[kCall].cancel();
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'field loop: a `return` out of a loop over a private field the class never cancels',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 'a', sinceRevision: 0 });
  async firstAfter(revision: number) {
    for await (const ev of this.call) {
      if ((ev as WatchEvent).revision > revision) return ev as WatchEvent;
    }
    return undefined;
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'return', name: 'this.call', fix: 'Call `this.call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(5),
          column: 51,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export class Follower {
  private readonly call = client.watch({ topic: 'a', sinceRevision: 0 });
  async firstAfter(revision: number) {
    try {
      for await (const ev of this.call) {
        if ((ev as WatchEvent).revision > revision) return ev as WatchEvent;
      }
    } finally {
      this.call.cancel();
    }
    return undefined;
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'replaced: a public reset() re-runs the initialiser after clearing its flag',
      code: code(`export class Cursor {
  private ready = false;
  private call!: ClientReadableStream<WatchEvent>;
  constructor(private readonly topic: string) {
    this.init();
  }
  private init() {
    if (!this.ready) {
      this.call = client.watch({ topic: this.topic, sinceRevision: 0 });
      this.ready = true;
    }
  }
  reset() {
    this.ready = false;
    this.init();
  }
}`),
      errors: [
        {
          messageId: 'replaced',
          data: { what: 'this.init()', stream: 'grpc-js call', field: 'this.call', fix: "Call `this.call.cancel()` first, with an `'error'` listener" },
          line: at(15),
          column: 5,
        },
      ],
    },
    {
      name: 'replaced: a public method assigns a new call over the one the field initialiser started',
      code: code(`export class Follower {
  #call = connect.watch({ topic: 'a' });
  follow(topic: string) {
    this.#call = connect.watch({ topic });
    return topic;
  }
}`),
      errors: [
        {
          messageId: 'replaced',
          data: { what: 'this.#call = …', stream: 'connect stream', field: 'this.#call', fix: 'Pass the call a `signal` you keep, and abort it before the new call' },
          line: at(4),
          column: 5,
        },
      ],
    },
    {
      name: 'discarded: a streaming call whose result is dropped, a connect one, and a local never used',
      code: code(`export function keys(topic: string) {
  client.watch({ topic, sinceRevision: 0 });
  void connect.watch({ topic });
  const unused = client.watch({ topic, sinceRevision: 0 });
}`),
      errors: [
        { messageId: 'discarded', data: { stream: 'grpc-js call', call: 'client.watch(…)' }, line: at(2), column: 3 },
        { messageId: 'discarded', data: { stream: 'connect stream', call: 'connect.watch(…)' }, line: at(3), column: 8 },
        { messageId: 'discarded', data: { stream: 'grpc-js call', call: 'client.watch(…)' }, line: at(4), column: 18 },
      ],
    },
    {
      name: 'discarded: a client kept in an annotated field, and one passed as an annotated parameter',
      code: code(`export class Keys {
  constructor(private readonly events: EventServiceClient) {}
  keys(topic: string) {
    this.events.watch({ topic, sinceRevision: 0 });
  }
}
export function keys(events: EventServiceClient, topic: string) {
  events.watch({ topic, sinceRevision: 0 });
}`),
      errors: [
        { messageId: 'discarded', data: { stream: 'grpc-js call', call: 'this.events.watch(…)' }, line: at(4), column: 5 },
        { messageId: 'discarded', data: { stream: 'grpc-js call', call: 'events.watch(…)' }, line: at(8), column: 3 },
      ],
    },
    {
      name: 'discarded: a call through a function-typed parameter, dropped',
      code: code(`export function touch(watch: Watch, request: WatchRequest) {
  watch(request, {});
}`),
      errors: [{ messageId: 'discarded', data: { stream: 'grpc-js call', call: 'watch(…)' }, line: at(2), column: 3 }],
    },
    {
      name: "synthetic end: a timer emits 'end' and the 'end' listener destroys the call",
      code: code(`export function poll(request: WatchRequest, ms: number) {
  const call = client.watch(request);
  call.on('error', () => {});
  call.on('end', () => call.destroy());
  setTimeout(() => call.emit('end'), ms);
  return call;
}`),
      errors: [
        { messageId: 'stopWithoutCancel', line: at(4), column: 24 },
        { messageId: 'syntheticEnd', data: { name: 'call', event: 'end' }, line: at(5), column: 20 },
      ],
    },
  ],
});
