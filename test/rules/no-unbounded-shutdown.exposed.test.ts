// rpc/no-unbounded-shutdown on server classes that expose their server through a getter and shut
// it down themselves: the getter hands no shutdown on unless a caller of it in the program bounds
// it. The classes live in fixtures/cases/servers/exposed-*.ts and are linted as those files, so
// that their callers (exposed-users.ts, exposed-bounders.ts) are other files of the program.
import fs from 'node:fs';
import path from 'node:path';

import rule from '../../rules/no-unbounded-shutdown.js';
import { createRuleTester, fixturesDir } from '../rule-tester.js';

const dir = path.join(fixturesDir, 'cases', 'servers');
const unbounded = path.join(dir, 'exposed-unbounded.ts');
const bounded = path.join(dir, 'exposed-bounded.ts');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

/** The 1-based line and column of the first occurrence of `text` in `code`. */
function at(code: string, text: string): { line: number; column: number } {
  const index = code.indexOf(text);
  if (index < 0) throw new Error(`not in the fixture: ${text}`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const unboundedCode = read(unbounded);

createRuleTester().run('no-unbounded-shutdown (servers exposed by a getter)', rule, {
  valid: [
    {
      name: 'across files: the getters\u2019 callers destroy the sessions, hand the server to a terminator, force the grpc-js shutdown',
      filename: bounded,
      code: read(bounded),
    },
    {
      name: 'in one file: a caller tracks the sessions and destroys them when a grace period runs out',
      code: `import * as http2 from 'node:http2';
import { rpcHandler } from './cases/http-server/handler.js';
class Api {
  private readonly server = http2.createServer(rpcHandler);
  get raw() {
    return this.server;
  }
  stop() {
    this.server.close();
  }
}
const api = new Api();
const sessions = new Set<http2.ServerHttp2Session>();
api.raw.on('session', (s) => sessions.add(s));
process.on('SIGTERM', () => {
  api.stop();
  setTimeout(() => sessions.forEach((s) => s.destroy()), 10_000).unref();
});`,
    },
    {
      name: 'a caller keeps the server in a local and hands it to a wrapper',
      code: `import * as http2 from 'node:http2';
import { rpcHandler } from './cases/http-server/handler.js';
declare function stoppable(server: http2.Http2Server, graceMs: number): { stop(): void };
export class Api {
  private readonly server = http2.createServer(rpcHandler);
  getServer() {
    return this.server;
  }
  stop() {
    this.server.close();
  }
}
export function start(api: Api) {
  const server = api.getServer();
  server.listen(0);
  return stoppable(server, 10_000);
}`,
    },
    {
      name: 'limit: the getter referenced without a call (its result may go anywhere)',
      code: `import * as http2 from 'node:http2';
import { rpcHandler } from './cases/http-server/handler.js';
declare function later(get: () => http2.Http2Server): void;
export class Api {
  private readonly server = http2.createServer(rpcHandler);
  getServer() {
    return this.server;
  }
  stop() {
    this.server.close();
  }
}
later(new Api().getServer);`,
    },
    {
      name: 'limit: a call through the interface the class implements counts as a caller of its getter',
      code: `import * as http2 from 'node:http2';
import { rpcHandler } from './cases/http-server/handler.js';
declare function stoppable(server: http2.Http2Server, graceMs: number): unknown;
interface HasServer {
  getServer(): http2.Http2Server;
}
export class Api implements HasServer {
  private readonly server = http2.createServer(rpcHandler);
  getServer() {
    return this.server;
  }
  stop() {
    this.server.close();
  }
}
export function wrap(holder: HasServer) {
  return stoppable(holder.getServer(), 10_000);
}`,
    },
  ],
  invalid: [
    {
      name: 'across files: getServer() / get server() whose callers only listen and log (the http2 + Connect class of a public SDK)',
      filename: unbounded,
      code: unboundedCode,
      errors: [
        { messageId: 'unboundedHttp2', data: { name: 'this.server' }, ...at(unboundedCode, 'this.server.close((err)'), suggestions: [] },
        {
          messageId: 'unbounded',
          data: { name: 'this.#server', graceful: 'tryShutdown', force: 'forceShutdown', server: 'grpc-js server' },
          ...at(unboundedCode, 'this.#server.tryShutdown'),
          suggestions: [
            {
              messageId: 'forceAfterGracePeriod',
              output: unboundedCode.replace('      this.#server.tryShutdown', '      setTimeout(() => this.#server.forceShutdown(), 10_000).unref();\n      this.#server.tryShutdown'),
            },
          ],
        },
      ],
    },
    {
      name: 'in one file: a getter nobody calls, and a caller that returns nothing of it',
      code: `import * as http2 from 'node:http2';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { routes } from './cases/http-server/handler.js';
export class Api {
  private readonly server: http2.Http2Server;
  constructor() {
    const handler = connectNodeAdapter({ routes });
    this.server = http2.createServer(handler as any);
  }
  getServer(): http2.Http2Server {
    return this.server as http2.Http2Server;
  }
  get address() {
    return this.getServer().address();
  }
  async stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
    });
  }
}`,
      errors: [{ messageId: 'unboundedHttp2', data: { name: 'this.server' }, line: 18, column: 7, suggestions: [] }],
    },
  ],
});
