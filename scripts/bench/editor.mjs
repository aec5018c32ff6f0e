// Editor latency: what the plugin adds to each edit in the ESLint language server of VS Code's ESLint
// extension (the pinned `vscode-langservers-extracted`). Three servers run side by side on
// fixtures/articles/002-unclosed-client/bad.ts with VS Code's default settings and the editor config
// fixtures/eslint.config.mjs (typed, project service), switched by the `eslint.options` setting:
//   plugin: the config as is (`rpc.configs.recommended`);
//   none:   the same with every rpc/ rule off (the plugin's rules do not run);
//   nfp:    none + `@typescript-eslint/no-floating-promises`, one typed typescript-eslint rule, as a yardstick.
// Each round makes the same edit in all three (a string literal changes, so the program changes), in a
// rotating order, and times `didChange` → the `textDocument/diagnostic` answer. After BENCH_EDITOR_WARMUP
// rounds, BENCH_EDITS rounds are measured; per variant the median latency, and per round the difference
// to `none` (median of the per-round differences: drift on the shared machine cancels out).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { LanguageServer } from '../editor/language-server.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const FILE = path.join(ROOT, 'fixtures', 'articles', '002-unclosed-client', 'bad.ts');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const range = (xs) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;

function variants(rpcRules) {
  const off = Object.fromEntries(rpcRules.map((id) => [id, 'off']));
  return [
    { id: 'plugin', label: `rpc.configs.recommended (${rpcRules.length} rules)`, options: {} },
    { id: 'none', label: 'no rpc/ rule', options: { overrideConfig: { rules: off } } },
    { id: 'nfp', label: '@typescript-eslint/no-floating-promises alone', options: { overrideConfig: { rules: { ...off, '@typescript-eslint/no-floating-promises': 'error' } } } },
  ];
}

export async function benchEditor({ edits = 30, warmup = 5, rpcRules }) {
  const uri = pathToFileURL(FILE).href;
  const original = fs.readFileSync(FILE, 'utf8');
  if (!original.includes('"probe"')) throw new Error('bench edit anchor "probe" not found in the fixture');
  const runs = variants(rpcRules);
  console.log(`\n== editor: vscode-eslint-language-server, ${path.relative(ROOT, FILE)}; ${warmup} warm-up + ${edits} measured edits per variant`);
  const servers = [];
  try {
    for (const run of runs) {
      const server = await LanguageServer.start({ workspaceFolder: ROOT, options: run.options, timeoutMs: 120_000 });
      servers.push(server);
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: original } });
      const start = performance.now();
      const first = await server.request('textDocument/diagnostic', { textDocument: { uri } }, 120_000);
      const codes = first.items.map((d) => d.code);
      if (codes.some((c) => typeof c !== 'string')) throw new Error(`${run.id}: a diagnostic without a rule:\n${JSON.stringify(first.items)}`);
      run.rpcReports = codes.filter((c) => c.startsWith('rpc/')).length;
      if ((run.id === 'plugin') !== run.rpcReports > 0) throw new Error(`${run.id}: ${run.rpcReports} rpc/ diagnostics`);
      console.log(`   ${run.id.padEnd(6)} first lint (ESLint, config, program): ${ms(performance.now() - start)}; rpc/ diagnostics: ${run.rpcReports}`);
      run.times = [];
    }
    for (let round = 0; round < warmup + edits; round++) {
      const text = original.replaceAll('"probe"', `"probe-${round}"`);
      for (let k = 0; k < runs.length; k++) {
        const i = (round + k) % runs.length;
        const server = servers[i];
        const start = performance.now();
        server.notify('textDocument/didChange', { textDocument: { uri, version: round + 2 }, contentChanges: [{ text }] });
        const report = await server.request('textDocument/diagnostic', { textDocument: { uri } }, 60_000);
        const elapsed = performance.now() - start;
        if (report.items.filter((d) => String(d.code).startsWith('rpc/')).length !== runs[i].rpcReports) throw new Error(`${runs[i].id}: diagnostics changed after an edit`);
        if (round >= warmup) runs[i].times.push(elapsed);
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  const none = runs.find((r) => r.id === 'none');
  const result = {};
  for (const run of runs) {
    const added = run.times.map((t, i) => t - none.times[i]);
    result[run.id] = { median: median(run.times), added: median(added) };
    console.log(
      `   ${run.id.padEnd(6)} ${run.label.padEnd(48)} per edit: median ${ms(median(run.times))} (${range(run.times)})` +
        (run === none ? '' : `; added per edit over none: median ${ms(median(added))} (${range(added)})`),
    );
  }
  console.log(`   load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`editor: plugin_added=${result.plugin.added.toFixed(1)}ms nfp_added=${result.nfp.added.toFixed(1)}ms none=${result.none.median.toFixed(1)}ms`);
  return result;
}
