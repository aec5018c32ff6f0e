// no-client-per-call on method factories (issue 25, capability 3): a method of a class of the program,
// called on another object, whose every return is a new client opens a connection at the call, and so
// does a constructor that reaches one (an SDK object whose constructor builds a stub through a helper
// and a dialer's method); methods that hand out a client they keep, memoised ones, one a subclass
// overrides with a pool and an interface's member do not. `./cases/ownership/method-factories.js` is
// another file of the program.
import rule from '../../rules/no-client-per-call.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 is empty; imports take lines 2–5, so each body starts at line 6.
const header = `
import { ClientHolder, Connector, Dialer, Inventory, Opener, type ClientSource } from './cases/ownership/method-factories.js';
import { invoke } from './cases/ownership/owners.js';
import type { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
const request = { message: 'ping' };`;
const code = (body: string): string => `${header}\n${body}`;

const HOIST = 'Create it once and reuse it';

createRuleTester().run('no-client-per-call', rule, {
  valid: [
    {
      name: 'a method factory called once, in a constructor, and per iteration into a collection',
      code: code(`export class Pinger {
  private readonly client: EventServiceClient;
  constructor(dialer: Dialer) {
    this.client = dialer.dial();
  }
  close() {
    this.client.close();
  }
}
export function connectAll(dialers: readonly Dialer[]) {
  const clients: EventServiceClient[] = [];
  for (const dialer of dialers) clients.push(dialer.dial());
  return clients;
}`),
    },
    {
      name: 'where method factories stop: a held client, memoised methods, an overridden method, an interface',
      code: code(`export async function pingAll(holder: ClientHolder, dialer: Dialer, connector: Connector, source: ClientSource, times: number) {
  for (let i = 0; i < times; i++) {
    await invoke(holder.current(), 'ping', request);
    await invoke(dialer.cached(), 'ping', request);
    await invoke(dialer.reused(), 'ping', request);
    await invoke(connector.connect('events:443'), 'ping', request);
    await invoke(source.open('events:443'), 'ping', request);
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'a method factory on a parameter, per iteration, even though each client is closed',
      code: code(`export async function pingAll(dialers: readonly Dialer[]) {
  for (const dialer of dialers) {
    const client = dialer.dial();
    try {
      await invoke(client, 'ping', request);
    } finally {
      client.close();
    }
  }
}`),
      errors: [{ messageId: 'perIteration', line: 8, column: 20, endColumn: 33, data: { call: 'dialer.dial(…)', resource: 'grpc-js client', origin: 'the `for…of` loop on line 7', fix: HOIST } }],
    },
    {
      name: 'a method factory on a `#` field, per tick; one whose override is a factory too',
      code: code(`export class Monitor {
  readonly #opener = new Opener();
  start(address: string) {
    setInterval(() => {
      const client = this.#opener.open(address);
      client.ping(request, () => client.close());
    }, 5_000);
  }
}`),
      errors: [
        { messageId: 'perTick', line: 10, column: 22, endColumn: 48, data: { call: 'this.#opener.open(…)', resource: 'grpc-js client', origin: 'a `setInterval` callback (line 9)', fix: HOIST } },
      ],
    },
    {
      name: 'an SDK object per iteration: its constructor builds a stub through a helper that calls a dialer method',
      code: code(`export async function countAll(batches: readonly string[][]) {
  for (const batch of batches) {
    await new Inventory(batch[0]!).count();
  }
}`),
      errors: [
        { messageId: 'perIteration', line: 8, column: 11, endColumn: 35, data: { call: 'new Inventory(…)', resource: 'grpc-js client', origin: 'the `for…of` loop on line 7', fix: HOIST } },
      ],
    },
  ],
});
