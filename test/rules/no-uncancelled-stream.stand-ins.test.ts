// no-uncancelled-stream on a grpc-js client typed through a package's own subset interface of
// grpc-js's `Client` (issue 25): its call methods make grpc-js calls whatever stream type the
// interface declares. `./cases/stream-errors/client-subset.js` holds the interfaces.
import rule from '../../rules/no-uncancelled-stream.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 is empty; imports take lines 2–4, so each body starts at line 5.
const header = `
import type { CallOptions } from '@grpc/grpc-js';
import { deserialize, serialize, type CloseableEvents, type FeedClient, type MockableClient } from './cases/stream-errors/client-subset.js';
const WATCH = '/demo.v1.EventService/Watch';`;
const code = (body: string): string => `${header}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 4 + n;

const firstLarge = (client: string, call: string) => `export async function firstLarge(client: ${client}, request: Uint8Array) {
  const stream = client.${call};
  for await (const event of stream) {
    if (event.length > 10) return event;
  }
  return undefined;
}`;
const SUBSET_CALL = 'makeServerStreamRequest(WATCH, serialize, deserialize, request, {})';

runRuleTests('no-uncancelled-stream', rule, {
  valid: [
    {
      name: "a stand-in's stream returned in an object whose close() and dispose cancel it",
      code: code(`export function open(client: MockableClient, request: Uint8Array): CloseableEvents<Uint8Array> & Disposable {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, {});
  return {
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
    close: () => stream.cancel(),
    [Symbol.dispose]: () => stream.cancel(),
  };
}`),
    },
    {
      name: 'not a stand-in: a grpc-js Client is not assignable to an interface whose method takes other parameters',
      code: code(firstLarge('FeedClient', "makeServerStreamRequest('events', 0)")),
    },
    {
      name: "a stand-in's call with options from the caller, which may carry a deadline",
      code: code(`export async function firstLarge(client: MockableClient, request: Uint8Array, options: CallOptions) {
  const stream = client.makeServerStreamRequest(WATCH, serialize, deserialize, request, options);
  for await (const event of stream) {
    if (event.length > 10) return event;
  }
  return undefined;
}`),
    },
  ],
  invalid: [
    {
      name: "a stand-in's server stream left by return: a grpc-js call, whatever the interface returns",
      code: code(firstLarge('MockableClient', SUBSET_CALL)),
      errors: [
        {
          messageId: 'exitGrpc',
          data: { exit: 'return', name: 'stream', fix: 'Call `stream.cancel()` in a `finally` around the loop, or pass a `deadline`' },
          line: at(4),
          column: 28,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              output: code(`export async function firstLarge(client: MockableClient, request: Uint8Array) {
  const stream = client.${SUBSET_CALL};
  try {
    for await (const event of stream) {
      if (event.length > 10) return event;
    }
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
  ],
});
