import path from 'node:path';

import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { fromPackage } from './specifiers.js';
import { isExpressionStatement, isStringLiteral } from '../syntax/ts-nodes.js';

/**
 * Entry points: functions that a framework or a library calls once per incoming request or once per
 * outgoing RPC, with no call site in the program to show it. Two kinds of evidence, both documented
 * by the framework or library itself:
 * - conventions of files, exports and directives (syntax only: the file's path inside the project,
 *   the name it is exported under, the directive prologue of the file or the function);
 * - the types of what the function receives, declared or contextual (a GraphQL resolver's
 *   `GraphQLResolveInfo`, a grpc-js interceptor's `NextCall`, a web framework's request object).
 * Registrations (`app.get(path, handler)`) are in `servers.ts`; NestJS's routing decorators too.
 */

/** What running once per call of an entry point means: per incoming request, or per outgoing RPC. */
export type EntryKind = 'handler' | 'rpc';

/** Files a framework loads by their place in the project, and the exports it calls per request. */
export interface FileConvention {
  /** For messages: "a Next.js route handler". */
  readonly label: string;
  /** The file's path relative to the project's directory (the tsconfig's), with `/` separators. */
  readonly file: RegExp;
  /** The export names the framework calls per request; `default` for the default export. */
  readonly exports: ReadonlySet<string>;
  /** A file directive that sends the file's code elsewhere (`'use client'`: it renders in the browser). */
  readonly unless?: string;
  /** Where the framework documents it. */
  readonly source: string;
  /**
   * Directories one of which must hold program files beside the file (`app/` or `pages/` next to
   * `middleware.ts`): the framework looks for the file only at that level, and a file of that name
   * elsewhere is an ordinary module.
   */
  readonly beside?: readonly string[];
}

const SOURCE = String.raw`\.(?:[cm]?[jt]s|[jt]sx)$`;

export const FILE_CONVENTIONS: readonly FileConvention[] = [
  {
    label: 'a Next.js route handler',
    file: new RegExp(String.raw`(?:^|/)app/(?:.+/)?route${SOURCE}`),
    exports: new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']),
    source: 'https://nextjs.org/docs/app/api-reference/file-conventions/route',
  },
  {
    label: 'a Next.js server component',
    file: new RegExp(String.raw`(?:^|/)app/(?:.+/)?(?:page|layout)${SOURCE}`),
    exports: new Set(['default']),
    unless: 'use client',
    source: 'https://nextjs.org/docs/app/api-reference/file-conventions/page',
  },
  {
    label: 'a Next.js API route',
    file: new RegExp(String.raw`(?:^|/)pages/api/.+${SOURCE}`),
    exports: new Set(['default']),
    source: 'https://nextjs.org/docs/pages/building-your-application/routing/api-routes',
  },
  {
    label: 'a Next.js `getServerSideProps`',
    file: new RegExp(String.raw`(?:^|/)pages/.+${SOURCE}`),
    exports: new Set(['getServerSideProps']),
    source: 'https://nextjs.org/docs/pages/building-your-application/data-fetching/get-server-side-props',
  },
  {
    // Runs before every request its `config.matcher` selects; "in the project root, or inside src if
    // applicable, so that it is located at the same level as pages or app".
    label: 'a Next.js middleware function',
    file: /(?:^|\/)middleware\.[jt]s$/,
    exports: new Set(['middleware', 'default']),
    beside: ['app', 'pages'],
    source: 'https://nextjs.org/docs/app/api-reference/file-conventions/middleware',
  },
  {
    // Next.js 16's name for middleware (the same convention, the function exported as `proxy`).
    label: 'a Next.js proxy function',
    file: /(?:^|\/)proxy\.[jt]s$/,
    exports: new Set(['proxy', 'default']),
    beside: ['app', 'pages'],
    source: 'https://nextjs.org/docs/app/api-reference/file-conventions/proxy',
  },
];

/**
 * React's directive for server functions (Next.js server actions): at the top of a file it makes every
 * exported async function one, at the top of an async function's body that function
 * (https://react.dev/reference/rsc/use-server, https://nextjs.org/docs/app/api-reference/directives/use-server).
 */
export const SERVER_FUNCTION_DIRECTIVE = 'use server';

/**
 * The export name serverless platforms call per invocation by default: AWS Lambda's `index.handler`
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html), Netlify Functions'
 * `export const handler`. It counts only where the program itself never calls or passes it.
 */
export const SERVERLESS_HANDLER_EXPORT = 'handler';

/** Callbacks a library calls per request or per RPC, known by the type of a parameter it passes. */
export interface CallbackSignature {
  readonly kind: EntryKind;
  /** For messages: "a GraphQL resolver". */
  readonly label: string;
  readonly parameter: number;
  readonly type: TypeOrValueSpecifier;
}

/**
 * Checked with tsc: graphql-js calls every field resolver with `info: GraphQLResolveInfo` as its fourth
 * argument (`graphql/type/definition.d.ts`; graphql-tools' `IResolvers`, Apollo Server, GraphQL Yoga and
 * codegen's `Resolvers` all type it so); grpc-js calls a client interceptor
 * `(options: InterceptorOptions, nextCall: NextCall)` for every call of a client that has it
 * (`build/src/client-interceptors.d.ts`), and the metadata generator of
 * `credentials.createFromMetadataGenerator` with `CallMetadataOptions` before every call
 * (`build/src/call-credentials.d.ts`).
 */
export const CALLBACK_SIGNATURES: readonly CallbackSignature[] = [
  { kind: 'handler', label: 'a GraphQL resolver', parameter: 3, type: fromPackage('graphql', 'GraphQLResolveInfo') },
  { kind: 'rpc', label: 'a grpc-js client interceptor', parameter: 1, type: fromPackage('@grpc/grpc-js', 'NextCall') },
  { kind: 'rpc', label: 'a grpc-js metadata generator', parameter: 0, type: fromPackage('@grpc/grpc-js', 'CallMetadataOptions') },
];

/**
 * Objects a web framework makes for one incoming request and hands to the code that serves it: a
 * function that receives one runs once per request (a middleware, a route handler, or a helper that
 * such code calls with its request). Types checked with tsc on the pinned devDependencies: express's
 * `Request`, `Response` and `NextFunction` (`@types/express-serve-static-core`; `@types/express`
 * re-declares them as interfaces that extend these, reached by the base walk), Fastify's
 * `FastifyRequest` and `FastifyReply` (`fastify/types/request.d.ts`, `reply.d.ts`), Koa's context
 * (`@types/koa`: `Context` extends the alias `ParameterizedContext`, an intersection with
 * `ExtendableContext`; `@koa/router`'s `RouterContext` is one too), Hono's `Context`
 * (`hono/dist/types/context.d.ts`), Node's `http.ServerResponse` and `http2.Http2ServerRequest` /
 * `Http2ServerResponse` (`@types/node`: only a server makes them). Not `http.IncomingMessage`: an
 * HTTP client receives one per outgoing request's response (`https.get(url, (res) => …)`). Not the
 * Fetch API's global `Request`: any code may build one.
 */
export interface RequestObject {
  /** For messages: "an express `Request`" names the framework before the type's own name. */
  readonly framework: string;
  readonly type: TypeOrValueSpecifier;
  /** Other names a parameter's type is written under that resolve to these types (`RouterContext`). */
  readonly aliases?: readonly string[];
}

export const REQUEST_OBJECTS: readonly RequestObject[] = [
  { framework: 'express', type: fromPackage('express-serve-static-core', 'Request', 'Response', 'NextFunction') },
  { framework: 'Fastify', type: fromPackage('fastify', 'FastifyRequest', 'FastifyReply') },
  { framework: 'Koa', type: fromPackage('koa', 'Context', 'ParameterizedContext', 'ExtendableContext'), aliases: ['RouterContext'] },
  { framework: 'Hono', type: fromPackage('hono', 'Context') },
  { framework: 'Node.js', type: fromPackage('http', 'ServerResponse') },
  { framework: 'Node.js', type: fromPackage('http2', 'Http2ServerRequest', 'Http2ServerResponse') },
];

/** The names a parameter's annotation may give a {@link REQUEST_OBJECTS} type: a test by name before the checker. */
export const REQUEST_OBJECT_TYPE_NAMES: ReadonlySet<string> = new Set(
  REQUEST_OBJECTS.flatMap((r) => [...(typeof r.type === 'string' ? [r.type] : [r.type.name].flat()), ...(r.aliases ?? [])]),
);

/** The names of the types in {@link CALLBACK_SIGNATURES}: a test by name before the specifier's. */
export const CALLBACK_TYPE_NAMES: ReadonlySet<string> = new Set(CALLBACK_SIGNATURES.flatMap((s) => (typeof s.type === 'string' ? [s.type] : [s.type.name].flat())));

/** The strings of a directive prologue (`'use server';` at the top of a file or a function body). */
export function directivesOf(statements: readonly ts.Statement[]): string[] {
  const found: string[] = [];
  for (const statement of statements) {
    if (!isExpressionStatement(statement) || !isStringLiteral(statement.expression)) break;
    found.push(statement.expression.text);
  }
  return found;
}

/** The file conventions a source file is under, by its path relative to the project's directory. */
export function fileConventionsOf(file: ts.SourceFile, projectDir: string): readonly FileConvention[] {
  const relative = path.relative(projectDir, file.fileName).split(path.sep).join('/');
  if (relative.startsWith('../')) return [];
  return FILE_CONVENTIONS.filter((convention) => convention.file.test(relative));
}

/**
 * The directory of the program's tsconfig (where a Next.js project keeps `app/` and `pages/`), or the
 * program's current directory when it has none. `configFilePath` is set by TypeScript for programs
 * made from a tsconfig (not part of its typed API, hence read by key).
 */
export function projectDirOf(program: ts.Program): string {
  const config = program.getCompilerOptions()['configFilePath'];
  return typeof config === 'string' ? path.dirname(config) : program.getCurrentDirectory();
}
