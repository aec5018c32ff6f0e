// Bad input: every rule of `rpc.configs.all` must never throw. Inputs that are deliberately broken
// live inline here; the files on disk (fixtures/cases/robustness/) type-check.
import fs from 'node:fs';
import path from 'node:path';

import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import rpc from '../src/index.js';
import { fixturesDir } from './rule-tester.js';

const allRules = Object.keys(rpc.configs.all.rules ?? {});
const fileTs = path.join(fixturesDir, 'file.ts');
const typed = {
  files: ['**/*.ts', '**/*.js'],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: fixturesDir },
  },
};

function eslintWith(...extra: Linter.Config[]): ESLint {
  return new ESLint({ cwd: fixturesDir, overrideConfigFile: true, overrideConfig: [typed, rpc.configs.all, ...extra] });
}

const eslint = eslintWith();

/** Lints `code` as fixtures/file.ts; rejects if a rule throws. */
async function lint(code: string, instance = eslint): Promise<Linter.LintMessage[]> {
  const [result] = await instance.lintText(code, { filePath: fileTs });
  return result!.messages;
}

/** No parse error and only the plugin's own rules reported. */
function expectCleanRun(messages: Linter.LintMessage[]): void {
  expect(messages.filter((m) => m.fatal || !m.ruleId?.startsWith('rpc/'))).toEqual([]);
}

const byRule = (messages: Linter.LintMessage[], ruleId: string): number[] =>
  messages.filter((m) => m.ruleId === ruleId).map((m) => m.line);

const IMPORTS = `import { credentials, Client, type ChannelCredentials } from '@grpc/grpc-js';
import { createChannel } from 'nice-grpc';
import { Mutex } from 'async-mutex';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
`;

describe('rules never throw', () => {
  it('has rules to check', () => {
    expect(allRules.length).toBeGreaterThan(0);
    expect(allRules).toContain('rpc/no-unclosed-client');
  });

  it('on any, unknown and error types', async () => {
    const messages = await lint(`${IMPORTS}
import { Missing } from './does-not-exist.js';
declare const anyCtor: any;
declare const unknownValue: unknown;
export async function f(address: string, creds: ChannelCredentials) {
  const a = new anyCtor(address, creds);
  const b = new Missing(address, creds);
  const c = new (unknownValue as any)();
  const d = (unknownValue as { close(): void });
  const e: any = createChannel(address);
  const g = new (Missing as any).Deep.Client(address);
  for await (const x of a) { if (x) break; }
  for await (const y of b.watch({})) { void y; break; }
  await (a as any).close?.();
  await new Mutex().runExclusive(async () => { await b.close(); await a.shutdown(); });
  a.on('data', () => b.removeListener('data', g));
  d.close();
  return [c, e];
}`);
    expectCleanRun(messages);
  });

  it('on odd lock shapes: using, generics, overloads, declare, destructured and un-awaited acquisitions', async () => {
    const messages = await lint(`${IMPORTS}
declare const anyLock: any;
declare const maybe: Mutex | undefined;
export class Held<T> {
  declare readonly declared: Mutex;
  readonly mu = new Mutex();
  run(): Promise<T>;
  run(x: number): Promise<T>;
  run(x?: number): Promise<T> { return this.mu.runExclusive(() => (x ?? 0) as T); }
  async odd(key: string, ...rest: unknown[]) {
    const { 0: release } = [await this.mu.acquire()];
    using _d = { [Symbol.dispose]: release };
    await maybe?.runExclusive(async () => { await anyLock.acquire(key, () => rest); });
    void this.mu.acquire().then((r) => r());
    await this.declared.runExclusive(() => this.run(1));
    return (await this.mu.acquire())();
  }
}`);
    expectCleanRun(messages);
  });

  it('on decorators', async () => {
    const messages = await lint(`${IMPORTS}
function logged<T>(value: T, _context: ClassMethodDecoratorContext | ClassFieldDecoratorContext | ClassAccessorDecoratorContext): T {
  return value;
}
function sealed(target: abstract new (...args: never[]) => unknown, _context: ClassDecoratorContext): void { Object.seal(target); }
@sealed
export class Service {
  @logged accessor mu = new Mutex();
  @logged field = new Client('a', credentials.createInsecure());
  @logged
  async probe(address: string): Promise<string> {
    const client = new EventServiceClient(address, credentials.createInsecure());
    return this.mu.runExclusive(async () => client.getChannel().getTarget());
  }
}`);
    expectCleanRun(messages);
  });

  it('on odd shapes of the libraries that keep their channel private (NestJS decorators, gax shapes, any)', async () => {
    const messages = await lint(`${IMPORTS}
import { ClientGrpcProxy, ClientProxyFactory, GrpcMethod, Transport } from '@nestjs/microservices';
import { Controller, Get } from '@nestjs/common';
import type { Descriptors } from 'google-gax';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
declare const anyOptions: any;
declare const decorators: Record<string, () => MethodDecorator>;
declare class LooksLikeGapic { descriptors: Descriptors | any; close(): Promise<void>; }
declare class Overloaded { constructor(transport: GrpcTransport); constructor(...rest: unknown[]); }
@Controller()
export class Odd {
  @(decorators.route!)()
  @decorators.Get!()
  @GrpcMethod()
  @Get
  async handle(this: Odd, ...args: any[]) {
    const a = ClientProxyFactory.create(anyOptions);
    const b = ClientProxyFactory.create({ ...anyOptions, transport: Transport.GRPC });
    const c = new ClientGrpcProxy(anyOptions as never);
    const d = new LooksLikeGapic();
    const e = new Overloaded(new GrpcTransport(anyOptions), ...args);
    return [a, b, c, d, e];
  }
  @(decorators['x']!)()
  static other() {}
}`);
    expectCleanRun(messages);
  });

  it('on using and await using', async () => {
    const messages = await lint(`${IMPORTS}
function disposable(client: Client): Client & Disposable & AsyncDisposable {
  return Object.assign(client, { [Symbol.dispose]: () => client.close(), [Symbol.asyncDispose]: async () => client.close() });
}
export async function f(address: string) {
  using a = disposable(new Client(address, credentials.createInsecure()));
  await using b = disposable(new EventServiceClient(address, credentials.createInsecure()));
  using c = new Client(address, credentials.createInsecure()); // a type error: Client has no [Symbol.dispose]
  await using d = createChannel(address);
  {
    await using e = disposable(new Client(address, credentials.createInsecure()));
    if (e) return a;
  }
  for (using x of [disposable(new Client(address, credentials.createInsecure()))]) void x;
  for await (await using y of [disposable(new Client(address, credentials.createInsecure()))]) void y;
  return [b, c, d];
}`);
    expectCleanRun(messages);
  });

  it('on overloads', async () => {
    const messages = await lint(`${IMPORTS}
export function open(address: string): Client;
export function open(address: string, creds: ChannelCredentials): Client;
export function open(address: string, creds?: ChannelCredentials): Client {
  return new Client(address, creds ?? credentials.createInsecure());
}
export class Pool {
  get(key: string): Client;
  get(key: number): Client | undefined;
  get(key: string | number): Client | undefined {
    const client = new Client(String(key), credentials.createInsecure());
    return typeof key === 'string' ? client : undefined;
  }
  constructor();
  constructor(address: string);
  constructor(address?: string) { if (address) new Client(address, credentials.createInsecure()).close(); }
}
export function check(): void {
  const client = open('x');
  client.close();
}`);
    expectCleanRun(messages);
  });

  it('on generics', async () => {
    const messages = await lint(`${IMPORTS}
export function make<T extends Client>(Ctor: new (address: string, creds: ChannelCredentials) => T, address: string): string {
  const client = new Ctor(address, credentials.createInsecure());
  return client.getChannel().getTarget();
}
export class Box<C extends { close(): void }> {
  constructor(private readonly factory: () => C) {}
  use<R>(fn: (c: C) => R): R { const c = this.factory(); try { return fn(c); } finally { c.close(); } }
}
export const boxed = new Box<Client>(() => new Client('x', credentials.createInsecure()));
export function pick<K extends keyof Client>(k: K): Client[K] {
  const c = new Client('x', credentials.createInsecure());
  return c[k];
}`);
    expectCleanRun(messages);
  });

  it('on declare', async () => {
    const messages = await lint(`${IMPORTS}
declare class Generated extends Client { ping(): void }
declare function connect(address: string): Client;
declare const shared: Client;
declare namespace ns { const client: Client; function open(): Client }
declare global { interface Window { rpcClient?: Client } }
declare module 'nowhere' { export function open(): import('@grpc/grpc-js').Client; }
export abstract class Base { abstract open(): Client; declare field: Client; }
export function f(): void {
  const a = new Generated('x', credentials.createInsecure());
  const b = connect('x');
  ns.open();
  shared.close();
  a.ping();
  void b;
}`);
    expectCleanRun(messages);
  });

  it('on odd resolver and load balancer shapes (decorators, overloads, generics, abstract, declare, computed keys)', async () => {
    const messages = await lint(`${IMPORTS}
import { experimental } from '@grpc/grpc-js';
function logged<T>(value: T, _context: ClassMethodDecoratorContext): T { return value; }
declare class AmbientResolver implements experimental.Resolver { updateResolution(): void; destroy(): void; }
export abstract class BaseResolver<T> implements experimental.Resolver {
  constructor(protected readonly listener: experimental.ResolverListener, ...rest: T[]) { void rest; }
  abstract updateResolution(): void;
  destroy(): void;
  destroy(force: boolean): void;
  destroy(force?: boolean): void { void force; }
  ['computed' + 'Key'](): void {}
  get destroyed(): boolean { return false; }
}
export class Derived extends BaseResolver<number> {
  @logged updateResolution(): void { void Promise.resolve().then(this.listener.bind(null, experimental.statusOrFromValue([]), {}, null, '')); }
  override destroy = (): void => {};
}
experimental.registerResolver('ambient', AmbientResolver as never);
experimental.registerResolver('derived', Derived as never);
export const Anonymous = class implements experimental.Resolver { updateResolution() {} destroy() {} };
`);
    expectCleanRun(messages);
  });

  it('on odd pumps, early-exit readers, Readable.from and annotated any values', async () => {
    const messages = await lint(`${IMPORTS}
import { Readable } from 'node:stream';
import type { ClientReadableStream } from '@grpc/grpc-js';
declare const dyn: any;
declare function decorate(...args: unknown[]): any;
abstract class Pumps<T> extends Readable {
  constructor(source: AsyncIterable<T>, ...rest: unknown[]) {
    super();
    void this.pump(source);
    void this.gen(source).next();
    void this.abstractPump(source);
    void this[String(rest[0])]?.(source);
    void (this as any).dynamic(source);
  }
  @decorate private async pump(source: AsyncIterable<T>): Promise<void> {
    outer: for await (const x of source) { for (;;) { if (x) break outer; continue outer; } }
  }
  private async *gen(source: AsyncIterable<T>) { for await (const x of source) yield x; }
  protected abstract abstractPump(source: AsyncIterable<T>): Promise<void>;
  [key: string]: any;
}
async function first(source: AsyncIterable<unknown>, ...rest: unknown[]): Promise<unknown>;
async function first(source: AsyncIterable<unknown>): Promise<unknown> {
  label: for await (const x of source) { try { throw x; } catch { break label; } }
  return undefined;
}
export async function run(method: string) {
  const s: ClientReadableStream<unknown> = dyn[method]();
  const t: ClientReadableStream<unknown> | undefined = dyn?.[method]?.();
  let u: ClientReadableStream<unknown>;
  u = dyn.watch();
  const v: ClientReadableStream<unknown> = await dyn.watch();
  Readable.from(...[s]);
  Readable.from(dyn.watch() as ClientReadableStream<unknown>);
  await first(u, 1);
  (Readable as any).from(v);
  return [new (Pumps as any)(s), t, new (class extends Pumps<unknown> { async abstractPump() {} })(dyn.watch())];
}`);
    expectCleanRun(messages);
  });

  it('on odd single-flight guards, exposed servers and stored handlers (any, generics, overloads, declare, computed, destructuring)', async () => {
    const messages = await lint(`${IMPORTS}
import * as http2 from 'node:http2';
import { Server } from '@grpc/grpc-js';
declare const anyFlight: any;
declare class Ambient { flight: Promise<void> | null; join(): Promise<void>; }
let moduleFlight: Promise<void> | undefined;
export function joinAny(): Promise<void> {
  return (moduleFlight ??= anyFlight());
}
export class Guarded<T> {
  [key: string]: unknown;
  private p: Promise<T> | null = null;
  handler: ((value: T) => Promise<void>) | undefined;
  load(): Promise<T>;
  load(force: boolean): Promise<T>;
  load(force?: boolean): Promise<T> {
    if (this.p && !force) return this.p;
    this.p = (async () => { await this.handler?.(undefined as T); return this.load(); })();
    this['p'] = this.p;
    return this.p;
  }
  get server(): Server { return new Server(); }
  stop(): void { this.server.tryShutdown(() => {}); const { server } = this; server.forceShutdown(); }
}
export class Exposed {
  readonly #h2 = http2.createServer(anyFlight);
  get h2() { return this.#h2; }
  ['stop']() { this.#h2.close(); }
}
const g = new Guarded<number>();
g.handler = anyFlight;
g.handler = async function (this: unknown) {};
export const { h2 } = new Exposed();
`);
    expectCleanRun(messages);
  });

  it('on odd stream and streaming-handler shapes (any, generics, overloads, decorators, declare, computed keys, this[key])', async () => {
    const messages = await lint(`${IMPORTS}
import { once } from 'node:events';
import type { ClientReadableStream, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { EventServiceServer, WatchEvent, WatchRequest } from './generated/grpc-js/demo/v1/demo.js';
declare const anyClient: any;
declare const events: EventServiceClient;
declare function keep<T>(value: T): T;
declare function decorate(value: unknown, context: ClassMethodDecoratorContext): void;
const key = 'watch' as const;
export class Streams<T extends ClientReadableStream<WatchEvent>> {
  [key: string]: unknown;
  declare readonly declared: ClientReadableStream<WatchEvent>;
  private held = events.watch({ topic: 'x', sinceRevision: 0 });
  open(): T;
  open(topic: string): T;
  open(topic?: string): T {
    const call = keep(events.watch({ topic: topic ?? '', sinceRevision: 0 })) as T;
    (this as Record<string, unknown>)[String(topic)] = call;
    call.on('data', () => {});
    return call;
  }
  @decorate
  async read(): Promise<void> {
    const call = anyClient[key]({});
    call.on('data', () => {});
    this.held.on('data', () => {});
    this.held[Symbol.asyncIterator]();
    using _d = { [Symbol.dispose]: () => this.held.cancel() };
    const [first] = await once(this.held, 'data');
    void first;
  }
}
const handlers = { [key]: (call: ServerWritableStream<WatchRequest, WatchEvent>) => setInterval(() => call.write({} as WatchEvent), 1) };
export const impl: UntypedServiceImplementation = {
  ...handlers,
  ['exchange']: (call: any) => { while (true) call.write(1); },
  async *nothing(this: unknown, ...args: unknown[]) { for await (const x of args as never) yield x; },
};
export const typed: Partial<EventServiceServer> = {
  watch({ request, write }) { setInterval(() => write.call(null, request as never), 1); },
};
export default { watch: async function* (request: unknown, { signal, ...rest }: { signal: AbortSignal }) { while (true) if (rest) yield await once(new (class extends EventTarget {})(), 'x', { signal }); } };
`);
    expectCleanRun(messages);
  });

  it('on odd handler and callback shapes (computed keys, getters, rest, defaults, destructuring, arguments, overloads, generics, declare, any)', async () => {
    const messages = await lint(`${IMPORTS}
import { Server, ServerCredentials, type handleUnaryCall, type sendUnaryData, type ServerUnaryCall, type UntypedHandleCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { EventServiceService, type EventServiceServer, type PingRequest, type PingResponse } from './generated/grpc-js/demo/v1/demo.js';
declare const anyImpl: any;
declare const load: (id: string) => Promise<PingResponse>;
const key = 'ping' as const;
const server = new Server();
export class Impl<T> implements Partial<EventServiceServer> {
  [name: string]: UntypedHandleCall | unknown;
  declare readonly declared: handleUnaryCall<PingRequest, PingResponse>;
  get ping(): handleUnaryCall<PingRequest, PingResponse> { return async (call, cb) => cb(null, await load(call.request.message)); }
  upload(call: any): void;
  upload(call: any, cb?: sendUnaryData<unknown>): void { cb?.(null, {} as T); }
  async #hidden(call: ServerUnaryCall<PingRequest, PingResponse>) { await load(call.request.message); }
  static async helper(this: void, call: unknown, cb: unknown) { await load(String(call)); void cb; }
}
server.addService(EventServiceService, {
  ...anyImpl,
  [key]: async (...args: [ServerUnaryCall<PingRequest, PingResponse>, sendUnaryData<PingResponse>]) => args[1](null, await load('x')),
  watch: async function (this: unknown, { request }: any = {}) { await load(String(request)); },
  upload: async function (call: any, cb: any) { if (arguments.length) cb(null, await load(call)); },
  set exchange(value: unknown) { void value; },
} as UntypedServiceImplementation);
server.addService(anyImpl, anyImpl);
anyImpl.ping({}, (err: unknown, res: any) => res.x);
server.bindAsync('x', ServerCredentials.createInsecure(), function (this: unknown) { void arguments; });
server.bindAsync('x', ServerCredentials.createInsecure(), async ({ message }: any = {}) => { await load(message); });
export const generic = <Req, Res>(fn: (r: Req) => Promise<Res>): handleUnaryCall<Req, Res> => async (call, cb) => { using _d = { [Symbol.dispose]() {} }; cb(null, await fn(call.request)); };
`);
    expectCleanRun(messages);
  });

  it('on a .js file in a typed project (allowJs)', async () => {
    const file = path.join(fixturesDir, 'cases/robustness/js/client.js');
    const [result] = await eslint.lintFiles([file]);
    expectCleanRun(result!.messages);
  });

  it('on deep nesting', async () => {
    const depth = 200;
    const blocks = `${'if (address) {\n'.repeat(depth)}const client = new Client(address, credentials.createInsecure()); client.close();\n${'}\n'.repeat(depth)}`;
    const arrows = `export const curried = ${'(a: string) => '.repeat(depth)}new Client('x', credentials.createInsecure());`;
    const parens = `export const v = ${'('.repeat(depth)}new Client('x', credentials.createInsecure())${')'.repeat(depth)};`;
    const closures = `${'(() => {\n'.repeat(depth / 2)}new Client('x', credentials.createInsecure());\n${'})();\n'.repeat(depth / 2)}`;
    const messages = await lint(`${IMPORTS}
export function f(address: string) {
${blocks}
${closures}
}
${arrows}
${parens}`);
    expectCleanRun(messages);
  });
});

describe('syntax errors are ESLint parse errors, not crashes', () => {
  const broken = [
    'export function f( {',
    'const client = new Client(;',
    'for await (const x of) {}',
    'class { close() }',
    'await using = 1;',
    '@ class X {}',
    'if (a) { const c = new Client("x", credentials.createInsecure());',
    '}}}}',
    'const x = `unterminated',
    'function f(): { return 1 }',
  ];
  it.each(broken)('%s', async (code) => {
    const messages = await lint(`${IMPORTS}\n${code}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, severity: 2, ruleId: null });
  });
});

describe('size and paths', () => {
  it('lints fixtures/generated/** (the largest generated files) without a crash or a report', async () => {
    const dir = path.join(fixturesDir, 'generated');
    const files = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f));
    expect(files.length).toBeGreaterThan(10);
    const results = await eslint.lintFiles(files);
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId !== null || m.fatal))).toEqual([]);
  });

  it('lints a 15 000-line generated file', async () => {
    const count = 1500;
    const body = Array.from(
      { length: count },
      (_, i) => `export function f${i}(address: string): string {
  const client = new Client(address, credentials.createInsecure());${i % 2 === 0 ? '' : '\n  try {'}
    const target = client.getChannel().getTarget();${i % 2 === 0 ? '' : '\n  } finally {\n    client.close();\n  }'}
  return target;
}`.replace('  return target;', i % 2 === 0 ? '  return target;' : '  return address;'),
    ).join('\n');
    const messages = await lint(`${IMPORTS}\n${body}`);
    expectCleanRun(messages);
    // Every even function leaks its client; the odd ones close it in `finally`.
    expect(byRule(messages, 'rpc/no-unclosed-client')).toHaveLength(count / 2);
  });

  // 20 sequential `if`s: 2^20 paths from the creation to the exit.
  const ifs = Array.from({ length: 20 }, (_, i) => `  if (flags[${i}]) count += ${i}; else count -= 1;`).join('\n');
  const pathExplosion = {
    'closed on every path': `export function f(address: string, flags: boolean[]): number {
  const client = new Client(address, credentials.createInsecure());
  let count = 0;
${ifs}
  client.close();
  return count;
}`,
    'leaking on one path': `export function f(address: string, flags: boolean[]): number {
  const client = new Client(address, credentials.createInsecure());
  let count = 0;
${ifs}
  if (count > 100) return count;
  client.close();
  return count;
}`,
  };

  // The same for a unary handler's callback: 2^20 paths from its start to its end, and 20 tests that cannot fail.
  const handlerExplosion = `import { Server } from '@grpc/grpc-js';
import { EventServiceService } from './generated/grpc-js/demo/v1/demo.js';
new Server().addService(EventServiceService, {
  ping(call, cb) {
    const flags = call.request.message.split('');
    let count = 0;
${ifs}
${Array.from({ length: 20 }, (_, i) => `    if (call.request) count += ${i};`).join('\n')}
    if (count > 100) return;
    cb(null, { message: String(count), serverTime: 0 });
  },
});`;

  it('2^20 paths in a unary handler, one without an answer, lint in under 1 s', async () => {
    await lint(`${IMPORTS}\nexport const warm = 1;`);
    const start = performance.now();
    const messages = await lint(`${IMPORTS}\n${handlerExplosion}`);
    const ms = performance.now() - start;
    expectCleanRun(messages);
    expect(byRule(messages, 'rpc/require-handler-completion')).toHaveLength(1);
    expect(ms).toBeLessThan(1000);
  });

  it.each(Object.entries(pathExplosion))('2^20 paths, %s, lint in under 1 s', async (name, code) => {
    await lint(`${IMPORTS}\nexport const warm = 1;`); // the program is built outside the timing
    const start = performance.now();
    const messages = await lint(`${IMPORTS}\n${code}`);
    const ms = performance.now() - start;
    expectCleanRun(messages);
    expect(byRule(messages, 'rpc/no-unclosed-client')).toHaveLength(name === 'leaking on one path' ? 1 : 0);
    expect(ms).toBeLessThan(1000);
  });
});

describe('fuzz: random token soups (fixed seed)', () => {
  // mulberry32: a small deterministic PRNG, so a failure names a reproducible input.
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const TOKENS = (
    'new Client ( ) { } [ ] ; , . => = ?? ?. ! : const let using await async function return break continue throw ' +
    'try finally catch if else for of in while yield class extends this close abort cancel runExclusive acquire release ' +
    "destroy once 'data' 'end' client channel mutex stream createChannel credentials.createInsecure() address 0 1 ` ${ } " +
    '@ # < > + - * / && || typeof as satisfies declare enum interface type x y z'
  ).split(' ');
  const STATEMENTS = [
    'const client = new Client(address, credentials.createInsecure());',
    'const channel = createChannel(address);',
    'client.close();',
    'channel.close();',
    'if (address) return client;',
    'for (const x of [1, 2]) { if (x) break; }',
    'try { await mutex.runExclusive(async () => { client.close(); }); } finally { channel.close(); }',
    'await using c = { async [Symbol.asyncDispose]() {} };',
    'throw new Error(address);',
    'const f = async () => { for await (const m of stream) { if (m) return m; } };',
    'this.client = client;',
    'while (address) { await mutex.acquire(); }',
  ];
  const random = prng(0xc0ffee);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const soups = Array.from({ length: 300 }, (_, i) => {
    if (i % 2 === 0) {
      const tokens = Array.from({ length: 5 + Math.floor(random() * 60) }, () => pick(TOKENS));
      return tokens.join(random() < 0.5 ? ' ' : '\n');
    }
    const statements = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(STATEMENTS));
    if (random() < 0.3) statements.splice(Math.floor(random() * statements.length), 0, pick(TOKENS));
    return `export async function f${i}(address: string, stream: AsyncIterable<unknown>, mutex: Mutex) {\n${statements.join('\n')}\n}`;
  });

  it('300 inputs: no rule throws', async () => {
    let parsed = 0;
    for (const [i, soup] of soups.entries()) {
      let messages: Linter.LintMessage[];
      try {
        messages = await lint(`${IMPORTS}\n${soup}`);
      } catch (error) {
        throw new Error(`fuzz input #${i} crashed:\n${soup}\n---\n${String((error as Error).stack)}`);
      }
      const fatal = messages.filter((m) => m.fatal);
      expect(fatal.length <= 1, `input #${i}`).toBe(true);
      if (fatal.length === 0) parsed++;
      expect(messages.filter((m) => !m.fatal && !m.ruleId?.startsWith('rpc/')), `input #${i}`).toEqual([]);
    }
    // The structured half mostly parses, so the rules really run on it.
    expect(parsed).toBeGreaterThan(80);
  });
});

describe('configuration errors are clear', () => {
  it.each(allRules)('%s: invalid options are a schema error naming the rule', async (ruleId) => {
    for (const options of [[{ notAnOption: true }], ['a string'], [1, 2, 3]]) {
      const instance = eslintWith({ rules: { [ruleId]: ['error', ...options] } });
      await expect(lint('export {};', instance)).rejects.toThrow(new RegExp(`"${ruleId}"[\\s\\S]*(Value|should|must)`));
    }
  });

  const badSettings: [unknown, string][] = [
    [{ nope: true }, 'settings.rpc.nope'],
    ['yes', 'settings.rpc'],
    [{ resources: {} }, 'settings.rpc.resources'],
    [{ resources: [{ type: 1, close: ['close'] }] }, 'settings.rpc.resources[0].type'],
    [{ resources: [{ type: 'X', close: [] }] }, 'settings.rpc.resources[0].close'],
  ];

  it.each(badSettings)('invalid settings.rpc %j: an error naming %s', async (value, key) => {
    const instance = eslintWith({ settings: { rpc: value } });
    const escaped = key.replace(/[.[\]]/g, (c) => `\\${c}`);
    // ESLint prefixes "Error while loading rule 'rpc/…': " and appends the file.
    await expect(lint(`${IMPORTS}\nexport {};`, instance)).rejects.toThrow(new RegExp(`'rpc/[\\w-]+': eslint-plugin-rpc: invalid ${escaped}: `));
  });

  it.each(allRules)('%s: invalid settings.rpc fail with the settings error, nothing else', (ruleId) => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [typed, { plugins: { rpc }, rules: { [ruleId]: 'error' }, settings: { rpc: { nope: true } } }];
    let thrown: unknown;
    let messages: Linter.LintMessage[] = [];
    try {
      messages = linter.verify(`${IMPORTS}\nexport {};`, config, fileTs);
    } catch (error) {
      thrown = error;
    }
    if (thrown !== undefined) {
      // A rule that reads settings.rpc throws the settings error, naming the key…
      expect(String((thrown as Error).message)).toMatch(new RegExp(`^Error while loading rule '${ruleId}': eslint-plugin-rpc: invalid settings\\.rpc\\.nope: `));
    } else {
      // …and one that does not read it runs normally.
      expect(messages.filter((m) => m.fatal)).toEqual([]);
    }
  });

  describe('a file without type information: typescript-eslint’s error, once', () => {
    const standard = 'You have used a rule which requires type information';
    const cases: [string, Linter.Config[], string][] = [
      ['a .ts file parsed without project or projectService', [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, rpc.configs.all], 'file.ts'],
      ['a .js file parsed by espree, rules enabled for it by hand', [{ files: ['**/*.js'], plugins: { rpc }, rules: rpc.configs.all.rules }], 'file.js'],
    ];
    it('the presets apply to TypeScript files only, so eslint.config.js is not linted by typed rules', () => {
      const linter = new Linter({ configType: 'flat' });
      const messages = linter.verify('export default [];\n', [{ files: ['**/*.js'] }, rpc.configs.recommended], path.join(fixturesDir, 'eslint.config.js'));
      expect(messages).toEqual([]);
    });

    it.each(cases)('%s', (_name, config, file) => {
      const linter = new Linter({ configType: 'flat' });
      let thrown: Error | undefined;
      try {
        linter.verify('export const x = 1;\n', config, path.join(fixturesDir, file));
      } catch (error) {
        thrown = error as Error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown!.message.split(standard)).toHaveLength(2);
      expect(thrown!.message).toMatch(/Rule: "rpc\/[\w-]+"|rpc\/[\w-]+/);
    });
  });
});
