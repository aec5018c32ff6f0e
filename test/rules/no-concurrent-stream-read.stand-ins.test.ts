// no-concurrent-stream-read on a grpc-js client typed through a package's own subset interface of
// grpc-js's `Client` (issue 25). `./cases/stream-errors/client-subset.js` holds the interfaces.
import rule from '../../rules/no-concurrent-stream-read.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 is empty; imports take lines 2–3, so each body starts at line 4.
const header = `
import { deserialize, serialize, type FeedClient, type MockableClient } from './cases/stream-errors/client-subset.js';
const WATCH = '/demo.v1.EventService/Watch';`;
const code = (body: string): string => `${header}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 3 + n;

const fanOut = (client: string, call: string) => `export async function fanOut(client: ${client}, request: Uint8Array, sinks: ReadonlyArray<(ev: Uint8Array) => void>) {
  const stream = client.${call};
  stream.on('error', () => {});
  await Promise.all(sinks.map(async (sink) => {
    for await (const ev of stream) sink(ev);
  }));
}`;

createRuleTester().run('no-concurrent-stream-read', rule, {
  valid: [
    {
      name: 'not a stand-in: a grpc-js Client is not assignable to an interface whose method takes other parameters',
      code: code(fanOut('FeedClient', "makeServerStreamRequest('events', 0)")),
    },
  ],
  invalid: [
    {
      name: "a stand-in's server stream read by every sink at once: a grpc-js call, whatever the interface returns",
      code: code(fanOut('MockableClient', 'makeServerStreamRequest(WATCH, serialize, deserialize, request, {})')),
      errors: [
        {
          messageId: 'overlappingRead',
          line: at(5),
          column: 28,
          data: {
            name: 'stream',
            stream: 'grpc-js call',
            reason: `every element runs the async \`.map\` callback on line ${at(4)}, and its copies run at the same time`,
            effect: 'each reader sees only part of its messages',
          },
        },
      ],
    },
  ],
});
