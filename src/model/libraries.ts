/**
 * The libraries the plugin knows, and how to tell from a program's file list that one is loaded.
 * Facts: ../../../shared/RPC-FACTS.md (type names and declaring files were checked with tsc).
 */

export type LibraryId =
  | 'grpc-js'
  | 'nice-grpc'
  | 'connect'
  | 'google-gax'
  | 'nestjs-microservices'
  | 'protobuf-ts'
  | 'async-mutex'
  | 'async-lock'
  | 'await-lock'
  | 'web-locks';

/** RPC rules care about the RPC libraries, lock rules about the lock libraries. */
export type LibraryFamily = 'rpc' | 'lock';

export interface Library {
  readonly id: LibraryId;
  readonly family: LibraryFamily;
  /** Path fragments of the declaration files that show the library is part of a program. */
  readonly fileMarkers: readonly string[];
}

export const LIBRARIES: readonly Library[] = [
  { id: 'grpc-js', family: 'rpc', fileMarkers: ['/node_modules/@grpc/grpc-js/'] },
  { id: 'nice-grpc', family: 'rpc', fileMarkers: ['/node_modules/nice-grpc/', '/node_modules/nice-grpc-common/'] },
  { id: 'connect', family: 'rpc', fileMarkers: ['/node_modules/@connectrpc/connect'] },
  // GAPIC clients of `@google-cloud/*` and of other packages built on google-gax; the handwritten
  // `PubSub` and `Firestore` types load it too (Firestore's through its `v1` GAPIC clients).
  { id: 'google-gax', family: 'rpc', fileMarkers: ['/node_modules/google-gax/'] },
  { id: 'nestjs-microservices', family: 'rpc', fileMarkers: ['/node_modules/@nestjs/microservices/'] },
  // Only the transport that owns a grpc-js channel: the fetch-based ones hold no connection.
  { id: 'protobuf-ts', family: 'rpc', fileMarkers: ['/node_modules/@protobuf-ts/grpc-transport/'] },
  { id: 'async-mutex', family: 'lock', fileMarkers: ['/node_modules/async-mutex/'] },
  { id: 'async-lock', family: 'lock', fileMarkers: ['/node_modules/@types/async-lock/', '/node_modules/async-lock/'] },
  { id: 'await-lock', family: 'lock', fileMarkers: ['/node_modules/await-lock/'] },
  // `navigator.locks` comes with the DOM lib; Node 20 has no Web Locks.
  { id: 'web-locks', family: 'lock', fileMarkers: ['/lib.dom.d.ts'] },
];
