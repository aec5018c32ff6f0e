import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { LIBRARIES, type LibraryId } from './libraries.js';
import type { ResourceKind } from './resources.js';
import { fromPackage } from './specifiers.js';
import { getDeclaredTypeOfSymbol, getSymbolAtLocation } from './checker.js';
import { isComputedPropertyName, isIdentifier, isInterfaceDeclaration, isObjectLiteralExpression, isPrivateIdentifier, isTypeLiteralNode, isVariableStatement } from '../syntax/ts-nodes.js';

/*
 * grpc-js channel options (../../../shared/RPC-FACTS.md §9.3, grpc-js 1.14.7). grpc-js reads a fixed
 * set of `grpc.*` / `grpc-node.*` keys and ignores every other key without a warning; TypeScript cannot
 * help, because its `ChannelOptions` ends with `[key: string]: any`. The set of keys is never written
 * here: it is read from the grpc-js that the linted program loads (`channelOptionKeysOf`), so a new
 * grpc-js release needs no plugin release. What is written here are facts about how grpc-js reads
 * some values, each with the place in grpc-js's `build/src` that shows it.
 */

const GRPC = '@grpc/grpc-js';

/** Prefixes of the keys grpc-js reads; a key with one of them is meant for grpc-js. */
export const GRPC_OPTION_PREFIXES: readonly string[] = ['grpc.', 'grpc-node.'];

export function hasGrpcOptionPrefix(key: string): boolean {
  return GRPC_OPTION_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Where grpc-js declares the keys it reads: an interface, and the object it keeps to recognise them. */
const CHANNEL_OPTIONS_DECLARATION = { interfaceName: 'ChannelOptions', recognisedName: 'recognizedOptions' } as const;

const GRPC_FILE_MARKERS: readonly string[] = LIBRARIES.find((library) => library.id === 'grpc-js')?.fileMarkers ?? [];

const keysByProgram = new WeakMap<ts.Program, ReadonlySet<string> | null>();
/** Per declaration node: declaration files are shared by the programs an editor or the project service makes. */
const keysByDeclaration = new WeakMap<ts.Node, readonly string[]>();

/**
 * Every `grpc.*` / `grpc-node.*` key the program's grpc-js reads: the declared members of its
 * `ChannelOptions` interface and the keys of its exported `recognizedOptions` object, in every copy of
 * grpc-js the program loads (a union: a key one copy reads is not reported). Members are read from the
 * declarations; the checker is asked only where the interface extends another (inherited members).
 * Null when the program loads no grpc-js declaration of them: then no key can be called unknown.
 * Computed once per program.
 */
export function channelOptionKeysOf(program: ts.Program): ReadonlySet<string> | null {
  if (keysByProgram.has(program)) return keysByProgram.get(program) ?? null;
  let keys: Set<string> | null = null;
  try {
    for (const file of program.getSourceFiles()) {
      const name = file.fileName.replaceAll('\\', '/');
      if (!GRPC_FILE_MARKERS.some((marker) => name.includes(marker))) continue;
      for (const statement of file.statements) {
        for (const key of declaredKeys(statement, program)) (keys ??= new Set()).add(key);
      }
    }
  } catch {
    keys = null;
  }
  keysByProgram.set(program, keys);
  return keys;
}

/** The option keys a top-level statement declares: the `ChannelOptions` interface, or the `recognizedOptions` object. */
function declaredKeys(statement: ts.Statement, program: ts.Program): readonly string[] {
  let members: ts.NodeArray<ts.TypeElement | ts.ObjectLiteralElementLike> | undefined;
  if (isInterfaceDeclaration(statement) && statement.name.text === CHANNEL_OPTIONS_DECLARATION.interfaceName) {
    if (statement.heritageClauses?.length) return inheritedKeys(statement, program);
    members = statement.members;
  } else if (isVariableStatement(statement)) {
    const declaration = statement.declarationList.declarations.find((d) => isIdentifier(d.name) && d.name.text === CHANNEL_OPTIONS_DECLARATION.recognisedName);
    // `declare const recognizedOptions: { … }` in the declaration files, an object literal in the sources.
    const shape = declaration?.type ?? declaration?.initializer;
    if (shape && isTypeLiteralNode(shape)) members = shape.members;
    else if (shape && isObjectLiteralExpression(shape)) members = shape.properties;
  }
  if (!members) return [];
  let found = keysByDeclaration.get(statement);
  if (!found) {
    found = members.flatMap((member) => {
      const key = member.name && !isComputedPropertyName(member.name) && !isPrivateIdentifier(member.name) ? member.name.text : null;
      return key !== null && hasGrpcOptionPrefix(key) ? [key] : [];
    });
    keysByDeclaration.set(statement, found);
  }
  return found;
}

/** Members of an interface that extends another: through the checker, which resolves the bases. */
function inheritedKeys(declaration: ts.InterfaceDeclaration, program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const symbol = getSymbolAtLocation(checker, declaration.name);
  return symbol ? getDeclaredTypeOfSymbol(checker, symbol).getProperties().map((p) => p.getName()).filter(hasGrpcOptionPrefix) : [];
}

/**
 * Options that grpc-js switches by comparing with a number, so a boolean does the opposite of what it
 * says: `=== 1` keys stay off for `true`, `=== 0` keys count `false` as set. `servers`: grpc-js compares
 * so only on servers (its clients test the value for truth).
 */
export interface NumericSwitch {
  readonly key: string;
  readonly compares: 0 | 1;
  readonly servers?: true;
}

export const NUMERIC_SWITCHES: readonly NumericSwitch[] = [
  { key: 'grpc.keepalive_permit_without_calls', compares: 1 }, // transport.js 97–99
  { key: 'grpc.service_config_disable_resolution', compares: 1 }, // resolver-dns.js 90
  { key: 'grpc-node.tls_enable_trace', compares: 1, servers: true }, // server.js 345 (channel-credentials.js 164 tests truth)
  { key: 'grpc.enable_channelz', compares: 0 }, // internal-channel.js 184, server.js 138, subchannel.js 88, transport.js 69
  { key: 'grpc.enable_retries', compares: 0 }, // retrying-call.js 135
  { key: 'grpc.enable_http_proxy', compares: 0 }, // http_proxy.js 160
  { key: 'grpc.use_local_subchannel_pool', compares: 0 }, // internal-channel.js 202: the process-wide pool only for 0
];

/**
 * gRPC C-core names that grpc-js reads under another name (C-core `grpc_types.h`: `GRPC_ARG_MAX_MESSAGE_LENGTH`
 * is `GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH`). Only named when the program's grpc-js reads the target.
 */
export const CORE_ALIASES: ReadonlyMap<string, string> = new Map([['grpc.max_message_length', 'grpc.max_receive_message_length']]);

/**
 * Client keepalive: grpc-js pings as often as told (no clamp), while grpc-go and grpc-java clamp to
 * 10 s (gRPC A8) and C-core and grpc-go servers answer more frequent pings with GOAWAY `too_many_pings`
 * (RPC-FACTS §9.3).
 */
export const CLIENT_KEEPALIVE = { key: 'grpc.keepalive_time_ms', floorMs: 10_000 } as const;

/**
 * The service config option, and the timeout format grpc-js accepts (`service-config.js`:
 * `/^\d+(\.\d{1,9})?s$/`). It splits on `.` and takes the fraction digits as nanoseconds without padding
 * them: `"0.5s"` is 5 ns (RPC-FACTS §9.4).
 */
export const SERVICE_CONFIG = { key: 'grpc.service_config', timeout: /^(\d+)(?:\.(\d{1,9}))?s$/, nanosDigits: 9 } as const;

export type OptionsRole = 'client' | 'server' | 'either';

/** Where a library passes an argument (or one of its properties) to grpc-js as channel options. */
export interface ChannelOptionsPosition {
  readonly library: LibraryId;
  readonly kind: ResourceKind;
  readonly argument: number;
  /** The key of an options object at `argument` that holds the channel options. */
  readonly property?: string;
  readonly role: OptionsRole;
}

export const CHANNEL_OPTIONS_POSITIONS: readonly ChannelOptionsPosition[] = [
  // `new Client(address, credentials, options)` and every generated or loaded client.
  { library: 'grpc-js', kind: 'client', argument: 2, role: 'client' },
  // `new Channel(target, credentials, options)`, nice-grpc `createChannel(address, credentials, options)`.
  { library: 'grpc-js', kind: 'channel', argument: 2, role: 'client' },
  { library: 'grpc-js', kind: 'server', argument: 0, role: 'server' },
  // google-gax `GrpcClient.createStub()` passes every `grpc.*` / `grpc-node.*` key of the client's
  // options to the grpc-js client it makes (`build/src/grpc.js`); Pub/Sub and Firestore hand theirs on.
  { library: 'google-gax', kind: 'client', argument: 0, role: 'client' },
  // protobuf-ts `new GrpcTransport({ clientOptions })` → `new grpc.Client(host, credentials, clientOptions)`.
  { library: 'protobuf-ts', kind: 'channel', argument: 0, property: 'clientOptions', role: 'client' },
];

/** Declared types of objects that reach grpc-js as channel options, wherever they are written. */
export const CHANNEL_OPTIONS_TYPES: readonly { readonly spec: TypeOrValueSpecifier; readonly role: OptionsRole }[] = [
  { spec: fromPackage(GRPC, 'ClientOptions'), role: 'client' },
  { spec: fromPackage(GRPC, 'ServerOptions'), role: 'server' },
  { spec: fromPackage(GRPC, 'ChannelOptions'), role: 'either' },
  // NestJS passes `channelOptions` to the grpc-js clients and servers it makes (`client/client-grpc.js`, `server/server-grpc.js`).
  { spec: fromPackage('@nestjs/microservices', 'ChannelOptions'), role: 'either' },
];

/**
 * The key grpc-js reads that `key` most likely meant, or null: a C-core alias, the same name with the
 * other prefix or none (`max_receive_message_length`), or a misspelling (at most two edits, in a part
 * that is no word of grpc-js's own keys: `recieve` is a typo, `min` for `max` is another option).
 */
export function nearestChannelOptionKey(key: string, known: ReadonlySet<string>): string | null {
  const alias = CORE_ALIASES.get(key);
  if (alias !== undefined) return known.has(alias) ? alias : null;
  const bare = GRPC_OPTION_PREFIXES.reduce((name, prefix) => (name.startsWith(prefix) ? name.slice(prefix.length) : name), key);
  const prefixed = GRPC_OPTION_PREFIXES.map((prefix) => prefix + bare).filter((candidate) => candidate !== key && known.has(candidate));
  if (prefixed.length === 1) return prefixed[0]!;
  if (!hasGrpcOptionPrefix(key)) return null;
  const vocabulary = new Set([...known].flatMap(wordsOf));
  let best: string | null = null;
  let bestDistance = Infinity;
  let ties = 0;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance > 2) continue;
    const words = wordsOf(key);
    const theirs = wordsOf(candidate);
    // A word of grpc-js's own vocabulary swapped for another is a different option, not a typo.
    if (words.length === theirs.length && words.some((word, i) => word !== theirs[i] && vocabulary.has(word))) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      ties = 0;
    } else if (distance === bestDistance) {
      ties++;
    }
  }
  return ties === 0 ? best : null;
}

function wordsOf(key: string): string[] {
  return key.split(/[._-]/).filter((word) => word.length > 0);
}

/** Damerau–Levenshtein distance (adjacent transpositions count as one edit). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}
