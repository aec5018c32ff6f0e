import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { clearCaches } from '@typescript-eslint/parser';
import { filesOf, ROOT } from './scripts/sweep.mjs';
const plugin = (await import('eslint-plugin-rpc')).default;
const { summaryStats } = await import('./dist/src/analysis/summaries.js');
const programs = [
  { id: 'grpc-js', tsconfig: 'scripts/sweep/tsconfig.grpc-js.json', dir: 'node_modules/@grpc/grpc-js/src' },
  { id: 'hocuspocus', tsconfig: 'scripts/sweep/tsconfig.hocuspocus-server.json', dir: 'node_modules/@hocuspocus/server/src' },
  { id: 'idle', tsconfig: 'scripts/bench/tsconfig.idle.json', dir: '.' },
];
for (const program of programs) {
  for (const run of [1, 2]) {
    clearCaches();
    summaryStats.clear();
    const files = filesOf(program.tsconfig, program.dir);
    const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, stats: true, overrideConfig: [
      { ignores: ['!**/node_modules/'] },
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { project: path.resolve(ROOT, program.tsconfig), tsconfigRootDir: ROOT } }, linterOptions: { reportUnusedDisableDirectives: 'off' } },
      plugin.configs.all,
    ] });
    const start = performance.now();
    const results = await eslint.lintFiles(files);
    const wall = performance.now() - start;
    const rules = {};
    for (const r of results) for (const pass of r.stats?.times?.passes ?? []) for (const [id, { total }] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + total;
    const fmt = Object.entries(rules).map(([id, ms]) => `${id}=${ms.toFixed(1)}ms`).join(' ');
    console.log(`${program.id} run${run} files=${files.length} wall=${(wall / 1000).toFixed(2)}s ${fmt} summaries=${JSON.stringify([...summaryStats].map(([k, v]) => [k, v.computed, +v.ms.toFixed(1)]))}`);
  }
}
