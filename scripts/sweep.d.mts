// Types of scripts/sweep.mjs, for test/sweep.test.ts.
import type { ESLint } from 'eslint';

export interface Corpus {
  name: string;
  tsconfig: string;
  /** Only the program's files under this folder are linted. */
  dir: string;
  settings?: Record<string, unknown>;
  /** Skipped when `dir` does not exist (a package that is not installed). */
  optional?: boolean;
}
export interface SweepReport {
  corpus: string;
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}
export interface SweepCrash {
  corpus: string;
  file: string;
  message: string;
  stack: string;
}
export interface SweepResult {
  files: number;
  lines: number;
  reports: SweepReport[];
  crashes: SweepCrash[];
  passes: { corpus: string; files: number; reports: number; crashes: number; skipped?: boolean }[];
  rules: string[];
}
export const ROOT: string;
export const CORPORA: readonly Corpus[];
export function filesOf(tsconfig: string, dir: string, root?: string): string[];
export function sweepConfig(plugin: ESLint.Plugin & { configs: Record<string, unknown> }, corpus: Corpus, root?: string): unknown[];
export function sweep(options?: {
  plugin?: unknown;
  corpora?: readonly Corpus[];
  root?: string;
  onReport?: (report: SweepReport) => void;
  onCrash?: (crash: SweepCrash) => void;
}): Promise<SweepResult>;
export function formatReport(report: SweepReport): string;
export function summaryLine(result: SweepResult): string;
