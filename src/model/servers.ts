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
