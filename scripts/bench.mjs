#!/usr/bin/env node
// Benchmark: what the plugin's rules add to a typed ESLint run.
//
//   npm run bench            (= npm run build --silent && node scripts/bench.mjs)
//   BENCH_PAIRS=9 BENCH_IDLE_PAIRS=31 npm run bench
//   BENCH_PARTS=editor BENCH_EDITS=40 npm run bench     (parts: startup, editor, batch; default all)
//
// Part `startup` (scripts/bench/startup.mjs): the plugin's import time in a fresh process after
// TypeScript and typescript-eslint, BENCH_STARTUP_SAMPLES (default 15) per baseline. Part `editor`
// (scripts/bench/editor.mjs): per-edit latency in the ESLint language server with the plugin, without
// it, and with @typescript-eslint/no-floating-promises alone, BENCH_EDITS (default 30) edits each.
// Part `batch`, below:
//
// Two programs (scripts/bench/programs.mjs: the sources of @grpc/grpc-js with every supported
// library's declarations loaded, and an idle program that loads no RPC or lock library, where the
// rules must return before creating the type checker), each linted with typescript-eslint's parser
// and full type information in four variants: (a) no rules, (noop) one rule that does nothing,
// (b) every rule of `rpc.configs.all`, and (bstats) the same with ESLint's `stats: true`, for the
// rules' own times; the timed variants run without stats, as users run ESLint, because stats wrap
// every listener call in timing code that only (b) would pay. Every run is a fresh process (scripts/bench/lint-once.mjs),
// like `npx eslint`: it builds its ts.Program and JIT-compiles from scratch, and no run inherits the
// heap of another. (In one process, V8 sizes each run's heap from the runs before it: after two
// grpc-js runs, one no-op rule alone measured 1.06-1.08 x on the idle program and the plugin
// 1.10-1.19 x, because a run with a rule crossed a major-GC threshold that the run without rules
// did not; see docs/performance.md, Fresh processes.) The (noop) runs show what
// ESLint itself costs for running any rule, the floor under every plugin's ratio.
// After one warm-up round per program, BENCH_PAIRS (default 7) rounds on grpc-js and
// BENCH_IDLE_PAIRS (default 25; an idle round is cheap, and the difference to find, about 1 %, is
// smaller than one round's spread of ±4 %, so its median needs more rounds than grpc-js's) run the
// variants in the order a, noop, b, bstats and then the reverse. The parser uses `parserOptions.project`
// (see docs/performance.md for why). The ratios are of wall-clock time (what a user waits for). The
// process's CPU time (user + system, all threads: V8's parallel GC adds to it) is printed as a
// cross-check, and ESLint's `stats` (bstats) give the rules' own time, which the machine's other
// load disturbs least.
// Prints medians, min–max, peak RSS, per-rule times (ESLint `stats`), and last (wall-clock):
//   ratio=<median of per-round b/a on grpc-js> idle_ratio=<median of per-round b/a on the idle program>
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

import { LIBRARIES } from '../dist/src/model/libraries.js';
import { PROGRAMS } from './bench/programs.mjs';
import { filesOf, ROOT } from './sweep.mjs';

const LINT_ONCE = path.join(ROOT, 'scripts/bench/lint-once.mjs');

/** One timed run in a fresh process: see scripts/bench/lint-once.mjs. */
function timedRun(program, variant) {
  const out = execFileSync(process.execPath, [LINT_ONCE, program.id, variant], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(out.trim().split('\n').at(-1));
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
function librariesLoaded(program) {
  const configPath = path.resolve(ROOT, program.tsconfig);
  const { config: raw } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(raw, ts.sys, path.dirname(configPath), undefined, configPath);
  const names = ts.createProgram(parsed.fileNames, parsed.options).getSourceFiles().filter((f) => f.isDeclarationFile).map((f) => f.fileName);
  return LIBRARIES.filter((l) => names.some((n) => l.fileMarkers.some((m) => n.includes(m)))).map((l) => l.id);
}

const VARIANTS = ['a', 'noop', 'b', 'bstats'];

function benchProgram(program, rounds) {
  const files = filesOf(program.tsconfig, program.dir);
  const lines = files.reduce((n, f) => n + ts.sys.readFile(f).split('\n').length, 0);
  console.log(`\n== ${program.id}: ${files.length} files, ${lines} lines (${program.tsconfig})`);
  console.log(`   libraries in the program: ${librariesLoaded(program).join(', ') || 'none'}`);
  // Warm-up: file system caches, V8's code cache of the modules.
  for (const variant of VARIANTS) timedRun(program, variant);
  const runs = { a: [], noop: [], b: [], bstats: [] };
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) runs[variant].push(timedRun(program, variant));
    const { a, noop, b, bstats } = Object.fromEntries(VARIANTS.map((v) => [v, runs[v][i]]));
    console.log(
      `   round ${i + 1} (${order.join(',')}): wall a=${fmt(a.wall)} noop=${fmt(noop.wall)} b=${fmt(b.wall)} bstats=${fmt(bstats.wall)} b/a=${(b.wall / a.wall).toFixed(3)} noop/a=${(noop.wall / a.wall).toFixed(3)}` +
        `; cpu b/a=${(b.ms / a.ms).toFixed(3)}`,
    );
  }
  const per = (x, y, key) => runs[x].map((run, i) => run[key] / runs[y][i][key]);
  const wallRatios = per('b', 'a', 'wall');
  const floorRatios = per('noop', 'a', 'wall');
  const overFloor = per('b', 'noop', 'wall');
  const cpuRatios = per('b', 'a', 'ms');
  const withStatsRatios = per('bstats', 'a', 'wall');
  const stat = (xs, f) => `median ${f(median(xs))} (${range(xs, f)})`;
  const row = (label, list) =>
    `   ${label}: wall ${stat(list.map((r) => r.wall), fmt)}, cpu ${stat(list.map((r) => r.ms), fmt)}, peak RSS ${stat(list.map((r) => r.peak), mb)}`;
  const ratio = (x) => x.toFixed(3);
  console.log(row('(a) parser only         ', runs.a));
  console.log(row('(noop) + one no-op rule ', runs.noop));
  console.log(row('(b) + rpc.configs.all   ', runs.b));
  console.log(row('(bstats) (b) with stats ', runs.bstats));
  console.log(`   b/a wall: ${stat(wallRatios, ratio)}; b/a cpu: ${stat(cpuRatios, ratio)}; reports in (b): ${runs.b[0].reports}`);
  console.log(`   bstats/a wall (with ESLint's per-listener timing, the method until 2026-11-27): ${stat(withStatsRatios, ratio)}`);
  console.log(`   noop/a wall (ESLint's floor for any rule): ${stat(floorRatios, ratio)}; b/noop wall: ${stat(overFloor, ratio)}`);
  // TIMING-style table over the (bstats) runs: the same rules, timed by ESLint.
  const b = runs.bstats;
  const ids = Object.keys(b[0].rules);
  const perRule = ids.map((id) => ({ id, ms: median(b.map((r) => r.rules[id] ?? 0)) })).sort((x, y) => y.ms - x.ms);
  const bMedian = median(b.map((r) => r.wall));
  console.log(`   ${'Rule'.padEnd(34)}| ${'Time (ms)'.padStart(10)} | % of (bstats) run`);
  for (const { id, ms } of perRule) console.log(`   ${id.padEnd(34)}| ${ms.toFixed(1).padStart(10)} | ${((100 * ms) / bMedian).toFixed(2)}%`);
  const rulesTotal = perRule.reduce((n, r) => n + r.ms, 0);
  console.log(`   ${'(all rules)'.padEnd(34)}| ${rulesTotal.toFixed(1).padStart(10)} | ${((100 * rulesTotal) / bMedian).toFixed(2)}%`);
  const summaries = median(b.map((r) => r.summaries));
  console.log(`   ${'(of which program-wide summaries)'.padEnd(34)}| ${summaries.toFixed(1).padStart(10)} | ${((100 * summaries) / bMedian).toFixed(2)}%`);
  console.log(`   ${'(parse, typed; from stats)'.padEnd(34)}| ${median(b.map((r) => r.parse)).toFixed(1).padStart(10)} | ${((100 * median(b.map((r) => r.parse))) / bMedian).toFixed(2)}%`);
  // The rules' own time (ESLint stats, type checking they trigger included) over the run without them.
  const statsRatio = 1 + median(b.map((r) => Object.values(r.rules).reduce((n, ms) => n + ms, 0))) / median(runs.a.map((r) => r.wall));
  return { cpuRatio: median(cpuRatios), ratio: median(wallRatios), ratios: wallRatios, floor: median(floorRatios), overFloor: median(overFloor), statsRatio, withStats: median(withStatsRatios) };
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
  const idlePairs = Number(process.env.BENCH_IDLE_PAIRS ?? 25);
  for (const n of [pairs, idlePairs]) if (!Number.isInteger(n) || n < 5) throw new Error('BENCH_PAIRS and BENCH_IDLE_PAIRS must be integers ≥ 5');
  const plugin = (await import('eslint-plugin-rpc')).default;
  const cpus = os.cpus();
  console.log(
    `bench: node ${process.version}, eslint ${ESLint.version}, typescript ${ts.version}, typescript-eslint ${tseslint.parser.meta?.version ?? '?'}, ` +
      `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM; rules: ${Object.keys(plugin.configs.all.rules).join(', ')}; ${pairs} (grpc-js) and ${idlePairs} (idle) rounds of fresh processes after a warm-up; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );
  const results = {};
  for (const program of PROGRAMS) results[program.id] = benchProgram(program, program.id === 'idle' ? idlePairs : pairs);
  console.log(`\nload average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`cpu time: ratio=${results['grpc-js'].cpuRatio.toFixed(3)} idle_ratio=${results.idle.cpuRatio.toFixed(3)}`);
  console.log(`1 + rules' stats time / (a) wall: ratio=${results['grpc-js'].statsRatio.toFixed(3)} idle_ratio=${results.idle.statsRatio.toFixed(3)}`);
  const span = (r) => `${Math.min(...r.ratios).toFixed(3)}–${Math.max(...r.ratios).toFixed(3)}`;
  console.log(`wall-clock min–max: ratio ${span(results['grpc-js'])}, idle_ratio ${span(results.idle)}`);
  console.log(`with ESLint's stats on in (b) (the method until 2026-11-27): ratio=${results['grpc-js'].withStats.toFixed(3)} idle_ratio=${results.idle.withStats.toFixed(3)}`);
  console.log(`ESLint's floor, one no-op rule / parser only: ratio=${results['grpc-js'].floor.toFixed(3)} idle_ratio=${results.idle.floor.toFixed(3)}`);
  console.log(`the plugin over that floor, (b) / one no-op rule: ratio=${results['grpc-js'].overFloor.toFixed(3)} idle_ratio=${results.idle.overFloor.toFixed(3)}`);
  console.log(`ratio=${results['grpc-js'].ratio.toFixed(3)} idle_ratio=${results.idle.ratio.toFixed(3)}`);
}

await main();
