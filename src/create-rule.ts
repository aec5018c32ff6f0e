import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields of this plugin's rules. */
export interface RpcRuleDocs {
  /** The preset that first enables the rule; `all` enables every rule. */
  recommended: 'recommended' | 'strict';
  requiresTypeChecking: true;
}

export const REPO_URL = 'https://github.com/eslint-plugin-rpc/eslint-plugin-rpc';

export const createRule = ESLintUtils.RuleCreator<RpcRuleDocs>(
  (name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`,
);
