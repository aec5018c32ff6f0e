import type { ESLint, Linter } from 'eslint';

import { rulesOfPreset, type PresetName } from './configs.js';
import { PLUGIN_NAME, PLUGIN_VERSION } from './package-info.js';
import { rules } from './rules.js';

const namespace = 'rpc';

const plugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION, namespace },
  rules,
};

/**
 * Every rule needs type information, so presets apply to TypeScript files only: spread into a
 * config array, they must not make ESLint run typed rules on `eslint.config.js` or other JS files.
 */
const TYPESCRIPT_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

function preset(name: PresetName): Linter.Config {
  return {
    name: `${namespace}/${name}`,
    files: TYPESCRIPT_FILES,
    plugins: { [namespace]: plugin as unknown as ESLint.Plugin },
    rules: rulesOfPreset(rules, name, namespace),
  };
}

const configs = {
  recommended: preset('recommended'),
  strict: preset('strict'),
  all: preset('all'),
};

/** The plugin object: `meta`, `rules` and the flat `configs` (`recommended`, `strict`, `all`). */
const rpc: ESLint.Plugin & { configs: typeof configs; rules: typeof rules } = Object.assign(
  plugin as unknown as ESLint.Plugin,
  { rules, configs },
);

export default rpc;
export { configs, rules };
