import type { TSESLint } from '@typescript-eslint/utils';

import type { RpcRuleDocs } from './create-rule.js';

export type PresetName = 'recommended' | 'strict' | 'all';

interface RuleWithDocs {
  meta: { docs?: Partial<RpcRuleDocs> };
}

/** Whether a rule whose docs say `recommended` belongs in `preset`. */
export function ruleInPreset(recommended: RpcRuleDocs['recommended'] | undefined, preset: PresetName): boolean {
  if (preset === 'all') return true;
  if (preset === 'strict') return recommended === 'recommended' || recommended === 'strict';
  return recommended === 'recommended';
}

/** The `rules` object of a preset, derived from each rule's `meta.docs.recommended`. */
export function rulesOfPreset(
  rules: Record<string, RuleWithDocs>,
  preset: PresetName,
  namespace: string,
): TSESLint.FlatConfig.Rules {
  const entries = Object.entries(rules)
    .filter(([, rule]) => ruleInPreset(rule.meta.docs?.recommended, preset))
    .map(([name, rule]) => {
      // Like typescript-eslint: `strict` sets a rule's stricter options; `all` enables every rule with its defaults.
      const strictOptions = preset === 'strict' ? rule.meta.docs?.strictOptions : undefined;
      const level: TSESLint.FlatConfig.RuleEntry = strictOptions ? ['error', ...strictOptions] : 'error';
      return [`${namespace}/${name}`, level] as const;
    });
  return Object.fromEntries(entries);
}
