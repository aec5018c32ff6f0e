// rpc/no-uncancelled-stream across calls: a stream passed to a function or constructor is handed
// off only if the callee's summary (src/analysis/streams/stream-facts.ts) cancels it or hands it on. The
// wrappers live in another file: fixtures/cases/stream-wrap/duplexes.ts.
import rule from '../../rules/no-uncancelled-stream.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports and clients take lines 2–12, so each body starts at line 13.
const imports = `
import { credentials } from '@grpc/grpc-js';
import { createClient, type Client } from '@connectrpc/connect';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { EventServiceClient, type ExchangeRequest, type ExchangeResponse, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
import { EventService, type ExchangeRequestSchema } from './generated/connect/demo/v1/demo_pb.js';
import { ForgetfulConnectDuplex, AbortingConnectDuplex, ForgetfulCallDuplex, CancellingCallDuplex } from './cases/stream-wrap/duplexes.js';
import { ExposingCallDuplex, CallHolder, wrapConnect, firstMessage, stop, relay } from './cases/stream-wrap/duplexes.js';
const client = new EventServiceClient('localhost:50051', credentials.createInsecure());
const connect: Client<typeof EventService> = createClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));
type Requests = AsyncIterable<MessageInitShape<typeof ExchangeRequestSchema>>;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 12 + n;

const CONNECT_FIX = 'Pass the call a `signal` and abort it in that teardown, or pass `timeoutMs`';
const GRPC_FIX = 'Cancel the call in that teardown, or pass a `deadline`';

createRuleTester().run('no-uncancelled-stream (wrappers)', rule, {
  valid: [
    {
      name: 'grpc-js: a Duplex in another file whose _destroy() cancels the call',
      code: code(`export function open() {
  return new CancellingCallDuplex(client.exchange());
}`),
    },
    {
      name: 'connect: the Duplex aborts the controller whose signal the call got',
      code: code(`export function open(requests: Requests) {
  const controller = new AbortController();
  const responses = connect.exchange(requests, { signal: controller.signal });
  return new AbortingConnectDuplex(responses, controller);
}`),
    },
    {
      name: 'grpc-js: a public field exposes the call to whoever holds the wrapper (a hand-off)',
      code: code(`export function open() {
  return new ExposingCallDuplex(client.exchange());
}`),
    },
    {
      name: 'grpc-js: a class with no teardown is never destroyed early (limit)',
      code: code(`export function open() {
  return new CallHolder(client.exchange());
}`),
    },
    {
      name: 'grpc-js: a deadline bounds the call whatever the wrapper does',
      code: code(`export function open() {
  return new ForgetfulCallDuplex(client.exchange({ deadline: Date.now() + 10_000 }));
}`),
    },
    {
      name: 'connect: timeoutMs bounds the call whatever the wrapper does',
      code: code(`export function open(requests: Requests) {
  return new ForgetfulConnectDuplex(connect.exchange(requests, { timeoutMs: 10_000 }));
}`),
    },
    {
      name: 'grpc-js: the creator cancels the call itself',
      code: code(`export async function run(consume: (d: NodeJS.ReadWriteStream) => Promise<void>) {
  const call = client.exchange();
  try {
    await consume(new ForgetfulCallDuplex(call));
  } finally {
    call.cancel();
  }
}`),
    },
    {
      name: 'grpc-js: a helper in another file that cancels its parameter is a cover of the loop exit',
      code: code(`export async function first() {
  const call = client.exchange();
  setTimeout(() => stop(call), 1_000);
  for await (const message of call) return message as ExchangeResponse;
  return undefined;
}`),
    },
    {
      name: 'recursion: a helper whose summary depends on itself answers unknown, a hand-off',
      code: code(`export async function first() {
  const call = client.exchange();
  relay(call, 3);
  for await (const message of call) return message as ExchangeResponse;
  return undefined;
}`),
    },
    {
      name: 'any: a wrapper constructor typed any has no summary',
      code: code(`declare const Wrapper: any;
export function open() {
  return new Wrapper(client.exchange());
}`),
    },
    {
      name: 'union: a constructor from a union of classes has no single summary',
      code: code(`declare const pick: boolean;
export function open() {
  const Wrapper = pick ? ForgetfulCallDuplex : CancellingCallDuplex;
  return new Wrapper(client.exchange());
}`),
    },
    {
      name: 'overloads: an overloaded wrapper factory has no single summary',
      code: code(`function wrap(call: ReturnType<typeof client.exchange>): NodeJS.ReadWriteStream;
function wrap(call: ReturnType<typeof client.exchange>, label: string): NodeJS.ReadWriteStream;
function wrap(call: ReturnType<typeof client.exchange>) {
  return new ForgetfulCallDuplex(call);
}
export function open() {
  return wrap(client.exchange());
}`),
    },
    {
      name: 'a plain class whose destroy() its owner calls after the call ended (grpc-js-xds LrsCallState) is no stream teardown',
      code: code(`class LoadReporter {
  constructor(private readonly call: ReturnType<typeof client.exchange>, private readonly onEnd: () => void) {
    call.on('status', () => this.onEnd());
    call.on('error', () => {});
  }
  send(request: ExchangeRequest) {
    this.call.write(request);
  }
  destroy() {
    return null;
  }
}
export class Owner {
  private reporter: LoadReporter | null = null;
  start() {
    const call = client.exchange();
    this.reporter = new LoadReporter(call, () => {
      this.reporter = this.reporter ? this.reporter.destroy() : null;
    });
  }
}`),
    },
    {
      name: 'a stream from a parameter belongs to the caller',
      code: code(`export function open(call: ReturnType<typeof client.exchange>) {
  return new ForgetfulCallDuplex(call);
}`),
    },
  ],
  invalid: [
    {
      name: 'shape 5: a connect bidi call kept by a Duplex in another file with no _destroy()',
      code: code(`export function open(requests: Requests) {
  const responses = connect.exchange(requests);
  return new ForgetfulConnectDuplex(responses);
}`),
      errors: [
        {
          messageId: 'wrappedWithoutCancel',
          data: {
            name: 'responses',
            wrapper: 'ForgetfulConnectDuplex',
            teardown: '`destroy()`',
            stream: 'connect stream',
            fix: CONNECT_FIX,
          },
          line: at(3),
          column: 37,
          endLine: at(3),
          endColumn: 46,
        },
      ],
    },
    {
      name: 'grpc-js: a Duplex in another file whose _destroy() only half-closes the call',
      code: code(`export function open() {
  return new ForgetfulCallDuplex(client.exchange());
}`),
      errors: [
        {
          messageId: 'wrappedWithoutCancel',
          data: { name: 'client.exchange(…)', wrapper: 'ForgetfulCallDuplex', teardown: '`_destroy()`', stream: 'grpc-js bidi call', fix: GRPC_FIX },
          line: at(2),
          column: 34,
          endLine: at(2),
          endColumn: 51,
        },
      ],
    },
    {
      name: 'connect: through a helper in another file that wraps its parameter',
      code: code(`export function open(requests: Requests) {
  return wrapConnect(connect.exchange(requests));
}`),
      errors: [
        {
          messageId: 'wrappedWithoutCancel',
          data: {
            name: 'connect.exchange(…)',
            wrapper: 'ForgetfulConnectDuplex',
            teardown: '`destroy()`',
            stream: 'connect stream',
            fix: CONNECT_FIX,
          },
          line: at(2),
          column: 22,
        },
      ],
    },
    {
      name: 'grpc-js: an async iterator in this file whose return() does not cancel the call',
      code: code(`class Events implements AsyncIterator<WatchEvent> {
  readonly #iterator: AsyncIterator<WatchEvent>;
  constructor(call: ReturnType<typeof client.watch>) {
    this.#iterator = call[Symbol.asyncIterator]();
  }
  next() {
    return this.#iterator.next();
  }
  async return() {
    return { done: true as const, value: undefined };
  }
}
export function events(topic: string) {
  return new Events(client.watch({ topic, sinceRevision: 0 }));
}`),
      errors: [
        {
          messageId: 'wrappedWithoutCancel',
          data: { name: 'client.watch(…)', wrapper: 'Events', teardown: '`return()`', stream: 'grpc-js call', fix: GRPC_FIX },
          line: at(14),
          column: 21,
        },
      ],
    },
    {
      name: 'a helper in another file that only reads the call hands nothing off: the loop exit still leaks',
      code: code(`export async function first() {
  const call = client.exchange();
  await firstMessage(call);
  for await (const message of call) return message as ExchangeResponse;
  return undefined;
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'return', name: 'call', fix: 'Call `call.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(4),
          column: 37,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'call.cancel()' },
              output: code(`export async function first() {
  const call = client.exchange();
  await firstMessage(call);
  try {
    for await (const message of call) return message as ExchangeResponse;
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
  ],
});
