import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import rule from '../../rules/require-handler-completion.js';
import { byLineThenRule, createFixturesESLint, expectedFindings } from '../lint.js';
import { runRuleTests } from '../relint-suggestions.js';
import { fixturesDir } from '../rule-tester.js';

// Line 1 of every case is empty; imports and declarations take lines 2–11, so each body starts at line 12.
const imports = `
import * as grpc from '@grpc/grpc-js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectRouter } from '@connectrpc/connect';
import { EventServiceService, type EventServiceServer, type PingRequest, type PingResponse, type UploadSummary, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
import type { EventServiceHandlers } from './generated/proto-loader/demo/v1/EventService.js';
import type { EventServiceImplementation } from './generated/nice-grpc/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
declare const db: { find(id: string): Promise<PingResponse>; scan(topic: string): AsyncIterable<WatchEvent>; log(e: unknown): Promise<void> };
declare function toStatus(e: unknown): grpc.ServiceError;
const server = new grpc.Server();`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 11 + n;

const UNARY = 'answer with `cb(err)`';
const STREAM = "end it with `call.emit('error', err)`";
const rejects = (expression: string, handler: string, fix = UNARY) => ({ expression, handler: `\`${handler}\``, fix });
const notAnswered = (handler: string, exit: string, callback = 'cb') => ({ Handler: `\`${handler}\``, exit, callback });

runRuleTests('require-handler-completion', rule, {
  valid: [
    // ---- the call is completed: where (a) stops ----
    {
      name: 'unary: the whole body in a try whose catch answers with cb(err)',
      code: code(`server.addService(EventServiceService, {
  async ping(call, cb) {
    try {
      cb(null, await db.find(call.request.message));
    } catch (err) {
      cb(toStatus(err));
    }
  },
});`),
    },
    {
      name: "server stream: a try whose catch fails the call with emit('error'), and ends it otherwise",
      code: code(`export const impl: Partial<EventServiceServer> = {
  async watch(call) {
    try {
      for await (const ev of db.scan(call.request.topic)) call.write(ev);
      call.end();
    } catch (err) {
      call.emit('error', toStatus(err));
    }
  },
};`),
    },
    {
      name: 'a rejection caught by an inner try, then the call answered after it',
      code: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    let reply: PingResponse = { message: '', serverTime: 0 };
    try {
      reply = await db.find(call.request.message);
    } catch {
      reply = { message: 'fallback', serverTime: 0 };
    }
    cb(null, reply);
  },
};`),
    },
    {
      name: 'a handler that is not itself async, wrapped by a helper: the wrapper takes the async function and its promise',
      code: code(`function catchGrpc<Req, Res>(fn: (call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, cb) => {
    fn(call).then((reply) => cb(null, reply), (err: unknown) => cb(toStatus(err)));
  };
}
server.addService(EventServiceService, {
  ping: catchGrpc(async (call: grpc.ServerUnaryCall<PingRequest, PingResponse>) => db.find(call.request.message)),
});`),
    },
    {
      name: 'a helper that returns a completed promise: its whole body is a try whose catch answers (summary)',
      code: code(`async function respond<Res>(cb: grpc.sendUnaryData<Res>, work: () => Promise<Res>): Promise<void> {
  try {
    cb(null, await work());
  } catch (err) {
    cb(toStatus(err));
  }
}
const forward = <Res>(cb: grpc.sendUnaryData<Res>, work: () => Promise<Res>) => respond(cb, work);
export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    return respond(cb, () => db.find(call.request.message));
  },
  async upload(call, cb) {
    await forward(cb, async (): Promise<UploadSummary> => ({ name: '', totalChunks: 0, ok: true }));
  },
};`),
    },
    {
      name: 'rejections settled in the chain: p.then(ok, fail) and p.catch(fail), returned or awaited',
      code: code(`export const impl: Partial<EventServiceServer> = {
  ping: (call, cb) => db.find(call.request.message).then((reply) => cb(null, reply), (err: unknown) => cb(toStatus(err))),
  async upload(call, cb) {
    await db.log(call.metadata).catch(() => undefined);
    cb(null, { name: '', totalChunks: 0, ok: true });
  },
};`),
    },
    {
      name: 'awaits that cannot reject: a timer of node:timers/promises without options, a resolve-only promise, a value that is no promise',
      code: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    await sleep(10);
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
    await call.request.message;
    cb(null, { message: call.request.message, serverTime: Date.now() });
  },
};`),
    },
    {
      name: 'a synchronous throw: grpc-js catches it and answers UNKNOWN (not async, nothing returned)',
      code: code(`export const ping: grpc.handleUnaryCall<PingRequest, PingResponse> = (call, cb) => {
  if (!call.request.message) throw new Error('empty');
  cb(null, { message: call.request.message, serverTime: 0 });
};`),
    },
    // ---- nice-grpc and connect settle rejections themselves ----
    {
      name: 'nice-grpc handlers: a rejection becomes the call status',
      code: code(`export const nice: Partial<EventServiceImplementation> = {
  async ping(request) {
    return db.find(request.message);
  },
  async *watch(request) {
    for await (const ev of db.scan(request.topic)) yield ev;
  },
};`),
    },
    {
      name: 'connect handlers: a rejection becomes the call status',
      code: code(`export default (router: ConnectRouter) =>
  router.service(EventService, {
    async ping(request) {
      const reply = await db.find(request.message);
      return { message: reply.message, serverTime: BigInt(reply.serverTime) };
    },
  });`),
    },
    // ---- the callback is handed on: where (b) stops ----
    {
      name: "client stream: the callback answers from the call's 'end' listener (registered)",
      code: code(`export const upload: grpc.handleClientStreamingCall<{ name: string }, UploadSummary> = (call, cb) => {
  let chunks = 0;
  call.on('data', () => chunks++);
  call.on('end', () => cb(null, { name: '', totalChunks: chunks, ok: true }));
};`),
    },
    {
      name: 'the callback passed to a helper, or stored to answer later',
      code: code(`declare function later(cb: grpc.sendUnaryData<PingResponse>): void;
const pending = new Map<string, grpc.sendUnaryData<PingResponse>>();
export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    if (call.request.message === 'later') {
      pending.set(call.request.message, cb);
      return;
    }
    later(cb);
  },
};`),
    },
    {
      name: 'every path answers: an early return that calls the callback',
      code: code(`export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    if (!call.request.message) return cb({ code: grpc.status.INVALID_ARGUMENT, details: 'empty' });
    cb(null, { message: call.request.message, serverTime: 0 });
  },
};`),
    },
    {
      name: '`if (call.request)`: grpc-js runs a unary handler only once its request has arrived; a test typed as an object is always true',
      code: code(`export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    if (call.request) {
      cb(null, { message: call.request.message, serverTime: 0 });
    }
  },
  upload(call, cb) {
    if (!call.metadata) return;
    cb(null, { name: '', totalChunks: 0, ok: true });
  },
};`),
    },
    {
      name: "a call that returns its callback's result (asyncLocalStorage.run): the callback never rejects",
      code: code(`import { AsyncLocalStorage } from 'node:async_hooks';
const storage = new AsyncLocalStorage<string>();
export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    return storage.run(call.request.message, async () => {
      try {
        cb(null, await db.find(call.request.message));
      } catch (err) {
        cb(toStatus(err));
      } finally {
        storage.disable();
      }
    });
  },
};`),
    },
    {
      name: 'a server-streaming handler may end its call later (no path rule for streams)',
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const timer = setInterval(() => call.write({ topic: call.request.topic, revision: 0, payload: '' }), 100);
    call.on('cancelled', () => clearInterval(timer));
  },
};`),
    },
    {
      name: 'a server-streaming handler that ends or fails its call before destroying it (the status is already sent)',
      code: code(`export const impl: Partial<EventServiceServer> = {
  watch(call) {
    call.on('error', () => {});
    setTimeout(() => {
      call.emit('error', toStatus(new Error('gone')));
      call.destroy();
    }, 100);
    call.on('cancelled', () => {
      call.end();
      call.destroy();
    });
  },
};`),
    },
    {
      name: 'destroy() of a unary call, of another stream, or of the handler of a helper function that is no handler',
      code: code(`declare const upstream: NodeJS.ReadableStream & { destroy(error?: Error): void };
export const impl: Partial<EventServiceServer> = {
  watch(call) {
    upstream.on('error', (error) => upstream.destroy(error as Error));
    call.end();
  },
};
export function teardown(stream: { destroy(): void }) {
  stream.destroy();
}`),
    },
    // ---- wrapped before the server gets it ----
    {
      name: 'a typed handler that the program wraps before registering it',
      code: code(`declare function safe<T>(handler: T): T;
export const ping: grpc.handleUnaryCall<PingRequest, PingResponse> = async (call, cb) => {
  cb(null, await db.find(call.request.message));
};
server.addService(EventServiceService, { ping: safe(ping) });`),
    },
    {
      name: 'an implementation object wrapped before registering: addService(def, withErrors(impl))',
      code: code(`declare function withErrors<T extends grpc.UntypedServiceImplementation>(impl: T): T;
const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    cb(null, await db.find(call.request.message));
  },
};
server.addService(EventServiceService, withErrors(impl));`),
    },
    {
      name: 'an object literal passed to a wrapper, and a class whose instance is wrapped',
      code: code(`declare function withErrors<T extends grpc.UntypedServiceImplementation>(impl: T): T;
server.addService(EventServiceService, withErrors({
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    cb(null, await db.find(call.request.message));
  },
}));
class Events implements Partial<EventServiceServer> {
  [name: string]: grpc.UntypedHandleCall;
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    cb(null, await db.find(call.request.message));
  }
}
const events = new Events();
server.addService(EventServiceService, withErrors(events));`),
    },
    // ---- not a handler grpc-js calls ----
    {
      name: 'a helper method of the implementing class: no service method of that name',
      code: code(`export class Events implements Partial<EventServiceServer> {
  [name: string]: grpc.UntypedHandleCall;
  ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    this.load(call.request.message).then((reply) => cb(null, reply), (err: unknown) => cb(toStatus(err)));
  }
  private async load(id: string) {
    return { ...(await db.find(id)), message: id };
  }
}`),
    },
    {
      name: 'a function that only its parameter types make a handler, called by a handler that takes its promise',
      code: code(`async function load(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
  cb(null, await db.find(call.request.message));
}
export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    load(call, cb).catch((err: unknown) => cb(toStatus(err)));
  },
};`),
    },
    {
      name: 'async methods of an object that is no service implementation',
      code: code(`export const cache = {
  async get(id: string, fallback: string) {
    return (await db.find(id)).message ?? fallback;
  },
};`),
    },
    {
      name: "a rejection in a nested listener is not the handler's promise (left to no-misused-promises)",
      code: code(`export const upload: grpc.handleClientStreamingCall<{ name: string }, UploadSummary> = (call, cb) => {
  call.on('data', async (chunk: { name: string }) => {
    await db.log(chunk.name);
  });
  call.on('end', () => cb(null, { name: '', totalChunks: 0, ok: true }));
};`),
    },
    {
      name: 'where the path rule stops: a unary handler that declares no callback is not followed',
      code: code(`export const impl: Partial<EventServiceServer> = {
  ping(call) {
    console.log(call.request.message);
  },
};`),
    },
  ],
  invalid: [
    // ---- (a) rejections ----
    {
      name: 'the tutorial shape: an async method inline in addService awaits outside any try',
      code: code(`server.addService(EventServiceService, {
  async ping(call, cb) {
    const reply = await db.find(call.request.message);
    cb(null, reply);
  },
});`),
      errors: [
        {
          messageId: 'rejects',
          line: at(3),
          column: 19,
          data: rejects('await db.find(call.request.message)', 'ping'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`ping`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`server.addService(EventServiceService, {
  async ping(call, cb) {
    try {
      const reply = await db.find(call.request.message);
      cb(null, reply);
    } catch (err) {
      cb(err as Error);
    }
  },
});`),
            },
          ],
        },
      ],
    },
    {
      name: "a server-streaming handler that destroys its call when a source fails: grpc-js sends no status",
      code: code(`declare function eventsOf(topic: string): NodeJS.ReadableStream;
export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const events = eventsOf(call.request.topic);
    events.on('error', (error) => call.destroy(error as Error));
    events.pipe(call);
  },
};`),
      errors: [
        {
          messageId: 'destroyedWithoutStatus',
          data: { call: 'call' },
          line: at(5),
          column: 35,
          suggestions: [
            {
              messageId: 'failInstead',
              data: { call: 'call', error: 'error as Error' },
              output: code(`declare function eventsOf(topic: string): NodeJS.ReadableStream;
export const impl: Partial<EventServiceServer> = {
  watch(call) {
    const events = eventsOf(call.request.topic);
    events.on('error', (error) => call.emit('error', error as Error));
    events.pipe(call);
  },
};`),
            },
          ],
        },
      ],
    },
    {
      name: 'a standalone server-streaming handler whose catch destroys the call with no argument (no suggestion)',
      code: code(`async function watch(call: grpc.ServerWritableStream<{ topic: string }, WatchEvent>) {
  try {
    for await (const ev of db.scan(call.request.topic)) call.write(ev);
    call.end();
  } catch {
    call.destroy();
  }
}
server.addService(EventServiceService, { watch });`),
      errors: [{ messageId: 'destroyedWithoutStatus', data: { call: 'call' }, line: at(6), column: 5, suggestions: [] }],
    },
    {
      name: 'a server-streaming handler inline in addService: for await outside any try (kind from the definition)',
      code: code(`server.addService(EventServiceService, {
  async watch(call) {
    for await (const ev of db.scan('all')) call.write(ev);
    call.end();
  },
});`),
      errors: [
        {
          messageId: 'rejects',
          line: at(3),
          column: 28,
          data: rejects("for await (… of db.scan('all'))", 'watch', STREAM),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`watch`', param: 'err', answer: "call.emit('error', err)" },
              output: code(`server.addService(EventServiceService, {
  async watch(call) {
    try {
      for await (const ev of db.scan('all')) call.write(ev);
      call.end();
    } catch (err) {
      call.emit('error', err);
    }
  },
});`),
            },
          ],
        },
      ],
    },
    {
      name: 'an expression-bodied async arrow: the suggestion turns its body into a block',
      code: code(`export const ping: grpc.handleUnaryCall<PingRequest, PingResponse> = async (call, callback) => callback(null, await db.find(call.request.message));`),
      errors: [
        {
          messageId: 'rejects',
          line: at(1),
          column: 111,
          data: rejects('await db.find(call.request.message)', 'ping', 'answer with `callback(err)`'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`ping`', param: 'err', answer: 'callback(err as Error)' },
              output: code(`export const ping: grpc.handleUnaryCall<PingRequest, PingResponse> = async (call, callback) => {
  try {
    callback(null, await db.find(call.request.message));
  } catch (err) {
    callback(err as Error);
  }
};`),
            },
          ],
        },
      ],
    },
    {
      name: 'try/finally without catch: the call is ended, yet the rejection is unhandled',
      code: code(`export const impl: Partial<EventServiceServer> = {
  async watch(call) {
    try {
      for await (const ev of db.scan(call.request.topic)) call.write(ev);
    } finally {
      call.end();
    }
  },
};`),
      errors: [
        {
          messageId: 'rejects',
          line: at(4),
          column: 30,
          data: rejects('for await (… of db.scan(call.request.topic))', 'watch', STREAM),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`watch`', param: 'err', answer: "call.emit('error', err)" },
              output: code(`export const impl: Partial<EventServiceServer> = {
  async watch(call) {
    try {
      try {
        for await (const ev of db.scan(call.request.topic)) call.write(ev);
      } finally {
        call.end();
      }
    } catch (err) {
      call.emit('error', err);
    }
  },
};`),
            },
          ],
        },
      ],
    },
    {
      name: 'a catch that answers and rethrows, and an await inside a catch',
      code: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    try {
      cb(null, await db.find(call.request.message));
    } catch (err) {
      cb(toStatus(err));
      throw err;
    }
  },
  async upload(call, cb) {
    try {
      cb(null, { name: '', totalChunks: 0, ok: true });
    } catch (err) {
      await db.log(err);
      cb(toStatus(err));
    }
  },
};`),
      errors: [
        {
          messageId: 'rejects',
          line: at(7),
          column: 7,
          data: rejects('throw err', 'ping'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`ping`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    try {
      try {
        cb(null, await db.find(call.request.message));
      } catch (err) {
        cb(toStatus(err));
        throw err;
      }
    } catch (err) {
      cb(err as Error);
    }
  },
  async upload(call, cb) {
    try {
      cb(null, { name: '', totalChunks: 0, ok: true });
    } catch (err) {
      await db.log(err);
      cb(toStatus(err));
    }
  },
};`),
            },
          ],
        },
        {
          messageId: 'rejects',
          line: at(14),
          column: 7,
          data: rejects('await db.log(err)', 'upload'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`upload`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    try {
      cb(null, await db.find(call.request.message));
    } catch (err) {
      cb(toStatus(err));
      throw err;
    }
  },
  async upload(call, cb) {
    try {
      try {
        cb(null, { name: '', totalChunks: 0, ok: true });
      } catch (err) {
        await db.log(err);
        cb(toStatus(err));
      }
    } catch (err) {
      cb(err as Error);
    }
  },
};`),
            },
          ],
        },
      ],
    },
    {
      name: 'a promise returned by a handler that is not async: a try cannot catch it, so no suggestion',
      code: code(`export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    return db.find(call.request.message).then((reply) => cb(null, reply));
  },
  async upload(call, cb) {
    try {
      return db.log(call.metadata).then(() => cb(null, { name: '', totalChunks: 0, ok: true }));
    } catch (err) {
      cb(toStatus(err));
    }
  },
};`),
      errors: [
        { messageId: 'rejects', line: at(3), column: 12, data: rejects('db.find(call.request.message).then(…)', 'ping'), suggestions: [] },
        { messageId: 'rejects', line: at(7), column: 14, data: rejects('db.log(call.metadata).then(…)', 'upload'), suggestions: [] },
      ],
    },
    {
      name: 'a timer with a signal can reject (AbortError); a throw in an async handler rejects',
      code: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    await sleep(10, undefined, { signal: AbortSignal.timeout(5) });
    if (!call.request.message) throw new Error('empty');
    cb(null, { message: call.request.message, serverTime: 0 });
  },
};`),
      errors: [
        {
          messageId: 'rejects',
          line: at(3),
          column: 5,
          data: rejects('await sleep(…)', 'ping'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`ping`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    try {
      await sleep(10, undefined, { signal: AbortSignal.timeout(5) });
      if (!call.request.message) throw new Error('empty');
      cb(null, { message: call.request.message, serverTime: 0 });
    } catch (err) {
      cb(err as Error);
    }
  },
};`),
            },
          ],
        },
      ],
    },
    {
      name: "a call that returns its callback's result, whose callback can reject",
      code: code(`import { AsyncLocalStorage } from 'node:async_hooks';
const storage = new AsyncLocalStorage<string>();
export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    return storage.run(call.request.message, async () => {
      cb(null, await db.find(call.request.message));
    });
  },
};`),
      errors: [{ messageId: 'rejects', line: at(5), column: 12, data: rejects('storage.run(…)', 'ping'), suggestions: [] }],
    },
    {
      name: 'a test of a value that may be unset is no proof: the path without the callback stays',
      code: code(`declare const cache: Map<string, PingResponse>;
export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    const hit = cache.get(call.request.message);
    if (hit) cb(null, hit);
  },
};`),
      errors: [{ messageId: 'notAnswered', line: at(3), column: 3, data: notAnswered('ping', 'reach its end on line 17') }],
    },
    // ---- every position ----
    {
      name: 'positions: a class implementing the generated interface, a proto-loader Handlers object, a function named in addService',
      code: code(`export class Events implements Partial<EventServiceServer> {
  [name: string]: grpc.UntypedHandleCall;
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    cb(null, await db.find(call.request.message));
  }
}
export const loaded: Partial<EventServiceHandlers> = {
  async Ping(call, cb) {
    cb(null, await db.find(call.request.message ?? ''));
  },
};
async function watch(call: grpc.ServerWritableStream<{ topic: string }, WatchEvent>) {
  for await (const ev of db.scan(call.request.topic)) call.write(ev);
  call.end();
}
server.addService(EventServiceService, { watch });`),
      errors: [
        {
          messageId: 'rejects',
          line: at(4),
          column: 14,
          data: rejects('await db.find(call.request.message)', 'ping'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`ping`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`export class Events implements Partial<EventServiceServer> {
  [name: string]: grpc.UntypedHandleCall;
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    try {
      cb(null, await db.find(call.request.message));
    } catch (err) {
      cb(err as Error);
    }
  }
}
export const loaded: Partial<EventServiceHandlers> = {
  async Ping(call, cb) {
    cb(null, await db.find(call.request.message ?? ''));
  },
};
async function watch(call: grpc.ServerWritableStream<{ topic: string }, WatchEvent>) {
  for await (const ev of db.scan(call.request.topic)) call.write(ev);
  call.end();
}
server.addService(EventServiceService, { watch });`),
            },
          ],
        },
        {
          messageId: 'rejects',
          line: at(9),
          column: 14,
          data: rejects("await db.find(call.request.message ?? '')", 'Ping'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`Ping`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`export class Events implements Partial<EventServiceServer> {
  [name: string]: grpc.UntypedHandleCall;
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    cb(null, await db.find(call.request.message));
  }
}
export const loaded: Partial<EventServiceHandlers> = {
  async Ping(call, cb) {
    try {
      cb(null, await db.find(call.request.message ?? ''));
    } catch (err) {
      cb(err as Error);
    }
  },
};
async function watch(call: grpc.ServerWritableStream<{ topic: string }, WatchEvent>) {
  for await (const ev of db.scan(call.request.topic)) call.write(ev);
  call.end();
}
server.addService(EventServiceService, { watch });`),
            },
          ],
        },
        {
          messageId: 'rejects',
          line: at(13),
          column: 26,
          data: rejects('for await (… of db.scan(call.request.topic))', 'watch', STREAM),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`watch`', param: 'err', answer: "call.emit('error', err)" },
              output: code(`export class Events implements Partial<EventServiceServer> {
  [name: string]: grpc.UntypedHandleCall;
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    cb(null, await db.find(call.request.message));
  }
}
export const loaded: Partial<EventServiceHandlers> = {
  async Ping(call, cb) {
    cb(null, await db.find(call.request.message ?? ''));
  },
};
async function watch(call: grpc.ServerWritableStream<{ topic: string }, WatchEvent>) {
  try {
    for await (const ev of db.scan(call.request.topic)) call.write(ev);
    call.end();
  } catch (err) {
    call.emit('error', err);
  }
}
server.addService(EventServiceService, { watch });`),
            },
          ],
        },
      ],
    },
    {
      name: 'positions: handlers spread into the registered object, and one a local helper builds',
      code: code(`const base = {
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    cb(null, await db.find(call.request.message));
  },
};
function unary(load: (request: PingRequest) => Promise<PingResponse>) {
  return async (call: grpc.ServerUnaryCall<PingRequest, PingResponse>, callback: grpc.sendUnaryData<PingResponse>) => {
    callback(null, await load(call.request));
  };
}
server.addService(EventServiceService, { ...base });
server.addService(EventServiceService, { ping: unary((request) => db.find(request.message)) });`),
      errors: [
        {
          messageId: 'rejects',
          line: at(3),
          column: 14,
          data: rejects('await db.find(call.request.message)', 'ping'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`ping`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`const base = {
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    try {
      cb(null, await db.find(call.request.message));
    } catch (err) {
      cb(err as Error);
    }
  },
};
function unary(load: (request: PingRequest) => Promise<PingResponse>) {
  return async (call: grpc.ServerUnaryCall<PingRequest, PingResponse>, callback: grpc.sendUnaryData<PingResponse>) => {
    callback(null, await load(call.request));
  };
}
server.addService(EventServiceService, { ...base });
server.addService(EventServiceService, { ping: unary((request) => db.find(request.message)) });`),
            },
          ],
        },
        {
          messageId: 'rejects',
          line: at(8),
          column: 20,
          data: { expression: 'await load(call.request)', handler: 'the handler `unary()` builds', fix: 'answer with `callback(err)`' },
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: 'the handler `unary()` builds', param: 'err', answer: 'callback(err as Error)' },
              output: code(`const base = {
  async ping(call: grpc.ServerUnaryCall<PingRequest, PingResponse>, cb: grpc.sendUnaryData<PingResponse>) {
    cb(null, await db.find(call.request.message));
  },
};
function unary(load: (request: PingRequest) => Promise<PingResponse>) {
  return async (call: grpc.ServerUnaryCall<PingRequest, PingResponse>, callback: grpc.sendUnaryData<PingResponse>) => {
    try {
      callback(null, await load(call.request));
    } catch (err) {
      callback(err as Error);
    }
  };
}
server.addService(EventServiceService, { ...base });
server.addService(EventServiceService, { ping: unary((request) => db.find(request.message)) });`),
            },
          ],
        },
      ],
    },
    // ---- (b) paths that never answer ----
    {
      name: 'a unary handler that answers only under a condition',
      code: code(`server.addService(EventServiceService, {
  ping(call, cb) {
    if (call.request.message) cb(null, { message: call.request.message, serverTime: 0 });
  },
});`),
      errors: [{ messageId: 'notAnswered', line: at(2), column: 3, data: notAnswered('ping', 'reach its end on line 15') }],
    },
    {
      name: 'an early return that does not answer; a catch that only logs',
      code: code(`export const impl: Partial<EventServiceServer> = {
  ping(call, cb) {
    if (!call.request.message) return;
    cb(null, { message: call.request.message, serverTime: 0 });
  },
};
export const upload: grpc.handleClientStreamingCall<{ name: string }, UploadSummary> = (call, callback) => {
  try {
    callback(null, JSON.parse(String(call.metadata.get('summary')[0])) as UploadSummary);
  } catch (err) {
    console.error(err);
  }
};`),
      errors: [
        { messageId: 'notAnswered', line: at(2), column: 3, data: notAnswered('ping', 'return on line 14') },
        { messageId: 'notAnswered', line: at(7), column: 14, data: notAnswered('upload', 'reach its end on line 24', 'callback') },
      ],
    },
    {
      name: 'both on one handler: a rejection, and a path that never answers',
      code: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    const reply = await db.find(call.request.message);
    if (reply.message) cb(null, reply);
  },
};`),
      errors: [
        { messageId: 'notAnswered', line: at(2), column: 9, data: notAnswered('ping', 'reach its end on line 16') },
        {
          messageId: 'rejects',
          line: at(3),
          column: 19,
          data: rejects('await db.find(call.request.message)', 'ping'),
          suggestions: [
            {
              messageId: 'catchAndAnswer',
              data: { handler: '`ping`', param: 'err', answer: 'cb(err as Error)' },
              output: code(`export const impl: Partial<EventServiceServer> = {
  async ping(call, cb) {
    try {
      const reply = await db.find(call.request.message);
      if (reply.message) cb(null, reply);
    } catch (err) {
      cb(err as Error);
    }
  },
};`),
            },
          ],
        },
      ],
    },
  ],
});

// Across files: helpers whose summaries decide (helpers.ts), and wrappers and registrations in another
// file (server.ts) than the handlers (handlers.ts). Each file reports exactly its `// expect:` lines.
describe('require-handler-completion across files (fixtures/cases/handlers)', () => {
  const eslint = createFixturesESLint();
  const dir = path.join(fixturesDir, 'cases', 'handlers');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    it(file, async () => {
      const fullPath = path.join(dir, file);
      const [result] = await eslint.lintFiles([fullPath]);
      const own = result!.messages.filter((m) => m.ruleId === 'rpc/require-handler-completion' || m.fatal);
      const expected = expectedFindings(fs.readFileSync(fullPath, 'utf8')).filter((f) => f.endsWith('rpc/require-handler-completion'));
      expect(own.map((m) => `${m.line} ${m.ruleId}`).sort(byLineThenRule)).toEqual(expected);
    });
  }
});
