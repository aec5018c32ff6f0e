import type { LibraryId } from './libraries.js';

/**
 * How each library's server shuts down. The graceful member waits until every open call has
 * finished, so one open stream makes it wait forever; the force member cancels open calls (and
 * then a pending graceful callback fires). RPC-FACTS.md §1.2 (grpc-js) and §3.1 (nice-grpc), both
 * seen by running them. The server types themselves are in `resources.ts` (kind `server`).
 */
export interface ShutdownEntry {
  readonly library: LibraryId;
  /** Short human name for messages. */
  readonly label: string;
  readonly graceful: string;
  readonly force: string;
}

export const SHUTDOWNS: readonly ShutdownEntry[] = [
  { library: 'grpc-js', label: 'grpc-js server', graceful: 'tryShutdown', force: 'forceShutdown' },
  { library: 'nice-grpc', label: 'nice-grpc server', graceful: 'shutdown', force: 'forceShutdown' },
];

/** The names of graceful members, for a cheap syntactic filter before any type query. */
export const GRACEFUL_NAMES: ReadonlySet<string> = new Set(SHUTDOWNS.map((s) => s.graceful));

/** The names of force members: a call to one anywhere in reach is the fallback the rule asks for. */
export const FORCE_NAMES: ReadonlySet<string> = new Set(SHUTDOWNS.map((s) => s.force));

export function shutdownOf(library: LibraryId | 'user', member: string): ShutdownEntry | null {
  return SHUTDOWNS.find((s) => s.library === library && s.graceful === member) ?? null;
}
