import rule from '../../rules/no-unbounded-shutdown.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports take lines 2–6, so each body starts at line 7.
const imports = `
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from '@grpc/grpc-js';
import { createServer, type Server as NiceServer } from 'nice-grpc';
declare function pTimeout<T>(promise: Promise<T>, ms: number): Promise<T>; import { createGrpcServer } from './cases/servers/factory.js';`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 6 + n;

const grpcData = { name: 'server', graceful: 'tryShutdown', force: 'forceShutdown', server: 'grpc-js server' };

runRuleTests('no-unbounded-shutdown', rule, {
  valid: [
    {
      name: 'nice-grpc: replacing the shutdown method (a write) shuts nothing down',
      code: code(`export function instrument(server: NiceServer, drain: () => Promise<void>) {
  server.shutdown = drain;
}`),
    },
    {
      name: 'grpc-js: a timer forces the shutdown after a grace period',
      code: code(`export function stop(server: Server) {
  const timer = setTimeout(() => server.forceShutdown(), 10_000);
  server.tryShutdown(() => clearTimeout(timer));
}`),
    },
    {
      name: 'grpc-js: graceful shutdown raced with a timer, then forced (article 004)',
      code: code(`export async function stop(server: Server) {
  const graceful = new Promise<void>((resolve) => {
    server.tryShutdown(() => resolve());
  });
  await Promise.race([graceful, sleep(10_000)]);
  server.forceShutdown();
}`),
    },
    {
      name: 'any forceShutdown() in the function counts as the fallback (limit: even one in a catch that a hang never reaches)',
      code: code(`export async function stop(server: Server) {
  try {
    await promisify(server.tryShutdown.bind(server))();
  } catch {
    server.forceShutdown();
  }
}`),
    },
    {
      name: 'grpc-js: a watchdog timer that exits the process bounds the wait',
      code: code(`export function stop(server: Server) {
  setTimeout(() => process.exit(1), 10_000).unref();
  server.tryShutdown(() => process.exit(0));
}`),
    },
    {
      name: 'grpc-js and nice-grpc: a shutdown nothing waits for, the process exiting right after it',
      code: code(`export function stop(server: Server, niceServer: NiceServer) {
  server.tryShutdown(() => console.log('drained'));
  void niceServer.shutdown();
  process.exit(0);
}`),
    },
    {
      name: 'grpc-js: a SIGTERM handler that forces after a timeout',
      code: code(`declare const server: Server;
process.on('SIGTERM', () => {
  server.tryShutdown(() => {});
  setTimeout(() => server.forceShutdown(), 10_000).unref();
});`),
    },
    {
      name: 'nice-grpc: shutdown() raced with a timer, then forced',
      code: code(`export async function stop(server: NiceServer) {
  await Promise.race([server.shutdown(), sleep(10_000)]);
  server.forceShutdown();
}`),
    },
    {
      name: 'nice-grpc: shutdown() handed to a timeout helper',
      code: code(`export async function stop() {
  const server = createServer();
  await pTimeout(server.shutdown(), 10_000);
}`),
    },
    {
      name: 'forceShutdown() alone',
      code: code(`export function stop(server: Server) {
  server.forceShutdown();
}`),
    },
    {
      name: 'a class of its own with tryShutdown/shutdown is no RPC server',
      code: code(`class Pool {
  tryShutdown(callback: () => void) { callback(); }
  async shutdown() {}
}
export async function stop(pool: Pool) {
  pool.tryShutdown(() => {});
  await pool.shutdown();
}`),
    },
    {
      name: 'an any-typed server says nothing (limit)',
      code: code(`export function stop(server: any) {
  server.tryShutdown(() => {});
}`),
    },
    {
      name: 'any Promise.race in the function counts as the timeout race (limit)',
      code: code(`export async function stop(server: NiceServer, other: Promise<void>) {
  await Promise.race([other]);
  await server.shutdown();
}`),
    },
    {
      name: 'limit: an override that delegates to super.tryShutdown leaves the bound to its callers',
      code: code(`export class TracedServer extends Server {
  override tryShutdown(callback: (error?: Error) => void): void {
    console.log('shutting down');
    super.tryShutdown(callback);
  }
}`),
    },
    {
      name: 'limit: the graceful half of an API that also offers forceShutdown (nice-grpc createServer)',
      code: code(`export function wrap(server: Server) {
  return {
    async shutdown() {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
    forceShutdown() {
      server.forceShutdown();
    },
  };
}`),
    },
  ],
  invalid: [
    {
      name: 'a graceful name spelled by an escape: the per-file gate on the text lets the file through',
      code: code(`export function stop(server: Server) {
  server['\\x74ryShutdown'](() => console.log('stopped'));
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: grpcData,
          line: at(2),
          column: 3,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              data: { name: 'server', force: 'forceShutdown' },
              output: code(`export function stop(server: Server) {
  setTimeout(() => server.forceShutdown(), 10_000).unref();
  server['\\x74ryShutdown'](() => console.log('stopped'));
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: tryShutdown with a callback and no fallback',
      code: code(`export function stop(server: Server) {
  server.tryShutdown(() => console.log('stopped'));
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: grpcData,
          line: at(2),
          column: 3,
          endLine: at(2),
          endColumn: 51,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              data: { name: 'server', force: 'forceShutdown' },
              output: code(`export function stop(server: Server) {
  setTimeout(() => server.forceShutdown(), 10_000).unref();
  server.tryShutdown(() => console.log('stopped'));
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: tryShutdown promisified by hand (article 004)',
      code: code(`export async function stop(grpcServer: Server) {
  await new Promise<void>((resolve, reject) => {
    grpcServer.tryShutdown((err) => (err ? reject(err) : resolve()));
  });
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: { ...grpcData, name: 'grpcServer' },
          line: at(3),
          column: 5,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: code(`export async function stop(grpcServer: Server) {
  await new Promise<void>((resolve, reject) => {
    setTimeout(() => grpcServer.forceShutdown(), 10_000).unref();
    grpcServer.tryShutdown((err) => (err ? reject(err) : resolve()));
  });
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'an app method named shutdown with no force sibling is still reported',
      code: code(`export class App {
  constructor(private readonly server: Server) {}
  async shutdown() {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: { ...grpcData, name: 'this.server' },
          line: at(4),
          column: 42,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: code(`export class App {
  constructor(private readonly server: Server) {}
  async shutdown() {
    setTimeout(() => this.server.forceShutdown(), 10_000).unref();
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: tryShutdown passed to promisify',
      code: code(`export async function stop(server: Server) {
  await promisify(server.tryShutdown.bind(server))();
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: grpcData,
          line: at(2),
          column: 19,
          endLine: at(2),
          endColumn: 37,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: code(`export async function stop(server: Server) {
  setTimeout(() => server.forceShutdown(), 10_000).unref();
  await promisify(server.tryShutdown.bind(server))();
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'nice-grpc: await server.shutdown() (article 004)',
      code: code(`export async function stop(niceServer: NiceServer) {
  await niceServer.shutdown();
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'niceServer', graceful: 'shutdown', force: 'forceShutdown', server: 'nice-grpc server' },
          line: at(2),
          column: 9,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              data: { name: 'niceServer', force: 'forceShutdown' },
              output: code(`export async function stop(niceServer: NiceServer) {
  setTimeout(() => niceServer.forceShutdown(), 10_000).unref();
  await niceServer.shutdown();
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: a server field in a stop() method',
      code: code(`export class App {
  constructor(private readonly server: Server) {}
  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.tryShutdown(resolve));
  }
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: { ...grpcData, name: 'this.server' },
          line: at(4),
          column: 36,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: code(`export class App {
  constructor(private readonly server: Server) {}
  async stop(): Promise<void> {
    setTimeout(() => this.server.forceShutdown(), 10_000).unref();
    await new Promise((resolve) => this.server.tryShutdown(resolve));
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: a server that only exists inside the callback gets no suggestion',
      code: code(`export function stopAll(servers: Server[]) {
  servers.forEach((s) => s.tryShutdown(() => {}));
}`),
      errors: [{ messageId: 'unbounded', data: { ...grpcData, name: 's' }, line: at(2), column: 26, suggestions: [] }],
    },
    {
      name: 'grpc-js: a fallback in another function does not bound this one',
      code: code(`export class App {
  constructor(private readonly server: Server) {}
  stop(done: () => void) {
    this.server.tryShutdown(done);
  }
  kill() {
    this.server.forceShutdown();
  }
}`),
      errors: [
        {
          messageId: 'unbounded',
          line: at(4),
          column: 5,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: code(`export class App {
  constructor(private readonly server: Server) {}
  stop(done: () => void) {
    setTimeout(() => this.server.forceShutdown(), 10_000).unref();
    this.server.tryShutdown(done);
  }
  kill() {
    this.server.forceShutdown();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: forceShutdown() only inside the tryShutdown callback runs after the wait is over: it bounds nothing',
      code: code(`export function stop(server: Server) {
  server.tryShutdown((err) => {
    if (err) server.forceShutdown();
  });
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: grpcData,
          line: at(2),
          column: 3,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: code(`export function stop(server: Server) {
  setTimeout(() => server.forceShutdown(), 10_000).unref();
  server.tryShutdown((err) => {
    if (err) server.forceShutdown();
  });
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'nice-grpc: forceShutdown() chained on the shutdown promise (.catch / .then) runs after it settles',
      code: code(`export async function stop(niceServer: NiceServer) {
  await niceServer.shutdown().catch(() => niceServer.forceShutdown()).then(() => Promise.race([]));
}`),
      errors: [{ messageId: 'unbounded', data: { name: 'niceServer', graceful: 'shutdown', force: 'forceShutdown', server: 'nice-grpc server' }, line: at(2), column: 9, suggestions: [{ messageId: 'forceAfterGracePeriod', output: code(`export async function stop(niceServer: NiceServer) {
  setTimeout(() => niceServer.forceShutdown(), 10_000).unref();
  await niceServer.shutdown().catch(() => niceServer.forceShutdown()).then(() => Promise.race([]));
}`) }] }],
    },
    {
      name: 'nice-grpc: an awaited shutdown before the exit: the process waits for it',
      code: code(`export async function stop(niceServer: NiceServer) {
  await niceServer.shutdown();
  process.exit(0);
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'niceServer', graceful: 'shutdown', force: 'forceShutdown', server: 'nice-grpc server' },
          line: at(2),
          column: 9,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              data: { name: 'niceServer', force: 'forceShutdown' },
              output: code(`export async function stop(niceServer: NiceServer) {
  setTimeout(() => niceServer.forceShutdown(), 10_000).unref();
  await niceServer.shutdown();
  process.exit(0);
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: a server made by a factory in another file, shut down with a promisified tryShutdown',
      code: code(`const api = createGrpcServer();
export async function stop() {
  await promisify(api.tryShutdown.bind(api))();
}`),
      errors: [
        {
          messageId: 'unbounded',
          data: { ...grpcData, name: 'api' },
          line: at(3),
          column: 19,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: code(`const api = createGrpcServer();
export async function stop() {
  setTimeout(() => api.forceShutdown(), 10_000).unref();
  await promisify(api.tryShutdown.bind(api))();
}`),
            },
          ],
        },
      ],
    },
  ],
});
