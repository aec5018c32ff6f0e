import rule from '../../rules/no-wait-in-resolver-destroy.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports and helpers take lines 2–7, so each body starts at line 8.
const imports = `
import { experimental, type ChannelOptions } from '@grpc/grpc-js';
import { execSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { discovery, drainLookups, registerDiscovery } from './cases/resolver-registry.js';
import { readFile } from 'node:fs/promises'; import { createChannel, createClient } from 'nice-grpc'; import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js'; import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js'; import { credentials } from '@grpc/grpc-js'; import { Mutex } from 'async-mutex';
const ok = (hosts: string[]) => experimental.statusOrFromValue(hosts.map((host) => ({ addresses: [{ host, port: 443 }] })));`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 7 + n;

/** The constructor of a grpc-js 1.14 resolver (function listener), one line. */
const ctor = `  constructor(private readonly target: experimental.GrpcUri, private readonly listener: experimental.ResolverListener, _options: ChannelOptions) {}`;

createRuleTester().run('no-wait-in-resolver-destroy', rule, {
  valid: [
    {
      name: 'the DNS-style resolver: timers cleared, a generation flag, stale results dropped, the first answer deferred with setImmediate',
      code: code(`class DnsLikeResolver implements experimental.Resolver {
  private generation = 0;
  private refresh: NodeJS.Timeout | undefined;
  private pending: Promise<unknown> | null = null;
${ctor}
  updateResolution(): void {
    if (this.target.path === 'localhost') {
      setImmediate(() => this.listener(ok(['127.0.0.1']), {}, null, ''));
      return;
    }
    const generation = this.generation;
    const pending = (this.pending = lookup(this.target.path, { all: true }));
    pending.then(
      (addresses) => {
        if (generation !== this.generation || this.pending !== pending) return;
        this.pending = null;
        this.listener(ok(addresses.map((a) => a.address)), {}, null, '');
        this.startRefreshTimer();
      },
      () => {
        if (this.isStale(generation)) return;
        this.publishFailure();
      },
    );
  }
  private isStale(generation: number): boolean {
    return generation !== this.generation;
  }
  private publishFailure(): void {
    this.listener(ok([]), {}, null, 'lookup failed');
  }
  private startRefreshTimer(): void {
    clearTimeout(this.refresh);
    this.refresh = setTimeout(() => this.updateResolution(), 30_000);
  }
  private stopRefreshTimer(): void {
    clearTimeout(this.refresh);
  }
  destroy(): void {
    this.generation++;
    this.pending = null;
    this.stopRefreshTimer();
  }
}`),
    },
    {
      name: 'grpc-js UDS/IP style: the only listener call is deferred one tick (process.nextTick with the listener, or a callback)',
      code: code(`class StaticResolver implements experimental.Resolver {
  private returned = false;
${ctor}
  updateResolution(): void {
    if (this.returned) return;
    this.returned = true;
    if (this.target.path === '') process.nextTick(this.listener, ok([]), {}, null, '');
    else process.nextTick(() => this.listener(ok([this.target.path]), {}, null, ''));
  }
  destroy(): void {
    this.returned = false;
  }
}`),
    },
    {
      name: 'an abort signal passed to the lookup and aborted in destroy(); callbacks check signal.aborted',
      code: code(`class AbortingResolver implements experimental.Resolver {
  private controller = new AbortController();
${ctor}
  updateResolution(): void {
    void this.watch(this.controller.signal);
  }
  private async watch(signal: AbortSignal): Promise<void> {
    const response = await fetch(\`http://registry/\${this.target.path}\`, { signal });
    const hosts = (await response.json()) as string[];
    if (signal.aborted) return;
    this.listener(ok(hosts), {}, null, '');
  }
  destroy(): void {
    this.controller.abort();
    this.controller = new AbortController();
  }
}`),
    },
    {
      name: 'work started with a signal that destroy() aborts, or held in a field that destroy() cancels: its callbacks stop by themselves',
      code: code(`const events = createClient(EventServiceDefinition, createChannel('consul:8502'));
const grpcEvents = new EventServiceClient('consul:8502', credentials.createInsecure());
class CancellingResolver implements experimental.Resolver {
  private controller = new AbortController();
  private call: ReturnType<EventServiceClient['watch']> | undefined;
${ctor}
  updateResolution(): void {
    void this.watch();
    const { signal } = this.controller;
    readFile(this.target.path, { encoding: 'utf8', signal }).then((text) => this.listener(ok(text.split(',')), {}, null, ''));
    const call = (this.call = grpcEvents.watch({ topic: this.target.path, fromRevision: 0 }));
    call.on('data', () => this.listener(ok([]), {}, null, ''));
    call.on('error', () => {});
  }
  private async watch(): Promise<void> {
    for await (const event of events.watch({ topic: this.target.path }, { signal: this.controller.signal })) {
      this.listener(ok(event.payload.split(',')), {}, null, '');
    }
  }
  destroy(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.call?.cancel();
  }
}`),
    },
    {
      name: 'timers kept through a local, in a collection, or cast; a watcher held in a field that destroy() closes; Promise.resolve().then deferral',
      code: code(`declare class Watcher { constructor(onChange: (hosts: string[]) => void); close(): void }
class KeepingResolver implements experimental.Resolver {
  private retry: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private poll: NodeJS.Timeout | undefined;
  private watcher: Watcher | undefined;
${ctor}
  updateResolution(): void {
    const retry = setTimeout(() => this.updateResolution(), 1_000);
    this.retry = retry;
    this.timers.add(setTimeout(() => this.updateResolution(), 5_000));
    this.poll = setInterval(() => this.updateResolution(), 60_000);
    this.watcher = new Watcher((hosts) => this.listener(ok(hosts), {}, null, ''));
    void Promise.resolve().then(() => this.listener(ok([]), {}, null, 'initial'));
  }
  destroy(): void {
    clearTimeout(this.retry);
    this.timers.forEach(clearTimeout);
    clearInterval(this.poll as NodeJS.Timeout);
    this.watcher?.close();
  }
}`),
    },
    {
      name: 'a timer that destroy() clears cannot call the listener after it: inline, through a helper, kept through a local, setInterval',
      code: code(`class PollingResolver implements experimental.Resolver {
  private first: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
${ctor}
  updateResolution(): void {
    this.first = setTimeout(() => this.listener(ok([this.target.path]), {}, null, ''), 0);
    this.poll = setInterval(() => this.publish(), 30_000);
    const retry = setTimeout(this.publish.bind(this), 5_000);
    this.retry = retry;
  }
  private publish(): void {
    this.listener(ok([this.target.path]), {}, null, '');
  }
  destroy(): void {
    clearTimeout(this.first);
    clearInterval(this.poll);
    this.stopRetry();
  }
  private stopRetry(): void {
    clearTimeout(this.retry);
  }
}`),
    },
    {
      name: 'a watch listener that destroy() removes (off / removeListener / removeAllListeners) cannot call the listener after it (discovery in another file)',
      code: code(`class WatchingResolver implements experimental.Resolver {
${ctor}
  private readonly onHosts = (hosts: string[]) => this.listener(ok(hosts), {}, null, '');
  private readonly onDown = (): void => {
    this.listener(ok([]), {}, null, 'discovery down');
  };
  updateResolution(): void {
    discovery.on('hosts', this.onHosts);
    discovery.addListener('down', this.onDown);
    discovery.on('reset', () => this.listener(ok([]), {}, null, 'reset'));
  }
  destroy(): void {
    discovery.off('hosts', this.onHosts);
    discovery.removeListener('down', this.onDown);
    discovery.removeAllListeners('reset');
  }
}`),
    },
    {
      name: 'destroy() replaces the listener: late calls reach the replacement',
      code: code(`class SwappingResolver implements experimental.Resolver {
  private listener: experimental.ResolverListener;
  constructor(private readonly target: experimental.GrpcUri, listener: experimental.ResolverListener, _options: ChannelOptions) {
    this.listener = listener;
  }
  updateResolution(): void {
    void lookup(this.target.path, { all: true }).then((addresses) => this.listener(ok(addresses.map((a) => a.address)), {}, null, ''));
  }
  destroy(): void {
    this.listener = () => true;
  }
}`),
    },
    {
      name: 'a class with an async destroy() that awaits is no resolver: nothing implements or registers it',
      code: code(`export class EndpointCache {
  private readonly entries = new Map<string, string[]>();
  async destroy(): Promise<void> {
    await Promise.resolve([...this.entries.keys()]);
    this.entries.clear();
  }
}`),
    },
    {
      name: 'destroy() that only swallows a rejection with .catch, drains a queue, and calls a synchronous helper',
      code: code(`class QueueResolver implements experimental.Resolver {
  private destroyed = false;
  private readonly queue: AbortController[] = [];
  private last: Promise<void> | null = null;
${ctor}
  updateResolution(): void {
    this.destroyed = false;
  }
  private reset(): void {
    this.destroyed = true;
  }
  destroy(): void {
    this.last?.catch(() => {});
    while (this.queue.length > 0) this.queue.pop()!.abort();
    this.reset();
  }
}`),
    },
    {
      name: 'destroy() cancels the lock waiters without taking the lock (article 000, good)',
      code: code(`class CancellingLockResolver implements experimental.Resolver {
  private readonly mu = new Mutex();
  private generation = 0;
${ctor}
  updateResolution(): void {
    const generation = this.generation;
    void this.mu.runExclusive(async () => {
      const hosts = await lookup(this.target.path, { all: true });
      if (generation !== this.generation) return;
      this.listener(ok(hosts.map((h) => h.address)), {}, null, '');
    });
  }
  destroy(): void {
    this.generation++;
    this.mu.cancel();
  }
}`),
    },
    {
      name: 'a load balancer whose destroy() only signals',
      code: code(`class QuietBalancer implements experimental.LoadBalancer {
  private timer: NodeJS.Timeout | undefined;
  updateAddressList(): boolean {
    return true;
  }
  exitIdle(): void {}
  resetBackoff(): void {}
  destroy(): void {
    clearTimeout(this.timer);
  }
  getTypeName(): string {
    return 'quiet';
  }
}`),
    },
    {
      name: 'a timer whose callback checks the flag destroy() sets, and a sleep timer that does no work',
      code: code(`class PollingResolver implements experimental.Resolver {
  private stopped = false;
${ctor}
  updateResolution(): void {
    this.stopped = false;
    setTimeout(() => {
      if (!this.stopped) this.updateResolution();
    }, 1_000);
    void new Promise((resolve) => setTimeout(resolve, 10));
  }
  destroy(): void {
    this.stopped = true;
  }
}`),
    },
    {
      name: 'any: an any-typed base class, an any-typed registration, an any-typed helper in destroy() say nothing (no crash)',
      code: code(`declare const Base: any;
declare const factory: any;
class Unknown extends Base {
  async destroy(): Promise<void> {
    await Promise.resolve();
  }
}
experimental.registerResolver('unknown', factory);
class AnyHelpers implements experimental.Resolver {
  constructor(_target: experimental.GrpcUri, private readonly listener: any) {}
  updateResolution(): void {
    setImmediate(() => this.listener.onSuccessfulResolution([]));
  }
  destroy(): void {
    (globalThis as any).flushEverything(this.listener);
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'article 000: async destroy() awaiting the in-flight lookups (function listener)',
      code: code(`class ConsulResolver implements experimental.Resolver {
  private readonly inflight = new Set<Promise<void>>();
${ctor}
  updateResolution(): void {}
  async destroy(): Promise<void> {
    await Promise.allSettled(this.inflight);
  }
}`),
      errors: [{ messageId: 'awaitInDestroy', data: { cls: 'ConsulResolver', what: '`await Promise.allSettled(this.inflight)`' }, line: at(6), column: 5, endLine: at(6), endColumn: 44 }],
    },
    {
      name: 'an async destroy() with nothing to await, and a destroy() that returns a promise',
      code: code(`class FileResolver implements experimental.Resolver {
${ctor}
  updateResolution(): void {}
  async destroy(): Promise<void> {}
}
class FlushingResolver implements experimental.Resolver {
${ctor}
  updateResolution(): void {}
  destroy() {
    return Promise.resolve();
  }
}`),
      errors: [
        { messageId: 'asyncDestroy', data: { cls: 'FileResolver' }, line: at(4), column: 9, endLine: at(4), endColumn: 16 },
        { messageId: 'asyncDestroy', data: { cls: 'FlushingResolver' }, line: at(9), column: 3, endLine: at(9), endColumn: 10 },
      ],
    },
    {
      name: 'destroy() chains .then on the in-flight lookup',
      code: code(`class RegistryResolver implements experimental.Resolver {
  private lookup: Promise<void> | undefined;
  private refresh: NodeJS.Timeout | undefined;
${ctor}
  updateResolution(): void {}
  destroy(): void {
    void this.lookup?.then(() => clearTimeout(this.refresh));
  }
}`),
      errors: [{ messageId: 'awaitInDestroy', data: { cls: 'RegistryResolver', what: '`this.lookup?.then(…)`' }, line: at(7), column: 10, endLine: at(7), endColumn: 61 }],
    },
    {
      name: 'destroy() calls a helper (in another file) that awaits: through the summary',
      code: code(`class DrainingResolver implements experimental.Resolver {
  private readonly inflight = new Set<Promise<void>>();
${ctor}
  updateResolution(): void {}
  private stop(): void {
    void drainLookups(this.inflight);
  }
  destroy(): void {
    this.stop();
  }
}`),
      errors: [
        {
          messageId: 'awaitInDestroy',
          data: { cls: 'DrainingResolver', what: '`this.stop()`, which calls `drainLookups()`, which runs `await Promise.allSettled(lookups)`' },
          line: at(9),
          column: 5,
          endLine: at(9),
          endColumn: 16,
        },
      ],
    },
    {
      name: 'destroy() takes a lock: runExclusive, an awaited acquire(), and through a helper (lock facts)',
      code: code(`class LockingResolver implements experimental.Resolver {
  private readonly mu = new Mutex();
  private destroyed = false;
${ctor}
  updateResolution(): void {}
  private markDestroyed(): Promise<void> {
    return this.mu.runExclusive(() => {
      this.destroyed = true;
    });
  }
  async destroy(): Promise<void> {
    void this.mu.runExclusive(() => {
      this.destroyed = true;
    });
    const release = await this.mu.acquire();
    release();
    void this.markDestroyed();
  }
}`),
      errors: [
        { messageId: 'lockInDestroy', data: { cls: 'LockingResolver', lock: '`this.mu`', via: '' }, line: at(12), column: 10, endLine: at(14), endColumn: 7 },
        { messageId: 'lockInDestroy', data: { cls: 'LockingResolver', lock: '`this.mu`', via: '' }, line: at(15), column: 27, endLine: at(15), endColumn: 44 },
        { messageId: 'lockInDestroy', data: { cls: 'LockingResolver', lock: '`this.mu`', via: ' (through `markDestroyed()`)' }, line: at(17), column: 10, endLine: at(17), endColumn: 30 },
      ],
    },
    {
      name: 'destroy() blocks: a busy loop on instance state, Atomics.wait, execSync',
      code: code(`class SpinningResolver implements experimental.Resolver {
  private busy = false;
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));
${ctor}
  updateResolution(): void {}
  destroy(): void {
    while (this.busy) {}
    Atomics.wait(this.cell, 0, 0, 100);
    execSync('consul leave');
  }
}`),
      errors: [
        { messageId: 'blockingDestroy', data: { cls: 'SpinningResolver', what: 'a busy loop on `this.busy`' }, line: at(7), column: 5, endLine: at(7), endColumn: 25 },
        { messageId: 'blockingDestroy', data: { cls: 'SpinningResolver', what: '`Atomics.wait(…)`' }, line: at(8), column: 5, endLine: at(8), endColumn: 39 },
        { messageId: 'blockingDestroy', data: { cls: 'SpinningResolver', what: '`execSync(…)`' }, line: at(9), column: 5, endLine: at(9), endColumn: 29 },
      ],
    },
    {
      name: 'a lookup callback calls the listener with no check after destroy() (function listener)',
      code: code(`class LateResolver implements experimental.Resolver {
  private destroyed = false;
${ctor}
  updateResolution(): void {
    lookup(this.target.path, { all: true }).then((addresses) => {
      this.listener(ok(addresses.map((a) => a.address)), {}, null, '');
    });
  }
  destroy(): void {
    this.destroyed = true;
  }
}`),
      errors: [{ messageId: 'unguardedListener', data: { listener: 'this.listener' }, line: at(6), column: 7, endLine: at(6), endColumn: 71 }],
    },
    {
      name: 'a timer whose handle destroy() never clears still calls the listener after it',
      code: code(`class LeakyPollingResolver implements experimental.Resolver {
  private first: NodeJS.Timeout | undefined;
  private other: NodeJS.Timeout | undefined;
${ctor}
  updateResolution(): void {
    this.first = setTimeout(() => this.listener(ok([this.target.path]), {}, null, ''), 0);
  }
  destroy(): void {
    clearTimeout(this.other);
  }
}`),
      errors: [
        { messageId: 'uncancelledWork', data: { timer: 'setTimeout', member: 'updateResolution', clear: 'clearTimeout' }, line: at(6), column: 18, endLine: at(6), endColumn: 90 },
        { messageId: 'unguardedListener', data: { listener: 'this.listener' }, line: at(6), column: 35, endLine: at(6), endColumn: 86 },
      ],
    },
    {
      name: 'a watch listener removed under another event, or as a new bound function, keeps firing after destroy()',
      code: code(`class LeakyWatchingResolver implements experimental.Resolver {
${ctor}
  private readonly onHosts = (hosts: string[]) => this.listener(ok(hosts), {}, null, '');
  private onDown(): void {
    this.listener(ok([]), {}, null, 'discovery down');
  }
  updateResolution(): void {
    discovery.on('hosts', this.onHosts);
    discovery.on('down', this.onDown.bind(this));
  }
  destroy(): void {
    discovery.off('update', this.onHosts);
    discovery.off('down', this.onDown.bind(this));
  }
}`),
      errors: [
        { messageId: 'unguardedListener', data: { listener: 'this.listener' }, line: at(3), column: 51, endLine: at(3), endColumn: 89 },
        { messageId: 'unguardedListener', data: { listener: 'this.listener' }, line: at(5), column: 5, endLine: at(5), endColumn: 54 },
      ],
    },
    {
      name: 'a signal passed to the lookup that destroy() never aborts does not count',
      code: code(`class NeverAborts implements experimental.Resolver {
  private readonly controller = new AbortController();
${ctor}
  updateResolution(): void {
    readFile(this.target.path, { encoding: 'utf8', signal: this.controller.signal }).then((text) => {
      this.listener(ok(text.split(',')), {}, null, '');
    });
  }
  destroy(): void {}
}`),
      errors: [{ messageId: 'unguardedListener', data: { listener: 'this.listener' }, line: at(6), column: 7, endLine: at(6), endColumn: 55 }],
    },
    {
      name: 'the older object listener: onSuccessfulResolution after an await, onError synchronously in updateResolution',
      code: code(`interface LegacyListener {
  onSuccessfulResolution(addresses: string[]): void;
  onError(error: Error): void;
}
class LegacyResolver implements experimental.Resolver {
  private closed = false;
  constructor(private readonly target: experimental.GrpcUri, private readonly listener: LegacyListener) {}
  updateResolution(): void {
    if (this.target.path === '') this.listener.onError(new Error('empty target'));
    else void this.resolve();
  }
  private async resolve(): Promise<void> {
    const addresses = await lookup(this.target.path, { all: true });
    this.listener.onSuccessfulResolution(addresses.map((a) => a.address));
  }
  destroy(): void {
    this.closed = true;
  }
}`),
      errors: [
        { messageId: 'syncListener', data: { listener: 'this.listener.onError', member: 'updateResolution', via: '' }, line: at(9), column: 34, endLine: at(9), endColumn: 82 },
        { messageId: 'unguardedListener', data: { listener: 'this.listener.onSuccessfulResolution' }, line: at(14), column: 5, endLine: at(14), endColumn: 74 },
      ],
    },
    {
      name: 'the listener called synchronously from the constructor through a helper, and from updateResolution',
      code: code(`class EagerResolver implements experimental.Resolver {
  private readonly listener: experimental.ResolverListener;
  constructor(target: experimental.GrpcUri, listener: experimental.ResolverListener, _options: ChannelOptions) {
    this.listener = listener;
    this.publish([target.path]);
  }
  private publish(hosts: string[]): void {
    this.listener(ok(hosts), {}, null, '');
  }
  updateResolution(): void {
    this.listener(ok([]), {}, null, '');
  }
  destroy(): void {}
}`),
      errors: [
        { messageId: 'syncListener', data: { listener: 'this.listener', member: 'constructor', via: ' (through `this.publish()`)' }, line: at(8), column: 5, endLine: at(8), endColumn: 43 },
        { messageId: 'syncListener', data: { listener: 'this.listener', member: 'updateResolution', via: '' }, line: at(11), column: 5, endLine: at(11), endColumn: 40 },
      ],
    },
    {
      name: 'timers started by updateResolution that destroy() neither clears nor makes them check',
      code: code(`class RefreshingResolver implements experimental.Resolver {
  private poll: NodeJS.Timeout | undefined;
${ctor}
  updateResolution(): void {
    setTimeout(() => this.updateResolution(), 30_000);
    this.poll = setInterval(this.updateResolution.bind(this), 60_000);
  }
  destroy(): void {
    this.poll = undefined;
  }
}`),
      errors: [
        { messageId: 'uncancelledWork', data: { timer: 'setTimeout', member: 'updateResolution', clear: 'clearTimeout' }, line: at(5), column: 5, endLine: at(5), endColumn: 54 },
        { messageId: 'uncancelledWork', data: { timer: 'setInterval', member: 'updateResolution', clear: 'clearInterval' }, line: at(6), column: 17, endLine: at(6), endColumn: 70 },
      ],
    },
    {
      name: 'timers kept in a collection that destroy() empties without clearing them',
      code: code(`class ForgetfulResolver implements experimental.Resolver {
  private readonly timers = new Set<NodeJS.Timeout>();
${ctor}
  updateResolution(): void {
    this.timers.add(setTimeout(() => this.updateResolution(), 5_000));
  }
  destroy(): void {
    this.timers.clear();
  }
}`),
      errors: [{ messageId: 'uncancelledWork', data: { timer: 'setTimeout', member: 'updateResolution', clear: 'clearTimeout' }, line: at(5), column: 21, endLine: at(5), endColumn: 69 }],
    },
    {
      name: 'a resolver declared here and registered in another file through a helper (no implements clause)',
      code: code(`class TeamResolver {
${ctor}
  updateResolution(): void {}
  async destroy(): Promise<void> {}
  static getDefaultAuthority(target: experimental.GrpcUri): string {
    return target.path;
  }
}
registerDiscovery('team', TeamResolver);`),
      errors: [{ messageId: 'asyncDestroy', data: { cls: 'TeamResolver' }, line: at(4), column: 9, endLine: at(4), endColumn: 16 }],
    },
    {
      name: 'a resolver registered through a variable, and a class expression',
      code: code(`class ViaVariable {
${ctor}
  updateResolution(): void {}
  async destroy(): Promise<void> {}
  static getDefaultAuthority(target: experimental.GrpcUri): string {
    return target.path;
  }
}
const Registered = ViaVariable;
experimental.registerResolver('variable', Registered);
experimental.registerResolver('inline', class {
${ctor}
  updateResolution(): void {}
  async destroy(): Promise<void> {}
  static getDefaultAuthority(target: experimental.GrpcUri): string {
    return target.path;
  }
});`),
      errors: [
        { messageId: 'asyncDestroy', data: { cls: 'ViaVariable' }, line: at(4), column: 9, endLine: at(4), endColumn: 16 },
        { messageId: 'asyncDestroy', data: { cls: 'this class' }, line: at(14), column: 9, endLine: at(14), endColumn: 16 },
      ],
    },
    {
      name: 'a load balancer whose destroy() awaits its children',
      code: code(`class DrainingBalancer implements experimental.LoadBalancer {
  private readonly children: Promise<void>[] = [];
  updateAddressList(): boolean {
    return true;
  }
  exitIdle(): void {}
  resetBackoff(): void {}
  async destroy(): Promise<void> {
    await Promise.all(this.children);
  }
  getTypeName(): string {
    return 'draining';
  }
}`),
      errors: [{ messageId: 'awaitInDestroy', data: { cls: 'DrainingBalancer', what: '`await Promise.all(this.children)`' }, line: at(9), column: 5, endLine: at(9), endColumn: 37 }],
    },
    {
      name: 'option: a team interface with the resolver contract',
      options: [{ resolvers: [{ from: 'file', name: 'DiscoveryWatcher' }], loadBalancers: [] }],
      code: code(`interface DiscoveryWatcher {
  updateResolution(): void;
  destroy(): void;
}
class ZkWatcher implements DiscoveryWatcher {
  updateResolution(): void {}
  async destroy(): Promise<void> {}
}`),
      errors: [{ messageId: 'asyncDestroy', data: { cls: 'ZkWatcher' }, line: at(7), column: 9, endLine: at(7), endColumn: 16 }],
    },
  ],
});
