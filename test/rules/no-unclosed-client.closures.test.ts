// no-unclosed-client on a client captured only by closures that USE it (issue 25): a probe retried by a
// closure that reschedules itself with `setTimeout`, an inline one-shot timer, a callback of the client's
// own method. The closure runs later, but it only calls the client's methods and stays with the owner, so
// the client is still the owner's to close. Valid twins: a closure that closes it, a closure stored,
// returned, handed to a function the program does not show or to `setInterval`, and one that passes the
// client on.
import rule from '../../rules/no-unclosed-client.js';
import { createRuleTester } from '../rule-tester.js';

// Line 1 is empty; imports take lines 2–3, so each body starts at line 4.
const header = `
import { credentials, status } from '@grpc/grpc-js';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';`;
const code = (body: string): string => `${header}\n${body}`;

const CLIENT = { resource: 'grpc-js client', leaks: 'its channel and connection stay open' };

/** A probe that retries `ping` until the server answers, then settles: never closes the client. */
const probe = code(`export function waitForServer(address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      const client = new EventServiceClient(address, credentials.createInsecure());
      const attempt = () => {
        client.ping({ message: 'probe' }, (error) => {
          if (error?.code === status.UNAVAILABLE) {
            setTimeout(attempt, 100);
            return;
          }
          if (error) reject(error);
          else resolve();
        });
      };
      attempt();
    });
  });
}`);

/** An inline one-shot timer and a callback of the client's own method. */
const inline = code(`export function warmUp(address: string): void {
  const client = new EventServiceClient(address, credentials.createInsecure());
  setTimeout(() => client.ping({ message: 'warm' }, () => {}), 10);
}
export function pingWhenReady(address: string): void {
  const client = new EventServiceClient(address, credentials.createInsecure());
  client.waitForReady(Date.now() + 1_000, (error) => {
    if (!error) client.ping({ message: 'ready' }, () => {});
  });
}`);

// No suggestion: a `finally` in the owner would close the client under the closure that still uses it.
createRuleTester().run('no-unclosed-client (closures)', rule, {
  valid: [
    {
      name: 'a closure that closes the client once the server answers: its close is the owner’s',
      code: probe.replace('if (error) reject(error);', 'client.close();\n          if (error) reject(error);'),
    },
    {
      name: 'a closure stored in a field: whoever calls it later holds the client',
      code: code(`export class Prober {
  probe: (() => void) | undefined;
  start(address: string): void {
    const client = new EventServiceClient(address, credentials.createInsecure());
    this.probe = () => client.ping({ message: 'probe' }, () => {});
  }
}`),
    },
    {
      name: 'a closure returned: the caller holds the client through it',
      code: code(`export function pinger(address: string): () => void {
  const client = new EventServiceClient(address, credentials.createInsecure());
  return () => client.ping({ message: 'probe' }, () => {});
}`),
    },
    {
      name: 'a closure handed to a function the program does not show (`any`): it may keep it',
      code: code(`export function register(address: string, hooks: any): void {
  const client = new EventServiceClient(address, credentials.createInsecure());
  hooks.onRequest(() => client.ping({ message: 'request' }, () => {}));
}`),
    },
    {
      name: 'a closure run by `setInterval`: the client is used for as long as the process runs',
      code: code(`export function heartbeat(address: string): void {
  const client = new EventServiceClient(address, credentials.createInsecure());
  setInterval(() => client.ping({ message: 'beat' }, () => {}), 1_000);
}`),
    },
    {
      name: 'a closure that passes the client on: the callee may keep it',
      code: code(`declare function watch(client: EventServiceClient): void;
export function later(address: string): void {
  const client = new EventServiceClient(address, credentials.createInsecure());
  setTimeout(() => watch(client), 10);
}`),
    },
    {
      name: 'a `const` closure also stored in an object: where it runs is not known',
      code: probe.replace('attempt();\n', 'attempt();\n      Object.assign(globalThis, { attempt });\n'),
    },
  ],
  invalid: [
    {
      name: 'a probe retried by a closure that reschedules itself, settled without closing the client',
      code: probe,
      errors: [
        {
          messageId: 'unclosedAfterClosure',
          line: 7,
          column: 22,
          data: { name: 'client', ...CLIENT, closure: '`attempt` (line 8)', close: 'client.close()' },
        },
      ],
    },
    {
      name: 'an inline one-shot timer and a callback of the client’s own method',
      code: inline,
      errors: [
        { messageId: 'unclosedAfterClosure', line: 5, column: 18, data: { name: 'client', ...CLIENT, closure: 'the closure on line 6', close: 'client.close()' } },
        { messageId: 'unclosedAfterClosure', line: 9, column: 18, data: { name: 'client', ...CLIENT, closure: 'the closure on line 10', close: 'client.close()' } },
      ],
    },
  ],
});
