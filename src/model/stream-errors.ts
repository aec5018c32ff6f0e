import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import { calleeOf, staticMemberName } from '../syntax/ast.js';
import type { RpcModel } from './index.js';
import { fromPackage } from './specifiers.js';
import { isOpaque } from './type-walk.js';
import { standInCallResult } from './client-stand-ins.js';
import { getNonNullableType } from './checker.js';

/**
 * grpc-js client calls that are Node streams, and what they do with an error. Facts: RPC-FACTS.md
 * §7.1 (run on the real library): an `'error'` event with no listener kills the process, and a server
 * error status, `cancel()`, a deadline or a lost connection is emitted as one on a server-streaming or
 * bidi call. A client-streaming call hands errors to its response callback; only a `write()` after
 * `end()` is emitted as `'error'`. nice-grpc and connect streams are async iterables whose errors are
 * throws: they have no such event.
 */
export interface ErrorStreamKind {
  /** How the call's own type is recognised (grpc-js call types are type aliases). */
  readonly spec: TypeOrValueSpecifier;
  /** Whether errors of the call reach a response callback rather than an `'error'` event. */
  readonly errorsToCallback: boolean;
}

const GRPC = '@grpc/grpc-js';

/** `ClientDuplexStream` is a flattened intersection that matches neither of the others: all three are listed. */
export const ERROR_STREAMS: readonly ErrorStreamKind[] = [
  { spec: fromPackage(GRPC, 'ClientDuplexStream'), errorsToCallback: false },
  { spec: fromPackage(GRPC, 'ClientReadableStream'), errorsToCallback: false },
  { spec: fromPackage(GRPC, 'ClientWritableStream'), errorsToCallback: true },
];

/** The event whose listener keeps an emitted error from killing the process. */
export const ERROR_EVENT = 'error';

/**
 * Ways of reading a Node stream that take its errors themselves (RPC-FACTS §7.1, "safe"): `for await`
 * and the stream's async iterator (which leaves its listener behind even after a `break`, §1.4), the
 * promise-returning `Readable` helpers, and the stream functions of Node that listen for `'error'`.
 */
export const ERROR_TAKING_METHODS: ReadonlySet<string> = new Set(['toArray', 'forEach', 'reduce', 'some', 'every', 'find']);
/** Node functions (`stream`, `stream/promises`, `events`) that take a stream's errors while they run: `pipeline(s, …)`, `finished(s)`, `on(s, …)`. */
export const ERROR_TAKING_FUNCTIONS: ReadonlySet<string> = new Set(['pipeline', 'finished', 'on']);
/** `events.once(stream, event)`: rejects on `'error'` while it waits, and leaves no listener behind. */
export const ONCE_FUNCTION = 'once';
export const ONCE_WAITERS: readonly TypeOrValueSpecifier[] = [fromPackage('events', ONCE_FUNCTION)];
/** `events.on(emitter, event)`: an async iterator that waits for the next event, until its signal aborts. */
export const EVENT_ITERATORS: readonly TypeOrValueSpecifier[] = [fromPackage('events', 'on')];
/**
 * Events after which a grpc-js call emits no error: it ended (`'end'`, `'close'`), or its status came
 * (`'status'` follows the `'error'` of a failed call). A pending `once(call, <one of these>)` takes
 * the one error the call can still emit, so it guards the call for the rest of its life.
 */
export const FINAL_EVENTS: ReadonlySet<string> = new Set(['end', 'close', 'status', 'finish']);

/**
 * Methods through which code uses a call's events, so that an error can arrive or be emitted:
 * reading (`pipe`, `resume`, `read`), writing (`write`, `end`), cancelling (`cancel()` emits
 * `CANCELLED` as an error). Listener registrations count too (`LISTEN_METHODS` in events.ts).
 */
export const EVENT_USE_METHODS: ReadonlySet<string> = new Set(['pipe', 'resume', 'read', 'write', 'end', 'cancel']);
/** Methods that remove the `'error'` listener: `removeAllListeners()` (or of `'error'`), `removeListener`/`off('error', …)`. */
export const LISTENER_REMOVERS: ReadonlySet<string> = new Set(['removeAllListeners', 'removeListener', 'off']);
/** EventEmitter and Readable methods that return the stream itself, so a chain goes on with it. */
export const CHAINING_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'removeListener',
  'off',
  'removeAllListeners',
  'setMaxListeners',
  'setEncoding',
  'pause',
  'resume',
]);

/**
 * The grpc-js client stream `call` creates: a method of a grpc-js client (generated, loaded or
 * `Client` itself) whose result is one of `ERROR_STREAMS`, or a call method of grpc-js's `Client` on
 * a stand-in for it (`client-stand-ins.ts`) whose `Client` result is one. A helper that returns a
 * stream is no creation: the stream may be someone else's.
 */
export function errorStreamOfCall(call: TSESTree.CallExpression, model: RpcModel): ErrorStreamKind | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression' || staticMemberName(callee) === null) return null;
  const standIn = standInCallResult(call, model);
  if (standIn) return ERROR_STREAMS.find((kind) => model.typeMatches(standIn, [kind.spec])) ?? null;
  if (!model.mayBeResourceValue(callee.object)) return null;
  const receiverType = model.typeOf(callee.object);
  if (!receiverType || isOpaque(receiverType) || model.resourceOfType(receiverType)?.kind !== 'client') return null;
  // `client?.watch(req)`: the call's type adds `undefined`; a stream is what it makes when it runs.
  const type = model.typeOf(call);
  const made = type && (call.optional || callee.optional || call.parent?.type === 'ChainExpression') ? getNonNullableType(model.checker, type) : type;
  return made ? (ERROR_STREAMS.find((kind) => model.typeMatches(made, [kind.spec])) ?? null) : null;
}
