// no-unclosed-client on method factories (issue 25, capability 3): a method of a class of the program,
// called on another object (a parameter, a field, a local), whose every return is a new client, is a
// creation at the call; a method that hands out a client it keeps, a memoised one, one a subclass
// overrides with a pool, an interface's member and a declaration file's class are not.
// `./cases/ownership/method-factories.js` is another file of the program.
import rule from '../../rules/no-unclosed-client.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 is empty; imports take lines 2–6, so each body starts at line 7.
const header = `
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
import { ClientHolder, Connector, Dialer, Opener, type ClientSource } from './cases/ownership/method-factories.js';
import { Dialers, invoke } from './cases/ownership/owners.js';
import { EventsDialer } from './cases/ownership/workspace-sdk/index.js';
const request = { message: 'ping' };`;
const code = (body: string): string => `${header}\n${body}`;

const CLIENT = { resource: 'grpc-js client', leaks: 'its channel and connection stay open' };
const STRICT = [{ requireLifecycle: true }] as const;

runRuleTests('no-unclosed-client', rule, {
  valid: [
    {
      name: 'a method factory whose client is closed in finally, returned, or stored in a field that close() releases',
      code: code(`export async function once(dialer: Dialer) {
  const client = dialer.dial();
  try {
    return await invoke(client, 'ping', request);
  } finally {
    client.close();
  }
}
export function handOut(dialer: Dialer) {
  const client = dialer.dial();
  return client;
}
export class Session {
  private readonly client: EventServiceClient;
  constructor(dialer: Dialer) {
    this.client = dialer.dial();
  }
  close() {
    this.client.close();
  }
}`),
    },
    {
      name: 'where method factories stop: a method that returns a field the holder keeps and closes',
      code: code(`export async function current(holder: ClientHolder) {
  const client = holder.current();
  return (await invoke(client, 'ping', request)).message;
}`),
    },
    {
      name: 'where method factories stop: memoised methods (a field or a let read from it first)',
      code: code(`export async function shared(dialer: Dialer) {
  const client = dialer.cached();
  const again = dialer.reused();
  await invoke(again, 'ping', request);
  return (await invoke(client, 'ping', request)).message;
}`),
    },
    {
      name: 'where method factories stop: a subclass overrides the method with a pool, so the receiver may share its client',
      code: code(`export async function pooled(connector: Connector) {
  const client = connector.connect('events:443');
  return (await invoke(client, 'ping', request)).message;
}`),
    },
    {
      name: 'where method factories stop: a receiver typed by an interface, and a class from a declaration file',
      code: code(`export async function fromSource(source: ClientSource, dialer: EventsDialer) {
  const client = source.open('events:443');
  const other = dialer.open('events:443');
  await invoke(other, 'ping', request);
  return (await invoke(client, 'ping', request)).message;
}`),
    },
    {
      name: 'where method factories stop: a receiver whose binding names no class (an element read, a destructured option)',
      code: code(`export async function fromOptions(dialers: readonly Dialer[], { dialer }: { dialer: Dialer }) {
  const first = dialers[0]!;
  const client = first.dial();
  const other = dialer.dial();
  await invoke(other, 'ping', request);
  return (await invoke(client, 'ping', request)).message;
}`),
    },
    {
      name: 'where method factories stop: a receiver that is the result of a call, and a result dropped in a statement',
      code: code(`declare function dialerFor(address: string): Dialer;
export function dropped(dialer: Dialer) {
  const client = dialerFor('events:443').dial();
  dialer.dial();
  return client.getChannel();
}`),
    },
  ],
  invalid: [
    {
      name: 'a method factory called on a parameter: the client is left open',
      code: code(`export async function ping(dialer: Dialer) {
  const client = dialer.dial();
  return (await invoke(client, 'ping', request)).message;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 8,
          column: 18,
          endColumn: 31,
          data: { name: 'client', exit: 'the `return` on line 9', close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function ping(dialer: Dialer) {
  const client = dialer.dial();
  try {
    return (await invoke(client, 'ping', request)).message;
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a method factory on a field of the class (`this.dialers.events()`, `this.dialer.dial()`)',
      code: code(`export class Inventory {
  private readonly dialers = new Dialers();
  private readonly dialer = new Dialer('inventory:443', true);
  async count(address: string) {
    const client = this.dialers.events(address);
    return invoke(client, 'ping', request);
  }
  async total() {
    const client = this.dialer.dial();
    await invoke(client, 'ping', request);
  }
  close() {
    this.dialer.close();
  }
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 20,
          endColumn: 48,
          data: { name: 'client', exit: 'the `return` on line 12', close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export class Inventory {
  private readonly dialers = new Dialers();
  private readonly dialer = new Dialer('inventory:443', true);
  async count(address: string) {
    const client = this.dialers.events(address);
    try {
      return invoke(client, 'ping', request);
    } finally {
      client.close();
    }
  }
  async total() {
    const client = this.dialer.dial();
    await invoke(client, 'ping', request);
  }
  close() {
    this.dialer.close();
  }
}`),
            },
          ],
        },
        {
          messageId: 'unclosed',
          line: 15,
          column: 20,
          endColumn: 38,
          data: { name: 'client', exit: "the function's end on line 17", close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export class Inventory {
  private readonly dialers = new Dialers();
  private readonly dialer = new Dialer('inventory:443', true);
  async count(address: string) {
    const client = this.dialers.events(address);
    return invoke(client, 'ping', request);
  }
  async total() {
    const client = this.dialer.dial();
    try {
      await invoke(client, 'ping', request);
    } finally {
      client.close();
    }
  }
  close() {
    this.dialer.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a method whose one override is a factory too: either class makes a new client',
      code: code(`export async function opened(opener: Opener) {
  const client = opener.open('events:443');
  return (await invoke(client, 'ping', request)).message;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 8,
          column: 18,
          endColumn: 43,
          data: { name: 'client', exit: 'the `return` on line 9', close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function opened(opener: Opener) {
  const client = opener.open('events:443');
  try {
    return (await invoke(client, 'ping', request)).message;
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'strict: a class keeps the client its helper object makes in a private field and has no close',
      code: code(`export class EventsStub {
  private readonly dialer: Dialer;
  private client: EventServiceClient;
  constructor(dialer?: Dialer) {
    this.dialer = dialer ?? new Dialer('events:443', true);
    this.client = this.dialer.dial();
  }
  ping() {
    return invoke(this.client, 'ping', request);
  }
}`),
      options: STRICT,
      errors: [{ messageId: 'noLifecycle', line: 12, column: 5, endColumn: 16, data: { className: 'EventsStub', field: 'client', ...CLIENT } }],
    },
  ],
});
