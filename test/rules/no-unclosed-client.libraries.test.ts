// no-unclosed-client on the libraries that own a gRPC channel the model cannot see underneath:
// google-gax GAPIC clients (any `@google-cloud/*` package), Pub/Sub, Firestore, NestJS
// `ClientGrpcProxy`, protobuf-ts `GrpcTransport` (RPC-FACTS.md §8). Each library: the leak, its
// correct twin, and the shapes a framework or the library manages that must stay quiet.
import rule from '../../rules/no-unclosed-client.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports take lines 2–12, so each body starts at line 13.
const imports = `
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { PubSub, v1 } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';
import { GrpcClient } from 'google-gax';
import { ClientGrpcProxy, ClientProxyFactory, ClientsModule, Client, Transport, type ClientGrpc, type GrpcOptions } from '@nestjs/microservices';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import { GrpcWebFetchTransport } from '@protobuf-ts/grpcweb-transport';
import { TwirpFetchTransport } from '@protobuf-ts/twirp-transport';
import { ChannelCredentials } from '@grpc/grpc-js';
import { ConfigServiceClient } from './generated/protobuf-ts/demo/v1/demo.client.js';`;

const code = (body: string): string => `${imports}\n${body}`;

const GAX_LEAK = 'the channel it opened on its first call stays open';
const PROXY = { resource: 'NestJS gRPC client proxy', leaks: 'the channel of every service it served stays open' };
const TRANSPORT = { resource: 'protobuf-ts gRPC transport', leaks: 'its grpc-js channel and connection stay open' };
const PUBSUB = { resource: 'Pub/Sub client', leaks: 'the channels of its google-gax clients stay open' };
const grpcOptions = `{ package: 'hero', protoPath: 'hero.proto', url: 'heroes:50051' }`;

runRuleTests('no-unclosed-client', rule, {
  valid: [
    // ---- google-gax ----------------------------------------------------------------------------
    {
      name: 'gax: a GAPIC client closed in finally',
      code: code(`export async function readSecret(name: string) {
  const client = new SecretManagerServiceClient();
  try {
    const [version] = await client.accessSecretVersion({ name });
    return version.payload?.data?.toString();
  } finally {
    await client.close();
  }
}`),
    },
    {
      name: 'gax: one client at module scope for the life of the process (the Cloud Functions advice)',
      code: code(`const secrets = new SecretManagerServiceClient();
export async function readSecret(name: string) {
  const [version] = await secrets.accessSecretVersion({ name });
  return version.payload?.data?.toString();
}`),
    },
    {
      name: 'gax: a client returned to the caller is handed off',
      code: code(`export function secretsFor(apiEndpoint: string): SecretManagerServiceClient {
  return new SecretManagerServiceClient({ apiEndpoint });
}`),
    },
    {
      name: "gax: `GrpcClient` makes stubs and owns no channel of its own (not a resource)",
      code: code(`export function version(): string {
  const grpc = new GrpcClient();
  return grpc.grpcVersion;
}`),
    },
    {
      name: 'Pub/Sub: closed in finally; `topic()` borrows it',
      code: code(`export async function publish(topic: string, data: Buffer) {
  const pubsub = new PubSub();
  try {
    return await pubsub.topic(topic).publishMessage({ data });
  } finally {
    await pubsub.close();
  }
}`),
    },
    {
      name: 'Firestore: released by `terminate()` in finally; `collection()`/`doc()` borrow it',
      code: code(`export async function load(id: string) {
  const db = new Firestore();
  try {
    const snapshot = await db.collection('users').doc(id).get();
    return snapshot.data();
  } finally {
    await db.terminate();
  }
}`),
    },
    {
      name: 'Pub/Sub: a constructor parameter property defaulting to `new PubSub()` is kept in the field, like `this.pubsub = new PubSub()`',
      code: code(`export class SchemaPublisher {
  constructor(
    private readonly topicName: string,
    private readonly pubsub: PubSub = new PubSub(),
  ) {}
  publish(data: Buffer) {
    return this.pubsub.topic(this.topicName).publishMessage({ data });
  }
}`),
    },
    {
      name: 'Pub/Sub: a parameter property default that the class closes',
      code: code(`export class SchemaPublisher {
  constructor(private readonly pubsub: PubSub = new PubSub()) {}
  publish(topic: string, data: Buffer) {
    return this.pubsub.topic(topic).publishMessage({ data });
  }
  async close() {
    await this.pubsub.close();
  }
}`),
    },
    // ---- NestJS ----------------------------------------------------------------------------------
    {
      name: 'Nest: a proxy closed in finally; `getService()` borrows it',
      code: code(`export function heroes() {
  const proxy = new ClientGrpcProxy(${grpcOptions});
  try {
    return proxy.getService<{ findOne(id: { id: number }): unknown }>('HeroService').findOne({ id: 1 });
  } finally {
    proxy.close();
  }
}`),
    },
    {
      name: 'Nest: `ClientsModule.register` and `@Client()` properties are created and closed by the framework',
      code: code(`@Module({ imports: [ClientsModule.register([{ name: 'HERO', transport: Transport.GRPC, options: { package: 'hero', protoPath: 'hero.proto' } }])] })
export class HeroModule {}
@Injectable()
export class HeroService implements OnModuleDestroy {
  @Client({ transport: Transport.GRPC, options: { package: 'hero', protoPath: 'hero.proto' } })
  private readonly client!: ClientGrpc;
  heroes() {
    return this.client.getService('HeroService');
  }
  onModuleDestroy(): void {}
}`),
    },
    {
      name: 'Nest: a provider factory returns the proxy to the container (handed off)',
      code: code(`@Module({
  providers: [{ provide: 'HERO', useFactory: () => ClientProxyFactory.create({ transport: Transport.GRPC, options: { package: 'hero', protoPath: 'hero.proto' } }) }],
})
export class HeroModule {}`),
    },
    {
      name: 'Nest: a proxy field released in a framework shutdown hook (`onApplicationShutdown`)',
      code: code(`@Injectable()
export class Heroes {
  private readonly proxy = new ClientGrpcProxy(${grpcOptions});
  service() {
    return this.proxy.getService('HeroService');
  }
  onApplicationShutdown(): void {
    this.proxy.close();
  }
}`),
      options: [{ requireLifecycle: true }],
    },
    {
      name: 'Nest: a TCP client from `ClientProxyFactory.create` is no gRPC proxy (not modelled)',
      code: code(`export function ping() {
  const client = ClientProxyFactory.create({ transport: Transport.TCP });
  return client.send('ping', {});
}`),
    },
    // ---- protobuf-ts ------------------------------------------------------------------------------
    {
      name: 'protobuf-ts: the transport closed in finally; the generated client only borrows it',
      code: code(`export async function config(host: string) {
  const transport = new GrpcTransport({ host, channelCredentials: ChannelCredentials.createInsecure() });
  try {
    const { response } = await new ConfigServiceClient(transport).getConfig({ key: 'k', includeDefaults: false });
    return response;
  } finally {
    transport.close();
  }
}`),
    },
    {
      name: 'protobuf-ts: `GrpcWebFetchTransport` and `TwirpFetchTransport` use fetch and hold no connection',
      code: code(`export async function config(baseUrl: string) {
  const web = new ConfigServiceClient(new GrpcWebFetchTransport({ baseUrl }));
  const twirp = new ConfigServiceClient(new TwirpFetchTransport({ baseUrl }));
  const [a, b] = await Promise.all([web.getConfig({ key: 'k', includeDefaults: false }), twirp.getConfig({ key: 'k', includeDefaults: false })]);
  return [a.response, b.response];
}`),
    },
  ],
  invalid: [
    // ---- google-gax ----------------------------------------------------------------------------
    {
      name: 'gax: a GAPIC client made for one call and never closed',
      code: code(`export async function readSecret(name: string) {
  const client = new SecretManagerServiceClient();
  const [version] = await client.accessSecretVersion({ name });
  return version.payload?.data?.toString();
}`),
      errors: [
        {
          messageId: 'unclosed',
          data: { name: 'client', resource: 'google-gax client', exit: "the function's end on line 17", leaks: GAX_LEAK, close: 'client.close()' },
          line: 14,
          column: 18,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'client', close: 'client.close()' },
              output: code(`export async function readSecret(name: string) {
  const client = new SecretManagerServiceClient();
  try {
    const [version] = await client.accessSecretVersion({ name });
    return version.payload?.data?.toString();
  } finally {
    client.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'gax: a generated client of a package other than @google-cloud/* (Pub/Sub’s own `v1.PublisherClient`), matched by its shape',
      code: code(`export async function topicExists(topic: string) {
  const publisher = new v1.PublisherClient();
  await publisher.getTopic({ topic });
}`),
      errors: [
        {
          messageId: 'unclosed',
          data: { name: 'publisher', resource: 'google-gax client', exit: "the function's end on line 16", leaks: GAX_LEAK, close: 'publisher.close()' },
          line: 14,
          column: 21,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'publisher', close: 'publisher.close()' },
              output: code(`export async function topicExists(topic: string) {
  const publisher = new v1.PublisherClient();
  try {
    await publisher.getTopic({ topic });
  } finally {
    publisher.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'Pub/Sub, with the option: a parameter property default kept by a class with no close',
      code: code(`export class SchemaPublisher {
  constructor(
    private readonly topicName: string,
    private readonly pubsub: PubSub = new PubSub(),
  ) {}
  publish(data: Buffer) {
    return this.pubsub.topic(this.topicName).publishMessage({ data });
  }
}`),
      options: [{ requireLifecycle: true }],
      errors: [{ messageId: 'noLifecycle', line: 16, column: 22, endColumn: 28, data: { className: 'SchemaPublisher', field: 'pubsub', ...PUBSUB } }],
    },
    {
      name: 'Pub/Sub: close() closes one client and forgets the parameter property default',
      code: code(`export class Deployer {
  private readonly secrets = new SecretManagerServiceClient();
  constructor(private readonly pubsub: PubSub = new PubSub()) {}
  async close() {
    await this.secrets.close();
  }
}`),
      errors: [{ messageId: 'fieldNotClosed', line: 15, column: 32, endColumn: 38, data: { className: 'Deployer', field: 'pubsub', lifecycle: 'close', ...PUBSUB } }],
    },
    {
      name: 'Pub/Sub: a default parameter value made per call when the caller passes none, never closed',
      code: code(`export async function publish(topic: string, data: Buffer, pubsub = new PubSub()) {
  return pubsub.topic(topic).publishMessage({ data });
}`),
      errors: [
        {
          messageId: 'unclosed',
          line: 13,
          column: 69,
          data: { name: 'pubsub', exit: 'the \`return\` on line 14', close: 'pubsub.close()', ...PUBSUB },
        },
      ],
    },
    {
      name: 'Pub/Sub: `new PubSub().topic(name)` per publish (nodejs-pubsub#760: EMFILE) can never be closed',
      code: code(`export async function publish(topic: string, data: Buffer) {
  return new PubSub().topic(topic).publishMessage({ data });
}`),
      errors: [
        {
          messageId: 'discarded',
          data: { resource: 'Pub/Sub client', leaks: 'the channels of its google-gax clients stay open', closeMember: 'close' },
          line: 14,
          column: 10,
        },
      ],
    },
    {
      name: 'Firestore: a client per lookup, never terminated (the suggestion writes `terminate()`)',
      code: code(`export async function load(id: string) {
  const db = new Firestore();
  const snapshot = await db.collection('users').doc(id).get();
  return snapshot.data();
}`),
      errors: [
        {
          messageId: 'unclosed',
          data: { name: 'db', resource: 'Firestore client', exit: 'the `return` on line 16', leaks: 'its pool of gRPC channels stays open', close: 'db.terminate()' },
          line: 14,
          column: 14,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'db', close: 'db.terminate()' },
              output: code(`export async function load(id: string) {
  const db = new Firestore();
  try {
    const snapshot = await db.collection('users').doc(id).get();
    return snapshot.data();
  } finally {
    db.terminate();
  }
}`),
            },
          ],
        },
      ],
    },
    // ---- NestJS ----------------------------------------------------------------------------------
    {
      name: 'Nest: `new ClientGrpcProxy` used through `getService()` and never closed',
      code: code(`export function heroes() {
  const proxy = new ClientGrpcProxy(${grpcOptions});
  return proxy.getService<{ findOne(id: { id: number }): unknown }>('HeroService').findOne({ id: 1 });
}`),
      errors: [
        {
          messageId: 'unclosed',
          data: { name: 'proxy', ...PROXY, exit: 'the `return` on line 15', close: 'proxy.close()' },
          line: 14,
          column: 17,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'proxy', close: 'proxy.close()' },
              output: code(`export function heroes() {
  const proxy = new ClientGrpcProxy(${grpcOptions});
  try {
    return proxy.getService<{ findOne(id: { id: number }): unknown }>('HeroService').findOne({ id: 1 });
  } finally {
    proxy.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'Nest: `ClientProxyFactory.create` with gRPC options, bound as the `ClientGrpc` interface (which has no `close()`)',
      code: code(`export function heroes() {
  const client: ClientGrpc = ClientProxyFactory.create({ transport: Transport.GRPC, options: { package: 'hero', protoPath: 'hero.proto' } });
  return client.getService('HeroService');
}`),
      // No suggestion: `ClientGrpc` has no `close()`, so `client.close()` would not compile.
      errors: [{ messageId: 'unclosed', data: { name: 'client', ...PROXY, exit: 'the `return` on line 15', close: 'client.close()' }, line: 14, column: 30, suggestions: [] }],
    },
    {
      name: 'Nest: `ClientProxyFactory.create(options: GrpcOptions)` is typed `ClientProxy`, but its `transport` option says gRPC',
      code: code(`export function send(options: GrpcOptions) {
  const client = ClientProxyFactory.create(options);
  client.send('hero', {}).subscribe();
}`),
      errors: [{ messageId: 'unclosed', data: { name: 'client', ...PROXY, exit: "the function's end on line 16", close: 'client.close()' }, line: 14, column: 18, suggestions: [
        {
          messageId: 'closeInFinally',
          data: { name: 'client', close: 'client.close()' },
          output: code(`export function send(options: GrpcOptions) {
  const client = ClientProxyFactory.create(options);
  try {
    client.send('hero', {}).subscribe();
  } finally {
    client.close();
  }
}`),
        },
      ] }],
    },
    {
      name: 'Nest: a shutdown hook (`onModuleDestroy`) that forgets the proxy it made',
      code: code(`@Injectable()
export class Heroes implements OnModuleDestroy {
  private readonly proxy = new ClientGrpcProxy(${grpcOptions});
  service() {
    return this.proxy.getService('HeroService');
  }
  onModuleDestroy(): void {}
}`),
      errors: [
        {
          messageId: 'fieldNotClosed',
          data: { className: 'Heroes', field: 'proxy', lifecycle: 'onModuleDestroy', ...PROXY },
          line: 15,
          column: 20,
        },
      ],
    },
    // ---- protobuf-ts ------------------------------------------------------------------------------
    {
      name: 'protobuf-ts: a transport per call, lent to a generated client and never closed (protobuf-ts#107)',
      code: code(`export async function config(host: string) {
  const transport = new GrpcTransport({ host, channelCredentials: ChannelCredentials.createInsecure() });
  const client = new ConfigServiceClient(transport);
  const { response } = await client.getConfig({ key: 'k', includeDefaults: false });
  return response;
}`),
      errors: [
        {
          messageId: 'unclosed',
          data: { name: 'transport', ...TRANSPORT, exit: 'the `return` on line 17', close: 'transport.close()' },
          line: 14,
          column: 21,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'transport', close: 'transport.close()' },
              output: code(`export async function config(host: string) {
  const transport = new GrpcTransport({ host, channelCredentials: ChannelCredentials.createInsecure() });
  try {
    const client = new ConfigServiceClient(transport);
    const { response } = await client.getConfig({ key: 'k', includeDefaults: false });
    return response;
  } finally {
    transport.close();
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'protobuf-ts: a class keeps only the generated client, which cannot close the transport it borrows',
      code: code(`export class Config {
  private readonly client = new ConfigServiceClient(new GrpcTransport({ host: 'config:50051', channelCredentials: ChannelCredentials.createInsecure() }));
  get(key: string) {
    return this.client.getConfig({ key, includeDefaults: false });
  }
  close(): void {}
}`),
      errors: [
        {
          messageId: 'lentOnly',
          data: { ...TRANSPORT, borrower: 'new ConfigServiceClient(…)', closeMember: 'close' },
          line: 14,
          column: 53,
        },
      ],
    },
  ],
});
