#!/usr/bin/env node
// Helper of scripts/compat.sh, copied into each consumer project and run there (it imports the
// plugin the consumer installed from the packed tarball).
//
//   node check-findings.mjs expect <eslint.json>       findings == `// expect: rpc/<rule>` annotations
//   node check-findings.mjs same <a.json> <b.json>     two runs give the same findings
//   node check-findings.mjs sarif <out.sarif> <eslint.json>   SARIF carries each rule's docs URL
//
// Prints what differs and exits 1 on failure.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import rpc from 'eslint-plugin-rpc';

const cwd = process.cwd();
const [mode, ...args] = process.argv.slice(2);

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The rule messages of an ESLint JSON report, and its fatal messages (parse errors, crashes).
 * ESLint's own notices (an unused `eslint-disable` in generated code) are neither.
 */
function findingsOf(results) {
  const findings = [];
  const problems = [];
  for (const result of results) {
    const file = path.relative(cwd, result.filePath).replaceAll('\\', '/');
    for (const m of result.messages) {
      if (m.fatal) problems.push(`${file}:${m.line}:${m.column} fatal: ${m.message}`);
      else if (m.ruleId) findings.push({ file, line: m.line, column: m.column, ruleId: m.ruleId, message: m.message });
    }
  }
  return { findings, problems };
}

function tsFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) tsFiles(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function diff(label, expected, actual) {
  const count = (list) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map());
  const e = count(expected);
  const a = count(actual);
  const missing = [...e].filter(([k, n]) => (a.get(k) ?? 0) < n).map(([k]) => k);
  const extra = [...a].filter(([k, n]) => (e.get(k) ?? 0) < n).map(([k]) => k);
  for (const k of missing) console.log(`  ${label}: missing ${k}`);
  for (const k of extra) console.log(`  ${label}: unexpected ${k}`);
  return missing.length === 0 && extra.length === 0;
}

function expectMode(eslintJson) {
  const enabled = new Set(Object.keys(rpc.configs.recommended.rules ?? {}));
  // `// expect: rpc/a, rpc/b` (the annotation format of fixtures/articles, see test/lint.ts).
  const annotation = /\/\/\s*expect:\s*(.+)$/;
  const expected = [];
  let skipped = 0;
  for (const file of tsFiles(cwd)) {
    const rel = path.relative(cwd, file).replaceAll('\\', '/');
    readFileSync(file, 'utf8')
      .split(/\r\n|\r|\n/)
      .forEach((text, i) => {
        const match = annotation.exec(text);
        if (!match) return;
        for (const ruleId of match[1].split(',').map((r) => r.trim()).filter(Boolean)) {
          if (enabled.has(ruleId)) expected.push(`${rel}:${i + 1} ${ruleId}`);
          else skipped++;
        }
      });
  }
  const { findings, problems } = findingsOf(readJson(eslintJson));
  for (const p of problems) console.log(`  problem: ${p}`);
  const actual = findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
  const same = diff('findings', expected.sort(), actual.sort());
  console.log(
    `  ${actual.length} findings, ${expected.length} expected (rules of rpc.configs.recommended: ${[...enabled].join(', ') || 'none'}; ${skipped} annotations of other rules skipped)`,
  );
  return same && problems.length === 0 && expected.length > 0;
}

function sameMode(aJson, bJson) {
  const key = (f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`;
  const a = findingsOf(readJson(aJson));
  const b = findingsOf(readJson(bJson));
  const ok = diff(path.basename(bJson), a.findings.map(key).sort(), b.findings.map(key).sort());
  for (const p of [...a.problems, ...b.problems]) console.log(`  problem: ${p}`);
  console.log(`  ${path.basename(aJson)}: ${a.findings.length} findings; ${path.basename(bJson)}: ${b.findings.length} findings`);
  return ok && a.problems.length === 0 && b.problems.length === 0 && a.findings.length > 0;
}

function sarifMode(sarifFile, eslintJson) {
  const sarif = readJson(sarifFile);
  const run = sarif.runs?.[0];
  const sarifRules = new Map((run?.tool?.driver?.rules ?? []).map((r) => [r.id, r]));
  const { findings } = findingsOf(readJson(eslintJson));
  const fired = [...new Set(findings.map((f) => f.ruleId))].filter((id) => id.startsWith('rpc/'));
  let ok = fired.length > 0;
  for (const id of fired) {
    const url = rpc.rules[id.slice('rpc/'.length)]?.meta?.docs?.url;
    const helpUri = sarifRules.get(id)?.helpUri;
    if (!url || helpUri !== url) {
      ok = false;
      console.log(`  ${id}: helpUri ${JSON.stringify(helpUri)} but meta.docs.url ${JSON.stringify(url)}`);
    } else console.log(`  ${id}: helpUri ${helpUri}`);
  }
  const results = run?.results ?? [];
  const rpcResults = results.filter((r) => String(r.ruleId).startsWith('rpc/')).length;
  const rpcFindings = findings.filter((f) => f.ruleId.startsWith('rpc/')).length;
  if (rpcResults !== rpcFindings) {
    ok = false;
    console.log(`  SARIF has ${rpcResults} rpc results, the JSON run ${rpcFindings}`);
  }
  return ok;
}

const modes = { expect: expectMode, same: sameMode, sarif: sarifMode };
if (!modes[mode]) {
  console.error(`usage: check-findings.mjs expect|same|sarif <files…>`);
  process.exit(2);
}
process.exit(modes[mode](...args) ? 0 : 1);
