import path from 'node:path';

import { describe, expect, it } from 'vitest';

import rpc from '../src/index.js';
import { createFixturesESLint } from './lint.js';
import { fixturesDir } from './rule-tester.js';

/*
 * The rules that ask ESLint's code paths where nodes run share one recording per file
 * (`CodePathRecorder.sharedBy`): the first rule created registers its listeners. Together, each rule
 * must report exactly what it reports alone, whichever of them registers.
 */
const SHARING = ['rpc/handle-callback-error', 'rpc/require-handler-completion', 'rpc/no-unbounded-shutdown', 'rpc/no-uncancelled-stream', 'rpc/no-unclosed-client'];

const code = `
import * as grpc from '@grpc/grpc-js';
import { EventServiceClient, EventServiceService, type PingRequest, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
declare function show(text: string): void;
declare const flag: boolean;
const client = new EventServiceClient('localhost:50051', grpc.credentials.createInsecure());
const server = new grpc.Server();
const req: PingRequest = { message: 'hi' };
client.ping(req, (err, res) => {
  if (err) show('failed');
  show(res.message);
});
client.ping(req, (err, res) => {
  if (err) return;
  show(res.message);
});
server.addService(EventServiceService, {
  ping(call, cb) {
    if (flag) cb(null, { message: call.request.message, serverTime: 0 });
  },
  upload(call, cb) {
    try {
      if (flag) return;
      cb(null, { count: 0 });
    } catch (err) {
      cb(err as Error);
    }
  },
});
export function stopMaybe() {
  server.tryShutdown(() => {});
  if (flag) process.exit(0);
}
export function stopAndExit() {
  server.tryShutdown(() => {});
  process.exit(0);
}
export async function first(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) {
    if ((ev as WatchEvent).revision > 3) break;
  }
  const other = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of other) if ((ev as WatchEvent).revision > 3) break;
  } finally {
    other.cancel();
  }
}
export function probe(skip: boolean) {
  const once = new EventServiceClient('localhost:50052', grpc.credentials.createInsecure());
  if (skip) return;
  once.close();
}
`;

const off = Object.fromEntries(Object.keys(rpc.rules).map((name) => [`rpc/${name}`, 'off' as const]));

async function reportsWith(rules: readonly string[]): Promise<string[]> {
  const eslint = createFixturesESLint([{ rules: { ...off, ...Object.fromEntries(rules.map((rule) => [rule, 'error' as const])) } }]);
  const [result] = await eslint.lintText(code, { filePath: path.join(fixturesDir, 'file.ts') });
  return result!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId}`).sort();
}

describe('one code-path recording shared by the rules of a file', () => {
  it('gives each rule, in any company and order, exactly the reports it gives alone', async () => {
    const alone = (await Promise.all(SHARING.map((rule) => reportsWith([rule])))).flat().sort();
    expect(alone).toEqual([
      '10:7 rpc/handle-callback-error responseAfterError',
      '18:3 rpc/require-handler-completion notAnswered',
      '21:3 rpc/require-handler-completion notAnswered',
      '31:3 rpc/no-unbounded-shutdown unbounded',
      '41:42 rpc/no-uncancelled-stream exitGrpc',
      '51:16 rpc/no-unclosed-client unclosed',
    ]);
    expect(await reportsWith(SHARING)).toEqual(alone);
    expect(await reportsWith([...SHARING].reverse())).toEqual(alone);
    expect(await reportsWith(SHARING.slice(1))).toEqual(alone.filter((r) => !r.includes('handle-callback-error')));
  });
});
