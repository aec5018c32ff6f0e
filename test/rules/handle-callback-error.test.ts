import rule from '../../rules/handle-callback-error.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 of every case is empty; imports and declarations take lines 2–13, so each body starts at line 14.
const imports = `
import * as grpc from '@grpc/grpc-js';
import { promisify } from 'node:util';
import { EventServiceClient, type PingRequest, type PingResponse, type UploadSummary } from './generated/grpc-js/demo/v1/demo.js';
import type { EventServiceClient as LoadedClient } from './generated/proto-loader/demo/v1/EventService.js';
declare function show(text: string): void;
declare function keep(value: unknown): void;
declare function start(): void;
declare const loaded: LoadedClient;
declare const Dynamic: grpc.ServiceClientConstructor;
const client = new EventServiceClient('localhost:50051', grpc.credentials.createInsecure());
const server = new grpc.Server();
const req: PingRequest = { message: 'hi' };`;

const code = (body: string): string => `${imports}\n${body}`;
/** The file line of line `n` of a case body. */
const at = (n: number): number => 13 + n;

const CRASH = ' and reading it exits the process';
const SILENT = ' and the code goes on as if the call had worked';
const ignored = (call: string, response: string, effect: string, error = 'err') => ({ call, error, response, effect });

createRuleTester().run('handle-callback-error', rule, {
  valid: [
    {
      name: 'the error checked, passed on, or turned into a rejection',
      code: code(`client.ping(req, (err, res) => {
  if (err) return console.error(err);
  show(res.message);
});
client.ping(req, (err, res) => keep({ err, res }));
export const ping = (r: PingRequest) => new Promise<PingResponse>((resolve, reject) => client.ping(r, (err, res) => (err ? reject(err) : resolve(res))));`),
    },
    {
      name: 'callbacks passed by reference, and promisified calls',
      code: code(`declare function onReply(err: grpc.ServiceError | null, res?: PingResponse): void;
client.ping(req, onReply);
export const pingAsync = promisify<PingRequest, PingResponse>(client.ping.bind(client));`),
    },
    {
      name: 'callbacks that use neither the error nor the response',
      code: code(`client.ping(req, () => show('sent'));
client.ping(req, (_err, _res) => show('done'));`),
    },
    {
      name: 'a response tested before it is used: `if (res)`, `res?.x`, `res ?? fallback`',
      code: code(`client.ping(req, (err, res) => {
  if (res) show(res.message);
});
client.ping(req, (err, res) => show(res?.message ?? ''));
client.ping(req, (err, res) => keep(res ?? null));`),
    },
    {
      name: '`(_err, res)`: an error ignored on purpose, and the response only kept (not dereferenced nor resolved)',
      code: code(`client.ping(req, (_err, res) => keep(res));`),
    },
    {
      name: 'an error branch that leaves before the response is read: `return reject(err)`, `reject(err); return;`, `throw`, `else`',
      code: code(`export const a = () => new Promise<string>((resolve, reject) => client.ping(req, (err, res) => {
  if (err) return reject(err);
  resolve(res.message);
}));
export const b = () => new Promise<string>((resolve, reject) => client.ping(req, (err, res) => {
  if (err) {
    reject(err);
    return;
  }
  resolve(res.message);
}));
client.ping(req, (err, res) => {
  if (err != null) throw err;
  show(res.message);
});
export const c = () => new Promise<string>((resolve, reject) => client.ping(req, (err, res) => {
  if (err) reject(err);
  else resolve(res.message);
}));
export const d = () => new Promise<string>((resolve, reject) => client.ping(req, (err, res) => (err ? reject(err) : resolve(res.message))));
client.ping(req, (err, res) => {
  if (!err) show(res.message);
  else console.error(err);
});`),
    },
    {
      name: 'where the error-path check stops: the response tested or read with `?.`, a call typed `never`, another decision on the error',
      code: code(`declare function fail(error: unknown): never;
export const a = () => new Promise<string>((resolve, reject) => client.ping(req, (err, res) => {
  if (err) reject(err);
  if (!res) return;
  resolve(res.message);
}));
export const b = () => new Promise<string>((resolve, reject) => client.ping(req, (err, res) => {
  if (err) reject(err);
  resolve(res?.message ?? '');
}));
client.ping(req, (err, res) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  show(res.message);
});
client.ping(req, (err, res) => {
  if (err) fail(err);
  show(res.message);
});
client.ping(req, (err, res) => {
  if (err) console.error(err);
  if (err?.code === grpc.status.NOT_FOUND) return;
  show(res.message);
});`),
    },
    {
      name: 'a one-parameter callback that tests its error',
      code: code(`client.ping(req, (err) => {
  if (err) console.error(err.message);
});`),
    },
    {
      name: 'bindAsync and waitForReady callbacks that read their error, and one that does nothing',
      code: code(`server.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  show(\`listening on \${port}\`);
});
client.waitForReady(Date.now() + 5000, (error) => (error ? console.error(error) : start()));
server.bindAsync('0.0.0.0:50052', grpc.ServerCredentials.createInsecure(), () => {});`),
    },
    {
      name: 'a waitForReady or bindAsync callback that only releases: the same whatever the error',
      code: code(`client.waitForReady(Date.now() + 1000, () => setImmediate(() => client.close()));
server.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), () => {
  server.forceShutdown();
});`),
    },
    {
      name: 'event listeners and routes: `call.on(errorMonitor, (err) => …)`, `app.get(\'/x\', (req, res) => …)`',
      code: code(`import { errorMonitor } from 'node:events';
const call = client.ping(req, (err, res) => (err ? console.error(err) : keep(res)));
call.on(errorMonitor, (err: grpc.ServiceError) => show(err.details));
declare const app: { get(path: string, handler: (req: unknown, res: { send(body: string): void }) => void): void };
app.get('/health', (req, res) => res.send('ok'));`),
    },
    {
      name: 'callbacks of other APIs: no grpc-js client receiver, no ServiceError parameter',
      code: code(`declare const cache: { get(key: string, cb: (err: Error | null, value?: string) => void): void };
cache.get('k', (err, value) => show(value!.trim()));
declare const other: { bindAsync(address: string, cb: (err: Error | null) => void): void };
other.bindAsync('x', () => start());`),
    },
    {
      name: 'an any-typed client: nothing says it is a gRPC call',
      code: code(`declare const anyClient: any;
anyClient.ping(req, (err: unknown, res: { message: string }) => show(res.message));`),
    },
    {
      name: 'a function expression that reads `arguments`',
      code: code(`client.ping(req, function () {
  show(String(arguments.length));
});`),
    },
  ],
  invalid: [
    {
      name: 'the helloworld shape: the response dereferenced, the error never read',
      code: code(`client.ping(req, (err, res) => show(res.message));`),
      errors: [{ messageId: 'ignoredError', line: at(1), column: 19, data: ignored('client.ping()', 'res', CRASH) }],
    },
    {
      name: 'every argument shape: with metadata, with metadata and options, client streaming',
      code: code(`client.ping(req, new grpc.Metadata(), (err, res) => keep(res));
client.ping(req, new grpc.Metadata(), { deadline: Date.now() + 1000 }, function (error, reply) {
  keep(reply);
});
const upload = client.upload((e, summary: UploadSummary) => show(summary.name));
upload.end();`),
      errors: [
        { messageId: 'ignoredError', line: at(1), column: 40, data: ignored('client.ping()', 'res', SILENT) },
        { messageId: 'ignoredError', line: at(2), column: 82, data: ignored('client.ping()', 'reply', SILENT, 'error') },
        { messageId: 'ignoredError', line: at(5), column: 31, data: ignored('client.upload()', 'summary', CRASH, 'e') },
      ],
    },
    {
      name: 'clients of every kind: proto-loader types, a loaded ServiceClient (any callback), makeUnaryRequest',
      code: code(`loaded.Ping({ message: 'x' }, (err, res) => show(res!.message!));
const dynamic = new Dynamic('localhost:50051', grpc.credentials.createInsecure());
dynamic.ping(req, (err: unknown, res: PingResponse) => show(res.message));
client.makeUnaryRequest('/demo.v1.EventService/Ping', (r: PingRequest) => Buffer.from(r.message), (b: Buffer) => ({ message: b.toString(), serverTime: 0 }), req, (err, res) => keep(res));`),
      errors: [
        { messageId: 'ignoredError', line: at(1), column: 32, data: ignored('loaded.Ping()', 'res', CRASH) },
        { messageId: 'ignoredError', line: at(3), column: 20, data: ignored('dynamic.ping()', 'res', CRASH) },
        { messageId: 'ignoredError', line: at(4), column: 164, data: ignored('client.makeUnaryRequest()', 'res', SILENT) },
      ],
    },
    {
      name: 'an interface of generated clients that extends no Client: the callback declared with a ServiceError',
      code: code(`interface IEventServiceClient {
  ping(request: PingRequest, callback: (error: grpc.ServiceError | null, response: PingResponse) => void): grpc.ClientUnaryCall;
}
declare const typed: IEventServiceClient;
typed.ping(req, (error, response) => show(response.message));`),
      errors: [{ messageId: 'ignoredError', line: at(5), column: 18, data: ignored('typed.ping()', 'response', CRASH, 'error') }],
    },
    {
      name: '`(_err, res)` still counts when the response is dereferenced or resolved',
      code: code(`client.ping(req, (_err, res) => show(res.message));
export const ping = () => new Promise<PingResponse>((resolve) => client.ping(req, (_e, r) => resolve(r)));`),
      errors: [
        { messageId: 'ignoredError', line: at(1), column: 19, data: ignored('client.ping()', 'res', CRASH, '_err') },
        { messageId: 'ignoredError', line: at(2), column: 84, data: ignored('client.ping()', 'r', SILENT, '_e') },
      ],
    },
    {
      name: 'an error branch that does not leave: the response read after it, in it, on the fall-through of `if (!err)`, after `err && …`',
      code: code(`export const files = () => new Promise<string>((resolve, reject) => {
  client.ping(req, (err, res) => {
    if (err) {
      reject(err);
    }
    resolve(res.message.trim());
  });
});
export const one = () => new Promise<string>((resolve, reject) => client.ping(req, (err, res) => {
  if (err) reject(err);
  resolve(res.message);
}));
client.ping(req, (err, res) => {
  if (err !== null) show(\`failed after \${res.serverTime}\`);
});
client.ping(req, (error, reply) => {
  if (!error) keep(reply);
  show(reply['message']);
});
client.ping(req, (err, res) => void (err && console.error(err), show(res.message)));`),
      errors: [
        { messageId: 'responseAfterError', line: at(3), column: 9, data: { error: 'err', read: 'res.message', line: at(6) } },
        { messageId: 'responseAfterError', line: at(10), column: 7, data: { error: 'err', read: 'res.message', line: at(11) } },
        { messageId: 'responseAfterError', line: at(14), column: 7, data: { error: 'err', read: 'res.serverTime', line: at(14) } },
        { messageId: 'responseAfterError', line: at(17), column: 7, data: { error: 'error', read: 'reply.message', line: at(18) } },
        { messageId: 'responseAfterError', line: at(20), column: 38, data: { error: 'err', read: 'res.message', line: at(20) } },
      ],
    },
    {
      name: 'the only parameter is the error, dereferenced as if it were the response',
      code: code(`client.ping(req, (res) => show((res as unknown as PingResponse).message));
client.ping(req, (reply) => show(reply!.message));`),
      errors: [{ messageId: 'errorAsResponse', line: at(2), column: 19, data: { call: 'client.ping()', name: 'reply', property: 'message' } }],
    },
    {
      name: 'bindAsync: a callback that logs "listening" without reading its error (own message)',
      code: code(`server.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), () => show('listening'));
server.bindAsync('0.0.0.0:50052', grpc.ServerCredentials.createInsecure(), (err, port) => {
  show(\`listening on \${port}\`);
});`),
      errors: [
        { messageId: 'ignoredBindError', line: at(1), column: 76 },
        { messageId: 'ignoredBindError', line: at(2), column: 77 },
      ],
    },
    {
      name: 'waitForReady: a callback that starts without reading its error',
      code: code(`client.waitForReady(Date.now() + 5000, () => start());`),
      errors: [{ messageId: 'ignoredReadyError', line: at(1), column: 40 }],
    },
  ],
});
