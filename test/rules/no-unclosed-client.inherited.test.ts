// no-unclosed-client on classes whose release is inherited and goes through an accessor: a base class's
// `close()` calls `this.stub().close()` (or `this.client.close()` through a getter), and the subclass's
// accessor returns the field it keeps its client in. Such a class is learnt as owning that client.
import rule from '../../rules/no-unclosed-client.js';
import { runRuleTests } from '../relint-suggestions.js';

const header = `
import { credentials, Metadata } from '@grpc/grpc-js';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
const pingOf = (client: EventServiceClient): Promise<void> =>
  new Promise((resolve, reject) => client.ping({ message: 'ping' }, new Metadata(), { deadline: Date.now() + 1000 }, (error) => (error ? reject(error) : resolve())));
abstract class Connection {
  abstract stub(): EventServiceClient;
  ping(): Promise<void> {
    return pingOf(this.stub());
  }
  close(): void {
    this.stub().close();
  }
}
class EventConnection extends Connection {
  private readonly _stub: EventServiceClient;
  constructor(address: string) {
    super();
    this._stub = new EventServiceClient(address, credentials.createInsecure());
  }
  stub(): EventServiceClient {
    return this._stub;
  }
}
abstract class Watched {
  protected abstract get client(): EventServiceClient;
  shutdown(): void {
    this.client.close();
  }
}
class Watcher extends Watched {
  private readonly inner = new EventServiceClient('watch:50051', credentials.createInsecure());
  protected get client(): EventServiceClient {
    return this.inner;
  }
  ping(): Promise<void> {
    return pingOf(this.inner);
  }
}`;
const code = (body: string): string => `${header}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => header.split('\n').length + n;

const OWNS = { leaks: 'the grpc-js client it owns stays open' };

runRuleTests('no-unclosed-client', rule, {
  valid: [
    {
      name: 'inherited close through the accessor: the probe closes it in a finally',
      code: code(`export async function reachable(address: string): Promise<boolean> {
  const connection = new EventConnection(address);
  try {
    await connection.ping();
    return true;
  } finally {
    connection.close();
  }
}`),
    },
    {
      name: 'where it stops: the accessor returns one of two fields (a choice, not the field), so the class is not learnt',
      code: code(`class EitherConnection extends Connection {
  private readonly primary = new EventServiceClient('primary:50051', credentials.createInsecure());
  private readonly backup = new EventServiceClient('backup:50051', credentials.createInsecure());
  private usePrimary = true;
  stub(): EventServiceClient {
    return this.usePrimary ? this.primary : this.backup;
  }
}
export async function eitherReachable(): Promise<boolean> {
  const connection = new EitherConnection();
  await connection.ping();
  return true;
}`),
    },
    {
      name: 'where it stops: the accessor returns a client other than the one the class keeps (a shared one), so close() does not release it',
      code: code(`const shared = new EventServiceClient('shared:50051', credentials.createInsecure());
class SharedConnection extends Connection {
  private readonly own: EventServiceClient;
  constructor(address: string) {
    super();
    this.own = new EventServiceClient(address, credentials.createInsecure());
  }
  stub(): EventServiceClient {
    return shared;
  }
  ownPing(): Promise<void> {
    return pingOf(this.own);
  }
}
export async function sharedReachable(): Promise<boolean> {
  const connection = new SharedConnection('probe:50051');
  await connection.ownPing();
  return true;
}`),
    },
    {
      name: 'where it stops: the class that keeps the client leaves the accessor abstract; the override in its subclass is not followed',
      code: code(`abstract class Holder extends Connection {
  protected readonly held = new EventServiceClient('held:50051', credentials.createInsecure());
}
class Relay extends Holder {
  stub(): EventServiceClient {
    return this.held;
  }
}
export async function relayReachable(): Promise<boolean> {
  const relay = new Relay();
  await relay.ping();
  return true;
}`),
    },
  ],
  invalid: [
    {
      name: 'a probe object per address, used and returned past without the inherited close()',
      code: code(`export async function firstReachable(addresses: string[]): Promise<string | null> {
  for (const address of addresses) {
    const connection = new EventConnection(address);
    const answered = await connection.ping().then(() => true, () => false);
    if (answered) return address;
  }
  return null;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: at(3),
          column: 24,
          data: { name: 'connection', resource: '`EventConnection`', exit: `the \`return\` on line ${at(5)}`, close: 'connection.close()', ...OWNS },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function firstReachable(addresses: string[]): Promise<string | null> {
  for (const address of addresses) {
    const connection = new EventConnection(address);
    try {
      const answered = await connection.ping().then(() => true, () => false);
      if (answered) return address;
    } finally {
      connection.close();
    }
  }
  return null;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a getter the subclass implements (`this.client.close()` in an inherited shutdown())',
      code: code(`export async function watcherReachable(): Promise<boolean> {
  const watcher = new Watcher();
  await watcher.ping();
  return true;
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: at(2),
          column: 19,
          data: { name: 'watcher', resource: '`Watcher`', exit: `the \`return\` on line ${at(4)}`, close: 'watcher.shutdown()', ...OWNS },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: code(`export async function watcherReachable(): Promise<boolean> {
  const watcher = new Watcher();
  try {
    await watcher.ping();
    return true;
  } finally {
    watcher.shutdown();
  }
}`),
            },
          ],
        },
      ],
    },
  ],
});
