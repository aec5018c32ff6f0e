import { ESLintUtils } from '@typescript-eslint/utils';

import { PLUGIN_VERSION } from './package-info.js';

/** Extra `meta.docs` fields of this plugin's rules. */
export interface RpcRuleDocs {
  /** The preset that first enables the rule; `all` enables every rule. */
  recommended: 'recommended' | 'strict';
  /**
   * Options the `strict` preset sets (merged over the defaults), like typescript-eslint's
   * `recommended: { recommended: true, strict: [...] }`: stricter behaviour of a rule that
   * `recommended` also enables.
   */
  strictOptions?: readonly unknown[];
  requiresTypeChecking: true;
}

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-rpc/eslint-plugin-rpc';

/** Docs links are pinned to the release tag, so a report always explains the version that made it. */
export const createRule = ESLintUtils.RuleCreator<RpcRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/v${PLUGIN_VERSION}/docs/rules/${name}.md`,
);
