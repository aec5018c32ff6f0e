// no-unclosed-client on ownership that only the checker can follow (issue 25): calls resolved through
// the receiver's type (an inherited static factory, a namespace member, an object's method,
// `super(…)`), clients used by a computed method call, and owners without a lifecycle that keep a
// client they are given (strict). `./cases/ownership/owners.js` is another file of the program.
import rule from '../../rules/no-unclosed-client.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 is empty; imports take lines 2–9, so each body starts at line 10.
const header = `
import { Channel, credentials } from '@grpc/grpc-js';
import { createChannel, createClient } from 'nice-grpc';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { EventClient, EventWrapper } from './cases/ownership/sdk.js';
import * as owners from './cases/ownership/owners.js';
import { BaseKeeper, ClosingKeeper, dialers, dialEvents, dialService, EventsKeeper, GuardedKeeper, HandingKeeper, invoke, invokeAny, invokeBound, keep, loadService, OpenKeeper, RegisteringKeeper, ServiceBase, Session, sharedEvents, StoppableKeeper } from './cases/ownership/owners.js';
import { connectEvents, dialEventsWith, eventsApiWith, eventsClientFactory } from './cases/ownership/workspace-sdk/index.js';`;
const code = (body: string): string => `${header}\n${body}`;

const CLIENT = { resource: 'grpc-js client', leaks: 'its channel and connection stay open' };
const CHANNEL = { resource: 'gRPC channel', leaks: 'its subchannels and connection stay open' };
const STRICT = [{ requireLifecycle: true }] as const;

runRuleTests('no-unclosed-client', rule, {
  valid: [
    // 1. Calls resolved through the receiver's type, and where they stop.
    {
      name: 'an inherited static factory whose result is returned, and a static method that closes what it opens',
      code: code(`export class Inventory extends ServiceBase {
  static connect(address: string) {
    return this.open(address);
  }
  static async count(address: string) {
    const client = this.open(address);
    try {
      return await invoke(client, 'ping', { message: 'count' });
    } finally {
      client.close();
    }
  }
}
export function inventoryClient(address: string) {
  const client = Inventory.connect(address);
  return client;
}`),
    },
    {
      // A method factory on a field (`this.dialers.events()`) is a creation: no-unclosed-client.method-factories.test.ts.
      name: 'where factories stop: an untyped constructor without credentials',
      code: code(`export function load(options: Record<string, unknown>) {
  const service = loadService('EventService', options);
  return service.ping ? 1 : 0;
}`),
    },
    {
      name: 'a computed method call on a client the function then closes',
      code: code(`export async function pingOnce(address: string, method: 'ping') {
  const client = owners.dialEvents(address);
  try {
    return await new Promise((resolve) => client[method]({ message: 'once' }, resolve));
  } finally {
    client.close();
  }
}`),
    },
    {
      name: 'where the dispatcher stops: a key that may name `close` may release the client (a hand-off)',
      code: code(`export function run(address: string, method: 'ping' | 'close') {
  const client = dialers.events(address);
  return invokeAny(client, method);
}`),
    },
    {
      name: 'a method that settles to its receiver passes the value on (`Session.create(a).start()`)',
      code: code(`export function started(address: string) {
  return Session.create(address).start();
}`),
    },
    {
      name: 'a factory promise passed on with `.then` is not dropped by the call',
      code: code(`export function connected(address: string) {
  return EventWrapper.connect(address).then((wrapper) => wrapper);
}`),
    },
    {
      name: 'an inline channel that something able to close it also holds: a channelOverride client closed in finally, a field of its own',
      code: code(`export async function viaOverride(address: string) {
  const client = new EventServiceClient(address, credentials.createInsecure(), { channelOverride: new Channel(address, credentials.createInsecure(), {}) });
  try {
    return await invoke(client, 'ping', { message: 'override' });
  } finally {
    client.close();
  }
}
export class Pinger {
  private channel?: Channel;
  ping(address: string) {
    return createClient(EventServiceDefinition, (this.channel = createChannel(address))).ping({});
  }
  close() {
    this.channel?.close();
  }
}`),
    },
    {
      name: 'a base constructor that keeps the channel it is given and closes it: super() hands it off',
      code: code(`class Owner {
  constructor(private readonly channel: Channel) {}
  close() {
    this.channel.close();
  }
}
export class AuditOwner extends Owner {
  constructor(address: string) {
    super(createChannel(address));
  }
}`),
    },

    // 2. Owners without a lifecycle: where the strict report stops.
    {
      name: 'without requireLifecycle, a client kept by an owner with no lifecycle is a hand-off',
      code: code(`export function keeper(address: string) {
  return new EventsKeeper(dialEvents(address));
}`),
    },
    {
      name: 'owner twins: it closes what it keeps, users reach it (public field, a getter), an inherited stop(), a subclass may close it',
      code: code(`export function closing(address: string) {
  return new ClosingKeeper(dialEvents(address));
}
export function open(address: string) {
  return new OpenKeeper(dialEvents(address));
}
export function handing(address: string) {
  return new HandingKeeper(dialEvents(address));
}
export function stoppable(address: string) {
  return new StoppableKeeper(dialEvents(address));
}
export function extended(address: string) {
  return new BaseKeeper(dialEvents(address));
}`),
      options: STRICT,
    },
    {
      name: 'owner twins: a shared client from a long-lived provider, an owner that passes its field on, and a client the caller also closes on exit',
      code: code(`export function withShared() {
  return new EventsKeeper(sharedEvents());
}
export function registered(address: string) {
  return new RegisteringKeeper(dialEvents(address));
}
export function closedOnExit(address: string) {
  const client = dialEvents(address);
  process.once('SIGTERM', () => client.close());
  return new EventsKeeper(client);
}`),
      options: STRICT,
    },
    {
      // A declaration file declares what a function returns, not whether each call makes it: a
      // memoised \`clientFor(address)\` has the same declaration. The class is not judged for it.
      name: 'where creations stop: a client from a factory seen only as a declaration file (another workspace package)',
      code: code(`export class Session {
  private readonly events = connectEvents('events:443');
  private active = true;
  ping() {
    return invoke(this.events, 'ping', { message: String(this.active) });
  }
  close() {
    this.active = false;
  }
}`),
      options: STRICT,
    },
    {
      name: 'where declared factories stop: given credentials but declared to return no client (nothing to close)',
      code: code(`export class Session {
  private readonly api = eventsApiWith('events:443', credentials.createInsecure());
  ping() {
    return this.api.ping('hello');
  }
  close() {}
}`),
    },
    {
      name: 'a client from a declared factory given credentials, closed by the lifecycle method and in finally',
      code: code(`export class Session {
  private readonly events = eventsClientFactory({ address: 'events:443', credentials: credentials.createInsecure() });
  ping() {
    return invoke(this.events, 'ping', { message: 'ping' });
  }
  close() {
    this.events.close();
  }
}
export async function once(address: string) {
  const client = dialEventsWith(address, credentials.createInsecure());
  try {
    return await invoke(client, 'ping', { message: 'once' });
  } finally {
    client.close();
  }
}`),
    },
  ],
  invalid: [
    // 1. Calls resolved through the receiver's type.
    {
      name: 'a static method opens a client through an inherited static factory (`this.open()`) and leaves it open',
      code: code(`export class Inventory extends ServiceBase {
  static async count(address: string) {
    const client = this.open(address);
    return invoke(client, 'ping', { message: 'count' });
  }
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 12,
          column: 20,
          endColumn: 38,
          data: { name: 'client', exit: 'the `return` on line 13', close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export class Inventory extends ServiceBase {
  static async count(address: string) {
    const client = this.open(address);
    try {
      return invoke(client, 'ping', { message: 'count' });
    } finally {
      client.close();
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a static factory named like a library one (`this.create()` in a static method) is resolved like any other',
      code: code(`export class Registry {
  static create(address: string) {
    return Session.create(address);
  }
  static async check(address: string) {
    const session = this.create(address);
    await session.start();
    return true;
  }
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 15,
          column: 21,
          endColumn: 41,
          data: { name: 'session', resource: '`Session`', exit: 'the `return` on line 17', close: 'session.close()', leaks: 'the grpc-js client it owns stays open' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export class Registry {
  static create(address: string) {
    return Session.create(address);
  }
  static async check(address: string) {
    const session = this.create(address);
    try {
      await session.start();
      return true;
    } finally {
      session.close();
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'factories reached as a namespace member and as an object method, their clients lent to a dispatcher in another file',
      code: code(`export async function viaNamespace(address: string) {
  const client = owners.dialEvents(address);
  return invoke(client, 'ping', { message: 'namespace' });
}
export async function viaObject(address: string) {
  const client = dialers.events(address);
  await invoke(client, 'ping', { message: 'object' });
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          data: { name: 'client', exit: 'the `return` on line 12', close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function viaNamespace(address: string) {
  const client = owners.dialEvents(address);
  try {
    return invoke(client, 'ping', { message: 'namespace' });
  } finally {
    client.close();
  }
}
export async function viaObject(address: string) {
  const client = dialers.events(address);
  await invoke(client, 'ping', { message: 'object' });
}`),
            },
          ],
        },
        {
          messageId: 'unclosed',
          line: 15,
          column: 18,
          data: { name: 'client', exit: "the function's end on line 17", close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function viaNamespace(address: string) {
  const client = owners.dialEvents(address);
  return invoke(client, 'ping', { message: 'namespace' });
}
export async function viaObject(address: string) {
  const client = dialers.events(address);
  try {
    await invoke(client, 'ping', { message: 'object' });
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
      name: 'a client lent to a helper (another file) that binds one of its methods to it (`client[method].bind(client)`)',
      code: code(`export async function ping(address: string) {
  const client = dialEvents(address);
  const response = await invokeBound(client, 'ping', { message: 'bound' });
  return response.message;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 11,
          column: 18,
          data: { name: 'client', exit: 'the `return` on line 13', close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function ping(address: string) {
  const client = dialEvents(address);
  try {
    const response = await invokeBound(client, 'ping', { message: 'bound' });
    return response.message;
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
      name: "a factory's client used by one computed method call and dropped",
      code: code(`export function pingOnce(address: string, method: 'ping') {
  return new Promise((resolve) => dialEvents(address)[method]({ message: 'once' }, resolve));
}`),
      errors: [{ messageId: 'discarded', line: 11, column: 35, endColumn: 54, data: { closeMember: 'close', ...CLIENT } }],
    },
    {
      name: 'an untyped (proto-loader) client from a helper, dropped after one computed call or left open',
      code: code(`export function pingOnce(address: string, method: string) {
  return new Promise((resolve) => dialService('EventService', address)[method]({ message: 'once' }, resolve));
}
export async function pingTwice(address: string, method: string) {
  const client = dialService('EventService', address);
  await new Promise((resolve) => client[method]({ message: 'one' }, resolve));
  await new Promise((resolve) => client[method]({ message: 'two' }, resolve));
}`),
      errors: [
        { messageId: 'discarded', line: 11, column: 35, endColumn: 71, data: { closeMember: 'close', ...CLIENT } },
        {
          messageId: 'unclosed',
          line: 14,
          column: 18,
          data: { name: 'client', exit: "the function's end on line 17", close: 'client.close()', ...CLIENT },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export function pingOnce(address: string, method: string) {
  return new Promise((resolve) => dialService('EventService', address)[method]({ message: 'once' }, resolve));
}
export async function pingTwice(address: string, method: string) {
  const client = dialService('EventService', address);
  try {
    await new Promise((resolve) => client[method]({ message: 'one' }, resolve));
    await new Promise((resolve) => client[method]({ message: 'two' }, resolve));
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
      name: 'a subclass lends a channel made inline to a base constructor that only borrows it (`super(…)`)',
      code: code(`export class AuditClient extends EventClient {
  constructor(address: string) {
    super('audit', createChannel(address));
  }
}`),
      errors: [{ messageId: 'lentOnly', line: 12, column: 20, endColumn: 42, data: { borrower: 'super(…)', closeMember: 'close', ...CHANNEL } }],
    },

    // 2. Owners without a lifecycle (requireLifecycle): a client handed to a constructor that keeps it.
    {
      name: 'strict: a client made inline for a constructor that keeps it in a private field and has no close',
      code: code(`export function keeper(address: string) {
  return new EventsKeeper(new EventServiceClient(address, credentials.createInsecure()));
}`),
      options: STRICT,
      errors: [{ messageId: 'noLifecycle', line: 11, column: 27, endColumn: 88, data: { className: 'EventsKeeper', field: 'client', ...CLIENT } }],
    },
    {
      name: 'strict: a factory passes its client to such a constructor, directly or through a helper',
      code: code(`export function guarded(address: string) {
  const client = dialEvents(address);
  return new GuardedKeeper(client, 'guarded');
}
export function helped(address: string) {
  return keep(dialers.events(address));
}`),
      options: STRICT,
      errors: [
        { messageId: 'noLifecycle', line: 11, column: 18, endColumn: 37, data: { className: 'GuardedKeeper', field: '#client', ...CLIENT } },
        { messageId: 'noLifecycle', line: 15, column: 15, endColumn: 38, data: { className: 'EventsKeeper', field: 'client', ...CLIENT } },
      ],
    },
    {
      name: "strict: a class hands a client it makes to such a keeper, in a field's initializer and in its constructor",
      code: code(`export class Service {
  private readonly events = new EventsKeeper(dialEvents('events:443'));
  private readonly audit: EventsKeeper;
  constructor() {
    this.audit = new EventsKeeper(new EventServiceClient('audit:443', credentials.createInsecure()));
  }
  close() {}
}`),
      options: STRICT,
      errors: [
        { messageId: 'noLifecycle', line: 11, column: 46, endColumn: 70, data: { className: 'EventsKeeper', field: 'client', ...CLIENT } },
        { messageId: 'noLifecycle', line: 14, column: 35, endColumn: 100, data: { className: 'EventsKeeper', field: 'client', ...CLIENT } },
      ],
    },
    {
      name: 'a declared factory handed channel credentials makes a client: a field its close() leaves open, a local never closed',
      code: code(`export class Session {
  private readonly events;
  constructor(address: string) {
    this.events = eventsClientFactory({ address, credentials: credentials.createInsecure(), options: {} });
  }
  ping() {
    return invoke(this.events, 'ping', { message: 'ping' });
  }
  close() {}
}
export async function once(address: string) {
  const client = dialEventsWith(address, credentials.createInsecure());
  return invoke(client, 'ping', { message: 'once' });
}`),
      errors: [
        { messageId: 'fieldNotClosed', line: 13, column: 5, endColumn: 16, data: { className: 'Session', field: 'events', lifecycle: 'close', ...CLIENT } },
        {
          messageId: 'unclosed',
          line: 21,
          column: 18,
          endColumn: 71,
          data: { name: 'client', exit: 'the `return` on line 22', ...CLIENT, close: 'client.close()' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export class Session {
  private readonly events;
  constructor(address: string) {
    this.events = eventsClientFactory({ address, credentials: credentials.createInsecure(), options: {} });
  }
  ping() {
    return invoke(this.events, 'ping', { message: 'ping' });
  }
  close() {}
}
export async function once(address: string) {
  const client = dialEventsWith(address, credentials.createInsecure());
  try {
    return invoke(client, 'ping', { message: 'once' });
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
