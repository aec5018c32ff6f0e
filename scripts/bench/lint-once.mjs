// One timed lint run of the batch bench (scripts/bench.mjs), in a process of its own, as a user's
// `npx eslint` runs: `node scripts/bench/lint-once.mjs <program id> <variant>` prints one JSON line.
// Every variant imports the same modules (the plugin too), so only the config differs; the timed
// part is what ESLint does after start-up: create the ESLint instance and lint the program's files.
//   a     typescript-eslint's parser with full type information, no rules;
//   noop  (a) + one rule whose `create` returns `{}`: what ESLint costs for running any rule at all;
//   b     (a) + every rule of `rpc.configs.all` (BENCH_PRESET=strict: of `rpc.configs.strict`, the same
//         rules with their stricter options);
//   bstats  (b) with ESLint's `stats: true`, for the rules' own times. Its per-listener timing
//         wrappers are instrumentation that no user runs, so the other variants run without stats.
import path from 'node:path';

import { ESLint } from 'eslint';
import plugin from 'eslint-plugin-rpc';
import tseslint from 'typescript-eslint';

import { summaryTotal } from '../../dist/src/analysis/summaries.js';
import { filesOf, ROOT } from '../sweep.mjs';
import { PROGRAMS } from './programs.mjs';

const NOOP_RULE = { meta: { type: 'problem', schema: [] }, create: () => ({}) };

const VARIANTS = {
  a: [],
  noop: [{ plugins: { bench: { rules: { noop: NOOP_RULE } } }, rules: { 'bench/noop': 'error' } }],
  b: [plugin.configs[process.env.BENCH_PRESET ?? 'all']],
};
VARIANTS.bstats = VARIANTS.b;

function config(program, variant) {
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
    ...VARIANTS[variant],
  ];
}

const [programId, variant] = process.argv.slice(2);
const program = PROGRAMS.find((p) => p.id === programId);
if (!program || !(variant in VARIANTS)) throw new Error(`usage: lint-once.mjs <${PROGRAMS.map((p) => p.id).join('|')}> <${Object.keys(VARIANTS).join('|')}>`);
const files = filesOf(program.tsconfig, program.dir);

const start = performance.now();
const cpuStart = process.cpuUsage();
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config(program, variant), stats: variant === 'bstats' });
const results = await eslint.lintFiles(files);
const cpu = process.cpuUsage(cpuStart);
const wall = performance.now() - start;

const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}: ${m.message}`));
if (fatal.length > 0) throw new Error(`fatal messages:\n${fatal.slice(0, 5).join('\n')}`);
if (results.length !== files.length) throw new Error(`linted ${results.length} of ${files.length} files`);
const rules = {};
let parse = 0;
for (const result of results) {
  for (const pass of result.stats?.times?.passes ?? []) {
    parse += pass.parse?.total ?? 0;
    for (const [id, { total }] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + total;
  }
}
const reports = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('rpc/')).length, 0);
// maxRSS is the process's peak resident set (start-up included), in KiB.
// summaries: the program-wide summaries' own time (src/analysis/summaries.ts), part of the rules' time.
process.stdout.write(`${JSON.stringify({ wall, ms: (cpu.user + cpu.system) / 1000, peak: process.resourceUsage().maxRSS * 1024, rules, parse, reports, summaries: summaryTotal.ms })}\n`);
