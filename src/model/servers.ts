import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { calleeOf, staticMemberName } from '../syntax/ast.js';
import { skipTypeWrappers } from '../syntax/ts-ast.js';
import type { RpcModel } from './index.js';
import type { LibraryId } from './libraries.js';
import { fromPackage } from './specifiers.js';
import { getSymbolAtLocation, getTypeAtLocation, hasSymbolFlag, resolveAlias } from './checker.js';
import { getDecorators, isCallExpression, isIdentifier, isPropertyAccessExpression } from '../syntax/ts-nodes.js';

/**
 * How each library registers server method handlers: `receiver.method(definition, implementation)`.
 * Every incoming call runs its handler, so handlers run as often, and as concurrently, as clients
 * call them. Types checked with tsc: grpc-js `Server#addService` (`build/src/server.d.ts`),
 * nice-grpc `Server#add` (a type alias, `lib/server/Server.d.ts`; `server.with(mw).add` returns a
 * `ServerAddBuilder`), connect `ConnectRouter#service` / `#rpc` (`dist/*\/router.d.ts`).
 */
export interface ServerRegistration {
  readonly library: LibraryId;
  /** Short human name for messages, e.g. "grpc-js `server.addService`". */
  readonly label: string;
  readonly receiver: TypeOrValueSpecifier;
  readonly method: string;
  /** The argument that holds the implementation: an object of handlers, or one handler. */
  readonly implementationArgument: number;
  /** Whether the implementation is a single handler function (connect `router.rpc`) rather than an object. */
  readonly singleHandler: boolean;
}

export const SERVER_REGISTRATIONS: readonly ServerRegistration[] = [
  { library: 'grpc-js', label: 'grpc-js `addService`', receiver: fromPackage('@grpc/grpc-js', 'Server'), method: 'addService', implementationArgument: 1, singleHandler: false },
  { library: 'nice-grpc', label: 'nice-grpc `server.add`', receiver: fromPackage('nice-grpc', 'Server', 'ServerAddBuilder'), method: 'add', implementationArgument: 1, singleHandler: false },
  { library: 'connect', label: 'connect `router.service`', receiver: fromPackage('@connectrpc/connect', 'ConnectRouter'), method: 'service', implementationArgument: 1, singleHandler: false },
  { library: 'connect', label: 'connect `router.rpc`', receiver: fromPackage('@connectrpc/connect', 'ConnectRouter'), method: 'rpc', implementationArgument: 1, singleHandler: true },
];

/**
 * HTTP frameworks' and RPC routers' registrations, `app.<method>(path, …handlers)`: every request
 * runs the handlers, so code there runs per request like an RPC handler. Recognised by the
 * receiver's type (checked with tsc on the pinned devDependencies): express's `IRouter`
 * (`@types/express-serve-static-core`; `express()`, `Router()` and `Application` extend it), Fastify's
 * `FastifyInstance` (`fastify/types/instance.d.ts`: the shorthands take `(path, handler)`,
 * `(path, options, handler)` or `(path, { handler })`; `route({ handler })`), Koa's `Application`
 * (`@types/koa`: `app.use(middleware)`), `@koa/router`'s `Router` (the alias that `new Router()` is
 * typed as, of the class `RouterImplementation`), Hono's `Hono` (`hono/dist/types/hono-base.d.ts`)
 * and tRPC's `ProcedureBuilder` (`@trpc/server` 11: `t.procedure.input(…).query(resolver)`).
 */
export interface RouteRegistration {
  /** The framework, for messages: "an express `put` route", "a tRPC `query` procedure". */
  readonly label: string;
  /** What one registration is called in messages. */
  readonly noun: 'route' | 'middleware' | 'procedure';
  readonly receiver: TypeOrValueSpecifier;
  readonly methods: ReadonlySet<string>;
  /** The first argument that can be a handler (after the path). */
  readonly firstHandlerArgument: number;
  /** Methods whose object arguments hold handlers as properties (Fastify `route({ handler })`, `get(path, { handler })`). */
  readonly handlerObjects?: ReadonlySet<string>;
}

const HTTP_METHODS = ['all', 'get', 'post', 'put', 'delete', 'patch', 'options', 'head'] as const;

export const ROUTE_REGISTRATIONS: readonly RouteRegistration[] = [
  { label: 'express', noun: 'route', receiver: fromPackage('express-serve-static-core', 'IRouter'), methods: new Set([...HTTP_METHODS, 'use']), firstHandlerArgument: 0 },
  {
    label: 'Fastify',
    noun: 'route',
    receiver: fromPackage('fastify', 'FastifyInstance'),
    methods: new Set([...HTTP_METHODS, 'route']),
    firstHandlerArgument: 0,
    handlerObjects: new Set([...HTTP_METHODS, 'route']),
  },
  { label: 'Koa', noun: 'middleware', receiver: fromPackage('koa', 'Application'), methods: new Set(['use']), firstHandlerArgument: 0 },
  { label: 'Koa router', noun: 'route', receiver: fromPackage('@koa/router', 'Router', 'RouterImplementation'), methods: new Set([...HTTP_METHODS, 'del', 'use', 'param']), firstHandlerArgument: 0 },
  { label: 'Hono', noun: 'route', receiver: fromPackage('hono', 'Hono'), methods: new Set([...HTTP_METHODS, 'on', 'use']), firstHandlerArgument: 0 },
  { label: 'tRPC', noun: 'procedure', receiver: fromPackage('@trpc/server', 'ProcedureBuilder'), methods: new Set(['query', 'mutation', 'subscription', 'use']), firstHandlerArgument: 0 },
];

const REGISTRATION_METHODS: ReadonlySet<string> = new Set(SERVER_REGISTRATIONS.map((r) => r.method));
const ROUTE_METHODS: ReadonlySet<string> = new Set(ROUTE_REGISTRATIONS.flatMap((r) => [...r.methods]));

/** The registration `call` is (`server.addService(def, impl)`, …), by method name first, then the receiver's type. */
export function serverRegistrationOf(call: TSESTree.CallExpression, model: RpcModel): ServerRegistration | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression') return null;
  const method = staticMemberName(callee);
  if (method === null || !REGISTRATION_METHODS.has(method)) return null; // cheap filter before the checker
  return SERVER_REGISTRATIONS.find((r) => r.method === method && model.typeIs(callee.object, [r.receiver])) ?? null;
}

/** {@link serverRegistrationOf} on the TypeScript AST, for facts that read other files. */
export function serverRegistrationOfCall(call: ts.CallExpression, model: RpcModel): ServerRegistration | null {
  const callee = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(callee) || !REGISTRATION_METHODS.has(callee.name.text)) return null;
  const method = callee.name.text;
  return SERVER_REGISTRATIONS.find((r) => r.method === method && model.typeMatches(getTypeAtLocation(model.checker, callee.expression), [r.receiver])) ?? null;
}

/** The route registration `call` is (`app.put('/x', handler)`), by method name first, then the receiver's type. */
export function routeRegistrationOfCall(call: ts.CallExpression, model: RpcModel): RouteRegistration | null {
  const callee = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(callee) || !ROUTE_METHODS.has(callee.name.text)) return null;
  const method = callee.name.text;
  return ROUTE_REGISTRATIONS.find((r) => r.methods.has(method) && model.typeMatches(getTypeAtLocation(model.checker, callee.expression), [r.receiver])) ?? null;
}

/** A call that registers code that every incoming call runs, as the program-wide repeat facts need it. */
export interface HandlerRegistration {
  /** For messages: "a server method handler registered with grpc-js `addService`", "an express `put` route". */
  readonly label: string;
  /** Arguments that are handler functions. */
  readonly handlers: readonly number[];
  /** Arguments that are objects (or class instances) whose methods are handlers. */
  readonly implementations: readonly number[];
}

/** An RPC server's method registration or an HTTP route registration, on the TypeScript AST. */
export function handlerRegistrationOf(call: ts.CallExpression, model: RpcModel): HandlerRegistration | null {
  const server = serverRegistrationOfCall(call, model);
  if (server) {
    const label = `a server method handler registered with ${server.label}`;
    return server.singleHandler ? { label, handlers: [server.implementationArgument], implementations: [] } : { label, handlers: [], implementations: [server.implementationArgument] };
  }
  const route = routeRegistrationOfCall(call, model);
  if (!route) return null;
  const method = (skipTypeWrappers(call.expression) as ts.PropertyAccessExpression).name.text;
  const indexes = call.arguments.map((_, index) => index).filter((index) => index >= route.firstHandlerArgument);
  const noun = route.noun === 'procedure' && method === 'use' ? 'middleware' : route.noun;
  return {
    label: `${/^[aeiou]/i.test(route.label) ? 'an' : 'a'} ${route.label} ${method === 'route' ? '' : `\`${method}\` `}${noun}`,
    handlers: indexes,
    implementations: route.handlerObjects?.has(method) ? indexes : [],
  };
}

/**
 * Decorators that route incoming calls to a method: the framework runs the method once per call, and
 * calls overlap (NestJS controllers: gRPC and microservice handlers, HTTP routes). A method of a class
 * that no code of the program calls is otherwise "called from elsewhere": nothing says how often.
 */
export const HANDLER_DECORATORS: readonly { readonly label: string; readonly decorators: TypeOrValueSpecifier }[] = [
  {
    label: 'a NestJS gRPC or message handler',
    decorators: fromPackage('@nestjs/microservices', 'GrpcMethod', 'GrpcStreamMethod', 'GrpcStreamCall', 'MessagePattern', 'EventPattern'),
  },
  { label: 'a NestJS HTTP route', decorators: fromPackage('@nestjs/common', 'Get', 'Post', 'Put', 'Delete', 'Patch', 'All', 'Options', 'Head', 'Search') },
];

const HANDLER_DECORATOR_NAMES: ReadonlySet<string> = new Set(HANDLER_DECORATORS.flatMap((h) => [typeof h.decorators === 'string' ? h.decorators : h.decorators.name].flat()));

/** The routing decorator of a method (`@GrpcMethod('Heroes')`, `@Get(':id')`), by name first, then by its declaration. */
export function handlerDecoratorOf(member: TSESTree.MethodDefinition, model: RpcModel): { readonly label: string; readonly decorator: TSESTree.Decorator } | null {
  for (const decorator of member.decorators) {
    const expression = decorator.expression.type === 'CallExpression' ? decorator.expression.callee : decorator.expression;
    const name = expression.type === 'MemberExpression' ? expression.property : expression;
    if (name.type !== 'Identifier' || !(HANDLER_DECORATOR_NAMES.has(name.name) || HANDLER_DECORATOR_NAMES.has(model.importedNameOf(name) ?? ''))) continue;
    const found = HANDLER_DECORATORS.find((h) => model.valueIs(expression, [h.decorators]));
    if (found) return { label: found.label, decorator };
  }
  return null;
}

const GRPC = '@grpc/grpc-js';

/**
 * Types that make an object literal (by its contextual type: an annotation, `satisfies`, an argument)
 * or a class (by its `implements` clause) a service implementation, whose methods are handlers.
 * Generated implementations reach them by the base walk (ts-proto's `EventServiceServer extends
 * UntypedServiceImplementation`). nice-grpc's `ServiceImplementation` is an alias of
 * `RawServiceImplementation`, whose name the instantiated type carries.
 */
export interface ServiceImplementationType {
  readonly library: LibraryId;
  readonly label: string;
  readonly spec: TypeOrValueSpecifier;
}

export const SERVICE_IMPLEMENTATIONS: readonly ServiceImplementationType[] = [
  { library: 'grpc-js', label: 'grpc-js `UntypedServiceImplementation`', spec: fromPackage(GRPC, 'UntypedServiceImplementation') },
  { library: 'nice-grpc', label: 'nice-grpc `ServiceImplementation`', spec: fromPackage('nice-grpc', 'ServiceImplementation', 'RawServiceImplementation') },
  { library: 'connect', label: 'connect `ServiceImpl`', spec: fromPackage('@connectrpc/connect', 'ServiceImpl') },
];

/**
 * What a handler receives, by library: the parameter at `index` has one of these types. Generated
 * interfaces that do not extend `ServiceImplementation` (ts-proto's nice-grpc
 * `EventServiceImplementation`) still type their methods' context as nice-grpc-common `CallContext`.
 * Types checked with tsc: grpc-js `build/src/server-call.d.ts`, nice-grpc-common
 * `lib/server/CallContext.d.ts`, connect `dist/*\/implementation.d.ts`.
 */
export interface HandlerParameter {
  readonly library: LibraryId;
  readonly label: string;
  readonly index: number;
  readonly spec: TypeOrValueSpecifier;
}

export const HANDLER_PARAMETERS: readonly HandlerParameter[] = [
  { library: 'grpc-js', label: 'a grpc-js server call', index: 0, spec: fromPackage(GRPC, 'ServerUnaryCall', 'ServerReadableStream', 'ServerWritableStream', 'ServerDuplexStream') },
  { library: 'nice-grpc', label: 'a nice-grpc `CallContext`', index: 1, spec: fromPackage('nice-grpc-common', 'CallContext') },
  { library: 'connect', label: 'a connect `HandlerContext`', index: 1, spec: fromPackage('@connectrpc/connect', 'HandlerContext') },
];

/** grpc-js server calls whose handler streams its responses (server-streaming and bidi). */
export const GRPC_RESPONSE_STREAMS: TypeOrValueSpecifier = fromPackage(GRPC, 'ServerWritableStream', 'ServerDuplexStream');
/** The bidi one: it also ends its readable side (`'end'`) when the client goes away. */
export const GRPC_DUPLEX_CALL: TypeOrValueSpecifier = fromPackage(GRPC, 'ServerDuplexStream');

/**
 * grpc-js's handler function types (`build/src/server-call.d.ts`): a function of one of these types is
 * what grpc-js calls for each incoming call, `handler.func(call, callback)` (streams: `(call)`), and it
 * ignores what the function returns (RPC-FACTS.md §9.1). `answers` says how the handler completes the
 * call: through its `sendUnaryData` callback, or on the call (`end()`, `destroy(err)`, `emit('error', err)`);
 * null where the type does not say (`UntypedHandleCall`, the union of the four).
 */
export interface GrpcHandlerType {
  readonly spec: TypeOrValueSpecifier;
  readonly answers: GrpcAnswer | null;
}

export type GrpcAnswer = 'callback' | 'stream';

export const GRPC_HANDLER_TYPES: readonly GrpcHandlerType[] = [
  { spec: fromPackage(GRPC, 'handleUnaryCall', 'handleClientStreamingCall'), answers: 'callback' },
  { spec: fromPackage(GRPC, 'handleServerStreamingCall', 'handleBidiStreamingCall'), answers: 'stream' },
  { spec: fromPackage(GRPC, 'UntypedHandleCall', 'HandleCall'), answers: null },
];

/** grpc-js `MethodDefinition#responseStream` (`build/src/make-client.d.ts`): a literal `true` in a generated definition for server-streaming and bidi methods. */
export const GRPC_RESPONSE_STREAM_FLAG = 'responseStream';

/**
 * The request of a grpc-js unary or server-streaming call (`call.request`): grpc-js calls such a handler
 * only once a request message has arrived (`build/src/server.js` `handleUnary`: no message → `UNIMPLEMENTED`
 * "Received no request message", the handler never runs), so in a handler it is always set.
 */
export const GRPC_CALL_REQUEST = 'request';

/** The callback grpc-js passes a unary or client-streaming handler second (`build/src/server-call.d.ts`). */
export const GRPC_SEND_UNARY_DATA: TypeOrValueSpecifier = fromPackage(GRPC, 'sendUnaryData');

/** grpc-js server calls whose handler answers through its callback (unary and client-streaming). */
export const GRPC_CALLBACK_CALLS: TypeOrValueSpecifier = fromPackage(GRPC, 'ServerUnaryCall', 'ServerReadableStream');

/**
 * How a grpc-js streaming handler fails its call (`build/src/server-call.js`): `emit('error', err)`
 * reaches the call's own `'error'` listener, which sends the error's status (`UNKNOWN` and its message
 * for a plain `Error`) and ends the call. `call.destroy(err)` does not: run against grpc-js 1.14.7, the
 * client of a destroyed server stream waited until its deadline (`DEADLINE_EXCEEDED`).
 */
export const GRPC_STREAM_FAILURE = { method: 'emit', event: 'error' } as const;
/** A grpc-js server stream's `end()`: sends the pending status (OK, or the error emitted before). */
export const GRPC_STREAM_END = 'end';
/**
 * A grpc-js server stream's `destroy()` sends no status at all (grpc-js 1.14.7, run: a server-streaming
 * or bidi handler's `call.destroy(err)` or `destroy()` left the client waiting until its deadline; after
 * `end()` or `emit('error', …)` it changes nothing).
 */
export const GRPC_STREAM_DESTROY = 'destroy';

/** {@link handlerDecoratorOf} on the TypeScript AST: the label of a method's routing decorator, or null. */
export function routingDecoratorOf(method: ts.MethodDeclaration, model: RpcModel): string | null {
  for (const decorator of getDecorators(method) ?? []) {
    const expression = isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
    const name = isPropertyAccessExpression(expression) ? expression.name : expression;
    if (!isIdentifier(name)) continue;
    let symbol = getSymbolAtLocation(model.checker, name);
    if (!HANDLER_DECORATOR_NAMES.has(name.text) && !(symbol && hasSymbolFlag(symbol, 'Alias'))) continue; // cheap before costly
    symbol = resolveAlias(model.checker, symbol);
    const files = (symbol?.declarations ?? []).map((d) => d.getSourceFile().fileName);
    const found = HANDLER_DECORATORS.find(({ decorators: spec }) => {
      if (typeof spec === 'string' || spec.from !== 'package') return false;
      return [spec.name].flat().includes(symbol?.name ?? '') && files.some((file) => file.includes(`/${spec.package}/`));
    });
    if (found) return found.label;
  }
  return null;
}
