import type { TSESLint } from '@typescript-eslint/utils';

type Listener = (...args: never[]) => void;

/** Combines rule listeners; handlers of the same event run in the order given. */
export function mergeListeners(...listeners: TSESLint.RuleListener[]): TSESLint.RuleListener {
  const merged: Record<string, Listener[]> = {};
  for (const listener of listeners) {
    for (const [key, handler] of Object.entries(listener)) {
      if (typeof handler === 'function') (merged[key] ??= []).push(handler);
    }
  }
  return Object.fromEntries(
    Object.entries(merged).map(([key, handlers]) => [
      key,
      handlers.length === 1 ? handlers[0] : (...args: never[]) => handlers.forEach((h) => h(...args)),
    ]),
  );
}
