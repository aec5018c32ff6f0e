import rule from '../../rules/no-uncancelled-stream.js';
import { runRuleTests } from '../relint-suggestions.js';

// protobuf-ts server streams: a generated client's call is read through `call.responses` and cancelled
// only through the `abort` signal of its `RpcOptions`.
// Line 1 of every case is empty; imports and helpers take lines 2–8, so each body starts at line 9.
const imports = `
import { ChannelCredentials } from '@grpc/grpc-js';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import { EventServiceClient } from './generated/protobuf-ts/demo/v1/demo.client.js';
import type { WatchEvent } from './generated/protobuf-ts/demo/v1/demo.js';
const events = new EventServiceClient(new GrpcTransport({ host: 'localhost:50051', channelCredentials: ChannelCredentials.createInsecure() }));
declare function ready(): Promise<void>;
declare function latestRevision(topic: string): Promise<string>;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 8 + n;

/** A helper that starts the stream with the signal its caller passes and returns it, mapped lazily. */
const starter = `async function* payloads(source: AsyncIterable<WatchEvent>): AsyncGenerator<string> {
  for await (const event of source) yield event.payload;
}
export function watchTopic(topic: string, signal?: AbortSignal): AsyncIterable<string> {
  return payloads(events.watch({ topic, sinceRevision: '0' }, { abort: signal }).responses);
}`;

runRuleTests('no-uncancelled-stream', rule, {
  valid: [
    {
      name: 'protobuf-ts: the signal comes from a parameter, so its owner (the caller) cancels the call',
      code: code(`export async function firstPayload(topic: string, signal: AbortSignal): Promise<string | undefined> {
  const call = events.watch({ topic, sinceRevision: '0' }, { abort: signal });
  await ready();
  for await (const event of call.responses) {
    if (event.payload !== '') return event.payload;
  }
  return undefined;
}`),
    },
    {
      name: 'protobuf-ts: a starter that passes its signal parameter on is no owner; its callers are asked',
      code: code(starter),
    },
    {
      name: 'protobuf-ts: every way out aborts the controller, in a finally or by a timer the exit schedules',
      code: code(`export async function waitFor(topic: string, revision: string): Promise<WatchEvent> {
  const controller = new AbortController();
  const call = events.watch({ topic, sinceRevision: '0' }, { abort: controller.signal });
  try {
    await ready();
    for await (const event of call.responses) {
      if ((await latestRevision(topic)) === revision) {
        setTimeout(() => controller.abort(), 0);
        return event;
      }
    }
    throw new Error('stream ended');
  } finally {
    controller.abort();
  }
}`),
    },
    {
      name: 'protobuf-ts: the controller is handed off before the awaits (kept in a registry another method aborts)',
      code: code(`const running = new Map<string, AbortController>();
export async function follow(topic: string, onEvent: (event: WatchEvent) => void): Promise<void> {
  const controller = new AbortController();
  const call = events.watch({ topic, sinceRevision: '0' }, { abort: controller.signal });
  running.set(topic, controller);
  await ready();
  for await (const event of call.responses) onEvent(event);
}`),
    },
    {
      name: 'protobuf-ts: a timer scheduled on every path to the call aborts it, so leaving early only shortens it',
      code: code(`export async function sample(topic: string, onEvent: (event: WatchEvent) => void): Promise<void> {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30_000);
  const call = events.watch({ topic, sinceRevision: '0' }, { abort: controller.signal });
  await ready();
  for await (const event of call.responses) onEvent(event);
}`),
    },
    {
      name: 'protobuf-ts: a `timeout` bounds the call, and `AbortSignal.timeout` passed to a starter bounds it too',
      code: code(`${starter}
export async function firstOf(topic: string): Promise<string | undefined> {
  const call = events.watch({ topic, sinceRevision: '0' }, { timeout: 5000 });
  for await (const event of call.responses) return event.payload;
  for await (const payload of watchTopic(topic, AbortSignal.timeout(5000))) return payload;
  return undefined;
}`),
    },
    {
      name: 'protobuf-ts: a unary call with a controller is finite: nothing streams after an early exit',
      code: code(`export async function ping(message: string): Promise<string> {
  const controller = new AbortController();
  const call = events.ping({ message }, { abort: controller.signal });
  await ready();
  const { response } = await call;
  return response.message;
}`),
    },
    {
      name: 'protobuf-ts: a loop that reads the stream to its end: what runs after it leaves a call that is over',
      code: code(`export async function drainAll(topic: string): Promise<number> {
  const controller = new AbortController();
  const call = events.watch({ topic, sinceRevision: '0' }, { abort: controller.signal });
  let count = 0;
  for await (const event of call.responses) count += event.payload.length;
  await ready();
  return count;
}`),
    },
  ],
  invalid: [
    {
      name: 'protobuf-ts: an await between the call and its loop rejects, and nothing aborts the controller',
      code: code(`export async function tail(topic: string, onEvent: (event: WatchEvent) => void): Promise<void> {
  const controller = new AbortController();
  const call = events.watch({ topic, sinceRevision: '0' }, { abort: controller.signal });
  await ready();
  for await (const event of call.responses) onEvent(event);
  controller.abort();
}`),
      errors: [
        {
          messageId: 'leftBeforeRead',
          data: { how: 'An error from `await ready(…)`', name: 'call.responses', controller: 'controller', stream: 'protobuf-ts stream' },
          line: at(4),
          column: 3,
          endLine: at(4),
          endColumn: 16,
        },
      ],
    },
    {
      name: 'protobuf-ts: a return between the call and its loop leaves the controller unaborted',
      code: code(`export async function tailIf(topic: string, enabled: () => boolean, onEvent: (event: WatchEvent) => void): Promise<void> {
  const controller = new AbortController();
  const call = events.watch({ topic, sinceRevision: '0' }, { abort: controller.signal });
  if (!enabled()) return;
  try {
    for await (const event of call.responses) onEvent(event);
  } finally {
    controller.abort();
  }
}`),
      errors: [
        {
          messageId: 'leftBeforeRead',
          data: { how: '`return`', name: 'call.responses', controller: 'controller', stream: 'protobuf-ts stream' },
          line: at(4),
          column: 19,
        },
      ],
    },
    {
      name: 'protobuf-ts: a stream from a starter, waited for in a promise executor whose catch rejects without aborting',
      code: code(`${starter}
export function waitForRevision(topic: string, revision: string, timeoutMs?: number): Promise<string> {
  return new Promise(async (resolve, reject) => {
    const controller = new AbortController();
    if (timeoutMs) setTimeout(() => controller.abort(), timeoutMs);
    try {
      const updates = watchTopic(topic, controller.signal);
      if ((await latestRevision(topic)) === revision) {
        setTimeout(() => controller.abort(), 0);
        return resolve(revision);
      }
      for await (const payload of updates) {
        if ((await latestRevision(topic)) === revision) {
          setTimeout(() => controller.abort(), 0);
          return resolve(payload);
        }
      }
      reject(new Error('stream ended'));
    } catch (error) {
      reject(error);
    }
  });
}`),
      errors: [
        {
          messageId: 'leftBeforeRead',
          data: { how: 'An error from `await latestRevision(…)`', name: 'updates', controller: 'controller', stream: 'protobuf-ts stream' },
          line: at(13),
          column: 12,
        },
        {
          messageId: 'errorExit',
          data: {
            thrown: 'await latestRevision(…)',
            name: 'updates',
            stream: 'protobuf-ts stream',
            fix: 'Call `controller.abort()` on this path too, in a `finally` around the loop',
          },
          line: at(18),
          column: 14,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'controller.abort()' },
              output: code(`${starter}
export function waitForRevision(topic: string, revision: string, timeoutMs?: number): Promise<string> {
  return new Promise(async (resolve, reject) => {
    const controller = new AbortController();
    if (timeoutMs) setTimeout(() => controller.abort(), timeoutMs);
    try {
      const updates = watchTopic(topic, controller.signal);
      if ((await latestRevision(topic)) === revision) {
        setTimeout(() => controller.abort(), 0);
        return resolve(revision);
      }
      try {
        for await (const payload of updates) {
          if ((await latestRevision(topic)) === revision) {
            setTimeout(() => controller.abort(), 0);
            return resolve(payload);
          }
        }
      } finally {
        controller.abort();
      }
      reject(new Error('stream ended'));
    } catch (error) {
      reject(error);
    }
  });
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'protobuf-ts: break leaves the for await over responses; leaving does nothing to the call',
      code: code(`export async function firstNonEmpty(topic: string): Promise<string | undefined> {
  let found: string | undefined;
  for await (const event of events.watch({ topic, sinceRevision: '0' }).responses) {
    if (event.payload !== '') {
      found = event.payload;
      break;
    }
  }
  return found;
}`),
      errors: [
        {
          messageId: 'exitSignal',
          data: {
            exit: 'break',
            name: 'events.watch(…)',
            stream: 'protobuf-ts stream',
            fix: "Pass `abort: controller.signal` in the call's options and abort it in a `finally` around the loop, or pass `timeout`",
          },
          line: at(6),
          column: 7,
          suggestions: [
            {
              messageId: 'abortInFinally',
              output: code(`export async function firstNonEmpty(topic: string): Promise<string | undefined> {
  let found: string | undefined;
  const controller = new AbortController();
  try {
    for await (const event of events.watch({ topic, sinceRevision: '0' }, { abort: controller.signal }).responses) {
      if (event.payload !== '') {
        found = event.payload;
        break;
      }
    }
  } finally {
    controller.abort();
  }
  return found;
}`),
            },
          ],
        },
      ],
    },
  ],
});
