// rpc/no-reentrant-lock on hand-rolled single-flight guards (src/analysis/locks/single-flight.ts):
// a promise kept in a field or variable that later callers await is a lock held by its flight, and
// a flight that calls back into the function that keeps it waits for itself. The cross-file cases
// lint fixtures/cases/locks/token-cache*.ts as themselves (their helpers are in token-rpc.ts) and
// use the failover handlers of fixtures/cases/locks/failover-pool.ts.
import fs from 'node:fs';
import path from 'node:path';

import rule from '../../rules/no-reentrant-lock.js';
import { createRuleTester, fixturesDir } from '../rule-tester.js';

const locks = path.join(fixturesDir, 'cases', 'locks');
const tokenCache = path.join(locks, 'token-cache.ts');
const tokenCacheFixed = path.join(locks, 'token-cache-fixed.ts');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

/** The 1-based line and column of the first occurrence of `text` in `code`. */
function at(code: string, text: string): { line: number; column: number } {
  const index = code.indexOf(text);
  if (index < 0) throw new Error(`not in the code: ${text}`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const flight = (code: string, text: string, chain: string, lock: string, holder: string) => ({
  messageId: 'reentrantFlight' as const,
  ...at(code, text),
  data: { chain, lock, holder },
});

const tokenCacheCode = read(tokenCache);

/** The shape: a flag and a promise, a reconnect that calls back through call(). */
const reconnecting = `export class Connection {
  private reconnecting = false;
  private reconnectPromise: Promise<void> | null = null;
  async reconnect(): Promise<void> {
    if (this.reconnecting) {
      await this.reconnectPromise;
      return;
    }
    this.reconnecting = true;
    this.reconnectPromise = (async () => {
      try {
        await this.openTransport();
        await this.call('hello');
      } finally {
        this.reconnecting = false;
      }
    })();
    await this.reconnectPromise;
  }
  async call(method: string): Promise<string> {
    try {
      return await this.send(method);
    } catch {
      await this.reconnect();
      return this.send(method);
    }
  }
  private async openTransport(): Promise<void> {}
  private async send(method: string): Promise<string> {
    return method;
  }
}`;

/** A token refresh kept with ??= whose flight is a method that asks for a token again. */
const tokens = `export class TokenSource {
  private refreshing: Promise<string> | undefined;
  token(): Promise<string> {
    return (this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    }));
  }
  private async refresh(): Promise<string> {
    const reply = await this.request('auth.refresh');
    return reply;
  }
  async request(method: string): Promise<string> {
    const token = await this.token();
    return method + token;
  }
}`;

/** The failover handler stored on a pool from another file, which ping() calls. */
const failover = `import { FailoverPool } from './cases/locks/failover-pool.js';
export class Client {
  private readonly pool = new FailoverPool();
  private reconnecting: Promise<void> | null = null;
  constructor() {
    this.pool.onFailover = () => this.reconnect();
  }
  reconnect(): Promise<void> {
    if (!this.reconnecting) {
      this.reconnecting = (async () => {
        await this.pool.ping();
      })().finally(() => {
        this.reconnecting = null;
      });
    }
    return this.reconnecting;
  }
}`;

/** A getter keeps the flight; the flight reads the getter again through a method, and directly. */
const features = `export class Features {
  #loading: Promise<string[]> | undefined;
  get features(): Promise<string[]> {
    if (!this.#loading) this.#loading = this.load();
    return this.#loading;
  }
  private async load(): Promise<string[]> {
    const v2 = await this.supports('v2');
    return v2 ? ['v2'] : await this.features;
  }
  async supports(name: string): Promise<boolean> {
    return (await this.features).includes(name);
  }
}`;

createRuleTester().run('no-reentrant-lock (single-flight guards)', rule, {
  valid: [
    {
      name: 'across files: the flight calls the endpoint without asking the cache again',
      filename: tokenCacheFixed,
      code: read(tokenCacheFixed),
    },
    {
      name: 'a guard whose flight never calls back into it (it sends directly)',
      code: reconnecting.replace("await this.call('hello');", "await this.send('hello');"),
    },
    {
      name: 'a flight that calls back without waiting for it: the call queues behind the flight',
      code: reconnecting.replace("await this.call('hello');", "void this.call('hello');"),
    },
    {
      name: 'no guard: every call starts its own flight (nothing conditional), so a call back recurses instead',
      code: `export class Dialer {
  private dialing: Promise<void> | null = null;
  async dial(): Promise<void> {
    this.dialing = this.connect();
    await this.dialing;
  }
  private async connect(): Promise<void> {
    await this.dial();
  }
}`,
    },
    {
      name: 'no guard: a local of the function is new on every call',
      code: `export async function fetchOnce(load: () => Promise<string>): Promise<string> {
  let pending: Promise<string> | null = null;
  if (!pending) pending = (async () => load())();
  return pending;
}`,
    },
    {
      name: 'another instance: other.reconnect() waits for the other connection\u2019s flight',
      code: reconnecting.replace("await this.call('hello');", "await this.peer?.call('hello');").replace('private reconnecting = false;', 'private reconnecting = false;\n  peer: Connection | undefined;'),
    },
    {
      name: 'a call back through a parameter or a callback: which instance or function is unknown',
      code: `export class Session {
  private opening: Promise<void> | null = null;
  open(onOpen: () => Promise<void>, self: Session): Promise<void> {
    if (this.opening) return this.opening;
    this.opening = (async () => {
      await onOpen();
      await self.open(onOpen, self);
    })();
    return this.opening;
  }
}`,
    },
    {
      name: 'a handler stored on an object counts only where the program shows the call: probe() never calls onFailover, nobody calls onClose',
      code: failover.replace('await this.pool.ping();', 'await this.pool.probe();').replace('this.pool.onFailover = () => this.reconnect();', 'this.pool.onFailover = () => this.reconnect();\n    this.pool.onClose = () => this.reconnect();'),
    },
    {
      name: 'a memoised plain value is no flight: recomputing it recurses, nothing waits',
      code: `export class Prefix {
  private end: Uint8Array | undefined;
  rangeEnd(): Uint8Array {
    if (!this.end) this.end = this.compute();
    return this.end;
  }
  private compute(): Uint8Array {
    return this.rangeEnd();
  }
}`,
    },
    {
      name: 'a promise built with new Promise is not followed (limit)',
      code: `export class Lazy {
  private loading: Promise<void> | null = null;
  load(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = new Promise<void>((resolve) => {
      void this.load().then(resolve);
    });
    return this.loading;
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'the issue\u2019s shape: reconnect() → call() → reconnect() waits for the reconnect in flight',
      code: reconnecting,
      errors: [flight(reconnecting, "this.call('hello')", 'reconnect() → call() → reconnect() → this.reconnectPromise', '`this.reconnectPromise`', 'reconnect()')],
    },
    {
      name: 'a token refresh kept with ??=: the flight is a method that asks for a token again',
      code: tokens,
      errors: [flight(tokens, "this.request('auth.refresh')", 'token() → request() → token() → this.refreshing', '`this.refreshing`', 'token()')],
    },
    {
      name: 'across files: a module-level token cache whose refresh asks for a token through a helper in another file',
      filename: tokenCache,
      code: tokenCacheCode,
      errors: [flight(tokenCacheCode, 'callWithToken("auth.refresh")', 'getToken() → callWithToken() → getToken() → refreshing', '`refreshing`', 'getToken()')],
    },
    {
      name: 'a getter keeps the flight: the flight reads it through a method, and directly',
      code: features,
      errors: [
        flight(features, "this.supports('v2')", 'get features → supports() → get features → this.#loading', '`this.#loading`', 'get features'),
        flight(features, 'this.features;', 'get features → get features → this.#loading', '`this.#loading`', 'get features'),
      ],
    },
    {
      name: 'across files: a failover handler stored on the pool, called by the ping() the flight awaits',
      code: failover,
      errors: [flight(failover, 'this.pool.ping()', 'reconnect() → ping() → onFailover() → reconnect() → this.reconnecting', '`this.reconnecting`', 'reconnect()')],
    },
  ],
});
