import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

/**
 * `settings.rpc`: what a team adds to the model, in one place that every rule reads.
 *
 * ```js
 * settings: { rpc: { resources: [{ type: { from: 'file', name: 'PooledConnection' }, close: ['release'] }] } }
 * ```
 */
export interface RpcSettings {
  /** Extra closable resources (e.g. a company wrapper around a grpc-js client). */
  resources: readonly UserResource[];
}

export interface UserResource {
  type: TypeOrValueSpecifier;
  /** Methods that close it; at least one. */
  close: readonly string[];
}

export class RpcSettingsError extends Error {
  override name = 'RpcSettingsError';
}

const EMPTY: RpcSettings = { resources: [] };
const KNOWN_KEYS = new Set(['resources']);
const parsed = new WeakMap<object, RpcSettings>();

/** Reads and validates `settings.rpc`; throws an error naming the bad key. */
export function readRpcSettings(settings: Readonly<Record<string, unknown>> | undefined): RpcSettings {
  const raw = settings?.rpc;
  if (raw === undefined) return EMPTY;
  if (!isObject(raw)) fail('settings.rpc', 'must be an object', raw);
  const cached = parsed.get(raw);
  if (cached) return cached;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) fail(`settings.rpc.${key}`, `is not a known key (known: ${[...KNOWN_KEYS].join(', ')})`, raw[key]);
  }
  const result: RpcSettings = { resources: readResources(raw.resources) };
  parsed.set(raw, result);
  return result;
}

function readResources(value: unknown): UserResource[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('settings.rpc.resources', 'must be an array', value);
  return value.map((entry: unknown, i) => {
    const at = `settings.rpc.resources[${i}]`;
    if (!isObject(entry)) fail(at, 'must be an object with `type` and `close`', entry);
    for (const key of Object.keys(entry)) {
      if (key !== 'type' && key !== 'close') fail(`${at}.${key}`, 'is not a known key (known: type, close)', entry[key]);
    }
    const close = entry.close;
    if (!Array.isArray(close) || close.length === 0 || !close.every((m) => typeof m === 'string' && m !== '')) {
      fail(`${at}.close`, 'must be a non-empty array of method names', close);
    }
    return { type: readSpecifier(entry.type, `${at}.type`), close: close as string[] };
  });
}

function readSpecifier(value: unknown, at: string): TypeOrValueSpecifier {
  if (typeof value === 'string' && value !== '') return value;
  if (!isObject(value)) fail(at, 'must be a type name or a TypeOrValueSpecifier object', value);
  const { from } = value;
  const allowed: Record<string, readonly string[]> = {
    file: ['from', 'name', 'path'],
    lib: ['from', 'name'],
    package: ['from', 'name', 'package'],
  };
  const keys = typeof from === 'string' ? allowed[from] : undefined;
  if (!keys) fail(`${at}.from`, "must be 'file', 'lib' or 'package'", from);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) fail(`${at}.${key}`, `is not allowed when from is '${String(from)}'`, value[key]);
  }
  const name = value.name;
  const nameOk =
    (typeof name === 'string' && name !== '') ||
    (Array.isArray(name) && name.length > 0 && name.every((n) => typeof n === 'string' && n !== ''));
  if (!nameOk) fail(`${at}.name`, 'must be a name or a non-empty array of names', name);
  if (from === 'package' && (typeof value.package !== 'string' || value.package === '')) {
    fail(`${at}.package`, 'must be a package name', value.package);
  }
  if (from === 'file' && value.path !== undefined && typeof value.path !== 'string') {
    fail(`${at}.path`, 'must be a string', value.path);
  }
  return value as unknown as TypeOrValueSpecifier;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(key: string, problem: string, got: unknown): never {
  let shown: string;
  try {
    shown = JSON.stringify(got) ?? String(got);
  } catch {
    shown = String(got);
  }
  throw new RpcSettingsError(`eslint-plugin-rpc: invalid ${key}: it ${problem}; got ${shown}.`);
}
