// rpc/no-client-per-call in code that a framework runs per request or a library per RPC, with no call
// site in the program to say so (issue 25): Next.js conventions (linted as files at their paths under
// fixtures/cases/next-app, empty modules there), `'use server'`, a serverless `handler`, GraphQL
// resolvers, Fastify/Koa/Hono/tRPC registrations, grpc-js interceptors and metadata generators, and the
// accessor of the client that RPCs are made on. Each has the valid twins that show where it stops.
import path from 'node:path';

import rule from '../../rules/no-client-per-call.js';
import { createRuleTester, fixturesDir } from '../rule-tester.js';

const next = path.join(fixturesDir, 'cases', 'next-app');
const routeFile = path.join(next, 'app', 'api', 'inline', 'route.ts');
const pageFile = path.join(next, 'app', 'inline', 'page.tsx');
const apiRouteFile = path.join(next, 'pages', 'api', 'inline.ts');
const pagesFile = path.join(next, 'pages', 'inline.ts');
const middlewareFile = path.join(next, 'middleware.ts');
const proxyFile = path.join(next, 'proxy.ts');
const libMiddlewareFile = path.join(next, 'lib', 'middleware.ts');

/** The 1-based line and column of the first occurrence of `text` in `code`. */
function at(code: string, text: string): { line: number; column: number } {
  const index = code.indexOf(text);
  if (index < 0) throw new Error(`not in the case: ${text}`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const HOIST = 'Create it once and reuse it';

const routeHandler = `import { createChannel } from 'nice-grpc';
export async function GET(): Promise<Response> {
  const channel = createChannel('config.internal:443');
  channel.close();
  return new Response('ok');
}`;

const routeArrow = `import { Client, credentials } from '@grpc/grpc-js';
export const POST = async (request: Request): Promise<Response> => {
  const client = new Client('config.internal:443', credentials.createSsl());
  client.close();
  return new Response(await request.text());
};`;

const routeAlias = `import { createChannel } from 'nice-grpc';
async function handle(): Promise<Response> {
  const channel = createChannel('config.internal:443');
  channel.close();
  return new Response('ok');
}
export { handle as PUT, handle as DELETE };`;

const serverComponent = `import { createChannel } from 'nice-grpc';
export default async function Page(): Promise<string> {
  const channel = createChannel('config.internal:443');
  channel.close();
  return 'page';
}`;

const apiRoute = `import type { IncomingMessage, ServerResponse } from 'node:http';
import { createChannel } from 'nice-grpc';
export default async (_request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const channel = createChannel('config.internal:443');
  channel.close();
  response.end();
};`;

const serverSideProps = `import { createChannel } from 'nice-grpc';
export async function getServerSideProps(): Promise<{ props: { state: number } }> {
  const channel = createChannel('config.internal:443');
  const state = channel.getConnectivityState(true);
  channel.close();
  return { props: { state } };
}`;

const nextMiddleware = `import { createChannel } from 'nice-grpc';
export async function middleware(request: Request): Promise<Response> {
  const channel = createChannel('config.internal:443');
  channel.close();
  return new Response(request.url);
}`;

const nextProxy = `import { createChannel } from 'nice-grpc';
export default async function (request: Request): Promise<Response> {
  const channel = createChannel('config.internal:443');
  channel.close();
  return new Response(request.url);
}`;

const serverActions = `'use server';
import { createChannel } from 'nice-grpc';
export async function save(key: string): Promise<string> {
  const channel = createChannel('config.internal:443');
  channel.close();
  return key;
}`;

const inlineAction = `import { createChannel } from 'nice-grpc';
export function Form(): { action: (key: string) => Promise<string> } {
  async function submit(key: string): Promise<string> {
    'use server';
    const channel = createChannel('config.internal:443');
    channel.close();
    return key;
  }
  return { action: submit };
}`;

const serverless = `import { createChannel } from 'nice-grpc';
export const handler = async (event: { key: string }): Promise<string> => {
  const channel = createChannel('config.internal:443');
  channel.close();
  return event.key;
};`;

const apolloInline = `import { ApolloServer } from '@apollo/server';
import { createChannel } from 'nice-grpc';
export const server = new ApolloServer({
  typeDefs: 'type Query { state: Int } type Mutation { reset: Int }',
  resolvers: {
    Query: {
      state: () => {
        const channel = createChannel('config.internal:443');
        channel.close();
        return 1;
      },
    },
    Mutation: {
      async reset() {
        const channel = createChannel('config.internal:443');
        channel.close();
        return 0;
      },
    },
  },
});`;

const apolloMap = `import { ApolloServer } from '@apollo/server';
import { createChannel } from 'nice-grpc';
const resolvers = {
  Query: {
    state: async () => {
      const channel = createChannel('config.internal:443');
      channel.close();
      return 1;
    },
  },
};
export const server = new ApolloServer({ typeDefs: 'type Query { state: Int }', resolvers });`;

const trpc = `import { initTRPC } from '@trpc/server';
import { createChannel } from 'nice-grpc';
const t = initTRPC.create();
export const router = t.router({
  state: t.procedure.query(() => {
    const channel = createChannel('config.internal:443');
    channel.close();
    return 1;
  }),
  reset: t.procedure.input((value: unknown) => String(value)).mutation(async ({ input }) => {
    const channel = createChannel(input);
    channel.close();
    return 0;
  }),
});`;

const httpFrameworks = `import Fastify from 'fastify';
import Koa from 'koa';
import Router from '@koa/router';
import { Hono } from 'hono';
import { createChannel } from 'nice-grpc';
const fastify = Fastify();
fastify.get('/a', async () => {
  const channel = createChannel('a.internal:443');
  channel.close();
  return 'a';
});
fastify.route({
  method: 'POST',
  url: '/b',
  handler: async () => {
    const channel = createChannel('b.internal:443');
    channel.close();
    return 'b';
  },
});
const koa = new Koa();
koa.use(async (context) => {
  const channel = createChannel('c.internal:443');
  channel.close();
  context.body = 'c';
});
const router = new Router();
router.get('/d', (context) => {
  const channel = createChannel('d.internal:443');
  channel.close();
  context.body = 'd';
});
export const hono = new Hono();
hono.post('/e', (context) => {
  const channel = createChannel('e.internal:443');
  channel.close();
  return context.text('e');
});`;

const interceptors = `import { credentials, Metadata, type InterceptingCall, type InterceptorOptions, type NextCall } from '@grpc/grpc-js';
import { createChannel } from 'nice-grpc';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
export function tokenInterceptor(options: InterceptorOptions, nextCall: NextCall): InterceptingCall {
  const channel = createChannel('auth.internal:443');
  channel.close();
  return nextCall(options) as InterceptingCall;
}
export const events = new EventServiceClient('events.internal:443', credentials.createInsecure(), {
  interceptors: [
    (options, nextCall) => {
      const channel = createChannel('audit.internal:443');
      channel.close();
      return nextCall(options) as InterceptingCall;
    },
  ],
});
export const callCredentials = credentials.createFromMetadataGenerator((_options, callback) => {
  const channel = createChannel('auth.internal:443');
  channel.close();
  callback(null, new Metadata());
});`;

const accessor = `import { Client, credentials } from '@grpc/grpc-js';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
interface Source<T extends Client> {
  current(): T;
}
class RenewingSource implements Source<EventServiceClient> {
  private client = new EventServiceClient('events.internal:443', credentials.createInsecure());
  private uses = 0;
  current(): EventServiceClient {
    if (++this.uses > 100) {
      this.uses = 0;
      this.client = new EventServiceClient('events.internal:443', credentials.createInsecure());
    }
    return this.client;
  }
}
export class Events {
  private readonly source: Source<EventServiceClient> = new RenewingSource();
  ping(): void {
    this.source.current().ping({ message: 'ping' }, () => {});
  }
  pingTwice(): void {
    const client = this.source.current();
    client.ping({ message: 'one' }, () => {});
    client.ping({ message: 'two' }, () => {});
  }
}`;

const declaredTransport = `import { createSessionTransport } from './cases/next-app/lib/session-transport.js';
export function transports(hosts: readonly string[]) {
  const made = [];
  for (const host of hosts) {
    const transport = createSessionTransport('token', { baseUrl: host });
    made.length = 0;
    void transport;
  }
  return made;
}`;

createRuleTester().run('no-client-per-call (entry points)', rule, {
  valid: [
    {
      name: 'Next.js route handler: a client made once at module scope',
      filename: routeFile,
      code: `import { createChannel, createClient } from 'nice-grpc';
import { ConfigServiceDefinition } from '../../../../../generated/nice-grpc/demo/v1/demo.js';
const channel = createChannel('config.internal:443');
export async function GET(): Promise<Response> {
  return Response.json(await createClient(ConfigServiceDefinition, channel).getConfig({ key: 'k' }));
}`,
    },
    {
      name: 'Next.js route file: an export that is not an HTTP method is a helper nobody here calls',
      filename: routeFile,
      code: `import { createChannel } from 'nice-grpc';
export async function warmUp(): Promise<void> {
  const channel = createChannel('config.internal:443');
  channel.close();
}`,
    },
    {
      name: 'an exported `GET` outside `app/**/route.ts` is an ordinary function nobody calls',
      code: routeHandler,
    },
    {
      name: 'Next.js middleware: a `middleware.ts` with no `app/` or `pages/` beside it is an ordinary module',
      filename: libMiddlewareFile,
      code: nextMiddleware,
    },
    {
      name: 'Next.js middleware: an export other than `middleware` or the default is a helper',
      filename: middlewareFile,
      code: nextMiddleware.replace('function middleware', 'function rewrite'),
    },
    {
      name: "Next.js page: a `'use client'` page renders in the browser, not per server request",
      filename: pageFile,
      code: `'use client';
${serverComponent}`,
    },
    {
      name: 'Next.js page: `generateStaticParams` runs at build time, not per request',
      filename: pageFile,
      code: `import { createChannel } from 'nice-grpc';
export async function generateStaticParams(): Promise<{ id: string }[]> {
  const channel = createChannel('config.internal:443');
  channel.close();
  return [];
}`,
    },
    {
      name: 'server action: a memoised channel is made by the first action only',
      code: `'use server';
import { createChannel, createClient, type Channel } from 'nice-grpc';
import { ConfigServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
let channel: Channel | undefined;
export async function save(key: string): Promise<void> {
  channel ??= createChannel('config.internal:443');
  await createClient(ConfigServiceDefinition, channel).getConfig({ key });
}`,
    },
    {
      name: "`'use server'` file: a function it does not export is no action",
      code: `'use server';
import { createChannel } from 'nice-grpc';
async function warmUp(): Promise<void> {
  const channel = createChannel('config.internal:443');
  channel.close();
}
export const ready = warmUp;`,
    },
    {
      name: "`'use server'` after another statement is no directive",
      code: `import { createChannel } from 'nice-grpc';
export async function save(key: string): Promise<string> {
  const trimmed = key.trim();
  'use server';
  const channel = createChannel('config.internal:443');
  channel.close();
  return trimmed;
}`,
    },
    {
      name: 'serverless: an exported `handler` the program passes to a wrapper is judged by the wrapper (unknown)',
      code: `import { createChannel } from 'nice-grpc';
declare function withTracing<T>(fn: T): T;
export const handler = async (event: { key: string }): Promise<string> => {
  const channel = createChannel('config.internal:443');
  channel.close();
  return event.key;
};
export const traced = withTracing(handler);`,
    },
    {
      name: 'serverless: a synchronous one-parameter `handler` is an ordinary exported callback',
      code: `import { createChannel } from 'nice-grpc';
export function handler(error: Error): void {
  const channel = createChannel('errors.internal:443');
  channel.close();
  console.error(error);
}`,
    },
    {
      name: 'GraphQL: an ordinary object with a `Query` key is no resolver map',
      code: `import { createChannel } from 'nice-grpc';
export const views = {
  Query: {
    state: () => {
      const channel = createChannel('config.internal:443');
      channel.close();
      return 1;
    },
  },
};`,
    },
    {
      name: 'tRPC: a procedure that uses a channel made once',
      code: `import { initTRPC } from '@trpc/server';
import { createChannel } from 'nice-grpc';
const t = initTRPC.create();
const channel = createChannel('config.internal:443');
export const router = t.router({ state: t.procedure.query(() => channel.getConnectivityState(false)) });`,
    },
    {
      name: 'Fastify: an `onClose` hook runs once, when the server closes',
      code: `import Fastify from 'fastify';
import { createChannel } from 'nice-grpc';
const fastify = Fastify();
fastify.addHook('onClose', async () => {
  const channel = createChannel('audit.internal:443');
  channel.close();
});`,
    },
    {
      name: 'grpc-js interceptor that creates nothing (adds metadata)',
      code: `import type { InterceptingCall, InterceptorOptions, NextCall } from '@grpc/grpc-js';
export function traceInterceptor(options: InterceptorOptions, nextCall: NextCall): InterceptingCall {
  return nextCall({ ...options, deadline: Date.now() + 1_000 }) as InterceptingCall;
}`,
    },
    {
      name: 'grpc-js metadata generator that uses a client made once',
      code: `import { credentials, Metadata } from '@grpc/grpc-js';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
const auth = new EventServiceClient('auth.internal:443', credentials.createSsl());
export const callCredentials = credentials.createFromMetadataGenerator((_options, callback) => {
  auth.ping({ message: 'token' }, (error, reply) => {
    const metadata = new Metadata();
    if (reply) metadata.set('authorization', reply.message);
    callback(error, metadata);
  });
});`,
    },
    {
      name: 'accessor: RPCs made on its result by one function only say nothing about how often it runs',
      code: accessor.replace(/ {2}pingTwice\(\): void \{[\s\S]*?\n {2}\}\n/, ''),
    },
    {
      name: 'accessor: a result used to close the client is no RPC',
      code: accessor.replace(/client\.ping\(\{ message: '(one|two)' \}, \(\) => \{\}\);/g, 'client.close();').replace("this.source.current().ping({ message: 'ping' }, () => {});", 'this.source.current().close();'),
    },
    {
      name: 'accessor: through an interface with two implementations, a call may run either',
      code: `${accessor}
export class FixedSource implements Source<EventServiceClient> {
  private readonly client = new EventServiceClient('events.internal:443', credentials.createInsecure());
  current(): EventServiceClient {
    return this.client;
  }
}`,
    },
    {
      name: 'declaration-only transport builder: given a session manager, the transport borrows its session',
      code: `import { Http2SessionManager } from '@connectrpc/connect-node';
import { createSessionTransport } from './cases/next-app/lib/session-transport.js';
const sessionManager = new Http2SessionManager('https://config.internal');
export function transports(tokens: readonly string[]) {
  for (const token of tokens) void createSessionTransport(token, { baseUrl: 'https://config.internal', sessionManager });
}`,
    },
    {
      name: 'declaration-only transport builder: options built elsewhere are unknown; a function that takes no transport options may share one',
      code: `import type { GrpcTransportOptions } from '@connectrpc/connect-node';
import { createSessionTransport, sharedTransport } from './cases/next-app/lib/session-transport.js';
export function transports(options: GrpcTransportOptions, hosts: readonly string[]) {
  for (const host of hosts) {
    void createSessionTransport(host, options);
    void sharedTransport(host);
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'Next.js route handler: `export async function GET` in `app/**/route.ts`',
      filename: routeFile,
      code: routeHandler,
      errors: [
        {
          messageId: 'perRequest',
          ...at(routeHandler, 'createChannel('),
          data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Next.js route handler `GET` (line 2)', fix: HOIST },
        },
      ],
    },
    {
      name: 'Next.js route handler: `export const POST = async (…) => …`',
      filename: routeFile,
      code: routeArrow,
      errors: [{ messageId: 'perRequest', ...at(routeArrow, 'new Client(') }],
    },
    {
      name: 'Next.js route handler: a function exported as `PUT` and `DELETE`',
      filename: routeFile,
      code: routeAlias,
      errors: [{ messageId: 'perRequest', ...at(routeAlias, 'createChannel(') }],
    },
    {
      name: 'Next.js server component: the async default export of `app/**/page.tsx`',
      filename: pageFile,
      code: serverComponent,
      errors: [{ messageId: 'perRequest', ...at(serverComponent, 'createChannel(') }],
    },
    {
      name: 'Next.js API route: the default export of `pages/api/**`',
      filename: apiRouteFile,
      code: apiRoute,
      errors: [{ messageId: 'perRequest', ...at(apiRoute, 'createChannel(') }],
    },
    {
      name: 'Next.js middleware: the `middleware` export of `middleware.ts` beside `app/`',
      filename: middlewareFile,
      code: nextMiddleware,
      errors: [
        {
          messageId: 'perRequest',
          ...at(nextMiddleware, 'createChannel('),
          data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Next.js middleware function `middleware` (line 2)', fix: HOIST },
        },
      ],
    },
    {
      name: "Next.js proxy (Next.js 16's middleware): the default export of `proxy.ts`",
      filename: proxyFile,
      code: nextProxy,
      errors: [{ messageId: 'perRequest', ...at(nextProxy, 'createChannel('), data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Next.js proxy function (line 2)', fix: HOIST } }],
    },
    {
      name: 'Next.js `getServerSideProps` in `pages/**`',
      filename: pagesFile,
      code: serverSideProps,
      errors: [{ messageId: 'perRequest', ...at(serverSideProps, 'createChannel(') }],
    },
    {
      name: "server action: an exported async function of a `'use server'` file",
      code: serverActions,
      errors: [
        {
          messageId: 'perRequest',
          ...at(serverActions, 'createChannel('),
          data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a server action `save` (line 3)', fix: HOIST },
        },
      ],
    },
    {
      name: "server function: `'use server'` at the top of a function's body",
      code: inlineAction,
      errors: [{ messageId: 'perRequest', ...at(inlineAction, 'createChannel('), data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: "a `'use server'` function `submit` (line 3)", fix: HOIST } }],
    },
    {
      name: 'serverless: an exported `handler` that nothing in the program calls',
      code: serverless,
      errors: [{ messageId: 'perRequest', ...at(serverless, 'createChannel('), data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a serverless `handler` (line 2)', fix: HOIST } }],
    },
    {
      name: 'GraphQL: resolvers written in `new ApolloServer({ resolvers })`, an arrow and a method',
      code: apolloInline,
      errors: [
        { messageId: 'perRequest', line: 8, column: 25, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a GraphQL resolver `Query.state` (line 7)', fix: HOIST } },
        { messageId: 'perRequest', line: 15, column: 25 },
      ],
    },
    {
      name: 'GraphQL: an unannotated resolver map, typed where it is passed',
      code: apolloMap,
      errors: [{ messageId: 'perRequest', ...at(apolloMap, 'createChannel(') }],
    },
    {
      name: 'tRPC: a query and a mutation',
      code: trpc,
      errors: [
        { messageId: 'perRequest', line: 6, column: 21, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a tRPC `query` procedure (line 5)', fix: HOIST } },
        { messageId: 'perRequest', line: 11, column: 21 },
      ],
    },
    {
      name: 'Fastify, Koa, @koa/router and Hono handlers',
      code: httpFrameworks,
      errors: [
        { messageId: 'perRequest', line: 8, column: 19, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Fastify `get` route (line 7)', fix: HOIST } },
        { messageId: 'perRequest', line: 16, column: 21, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Fastify route (line 12)', fix: HOIST } },
        { messageId: 'perRequest', line: 23, column: 19, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Koa `use` middleware (line 22)', fix: HOIST } },
        { messageId: 'perRequest', line: 29, column: 19, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Koa router `get` route (line 28)', fix: HOIST } },
        { messageId: 'perRequest', line: 35, column: 19, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a Hono `post` route (line 34)', fix: HOIST } },
      ],
    },
    {
      name: 'grpc-js: an interceptor (annotated, and in a client’s options) and a metadata generator run per RPC',
      code: interceptors,
      errors: [
        {
          messageId: 'perRpc',
          line: 5,
          column: 19,
          data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a grpc-js client interceptor (line 4)', fix: HOIST },
        },
        { messageId: 'perRpc', line: 12, column: 23, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a grpc-js client interceptor (line 11)', fix: HOIST } },
        { messageId: 'perRpc', line: 19, column: 19, data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: 'a grpc-js metadata generator (line 18)', fix: HOIST } },
      ],
    },
    {
      name: 'accessor: two functions make RPCs on what it returns (through an interface its class alone implements, and a `const`)',
      code: accessor,
      errors: [
        {
          messageId: 'perRpc',
          line: 12,
          column: 21,
          data: { call: 'new EventServiceClient(…)', resource: 'grpc-js client', origin: '`current()` (line 9), which 2 functions call', fix: HOIST },
        },
      ],
    },
    {
      name: 'declaration-only transport builder: `(token, options: GrpcTransportOptions): Transport` in a loop',
      code: declaredTransport,
      errors: [
        {
          messageId: 'perIteration',
          ...at(declaredTransport, 'createSessionTransport('),
          data: {
            call: 'createSessionTransport(…)',
            resource: 'connect transport',
            origin: 'the `for…of` loop on line 4',
            fix: 'Keep one per address in a `Map` keyed by `host`',
          },
        },
      ],
    },
  ],
});

