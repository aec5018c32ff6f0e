// rpc/no-unbounded-shutdown on Node HTTP servers that serve RPC (connectNodeAdapter): `close()`
// waits for every HTTP/2 session / open HTTP/1.1 request, so it needs a bound. The handler of the
// cross-file cases lives in fixtures/cases/http-server/handler.ts, the server factories in
// fixtures/cases/servers/factory.ts.
import rule from '../../rules/no-unbounded-shutdown.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–8, so each body starts at line 9.
const imports = `
import http from 'node:http';
import https from 'node:https';
import * as http2 from 'node:http2';
import { promisify } from 'node:util';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { routes, rpcHandler, healthHandler } from './cases/http-server/handler.js';
declare function stoppable(server: http.Server, grace: number): http.Server & { stop(): void }; import { createApiServer, createDefaultApiServer, createEitherServer, createGateway, createHealthServer, createPlainServer } from './cases/servers/factory.js';`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 8 + n;

createRuleTester().run('no-unbounded-shutdown (HTTP servers)', rule, {
  valid: [
    {
      name: 'http2: the sessions still open are destroyed when a grace period runs out',
      code: code(`const server = http2.createServer(connectNodeAdapter({ routes }));
const sessions = new Set<http2.ServerHttp2Session>();
server.on('session', (session) => {
  sessions.add(session);
  session.on('close', () => sessions.delete(session));
});
export function stop(): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    setTimeout(() => {
      for (const session of sessions) session.destroy();
    }, 10_000).unref();
  });
}`),
    },
    {
      name: 'http: closeAllConnections() after a grace period',
      code: code(`const server = http.createServer(connectNodeAdapter({ routes }));
export function stop() {
  server.close();
  setTimeout(() => server.closeAllConnections(), 10_000).unref();
}`),
    },
    {
      name: 'a timer in reach may force the close in a helper (limit: any timer counts)',
      code: code(`declare function forceClose(): void;
const server = http2.createServer(rpcHandler);
export function stop() {
  const timer = setTimeout(forceClose, 10_000);
  server.close(() => clearTimeout(timer));
}`),
    },
    {
      name: 'a server that does not serve RPC is out of scope',
      code: code(`const server = http.createServer(healthHandler);
export function stop() {
  server.close();
}`),
    },
    {
      name: 'a server handed to a helper (stoppable) may be bounded there',
      code: code(`const server = http.createServer(rpcHandler);
const stopper = stoppable(server, 10_000);
export function stop() {
  server.close();
  return stopper;
}`),
    },
    {
      name: 'a server from a parameter: the caller decides (limit)',
      code: code(`export function stop(server: http2.Http2Server) {
  server.close();
}`),
    },
    {
      name: 'an exported server may be bounded by the module that imports it',
      code: code(`export const server = http2.createServer(rpcHandler);
export function stop() {
  server.close();
}`),
    },
    {
      name: 'a server that serves RPC only on some paths is not known to serve RPC',
      code: code(`declare const secure: boolean;
let server = http2.createServer(rpcHandler);
if (secure) server = http2.createServer(healthHandler);
export function stop() {
  server.close();
}`),
    },
    {
      name: 'union: a server made by a conditional (HTTP/1.1 or HTTP/2) is not followed (limit)',
      code: code(`declare const h2: boolean;
const server = h2 ? http2.createServer(rpcHandler) : http.createServer(rpcHandler);
export function stop() {
  server.close();
}`),
    },
    {
      name: 'any: a server typed any is out of scope',
      code: code(`declare const make: any;
const server = make(rpcHandler);
export function stop() {
  server.close();
}`),
    },
    {
      name: 'a field: the class destroys the sessions in another method',
      code: code(`export class RpcServer {
  private readonly server = http2.createServer(rpcHandler);
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  constructor() {
    this.server.on('session', (session) => this.sessions.add(session));
  }
  close(callback: () => void) {
    this.server.close(callback);
  }
  forceClose() {
    for (const session of this.sessions) session.destroy();
  }
}`),
    },
    {
      name: 'factory in another file: a server that does not serve RPC, one that serves it on some paths only, a plain one nobody gives a handler',
      code: code(`const health = createHealthServer();
const either = createEitherServer(true);
const plain = createPlainServer();
export function stop() {
  health.close();
  either.close();
  plain.close();
}`),
    },
    {
      name: 'factory in another file: the RPC server bounded with closeAllConnections() after a grace period',
      code: code(`const api = createPlainServer();
api.on('request', rpcHandler);
export function stop() {
  api.close();
  setTimeout(() => api.closeAllConnections(), 10_000).unref();
}`),
    },
    {
      name: 'nothing waits for the close: the process ends on every path after it, directly, through a function that always exits, or from the callback of another server\'s close',
      code: code(`const rpc = http2.createServer(connectNodeAdapter({ routes }));
const metrics: http.Server | undefined = process.env.METRICS ? http.createServer(healthHandler) : undefined;
const worker = process.env.WORKER === '1';
function endProcess(code: number): never {
  if (!worker) console.log('stopping the workers');
  process.exit(code);
}
export function shutdown(code: number): void {
  if (rpc) rpc.close();
  console.log('rpc server closed');
  if (metrics) {
    metrics.close(() => endProcess(code));
  } else {
    endProcess(code);
  }
}
process.on('SIGTERM', () => {
  rpc.close();
  process.exit(0);
});`),
    },
  ],
  invalid: [
    {
      name: 'shape 6: http2.createServer(connectNodeAdapter(…)) stopped with close(cb) alone',
      code: code(`const server = http2.createServer(connectNodeAdapter({ routes }));
server.listen(8080);
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(4), column: 3, endLine: at(4), endColumn: 38, suggestions: [] }],
    },
    {
      name: 'where exiting stops bounding the close: an exit on one branch only, an await before it, a function that may return first, the close of the same server',
      code: code(`const server = http2.createServer(connectNodeAdapter({ routes }));
declare function flush(): Promise<void>;
function exitUnlessClean(code: number) {
  if (code === 0) return;
  process.exit(code);
}
export function stop(worker: boolean) {
  server.close();
  if (worker) process.exit(0);
}
export async function stopAfterFlush() {
  server.close();
  await flush();
  process.exit(0);
}
export function stopClean(code: number) {
  server.close();
  exitUnlessClean(code);
}
export function stopTwice() {
  server.close();
  server.close(() => process.exit(0));
}`),
      errors: [
        { messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(8), column: 3, suggestions: [] },
        { messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(12), column: 3, suggestions: [] },
        { messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(17), column: 3, suggestions: [] },
        { messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(21), column: 3, suggestions: [] },
        { messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(22), column: 3, suggestions: [] },
      ],
    },
    {
      name: 'http2 (cross-file handler): a promisified close',
      code: code(`const server = http2.createSecureServer({ allowHTTP1: true }, rpcHandler);
export async function stop() {
  await promisify(server.close.bind(server))();
}`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(3), column: 19, endLine: at(3), endColumn: 31, suggestions: [] }],
    },
    {
      name: 'http2: the RPC handler registered with on("request")',
      code: code(`const server = http2.createServer();
server.on('request', rpcHandler);
export function stop(done: () => void) {
  server.close(done);
}`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(4), column: 3, suggestions: [] }],
    },
    {
      name: 'http (HTTP/1.1): close() with no closeAllConnections(), with a suggestion',
      code: code(`const handler = connectNodeAdapter({ routes });
const server = https.createServer({}, handler);
export function stop() {
  server.close();
}`),
      errors: [
        {
          messageId: 'unboundedHttp1',
          data: { name: 'server' },
          line: at(4),
          column: 3,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              data: { name: 'server', force: 'closeAllConnections' },
              output: code(`const handler = connectNodeAdapter({ routes });
const server = https.createServer({}, handler);
export function stop() {
  setTimeout(() => server.closeAllConnections(), 10_000).unref();
  server.close();
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'http (default import): close() in a SIGTERM handler',
      code: code(`const server = http.createServer(rpcHandler);
process.on('SIGTERM', () => {
  server.close();
});`),
      errors: [
        {
          messageId: 'unboundedHttp1',
          data: { name: 'server' },
          line: at(3),
          column: 3,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              data: { name: 'server', force: 'closeAllConnections' },
              output: code(`const server = http.createServer(rpcHandler);
process.on('SIGTERM', () => {
  setTimeout(() => server.closeAllConnections(), 10_000).unref();
  server.close();
});`),
            },
          ],
        },
      ],
    },
    {
      name: 'http2 (named import, renamed): createSecureServer as a local name',
      code: code(`import { createSecureServer as secureServer } from 'node:http2';
const server = secureServer({}, connectNodeAdapter({ routes }));
export function stop(done: () => void) {
  server.close(done);
}`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(4), column: 3, suggestions: [] }],
    },
    {
      name: 'a field set in the constructor, closed in a method, no bound in the class',
      code: code(`export class RpcServer {
  private readonly server: http2.Http2Server;
  constructor() {
    this.server = http2.createServer(connectNodeAdapter({ routes }));
  }
  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'this.server' }, line: at(7), column: 43, suggestions: [] }],
    },
    {
      name: 'a field whose RPC handler is registered with on("request") in the constructor',
      code: code(`export class Gateway {
  private readonly server = http2.createServer();
  constructor() {
    this.server.on('request', rpcHandler);
  }
  async stop() {
    await promisify(this.server.close.bind(this.server))();
  }
}`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'this.server' }, line: at(7), column: 21, endColumn: 38, suggestions: [] }],
    },
    {
      name: 'factory in another file: const api = createApiServer(), closed with close() alone',
      code: code(`const api = createApiServer();
api.listen(8080);
process.on('SIGTERM', () => api.close());`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'api' }, line: at(3), column: 29, endColumn: 40, suggestions: [] }],
    },
    {
      name: 'factory in another file: the handler registered inside the factory; a factory that calls a factory, promisified',
      code: code(`const gateway = createGateway();
const api = createDefaultApiServer();
export async function stop() {
  gateway.close();
  await promisify(api.close.bind(api))();
}`),
      errors: [
        { messageId: 'unboundedHttp2', data: { name: 'gateway' }, line: at(4), column: 3, suggestions: [] },
        { messageId: 'unboundedHttp2', data: { name: 'api' }, line: at(5), column: 19, endColumn: 28, suggestions: [] },
      ],
    },
    {
      name: 'factory in another file: a plain server the caller gives the RPC handler (HTTP/1.1)',
      code: code(`const plain = createPlainServer();
plain.on('request', rpcHandler);
export function stop() {
  plain.close();
}`),
      errors: [
        {
          messageId: 'unboundedHttp1',
          data: { name: 'plain' },
          line: at(4),
          column: 3,
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              data: { name: 'plain', force: 'closeAllConnections' },
              output: code(`const plain = createPlainServer();
plain.on('request', rpcHandler);
export function stop() {
  setTimeout(() => plain.closeAllConnections(), 10_000).unref();
  plain.close();
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'http2: sessions destroyed, or a timer set, only in the close() callback: they run after the wait is over',
      code: code(`const server = http2.createServer(rpcHandler);
const sessions = new Set<http2.ServerHttp2Session>();
server.on('session', (session) => sessions.add(session));
export function stop() {
  server.close(() => {
    for (const session of sessions) session.destroy();
    setTimeout(() => process.exit(0), 1_000);
  });
}`),
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'server' }, line: at(5), column: 3, suggestions: [] }],
    },
  ],
});
