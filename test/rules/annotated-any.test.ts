// Dynamic clients typed `any` (loaded with proto-loader in fixtures/cases/dynamic/loaded.ts and
// called by name): where the binding's annotation names a modelled type, every rule uses it
// (src/model/annotations.ts, `RpcModel.typeOf`). One run per rule that asks about a call's type.
import noClientPerCall from '../../rules/no-client-per-call.js';
import noConcurrentStreamRead from '../../rules/no-concurrent-stream-read.js';
import noUncancelledStream from '../../rules/no-uncancelled-stream.js';
import noUnclosedClient from '../../rules/no-unclosed-client.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–9, so each body starts at line 10.
const imports = `
import type { ClientDuplexStream, ClientReadableStream } from '@grpc/grpc-js';
import type { EventServiceClient } from './generated/proto-loader/demo/v1/EventService.js';
import type { WatchEvent__Output as WatchEvent } from './generated/proto-loader/demo/v1/WatchEvent.js';
import type { ExchangeRequest } from './generated/proto-loader/demo/v1/ExchangeRequest.js';
import type { ExchangeResponse__Output as ExchangeResponse } from './generated/proto-loader/demo/v1/ExchangeResponse.js';
import { DynamicEventService, configuredCredentials, registry } from './cases/dynamic/loaded.js';
import { toReadable } from './cases/stream-wrap/pumps.js';
type Events = ClientReadableStream<WatchEvent>;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 9 + n;

/** A client made from the `any` constructor; its methods are called by name. */
const dynamicClient = `const client: any = new DynamicEventService('localhost:50051', configuredCredentials);`;

const tester = createRuleTester();

tester.run('annotated any: no-uncancelled-stream', noUncancelledStream, {
  valid: [
    {
      name: 'no annotation: the call stays `any`, and `any` is never a stream',
      code: code(`${dynamicClient}
export async function first(method: string, topic: string) {
  const stream = client[method]({ topic });
  for await (const ev of stream) return ev as WatchEvent;
  return undefined;
}`),
    },
    {
      name: 'an annotation that names no stream of the model',
      code: code(`${dynamicClient}
export async function first(method: string, topic: string) {
  const stream: AsyncIterable<WatchEvent> = client[method]({ topic });
  for await (const ev of stream) return ev;
  return undefined;
}`),
    },
    {
      name: 'the annotated call is cancelled in finally',
      code: code(`${dynamicClient}
export async function first(method: string, topic: string) {
  const stream: Events = client[method]({ topic });
  try {
    for await (const ev of stream) return ev as WatchEvent;
    return undefined;
  } finally {
    stream.cancel();
  }
}`),
    },
    {
      name: 'the annotated call is bounded by a deadline',
      code: code(`${dynamicClient}
export async function first(topic: string) {
  const stream: Events = client.watch({ topic }, { deadline: Date.now() + 5_000 });
  for await (const ev of stream) return ev as WatchEvent;
  return undefined;
}`),
    },
    {
      name: 'a method of a typed value that is no client returns `any`: it may hand out a shared stream (where it stops)',
      code: code(`export async function first(key: string) {
  const stream: Events = registry.lookup(key);
  for await (const ev of stream) return ev as WatchEvent;
  return undefined;
}`),
    },
    {
      name: 'the destroy timer is cleared and the call cancelled when the stream ends early',
      code: code(`${dynamicClient}
export function follow(topic: string, handle: (ev: WatchEvent) => void) {
  const stream: Events = client.watch({ topic });
  stream.on('data', handle);
  stream.on('error', () => {});
  setTimeout(() => stream.cancel(), 5_000);
}`),
    },
  ],
  invalid: [
    {
      name: 'item 5: a method called by name returns `any`; the annotated binding makes it a grpc-js call',
      code: code(`${dynamicClient}
export async function first(method: string, topic: string) {
  const stream: Events = client[method]({ topic });
  for await (const ev of stream) return ev as WatchEvent;
  return undefined;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'return', name: 'stream', fix: 'Call `stream.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(4),
          column: 34,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'stream.cancel()' },
              output: code(`${dynamicClient}
export async function first(method: string, topic: string) {
  const stream: Events = client[method]({ topic });
  try {
    for await (const ev of stream) return ev as WatchEvent;
  } finally {
    stream.cancel();
  }
  return undefined;
}`),
            },
          ],
        },
      ],
    },
    {
      name: "item 5: a client-side timeout that destroy()s an annotated `any` call leaks it on the wire",
      code: code(`${dynamicClient}
export function follow(topic: string, handle: (ev: WatchEvent) => void) {
  const stream: Events = client.watch({ topic });
  stream.on('data', handle);
  stream.on('error', () => {});
  setTimeout(() => stream.destroy(), 5_000);
}`),
      errors: [{ messageId: 'stopWithoutCancel', data: { name: 'stream', method: 'destroy', effect: 'it destroys only the JS stream' }, line: at(6), column: 20 }],
    },
    {
      name: 'item 5: an `any` call passed to an annotated parameter (a wrapper in another file)',
      code: code(`${dynamicClient}
export function open(topic: string) {
  return toReadable(client.watch({ topic }));
}`),
      errors: [
        {
          messageId: 'wrappedWithoutCancel',
          data: {
            name: 'client.watch(…)',
            wrapper: 'Readable.from()',
            teardown: '`destroy()`',
            stream: 'grpc-js call',
            fix: "Cancel the call on the wrapper's `'close'` event, or pass a `deadline`",
          },
          line: at(3),
          column: 21,
        },
      ],
    },
  ],
});

tester.run('annotated any: no-unclosed-client', noUnclosedClient, {
  valid: [
    {
      name: 'no annotation and no typed credentials: `any` is never a client',
      code: code(`export function target(address: string) {
  const client = new DynamicEventService(address, configuredCredentials);
  return String(client.getChannel().getTarget());
}`),
    },
    {
      name: 'the annotated client is closed in finally',
      code: code(`export function target(address: string) {
  const client: EventServiceClient = new DynamicEventService(address, configuredCredentials);
  try {
    return client.getChannel().getTarget();
  } finally {
    client.close();
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'item 5: `new` of an `any` constructor bound to an annotated client type',
      code: code(`export function target(address: string) {
  const client: EventServiceClient = new DynamicEventService(address, configuredCredentials);
  return client.getChannel().getTarget();
}`),
      errors: [
        {
          messageId: 'unclosed',
          data: { name: 'client', resource: 'grpc-js client', exit: 'the `return` on line 12', close: 'client.close()', leaks: 'its channel and connection stay open' },
          line: at(2),
          column: 38,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'client', close: 'client.close()' },
              output: code(`export function target(address: string) {
  const client: EventServiceClient = new DynamicEventService(address, configuredCredentials);
  try {
    return client.getChannel().getTarget();
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
  ],
});

tester.run('annotated any: no-client-per-call', noClientPerCall, {
  valid: [
    {
      name: 'made once, in module scope',
      code: code(`const client: EventServiceClient = new DynamicEventService('localhost:50051', configuredCredentials);
export function ping(addresses: readonly string[]) {
  for (const address of addresses) void client.getChannel().getTarget().includes(address);
}`),
    },
  ],
  invalid: [
    {
      name: 'item 5: an annotated `any` client made per loop iteration',
      code: code(`export function targets(addresses: readonly string[]) {
  const found: string[] = [];
  for (const address of addresses) {
    const client: EventServiceClient = new DynamicEventService(address, configuredCredentials);
    found.push(client.getChannel().getTarget());
    client.close();
  }
  return found;
}`),
      errors: [{ messageId: 'perIteration', line: at(4), column: 40 }],
    },
  ],
});

tester.run('annotated any: no-concurrent-stream-read', noConcurrentStreamRead, {
  valid: [
    {
      name: 'item 5: a field assigned a fresh annotated `any` call right before the read: each run reads its own',
      code: code(`export class Asker {
  private call: ClientDuplexStream<ExchangeRequest, ExchangeResponse> | null = null;
  constructor(private readonly client: any) {}
  async ask(method: string, id: string): Promise<ExchangeResponse> {
    this.call = this.client[method]();
    this.call!.write({ count: 1, id });
    return new Promise((resolve) => this.call!.once('data', resolve));
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'a field stream typed by its annotation, read per request',
      code: code(`export class Asker {
  private readonly call: ClientDuplexStream<ExchangeRequest, ExchangeResponse>;
  constructor(client: any) {
    this.call = client.exchange();
  }
  async ask(id: string): Promise<ExchangeResponse> {
    this.call.write({ count: 1, id });
    return new Promise((resolve) => this.call.once('data', resolve));
  }
}`),
      errors: [{ messageId: 'sharedRead', line: at(8), column: 37 }],
    },
  ],
});
