#!/usr/bin/env node
// Crash and false-positive sweep: lints the TypeScript sources that npm packages ship, with every
// rule and its stricter options (`rpc.configs.strict`) and full type information; prints each report.
//
//   npm run sweep            (= npm run build --silent && node scripts/sweep.mjs)
//   SWEEP_ONLY=grpc-js-xds npm run sweep    (only the corpora whose name contains the text)
//
// Last line: `sweep files=<n> lines=<n> crashes=<n> reports=<n>`; exit code 1 on any crash.
// Every report must be triaged in docs/real-code.md (test/sweep.test.ts checks that).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SELF_DECLARED = {
  rpc: {
    resources: [
      { type: { from: 'file', name: ['Client'], path: 'node_modules/@grpc/grpc-js/src/client.ts' }, close: ['close'] },
      { type: { from: 'file', name: ['ChannelImplementation'], path: 'node_modules/@grpc/grpc-js/src/channel.ts' }, close: ['close'] },
      { type: { from: 'file', name: ['InternalChannel'], path: 'node_modules/@grpc/grpc-js/src/internal-channel.ts' }, close: ['close'] },
      { type: { from: 'file', name: ['Server'], path: 'node_modules/@grpc/grpc-js/src/server.ts' }, close: ['forceShutdown', 'tryShutdown'] },
    ],
  },
};

/**
 * What the sweep lints. Each corpus is one TypeScript program whose tsconfig type-checks cleanly
 * with `tsc -p`; the files of the program under `dir` are linted.
 *
 * Every program also contains scripts/sweep/load-libraries.ts, which loads the declaration files of
 * every supported library: the rules are idle in a program that loads none (DESIGN §2), and a
 * library's own `src/` is not "the library" to the model (types are matched by the package's
 * declaration files). With the libraries loaded every rule runs its listeners over the real code.
 * The `self-declared` pass goes further: it declares grpc-js's own classes through `settings.rpc`
 * so that no-unclosed-client's ownership and exit analyses run on grpc-js's own creations.
 */
export const CORPORA = [
  { name: '@grpc/grpc-js', tsconfig: 'scripts/sweep/tsconfig.grpc-js.json', dir: 'node_modules/@grpc/grpc-js/src' },
  {
    name: '@grpc/grpc-js (self-declared resources)',
    tsconfig: 'scripts/sweep/tsconfig.grpc-js.json',
    dir: 'node_modules/@grpc/grpc-js/src',
    settings: SELF_DECLARED,
    // grpc-js's own resolvers and balancers implement the interfaces of its src/, not of the package's .d.ts.
    rules: {
      'rpc/no-wait-in-resolver-destroy': [
        'error',
        {
          resolvers: [{ from: 'file', name: 'Resolver', path: 'node_modules/@grpc/grpc-js/src/resolver.ts' }],
          loadBalancers: [{ from: 'file', name: 'LoadBalancer', path: 'node_modules/@grpc/grpc-js/src/load-balancer.ts' }],
        },
      ],
    },
  },
  { name: 'nice-grpc', tsconfig: 'scripts/sweep/tsconfig.nice-grpc.json', dir: 'node_modules/nice-grpc/src' },
  { name: 'nice-grpc-common', tsconfig: 'scripts/sweep/tsconfig.nice-grpc-common.json', dir: 'node_modules/nice-grpc-common/src' },
  { name: 'await-lock', tsconfig: 'scripts/sweep/tsconfig.await-lock.json', dir: 'node_modules/await-lock/src' },
  // More real RPC code shipped as TypeScript: grpc-js-xds implements grpc-js resolvers and load balancers.
  { name: '@grpc/grpc-js-xds', tsconfig: 'scripts/sweep/tsconfig.grpc-js-xds.json', dir: 'node_modules/@grpc/grpc-js-xds/src' },
  { name: 'nice-grpc-server-health', tsconfig: 'scripts/sweep/tsconfig.nice-grpc-server-health.json', dir: 'node_modules/nice-grpc-server-health/src' },
  {
    name: 'nice-grpc-client-middleware-retry',
    tsconfig: 'scripts/sweep/tsconfig.nice-grpc-client-middleware-retry.json',
    dir: 'node_modules/nice-grpc-client-middleware-retry/src',
  },
  {
    name: 'nice-grpc-client-middleware-deadline',
    tsconfig: 'scripts/sweep/tsconfig.nice-grpc-client-middleware-deadline.json',
    dir: 'node_modules/nice-grpc-client-middleware-deadline/src',
  },
  // Lock code in the wild: a WebSocket collaboration server that stores documents under an async-mutex.
  { name: '@hocuspocus/server', tsconfig: 'scripts/sweep/tsconfig.hocuspocus-server.json', dir: 'node_modules/@hocuspocus/server/src' },
  // An SDK wrapper over grpc-js: `Connection` owns a client, `static connect()` is a factory, `close()` releases.
  { name: '@temporalio/client', tsconfig: 'scripts/sweep/tsconfig.temporalio-client.json', dir: 'node_modules/@temporalio/client/src' },
  // An SDK built with protobuf-ts (its generated grpc-js clients and runtime): `ZedClient` owns one
  // client per service and closes them all; the promise and combined clients are proxies over it.
  { name: '@authzed/authzed-node', tsconfig: 'scripts/sweep/tsconfig.authzed-node.json', dir: 'node_modules/@authzed/authzed-node/src' },
];

/** The root files of a tsconfig under `dir`, as TypeScript computes them. */
export function filesOf(tsconfig, dir, root = ROOT) {
  const configPath = path.resolve(root, tsconfig);
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath), undefined, configPath);
  const under = path.resolve(root, dir) + path.sep;
  return parsed.fileNames.filter((f) => path.resolve(f).startsWith(under) && !f.endsWith('.d.ts')).sort();
}

/**
 * The ESLint flat config of one corpus: every rule, with the stricter options of `plugin.configs.strict`
 * (which enables every rule too), typed, nothing ignored: real code checks the strictest setting.
 */
export function sweepConfig(plugin, corpus, root = ROOT) {
  return [
    // ESLint ignores `**/node_modules/` by default; the sweep's inputs live there.
    { ignores: ['!**/node_modules/'] },
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: { project: path.resolve(root, corpus.tsconfig), tsconfigRootDir: root },
      },
      // The packages' own `eslint-disable` comments must not hide a report.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      ...(corpus.settings ? { settings: corpus.settings } : {}),
    },
    plugin.configs.strict,
    ...(corpus.rules ? [{ files: ['**/*.ts'], rules: corpus.rules }] : []),
  ];
}

/**
 * Lints every corpus file by file (a rule that throws aborts only its file) and returns the reports
 * of the plugin's rules and the crashes. A fatal message (parse error) counts as a crash: the sweep
 * inputs are published sources that compile.
 */
export async function sweep({ plugin, corpora = CORPORA, root = ROOT, onReport, onCrash } = {}) {
  plugin ??= (await import('eslint-plugin-rpc')).default;
  const ruleIds = new Set(Object.keys(plugin.configs.strict.rules ?? {}));
  const reports = [];
  const crashes = [];
  const passes = [];
  const seenFiles = new Map();
  for (const corpus of corpora) {
    if (corpus.optional && !existsSync(path.resolve(root, corpus.dir))) {
      passes.push({ corpus: corpus.name, files: 0, reports: 0, crashes: 0, skipped: true });
      continue;
    }
    const files = filesOf(corpus.tsconfig, corpus.dir, root);
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: sweepConfig(plugin, corpus, root) });
    let passReports = 0;
    let passCrashes = 0;
    for (const file of files) {
      const rel = path.relative(root, file).replaceAll('\\', '/');
      if (!seenFiles.has(rel)) seenFiles.set(rel, readFileSync(file, 'utf8').split(/\r\n|\r|\n/).length);
      let results;
      try {
        results = await eslint.lintFiles([file]);
      } catch (error) {
        const crash = { corpus: corpus.name, file: rel, message: String(error?.message ?? error), stack: String(error?.stack ?? '') };
        crashes.push(crash);
        passCrashes++;
        onCrash?.(crash);
        continue;
      }
      if (results.length !== 1) {
        const crash = { corpus: corpus.name, file: rel, message: `expected 1 result, got ${results.length} (file ignored?)`, stack: '' };
        crashes.push(crash);
        passCrashes++;
        onCrash?.(crash);
        continue;
      }
      for (const m of results[0].messages) {
        if (m.fatal) {
          const crash = { corpus: corpus.name, file: rel, message: `fatal: ${m.message} (${m.line}:${m.column})`, stack: '' };
          crashes.push(crash);
          passCrashes++;
          onCrash?.(crash);
        } else if (m.ruleId && ruleIds.has(m.ruleId)) {
          const report = { corpus: corpus.name, file: rel, line: m.line, column: m.column, ruleId: m.ruleId, message: m.message };
          reports.push(report);
          passReports++;
          onReport?.(report);
        }
        // Other messages (notices about `noInlineConfig`) are not the plugin's.
      }
    }
    passes.push({ corpus: corpus.name, files: files.length, reports: passReports, crashes: passCrashes });
  }
  const lines = [...seenFiles.values()].reduce((a, b) => a + b, 0);
  return { files: seenFiles.size, lines, reports, crashes, passes, rules: [...ruleIds] };
}

export function formatReport(r) {
  return `${r.file}:${r.line}:${r.column} ${r.ruleId} ${r.message}${r.corpus.includes('(') ? `  [${r.corpus}]` : ''}`;
}

export function summaryLine(result) {
  return `sweep files=${result.files} lines=${result.lines} crashes=${result.crashes.length} reports=${result.reports.length}`;
}

async function main() {
  const started = performance.now();
  const only = process.env.SWEEP_ONLY;
  const result = await sweep({
    ...(only ? { corpora: CORPORA.filter((c) => c.name.includes(only)) } : {}),
    onReport: (r) => console.log(formatReport(r)),
    onCrash: (c) => console.log(`CRASH ${c.file} [${c.corpus}]\n${c.stack || c.message}`),
  });
  console.log(`rules: ${result.rules.join(', ')}`);
  for (const p of result.passes) {
    console.log(`  ${p.corpus}: ${p.skipped ? 'skipped (not installed)' : `files=${p.files} reports=${p.reports} crashes=${p.crashes}`}`);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(summaryLine(result));
  process.exitCode = result.crashes.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
