// Start-up: the plugin's own import time in a consumer's ESLint process, where TypeScript and
// typescript-eslint are already loaded when the config imports the plugin. Each sample is a fresh
// `node` process that loads the baseline modules, then times `import('eslint-plugin-rpc')` (resolved
// through the package's `exports`, as a consumer's config resolves it). Two baselines:
//   utils:            typescript + @typescript-eslint/utils (+ the parser), a config with the parser only;
//   typescript-eslint: the `typescript-eslint` package (parser and its plugin), as most flat configs start.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export const BASELINES = {
  utils: ['typescript', '@typescript-eslint/utils', '@typescript-eslint/parser'],
  'typescript-eslint': ['typescript', '@typescript-eslint/utils', 'typescript-eslint'],
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * Wall-clock and CPU (user + system) milliseconds to import `specifier` after `baseline`, in a fresh
 * process run from the repository. CPU time is the steadier figure on a shared machine.
 */
export function importTime(baseline, specifier = 'eslint-plugin-rpc') {
  const code = `${baseline.map((m) => `await import(${JSON.stringify(m)});`).join('')}
const t = performance.now(); const c = process.cpuUsage(); await import(${JSON.stringify(specifier)});
const u = process.cpuUsage(c); console.log(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' }));
}

export function benchStartup({ samples = 15 } = {}) {
  console.log(`\n== start-up: import('eslint-plugin-rpc') in a fresh process after the baseline modules, ${samples} samples each`);
  const result = {};
  for (const [id, baseline] of Object.entries(BASELINES)) {
    const runs = Array.from({ length: samples }, () => importTime(baseline));
    const stat = (xs) => `median ${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
    result[id] = { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
    console.log(`   after ${baseline.join(' + ')}: wall ${stat(runs.map((r) => r.wall))}, cpu ${stat(runs.map((r) => r.cpu))}`);
  }
  const f = (r) => `${r.wall.toFixed(1)}ms/${r.cpu.toFixed(1)}ms`;
  console.log(`startup (wall/cpu): utils=${f(result.utils)} typescript_eslint=${f(result['typescript-eslint'])}`);
  return result;
}
