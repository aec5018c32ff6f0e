// The library facts behind rpc/valid-channel-options and rpc/valid-deadline, against the installed
// grpc-js: the keys read from the program are the keys grpc-js reads at run time.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { misreadTimeout } from '../src/analysis/options/service-config.js';
import { channelOptionKeysOf, nearestChannelOptionKey } from '../src/model/channel-options.js';
import { fixturesDir, fixturesProgram } from './rule-tester.js';

const require = createRequire(import.meta.url);
const grpcBuild = path.dirname(require.resolve('@grpc/grpc-js/build/src/channel-options.js'));

describe('channelOptionKeysOf', () => {
  const keys = channelOptionKeysOf(fixturesProgram([path.join(fixturesDir, 'cases', 'deadlines', 'clients.ts')]));

  it('has every key of the recognizedOptions object grpc-js keeps at run time', () => {
    const { recognizedOptions } = require('@grpc/grpc-js/build/src/channel-options.js') as { recognizedOptions: Record<string, boolean> };
    expect(keys).not.toBeNull();
    expect([...keys!].filter((key) => key in recognizedOptions).sort()).toEqual(Object.keys(recognizedOptions).sort());
  });

  it('has only keys that grpc-js (or its xds plugin, for the ring-hash balancer) reads in its compiled code', () => {
    const read = (dir: string): string[] =>
      fs
        .readdirSync(dir)
        // `channel-options.js` only lists keys; each must also be read where it takes effect.
        .filter((file) => file.endsWith('.js') && file !== 'channel-options.js')
        .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
    const xdsBuild = path.dirname(require.resolve('@grpc/grpc-js-xds/build/src/index.js'));
    const code = [...read(grpcBuild), ...read(xdsBuild)].join('\n');
    expect([...keys!].filter((key) => !code.includes(`'${key}'`))).toEqual([]);
  });

  it('is null for a program that loads no grpc-js', () => {
    expect(channelOptionKeysOf(fixturesProgram([path.join(fixturesDir, 'cases', 'locks', 'token-cache.ts')]))).toBeNull();
  });
});

describe('nearestChannelOptionKey', () => {
  const known = new Set(['grpc.max_receive_message_length', 'grpc.max_send_message_length', 'grpc.keepalive_time_ms', 'grpc.keepalive_timeout_ms', 'grpc.max_reconnect_backoff_ms', 'grpc.dns_min_time_between_resolutions_ms', 'grpc-node.max_session_memory']);

  it.each([
    ['grpc.max_message_length', 'grpc.max_receive_message_length'], // C-core alias
    ['max_receive_message_length', 'grpc.max_receive_message_length'], // no prefix
    ['grpc.max_session_memory', 'grpc-node.max_session_memory'], // the other prefix
    ['grpc.keepalive_timout_ms', 'grpc.keepalive_timeout_ms'], // a letter missing
    ['grpc.keepalive_tiem_ms', 'grpc.keepalive_time_ms'], // two letters swapped
  ])('%s → %s', (key, nearest) => {
    expect(nearestChannelOptionKey(key, known)).toBe(nearest);
  });

  it.each([
    'grpc.min_reconnect_backoff_ms', // `min` is a word of grpc-js's own keys: another option, not a typo
    'grpc.http2.max_pings_without_data',
    'grpc.max_metadata_size',
    'keepalive', // no prefix and no key of that name
  ])('%s → none', (key) => {
    expect(nearestChannelOptionKey(key, known)).toBeNull();
  });

  it('names no alias target the program’s grpc-js does not read', () => {
    expect(nearestChannelOptionKey('grpc.max_message_length', new Set(['grpc.keepalive_time_ms']))).toBeNull();
  });
});

describe('misreadTimeout (grpc-js service-config.js: the fraction digits are nanoseconds, unpadded)', () => {
  it.each([
    ['0.5s', { seconds: '0', nanos: '5', fixed: '0.500000000s' }],
    ['1.2s', { seconds: '1', nanos: '2', fixed: '1.200000000s' }],
    ['0.05s', { seconds: '0', nanos: '5', fixed: '0.050000000s' }],
    ['2.12345678s', { seconds: '2', nanos: '12345678', fixed: '2.123456780s' }],
  ])('%s', (value, misread) => {
    expect(misreadTimeout(value)).toEqual(misread);
  });

  it.each(['2s', '0.500000000s', '1.5', '1.2345678901s', 'abc'])('%s is read as written or rejected', (value) => {
    expect(misreadTimeout(value)).toBeNull();
  });
});
