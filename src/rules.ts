import noUnclosedClient from '../rules/no-unclosed-client.js';

/** Every rule of the plugin, by its name without the `rpc/` prefix. */
export const rules = {
  'no-unclosed-client': noUnclosedClient,
};

export type RuleName = keyof typeof rules;
