// What the rules see only across files (issue 18): fixtures/cases/across-files is a small app whose
// files are linted whole, with every rule; each must report exactly its `// expect:` annotations.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { byLineThenRule, createFixturesESLint, expectedFindings } from './lint.js';
import { fixturesDir } from './rule-tester.js';

const appDir = path.join(fixturesDir, 'cases', 'across-files');
/** The apps: issue 18's (requests, ticks, retries), and issue 25's code that frameworks and libraries run per request or per RPC. */
const apps = ['across-files', 'next-app', 'per-rpc', 'fan-in'];

describe('an app across files reports exactly its `// expect:` annotations', () => {
  const eslint = createFixturesESLint();

  for (const app of apps) {
    const dir = path.join(fixturesDir, 'cases', app);
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts')).sort();
    for (const file of files) {
      it(`${app}/${file}`, async () => {
        const fullPath = path.join(dir, file);
        const [result] = await eslint.lintFiles([fullPath]);
        expect(result!.messages.filter((m) => m.fatal || m.ruleId === null)).toEqual([]);
        const actual = result!.messages.map((m) => `${m.line} ${m.ruleId}`).sort(byLineThenRule);
        expect(actual).toEqual(expectedFindings(fs.readFileSync(fullPath, 'utf8')));
      });
    }
  }

  it('names the route, the chain of calls and the dynamic construction that run a constructor per request', async () => {
    const [result] = await eslint.lintFiles([path.join(appDir, 'actors.ts')]);
    const [message] = result!.messages;
    expect(message?.message).toBe(
      '`new ActorApi(…)` opens a new connect transport (its own HTTP/2 session) (through `SidecarClient` in `ActorApi`) inside the constructor of `Actor`, ' +
        'which an express `put` route (line 9 of routes.ts) runs through `host.invoke(…)` (line 10 of routes.ts) → `this.activate(…)` (line 10 of host.ts) → ' +
        '`new this.cls(…)` (line 19 of host.ts): every incoming call opens a new connection (a TCP connection, a TLS handshake and channelz state), even when it is closed. ' +
        'Create it once (at module scope or in a constructor) and reuse it.',
    );
  });

  it('names a tick in another file', async () => {
    const [result] = await eslint.lintFiles([path.join(appDir, 'probes.ts')]);
    const tick = result!.messages.find((m) => m.line === 35);
    expect(tick?.message).toContain('inside `poll()`, which a `setInterval` callback (line 7 of main.ts) runs through `poller.poll(…)` (line 7 of main.ts)');
  });

  it('names the framework convention that runs a function per request (issue 25)', async () => {
    const [actions] = await eslint.lintFiles([path.join(fixturesDir, 'cases', 'next-app', 'app', 'actions.ts')]);
    expect(actions!.messages.map((m) => m.message)).toEqual([
      '`auditChannelFor(…)` returns a new gRPC channel inside a server action `exportAudit` (line 26): every incoming call opens a new connection ' +
        '(a TCP connection, a TLS handshake and channelz state), even when it is closed. Create it once (at module scope or in a constructor) and reuse it.',
    ]);
    const [services] = await eslint.lintFiles([path.join(fixturesDir, 'cases', 'next-app', 'lib', 'services.ts')]);
    const ping = services!.messages.find((m) => m.line === 26);
    expect(ping?.message).toContain('inside `pingEvents()`, which a Next.js route handler `HEAD` (line 10 of route.ts) runs through `pingEvents(…)` (line 11 of route.ts): every incoming call');
    const transport = services!.messages.find((m) => m.line === 9);
    expect(transport?.message).toContain('A new connect transport (its own HTTP/2 session) (`createSessionTransport(…)`) is created inside `configServiceFor()`');
  });

  it('names the RPCs that run an accessor of the client (issue 25)', async () => {
    const [result] = await eslint.lintFiles([path.join(fixturesDir, 'cases', 'per-rpc', 'source.ts')]);
    const [message] = result!.messages;
    expect(message?.messageId).toBe('perRpc');
    expect(message?.message).toBe(
      '`this.createClient(…)` returns a new grpc-js client inside `replace()`, which the RPCs that 2 functions make on `current()` run through `this.replace(…)` (line 31): ' +
        'every RPC opens a new connection (a TCP connection, a TLS handshake and channelz state), even when it is closed. Create it once (at module scope or in a constructor) and reuse it.',
    );
  });
});
