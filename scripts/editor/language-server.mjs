// A minimal LSP client for Microsoft's ESLint language server (`vscode-eslint-language-server`, from
// `vscode-langservers-extracted`): JSON-RPC over the server's stdio, answered as VS Code's ESLint
// extension answers it. Used by test/editor.test.ts (squiggles and quick fix) and by the editor part
// of `npm run bench` (latency per edit). No mock: the real server, the real ESLint it loads from the
// workspace, the real plugin build.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The server's entry point in the pinned devDependency. */
export const SERVER_PATH = path.join(
  path.dirname(require.resolve('vscode-langservers-extracted/package.json')),
  'bin',
  'vscode-eslint-language-server',
);

/**
 * The `workspace/configuration` answer of VS Code's ESLint extension with every setting at its default
 * (its `readConfiguration`), for a TypeScript file in `workspaceFolder`: `eslint.probe` lists
 * `typescript`, so `validate` is `probe` (the server lints unless ESLint ignores the file); `format`
 * stays off; no working directories, so the server picks the directory of the nearest flat config.
 * `options` is `eslint.options` (passed to the `ESLint` constructor), `{}` by default.
 */
export function vscodeDefaultSettings(workspaceFolder, options = {}) {
  return {
    validate: 'probe',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: undefined,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options,
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: undefined,
    workspaceFolder: { name: path.basename(workspaceFolder), uri: pathToFileURL(workspaceFolder).href },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  };
}

/** What VS Code tells the server it can do, as far as diagnostics and code actions go. */
const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, applyEdit: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    codeAction: {
      dynamicRegistration: false,
      isPreferredSupport: true,
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.organizeImports', 'source.fixAll'] },
      },
    },
  },
};

export class LanguageServer {
  /**
   * Starts the server over stdio in `workspaceFolder` and initializes it.
   * @param {{ workspaceFolder: string, options?: object, timeoutMs?: number }} init
   */
  static async start({ workspaceFolder, options = {}, timeoutMs = 30_000 }) {
    const server = new LanguageServer(workspaceFolder, vscodeDefaultSettings(workspaceFolder, options));
    try {
      await server.initialize(workspaceFolder, timeoutMs);
    } catch (error) {
      await server.stop(1_000);
      throw error;
    }
    return server;
  }

  async initialize(workspaceFolder, timeoutMs) {
    await this.request(
      'initialize',
      {
        processId: process.pid,
        rootUri: pathToFileURL(workspaceFolder).href,
        workspaceFolders: [{ uri: pathToFileURL(workspaceFolder).href, name: path.basename(workspaceFolder) }],
        capabilities: CLIENT_CAPABILITIES,
      },
      timeoutMs,
    );
    this.notify('initialized', {});
  }

  /** `window/logMessage` and `eslint/status` traffic, for failure messages. */
  log = [];
  /** Every `workspace/applyEdit` the server asked for, in order. */
  appliedEdits = [];
  /** Answers `workspace/applyEdit` (VS Code applies the edit to the open document). */
  onApplyEdit = () => ({ applied: true });

  #child;
  #nextId = 1;
  #pending = new Map();
  #buffer = Buffer.alloc(0);
  #exited;

  constructor(workspaceFolder, settings) {
    this.settings = settings;
    this.#child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: workspaceFolder, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#exited = new Promise((resolve) => this.#child.once('exit', (code, signal) => resolve({ code, signal })));
    this.#child.stdout.on('data', (chunk) => this.#read(chunk));
    this.#child.stderr.on('data', (chunk) => this.log.push(`stderr: ${String(chunk)}`));
    this.#child.on('error', (error) => this.log.push(`process error: ${error.message}`));
    void this.#exited.then(({ code, signal }) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`language server exited (${code ?? signal})\n${this.log.join('\n')}`));
      this.#pending.clear();
    });
  }

  get pid() {
    return this.#child.pid;
  }

  /** Sends a request; rejects on an error answer, on exit, or after `timeoutMs`. */
  request(method, params, timeoutMs = 30_000) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms\n${this.log.slice(-20).join('\n')}`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.#send({ jsonrpc: '2.0', method, params });
  }

  /** `shutdown` + `exit`; kills the process if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 5_000) {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    try {
      await this.request('shutdown', null, timeoutMs).catch(() => undefined);
      this.notify('exit', null);
      await this.#exited;
    } finally {
      clearTimeout(killer);
    }
  }

  #send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.#child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.#child.stdin.write(body);
  }

  #read(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const headerEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.#buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.#buffer.length < headerEnd + 4 + length) return;
      const body = this.#buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(headerEnd + 4 + length);
      this.#dispatch(JSON.parse(body));
    }
  }

  #dispatch(message) {
    if (message.method === undefined) {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) pending?.reject(new Error(`${message.error.message} (${message.error.code})`));
      else pending?.resolve(message.result);
      return;
    }
    if (message.id === undefined) {
      if (message.method === 'window/logMessage') this.log.push(message.params.message);
      else if (message.method === 'eslint/status') this.log.push(`eslint/status ${JSON.stringify(message.params)}`);
      return;
    }
    this.#send({ jsonrpc: '2.0', id: message.id, result: this.#answer(message) });
  }

  /** Server-to-client requests, answered as VS Code does. */
  #answer({ method, params }) {
    switch (method) {
      case 'workspace/configuration':
        return params.items.map((item) => (item.section || !item.scopeUri ? null : this.settings));
      case 'workspace/applyEdit':
        this.appliedEdits.push(params.edit);
        return this.onApplyEdit(params.edit);
      default:
        // client/registerCapability, window/workDoneProgress/create, eslint/noConfig, eslint/noLibrary,
        // eslint/probeFailed, eslint/openDoc: acknowledged, as VS Code does, with no further effect here.
        this.log.push(`server request ${method} ${JSON.stringify(params)}`);
        return null;
    }
  }
}

/** `text` with LSP `TextEdit`s applied (ranges in UTF-16 line/character, as the protocol says). */
export function applyTextEdits(text, edits) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = ({ line, character }) => (lineStarts[line] ?? text.length) + character;
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText }));
  sorted.sort((a, b) => b.start - a.start);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

/** The text edits for `uri` in a `WorkspaceEdit` (`documentChanges` or `changes`). */
export function textEditsFor(workspaceEdit, uri) {
  const fromDocumentChanges = (workspaceEdit.documentChanges ?? []).filter((c) => c.textDocument?.uri === uri).flatMap((c) => c.edits);
  return [...fromDocumentChanges, ...(workspaceEdit.changes?.[uri] ?? [])];
}
