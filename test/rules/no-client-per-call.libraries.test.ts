// no-client-per-call on google-gax clients, Pub/Sub, Firestore, NestJS gRPC proxies and protobuf-ts
// transports (RPC-FACTS.md §8): made per request, message, loop or retry they cost a connection
// (gax: a TLS connection and a token) each time, even when closed. NestJS routes incoming calls to
// decorated methods, which run per call; the cheap handles over one client may be made per call.
import rule from '../../rules/no-client-per-call.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports take lines 2–11, so each body starts at line 12.
const imports = `
import { Server, ChannelCredentials } from '@grpc/grpc-js';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { PubSub, type Subscription } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';
import { ClientGrpcProxy, ClientProxyFactory } from '@nestjs/microservices';
import { GrpcMethod, Transport } from '@nestjs/microservices';
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import { ConfigServiceClient } from './generated/protobuf-ts/demo/v1/demo.client.js';
import { ConfigServiceService } from './generated/grpc-js/demo/v1/demo.js';`;

const code = (body: string): string => `${imports}\n${body}`;

const HOIST = 'Create it once and reuse it';
const cacheBy = (key: string): string => `Keep one per address in a \`Map\` keyed by \`${key}\``;
const GAX = 'google-gax client';

createRuleTester().run('no-client-per-call', rule, {
  valid: [
    {
      name: 'gax: one client made in the constructor of a singleton provider, used per request',
      code: code(`@Injectable()
export class Secrets {
  private readonly client = new SecretManagerServiceClient();
  @GrpcMethod('SecretService')
  async read(name: string) {
    const [version] = await this.client.accessSecretVersion({ name });
    return version.payload?.data?.toString();
  }
}`),
    },
    {
      name: 'Pub/Sub: one client at module scope; `topic()` per message is a cheap handle on it',
      code: code(`const pubsub = new PubSub();
export function forward(subscription: Subscription): void {
  subscription.on('message', async (message) => {
    await pubsub.topic('audit').publishMessage({ data: message.data });
    message.ack();
  });
}`),
    },
    {
      name: 'gax: one client per endpoint, memoised in a map',
      code: code(`const byEndpoint = new Map<string, SecretManagerServiceClient>();
export async function readAll(names: readonly { endpoint: string; name: string }[]) {
  for (const { endpoint, name } of names) {
    const client = byEndpoint.get(endpoint) ?? new SecretManagerServiceClient({ apiEndpoint: endpoint });
    byEndpoint.set(endpoint, client);
    await client.accessSecretVersion({ name });
  }
}`),
    },
    {
      name: 'Nest: `getService()` per request on one proxy is a cached handle',
      code: code(`const proxy = new ClientGrpcProxy({ package: 'hero', protoPath: 'hero.proto', url: 'heroes:50051' });
@Controller('heroes')
export class HeroController {
  @Get(':id')
  find(@Param('id') id: string) {
    return proxy.getService<{ findOne(request: { id: string }): unknown }>('HeroService').findOne({ id });
  }
}`),
    },
    {
      name: 'Nest: a method no decorator routes, and nothing here calls, says nothing about how often it runs',
      code: code(`@Injectable()
export class Reports {
  async export(id: string) {
    const db = new Firestore();
    try {
      return await db.doc(\`reports/\${id}\`).get();
    } finally {
      await db.terminate();
    }
  }
}`),
    },
    {
      name: 'protobuf-ts: a generated client per request over one shared transport',
      code: code(`const transport = new GrpcTransport({ host: 'config:50051', channelCredentials: ChannelCredentials.createInsecure() });
const server = new Server();
server.addService(ConfigServiceService, {
  getConfig(call, callback) {
    new ConfigServiceClient(transport).getConfig({ key: call.request.key, includeDefaults: false }).then(({ response }) => callback(null, response), callback);
  },
});`),
    },
  ],
  invalid: [
    {
      name: 'gax: a GAPIC client per incoming call of a grpc-js server, closed after use (nodejs-tasks#501 shape)',
      code: code(`const server = new Server();
server.addService(ConfigServiceService, {
  getConfig(call, callback) {
    const secrets = new SecretManagerServiceClient();
    secrets
      .accessSecretVersion({ name: call.request.key })
      .then(([version]) => callback(null, { key: call.request.key, value: String(version.payload?.data ?? ''), version: 0 }), callback)
      .finally(() => secrets.close());
  },
});`),
      errors: [
        {
          messageId: 'perRequest',
          line: 15,
          column: 21,
          data: {
            call: 'new SecretManagerServiceClient(…)',
            resource: GAX,
            origin: 'a server method handler registered with grpc-js `addService` on line 13',
            fix: HOIST,
          },
        },
      ],
    },
    {
      name: 'Pub/Sub: a client per received message (nodejs-pubsub#760, #1069)',
      code: code(`export function forward(subscription: Subscription): void {
  subscription.on('message', async (message) => {
    const pubsub = new PubSub();
    try {
      await pubsub.topic('audit').publishMessage({ data: message.data });
    } finally {
      await pubsub.close();
    }
    message.ack();
  });
}`),
      errors: [
        {
          messageId: 'perEvent',
          line: 14,
          column: 20,
          data: {
            call: 'new PubSub(…)',
            resource: 'Pub/Sub client',
            origin: "a 'message' listener (line 13)",
            fix: HOIST,
          },
        },
      ],
    },
    {
      name: 'Firestore: a client per project in a loop',
      code: code(`export async function countAll(projectIds: readonly string[]) {
  let total = 0;
  for (const projectId of projectIds) {
    const db = new Firestore({ projectId });
    try {
      total += (await db.collection('users').count().get()).data().count;
    } finally {
      await db.terminate();
    }
  }
  return total;
}`),
      errors: [
        {
          messageId: 'perIteration',
          line: 15,
          column: 16,
          data: { call: 'new Firestore(…)', resource: 'Firestore client', origin: 'the `for…of` loop on line 14', fix: HOIST },
        },
      ],
    },
    {
      name: 'Nest: a proxy per call of a `@GrpcMethod` handler',
      code: code(`@Controller()
export class HeroController {
  @GrpcMethod('HeroService')
  findOne(request: { id: number }) {
    const client = ClientProxyFactory.create({ transport: Transport.GRPC, options: { package: 'hero', protoPath: 'hero.proto' } });
    try {
      return client.getService<{ findOne(request: { id: number }): unknown }>('HeroService').findOne(request);
    } finally {
      client.close();
    }
  }
}`),
      errors: [
        {
          messageId: 'perRequest',
          line: 16,
          column: 20,
          data: {
            call: 'ClientProxyFactory.create(…)',
            resource: 'NestJS gRPC client proxy',
            origin: 'a NestJS gRPC or message handler (`@GrpcMethod` on line 14)',
            fix: HOIST,
          },
        },
      ],
    },
    {
      name: 'Nest: a proxy per HTTP request to an address from the request',
      code: code(`@Controller('heroes')
export class HeroController {
  @Get(':region')
  find(@Param('region') region: string) {
    const proxy = new ClientGrpcProxy({ package: 'hero', protoPath: 'hero.proto', url: \`heroes.\${region}:50051\` });
    return proxy.getService<{ list(request: object): unknown }>('HeroService').list({});
  }
}`),
      errors: [
        {
          messageId: 'perRequest',
          line: 16,
          column: 19,
          data: {
            call: 'new ClientGrpcProxy(…)',
            resource: 'NestJS gRPC client proxy',
            origin: 'a NestJS HTTP route (`@Get` on line 14)',
            // A template literal shows its own backticks, not doubled ones.
            fix: 'Keep one per address in a `Map` keyed by `heroes.${region}:50051`',
          },
        },
      ],
    },
    {
      name: 'protobuf-ts: a new transport on every reconnect attempt',
      code: code(`export async function fetchConfig(host: string, attempt = 0): Promise<unknown> {
  const transport = new GrpcTransport({ host, channelCredentials: ChannelCredentials.createInsecure() });
  try {
    return (await new ConfigServiceClient(transport).getConfig({ key: 'k', includeDefaults: false })).response;
  } catch (error) {
    if (attempt < 3) return fetchConfig(host, attempt + 1);
    throw error;
  } finally {
    transport.close();
  }
}`),
      errors: [
        {
          messageId: 'perRetry',
          line: 13,
          column: 21,
          data: {
            call: 'new GrpcTransport(…)',
            resource: 'protobuf-ts gRPC transport',
            origin: '`fetchConfig()` calling itself on line 17',
            fix: cacheBy('host'),
          },
        },
      ],
    },
  ],
});
