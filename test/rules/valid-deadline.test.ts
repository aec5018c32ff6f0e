// rpc/valid-deadline (RPC-FACTS.md §9.4): grpc-js reads a numeric deadline as a time since 1970, the
// nice-grpc deadline middleware, connect and protobuf-ts read theirs as durations in ms; grpc-js
// misreads fractional service-config timeouts.
import rule from '../../rules/valid-deadline.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports and clients take lines 2–19, so each body starts at line 20.
const imports = `
import * as grpc from '@grpc/grpc-js';
import { createChannel, createClient, createClientFactory } from 'nice-grpc';
import { deadlineMiddleware } from 'nice-grpc-client-middleware-deadline';
import { createClient as createConnectClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import { ConfigServiceClient, type GetConfigRequest } from './generated/grpc-js/demo/v1/demo.js';
import { ConfigServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
import { ConfigService } from './generated/connect/demo/v1/demo_pb.js';
import { ConfigServiceClient as ProtobufTsConfigClient } from './generated/protobuf-ts/demo/v1/demo.client.js';
const creds = grpc.credentials.createInsecure();
const client = new ConfigServiceClient('config:50051', creds);
const request: GetConfigRequest = { key: 'feature', includeDefaults: false };
const channel = createChannel('config:50051');
const nice = createClientFactory().use(deadlineMiddleware).create(ConfigServiceDefinition, channel);
const connect = createConnectClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080' }));
const protobufTs = new ProtobufTsConfigClient(new GrpcTransport({ host: 'config:50051', channelCredentials: creds }));
const done = () => {};`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 19 + n;

const NICE = 'the nice-grpc deadline middleware';
const NICE_EFFECT = '; its timer overflows and the call fails at once with DEADLINE_EXCEEDED';

runRuleTests('valid-deadline', rule, {
  valid: [
    {
      name: 'grpc-js: absolute deadlines (Date.now() + ms, a Date, Infinity)',
      code: code(`export function load(timeoutMs: number) {
  client.getConfig(request, new grpc.Metadata(), { deadline: Date.now() + 5000 }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: Infinity }, done);
  client.waitForReady(Date.now() + 10_000, done);
}`),
    },
    {
      name: 'grpc-js: a value of unknown origin whose name says no duration (a parameter, a point in time) stays quiet',
      code: code(`export function load(deadline: number, deadlineMs: number, expiresAt: number, options: { deadline: number }) {
  client.getConfig(request, new grpc.Metadata(), { deadline }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: deadlineMs }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: expiresAt }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: options.deadline }, done);
}`),
    },
    {
      name: 'grpc-js: a value named like a duration but built from Date.now() here, or a Date',
      code: code(`export function load(requestTimeout: Date) {
  const timeout = Date.now() + 3000;
  client.getConfig(request, new grpc.Metadata(), { deadline: timeout }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: requestTimeout }, done);
}`),
    },
    {
      name: 'nice-grpc deadline middleware: a duration, or a Date',
      code: code(`export async function load(timeoutMs: number) {
  await nice.getConfig({}, { deadline: 5000 });
  await nice.getConfig({}, { deadline: timeoutMs });
  await nice.getConfig({}, { deadline: new Date(Date.now() + 5000) });
}`),
    },
    {
      name: 'the time since a moment whose name does not say it lies ahead (`startedAt`), or not since now, is no reversed deadline',
      code: code(`export async function load(startedAt: Date, deadline: Date, budgetMs: number) {
  await connect.getConfig({}, { timeoutMs: Date.now() - startedAt.getTime() });
  await connect.getConfig({}, { timeoutMs: budgetMs - (Date.now() - startedAt.getTime()) });
  await connect.getConfig({}, { timeoutMs: deadline.getTime() - startedAt.getTime() });
}`),
    },
    {
      name: 'connect and protobuf-ts: durations, including the time left until a deadline',
      code: code(`export async function load(deadline: Date) {
  await connect.getConfig({}, { timeoutMs: 5000 });
  await connect.getConfig({}, { timeoutMs: deadline.getTime() - Date.now() });
  await protobufTs.getConfig(request, { timeout: 2000 });
  return createGrpcTransport({ baseUrl: 'http://config:8080', defaultTimeoutMs: 30_000 });
}`),
    },
    {
      name: 'a `deadline` or `timeout` that no RPC library reads (an own settings object)',
      code: code(`interface JobSettings { deadline: number; timeout: number; timeoutMs: number }
export const job: JobSettings = { deadline: 5000, timeout: Date.now() + 1000, timeoutMs: Date.now() };
export const loose = { deadline: 5000 };`),
    },
    {
      name: 'service config: nine fraction digits, whole seconds, an object timeout, or a wrapper’s own config',
      code: code(`export const a = new ConfigServiceClient('a:1', creds, {
  'grpc.service_config': JSON.stringify({ methodConfig: [{ name: [{}], timeout: '0.500000000s' }, { name: [{ service: 'x' }], timeout: '2s' }] }),
});
export const b: grpc.ChannelOptions = { 'grpc.service_config': '{"methodConfig":[{"name":[{}],"timeout":{"seconds":0,"nanos":500000000}}]}' };
export const own = { 'grpc.service_config': '{"methodConfig":[{"name":[{}],"timeout":"0.5s"}]}' };`),
    },
    {
      name: 'grpc-js interceptor: an absolute deadline assigned to the call options',
      code: code(`export const withDeadline: grpc.Interceptor = (options, nextCall) => {
  options.deadline ??= Date.now() + 5000;
  return new grpc.InterceptingCall(nextCall(options));
};
export function assign(settings: { deadline: number }) {
  settings.deadline = 5000;
}`),
    },
  ],
  invalid: [
    {
      name: 'grpc-js: a literal duration as the deadline',
      code: code(`client.getConfig(request, new grpc.Metadata(), { deadline: 5000 }, done);`),
      errors: [
        {
          messageId: 'durationAsDeadline',
          data: { text: '5000' },
          line: at(1),
          column: 60,
          suggestions: [{ messageId: 'addNow', data: { text: '5000' }, output: code(`client.getConfig(request, new grpc.Metadata(), { deadline: Date.now() + 5000 }, done);`) }],
        },
      ],
    },
    {
      name: 'grpc-js: a const duration and arithmetic of literals, in an options object bound to a const',
      code: code(`const TIMEOUT = 3000;
const options = { deadline: TIMEOUT * 2 };
client.getConfig(request, new grpc.Metadata(), options, done);`),
      errors: [
        {
          messageId: 'durationAsDeadline',
          data: { text: 'TIMEOUT * 2' },
          line: at(2),
          column: 29,
          suggestions: [
            {
              messageId: 'addNow',
              output: code(`const TIMEOUT = 3000;
const options = { deadline: Date.now() + TIMEOUT * 2 };
client.getConfig(request, new grpc.Metadata(), options, done);`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: a value named like a duration (a parameter, a field of configuration)',
      code: code(`export function load(config: { requestTimeoutMs: number }, timeoutSeconds: number) {
  client.getConfig(request, new grpc.Metadata(), { deadline: config.requestTimeoutMs }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: timeoutSeconds * 1000 }, done);
}`),
      errors: [
        {
          messageId: 'namedDurationAsDeadline',
          data: { text: 'config.requestTimeoutMs' },
          line: at(2),
          column: 62,
          suggestions: [
            {
              messageId: 'addNow',
              output: code(`export function load(config: { requestTimeoutMs: number }, timeoutSeconds: number) {
  client.getConfig(request, new grpc.Metadata(), { deadline: Date.now() + config.requestTimeoutMs }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: timeoutSeconds * 1000 }, done);
}`),
            },
          ],
        },
        {
          messageId: 'namedDurationAsDeadline',
          data: { text: 'timeoutSeconds * 1000' },
          line: at(3),
          column: 62,
          suggestions: [
            {
              messageId: 'addNow',
              output: code(`export function load(config: { requestTimeoutMs: number }, timeoutSeconds: number) {
  client.getConfig(request, new grpc.Metadata(), { deadline: config.requestTimeoutMs }, done);
  client.getConfig(request, new grpc.Metadata(), { deadline: Date.now() + timeoutSeconds * 1000 }, done);
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: a Date built from a duration is a moment in 1970',
      code: code(`client.getConfig(request, new grpc.Metadata(), { deadline: new Date(5000) }, done);`),
      errors: [
        {
          messageId: 'dateFromDuration',
          data: { text: 'new Date(5000)', argument: '5000' },
          line: at(1),
          column: 60,
          suggestions: [
            {
              messageId: 'useValue',
              data: { fixed: 'new Date(Date.now() + 5000)' },
              output: code(`client.getConfig(request, new grpc.Metadata(), { deadline: new Date(Date.now() + 5000) }, done);`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: `waitForReady(deadline, callback)` takes a Deadline too',
      code: code(`client.waitForReady(10_000, done);`),
      errors: [
        {
          messageId: 'durationAsDeadline',
          line: at(1),
          column: 21,
          suggestions: [{ messageId: 'addNow', output: code(`client.waitForReady(Date.now() + 10_000, done);`) }],
        },
      ],
    },
    {
      name: 'nice-grpc deadline middleware: a time since 1970, per call and in client defaults',
      code: code(`export async function load() {
  await nice.getConfig({}, { deadline: Date.now() + 5000 });
  const defaulted = createClientFactory().use(deadlineMiddleware).create(ConfigServiceDefinition, channel, { '*': { deadline: Date.now() + 1000 } });
  return defaulted;
}`),
      errors: [
        {
          messageId: 'timeAsDuration',
          data: { key: 'deadline', library: NICE, text: 'Date.now() + 5000', effect: NICE_EFFECT, fix: ': `5000`' },
          line: at(2),
          column: 40,
          suggestions: [
            {
              messageId: 'useValue',
              data: { fixed: '5000' },
              output: code(`export async function load() {
  await nice.getConfig({}, { deadline: 5000 });
  const defaulted = createClientFactory().use(deadlineMiddleware).create(ConfigServiceDefinition, channel, { '*': { deadline: Date.now() + 1000 } });
  return defaulted;
}`),
            },
          ],
        },
        {
          messageId: 'timeAsDuration',
          line: at(3),
          column: 127,
          suggestions: [
            {
              messageId: 'useValue',
              output: code(`export async function load() {
  await nice.getConfig({}, { deadline: Date.now() + 5000 });
  const defaulted = createClientFactory().use(deadlineMiddleware).create(ConfigServiceDefinition, channel, { '*': { deadline: 1000 } });
  return defaulted;
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'connect and protobuf-ts: the time since a deadline (`Date.now() - deadline`), negative until it comes, in a literal and in an assignment',
      code: code(`export async function load(options: { deadline: Date; expiresAtMs: number }) {
  await connect.getConfig({}, { timeoutMs: Date.now() - options.deadline.getTime() });
  const call: { timeoutMs?: number } = {};
  call.timeoutMs = Date.now() - options.expiresAtMs;
  await protobufTs.getConfig(request, { timeout: Date.now() - options.expiresAtMs });
}`),
      errors: [
        {
          messageId: 'timeSinceDeadline',
          data: { text: 'Date.now() - options.deadline.getTime()', moment: 'options.deadline.getTime()', library: 'connect', key: 'timeoutMs', effect: ', and a value of 0 or less sets no timeout at all' },
          line: at(2),
          column: 44,
          suggestions: [
            {
              messageId: 'useValue',
              data: { fixed: 'options.deadline.getTime() - Date.now()' },
              output: code(`export async function load(options: { deadline: Date; expiresAtMs: number }) {
  await connect.getConfig({}, { timeoutMs: options.deadline.getTime() - Date.now() });
  const call: { timeoutMs?: number } = {};
  call.timeoutMs = Date.now() - options.expiresAtMs;
  await protobufTs.getConfig(request, { timeout: Date.now() - options.expiresAtMs });
}`),
            },
          ],
        },
        {
          messageId: 'timeSinceDeadline',
          data: { text: 'Date.now() - options.expiresAtMs', moment: 'options.expiresAtMs', library: 'protobuf-ts', key: 'timeout', effect: '' },
          line: at(5),
          column: 50,
          suggestions: [
            {
              messageId: 'useValue',
              output: code(`export async function load(options: { deadline: Date; expiresAtMs: number }) {
  await connect.getConfig({}, { timeoutMs: Date.now() - options.deadline.getTime() });
  const call: { timeoutMs?: number } = {};
  call.timeoutMs = Date.now() - options.expiresAtMs;
  await protobufTs.getConfig(request, { timeout: options.expiresAtMs - Date.now() });
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a file that names only `timeoutMs`: the per-file gate on the text lets it through',
      code: `import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ConfigService } from './generated/connect/demo/v1/demo_pb.js';
const connect = createClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080' }));
export const load = () => connect.getConfig({}, { timeoutMs: 1000 + Date.now() });`,
      errors: [
        {
          messageId: 'timeAsDuration',
          data: { key: 'timeoutMs', library: 'connect', text: '1000 + Date.now()', effect: '', fix: ': `1000`' },
          line: 5,
          column: 62,
          suggestions: [
            {
              messageId: 'useValue',
              output: `import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ConfigService } from './generated/connect/demo/v1/demo_pb.js';
const connect = createClient(ConfigService, createGrpcTransport({ baseUrl: 'http://config:8080' }));
export const load = () => connect.getConfig({}, { timeoutMs: 1000 });`,
            },
          ],
        },
      ],
    },
    {
      name: 'connect: timeoutMs from a Date and from Date.now(); a transport default past 1973',
      code: code(`export async function load(deadline: Date) {
  await connect.getConfig({}, { timeoutMs: deadline.getTime() });
  await connect.getConfig({}, { timeoutMs: 1000 + Date.now() });
  return createGrpcTransport({ baseUrl: 'http://config:8080', defaultTimeoutMs: 1_700_000_000_000 });
}`),
      errors: [
        {
          messageId: 'timeAsDuration',
          data: { key: 'timeoutMs', library: 'connect', text: 'deadline.getTime()', effect: '', fix: ': `deadline.getTime() - Date.now()`' },
          line: at(2),
          column: 44,
          suggestions: [
            {
              messageId: 'useValue',
              output: code(`export async function load(deadline: Date) {
  await connect.getConfig({}, { timeoutMs: deadline.getTime() - Date.now() });
  await connect.getConfig({}, { timeoutMs: 1000 + Date.now() });
  return createGrpcTransport({ baseUrl: 'http://config:8080', defaultTimeoutMs: 1_700_000_000_000 });
}`),
            },
          ],
        },
        {
          messageId: 'timeAsDuration',
          data: { key: 'timeoutMs', library: 'connect', text: '1000 + Date.now()', effect: '', fix: ': `1000`' },
          line: at(3),
          column: 44,
          suggestions: [
            {
              messageId: 'useValue',
              output: code(`export async function load(deadline: Date) {
  await connect.getConfig({}, { timeoutMs: deadline.getTime() });
  await connect.getConfig({}, { timeoutMs: 1000 });
  return createGrpcTransport({ baseUrl: 'http://config:8080', defaultTimeoutMs: 1_700_000_000_000 });
}`),
            },
          ],
        },
        {
          messageId: 'timeAsDuration',
          data: { key: 'defaultTimeoutMs', library: 'connect', text: '1_700_000_000_000', effect: '', fix: '' },
          line: at(4),
          column: 81,
          suggestions: [],
        },
      ],
    },
    {
      name: 'protobuf-ts: a time since 1970 as the call timeout and the transport default (timostamm/protobuf-ts#491)',
      code: code(`export const config = protobufTs.getConfig(request, { timeout: Date.now() + 2000 });
export const transport = new GrpcTransport({ host: 'config:50051', channelCredentials: creds, timeout: Date.now() + 2000 });`),
      errors: [
        {
          messageId: 'timeAsDuration',
          data: { key: 'timeout', library: 'protobuf-ts', text: 'Date.now() + 2000', effect: '', fix: ': `2000`' },
          line: at(1),
          column: 64,
          suggestions: [
            {
              messageId: 'useValue',
              output: code(`export const config = protobufTs.getConfig(request, { timeout: 2000 });
export const transport = new GrpcTransport({ host: 'config:50051', channelCredentials: creds, timeout: Date.now() + 2000 });`),
            },
          ],
        },
        {
          messageId: 'timeAsDuration',
          line: at(2),
          column: 104,
          suggestions: [
            {
              messageId: 'useValue',
              output: code(`export const config = protobufTs.getConfig(request, { timeout: Date.now() + 2000 });
export const transport = new GrpcTransport({ host: 'config:50051', channelCredentials: creds, timeout: 2000 });`),
            },
          ],
        },
      ],
    },
    {
      name: 'service config in JSON text: the fraction digits become nanoseconds',
      code: code(`export const options: grpc.ChannelOptions = { 'grpc.service_config': '{"methodConfig":[{"name":[{}],"timeout":"0.5s"}]}' };`),
      errors: [
        {
          messageId: 'serviceConfigTimeout',
          data: { value: '0.5s', seconds: '0', nanos: '5', fixed: '0.500000000s' },
          line: at(1),
          column: 70,
          suggestions: [
            {
              messageId: 'padTimeout',
              data: { fixed: '0.500000000s' },
              output: code(`export const options: grpc.ChannelOptions = { 'grpc.service_config': '{"methodConfig":[{"name":[{}],"timeout":"0.500000000s"}]}' };`),
            },
          ],
        },
      ],
    },
    {
      name: 'service config from JSON.stringify of a const literal, on a client: the timeout string is reported',
      code: code(`const serviceConfig = { methodConfig: [{ name: [{ service: 'demo.v1.ConfigService' }], timeout: '1.2s' }] };
export const c = new ConfigServiceClient('config:1', creds, { 'grpc.service_config': JSON.stringify(serviceConfig) });`),
      errors: [
        {
          messageId: 'serviceConfigTimeout',
          data: { value: '1.2s', seconds: '1', nanos: '2', fixed: '1.200000000s' },
          line: at(1),
          column: 97,
          suggestions: [
            {
              messageId: 'padTimeout',
              output: code(`const serviceConfig = { methodConfig: [{ name: [{ service: 'demo.v1.ConfigService' }], timeout: '1.200000000s' }] };
export const c = new ConfigServiceClient('config:1', creds, { 'grpc.service_config': JSON.stringify(serviceConfig) });`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js interceptor: a duration assigned to the call options',
      code: code(`export const withDeadline: grpc.Interceptor = (options, nextCall) => {
  options.deadline = 5000;
  return new grpc.InterceptingCall(nextCall(options));
};`),
      errors: [
        {
          messageId: 'durationAsDeadline',
          line: at(2),
          column: 22,
          suggestions: [
            {
              messageId: 'addNow',
              output: code(`export const withDeadline: grpc.Interceptor = (options, nextCall) => {
  options.deadline = Date.now() + 5000;
  return new grpc.InterceptingCall(nextCall(options));
};`),
            },
          ],
        },
      ],
    },
  ],
});
