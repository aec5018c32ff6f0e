// Types of scripts/editor/language-server.mjs, for test/editor.test.ts.
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface Diagnostic {
  range: Range;
  severity?: 1 | 2 | 3 | 4;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
  command?: Command;
}
export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
}
export const SERVER_PATH: string;
export function vscodeDefaultSettings(workspaceFolder: string, options?: object): Record<string, unknown>;
export class LanguageServer {
  static start(init: { workspaceFolder: string; options?: object; timeoutMs?: number }): Promise<LanguageServer>;
  readonly settings: Record<string, unknown>;
  readonly log: string[];
  readonly appliedEdits: WorkspaceEdit[];
  onApplyEdit: (edit: WorkspaceEdit) => { applied: boolean };
  readonly pid: number | undefined;
  request<T = unknown>(method: string, params: unknown, timeoutMs?: number): Promise<T>;
  notify(method: string, params: unknown): void;
  stop(timeoutMs?: number): Promise<void>;
}
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string;
export function textEditsFor(workspaceEdit: WorkspaceEdit, uri: string): TextEdit[];
