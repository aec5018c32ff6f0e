#!/usr/bin/env node
// Benchmark: what the plugin's rules add to a typed ESLint run.
//
//   npm run bench            (= npm run build --silent && node scripts/bench.mjs)
//   BENCH_PAIRS=9 BENCH_IDLE_PAIRS=21 npm run bench
//   BENCH_PARTS=editor BENCH_EDITS=40 npm run bench     (parts: startup, editor, batch; default all)
//
// Part `startup` (scripts/bench/startup.mjs): the plugin's import time in a fresh process after
// TypeScript and typescript-eslint, BENCH_STARTUP_SAMPLES (default 15) per baseline. Part `editor`
// (scripts/bench/editor.mjs): per-edit latency in the ESLint language server with the plugin, without
// it, and with @typescript-eslint/no-floating-promises alone, BENCH_EDITS (default 30) edits each.
// Part `batch`, below:
//
// Two programs, each linted in one process with typescript-eslint's parser and full type
// information, (a) with no rules and (b) with every rule of `rpc.configs.all`:
//   grpc-js: the 168 sources of @grpc/grpc-js (scripts/sweep/tsconfig.grpc-js.json, which also loads
//            every supported library's declaration files so that no rule is idle, see
//            scripts/sweep/load-libraries.ts);
//   idle:    the plugin's own src/ and rules/ (scripts/bench/tsconfig.idle.json), a program that
//            loads no RPC or lock library: the rules must return before creating the type checker.
// After one warm-up pair per program, BENCH_PAIRS (default 7) pairs on grpc-js and BENCH_IDLE_PAIRS
// (default 15; an idle pair is cheap and the difference to find is small) alternate a/b and b/a. Every run
// starts cold, like `npx eslint`: typescript-eslint's caches are cleared (`clearCaches()`, which drops
// the programs and the project service) and a fresh ESLint instance is created, so each run builds
// its ts.Program again. The parser uses `parserOptions.project` (see docs/performance.md for why).
// The ratios are of wall-clock time (what a user waits for). The process's CPU time (user + system,
// all threads: V8's parallel GC adds to it) is printed as a cross-check, and ESLint's `stats` give
// the rules' own time, which the machine's other load disturbs least.
// Prints medians, min–max, peak RSS, per-rule times (ESLint `stats`), and last (wall-clock):
//   ratio=<median of per-pair b/a on grpc-js> idle_ratio=<median of per-pair b/a on the idle program>
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { clearCaches } from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

import { filesOf, ROOT } from './sweep.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

export const PROGRAMS = [
  { id: 'grpc-js', tsconfig: 'scripts/sweep/tsconfig.grpc-js.json', dir: 'node_modules/@grpc/grpc-js/src' },
  { id: 'idle', tsconfig: 'scripts/bench/tsconfig.idle.json', dir: '.' },
];

function config(program, plugin, withRules) {
  return [
    { ignores: ['!**/node_modules/'] },
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: { project: path.resolve(ROOT, program.tsconfig), tsconfigRootDir: ROOT },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    ...(withRules ? [plugin.configs.all] : []),
  ];
}

/** Peak RSS during `fn`, sampled every 20 ms and at both ends. */
async function withPeakRss(fn) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await fn();
    return { value, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

async function timedRun(program, files, plugin, withRules) {
  clearCaches();
  gc();
  const { value, peak } = await withPeakRss(async () => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config(program, plugin, withRules), stats: true });
    const results = await eslint.lintFiles(files);
    const cpu = process.cpuUsage(cpuStart);
    return { wall: performance.now() - start, ms: (cpu.user + cpu.system) / 1000, results };
  });
  const fatal = value.results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}: ${m.message}`));
  if (fatal.length > 0) throw new Error(`fatal messages:\n${fatal.slice(0, 5).join('\n')}`);
  if (value.results.length !== files.length) throw new Error(`linted ${value.results.length} of ${files.length} files`);
  const rules = {};
  let parse = 0;
  for (const result of value.results) {
    for (const pass of result.stats?.times?.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      for (const [id, { total }] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + total;
    }
  }
  const reports = value.results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('rpc/')).length, 0);
  return { ms: value.ms, wall: value.wall, peak, rules, parse, reports };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`;
const range = (xs, f) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;

/** The supported libraries a program loads, by the plugin's own markers (reads file names only). */
async function librariesLoaded(program) {
  const { LIBRARIES } = await import('../dist/src/model/libraries.js');
  const configPath = path.resolve(ROOT, program.tsconfig);
  const { config: raw } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(raw, ts.sys, path.dirname(configPath), undefined, configPath);
  const names = ts.createProgram(parsed.fileNames, parsed.options).getSourceFiles().filter((f) => f.isDeclarationFile).map((f) => f.fileName);
  return LIBRARIES.filter((l) => names.some((n) => l.fileMarkers.some((m) => n.includes(m)))).map((l) => l.id);
}

async function benchProgram(program, plugin, pairs) {
  const files = filesOf(program.tsconfig, program.dir);
  const lines = files.reduce((n, f) => n + ts.sys.readFile(f).split('\n').length, 0);
  console.log(`\n== ${program.id}: ${files.length} files, ${lines} lines (${program.tsconfig})`);
  console.log(`   libraries in the program: ${(await librariesLoaded(program)).join(', ') || 'none'}`);
  // Warm-up: JIT, module loading, file system caches.
  await timedRun(program, files, plugin, false);
  await timedRun(program, files, plugin, true);
  const a = [];
  const b = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const withRules of order) (withRules ? b : a).push(await timedRun(program, files, plugin, withRules));
    console.log(
      `   pair ${i + 1} (${order[0] ? 'b,a' : 'a,b'}): wall a=${fmt(a[i].wall)} b=${fmt(b[i].wall)} b/a=${(b[i].wall / a[i].wall).toFixed(3)}` +
        `; cpu a=${fmt(a[i].ms)} b=${fmt(b[i].ms)} b/a=${(b[i].ms / a[i].ms).toFixed(3)}`,
    );
  }
  const ratios = a.map((run, i) => b[i].ms / run.ms);
  const wallRatios = a.map((run, i) => b[i].wall / run.wall);
  const stat = (xs, f) => `median ${f(median(xs))} (${range(xs, f)})`;
  const row = (label, runs) =>
    `   ${label}: wall ${stat(runs.map((r) => r.wall), fmt)}, cpu ${stat(runs.map((r) => r.ms), fmt)}, peak RSS ${stat(runs.map((r) => r.peak), mb)}`;
  console.log(row('(a) parser only      ', a));
  console.log(row('(b) + rpc.configs.all', b));
  console.log(`   b/a wall: ${stat(wallRatios, (x) => x.toFixed(3))}; b/a cpu: ${stat(ratios, (x) => x.toFixed(3))}; reports in (b): ${b[0].reports}`);
  // TIMING-style table over the measured (b) runs.
  const ids = Object.keys(b[0].rules);
  const perRule = ids.map((id) => ({ id, ms: median(b.map((r) => r.rules[id] ?? 0)) })).sort((x, y) => y.ms - x.ms);
  const bMedian = median(b.map((r) => r.wall));
  console.log(`   ${'Rule'.padEnd(34)}| ${'Time (ms)'.padStart(10)} | % of (b) run`);
  for (const { id, ms } of perRule) console.log(`   ${id.padEnd(34)}| ${ms.toFixed(1).padStart(10)} | ${((100 * ms) / bMedian).toFixed(2)}%`);
  const rulesTotal = perRule.reduce((n, r) => n + r.ms, 0);
  console.log(`   ${'(all rules)'.padEnd(34)}| ${rulesTotal.toFixed(1).padStart(10)} | ${((100 * rulesTotal) / bMedian).toFixed(2)}%`);
  console.log(`   ${'(parse, typed; from stats)'.padEnd(34)}| ${median(b.map((r) => r.parse)).toFixed(1).padStart(10)} | ${((100 * median(b.map((r) => r.parse))) / bMedian).toFixed(2)}%`);
  // The rules' own time (ESLint stats, type checking they trigger included) over the run without them.
  const statsRatio = 1 + median(b.map((r) => Object.values(r.rules).reduce((n, ms) => n + ms, 0))) / median(a.map((r) => r.wall));
  return { cpuRatio: median(ratios), ratio: median(wallRatios), ratios: wallRatios, statsRatio, a, b };
}

async function main() {
  const parts = (process.env.BENCH_PARTS ?? 'startup,editor,batch').split(',');
  if (parts.includes('startup')) {
    const { benchStartup } = await import('./bench/startup.mjs');
    benchStartup({ samples: Number(process.env.BENCH_STARTUP_SAMPLES ?? 15) });
  }
  if (parts.includes('editor')) {
    const plugin = (await import('eslint-plugin-rpc')).default;
    const { benchEditor } = await import('./bench/editor.mjs');
    await benchEditor({ edits: Number(process.env.BENCH_EDITS ?? 30), warmup: 5, rpcRules: Object.keys(plugin.configs.recommended.rules) });
  }
  if (parts.includes('batch')) await benchBatch();
}

async function benchBatch() {
  const pairs = Number(process.env.BENCH_PAIRS ?? 7);
  const idlePairs = Number(process.env.BENCH_IDLE_PAIRS ?? 15);
  for (const n of [pairs, idlePairs]) if (!Number.isInteger(n) || n < 5) throw new Error('BENCH_PAIRS and BENCH_IDLE_PAIRS must be integers ≥ 5');
  const plugin = (await import('eslint-plugin-rpc')).default;
  const cpus = os.cpus();
  console.log(
    `bench: node ${process.version}, eslint ${ESLint.version}, typescript ${ts.version}, typescript-eslint ${tseslint.parser.meta?.version ?? '?'}, ` +
      `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM; rules: ${Object.keys(plugin.configs.all.rules).join(', ')}; ${pairs} (grpc-js) and ${idlePairs} (idle) pairs after a warm-up; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );
  const results = {};
  for (const program of PROGRAMS) results[program.id] = await benchProgram(program, plugin, program.id === 'idle' ? idlePairs : pairs);
  console.log(`\nprocess peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`cpu time: ratio=${results['grpc-js'].cpuRatio.toFixed(3)} idle_ratio=${results.idle.cpuRatio.toFixed(3)}`);
  console.log(`1 + rules' stats time / (a) wall: ratio=${results['grpc-js'].statsRatio.toFixed(3)} idle_ratio=${results.idle.statsRatio.toFixed(3)}`);
  const span = (r) => `${Math.min(...r.ratios).toFixed(3)}–${Math.max(...r.ratios).toFixed(3)}`;
  console.log(`wall-clock min–max: ratio ${span(results['grpc-js'])}, idle_ratio ${span(results.idle)}`);
  console.log(`ratio=${results['grpc-js'].ratio.toFixed(3)} idle_ratio=${results.idle.ratio.toFixed(3)}`);
}

await main();
