// What the rules see only across files (issue 18): fixtures/cases/across-files is a small app whose
// files are linted whole, with every rule; each must report exactly its `// expect:` annotations.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { byLineThenRule, createFixturesESLint, expectedFindings } from './lint.js';
import { fixturesDir } from './rule-tester.js';

const appDir = path.join(fixturesDir, 'cases', 'across-files');
const files = fs.readdirSync(appDir).filter((file) => file.endsWith('.ts')).sort();

describe('an app across files reports exactly its `// expect:` annotations', () => {
  const eslint = createFixturesESLint();

  for (const file of files) {
    it(file, async () => {
      const fullPath = path.join(appDir, file);
      const [result] = await eslint.lintFiles([fullPath]);
      expect(result!.messages.filter((m) => m.fatal || m.ruleId === null)).toEqual([]);
      const actual = result!.messages.map((m) => `${m.line} ${m.ruleId}`).sort(byLineThenRule);
      expect(actual).toEqual(expectedFindings(fs.readFileSync(fullPath, 'utf8')));
    });
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
});
