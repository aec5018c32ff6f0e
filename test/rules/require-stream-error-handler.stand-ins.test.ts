// require-stream-error-handler on a grpc-js client that a package types through interfaces of its own
// (a subset of grpc-js's `Client`, to aid mocking; issue 25), and on a stream whose only error-taker
// sits in a function the creating function returns. `./cases/stream-errors/client-subset.js` holds
// the interfaces.
import rule from '../../rules/require-stream-error-handler.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 is empty; imports take lines 2–5, so each body starts at line 6.
const header = `
import { Client, type CallOptions } from '@grpc/grpc-js';
import { deserialize, serialize, type CloseableEvents, type FeedClient, type MockableClient } from './cases/stream-errors/client-subset.js';
const WATCH = '/demo.v1.EventService/Watch';
const EXCHANGE = '/demo.v1.EventService/Exchange';`;
const code = (body: string): string => `${header}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 5 + n;

const RETURNED = 'only once the caller runs the returned function it sits in';
const late = (line: number, name = 'stream') => ({ name, line: String(line), when: RETURNED });

/** The shape the rule reports: the stream's only error-taker is the async iterator a returned closure takes. */
const closeable = (client: string) => `export class Events {
  constructor(private readonly client: ${client}) {}
  open(request: Uint8Array, options: CallOptions): CloseableEvents<Uint8Array> {
    const stream = this.client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
    return {
      [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
      close: () => {
        stream.cancel();
      },
    };
  }
}`;

runRuleTests('require-stream-error-handler', rule, {
  valid: [
    {
      name: 'not a stand-in: an interface that names the method but takes other parameters, so a grpc-js Client is not assignable to it',
      code: code(closeable('FeedClient').replace('makeServerStreamRequest(WATCH, serialize, deserialize, request, options)', "makeServerStreamRequest('events', 0)")),
    },
    {
      name: "a stand-in's stream given an 'error' listener right after the call, then returned in closures",
      code: code(`export function open(client: MockableClient, request: Uint8Array, options: CallOptions): CloseableEvents<Uint8Array> {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  stream.on('error', (err) => console.error(err));
  return {
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
    close: () => stream.cancel(),
  };
}`),
    },
    {
      name: "a stand-in's stream read with for await in the creating function: the loop takes its errors",
      code: code(`export async function* events(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  try {
    for await (const event of stream) yield event;
  } finally {
    stream.cancel();
  }
}`),
    },
    {
      name: 'the stream itself returned beside its closures: the caller can listen (handed off)',
      code: code(`export function open(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  return { stream, close: () => stream.cancel() };
}`),
    },
    {
      name: 'the iterating closure kept in a local before it is returned: whether it runs in time is not known',
      code: code(`export function open(client: MockableClient, request: Uint8Array, options: CallOptions): CloseableEvents<Uint8Array> {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  const iterate = () => stream[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: iterate, close: () => stream.cancel() };
}`),
    },
    {
      name: 'closures returned by a nested function, not by the one that creates the stream: not known',
      code: code(`export function open(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  const wrap = () => ({ [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](), close: () => stream.cancel() });
  return wrap;
}`),
    },
    {
      name: "a stand-in's unary call is no stream",
      code: code(`export function ping(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const call = client.makeUnaryRequest(WATCH, serialize, deserialize, request, options, () => {});
  call.cancel();
}`),
    },
  ],
  invalid: [
    {
      name: "a stand-in's server stream whose only error-taker is the async iterator a returned closure takes; close() cancels it",
      code: code(closeable('MockableClient')),
      errors: [{ messageId: 'lateErrorListener', line: at(4), column: 20, data: late(at(6)) }],
    },
    {
      name: 'the same shape on a grpc-js Client itself',
      code: code(closeable('Client')),
      errors: [{ messageId: 'lateErrorListener', line: at(4), column: 20, data: late(at(6)) }],
    },
    {
      name: "a stand-in's bidi call, written at once and iterated only in a returned method",
      code: code(`export function exchange(client: MockableClient, first: Uint8Array, options: CallOptions): AsyncIterable<Uint8Array> {
  const exchange = client.makeBidiStreamRequest(EXCHANGE, serialize, deserialize, options);
  exchange.write(first);
  return {
    [Symbol.asyncIterator]() {
      return exchange[Symbol.asyncIterator]();
    },
  };
}`),
      errors: [{ messageId: 'lateErrorListener', line: at(2), column: 20, data: late(at(6), 'exchange') }],
    },
    {
      name: "an 'error' listener only in a returned subscribe(): an error before the caller subscribes has none",
      code: code(`export function watch(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  return {
    subscribe(onError: (err: Error) => void) {
      stream.on('error', onError);
    },
    cancel: () => stream.cancel(),
  };
}`),
      errors: [{ messageId: 'lateErrorListener', line: at(2), column: 18, data: late(at(5)) }],
    },
    {
      name: "a stand-in's stream cancelled with no listener at all",
      code: code(`export function probe(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  stream.cancel();
}`),
      errors: [
        {
          messageId: 'noErrorListener',
          line: at(2),
          column: 18,
          data: { name: 'stream', how: 'cancelled with `cancel()`', fix: "Add `stream.on('error', …)` after the call" },
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'stream' },
              output: code(`export function probe(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  stream.on('error', (error) => console.error(error));
  stream.cancel();
}`),
            },
          ],
        },
      ],
    },
  ],
});
