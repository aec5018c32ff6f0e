// rpc/valid-channel-options (RPC-FACTS.md §9.3): keys grpc-js does not read, booleans where grpc-js
// compares with a number, client keepalives below 10 s — on objects that reach grpc-js: the options of a
// grpc-js client, channel or server, nice-grpc `createChannel`/`createServer`, a protobuf-ts transport's
// `clientOptions`, a google-gax client's options, and objects declared as grpc-js or NestJS channel options.
import rule from '../../rules/valid-channel-options.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports take lines 2–10, so each body starts at line 11.
const imports = `
import * as grpc from '@grpc/grpc-js';
import { createChannel, createServer } from 'nice-grpc';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { PubSub } from '@google-cloud/pubsub';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { ConfigServiceClient } from './generated/grpc-js/demo/v1/demo.js';
import { DynamicEventService } from './cases/dynamic/loaded.js';
const creds = grpc.credentials.createInsecure();`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 10 + n;

const ignored = (key: string) => ({ messageId: 'unknownKey' as const, data: { key } });

runRuleTests('valid-channel-options', rule, {
  valid: [
    {
      name: 'keys grpc-js reads, with numbers where it compares with numbers and a keepalive of 10 s',
      code: code(`export const client = new ConfigServiceClient('config:50051', creds, {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.enable_retries': 0,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  'grpc.initial_reconnect_backoff_ms': 5_000,
  interceptors: [],
});`),
    },
    {
      name: "a wrapper's own `grpc.*` keys: the object reaches no grpc-js position and is declared as no channel options",
      code: code(`interface SdkSettings { readonly [key: string]: number }
function configure(settings: SdkSettings): SdkSettings { return settings; }
export const settings = configure({ 'grpc.custom_retry_budget': 3, 'grpc.http2.max_pings_without_data': 0 });
const logged = { 'grpc.min_reconnect_backoff_ms': 5000 };
console.log(logged);`),
    },
    {
      name: 'a wrapper that reads its own key and passes only grpc-js keys on: the literal with the wrapper key is no channel options',
      code: code(`const sdkDefaults = { 'grpc.sdk_pool_size': 4 };
export function connect(address: string) {
  const pool = sdkDefaults['grpc.sdk_pool_size'];
  return { pool, client: new ConfigServiceClient(address, creds, { 'grpc.keepalive_time_ms': 30_000 }) };
}`),
    },
    {
      name: 'server keepalive: a grpc-js server pinging its clients is not what C-core and grpc-go servers police',
      code: code(`export const server = new grpc.Server({ 'grpc.keepalive_time_ms': 1000, 'grpc.keepalive_permit_without_calls': 1 });`),
    },
    {
      name: 'a keepalive of 0 or less turns keepalive off',
      code: code(`export const a = new ConfigServiceClient('a:1', creds, { 'grpc.keepalive_time_ms': 0 });
export const b = new ConfigServiceClient('b:1', creds, { 'grpc.keepalive_time_ms': -1 });`),
    },
    {
      name: 'a keepalive the code does not show (a parameter, configuration): where knowledge ends, quiet',
      code: code(`export function make(address: string, keepaliveMs: number, config: { keepalive: number }) {
  return [
    new ConfigServiceClient(address, creds, { 'grpc.keepalive_time_ms': keepaliveMs }),
    new ConfigServiceClient(address, creds, { 'grpc.keepalive_time_ms': config.keepalive }),
  ];
}`),
    },
    {
      name: 'booleans that mean what they say: `false` for a `=== 1` switch, `true` for a `=== 0` switch',
      code: code(`export const client = new SecretManagerServiceClient({
  'grpc.keepalive_permit_without_calls': false,
  'grpc.enable_retries': true,
  'grpc.enable_channelz': true,
});`),
    },
    {
      name: '`grpc-node.tls_enable_trace: true` on a client: grpc-js clients test it for truth (only servers compare with 1)',
      code: code(`export const client = new SecretManagerServiceClient({ 'grpc-node.tls_enable_trace': true });`),
    },
    {
      name: 'computed keys and a spread of options built elsewhere: only the keys written here are read',
      code: code(`const KEY = 'grpc.made_up';
export function make(address: string, extra: grpc.ChannelOptions) {
  return new grpc.Channel(address, creds, { ...extra, [KEY]: 1, 'grpc.default_authority': 'config' });
}`),
    },
    {
      name: 'keys without a prefix that grpc-js has no option for (its own client options, other settings)',
      code: code(`export const client = new ConfigServiceClient('config:1', creds, { interceptors: [], channelOverride: undefined });
export const transport = new GrpcTransport({ host: 'config:1', channelCredentials: creds, timeout: 5000, clientOptions: {} });`),
    },
    {
      name: 'a keepalive of 30 s without the `serverMinPingIntervalMs` option',
      code: code(`export const client = new ConfigServiceClient('config:1', creds, { 'grpc.keepalive_time_ms': 30_000 });`),
    },
    {
      name: '`serverMinPingIntervalMs`: a keepalive at the minimum is allowed',
      code: code(`export const client = new ConfigServiceClient('config:1', creds, { 'grpc.keepalive_time_ms': 300_000 });`),
      options: [{ serverMinPingIntervalMs: 300_000 }],
    },
  ],
  invalid: [
    {
      name: 'generated client: C-core keys grpc-js has no option for',
      code: code(`export const client = new ConfigServiceClient('config:50051', creds, {
  'grpc.min_reconnect_backoff_ms': 5000,
  'grpc.http2.min_time_between_pings_ms': 10_000,
});`),
      errors: [
        { ...ignored('grpc.min_reconnect_backoff_ms'), line: at(2), column: 3 },
        { ...ignored('grpc.http2.min_time_between_pings_ms'), line: at(3), column: 3 },
      ],
    },
    {
      name: 'a C-core alias: the grpc-js name of the same option is named and suggested',
      code: code(`export const client = new ConfigServiceClient('config:50051', creds, { 'grpc.max_message_length': 16 << 20 });`),
      errors: [
        {
          messageId: 'unknownKeyNearest',
          data: { key: 'grpc.max_message_length', nearest: 'grpc.max_receive_message_length' },
          line: at(1),
          column: 72,
          suggestions: [
            {
              messageId: 'renameKey',
              data: { nearest: 'grpc.max_receive_message_length' },
              output: code(`export const client = new ConfigServiceClient('config:50051', creds, { 'grpc.max_receive_message_length': 16 << 20 });`),
            },
          ],
        },
      ],
    },
    {
      name: 'a misspelt key, in double quotes',
      code: code(`export const channel = new grpc.Channel('config:1', creds, { "grpc.keepalive_timout_ms": 5000 });`),
      errors: [
        {
          messageId: 'unknownKeyNearest',
          data: { key: 'grpc.keepalive_timout_ms', nearest: 'grpc.keepalive_timeout_ms' },
          line: at(1),
          column: 62,
          suggestions: [
            {
              messageId: 'renameKey',
              data: { nearest: 'grpc.keepalive_timeout_ms' },
              output: code(`export const channel = new grpc.Channel('config:1', creds, { "grpc.keepalive_timeout_ms": 5000 });`),
            },
          ],
        },
      ],
    },
    {
      name: 'a key without its prefix in an object declared as grpc-js channel options',
      code: code(`export const options: grpc.ChannelOptions = { max_receive_message_length: 128 * 1024 * 1024 };`),
      errors: [
        {
          messageId: 'unknownKeyNearest',
          data: { key: 'max_receive_message_length', nearest: 'grpc.max_receive_message_length' },
          line: at(1),
          column: 47,
          suggestions: [
            {
              messageId: 'renameKey',
              data: { nearest: 'grpc.max_receive_message_length' },
              output: code(`export const options: grpc.ChannelOptions = { 'grpc.max_receive_message_length': 128 * 1024 * 1024 };`),
            },
          ],
        },
      ],
    },
    {
      name: 'no rename suggestion when the object already has the key the typo meant',
      code: code(`export const channel = new grpc.Channel('config:1', creds, { 'grpc.keepalive_timeout_ms': 5000, 'grpc.keepalive_timout_ms': 5000 });`),
      errors: [{ messageId: 'unknownKeyNearest', line: at(1), column: 97, suggestions: [] }],
    },
    {
      name: 'min for max is another option, not a typo: no nearest key',
      code: code(`export const channel = new grpc.Channel('config:1', creds, { 'grpc.min_reconnect_backoff_ms': 5000 });`),
      errors: [{ ...ignored('grpc.min_reconnect_backoff_ms'), line: at(1), column: 62 }],
    },
    {
      name: 'a const options object spread into the options of a channel',
      code: code(`const base = { 'grpc.max_metadata_size': 4 * 1024 * 1024 };
export const channel = new grpc.Channel('config:1', creds, { ...base, 'grpc.default_authority': 'config' });`),
      errors: [{ ...ignored('grpc.max_metadata_size'), line: at(1), column: 16 }],
    },
    {
      name: 'a const options object passed to a client later',
      code: code(`const clientOptions = { 'grpc.http2.max_pings_without_data': 0 };
export function connect(address: string) {
  return new ConfigServiceClient(address, creds, clientOptions);
}`),
      errors: [{ ...ignored('grpc.http2.max_pings_without_data'), line: at(1), column: 25 }],
    },
    {
      name: 'grpc-js server options, nice-grpc createChannel and createServer',
      code: code(`export const server = new grpc.Server({ 'grpc.http2.max_ping_strikes': 0 });
export const channel = createChannel('config:1', creds, { 'grpc.max_conection_age_ms': 60_000 });
export const niceServer = createServer({ 'grpc.http2.min_ping_interval_without_data_ms': 10_000 });`),
      errors: [
        { ...ignored('grpc.http2.max_ping_strikes'), line: at(1), column: 41 },
        {
          messageId: 'unknownKeyNearest',
          data: { key: 'grpc.max_conection_age_ms', nearest: 'grpc.max_connection_age_ms' },
          line: at(2),
          column: 59,
          suggestions: [
            {
              messageId: 'renameKey',
              data: { nearest: 'grpc.max_connection_age_ms' },
              output: code(`export const server = new grpc.Server({ 'grpc.http2.max_ping_strikes': 0 });
export const channel = createChannel('config:1', creds, { 'grpc.max_connection_age_ms': 60_000 });
export const niceServer = createServer({ 'grpc.http2.min_ping_interval_without_data_ms': 10_000 });`),
            },
          ],
        },
        { ...ignored('grpc.http2.min_ping_interval_without_data_ms'), line: at(3), column: 42 },
      ],
    },
    {
      name: "protobuf-ts: the transport's clientOptions reach its grpc-js client",
      code: code(`export const transport = new GrpcTransport({ host: 'config:1', channelCredentials: creds, clientOptions: { 'grpc.max_metadata_size': 1 << 20 } });`),
      errors: [{ ...ignored('grpc.max_metadata_size'), line: at(1), column: 108 }],
    },
    {
      name: 'google-gax and Pub/Sub: grpc.* keys of the client options reach grpc-js (a gax type does not reject `true`)',
      code: code(`export const secrets = new SecretManagerServiceClient({ 'grpc.keepalive_permit_without_calls': true, 'grpc.http2.max_pings_without_data': 0 });
export const pubsub = new PubSub({ 'grpc.max_metadata_size': 4 * 1024 * 1024 });`),
      errors: [
        {
          messageId: 'booleanSwitch',
          data: { key: 'grpc.keepalive_permit_without_calls', number: '1', value: 'true', state: 'off' },
          line: at(1),
          column: 96,
          suggestions: [
            {
              messageId: 'useNumber',
              data: { number: '1' },
              output: code(`export const secrets = new SecretManagerServiceClient({ 'grpc.keepalive_permit_without_calls': 1, 'grpc.http2.max_pings_without_data': 0 });
export const pubsub = new PubSub({ 'grpc.max_metadata_size': 4 * 1024 * 1024 });`),
            },
          ],
        },
        { ...ignored('grpc.http2.max_pings_without_data'), line: at(1), column: 102 },
        { ...ignored('grpc.max_metadata_size'), line: at(2), column: 36 },
      ],
    },
    {
      name: 'booleans for `=== 0` switches: `false` counts as set',
      code: code(`export const pubsub = new PubSub({ 'grpc.enable_retries': false, 'grpc.use_local_subchannel_pool': false });`),
      errors: [
        {
          messageId: 'booleanSwitch',
          data: { key: 'grpc.enable_retries', number: '0', value: 'false', state: 'on' },
          line: at(1),
          column: 59,
          suggestions: [
            { messageId: 'useNumber', data: { number: '0' }, output: code(`export const pubsub = new PubSub({ 'grpc.enable_retries': 0, 'grpc.use_local_subchannel_pool': false });`) },
          ],
        },
        {
          messageId: 'booleanSwitch',
          data: { key: 'grpc.use_local_subchannel_pool', number: '0', value: 'false', state: 'on' },
          line: at(1),
          column: 100,
          suggestions: [
            { messageId: 'useNumber', data: { number: '0' }, output: code(`export const pubsub = new PubSub({ 'grpc.enable_retries': false, 'grpc.use_local_subchannel_pool': 0 });`) },
          ],
        },
      ],
    },
    {
      name: '`grpc-node.tls_enable_trace: true` on a grpc-js server, which compares it with 1',
      code: code(`export const server = new grpc.Server({ 'grpc-node.tls_enable_trace': true as unknown as number });`),
      errors: [
        {
          messageId: 'booleanSwitch',
          line: at(1),
          column: 71,
          suggestions: [{ messageId: 'useNumber', output: code(`export const server = new grpc.Server({ 'grpc-node.tls_enable_trace': 1 as unknown as number });`) }],
        },
      ],
    },
    {
      name: 'client keepalive below 10 s: a literal, arithmetic of literals, a const',
      code: code(`const KEEPALIVE_MS = 5_000;
export const a = new ConfigServiceClient('a:1', creds, { 'grpc.keepalive_time_ms': 1000 });
export const b = createChannel('b:1', creds, { 'grpc.keepalive_time_ms': 5 * 1000 });
export const c = new grpc.Channel('c:1', creds, { 'grpc.keepalive_time_ms': KEEPALIVE_MS });`),
      errors: [
        { messageId: 'shortKeepalive', data: { value: '1000' }, line: at(2), column: 84 },
        { messageId: 'shortKeepalive', data: { value: '5000' }, line: at(3), column: 74 },
        { messageId: 'shortKeepalive', data: { value: '5000' }, line: at(4), column: 77 },
      ],
    },
    {
      name: '`serverMinPingIntervalMs`: a keepalive of 30 s against servers that allow one ping per 5 minutes',
      code: code(`export const client = new ConfigServiceClient('config:1', creds, { 'grpc.keepalive_time_ms': 30_000 });`),
      options: [{ serverMinPingIntervalMs: 300_000 }],
      errors: [{ messageId: 'keepaliveBelowServerMinimum', data: { value: '30000', minimum: '300000' }, line: at(1), column: 94 }],
    },
    {
      name: 'declared channel options: annotation, satisfies, return type',
      code: code(`export const a: grpc.ChannelOptions = { 'grpc.max_message_size': 1 };
export const b = { 'grpc.lb_policy_name': 'round_robin' } satisfies grpc.ClientOptions;
export function c(): Partial<grpc.ChannelOptions> {
  return { 'grpc.http2.write_buffer_size': 1 };
}`),
      errors: [
        { ...ignored('grpc.max_message_size'), line: at(1), column: 41 },
        { ...ignored('grpc.lb_policy_name'), line: at(2), column: 20 },
        { ...ignored('grpc.http2.write_buffer_size'), line: at(4), column: 12 },
      ],
    },
    {
      name: "NestJS channelOptions reach grpc-js, even a key NestJS's own type lists",
      code: code(`export const proxy = ClientProxyFactory.create({
  transport: Transport.GRPC,
  options: { package: 'demo.v1', protoPath: 'demo.proto', channelOptions: { 'grpc.max_metadata_size': 1 << 20 } },
});`),
      errors: [{ ...ignored('grpc.max_metadata_size'), line: at(3), column: 77 }],
    },
    {
      name: 'a client class loaded at run time (`any`), made with grpc-js credentials',
      code: code(`export const client = new DynamicEventService('events:1', creds, { 'grpc.http2.min_time_between_pings_ms': 10_000 });`),
      errors: [{ ...ignored('grpc.http2.min_time_between_pings_ms'), line: at(1), column: 68 }],
    },
  ],
});
