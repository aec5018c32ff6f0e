import { createRequire } from 'node:module';

// Self-reference through the package's own `exports` resolves from both `src/` and `dist/src/`.
const require = createRequire(import.meta.url);
const pkg = require('eslint-plugin-rpc/package.json') as { name: string; version: string };

export const PLUGIN_NAME = pkg.name;
export const PLUGIN_VERSION = pkg.version;
