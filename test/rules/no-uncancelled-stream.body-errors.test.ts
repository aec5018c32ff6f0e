// rpc/no-uncancelled-stream: an error thrown in a `for await` body leaves the loop. Reported when the
// code shows it expects that: a `catch` of the same function receives the error and goes on (logs,
// retries, returns) without cancelling the call, and no `finally` on the way cancels it.
import rule from '../../rules/no-uncancelled-stream.js';
import { runRuleTests } from '../relint-suggestions.js';

// Line 1 of every case is empty; imports and clients take lines 2–13, so each body starts at line 14.
const imports = `
import { setTimeout as sleep } from 'node:timers/promises';
import { credentials, type ClientReadableStream } from '@grpc/grpc-js';
import { createClient as createConnectClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createChannel, createClient as createNiceClient } from 'nice-grpc';
import { EventServiceClient, type WatchEvent } from './generated/grpc-js/demo/v1/demo.js';
import { EventService } from './generated/connect/demo/v1/demo_pb.js';
import { EventServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
const client = new EventServiceClient('localhost:50051', credentials.createInsecure());
const connect = createConnectClient(EventService, createGrpcTransport({ baseUrl: 'http://localhost:8080' }));
const nice = createNiceClient(EventServiceDefinition, createChannel('localhost:50051'));
declare function store(event: unknown): Promise<void>;`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 13 + n;

const grpcFix = (name: string): string => `Call \`${name}.cancel()\` in a \`finally\` around the loop`;

runRuleTests('no-uncancelled-stream', rule, {
  valid: [
    {
      name: 'a catch that rethrows hands the error (and the call) to the caller',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
    throw error;
  }
}`),
    },
    {
      name: 'limit: no catch in the function: the error propagates, and the caller decides',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  for await (const ev of call) await store(ev);
}`),
    },
    {
      name: 'a finally around the loop cancels the call on every way out',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
  } finally {
    call.cancel();
  }
}`),
    },
    {
      name: 'an inner finally between the loop and the catch cancels first',
      code: code(`export async function follow(topic: string) {
  try {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      for await (const ev of call) await store(ev);
    } finally {
      call.cancel();
    }
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
    },
    {
      name: 'the catch cancels the call before going on',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) await store(ev);
  } catch (error) {
    call.cancel();
    console.error('watch failed', error);
  }
}`),
    },
    {
      name: 'a body with nothing awaited: the catch is for the stream, whose error ends the call',
      code: code(`export async function follow(topic: string, seen: WatchEvent[]) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) seen.push(ev as WatchEvent);
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
    },
    {
      name: 'the await is caught inside the loop, which goes on reading',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      try {
        await store(ev);
      } catch (error) {
        console.error('store failed', error);
      }
    }
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
    },
    {
      name: 'the catch ends the process, and the call with it',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
    process.exit(1);
  }
}`),
    },
    {
      name: 'grpc-js: a deadline bounds the call',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 }, { deadline: Date.now() + 60_000 });
  try {
    for await (const ev of call) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
    },
    {
      name: 'connect: the controller whose signal the call got is aborted in finally',
      code: code(`export async function follow(topic: string) {
  const controller = new AbortController();
  try {
    for await (const ev of connect.watch({ topic }, { signal: controller.signal })) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
  } finally {
    controller.abort();
  }
}`),
    },
    {
      name: "connect: a signal from the caller ends the call (the caller's to abort)",
      code: code(`export async function follow(topic: string, signal: AbortSignal) {
  try {
    for await (const ev of connect.watch({ topic }, { signal })) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
    },
    {
      name: 'nice-grpc: leaving the loop cancels the call (the generator finally)',
      code: code(`export async function follow(topic: string) {
  try {
    for await (const ev of nice.watch({ topic })) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
    },
    {
      name: 'a call stored in a field is handed off: the class may cancel it',
      code: code(`export class Follower {
  call?: ClientReadableStream<WatchEvent>;
  async follow(topic: string) {
    const call = client.watch({ topic, sinceRevision: 0 });
    this.call = call;
    try {
      for await (const ev of call) await store(ev);
    } catch (error) {
      console.error('watch failed', error);
    }
  }
}`),
    },
    {
      name: 'a stream the loop does not own: a public method reads what its caller passes',
      code: code(`export class Follower {
  async drain(call: ClientReadableStream<WatchEvent>) {
    try {
      for await (const ev of call) await store(ev);
    } catch (error) {
      console.error('watch failed', error);
    }
  }
}`),
    },
    {
      name: 'a private reader its caller waits for: the caller may cancel after it returns',
      code: code(`export class Follower {
  async follow(topic: string) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      await this.read(call);
    } finally {
      call.cancel();
    }
  }
  private async read(call: ClientReadableStream<WatchEvent>) {
    try {
      for await (const ev of call) await store(ev);
    } catch (error) {
      console.error('watch failed', error);
    }
  }
}`),
    },
    {
      name: 'a background pump whose catch rethrows (to the .catch() of its caller)',
      code: code(`export class Follower {
  start(topic: string) {
    void this.pump(client.watch({ topic, sinceRevision: 0 })).catch(() => {});
  }
  private async pump(call: ClientReadableStream<WatchEvent>) {
    try {
      for await (const ev of call) await store(ev);
    } catch (error) {
      console.error('watch failed', error);
      throw error;
    }
  }
}`),
    },
    {
      name: 'a background pump that cancels what it was handed',
      code: code(`export class Follower {
  start(topic: string) {
    void this.pump(client.watch({ topic, sinceRevision: 0 }));
  }
  private async pump(call: ClientReadableStream<WatchEvent>) {
    try {
      for await (const ev of call) await store(ev);
    } catch (error) {
      console.error('watch failed', error);
      call.cancel();
    }
  }
}`),
    },
    {
      name: 'a background pump handed a call with a deadline: the call ends by itself',
      code: code(`export class Follower {
  start(topic: string) {
    void this.pump(client.watch({ topic, sinceRevision: 0 }, { deadline: Date.now() + 60_000 }));
  }
  private async pump(call: ClientReadableStream<WatchEvent>) {
    try {
      for await (const ev of call) await store(ev);
    } catch (error) {
      console.error('watch failed', error);
    }
  }
}`),
    },
    {
      name: 'limit: a background pump over an AsyncIterable parameter: its library is not known (connect or nice-grpc)',
      code: code(`export class Follower {
  start(topic: string) {
    void this.pump(connect.watch({ topic }));
  }
  private async pump(events: AsyncIterable<unknown>) {
    try {
      for await (const ev of events) await store(ev);
    } catch (error) {
      console.error('watch failed', error);
    }
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'grpc-js: the catch logs and goes on',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) await store(ev);
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
      errors: [
        {
          messageId: 'errorExit',
          data: { thrown: 'await store(…)', name: 'call', stream: 'grpc-js call', fix: grpcFix('call') },
          line: at(4),
          column: 34,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'call.cancel()' },
              output: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    try {
      for await (const ev of call) await store(ev);
    } finally {
      call.cancel();
    }
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: a retry loop whose catch waits and starts a new call',
      code: code(`export async function follow(topic: string) {
  for (;;) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      for await (const ev of call) {
        await store(ev);
      }
      return;
    } catch (error) {
      console.warn('retrying', error);
      await sleep(1_000);
    }
  }
}`),
      errors: [
        {
          messageId: 'errorExit',
          data: { thrown: 'await store(…)', name: 'call', stream: 'grpc-js call', fix: grpcFix('call') },
          line: at(6),
          column: 9,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'call.cancel()' },
              output: code(`export async function follow(topic: string) {
  for (;;) {
    const call = client.watch({ topic, sinceRevision: 0 });
    try {
      try {
        for await (const ev of call) {
          await store(ev);
        }
      } finally {
        call.cancel();
      }
      return;
    } catch (error) {
      console.warn('retrying', error);
      await sleep(1_000);
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'connect: a catch that returns a fallback',
      code: code(`export async function follow(topic: string) {
  try {
    for await (const ev of connect.watch({ topic })) await store(ev);
    return true;
  } catch {
    return false;
  }
}`),
      errors: [
        {
          messageId: 'errorExit',
          data: {
            thrown: 'await store(…)',
            name: 'connect.watch(…)',
            stream: 'connect stream',
            fix: 'Pass the call a `signal` and abort it in a `finally` around the loop, or pass `timeoutMs`',
          },
          line: at(3),
          column: 54,
          suggestions: [
            {
              messageId: 'abortInFinally',
              output: code(`export async function follow(topic: string) {
  try {
    const controller = new AbortController();
    try {
      for await (const ev of connect.watch({ topic }, { signal: controller.signal })) await store(ev);
    } finally {
      controller.abort();
    }
    return true;
  } catch {
    return false;
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'grpc-js: an explicit break is reported once, not the body error too',
      code: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    for await (const ev of call) {
      if ((ev as WatchEvent).payload === 'stop') break;
      await store(ev);
    }
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
      errors: [
        {
          messageId: 'exitGrpc',
          line: at(5),
          column: 50,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'call.cancel()' },
              output: code(`export async function follow(topic: string) {
  const call = client.watch({ topic, sinceRevision: 0 });
  try {
    try {
      for await (const ev of call) {
        if ((ev as WatchEvent).payload === 'stop') break;
        await store(ev);
      }
    } finally {
      call.cancel();
    }
  } catch (error) {
    console.error('watch failed', error);
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a background pump: its caller drops the promise, its catch logs and restarts',
      code: code(`export class Subscriber {
  constructor(private readonly topic: string) {}
  start() {
    const call = client.watch({ topic: this.topic, sinceRevision: 0 });
    void this.pump(call);
  }
  private async pump(call: ClientReadableStream<WatchEvent>) {
    call.on('status', (status) => console.debug(status.code));
    try {
      for await (const ev of call) {
        await store(ev);
      }
    } catch (error) {
      console.error('subscription failed', error);
      this.start();
    }
  }
}`),
      errors: [
        {
          messageId: 'errorExit',
          data: { thrown: 'await store(…)', name: 'call', stream: 'grpc-js call', fix: grpcFix('call') },
          line: at(11),
          column: 9,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'call.cancel()' },
              output: code(`export class Subscriber {
  constructor(private readonly topic: string) {}
  start() {
    const call = client.watch({ topic: this.topic, sinceRevision: 0 });
    void this.pump(call);
  }
  private async pump(call: ClientReadableStream<WatchEvent>) {
    call.on('status', (status) => console.debug(status.code));
    try {
      try {
        for await (const ev of call) {
          await store(ev);
        }
      } finally {
        call.cancel();
      }
    } catch (error) {
      console.error('subscription failed', error);
      this.start();
    }
  }
}`),
            },
          ],
        },
      ],
    },
    {
      name: 'a #private pump whose caller attaches only a .catch()',
      code: code(`export class Subscriber {
  start(call: ClientReadableStream<WatchEvent>) {
    this.#pump(call).catch((error) => console.error(error));
  }
  async #pump(stream: ClientReadableStream<WatchEvent>) {
    try {
      for await (const ev of stream) await store(ev);
    } catch (error) {
      console.error('subscription failed', error);
    }
  }
}`),
      errors: [
        {
          messageId: 'errorExit',
          data: { thrown: 'await store(…)', name: 'stream', stream: 'grpc-js call', fix: grpcFix('stream') },
          line: at(7),
          column: 38,
          suggestions: [
            {
              messageId: 'cancelInFinally',
              data: { cancel: 'stream.cancel()' },
              output: code(`export class Subscriber {
  start(call: ClientReadableStream<WatchEvent>) {
    this.#pump(call).catch((error) => console.error(error));
  }
  async #pump(stream: ClientReadableStream<WatchEvent>) {
    try {
      try {
        for await (const ev of stream) await store(ev);
      } finally {
        stream.cancel();
      }
    } catch (error) {
      console.error('subscription failed', error);
    }
  }
}`),
            },
          ],
        },
      ],
    },
  ],
});
