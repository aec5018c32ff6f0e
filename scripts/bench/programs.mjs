// The two programs of the batch bench (scripts/bench.mjs):
//   grpc-js: the sources of @grpc/grpc-js (scripts/sweep/tsconfig.grpc-js.json, which also loads
//            every supported library's declaration files so that no rule is idle, see
//            scripts/sweep/load-libraries.ts);
//   idle:    the plugin's own src/ and rules/ (scripts/bench/tsconfig.idle.json), a program that
//            loads no RPC or lock library: the rules must return before creating the type checker.
export const PROGRAMS = [
  { id: 'grpc-js', tsconfig: 'scripts/sweep/tsconfig.grpc-js.json', dir: 'node_modules/@grpc/grpc-js/src' },
  { id: 'idle', tsconfig: 'scripts/bench/tsconfig.idle.json', dir: '.' },
];
