// Part of every sweep and bench program, never linted: loads the declaration files of every library
// the plugin knows. The rules stay idle in a program that loads none of them (DESIGN §2), and a
// library's own `src/` is not the library to the model, so without this file every rule would return
// at once on @grpc/grpc-js's sources and the sweep would prove nothing.
// grpc-js is re-exported under a name on purpose: a program whose own files import no RPC library
// makes no client, and the program-wide facts are then skipped (src/model/library-reach.ts). A user's
// program imports one, so the bench and the sweep measure the path users pay for, not that shortcut.
export type * as grpcJs from '@grpc/grpc-js';
import type {} from 'nice-grpc';
import type {} from '@connectrpc/connect';
import type {} from '@connectrpc/connect-node';
import type {} from 'async-mutex';
import type {} from 'async-lock';
import type {} from 'await-lock';
