import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import { calleeOf, staticMemberName } from '../syntax/ast.js';
import type { RpcModel } from './index.js';
import type { LibraryId } from './libraries.js';
import { fromPackage } from './specifiers.js';

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

const REGISTRATION_METHODS: ReadonlySet<string> = new Set(SERVER_REGISTRATIONS.map((r) => r.method));

/** The registration `call` is (`server.addService(def, impl)`, …), by method name first, then the receiver's type. */
export function serverRegistrationOf(call: TSESTree.CallExpression, model: RpcModel): ServerRegistration | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression') return null;
  const method = staticMemberName(callee);
  if (method === null || !REGISTRATION_METHODS.has(method)) return null; // cheap filter before the checker
  return SERVER_REGISTRATIONS.find((r) => r.method === method && model.typeIs(callee.object, [r.receiver])) ?? null;
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
