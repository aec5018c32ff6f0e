import rule from '../../rules/no-uncancelled-stream.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports and clients take lines 2–13, so each body starts at line 14.
const imports = `
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { credentials, type ClientDuplexStream, type ClientReadableStream, type ClientWritableStream } from '@grpc/grpc-js';
import { createClient as createConnectClient, type Client as ConnectClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createChannel, createClient as createNiceClient } from 'nice-grpc';
import { EventServiceClient, type ExchangeRequest, type ExchangeResponse, type UploadChunk, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
const client = new EventServiceClient('localhost:50051', credentials.createInsecure());
const connect = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));
const nice = createNiceClient(EventServiceDefinition, createChannel('localhost:50051'));`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 13 + n;

runRuleTests('no-uncancelled-stream', rule, {
  valid: [
    {
      name: "stop: a cleanup that also takes the call's 'end' and 'error' listeners off runs when the call is over",
      code: code(`export function collect(topic: string): Promise<WatchEvent[]> {
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    const call = client.watch({ topic, sinceRevision: 0 });
    const onData = (event: WatchEvent): void => void events.push(event);
    const onEnd = (): void => { cleanup(); resolve(events); };
    const onError = (error: Error): void => { cleanup(); reject(error); };
    call.on('data', onData);
    call.on('end', onEnd);
    call.on('error', onError);
    function cleanup(): void {
      call.removeListener('error', onError);
      call.removeListener('end', onEnd);
      call.removeListener('data', onData);
    }
  });
}`),
    },
    // ---- grpc-js: cancelled, bounded or handed off ----
    {
      name: 'grpc-js: continue to an outer loop leaves the try, so its finally cancels the call',
      code: code(`export async function scan(topics: string[]) {
  outer: for (const topic of topics) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      for await (const ev of call) {
        if ((ev as WatchEvent).payload === 'skip') continue outer;
      }
    } finally {
      call.cancel();
    }
  }
}`),
    },
    {
      name: 'grpc-js: cancel() in finally covers every exit of the loop',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      if ((ev as WatchEvent).revision > 3) return ev;
      if ((ev as WatchEvent).payload === 'stop') break;
    }
  } finally {
    call.cancel();
  }
  return undefined;
}`),
    },
    {
      name: 'grpc-js: cancel() before the break on the same path',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) {
    if ((ev as WatchEvent).revision > 3) {
      call.cancel();
      break;
    }
  }
}`),
    },
    {
      name: 'grpc-js: cancel() after the loop on the path the break takes',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) {
    if ((ev as WatchEvent).revision > 3) break;
  }
  call.cancel();
}`),
    },
    {
      name: 'grpc-js: a deadline option bounds the call',
      code: code(`export async function first(topic: string) {
  for await (const ev of client.watch({ topic, sinceRevision: 0 }, { deadline: Date.now() + 5_000 })) {
    return ev;
  }
  return undefined;
}`),
    },
    {
      name: 'grpc-js: a deadline in a local options object bounds the call',
      code: code(`export async function first(topic: string) {
  const options = { deadline: new Date(Date.now() + 5_000) };
  for await (const ev of client.watch({ topic, sinceRevision: 0 }, options)) {
    return ev;
  }
  return undefined;
}`),
    },
    {
      name: 'grpc-js: options from a parameter may carry a deadline (limit: stay quiet)',
      code: code(`export async function first(topic: string, options: { deadline?: number }) {
  for await (const ev of client.watch({ topic, sinceRevision: 0 }, options)) {
    return ev;
  }
  return undefined;
}`),
    },
    {
      name: 'grpc-js: the parent option propagates the server call’s cancellation',
      code: code(`export async function relay(topic: string, parent: import('@grpc/grpc-js').ServerUnaryCall<unknown, unknown>) {
  for await (const ev of client.watch({ topic, sinceRevision: 0 }, { parent })) {
    return ev;
  }
  return undefined;
}`),
    },
    {
      name: 'grpc-js: for await without early exit completes when the server ends the stream',
      code: code(`export async function all(topic: string) {
  const out: unknown[] = [];
  for await (const ev of client.watch({ topic, sinceRevision: 0 })) {
    if ((ev as WatchEvent).payload === '') continue;
    out.push(ev);
  }
  return out;
}`),
    },
    {
      name: 'grpc-js: break and continue aimed at statements inside the loop body',
      code: code(`export async function all(topic: string, kinds: string[]) {
  for await (const ev of client.watch({ topic, sinceRevision: 0 })) {
    switch ((ev as WatchEvent).payload) {
      case 'a':
        break;
      default:
        for (const kind of kinds) {
          if (kind === 'x') break;
          if (kind === 'y') continue;
        }
    }
    inner: {
      if (kinds.length === 0) break inner;
    }
  }
}`),
    },
    {
      name: 'grpc-js: continue to the loop’s own label continues it',
      code: code(`export async function all(topic: string) {
  events: for await (const ev of client.watch({ topic, sinceRevision: 0 })) {
    if ((ev as WatchEvent).payload === '') continue events;
  }
}`),
    },
    {
      name: 'grpc-js: return and throw inside a nested function are not exits of the loop',
      code: code(`export async function all(topic: string) {
  const handlers: Array<() => unknown> = [];
  for await (const ev of client.watch({ topic, sinceRevision: 0 })) {
    handlers.push(() => {
      if (!ev) throw new Error('empty');
      return ev;
    });
  }
  return handlers;
}`),
    },
    {
      name: 'grpc-js: a throw caught inside the loop body does not leave the loop',
      code: code(`export async function all(topic: string) {
  for await (const ev of client.watch({ topic, sinceRevision: 0 })) {
    try {
      if (!ev) throw new Error('empty');
    } catch {
      continue;
    }
  }
}`),
    },
    {
      name: 'grpc-js: the stream is returned to the caller, who owns cancelling it',
      code: code(`export async function skipTo(topic: string, revision: number) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) {
    if ((ev as WatchEvent).revision >= revision) return call;
  }
  return call;
}`),
    },
    {
      name: 'grpc-js: a stream received as a parameter belongs to the caller',
      code: code(`export async function first(call: ClientReadableStream<WatchEvent>) {
  for await (const ev of call) return ev;
  return undefined;
}`),
    },
    {
      name: 'grpc-js: a stream kept in a field that the class cancels belongs to the class',
      code: code(`export class Watcher {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  async next() {
    for await (const ev of this.call) return ev;
    return undefined;
  }
  close() {
    this.call.cancel();
  }
}`),
    },
    {
      name: 'grpc-js: a timer that cancels the captured call bounds it',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const timer = setTimeout(() => call.cancel(), 5_000);
  for await (const ev of call) {
    clearTimeout(timer);
    return ev;
  }
  return undefined;
}`),
    },
    {
      name: 'grpc-js: a stream passed to a helper is handed off',
      code: code(`declare function track(call: ClientReadableStream<WatchEvent>): void;
export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  track(call);
  for await (const ev of call) return ev;
  return undefined;
}`),
    },
    {
      name: 'grpc-js: a stream returned by a helper function may be shared (limit: only client methods create)',
      code: code(`declare function sharedWatch(topic: string): ClientReadableStream<WatchEvent>;
export async function first(topic: string) {
  for await (const ev of sharedWatch(topic)) return ev;
  return undefined;
}`),
    },
    {
      name: 'grpc-js: a reassigned variable has no single creation (limit)',
      code: code(`export async function first(topic: string) {
  let call = client.watch({ topic, sinceRevision: 0 });
  if (topic === '') call = client.watch({ topic: 'default', sinceRevision: 0 });
  for await (const ev of call) return ev;
  return undefined;
}`),
    },
    {
      name: 'grpc-js: many guarded exits under one finally stay linear (path explosion)',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const raw of call) {
      const ev = raw as WatchEvent;
${Array.from({ length: 60 }, (_, i) => `      if (ev.revision === ${i}) ${i % 3 === 0 ? 'break' : i % 3 === 1 ? 'return ev' : "throw new Error('e')"};`).join('\n')}
    }
  } finally {
    call.cancel();
  }
  return undefined;
}`),
    },
    {
      name: 'grpc-js: an any-typed call says nothing (limit)',
      code: code(`export async function first(anyClient: any) {
  for await (const ev of anyClient.watch({ topic: 't' })) return ev;
  return undefined;
}`),
    },
    {
      name: 'grpc-js: top-level for await with cancel() in finally',
      code: code(`const call = client.watch({ topic: 't', sinceRevision: 0 });
try {
  for await (const ev of call) {
    if ((ev as WatchEvent).revision > 3) break;
  }
} finally {
  call.cancel();
}`),
    },
    // ---- connect: signal, timeout ----
    {
      name: 'connect: a signal from the caller hands cancellation to the caller',
      code: code(`export async function first(topic: string, signal: AbortSignal) {
  for await (const ev of connect.watch({ topic }, { signal })) {
    if (ev.revision > 3n) break;
  }
}`),
    },
    {
      name: 'connect: AbortSignal.timeout bounds the call',
      code: code(`export async function first(topic: string) {
  for await (const ev of connect.watch({ topic }, { signal: AbortSignal.timeout(5_000) })) {
    if (ev.revision > 3n) break;
  }
}`),
    },
    {
      name: 'connect: AbortSignal.any with a timeout bounds the call',
      code: code(`export async function first(topic: string) {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(5_000)]);
  for await (const ev of connect.watch({ topic }, { signal })) {
    if (ev.revision > 3n) break;
  }
}`),
    },
    {
      name: 'connect: timeoutMs bounds the call',
      code: code(`export async function first(topic: string) {
  for await (const ev of connect.watch({ topic }, { timeoutMs: 5_000 })) {
    return ev;
  }
  return undefined;
}`),
    },
    {
      name: 'connect: the transport’s defaultTimeoutMs bounds every call',
      code: code(`const bounded = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080', defaultTimeoutMs: 5_000 }));
export async function first(topic: string) {
  for await (const ev of bounded.watch({ topic })) return ev;
  return undefined;
}`),
    },
    {
      name: 'connect: the controller is aborted in finally',
      code: code(`export async function first(topic: string) {
  const ac = new AbortController();
  try {
    for await (const ev of connect.watch({ topic }, { signal: ac.signal })) {
      if (ev.revision > 3n) return ev;
    }
    return undefined;
  } finally {
    ac.abort();
  }
}`),
    },
    {
      name: 'connect: the controller is handed to the caller',
      code: code(`export async function first(topic: string) {
  const controller = new AbortController();
  for await (const ev of connect.watch({ topic }, { signal: controller.signal })) {
    return { ev, controller };
  }
  return { ev: undefined, controller };
}`),
    },
    {
      name: 'connect: the stream is returned to the caller, who reads on from where the loop stopped',
      code: code(`export async function skipHeader(topic: string, client2: ConnectClient<typeof EventService>) {
  const stream = client2.watch({ topic });
  for await (const ev of stream) {
    if (ev.payload === 'header-end') break;
  }
  return stream;
}`),
    },
    // ---- nice-grpc cancels by itself ----
    {
      name: 'nice-grpc: break runs the generator’s finally, which cancels the call',
      code: code(`export async function first(topic: string) {
  for await (const ev of nice.watch({ topic })) {
    if (ev.revision > 3) break;
  }
}`),
    },
    {
      name: 'nice-grpc: return out of the loop cancels too',
      code: code(`export async function first(topic: string) {
  const stream = nice.watch({ topic });
  for await (const ev of stream) return ev;
  return undefined;
}`),
    },
    {
      name: 'a plain async iterable is no RPC stream',
      code: code(`export async function first(source: AsyncIterable<number>) {
  const local = (async function* () { yield* source; })();
  for await (const n of local) if (n > 3) break;
}`),
    },
    // ---- drains ----
    {
      name: 'drain: an empty for await over a fresh stream outside a close path (it may be finite)',
      code: code(`export async function waitDone(topic: string) {
  for await (const _ of client.watch({ topic, sinceRevision: 0 })) {}
}`),
    },
    {
      name: 'drain: once(call, "end") after on("data") reads a finite stream to its end',
      code: code(`export async function readAll(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const out: unknown[] = [];
  call.on('data', (m) => out.push(m));
  await once(call, 'end');
  return out;
}`),
    },
    {
      name: 'drain: an empty for await after only an error listener is no partial read',
      code: code(`export async function waitDone(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', () => {});
  for await (const _ of call) {}
}`),
    },
    {
      name: 'drain: waiting for the end after cancel() in close()',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  async close() {
    this.call.cancel();
    await once(this.call, 'close');
  }
}`),
    },
    {
      name: 'drain: a stream bounded by a deadline ends by itself',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 }, { deadline: Date.now() + 60_000 });
  async close() {
    await finished(this.call);
  }
}`),
    },
    {
      name: 'drain: a stream from a constructor parameter, whose options are unknown (limit)',
      code: code(`export class Follower {
  constructor(private readonly call: ClientReadableStream<WatchEvent>) {}
  async close() {
    await once(this.call, 'end');
  }
}`),
    },
    {
      name: 'drain: a connect stream whose controller is aborted by a timer',
      code: code(`export async function close(topic: string) {
  const controller = new AbortController();
  const stream = connect.watch({ topic }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 1_000);
  for await (const _ of stream) {}
}`),
    },
    // ---- stopping without cancel ----
    {
      name: 'stop: removeListener("data") followed by a new data listener',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  private handler = (ev: WatchEvent) => {};
  swap(next: (ev: WatchEvent) => void) {
    this.call.removeListener('data', this.handler);
    this.handler = next;
    this.call.on('data', this.handler);
  }
}`),
    },
    {
      name: 'stop: removeListener("data") in pause() of a class that subscribes again in resume()',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  private readonly onEvent = (ev: WatchEvent) => {};
  constructor() {
    this.call.on('data', this.onEvent);
  }
  pause() {
    this.call.removeListener('data', this.onEvent);
  }
  resume() {
    this.call.on('data', this.onEvent);
  }
}`),
    },
    {
      name: 'stop: removeListener("data") in a class that cancels the call elsewhere',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  private readonly onEvent = (ev: WatchEvent) => {};
  pause() {
    this.call.removeListener('data', this.onEvent);
  }
  close() {
    this.call.cancel();
  }
}`),
    },
    {
      name: 'stop: removing an error listener stops nothing',
      code: code(`export function quiet(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const onError = () => {};
  call.on('error', onError);
  call.removeListener('error', onError);
  return call;
}`),
    },
    {
      name: 'stop: destroy() after cancel()',
      code: code(`export function stop(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('error', () => {});
  call.cancel();
  call.destroy();
}`),
    },
    {
      name: 'stop: end() on a bidi call outside a close path is the normal half-close',
      code: code(`export async function exchange(requests: ExchangeRequest[]) {
  const call = client.exchange();
  for (const request of requests) call.write(request);
  call.end();
  const out: ExchangeResponse[] = [];
  for await (const response of call) out.push(response as ExchangeResponse);
  return out;
}`),
    },
    {
      name: 'stop: end() on a client-streaming call finishes it',
      code: code(`export class Uploader {
  private readonly call: ClientWritableStream<UploadChunk> = client.upload(() => {});
  close() {
    this.call.end();
  }
}`),
    },
    {
      name: 'stop: end() in close() on a bidi call bounded by a deadline',
      code: code(`export class Session {
  private readonly call = client.exchange({ deadline: Date.now() + 10_000 });
  close() {
    this.call.end();
  }
}`),
    },
    {
      // Where the stream is made decides, as for loops: a helper's stream may be shared with others.
      name: 'stop: a destroy() of a stream a helper returns is not followed',
      code: code(`function openWatch(): ClientReadableStream<WatchEvent> {
  return client.watch({ topic: 'orders', sinceRevision: 0 });
}
export function stop() {
  const call = openWatch();
  call.destroy();
}`),
    },
    {
      name: 'stop: a field cleared with `undefined` whose stream is cancelled before it is destroyed',
      code: code(`export class Follower {
  private call: ClientReadableStream<WatchEvent> | undefined;
  start(topic: string) {
    const call = client.watch({ topic, sinceRevision: 0 });
    call.on('error', () => {});
    this.call = call;
  }
  stop() {
    const call = this.call;
    this.call = undefined;
    call?.cancel();
    call?.destroy();
  }
}`),
    },
    {
      name: 'stop: a field that only ever holds `null` or `undefined` holds no stream',
      code: code(`export class Idle {
  private call: ClientReadableStream<WatchEvent> | null = null;
  stop() {
    this.call?.destroy();
    this.call = undefined as never;
  }
}`),
    },
    {
      name: 'stop: a destroy() of something that is no RPC stream',
      code: code(`import { Readable } from 'node:stream';
export function stop() {
  const r = Readable.from([1, 2, 3]);
  r.destroy();
}`),
    },
    {
      name: 'never crashes on decorators, overloads, declare, using and any',
      code: code(`declare const maybe: any;
declare function over(a: string): void;
declare function over(a: number): void;
function logged(_t: unknown, _c: ClassMethodDecoratorContext) {}
export class Odd {
  @logged
  async run() {
    using res = { [Symbol.dispose]() {} };
    for await (const x of maybe) { if (x) break; }
    for await (const _ of maybe.stream) {}
    maybe.removeListener('data', () => {});
    await once(maybe, 'end');
    over('a');
    return res;
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'grpc-js: a private field the class starts and never cancels, left by return',
      code: code(`export class Watcher {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  async next() {
    for await (const ev of this.call) return ev;
    return undefined;
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'return', name: 'this.call', fix: 'Call `this.call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(4),
          column: 39,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export class Watcher {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  async next() {
    try {
      for await (const ev of this.call) return ev;
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
      name: 'grpc-js: continue to an outer loop through a finally that does not cancel',
      code: code(`export async function scan(topics: string[]) {
  outer: for (const topic of topics) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      for await (const ev of call) {
        if ((ev as WatchEvent).payload === 'skip') continue outer;
      }
    } finally {
      console.log('scanned', topic);
    }
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'continue outer', name: 'call', fix: 'Call `call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(6),
          column: 52,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function scan(topics: string[]) {
  outer: for (const topic of topics) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      try {
        for await (const ev of call) {
          if ((ev as WatchEvent).payload === 'skip') continue outer;
        }
      } finally {
        call.cancel();
      }
    } finally {
      console.log('scanned', topic);
    }
  }
}`),
            },
          ],
        },
      ],
    },
    // ---- grpc-js ----
    {
      name: 'grpc-js: break out of for await over a named call',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) {
    if ((ev as WatchEvent).revision > 3) break;
  }
  return 1;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'break', name: 'call', fix: 'Call `call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(4),
          column: 42,
          endLine: at(4),
          endColumn: 48,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'call.cancel()' },
              output: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      if ((ev as WatchEvent).revision > 3) break;
    }
  } finally {
    call.cancel();
  }
  return 1;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: return from inside the loop (article 004)',
      code: code(`export async function waitForRevision(topic: string, revision: number) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const raw of call) {
    const ev = raw as WatchEvent;
    if (ev.revision >= revision) return ev;
  }
  throw new Error('ended early');
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(5),
          column: 34,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function waitForRevision(topic: string, revision: number) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const raw of call) {
      const ev = raw as WatchEvent;
      if (ev.revision >= revision) return ev;
    }
  } finally {
    call.cancel();
  }
  throw new Error('ended early');
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: throw out of the loop over an inline call, named by the suggestion',
      code: code(`export async function check(topic: string) {
  for await (const ev of client.watch({ topic, sinceRevision: 0 })) {
    if ((ev as WatchEvent).payload === 'bad') throw new Error('bad event');
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: {
            exit: 'throw',
            name: 'client.watch(…)',
            fix: 'Keep the call in a variable and cancel it in a `finally` around the loop, or pass a `deadline`',
          },
          line: at(3),
          column: 47,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function check(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      if ((ev as WatchEvent).payload === 'bad') throw new Error('bad event');
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
      name: 'grpc-js: continue to an outer loop abandons the call and starts another',
      code: code(`export async function scan(topics: string[]) {
  outer: for (const topic of topics) {
    const call = client.watch({ topic, sinceRevision: 0 });
    for await (const ev of call) {
      if ((ev as WatchEvent).payload === 'skip') continue outer;
    }
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'continue outer', name: 'call', fix: 'Call `call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(5),
          column: 50,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function scan(topics: string[]) {
  outer: for (const topic of topics) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      for await (const ev of call) {
        if ((ev as WatchEvent).payload === 'skip') continue outer;
      }
    } finally {
      call.cancel();
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: break in a retry loop that never returns leaks one call per round',
      code: code(`export async function follow(topic: string) {
  while (true) {
    const call = client.watch({ topic, sinceRevision: 0 });
    for await (const ev of call) {
      if ((ev as WatchEvent).payload === 'reset') break;
    }
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(5),
          column: 51,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function follow(topic: string) {
  while (true) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      for await (const ev of call) {
        if ((ev as WatchEvent).payload === 'reset') break;
      }
    } finally {
      call.cancel();
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: cancel() only in catch misses the break',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      if ((ev as WatchEvent).revision > 3) break;
    }
  } catch (err) {
    call.cancel();
    throw err;
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(5),
          column: 44,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    try {
      for await (const ev of call) {
        if ((ev as WatchEvent).revision > 3) break;
      }
    } finally {
      call.cancel();
    }
  } catch (err) {
    call.cancel();
    throw err;
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: bidi call, break after enough replies',
      code: code(`export async function take(n: number) {
  const call = client.exchange();
  call.write({ count: n, id: 'a' });
  let got = 0;
  for await (const _ of call) {
    if (++got === n) break;
  }
  return got;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(6),
          column: 22,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function take(n: number) {
  const call = client.exchange();
  call.write({ count: n, id: 'a' });
  let got = 0;
  try {
    for await (const _ of call) {
      if (++got === n) break;
    }
  } finally {
    call.cancel();
  }
  return got;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: top-level for await with break',
      code: code(`for await (const ev of client.watch({ topic: 't', sinceRevision: 0 })) {
  if ((ev as WatchEvent).revision > 3) break;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(2),
          column: 40,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`const call = client.watch({ topic: 't', sinceRevision: 0 });
try {
  for await (const ev of call) {
    if ((ev as WatchEvent).revision > 3) break;
  }
} finally {
  call.cancel();
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: every uncovered exit is reported, the covered one is not',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) {
    if ((ev as WatchEvent).revision > 3) {
      call.cancel();
      return ev;
    }
    if ((ev as WatchEvent).payload === 'x') return undefined;
    if ((ev as WatchEvent).payload === 'y') throw new Error('y');
  }
  return undefined;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'return', name: 'call', fix: 'Call `call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(8),
          column: 45,
          suggestions: [{ messageId: 'cancelInFinally', output: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      if ((ev as WatchEvent).revision > 3) {
        call.cancel();
        return ev;
      }
      if ((ev as WatchEvent).payload === 'x') return undefined;
      if ((ev as WatchEvent).payload === 'y') throw new Error('y');
    }
  } finally {
    call.cancel();
  }
  return undefined;
}`) }],
        },
        {
          messageId: 'exitGrpc',
          data: { exit: 'throw', name: 'call', fix: 'Call `call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(9),
          column: 45,
          suggestions: [{ messageId: 'cancelInFinally', output: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      if ((ev as WatchEvent).revision > 3) {
        call.cancel();
        return ev;
      }
      if ((ev as WatchEvent).payload === 'x') return undefined;
      if ((ev as WatchEvent).payload === 'y') throw new Error('y');
    }
  } finally {
    call.cancel();
  }
  return undefined;
}`) }],
        },
      ],
    },
    // ---- connect ----
    {
      name: 'connect: break with no signal (article 004), the suggestion adds an AbortController',
      code: code(`export async function waitForPayload(topic: string, expected: string) {
  let revision = -1n;
  for await (const ev of connect.watch({ topic })) {
    if (ev.payload === expected) {
      revision = ev.revision;
      break;
    }
  }
  return revision;
}`),
      errors: [
        {
          messageId: 'exitConnect',
          data: {
            exit: 'break',
            name: 'connect.watch(…)',
            fix: 'Pass the call a `signal` and abort it in a `finally` around the loop, or pass `timeoutMs`',
          },
          line: at(6),
          column: 7,
          endLine: at(6),
          endColumn: 13,
          suggestions: [
            {
              messageId: 'abortInFinally',
              output: code(`export async function waitForPayload(topic: string, expected: string) {
  let revision = -1n;
  const controller = new AbortController();
  try {
    for await (const ev of connect.watch({ topic }, { signal: controller.signal })) {
      if (ev.payload === expected) {
        revision = ev.revision;
        break;
      }
    }
  } finally {
    controller.abort();
  }
  return revision;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'connect: a named stream with options, the suggestion adds the signal to them',
      code: code(`export async function first(topic: string) {
  const stream = connect.watch({ topic }, { headers: { 'x-team': 'a' } });
  for await (const ev of stream) {
    if (ev.revision > 3n) return ev;
  }
  return undefined;
}`),
      errors: [
        {
          messageId: 'exitConnect',
          data: {
            exit: 'return',
            name: 'stream',
            fix: 'Pass the call a `signal` and abort it in a `finally` around the loop, or pass `timeoutMs`',
          },
          line: at(4),
          column: 27,
          suggestions: [
            {
              messageId: 'abortInFinally',
              output: code(`export async function first(topic: string) {
  const controller = new AbortController();
  const stream = connect.watch({ topic }, { signal: controller.signal, headers: { 'x-team': 'a' } });
  try {
    for await (const ev of stream) {
      if (ev.revision > 3n) return ev;
    }
  } finally {
    controller.abort();
  }
  return undefined;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'connect: the controller is aborted on one path only',
      code: code(`export async function first(topic: string) {
  const ac = new AbortController();
  for await (const ev of connect.watch({ topic }, { signal: ac.signal })) {
    if (ev.revision > 3n) {
      ac.abort();
      break;
    }
    if (ev.payload === 'done') break;
  }
}`),
      errors: [
        {
          messageId: 'exitConnect',
          data: { exit: 'break', name: 'connect.watch(…)', fix: 'Call `ac.abort()` on this path too, in a `finally` around the loop' },
          line: at(8),
          column: 32,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'ac.abort()' },
              output: code(`export async function first(topic: string) {
  const ac = new AbortController();
  try {
    for await (const ev of connect.watch({ topic }, { signal: ac.signal })) {
      if (ev.revision > 3n) {
        ac.abort();
        break;
      }
      if (ev.payload === 'done') break;
    }
  } finally {
    ac.abort();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'connect: a bidi stream left with return',
      code: code(`export async function firstReply(requests: AsyncIterable<{ count: bigint; id: string }>) {
  for await (const reply of connect.exchange(requests)) return reply;
  return undefined;
}`),
      errors: [
        {
          messageId: 'exitConnect',
          line: at(2),
          column: 57,
          suggestions: [
            {
              messageId: 'abortInFinally',
              output: code(`export async function firstReply(requests: AsyncIterable<{ count: bigint; id: string }>) {
  const controller = new AbortController();
  try {
    for await (const reply of connect.exchange(requests, { signal: controller.signal })) return reply;
  } finally {
    controller.abort();
  }
  return undefined;
}`),
            },
          ],
        },
      ],
    },
    // ---- stopping without cancelling ----
    {
      name: 'stop: removeListener("data") on a field leaves the call running (article 004)',
      code: code(`export class TopicFollower {
  private readonly call: ClientReadableStream<WatchEvent>;
  private readonly onEvent = (ev: WatchEvent): void => {};
  constructor(topic: string) {
    this.call = client.watch({ topic, sinceRevision: 0 });
    this.call.on('data', this.onEvent);
  }
  unsubscribe(): void {
    this.call.removeListener('data', this.onEvent);
  }
}`),
      errors: [
        {
          messageId: 'stopWithoutCancel',
          data: { name: 'this.call', method: 'removeListener', effect: 'messages keep coming and are dropped' },
          line: at(9),
          column: 5,
          endLine: at(9),
          endColumn: 51,
        },
      ],
    },
    {
      name: 'stop: removeAllListeners() on a local call',
      code: code(`export function peek(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', () => call.removeAllListeners());
}`),
      errors: [{ messageId: 'stopWithoutCancel', data: { name: 'call', method: 'removeAllListeners', effect: 'messages keep coming and are dropped' }, line: at(3), column: 25 }],
    },
    {
      name: 'stop: destroy() from a timer destroys only the JS stream',
      code: code(`export function watchFor(topic: string, ms: number) {
  const call = client.watch({ topic, sinceRevision: 0 });
  call.on('data', () => {});
  setTimeout(() => call.destroy(), ms);
}`),
      errors: [{ messageId: 'stopWithoutCancel', data: { name: 'call', method: 'destroy', effect: 'it destroys only the JS stream' }, line: at(4), column: 20 }],
    },
    {
      name: 'stop: destroy() of a field taken into a local and cleared with `undefined` (the writes of `undefined` hold no stream)',
      code: code(`export class Follower {
  private call: ClientReadableStream<WatchEvent> | undefined;
  start(topic: string) {
    if (this.call) this.call = undefined;
    const call = client.watch({ topic, sinceRevision: 0 });
    call.on('error', () => {});
    this.call = call;
  }
  stop() {
    if (!this.call) return;
    const call = this.call;
    this.call = undefined;
    call.destroy();
  }
}`),
      errors: [{ messageId: 'stopWithoutCancel', data: { name: 'call', method: 'destroy', effect: 'it destroys only the JS stream' }, line: at(13), column: 5 }],
    },
    {
      name: 'stop: end() in close() only half-closes a bidi call',
      code: code(`export class Session {
  private readonly call = client.exchange();
  close() {
    this.call.end();
  }
}`),
      errors: [
        {
          messageId: 'stopWithoutCancel',
          data: { name: 'this.call', method: 'end', effect: 'it only ends the sending side' },
          line: at(4),
          column: 5,
        },
      ],
    },
    // ---- drains ----
    {
      name: 'drain: once(this.call, "end") in close() (article 004)',
      code: code(`export class TopicFollower {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  async close(): Promise<void> {
    await once(this.call, 'end');
  }
}`),
      errors: [
        {
          messageId: 'drain',
          data: {
            how: "`once(…, 'end')`",
            stream: 'grpc-js call',
            name: 'this.call',
            fix: 'Call `this.call.cancel()` instead, or pass a `deadline`',
          },
          line: at(4),
          column: 11,
          endLine: at(4),
          endColumn: 33,
        },
      ],
    },
    {
      name: 'drain: finished() in stop()',
      code: code(`export class TopicFollower {
  private call?: ClientReadableStream<WatchEvent>;
  start() {
    this.call = client.watch({ topic: 't', sinceRevision: 0 });
  }
  async stop() {
    if (this.call) await finished(this.call);
  }
}`),
      errors: [{ messageId: 'drain', data: { how: '`finished(…)`', stream: 'grpc-js call', name: 'this.call', fix: 'Call `this.call.cancel()` instead, or pass a `deadline`' }, line: at(7), column: 26 }],
    },
    {
      name: 'drain: an empty for await in [Symbol.asyncDispose]',
      code: code(`export class Session {
  private readonly call = client.exchange();
  async [Symbol.asyncDispose]() {
    this.call.end();
    for await (const _ of this.call) {}
  }
}`),
      errors: [{ messageId: 'drain', data: { how: 'This empty `for await`', stream: 'grpc-js bidi call', name: 'this.call', fix: 'Call `this.call.cancel()` instead, or pass a `deadline`' }, line: at(5), column: 5 }],
    },
    {
      name: 'drain: a Promise around once("end") in shutdown()',
      code: code(`export class Follower {
  private readonly call = client.watch({ topic: 't', sinceRevision: 0 });
  shutdown() {
    return new Promise((resolve) => this.call.once('end', resolve));
  }
}`),
      errors: [{ messageId: 'drain', data: { how: "This `once('end')` listener", stream: 'grpc-js call', name: 'this.call', fix: 'Call `this.call.cancel()` instead, or pass a `deadline`' }, line: at(4), column: 37 }],
    },
    {
      name: 'drain: a connect bidi stream read in part, then consumed to "close" it (article 004)',
      code: code(`export async function allocate(requests: AsyncIterable<{ count: bigint; id: string }>) {
  const responses = connect.exchange(requests);
  const replies = responses[Symbol.asyncIterator]();
  const first = await replies.next();
  for await (const _ of responses) {
    // discard
  }
  return first.value;
}`),
      errors: [
        {
          messageId: 'drain',
          data: {
            how: 'This empty `for await`',
            stream: 'connect stream',
            name: 'responses',
            fix: "Abort the call's `AbortController` instead, or pass `timeoutMs`",
          },
          line: at(5),
          column: 3,
          endLine: at(7),
          endColumn: 4,
        },
      ],
    },
    {
      name: 'drain: a nice-grpc stream drained in close() (nice-grpc cancels on break, not on a drain)',
      code: code(`export class Follower {
  private readonly stream = nice.watch({ topic: 't' });
  async close() {
    for await (const _ of this.stream);
  }
}`),
      errors: [
        {
          messageId: 'drain',
          data: {
            how: 'This empty `for await`',
            stream: 'nice-grpc stream',
            name: 'this.stream',
            fix: "Abort the call's `AbortController` instead, or leave the loop with `break`",
          },
          line: at(4),
          column: 5,
        },
      ],
    },
  ],
});
