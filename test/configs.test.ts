import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import rpc, { configs, rules } from '../src/index.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleFiles = fs
  .readdirSync(path.join(root, 'rules'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();
const entries = Object.entries(rules);

describe('plugin object', () => {
  it('reads name and version from package.json and uses the rpc namespace', () => {
    expect(rpc.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'rpc' });
  });

  it('exports every file of rules/ as a rule', () => {
    expect(Object.keys(rules).sort()).toEqual(ruleFiles);
  });

  it('has one named flat-config object per preset', () => {
    for (const [name, config] of Object.entries(configs)) {
      expect(config.name).toBe(`rpc/${name}`);
      expect(Array.isArray(config)).toBe(false);
      expect(config.plugins?.rpc).toBe(rpc);
      // Typed rules must not reach eslint.config.js or other files without type information.
      expect(config.files).toEqual(['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts']);
    }
  });
});

describe.each(entries)('rule %s', (name, rule) => {
  const docs = rule.meta.docs!;

  it('is a type-aware problem rule with a docs page at its URL', () => {
    expect(rule.meta.type).toBe('problem');
    expect(docs.requiresTypeChecking).toBe(true);
    expect(docs.url).toBe(`https://github.com/eslint-plugin-rpc/eslint-plugin-rpc/blob/v${pkg.version}/docs/rules/${name}.md`);
    expect(fs.existsSync(path.join(root, 'docs', 'rules', `${name}.md`))).toBe(true);
  });

  it('is in exactly the presets its meta.docs.recommended names', () => {
    const id = `rpc/${name}`;
    // `strict` passes the rule's `strictOptions` (typescript-eslint's `recommended.strict`); `all`
    // enables every rule with its default options, as typescript-eslint's `all` does.
    const strict = docs.strictOptions ? ['error', ...docs.strictOptions] : 'error';
    expect(configs.all.rules?.[id]).toBe('error');
    expect(configs.strict.rules?.[id]).toEqual(strict);
    expect(configs.recommended.rules?.[id]).toBe(docs.recommended === 'recommended' ? 'error' : undefined);
  });

  it('has messages that end with a period', () => {
    for (const message of Object.values(rule.meta.messages)) expect(message).toMatch(/\.$/);
  });
});

describe('presets', () => {
  it('contain only plugin rules', () => {
    for (const config of Object.values(configs)) {
      for (const id of Object.keys(config.rules ?? {})) expect(Object.keys(rules)).toContain(id.replace(/^rpc\//, ''));
    }
  });
});
