// rpc/no-client-per-call in functions that receive a web framework's per-request object (issue 25): a
// middleware a library returns for the user to register, a helper that takes the current request, an
// error handler, a request listener. No registration is visible: the parameter's type says that the
// function runs once per request. Express, Fastify, Koa, Hono and Node's http/http2 servers, by their
// own packages' types; the valid twins show where it stops (setup code that receives the app, `any`,
// the program's own `Request`, the Fetch API's `Request`, an HTTP client's response, a module-scope call).
import rule from '../../rules/no-client-per-call.js';
import { createRuleTester } from '../rule-tester.js';

/** The 1-based line and column of the first occurrence of `text` in `code`. */
function at(code: string, text: string): { line: number; column: number } {
  const index = code.indexOf(text);
  if (index < 0) throw new Error(`not in the case: ${text}`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const HOIST = 'Create it once and reuse it';
const CLIENT = { call: 'new Client(…)', resource: 'grpc-js client' };
const CHANNEL = { call: 'createChannel(…)', resource: 'gRPC channel' };

// A library's middleware factory: the user registers `app.use(authorize(options))`; the returned
// middleware builds a client (whose constructor opens its own HTTP/2 session) per request.
const middlewareFactory = `import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import type { NextFunction, Request, Response } from 'express';
import { ConfigService } from './generated/connect/demo/v1/demo_pb.js';

class PolicyClient {
  readonly config: Client<typeof ConfigService>;
  constructor(baseUrl: string) {
    this.config = createClient(ConfigService, createGrpcTransport({ baseUrl }));
  }
}

export const authorize = (options: { url: string }) => {
  return async (req: Request, res: Response, next: NextFunction) => {
    const check = async () => {
      const policy = new PolicyClient(options.url);
      return policy.config.getConfig({ key: req.path });
    };
    const reply = await check();
    return reply.value === 'allow' ? next() : res.sendStatus(403);
  };
};`;

// A helper that takes the current request: route handlers call it.
const requestHelper = `import { Client, credentials } from '@grpc/grpc-js';
import type { Request } from 'express';
export const allowed = async (decision: string, req: Request, url: string): Promise<boolean> => {
  const client = new Client(url, credentials.createSsl());
  client.close();
  return decision === req.path;
};`;

const contextual = `import { Client, credentials } from '@grpc/grpc-js';
import type { ErrorRequestHandler, RequestHandler } from 'express';
declare function wrap(handler: RequestHandler): RequestHandler;
export const audit = (): RequestHandler => (req, res, next) => {
  const client = new Client('audit.internal:443', credentials.createSsl());
  client.close();
  next();
};
export const trace: RequestHandler = (_req, _res, next) => {
  const client = new Client('trace.internal:443', credentials.createSsl());
  client.close();
  next();
};
export const wrapped = wrap(function (_req, res) {
  const client = new Client('wrapped.internal:443', credentials.createSsl());
  client.close();
  res.end();
});
export const onError: ErrorRequestHandler = (_error, _req, res, _next) => {
  const client = new Client('errors.internal:443', credentials.createSsl());
  client.close();
  res.sendStatus(500);
};`;

const otherFrameworks = `import type { FastifyInstance, FastifyRequest } from 'fastify';
import type Koa from 'koa';
import type { ParameterizedContext } from 'koa';
import type { RouterContext } from '@koa/router';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { createChannel } from 'nice-grpc';
export async function tenantOf(request: FastifyRequest): Promise<string> {
  const channel = createChannel('tenants.internal:443');
  channel.close();
  return request.id;
}
export function hooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (_request, reply) => {
    const channel = createChannel('hooks.internal:443');
    channel.close();
    reply.header('x-checked', '1');
  });
}
export async function koaAuth(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  const channel = createChannel('koa.internal:443');
  channel.close();
  await next();
}
export function koaState(ctx: ParameterizedContext<{ user: string }>): string {
  const channel = createChannel('state.internal:443');
  channel.close();
  return ctx.state.user;
}
export function routerParam(ctx: RouterContext): string {
  const channel = createChannel('router.internal:443');
  channel.close();
  return ctx.path;
}
export function honoUser(c: Context): string {
  const channel = createChannel('hono.internal:443');
  channel.close();
  return c.req.path;
}
export const honoAuth = createMiddleware(async (_c, next) => {
  const channel = createChannel('hono-auth.internal:443');
  channel.close();
  await next();
});`;

const nodeServers = `import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { createChannel } from 'nice-grpc';
export const server = createServer((_req, res) => {
  const channel = createChannel('listener.internal:443');
  channel.close();
  res.end();
});
export function onRequest(_req: IncomingMessage, res: ServerResponse): void {
  const channel = createChannel('plain.internal:443');
  channel.close();
  res.end();
}
export function onStream(req: Http2ServerRequest, res: Http2ServerResponse): void {
  const channel = createChannel('h2.internal:443');
  channel.close();
  res.end(req.url);
}`;

// Called once when the module loads and from a route: the route decides.
const loadAndRoute = `import express, { type Request } from 'express';
import { createChannel } from 'nice-grpc';
export function profile(req: Request): string {
  const channel = createChannel('profiles.internal:443');
  channel.close();
  return req.path;
}
export const warm = profile({ path: '/' } as Request);
export const app = express();
app.get('/me', (req, res) => {
  res.send(profile(req));
});`;

const qualified = `import { Client, credentials } from '@grpc/grpc-js';
import type express from 'express';
export function maybeUser(req?: express.Request): string | undefined {
  const client = new Client('users.internal:443', credentials.createSsl());
  client.close();
  return req?.path;
}`;

createRuleTester().run('no-client-per-call (per-request objects)', rule, {
  valid: [
    {
      name: 'setup: a function that receives the express app (`app: Express`) runs once',
      code: `import { Client, credentials } from '@grpc/grpc-js';
import type { Express, Router } from 'express';
export function mount(app: Express): void {
  const client = new Client('config.internal:443', credentials.createSsl());
  app.locals['client'] = client;
}
export function routes(router: Router): Router {
  const client = new Client('routes.internal:443', credentials.createSsl());
  router.locals = { client };
  return router;
}`,
    },
    {
      name: 'setup: a Fastify plugin receives the instance, not a request',
      code: `import type { FastifyInstance } from 'fastify';
import { createChannel } from 'nice-grpc';
export async function plugin(fastify: FastifyInstance): Promise<void> {
  const channel = createChannel('config.internal:443');
  fastify.decorate('channel', channel);
}`,
    },
    {
      name: 'a middleware that uses a client made once at module scope',
      code: `import { Client, credentials } from '@grpc/grpc-js';
import type { NextFunction, Request, Response } from 'express';
const client = new Client('config.internal:443', credentials.createSsl());
export async function check(req: Request, _res: Response, next: NextFunction): Promise<void> {
  client.getChannel();
  next(req.path);
}`,
    },
    {
      name: 'a middleware factory: the client is made once per registration, the middleware reuses it',
      code: `import { Client, credentials } from '@grpc/grpc-js';
import type { NextFunction, Request, Response } from 'express';
export const authorize = (url: string) => {
  const client = new Client(url, credentials.createSsl());
  return (req: Request, _res: Response, next: NextFunction) => {
    client.getChannel();
    next(req.path);
  };
};`,
    },
    {
      name: 'a middleware that memoises its client: only the first request makes it',
      code: `import { Client, credentials } from '@grpc/grpc-js';
import type { NextFunction, Request, Response } from 'express';
let client: Client | undefined;
export function check(req: Request, _res: Response, next: NextFunction): void {
  client ??= new Client('config.internal:443', credentials.createSsl());
  next(req.path);
}`,
    },
    {
      name: '`req: any` says nothing about where the function runs',
      code: `import { Client, credentials } from '@grpc/grpc-js';
export function check(req: any, res: any): void {
  const client = new Client('config.internal:443', credentials.createSsl());
  client.close();
  res.send(req.path);
}`,
    },
    {
      name: "the program's own `interface Request` is not the framework's",
      code: `import { Client, credentials } from '@grpc/grpc-js';
interface Request {
  readonly path: string;
}
interface Response {
  send(body: string): void;
}
export function check(req: Request, res: Response): void {
  const client = new Client('config.internal:443', credentials.createSsl());
  client.close();
  res.send(req.path);
}`,
    },
    {
      name: "the Fetch API's global `Request`: any code may build one",
      code: `import { Client, credentials } from '@grpc/grpc-js';
export async function forward(request: Request): Promise<string> {
  const client = new Client('config.internal:443', credentials.createSsl());
  client.close();
  return request.text();
}`,
    },
    {
      name: "an HTTP client's response (`IncomingMessage` from `https.get`) is no incoming request",
      code: `import { get } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { createChannel } from 'nice-grpc';
function onConfig(res: IncomingMessage): void {
  const channel = createChannel(String(res.headers['x-upstream']));
  channel.close();
}
get('https://config.internal/upstream', onConfig);
get('https://config.internal/fallback', (res) => {
  const channel = createChannel(String(res.headers['x-upstream']));
  channel.close();
});`,
    },
    {
      name: 'called once when the module loads, and nowhere else: it runs once',
      code: `import type { Request } from 'express';
import { createChannel } from 'nice-grpc';
export function profile(req: Request): string {
  const channel = createChannel('profiles.internal:443');
  channel.close();
  return req.path;
}
export const warm = profile({ path: '/' } as Request);`,
    },
    {
      name: 'a cheap wrapper over a shared channel, in a Koa middleware',
      code: `import type Koa from 'koa';
import { createChannel, createClient } from 'nice-grpc';
import { ConfigServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
const channel = createChannel('config.internal:443');
export async function config(ctx: Koa.Context): Promise<void> {
  ctx.body = await createClient(ConfigServiceDefinition, channel).getConfig({ key: ctx.path });
}`,
    },
  ],
  invalid: [
    {
      name: 'express: the middleware a library factory returns, through a helper closure it calls',
      code: middlewareFactory,
      errors: [
        {
          messageId: 'perRequest',
          ...at(middlewareFactory, 'new PolicyClient('),
          data: {
            call: 'new PolicyClient(…)',
            resource: 'connect transport',
            origin: 'a function that receives an express `Request` (`req`, line 14)',
            fix: HOIST,
          },
        },
      ],
    },
    {
      name: 'express: an exported helper that takes the current request',
      code: requestHelper,
      errors: [{ messageId: 'perRequest', ...at(requestHelper, 'new Client('), data: { ...CLIENT, origin: '`allowed()`, which receives an express `Request` (`req`, line 3)', fix: 'Keep one per address in a `Map` keyed by `url`' } }],
    },
    {
      name: 'express: functions typed by where they are written (a returned `RequestHandler`, an annotated variable, an argument, an error handler)',
      code: contextual,
      errors: [
        { messageId: 'perRequest', ...at(contextual, "new Client('audit"), data: { ...CLIENT, origin: 'a function that receives an express `Request` (`req`, line 4)', fix: HOIST } },
        { messageId: 'perRequest', ...at(contextual, "new Client('trace"), data: { ...CLIENT, origin: '`trace()`, which receives an express `Request` (`_req`, line 9)', fix: HOIST } },
        { messageId: 'perRequest', ...at(contextual, "new Client('wrapped"), data: { ...CLIENT, origin: 'a function that receives an express `Request` (`_req`, line 14)', fix: HOIST } },
        { messageId: 'perRequest', ...at(contextual, "new Client('errors"), data: { ...CLIENT, origin: '`onError()`, which receives an express `Request` (`_req`, line 19)', fix: HOIST } },
      ],
    },
    {
      name: 'Fastify, Koa (`Context`, `ParameterizedContext`, `RouterContext`) and Hono (`Context`, `createMiddleware`)',
      code: otherFrameworks,
      errors: [
        { messageId: 'perRequest', ...at(otherFrameworks, "createChannel('tenants"), data: { ...CHANNEL, origin: '`tenantOf()`, which receives a Fastify `FastifyRequest` (`request`, line 8)', fix: HOIST } },
        { messageId: 'perRequest', ...at(otherFrameworks, "createChannel('hooks"), data: { ...CHANNEL, origin: 'a function that receives a Fastify `FastifyRequest` (`_request`, line 14)', fix: HOIST } },
        { messageId: 'perRequest', ...at(otherFrameworks, "createChannel('koa"), data: { ...CHANNEL, origin: '`koaAuth()`, which receives a Koa `Context` (`ctx`, line 20)', fix: HOIST } },
        { messageId: 'perRequest', ...at(otherFrameworks, "createChannel('state"), data: { ...CHANNEL, origin: '`koaState()`, which receives a Koa `ParameterizedContext` (`ctx`, line 25)', fix: HOIST } },
        { messageId: 'perRequest', ...at(otherFrameworks, "createChannel('router"), data: { ...CHANNEL, origin: '`routerParam()`, which receives a Koa `RouterContext` (`ctx`, line 30)', fix: HOIST } },
        { messageId: 'perRequest', ...at(otherFrameworks, "createChannel('hono."), data: { ...CHANNEL, origin: '`honoUser()`, which receives a Hono `Context` (`c`, line 35)', fix: HOIST } },
        { messageId: 'perRequest', ...at(otherFrameworks, "createChannel('hono-auth"), data: { ...CHANNEL, origin: 'a function that receives a Hono `Context` (`_c`, line 40)', fix: HOIST } },
      ],
    },
    {
      name: "Node.js: a request listener (`createServer`'s callback, a `ServerResponse` parameter) and an http2 compatibility handler",
      code: nodeServers,
      errors: [
        { messageId: 'perRequest', ...at(nodeServers, "createChannel('listener"), data: { ...CHANNEL, origin: 'a function that receives a Node.js `ServerResponse` (`res`, line 4)', fix: HOIST } },
        { messageId: 'perRequest', ...at(nodeServers, "createChannel('plain"), data: { ...CHANNEL, origin: '`onRequest()`, which receives a Node.js `ServerResponse` (`res`, line 9)', fix: HOIST } },
        { messageId: 'perRequest', ...at(nodeServers, "createChannel('h2"), data: { ...CHANNEL, origin: '`onStream()`, which receives a Node.js `Http2ServerRequest` (`req`, line 14)', fix: HOIST } },
      ],
    },
    {
      name: 'called when the module loads and from a route: the route decides',
      code: loadAndRoute,
      errors: [
        {
          messageId: 'perRequest',
          ...at(loadAndRoute, 'createChannel('),
          data: { ...CHANNEL, origin: 'an express `get` route (line 10)', fix: HOIST },
        },
      ],
    },
    {
      name: 'express: an optional parameter typed by a qualified name (`req?: express.Request`)',
      code: qualified,
      errors: [{ messageId: 'perRequest', ...at(qualified, 'new Client('), data: { ...CLIENT, origin: '`maybeUser()`, which receives an express `Request` (`req`, line 3)', fix: HOIST } }],
    },
  ],
});
