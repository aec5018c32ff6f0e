// rpc/no-uncancelled-stream across calls, part 2: a stream handed to a background pump, to
// `Readable.from()`, or to a reader that leaves its `for await` early. The pumps and readers live in
// another file: fixtures/cases/stream-wrap/pumps.ts.
import rule from '../../rules/no-uncancelled-stream.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports and clients take lines 2–13, so each body starts at line 14.
const imports = `
import { Readable } from 'node:stream';
import { credentials } from '@grpc/grpc-js';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createChannel, createClient as createNiceClient } from 'nice-grpc';
import { EventServiceClient, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { ForgetfulPumpReadable, AbortingPumpReadable, CancellingPumpReadable, ListeningReadable, firstMatching, firstOf, take, firstMatchingThenCancel, collect, toReadable } from './cases/stream-wrap/pumps.js';
const client = new EventServiceClient('localhost:50051', credentials.createInsecure());
const connect = createClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));
const nice = createNiceClient(EventServiceDefinition, createChannel('localhost:50051'));`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 13 + n;

const CONNECT_ABANDON_FIX = 'Pass the call a `signal` and abort it in a `finally` after the call, or pass `timeoutMs`';

createRuleTester().run('no-uncancelled-stream (pumps and readers)', rule, {
  valid: [
    {
      name: 'connect: the pump adapter aborts the controller whose signal the call got',
      code: code(`export function open(topic: string) {
  const controller = new AbortController();
  return new AbortingPumpReadable(connect.watch({ topic }, { signal: controller.signal }), controller);
}`),
    },
    {
      name: 'grpc-js: the pump adapter cancels the call in _destroy()',
      code: code(`export function open(topic: string) {
  return new CancellingPumpReadable(client.watch({ topic, sinceRevision: 0 }));
}`),
    },
    {
      name: 'limit: a constructor that only registers listeners through a synchronous method keeps nothing (no pump)',
      code: code(`export function open(topic: string) {
  return new ListeningReadable(client.watch({ topic, sinceRevision: 0 }));
}`),
    },
    {
      name: 'connect: timeoutMs bounds the call whatever the pump does',
      code: code(`export function open(topic: string) {
  return new ForgetfulPumpReadable(connect.watch({ topic }, { timeoutMs: 30_000 }));
}`),
    },
    {
      name: 'grpc-js: the caller cancels the call once the reader has returned',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    return await firstMatching(call, (m) => (m as WatchEvent).revision > 3);
  } finally {
    call.cancel();
  }
}`),
    },
    {
      name: 'connect: the caller reads the rest of the stream after the reader returned (a connect iterator picks up where it stopped)',
      code: code(`export async function headerThenBody(topic: string) {
  const stream = connect.watch({ topic });
  const header = await firstOf(stream);
  const body: unknown[] = [];
  for await (const ev of stream) body.push(ev);
  return { header, body };
}`),
    },
    {
      name: 'a reader that reads to the end (a throw caught inside the loop does not leave it)',
      code: code(`export function all(topic: string) {
  return collect(connect.watch({ topic }), (m) => m);
}`),
    },
    {
      name: 'a reader that cancels the call in its own finally',
      code: code(`export function first(topic: string) {
  return firstMatchingThenCancel(client.watch({ topic, sinceRevision: 0 }), () => true);
}`),
    },
    {
      name: 'nice-grpc: leaving the loop cancels the call (the generator finally)',
      code: code(`export function first(topic: string) {
  return firstMatching(nice.watch({ topic }), () => true);
}`),
    },
    {
      name: 'nice-grpc: Readable.from() over a nice-grpc stream: its return() cancels',
      code: code(`export function open(topic: string) {
  return Readable.from(nice.watch({ topic }));
}`),
    },
    {
      name: "Readable.from(): the caller cancels the call when the Readable closes (the closure hands it off)",
      code: code(`export function open(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  const readable = Readable.from(call);
  readable.on('close', () => call.cancel());
  return readable;
}`),
    },
    {
      name: 'Readable.from() with a deadline',
      code: code(`export function open(topic: string) {
  return Readable.from(client.watch({ topic, sinceRevision: 0 }, { deadline: Date.now() + 5_000 }));
}`),
    },
    {
      name: 'a from() of another class is no library wrapper',
      code: code(`export function open(topic: string) {
  return Array.from([client.watch({ topic, sinceRevision: 0 })]);
}`),
    },
  ],
  invalid: [
    {
      name: 'connect: an adapter in another file whose constructor starts a pump, with no _destroy()',
      code: code(`export function open(topic: string) {
  const responses = connect.watch({ topic });
  return new ForgetfulPumpReadable(responses);
}`),
      errors: [
        {
          messageId: 'wrappedWithoutCancel',
          data: {
            name: 'responses',
            wrapper: 'ForgetfulPumpReadable',
            teardown: '`destroy()`',
            stream: 'connect stream',
            fix: 'Pass the call a `signal` and abort it in that teardown, or pass `timeoutMs`',
          },
          line: at(3),
          column: 36,
          endLine: at(3),
          endColumn: 45,
        },
      ],
    },
    {
      name: 'grpc-js: the same pump adapter over a grpc-js call',
      code: code(`export function open(topic: string) {
  return new ForgetfulPumpReadable(client.watch({ topic, sinceRevision: 0 }));
}`),
      errors: [
        {
          messageId: 'wrappedWithoutCancel',
          data: {
            name: 'client.watch(…)',
            wrapper: 'ForgetfulPumpReadable',
            teardown: '`destroy()`',
            stream: 'grpc-js call',
            fix: 'Cancel the call in that teardown, or pass a `deadline`',
          },
          line: at(2),
          column: 36,
        },
      ],
    },
    {
      name: 'grpc-js: a reader in another file returns at the first match',
      code: code(`export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  return firstMatching(call, (m) => (m as WatchEvent).revision > 3);
}`),
      errors: [
        {
          messageId: 'abandonedByCallee',
          data: {
            name: 'call',
            reader: '`firstMatching()`',
            exit: 'return',
            at: 'pumps.ts:95',
            fix: 'Call `call.cancel()` in a `finally` after the call, or pass a `deadline`',
          },
          line: at(3),
          column: 24,
          endLine: at(3),
          endColumn: 28,
        },
      ],
    },
    {
      name: 'connect: through a helper that passes it to the reader',
      code: code(`export function first(topic: string) {
  return firstOf(connect.watch({ topic }));
}`),
      errors: [
        {
          messageId: 'abandonedByCallee',
          data: { name: 'connect.watch(…)', reader: '`firstMatching()`', exit: 'return', at: 'pumps.ts:95', fix: CONNECT_ABANDON_FIX },
          line: at(2),
          column: 18,
        },
      ],
    },
    {
      name: 'grpc-js: an async generator that stops after n messages',
      code: code(`export async function firstThree(topic: string) {
  const seen: unknown[] = [];
  for await (const ev of take(client.watch({ topic, sinceRevision: 0 }), 3)) seen.push(ev);
  return seen;
}`),
      errors: [
        {
          messageId: 'abandonedByCallee',
          data: {
            name: 'client.watch(…)',
            reader: '`take()`',
            exit: 'break',
            at: 'pumps.ts:110',
            fix: 'Keep the call in a variable and cancel it in a `finally` after the call, or pass a `deadline`',
          },
          line: at(3),
          column: 31,
        },
      ],
    },
    {
      name: 'grpc-js: Readable.from() over a call, piped on',
      code: code(`export function open(topic: string) {
  return Readable.from(client.watch({ topic, sinceRevision: 0 }));
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
          line: at(2),
          column: 24,
        },
      ],
    },
    {
      name: 'grpc-js: Readable.from() in a helper in another file',
      code: code(`export function open(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  return toReadable(call);
}`),
      errors: [{ messageId: 'wrappedWithoutCancel', data: { name: 'call', wrapper: 'Readable.from()', teardown: '`destroy()`', stream: 'grpc-js call', fix: "Cancel the call on the wrapper's `'close'` event, or pass a `deadline`" }, line: at(3), column: 21 }],
    },
  ],
});
