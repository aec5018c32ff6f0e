import rule from '../../rules/server-stream-honors-cancel.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports and declarations take lines 2–16, so each body starts at line 17.
const imports = `
import { EventEmitter, on, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { credentials, Server, type ServerUnaryCall, type ServerWritableStream } from '@grpc/grpc-js';
import type { ConnectRouter, HandlerContext, ServiceImpl } from '@connectrpc/connect';
import type { CallContext, ServiceImplementation } from 'nice-grpc';
import { EventServiceClient, EventServiceService, type EventServiceServer, type ExchangeResponse, type PingRequest, type PingResponse, type WatchEvent, type WatchRequest } from './generated/grpc-js/demo/v1/demo.js';
import { EventServiceDefinition, type EventServiceImplementation } from './generated/nice-grpc/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
declare const bus: EventEmitter;
declare const changes: { subscribe(next: (ev: WatchEvent) => void): { unsubscribe(): void } };
declare function poll(topic: string): Promise<WatchEvent | undefined>;
declare function nextPage(after: number): Promise<WatchEvent[]>;
const upstream = new EventServiceClient('upstream:50051', credentials.createInsecure());
const server = new Server();`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 16 + n;
const event = "{ topic: 'a', revision: 1, payload: '' }";

const grpcFix = (what: string, call: string): string =>
  what === 'the timer'
    ? `Clear it in \`${call}.on('cancelled', …)\``
    : what === 'the listener'
      ? `Remove it in \`${call}.on('cancelled', …)\``
      : `Check \`${call}.cancelled\` in the loop, or stop it in \`${call}.on('cancelled', …)\``;
const grpc = (handler: string, line: number, producer: string, what: string, call = 'call') => ({ handler, line: String(line), producer, what, fix: grpcFix(what, call) });
const generator = (handler: string, line: number, library: string, signal = 'ctx.signal') => ({ handler, line: String(line), library, signal });

createRuleTester().run('server-stream-honors-cancel', rule, {
  valid: [
    // ---- grpc-js: the work stops when the client goes ----
    {
      name: "grpc-js: the timer is cleared on 'cancelled'",
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const timer = setInterval(() => call.write(${event}), 100);
    call.on('cancelled', () => clearInterval(timer));
  },
};`),
    },
    {
      name: "grpc-js: the listener is removed on 'close'",
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const forward = (ev: WatchEvent) => call.write(ev);
    bus.on('event', forward);
    call.once('close', () => bus.off('event', forward));
  },
};`),
    },
    {
      name: 'grpc-js: the loop checks call.cancelled',
      code: code(`server.addService(EventServiceService, {
  async watch(call: ServerWritableStream<WatchRequest, WatchEvent>) {
    while (!call.cancelled) {
      call.write(${event});
      await sleep(100);
    }
    call.end();
  },
});`),
    },
    {
      name: 'grpc-js: the loop body returns once the call is cancelled',
      code: code(`export async function watch(call: ServerWritableStream<WatchRequest, WatchEvent>) {
  for (;;) {
    if (call.cancelled) return;
    call.write(${event});
    await sleep(100);
  }
}`),
    },
    {
      name: 'grpc-js: a finite loop over the data, and a paging loop that breaks when the data ends',
      code: code(`export const impl: Partial<EventServiceServer> = {
  async watch(call) {
    for (const ev of await nextPage(0)) {
      call.write(ev);
      await sleep(10);
    }
    let after = 0;
    while (true) {
      const page = await nextPage(after);
      if (page.length === 0) break;
      for (const ev of page) call.write(ev);
      after += page.length;
    }
    call.end();
  },
};`),
    },
    {
      name: 'grpc-js: a timer that clears itself after a number of ticks is bounded',
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    let ticks = 0;
    const timer = setInterval(() => {
      call.write(${event});
      if (++ticks === 10) {
        clearInterval(timer);
        call.end();
      }
    }, 100);
  },
};`),
    },
    {
      name: 'grpc-js: the call is handed to a registry that may stop the work',
      code: code(`const subscribers = new Set<ServerWritableStream<WatchRequest, WatchEvent>>();
export const impl: Partial<EventServiceServer> = {
  watch(call) {
    subscribers.add(call);
    bus.on('event', (ev: WatchEvent) => call.write(ev));
  },
};`),
    },
    {
      name: 'grpc-js: piping a source into the call (pipe stops writing when the call closes)',
      code: code(`declare function eventsOf(topic: string): Readable;
export const impl: Partial<EventServiceServer> = {
  watch(call) {
    eventsOf(call.request.topic).pipe(call);
  },
};`),
    },
    {
      name: 'grpc-js: piping into the call through a cast (`call as unknown as NodeJS.WritableStream`) is the same hand-off',
      code: code(`declare function eventsOf(topic: string): Readable;
export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const events = eventsOf(call.request.topic);
    events.on('data', () => call.write({ topic: 'seen' }));
    events.pipe(call as unknown as NodeJS.WritableStream);
  },
};`),
    },
    {
      name: "grpc-js: an 'error' listener runs at most once, when its source fails: no work that runs on",
      code: code(`declare function eventsOf(topic: string): Readable;
export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const events = eventsOf(call.request.topic);
    events.on('error', (error) => call.destroy(error));
    events.resume();
  },
};`),
    },
    {
      name: 'grpc-js: a proxy of an upstream stream that ends the call when the upstream ends is bounded by it',
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const up = upstream.watch(call.request);
    up.on('data', (ev: WatchEvent) => call.write(ev));
    up.on('error', () => call.end());
    up.on('end', () => call.end());
  },
};`),
    },
    {
      name: 'grpc-js bidi: echoing what the call itself sends stops with the call',
      code: code(`export const impl: Partial<EventServiceServer> = {
  exchange(call) {
    call.on('data', (req: { id: string }) => call.write({ id: req.id, timestamp: Date.now() }));
    call.on('end', () => call.end());
  },
};`),
    },
    {
      name: 'grpc-js: a unary handler streams nothing, and a listener that never writes to the call is not a producer',
      code: code(`export const impl: Partial<EventServiceServer> = {
  ping(call: ServerUnaryCall<PingRequest, PingResponse>, callback) {
    setInterval(() => console.log(call.request.message), 1000);
    callback(null, { message: 'pong', serverTime: Date.now() });
  },
  watch(call) {
    bus.on('event', (ev: WatchEvent) => console.log(ev.topic));
    call.end();
  },
};`),
    },
    {
      name: 'an object that is neither typed as an implementation nor registered is no handler',
      code: code(`export const helpers = {
  watch(call: { write(ev: WatchEvent): void }) {
    setInterval(() => call.write(${event}), 100);
  },
};`),
    },
    // ---- nice-grpc and connect generators ----
    {
      name: 'nice-grpc: yield every round and sleep: the library returns the generator at the next yield',
      code: code(`export const impl: ServiceImplementation<typeof EventServiceDefinition> = {
  async ping() { return {}; },
  async *watch(request) {
    while (true) {
      yield { topic: request.topic, revision: Date.now() };
      await sleep(100);
    }
  },
  async *exchange() {},
  async upload() { return {}; },
};`),
    },
    {
      name: 'nice-grpc: the timer is cleared and the listener removed in finally',
      code: code(`export const impl: Partial<EventServiceImplementation> = {
  async *watch(request, ctx: CallContext) {
    const queue: WatchEvent[] = [];
    const push = (ev: WatchEvent) => queue.push(ev);
    const timer = setInterval(() => queue.push({ topic: request.topic, revision: 0, payload: 'tick' }), 1000);
    bus.on('event', push);
    try {
      while (true) {
        yield* queue.splice(0);
        await sleep(100);
      }
    } finally {
      clearInterval(timer);
      bus.off('event', push);
    }
  },
};`),
    },
    {
      name: 'connect: a DOM listener registered with the signal is removed on abort',
      code: code(`declare const target: EventTarget;
export const impl: Partial<ServiceImpl<typeof EventService>> = {
  async *watch(request, ctx: HandlerContext) {
    target.addEventListener('change', () => {}, { signal: ctx.signal });
    yield { topic: request.topic };
  },
};`),
    },
    {
      name: 'nice-grpc: the change-only loop checks the signal, and the waits take it',
      code: code(`export const impl: Partial<EventServiceImplementation> = {
  async *watch(request, ctx) {
    let last: WatchEvent | undefined;
    while (!ctx.signal.aborted) {
      const now = await poll(request.topic);
      if (now && now.revision !== last?.revision) yield (last = now);
      await sleep(1000);
    }
  },
  async *exchange(requests, { signal }) {
    while (true) {
      const [ev] = await once(bus, 'event', { signal });
      yield ev as ExchangeResponse;
    }
  },
};`),
    },
    {
      name: 'connect: events.on() with the signal, and a wait in a helper that gets the context',
      code: code(`declare function changed(topic: string, ctx: HandlerContext): Promise<WatchEvent>;
export default (router: ConnectRouter) =>
  router.service(EventService, {
    async *watch(request, ctx) {
      for await (const [ev] of on(bus, 'event', { signal: ctx.signal })) yield ev as WatchEvent;
    },
    async *exchange(requests, ctx) {
      while (true) {
        const ev = await changed('x', ctx);
        if (ev.revision > 0) yield { id: ev.topic };
      }
    },
  });`),
    },
    {
      name: 'nice-grpc: a handler that returns an iterable made elsewhere is not a generator of its own',
      code: code(`declare function stream(topic: string, signal: AbortSignal): AsyncIterable<WatchEvent>;
export const impl: Partial<EventServiceImplementation> = {
  watch(request, ctx) {
    return stream(request.topic, ctx.signal);
  },
};`),
    },
    {
      name: 'a generator that is no handler',
      code: code(`export async function* ticks() {
  setInterval(() => {}, 1000);
  yield 1;
}`),
    },
  ],
  invalid: [
    {
      name: 'grpc-js: a setInterval timer in a method of a typed implementation (ts-proto EventServiceServer)',
      code: code(`export const impl: EventServiceServer = {
  ping: (call, callback) => callback(null, { message: 'pong', serverTime: 0 }),
  watch(call) {
    setInterval(() => call.write(${event}), 100);
  },
  upload: (call, callback) => callback(null, { name: '', totalChunks: 0, ok: true }),
  exchange: (call) => call.end(),
};`),
      errors: [{ messageId: 'grpcProducer', line: at(3), column: 3, endColumn: 8, data: grpc('watch', at(4), 'a `setInterval` timer', 'the timer') }],
    },
    {
      name: 'grpc-js: a while (true) loop that writes, in a handler registered with addService',
      code: code(`server.addService(EventServiceService, {
  async watch(call: ServerWritableStream<WatchRequest, WatchEvent>) {
    while (true) {
      call.write(${event});
      await sleep(100);
    }
  },
});`),
      errors: [{ messageId: 'grpcProducer', line: at(2), column: 9, data: grpc('watch', at(3), 'a loop that writes to `call`', 'the loop') }],
    },
    {
      name: 'grpc-js bidi: a listener on a shared emitter, in a class that implements the service',
      code: code(`export class Events implements Partial<EventServiceServer> {
  exchange(stream: Parameters<EventServiceServer['exchange']>[0]) {
    bus.on('reply', (reply: ExchangeResponse) => stream.write(reply));
  }
}
server.addService(EventServiceService, new Events() as never);`),
      errors: [{ messageId: 'grpcProducer', line: at(2), column: 3, data: grpc('exchange', at(3), "a listener for `'reply'` on `bus`", 'the listener', 'stream') }],
    },
    {
      name: 'grpc-js: a standalone handler found by its parameter type, proxying an upstream call that never ends',
      code: code(`export function watch(call: ServerWritableStream<WatchRequest, WatchEvent>) {
  const up = upstream.watch(call.request);
  up.on('error', () => {});
  up.on('data', (ev: WatchEvent) => call.write(ev));
}`),
      errors: [{ messageId: 'grpcProducer', line: at(1), column: 17, data: grpc('watch', at(4), "a listener for `'data'` on `up`", 'the listener') }],
    },
    {
      name: "grpc-js: an 'error' listener that destroys the call does not bound the source's 'data' listener",
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const up = upstream.watch(call.request);
    up.on('error', (error) => call.destroy(error));
    up.on('data', (ev: WatchEvent) => call.write(ev));
  },
};`),
      errors: [{ messageId: 'grpcProducer', line: at(2), column: 3, data: grpc('watch', at(5), "a listener for `'data'` on `up`", 'the listener') }],
    },
    {
      name: "grpc-js: a subscribe() cleaned up only on 'error' and 'finish', which a cancel never emits",
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const sub = changes.subscribe((ev) => call.write(ev));
    call.on('error', () => sub.unsubscribe);
    call.on('finish', () => console.log('done', sub));
  },
};`),
      errors: [{ messageId: 'grpcProducer', line: at(2), column: 3, data: grpc('watch', at(3), 'a `subscribe()` on `changes`', 'the listener') }],
    },
    {
      name: 'nice-grpc: a setInterval the generator starts and never clears',
      code: code(`export const impl: ServiceImplementation<typeof EventServiceDefinition> = {
  async ping() { return {}; },
  async *watch(request, ctx) {
    let revision = 0;
    const timer = setInterval(() => revision++, 100);
    while (true) {
      yield { topic: request.topic, revision };
      await sleep(100);
    }
  },
  async *exchange() {},
  async upload() { return {}; },
};`),
      errors: [{ messageId: 'generatorTimer', line: at(3), column: 10, data: generator('watch', at(5), 'nice-grpc') }],
    },
    {
      name: 'nice-grpc (ts-proto interface, found by its CallContext): a polling loop that yields only on change',
      code: code(`export const impl: Partial<EventServiceImplementation> = {
  async *watch(request, ctx) {
    let last: WatchEvent | undefined;
    while (true) {
      const now = await poll(request.topic);
      if (now && now.revision !== last?.revision) yield (last = now);
      await sleep(1000);
    }
  },
};`),
      errors: [{ messageId: 'generatorChangeLoop', line: at(2), column: 10, data: generator('watch', at(4), 'nice-grpc') }],
    },
    {
      name: 'connect router.service: a for await over events.on() without the signal',
      code: code(`export default (router: ConnectRouter) =>
  router.service(EventService, {
    async *watch(request, ctx) {
      for await (const [ev] of on(bus, request.topic)) yield ev as WatchEvent;
    },
  });`),
      errors: [{ messageId: 'generatorWait', line: at(3), column: 12, data: { handler: 'watch', line: String(at(4)), signalOption: '{ signal: ctx.signal }', what: '`on(…)`' } }],
    },
    {
      name: 'connect ServiceImpl: a listener the generator registers and never removes',
      code: code(`export const impl: Partial<ServiceImpl<typeof EventService>> = {
  async *watch(request, ctx: HandlerContext) {
    const queue: WatchEvent[] = [];
    bus.on(request.topic, (ev: WatchEvent) => queue.push(ev));
    while (true) {
      yield* queue.splice(0);
      await sleep(100);
    }
  },
};`),
      errors: [
        {
          messageId: 'generatorListener',
          line: at(2),
          column: 10,
          data: { ...generator('watch', at(4), 'connect'), signalOption: '{ signal: ctx.signal }', listener: 'a listener (`bus.on(…)`)' },
        },
      ],
    },
    {
      name: 'nice-grpc: once() and a listening new Promise in the loop, without the destructured signal',
      code: code(`export const impl: Partial<EventServiceImplementation> = {
  async *exchange(requests, { signal }) {
    while (true) {
      const [ev] = await once(bus, 'reply');
      yield ev as ExchangeResponse;
    }
  },
  async *watch(request) {
    while (true) {
      const ev = await new Promise<WatchEvent>((resolve) => bus.once(request.topic, resolve));
      yield ev;
    }
  },
};`),
      errors: [
        { messageId: 'generatorWait', line: at(2), column: 10, data: { handler: 'exchange', line: String(at(4)), signalOption: '{ signal }', what: '`once(…)`' } },
        {
          messageId: 'generatorWait',
          line: at(8),
          column: 10,
          data: { handler: 'watch', line: String(at(10)), signalOption: '{ signal: context.signal }', what: 'a `new Promise` that waits for an event' },
        },
      ],
    },
    {
      name: 'connect router.rpc: an anonymous generator handler is reported at its head',
      code: code(`export default (router: ConnectRouter) =>
  router.rpc(EventService.method.watch, async function* (request, ctx) {
    setInterval(() => console.log(request.topic), 1000);
    yield { topic: request.topic };
  });`),
      errors: [{ messageId: 'generatorTimer', line: at(2), column: 41, endLine: at(2), data: generator('handler', at(3), 'connect') }],
    },
  ],
});
