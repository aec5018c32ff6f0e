// rpc/no-client-per-call on helpers that return a transport they build, and on once-guards that are not
// (issue 25). A connect transport has nothing to close, so the ownership facts' factories do not name a
// function that returns one: the connection facts do (`ConnectionFacts.returnedBy`). A `let` that the
// run declares empty, tested before the creation, starts unset on every run and guards nothing. The
// fan-in across files (a helper with fifty callers) is pinned by fixtures/cases/fan-in.
import rule from '../../rules/no-client-per-call.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–4, so each body starts at line 5.
const imports = `
import { createChannel } from 'nice-grpc';
import { createGrpcTransport } from '@connectrpc/connect-node';
import type { Transport } from '@connectrpc/connect';`;

const code = (body: string): string => `${imports}\n${body}`;

createRuleTester().run('no-client-per-call (transport helpers)', rule, {
  valid: [
    {
      name: 'where declared factories stop: one given only an address may hand out a shared client; one given credentials, outside the loop',
      code: `
import { credentials } from '@grpc/grpc-js';
import { connectEvents, dialEventsWith } from './cases/ownership/workspace-sdk/index.js';
export function probe(addresses: readonly string[]): void {
  const shared = dialEventsWith('events:443', credentials.createInsecure());
  for (const address of addresses) {
    const client = connectEvents(address);
    void client;
  }
  shared.close();
}`,
    },
    {
      name: 'a helper that returns a cached transport (`cache.get(url) ?? create(url)`) is no creation where it is called',
      code: code(`const cache = new Map<string, Transport>();
function transportFor(url: string): Transport {
  return cache.get(url) ?? createGrpcTransport({ baseUrl: url });
}
export function probe(urls: readonly string[]): void {
  for (const url of urls) {
    const transport = transportFor(url);
    void transport;
  }
}`),
    },
    {
      name: 'a helper that returns a transport over a shared session manager opens nothing',
      code: code(`import { Http2SessionManager } from '@connectrpc/connect-node';
const sessions = new Http2SessionManager('https://events.internal');
const transportFor = (url: string) => createGrpcTransport({ baseUrl: url, sessionManager: sessions });
setInterval(() => {
  const transport = transportFor('https://events.internal');
  void transport;
}, 1_000);`),
    },
    {
      name: 'a once-guard on a module `let` (not the run’s own) still guards the creation',
      code: code(`let ready: boolean | undefined;
setInterval(() => {
  if (ready) return;
  ready = true;
  const channel = createChannel('events.internal:50051');
  channel.close();
}, 1_000);`),
    },
    {
      name: 'a local read from a cache (`let channel = cache.get(key); if (!channel) { … }`) is a get-or-create, not a run’s own flag',
      code: code(`import type { Channel } from 'nice-grpc';
const channels = new Map<string, Channel>();
setInterval(() => {
  let channel = channels.get('events');
  if (!channel) {
    channel = createChannel('events.internal:50051');
    channels.set('events', channel);
  }
  void channel;
}, 1_000);`),
    },
  ],
  invalid: [
    {
      name: 'a library function known only by its declaration, handed channel credentials, makes a grpc-js client on every iteration',
      code: `
import { credentials } from '@grpc/grpc-js';
import { dialEventsWith, eventsClientFactory } from './cases/ownership/workspace-sdk/index.js';
export function probe(addresses: readonly string[]): void {
  for (const address of addresses) {
    const client = dialEventsWith(address, credentials.createInsecure());
    client.close();
    const other = eventsClientFactory({ address, credentials: credentials.createInsecure() });
    other.close();
  }
}`,
      errors: [
        { messageId: 'perIteration', line: 6, column: 20 },
        { messageId: 'perIteration', line: 8, column: 19 },
      ],
    },
    {
      name: 'a function that returns the transport it builds, called in a loop: the call is the creation',
      code: code(`function transportFor(url: string) {
  return createGrpcTransport({ baseUrl: url });
}
export function probe(urls: readonly string[]): void {
  for (const url of urls) {
    const transport = transportFor(url);
    void transport;
  }
}`),
      errors: [{ messageId: 'perIteration', line: 10, column: 23 }],
    },
    {
      name: 'an async arrow that returns another helper’s transport, on every tick',
      code: code(`function transportFor(url: string) {
  return createGrpcTransport({ baseUrl: url });
}
const open = async (url: string) => transportFor(url);
setInterval(async () => {
  const transport = await open('https://events.internal');
  void transport;
}, 1_000);`),
      errors: [{ messageId: 'perTick', line: 10, column: 27 }],
    },
    {
      name: 'a `let` of the run itself tested before the creation (`if (!token) return`) is no once-guard',
      code: code(`declare function readToken(): string | undefined;
setInterval(() => {
  let token: string | undefined;
  token = readToken();
  if (!token) return;
  const channel = createChannel('events.internal:50051');
  channel.close();
}, 1_000);`),
      errors: [{ messageId: 'perTick', line: 10, column: 19 }],
    },
  ],
});
