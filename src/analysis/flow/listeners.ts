import type { TSESLint } from '@typescript-eslint/utils';

type Listener = (a?: never, b?: never, c?: never) => void;

/** Combines rule listeners; handlers of the same event run in the order given. */
export function mergeListeners(...listeners: TSESLint.RuleListener[]): TSESLint.RuleListener {
  const merged: Record<string, Listener[]> = {};
  for (const listener of listeners) {
    for (const [key, handler] of Object.entries(listener)) {
      if (typeof handler === 'function') (merged[key] ??= []).push(handler as Listener);
    }
  }
  return Object.fromEntries(Object.entries(merged).map(([key, handlers]) => [key, sequence(handlers)]));
}

/**
 * One listener that runs `handlers` in order. ESLint passes at most three arguments (a segment
 * loop's two segments and node); fixed parameters spare a rest array on every event, which matters
 * for the code-path and `Identifier` events of every file.
 */
function sequence(handlers: readonly Listener[]): Listener {
  const [first, second] = handlers;
  if (handlers.length === 1) return first!;
  if (handlers.length === 2) {
    return (a, b, c) => {
      first!(a, b, c);
      second!(a, b, c);
    };
  }
  return (a, b, c) => {
    for (const handler of handlers) handler(a, b, c);
  };
}
