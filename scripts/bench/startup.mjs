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

/** Milliseconds to import `specifier` after `baseline`, in a fresh process run from the repository. */
export function importTime(baseline, specifier = 'eslint-plugin-rpc') {
  const code = `${baseline.map((m) => `await import(${JSON.stringify(m)});`).join('')}
const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' }).trim());
}

export function benchStartup({ samples = 15 } = {}) {
  console.log(`\n== start-up: import('eslint-plugin-rpc') in a fresh process after the baseline modules, ${samples} samples each`);
  const result = {};
  for (const [id, baseline] of Object.entries(BASELINES)) {
    const times = Array.from({ length: samples }, () => importTime(baseline));
    result[id] = median(times);
    console.log(`   after ${baseline.join(' + ')}: median ${median(times).toFixed(1)} ms (${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)})`);
  }
  console.log(`startup: utils=${result.utils.toFixed(1)}ms typescript_eslint=${result['typescript-eslint'].toFixed(1)}ms`);
  return result;
}
