// The concurrency analysis (src/analysis/concurrency/concurrency.ts) through a probe rule: every function with a
// context reports `contextOf(fn)`, and every `probe()` call reports `overlapOf(call)`.
import type { TSESTree } from '@typescript-eslint/utils';
import { ESLintUtils } from '@typescript-eslint/utils';

import { ConcurrencyAnalysis, type RunContext } from '../src/analysis/concurrency/concurrency.js';
import type { FunctionNode } from '../src/syntax/ast.js';
import { getRpcModel } from '../src/model/index.js';
import { createRuleTester } from './rule-tester.js';

const describe = (context: RunContext): Record<string, string> => ({ kind: context.kind, overlaps: String(context.overlaps), reason: context.reason });

const probe = ESLintUtils.RuleCreator.withoutDocs<[], 'context' | 'overlap'>({
  meta: {
    type: 'problem',
    schema: [],
    messages: { context: 'context {{kind}} {{overlaps}}: {{reason}}', overlap: 'overlap {{kind}}: {{reason}}' },
  },
  defaultOptions: [],
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const analysis = new ConcurrencyAnalysis(model, context.sourceCode);
    const onFunction = (fn: FunctionNode): void => {
      const found = analysis.contextOf(fn);
      if (found) context.report({ node: fn, messageId: 'context', data: describe(found) });
    };
    return {
      FunctionDeclaration: onFunction,
      FunctionExpression: onFunction,
      ArrowFunctionExpression: onFunction,
      'CallExpression[callee.name="probe"]'(call: TSESTree.CallExpression) {
        const found = analysis.overlapOf(call);
        if (found) context.report({ node: call, messageId: 'overlap', data: describe(found) });
      },
    };
  },
});

// Line 1 is empty, lines 2–4 are the header, so a body starts at line 5.
const header = `
import { Server } from '@grpc/grpc-js';
import type { ConnectRouter } from '@connectrpc/connect';
declare function probe(): void;`;
const code = (body: string): string => `${header}\n${body}`;
const at = (n: number): number => 4 + n;

createRuleTester().run('concurrency (probe)', probe, {
  valid: [
    { name: 'a plain function with no callers says nothing', code: code(`function lonely() { probe(); }`) },
    { name: 'a synchronous .map callback is not concurrent', code: code(`export function f(xs: number[]) { return xs.map((x) => x + 1); }`) },
    { name: 'an async .map on something that is not an array (any) is unknown', code: code(`export function f(xs: any) { return xs.map(async (x: number) => { probe(); return x; }); }`) },
    { name: 'a callback of an unknown function stops the climb', code: code(`declare function serially(fn: () => Promise<void>): void;\nexport class A { f() { serially(async () => { probe(); }); } }`) },
    { name: 'a private async method called once, awaited, from the constructor path', code: code(`export class A { constructor() { void this.run(); } private async run() { probe(); } }`) },
    { name: 'an object method that is not registered with a server', code: code(`export const impl = { ping() { probe(); } };`) },
    { name: 'a public method that is not async and returns no promise has no context of its own', code: code(`export class A { size(): number { probe(); return 1; } }`) },
    {
      name: "an async iterator's own next(): its consumer (for await) calls it one at a time",
      code: code(`export class Events { next(): Promise<IteratorResult<number>> { probe(); return Promise.resolve({ done: true, value: undefined }); } }`),
    },
    { name: 'an exported function with no annotation whose return type is no promise', code: code(`export function label() { probe(); return 'x'; }`) },
    {
      name: "limit: a promise returned from another call with no annotation is not seen (syntax only, no checker)",
      code: code(`declare function later(): Promise<number>;
export function relay() { probe(); return later(); }`),
    },
  ],
  invalid: [
    {
      name: 'a flag guard makes the tail of a public async method run once: the method has a context, the probe no overlap',
      code: code(`export class A { private done = false; async init() { if (this.done) return; this.done = true; probe(); } }`),
      errors: [{ messageId: 'context', line: at(1), column: 50, data: { kind: 'public-api', overlaps: 'true', reason: 'a public async method: callers can run it again before an earlier call has finished' } }],
    },
    {
      name: 'combinator arguments run side by side (not overlapping themselves); an exported async function overlaps',
      code: code(`export async function f() {
  await Promise.all([(async () => { probe(); })(), (async () => 1)()]);
}`),
      errors: [
        { messageId: 'context', line: at(1), data: { kind: 'public-api', overlaps: 'true', reason: 'an exported async function: callers can run it again before an earlier call has finished' } },
        { messageId: 'context', line: at(2), column: 23, data: { kind: 'combinator', overlaps: 'false', reason: 'both run inside `Promise.all` on line 6' } },
        { messageId: 'overlap', line: at(2), column: 37, data: { kind: 'public-api', reason: 'an exported async function: callers can run it again before an earlier call has finished' } },
        { messageId: 'context', line: at(2), column: 53, data: { kind: 'combinator', overlaps: 'false', reason: 'both run inside `Promise.all` on line 6' } },
      ],
    },
    {
      name: 'async .forEach callback on an array',
      code: code(`function f(xs: string[]) { xs.forEach(async () => { probe(); }); }`),
      errors: [
        { messageId: 'context', line: at(1), column: 39, data: { kind: 'array-callback', overlaps: 'true', reason: 'every element runs the async `.forEach` callback on line 5, and `.forEach` does not wait for an async callback' } },
        { messageId: 'overlap', line: at(1), column: 53, data: { kind: 'array-callback', reason: 'every element runs the async `.forEach` callback on line 5, and `.forEach` does not wait for an async callback' } },
      ],
    },
    {
      name: 'timers: setInterval overlaps, setTimeout runs once',
      code: code(`setInterval(() => probe(), 10);
setTimeout(() => probe(), 10);`),
      errors: [
        { messageId: 'context', line: at(1), column: 13, data: { kind: 'timer', overlaps: 'true', reason: 'a `setInterval` callback (line 5): a tick can start while an earlier run still waits' } },
        { messageId: 'overlap', line: at(1), column: 19 },
        { messageId: 'context', line: at(2), column: 12, data: { kind: 'timer', overlaps: 'false', reason: 'a `setTimeout` callback (line 6)' } },
      ],
    },
    {
      name: 'event handlers: on() overlaps, once() runs once',
      code: code(`process.on('message', () => probe());
process.once('exit', () => probe());`),
      errors: [
        { messageId: 'context', line: at(1), column: 23, data: { kind: 'event-handler', overlaps: 'true', reason: "a 'message' listener (line 5): the event can fire again while an earlier run still waits" } },
        { messageId: 'overlap', line: at(1), column: 29 },
        { messageId: 'context', line: at(2), column: 22, data: { kind: 'event-handler', overlaps: 'false', reason: "a one-time 'exit' listener (line 6)" } },
      ],
    },
    {
      name: 'server handlers: grpc-js addService object, connect router.service and router.rpc',
      code: code(`new Server().addService({} as never, { ping() { probe(); } });
export function routes(router: ConnectRouter) {
  router.service({} as never, { ping: async () => { probe(); } });
  router.rpc({} as never, async () => { probe(); });
}`),
      errors: [
        { messageId: 'context', line: at(1), column: 44, data: { kind: 'server-handler', overlaps: 'true', reason: 'a server method handler registered with grpc-js `addService` on line 5: every incoming call runs it' } },
        { messageId: 'overlap', line: at(1), column: 49 },
        { messageId: 'context', line: at(3), column: 39, data: { kind: 'server-handler', overlaps: 'true', reason: 'a server method handler registered with connect `router.service` on line 7: every incoming call runs it' } },
        { messageId: 'overlap', line: at(3), column: 53 },
        { messageId: 'context', line: at(4), column: 27, data: { kind: 'server-handler', overlaps: 'true', reason: 'a server method handler registered with connect `router.rpc` on line 8: every incoming call runs it' } },
        { messageId: 'overlap', line: at(4), column: 41 },
      ],
    },
    {
      name: 'typed server implementations and handler parameters (nothing registered in this file)',
      code: code(`import type { ServiceImplementation } from 'nice-grpc';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { EventServiceServer } from './generated/grpc-js/demo/v1/demo.js';
import type { ConfigServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
export const grpcImpl: Partial<EventServiceServer> = { watch() { probe(); } };
export class NiceImpl implements ServiceImplementation<typeof ConfigServiceDefinition> {
  async getConfig() { probe(); return {}; }
}
export function handle(call: ServerUnaryCall<unknown, unknown>) { probe(); return call; }`),
      errors: [
        { messageId: 'context', line: at(5), column: 61, data: { kind: 'server-handler', overlaps: 'true', reason: 'a method of an object typed as a grpc-js `UntypedServiceImplementation`: every incoming call runs it' } },
        { messageId: 'overlap', line: at(5), column: 66 },
        { messageId: 'context', line: at(7), column: 18, data: { kind: 'server-handler', overlaps: 'true', reason: 'a method of a class that implements a nice-grpc `ServiceImplementation`: every incoming call runs it' } },
        { messageId: 'overlap', line: at(7), column: 23 },
        { messageId: 'context', line: at(9), column: 8, data: { kind: 'server-handler', overlaps: 'true', reason: 'a server method handler (it receives a grpc-js server call): every incoming call runs it' } },
        { messageId: 'overlap', line: at(9), column: 67 },
      ],
    },
    {
      name: 'a class instance passed to addService: its methods are handlers',
      code: code(`class Impl { ping() { probe(); } }
new Server().addService({} as never, new Impl() as never);`),
      errors: [
        { messageId: 'context', line: at(1), column: 18, data: { kind: 'server-handler', overlaps: 'true', reason: 'a server method handler registered with grpc-js `addService` on line 6: every incoming call runs it' } },
        { messageId: 'overlap', line: at(1), column: 23 },
      ],
    },
    {
      name: 'callers: a private method called twice in Promise.all, and one started from a public method with no guard',
      code: code(`export class A {
  private async one() { probe(); }
  private async two() { probe(); }
  both() { return Promise.all([this.one(), this.one()]); }
  start() { void this.two(); }
}`),
      errors: [
        { messageId: 'context', line: at(2), column: 20, data: { kind: 'caller', overlaps: 'true', reason: '`one()` is called more than once inside `Promise.all` on line 8' } },
        { messageId: 'overlap', line: at(2), column: 25 },
        { messageId: 'context', line: at(3), column: 20, data: { kind: 'unawaited-call', overlaps: 'true', reason: '`two()` is started without `await` on line 9 from `start()`, which callers can call again while the first run is still going' } },
        { messageId: 'overlap', line: at(3), column: 25 },
        // `both()` is not async but returns the promise: callers can call it again before it settles.
        { messageId: 'context', line: at(4), column: 7, data: { kind: 'public-api', overlaps: 'true', reason: 'a public method that returns a promise: callers can run it again before an earlier call has finished' } },
      ],
    },
    {
      name: 'a public method and an exported function that are not async but return a promise (annotated, or a returned .then() chain)',
      code: code(`export class A { ask(): Promise<number> { return new Promise((resolve) => { probe(); resolve(1); }); } }
export function ask() { return Promise.resolve(1).then(() => probe()); }`),
      errors: [
        { messageId: 'context', line: at(1), column: 21, data: { kind: 'public-api', overlaps: 'true', reason: 'a public method that returns a promise: callers can run it again before an earlier call has finished' } },
        { messageId: 'overlap', line: at(1), column: 77 },
        { messageId: 'context', line: at(2), column: 8, data: { kind: 'public-api', overlaps: 'true', reason: 'an exported function that returns a promise: callers can run it again before an earlier call has finished' } },
        { messageId: 'overlap', line: at(2), column: 62 },
      ],
    },
    {
      name: 'callers: an unexported function awaited from an exported async one inherits its context',
      code: code(`async function helper() { probe(); }
export async function api() { await helper(); }`),
      errors: [
        { messageId: 'context', line: at(1), data: { kind: 'caller', overlaps: 'true', reason: '`helper()` is called on line 6, in an exported async function: callers can run it again before an earlier call has finished' } },
        { messageId: 'overlap', line: at(1), column: 27 },
        { messageId: 'context', line: at(2) },
      ],
    },
  ],
});
