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

  it('names the route in another file that runs a constructor per request, not the calls between', async () => {
    const [result] = await eslint.lintFiles([path.join(appDir, 'actors.ts')]);
    const [message] = result!.messages;
    expect(message?.message).toBe(
      '`new ActorApi(…)` makes a connect transport per request to an express `put` route (line 9 of routes.ts), ' +
        'each with new connection state and often a TLS handshake. Create it once and reuse it.',
    );
  });

  it('names a tick in another file', async () => {
    const [result] = await eslint.lintFiles([path.join(appDir, 'probes.ts')]);
    const tick = result!.messages.find((m) => m.line === 35);
    expect(tick?.message).toContain('on every tick of a `setInterval` callback (line 7 of main.ts),');
  });

  it('names the framework convention that runs a function per request (issue 25)', async () => {
    const [actions] = await eslint.lintFiles([path.join(fixturesDir, 'cases', 'next-app', 'app', 'actions.ts')]);
    expect(actions!.messages.map((m) => m.message)).toEqual([
      '`auditChannelFor(…)` makes a gRPC channel per request to a server action `exportAudit` (line 26), each with new connection state and often a TLS handshake. Create it once and reuse it.',
    ]);
    const [services] = await eslint.lintFiles([path.join(fixturesDir, 'cases', 'next-app', 'lib', 'services.ts')]);
    const ping = services!.messages.find((m) => m.line === 26);
    expect(ping?.message).toContain('per request to a Next.js route handler `HEAD` (line 10 of route.ts),');
    const transport = services!.messages.find((m) => m.line === 9);
    expect(transport?.message).toContain('`createSessionTransport(…)` makes a connect transport on every iteration of the loop on line 4 of sessions.ts,');
  });

  it('names the accessor of the client that RPCs run (issue 25)', async () => {
    const [result] = await eslint.lintFiles([path.join(fixturesDir, 'cases', 'per-rpc', 'source.ts')]);
    const [message] = result!.messages;
    expect(message?.messageId).toBe('perRpc');
    expect(message?.message).toBe(
      '`this.createClient(…)` makes a grpc-js client per RPC through `current()` (line 29), which 2 functions call, ' +
        'each with new connection state and often a TLS handshake. Create it once and reuse it.',
    );
  });
});
