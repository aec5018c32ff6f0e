import rule from '../../rules/no-client-per-call.js';
import { createRuleTester } from '../rule-tester.js';

// Memoisation on a property of a holder object (`src/analysis/flow/memo.ts`): a store that a getter
// returns, a module-level object, a parameter. Line 1 of every case is empty; imports take lines 2–4,
// so each body starts at line 5.
const imports = `
import { credentials } from '@grpc/grpc-js';
import { EventServiceClient } from './generated/grpc-js/demo/v1/demo.js';
const creds = credentials.createInsecure();
`;

const code = (body: string): string => `${imports}${body}`;

const HOIST = 'Create it once and reuse it';
const perIteration = (line: number, column: number, call: string, origin: string) => ({
  messageId: 'perIteration' as const,
  line,
  column,
  data: { call, resource: 'grpc-js client', origin, fix: HOIST },
});

/** A store for the current context, returned by a getter: the same object on every call of one run. */
const store = `interface Store {
  client?: EventServiceClient;
  other?: EventServiceClient;
}
const rootStore: Store = {};
let contextStore: Store | undefined;
function currentStore(): Store {
  if (contextStore === undefined) return rootStore;
  return contextStore;
}`;

createRuleTester().run('no-client-per-call, memoised on a holder object', rule, {
  valid: [
    {
      name: 'guarded lazy init on a property of the store a getter returns: `if (store.client === undefined) store.client = …`',
      code: code(`${store}
export function events(): EventServiceClient {
  const { client } = currentStore();
  const holder = currentStore();
  if (holder.client === undefined) {
    if (client === undefined) holder.client = new EventServiceClient('events.internal:50051', creds);
  }
  return holder.client!;
}
export function pingAll(ids: readonly string[]): void {
  for (const id of ids) events().ping({ message: id }, () => {});
}`),
    },
    {
      name: 'an early return of the cached value (read into a local first), then the store is set',
      code: code(`${store}
export function events(): EventServiceClient {
  const holder = currentStore();
  const cached = holder.client;
  if (cached !== undefined) {
    return cached;
  }
  holder.client = new EventServiceClient('events.internal:50051', creds);
  return holder.client;
}
export function pingAll(ids: readonly string[]): void {
  for (const id of ids) events().ping({ message: id }, () => {});
}`),
    },
    {
      name: 'a class whose constructor reaches a memo on the store: `new Hook()` per iteration opens nothing of its own',
      code: code(`${store}
function events(): EventServiceClient {
  const holder = currentStore();
  if (holder.client) return holder.client;
  holder.client = new EventServiceClient('events.internal:50051', creds);
  return holder.client;
}
class Hook {
  readonly events = events();
  constructor(readonly name: string) {}
}
export function hooks(names: readonly string[]): Hook[] {
  const made: Hook[] = [];
  for (const name of names) made.unshift(new Hook(name));
  return made;
}
export function fire(names: readonly string[]): void {
  for (const name of names) new Hook(name).events.ping({ message: name }, () => {});
}`),
    },
    {
      name: '`!holder.f` with another condition, `??=`, and the else branch of a presence test, on a module-level holder',
      code: code(`const shared: { a?: EventServiceClient; b?: EventServiceClient; c?: EventServiceClient } = {};
export function pingAll(ids: readonly string[], enabled: boolean): void {
  for (const id of ids) {
    if (!shared.a && enabled) {
      shared.a = new EventServiceClient('a.internal:50051', creds);
    }
    shared.b ??= new EventServiceClient('b.internal:50051', creds);
    if (shared.c !== undefined) {
      shared.c.ping({ message: id }, () => {});
    } else {
      shared.c = new EventServiceClient('c.internal:50051', creds);
    }
  }
}`),
    },
    {
      name: 'where it stops: a holder the caller passes is trusted (the memo is once per object it passes)',
      code: code(`export function events(context: { client?: EventServiceClient }): EventServiceClient {
  if (!context.client) context.client = new EventServiceClient('events.internal:50051', creds);
  return context.client;
}
const context = {};
export function pingAll(ids: readonly string[]): void {
  for (const id of ids) events(context).ping({ message: id }, () => {});
}`),
    },
    {
      name: 'a local holder made before the loop: every iteration sees the same object',
      code: code(`export function pingAll(ids: readonly string[]): void {
  const holder: { client?: EventServiceClient } = {};
  for (const id of ids) {
    if (holder.client === undefined) holder.client = new EventServiceClient('events.internal:50051', creds);
    holder.client.ping({ message: id }, () => {});
  }
}`),
    },
  ],
  invalid: [
    {
      name: 'a holder property written without a guard',
      code: code(`${store}
export function events(): EventServiceClient {
  const holder = currentStore();
  holder.client = new EventServiceClient('events.internal:50051', creds);
  return holder.client;
}
export function pingAll(ids: readonly string[]): void {
  for (const id of ids) events().ping({ message: id }, () => {});
}`),
      errors: [perIteration(17, 19, 'new EventServiceClient(…)', 'the `for…of` loop on line 21')],
    },
    {
      name: 'a guard on a different property than the one set',
      code: code(`${store}
export function events(): EventServiceClient {
  const holder = currentStore();
  if (holder.other === undefined) holder.client = new EventServiceClient('events.internal:50051', creds);
  return holder.client!;
}
export function pingAll(ids: readonly string[]): void {
  for (const id of ids) events().ping({ message: id }, () => {});
}`),
      errors: [perIteration(17, 51, 'new EventServiceClient(…)', 'the `for…of` loop on line 21')],
    },
    {
      name: 'a guard that does not dominate the creation: a presence test that does not leave',
      code: code(`${store}
export function events(): EventServiceClient {
  const holder = currentStore();
  if (holder.client) {
    holder.client.close();
  }
  holder.client = new EventServiceClient('events.internal:50051', creds);
  return holder.client;
}
export function pingAll(ids: readonly string[]): void {
  for (const id of ids) events().ping({ message: id }, () => {});
}`),
      errors: [perIteration(20, 19, 'new EventServiceClient(…)', 'the `for…of` loop on line 24')],
    },
    {
      name: 'a holder made by each run: `({}).client ??= …` and a local object literal',
      code: code(`export function pingAll(ids: readonly string[]): void {
  for (const id of ids) {
    const holder: { client?: EventServiceClient } = {};
    if (!holder.client) holder.client = new EventServiceClient('events.internal:50051', creds);
    const other = (({}) as { client?: EventServiceClient }).client ??= new EventServiceClient('other.internal:50051', creds);
    other.ping({ message: id }, () => {});
  }
}`),
      errors: [
        perIteration(8, 41, 'new EventServiceClient(…)', 'the `for…of` loop on line 6'),
        perIteration(9, 72, 'new EventServiceClient(…)', 'the `for…of` loop on line 6'),
      ],
    },
    {
      name: 'a class whose constructor reaches a creation guarded on another property: `new Hook()` dials per iteration',
      code: code(`${store}
function events(): EventServiceClient {
  const holder = currentStore();
  if (holder.other) return holder.other;
  holder.client = new EventServiceClient('events.internal:50051', creds);
  return holder.client;
}
class Hook {
  readonly events = events();
  constructor(readonly name: string) {}
}
export function fire(names: readonly string[]): void {
  for (const name of names) new Hook(name).events.ping({ message: name }, () => {});
}`),
      errors: [perIteration(26, 29, 'new Hook(…)', 'the `for…of` loop on line 26')],
    },
    {
      name: 'a getter that returns a new holder on every call is no store',
      code: code(`function freshStore(): { client?: EventServiceClient } {
  return {};
}
export function events(): EventServiceClient {
  const holder = freshStore();
  if (holder.client === undefined) holder.client = new EventServiceClient('events.internal:50051', creds);
  return holder.client;
}
export function pingAll(ids: readonly string[]): void {
  for (const id of ids) events().ping({ message: id }, () => {});
}`),
      errors: [perIteration(10, 52, 'new EventServiceClient(…)', 'the `for…of` loop on line 14')],
    },
  ],
});
