// rpc/no-unclosed-client's `reportOverwrites: 'when-repeated'` (the default) asks the program-wide
// repeat facts whether a method runs again: since issue 25 they know the entry points frameworks run
// per request and libraries per RPC (Next.js conventions, `'use server'`, GraphQL resolvers, tRPC and
// Fastify/Koa/Hono registrations, functions that receive a framework's request object, grpc-js
// interceptors), so an overwrite that such code runs is reported.
import path from 'node:path';

import rule from '../../rules/no-unclosed-client.js';
import { createRuleTester, fixturesDir } from '../rule-tester.js';

const routeFile = path.join(fixturesDir, 'cases', 'next-app', 'app', 'api', 'inline', 'route.ts');

const follower = `import { credentials } from '@grpc/grpc-js';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
export class Follower {
  private client?: EventServiceClient;
  follow(leader: string): void {
    this.client = new EventServiceClient(leader, credentials.createInsecure());
  }
  close(): void {
    this.client?.close();
  }
}
export const follower = new Follower();`;

const overwritten = {
  messageId: 'overwritten' as const,
  line: 6,
  column: 5,
  endColumn: 16,
  data: { method: 'follow', field: 'client', resource: 'grpc-js client', leaks: 'its channel and connection stay open', close: 'close' },
};

createRuleTester().run('no-unclosed-client (overwrites that entry points run again)', rule, {
  valid: [
    {
      name: 'an overwrite in a method that an exported function nobody calls runs once',
      code: `${follower}
export async function GET(): Promise<Response> {
  follower.follow('leader.internal:443');
  return new Response('ok');
}`,
    },
  ],
  invalid: [
    {
      name: 'a Next.js route handler runs the overwrite per request',
      filename: routeFile,
      code: `${follower.replace('./generated/', '../../../../../generated/')}
export async function GET(request: Request): Promise<Response> {
  follower.follow(await request.text());
  return new Response('ok');
}`,
      errors: [{ ...overwritten, line: 6 }],
    },
    {
      name: "a `'use server'` action runs the overwrite per request",
      code: `'use server';
${follower}
export async function promote(leader: string): Promise<void> {
  follower.follow(leader);
}`,
      errors: [{ ...overwritten, line: 7 }],
    },
    {
      name: 'a GraphQL resolver runs the overwrite per request',
      code: `import { ApolloServer } from '@apollo/server';
${follower}
export const server = new ApolloServer({
  typeDefs: 'type Mutation { follow(leader: String!): Boolean }',
  resolvers: { Mutation: { follow: (_parent: unknown, args: { leader: string }) => (follower.follow(args.leader), true) } },
});`,
      errors: [{ ...overwritten, line: 7 }],
    },
    {
      name: 'an express middleware (it receives `req`) runs the overwrite per request',
      code: `import type { NextFunction, Request, Response } from 'express';
${follower}
export function followFrom(req: Request, _res: Response, next: NextFunction): void {
  follower.follow(req.path);
  next();
}`,
      errors: [{ ...overwritten, line: 7 }],
    },
  ],
});
