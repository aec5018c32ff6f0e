// Squiggles in the editor, proven with the language server of VS Code's ESLint extension
// (`vscode-eslint-language-server`, pinned in devDependencies): spawned over stdio, answered with the
// extension's default settings, linting an article fixture through fixtures/eslint.config.mjs (typed,
// the built plugin's recommended preset). Pull diagnostics show every `rpc/` finding with its rule,
// range, severity and docs link; the suggestion is a quick fix whose edit, applied, lints clean.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  applyTextEdits,
  LanguageServer,
  textEditsFor,
  type CodeAction,
  type Diagnostic,
  type Range,
} from '../scripts/editor/language-server.mjs';
import rpc from '../src/index.js';
import { expectedFindings } from './lint.js';
import { fixturesDir } from './rule-tester.js';

const repoRoot = path.dirname(fixturesDir);
const file = path.join(fixturesDir, 'articles', '002-unclosed-client', 'bad.ts');
const uri = pathToFileURL(file).href;
const source = fs.readFileSync(file, 'utf8');
const recommended = new Set(Object.keys(rpc.configs.recommended.rules ?? {}));

// The first pull loads ESLint, the config and the typed program: seconds, more on a loaded machine.
const FIRST_LINT_MS = 45_000;
const LINT_MS = 20_000;
const ERROR = 1;

function textOf(text: string, range: Range): string {
  const lines = text.split('\n');
  if (range.start.line !== range.end.line) throw new Error('expected a one-line range');
  return lines[range.start.line]!.slice(range.start.character, range.end.character);
}

async function pullDiagnostics(server: LanguageServer, timeoutMs = LINT_MS): Promise<Diagnostic[]> {
  const report = await server.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, timeoutMs);
  expect(report.kind).toBe('full');
  return report.items;
}

describe('the ESLint language server (VS Code ESLint extension) on fixtures/articles/002-unclosed-client/bad.ts', () => {
  let server: LanguageServer;
  let diagnostics: Diagnostic[];
  // The document after the first quick fix, and its diagnostics: the next test fixes one more.
  let fixedText: string;
  let fixedDiagnostics: Diagnostic[];

  beforeAll(async () => {
    server = await LanguageServer.start({ workspaceFolder: repoRoot, timeoutMs: FIRST_LINT_MS });
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: source } });
    diagnostics = await pullDiagnostics(server, FIRST_LINT_MS);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  }, 15_000);

  it('shows every `// expect:` finding of the recommended rules as an rpc/ diagnostic, and nothing else', () => {
    expect(diagnostics.filter((d) => typeof d.code !== 'string'), server.log.join('\n')).toEqual([]);
    const shown = diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();
    const expected = expectedFindings(source).filter((finding) => recommended.has(finding.split(' ')[1]!)).sort();
    expect(expected.filter((f) => f.endsWith('rpc/no-unclosed-client'))).toHaveLength(4);
    expect(shown).toEqual(expected);
  });

  it('puts each no-unclosed-client squiggle on the creation, as an error, with the rule page as docs link', () => {
    const unclosed = diagnostics.filter((d) => d.code === 'rpc/no-unclosed-client');
    const docsUrl = rpc.rules['no-unclosed-client'].meta.docs?.url;
    expect(docsUrl).toMatch(/^https:\/\/github\.com\/eslint-plugin-rpc\/eslint-plugin-rpc\/blob\/v\d+\.\d+\.\d+\/docs\/rules\/no-unclosed-client\.md$/);
    expect(fs.existsSync(path.join(repoRoot, 'docs', 'rules', 'no-unclosed-client.md'))).toBe(true);
    for (const d of unclosed) {
      const line = source.split('\n')[d.range.start.line]!;
      // The annotated line is `const <name> = <creation>; // expect: …`: the squiggle covers exactly <creation>.
      const creation = /=\s*(.+?);\s*\/\/ expect:/.exec(line)?.[1];
      expect(textOf(source, d.range), line).toBe(creation);
      expect(d.severity).toBe(ERROR);
      expect(d.source).toBe('eslint');
      expect(d.codeDescription?.href).toBe(docsUrl);
    }
    expect(unclosed[0]!.message).toMatch(/^`client` \(grpc-js client\) is not closed before the `return` on line 44/);
  });

  it('offers the suggestion as a quick fix; applied, it leaves code that lints clean for that finding', async () => {
    const target = diagnostics.find((d) => d.code === 'rpc/no-unclosed-client' && textOf(source, d.range).startsWith('new ConfigServiceClient'))!;
    expect(target).toBeDefined();
    const actions = await server.request<CodeAction[]>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } },
      LINT_MS,
    );
    const quickFix = actions.find((a) => a.command?.command === 'eslint.applySuggestion');
    expect(quickFix?.title).toBe('Wrap the code after `client` in `try { … } finally { client.close(); }`. (rpc/no-unclosed-client)');
    expect(quickFix?.kind).toBe('quickfix');
    expect(quickFix?.diagnostics?.map((d) => d.code)).toEqual(['rpc/no-unclosed-client']);
    expect(actions.some((a) => a.command?.command === 'eslint.openRuleDoc')).toBe(true);

    // Running the action's command makes the server send the edit back (`workspace/applyEdit`), as in VS Code.
    await server.request('workspace/executeCommand', quickFix!.command, LINT_MS);
    expect(server.appliedEdits).toHaveLength(1);
    const fixed = applyTextEdits(source, textEditsFor(server.appliedEdits[0]!, uri));
    expect(fixed).toContain(
      [
        '  const client = new ConfigServiceClient(address, credentials.createInsecure()); // expect: rpc/no-unclosed-client',
        '  try {',
        '    const getConfig = promisify<GetConfigRequest, Metadata, Partial<CallOptions>, GetConfigResponse>(client.getConfig.bind(client));',
        '    const resp = await getConfig({ key, includeDefaults: false }, new Metadata(), { deadline: Date.now() + 2_000 });',
        '    return resp.value !== "";',
        '  } finally {',
        '    client.close();',
        '  }',
        '}',
      ].join('\n'),
    );

    server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await pullDiagnostics(server);
    expect(after.filter((d) => typeof d.code !== 'string'), server.log.join('\n')).toEqual([]);
    // The fixed finding is gone; every other one stays, moved down by the lines the fix added.
    const shift = fixed.split('\n').length - source.split('\n').length;
    expect(shift).toBe(4);
    const moved = (d: Diagnostic) => `${d.range.start.line + (d.range.start.line > target.range.start.line ? shift : 0)}:${d.range.start.character} ${String(d.code)}`;
    const position = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`;
    expect(after.map(position)).toEqual(diagnostics.filter((d) => d !== target).map(moved));
    fixedText = fixed;
    fixedDiagnostics = after;
  });

  it('applied where the happy path already closes, the quick fix leaves one close: in `finally`', async () => {
    expect(fixedText, 'the previous test applied the first quick fix').toBeDefined();
    const target = fixedDiagnostics.find((d) => d.code === 'rpc/no-unclosed-client' && textOf(fixedText, d.range).startsWith('new proto.demo.v1.EventService'))!;
    expect(target).toBeDefined();
    const actions = await server.request<CodeAction[]>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } },
      LINT_MS,
    );
    const quickFix = actions.find((a) => a.command?.command === 'eslint.applySuggestion')!;
    await server.request('workspace/executeCommand', quickFix.command, LINT_MS);
    expect(server.appliedEdits).toHaveLength(2);
    const fixed = applyTextEdits(fixedText, textEditsFor(server.appliedEdits[1]!, uri));
    expect(fixed).toContain(
      [
        '  const client = new proto.demo.v1.EventService(address, credentials.createInsecure()); // expect: rpc/no-unclosed-client',
        '  try {',
        '    const ping = promisify<PingRequest, Metadata, CallOptions, PingResponse__Output | undefined>(client.ping.bind(client));',
        '    const reply = await ping({ message: "probe" }, new Metadata(), { deadline: Date.now() + 1_000 });',
        '    if (reply?.message !== "probe") return false;',
        '    return true;',
        '  } finally {',
        '    client.close();',
        '  }',
        '}',
      ].join('\n'),
    );

    server.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: fixed }] });
    const after = await pullDiagnostics(server);
    expect(after.filter((d) => typeof d.code !== 'string'), server.log.join('\n')).toEqual([]);
    expect(after.map((d) => `${String(d.code)} ${textOf(fixed, d.range)}`)).toEqual(
      fixedDiagnostics.filter((d) => d !== target).map((d) => `${String(d.code)} ${textOf(fixedText, d.range)}`),
    );
  });
});
