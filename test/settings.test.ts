import { describe, expect, it } from 'vitest';

import { readRpcSettings, RpcSettingsError } from '../src/settings.js';

describe('settings.rpc', () => {
  it('is empty when absent', () => {
    expect(readRpcSettings(undefined)).toEqual({ resources: [] });
    expect(readRpcSettings({})).toEqual({ resources: [] });
  });

  it('reads resources with every specifier form', () => {
    const resources = [
      { type: 'PooledConnection', close: ['release'] },
      { type: { from: 'file', name: 'Conn', path: 'src/conn.ts' }, close: ['end', 'destroy'] },
      { type: { from: 'package', package: '@acme/rpc', name: ['A', 'B'] }, close: ['close'] },
      { type: { from: 'lib', name: 'WebSocket' }, close: ['close'] },
    ];
    expect(readRpcSettings({ rpc: { resources } }).resources).toEqual(resources);
  });

  it.each([
    [{ rpc: 'yes' }, 'settings.rpc: it must be an object'],
    [{ rpc: { resource: [] } }, 'settings.rpc.resource: it is not a known key (known: resources)'],
    [{ rpc: { resources: {} } }, 'settings.rpc.resources: it must be an array'],
    [{ rpc: { resources: [{ type: 'X', close: 'release' }] } }, 'settings.rpc.resources[0].close: it must be a non-empty array of method names'],
    [{ rpc: { resources: [{ type: 'X', close: [] }] } }, 'settings.rpc.resources[0].close'],
    [{ rpc: { resources: [{ close: ['c'] }] } }, 'settings.rpc.resources[0].type: it must be a type name or a TypeOrValueSpecifier object'],
    [{ rpc: { resources: [{ type: 'X', close: ['c'], kind: 'client' }] } }, 'settings.rpc.resources[0].kind: it is not a known key'],
    [{ rpc: { resources: [{ type: { from: 'npm', name: 'X' }, close: ['c'] }] } }, "settings.rpc.resources[0].type.from: it must be 'file', 'lib' or 'package'"],
    [{ rpc: { resources: [{ type: { from: 'package', name: 'X' }, close: ['c'] }] } }, 'settings.rpc.resources[0].type.package: it must be a package name'],
    [{ rpc: { resources: [{ type: { from: 'lib', name: 'X', path: 'a' }, close: ['c'] }] } }, "settings.rpc.resources[0].type.path: it is not allowed when from is 'lib'"],
    [{ rpc: { resources: [{ type: { from: 'file', name: [] }, close: ['c'] }] } }, 'settings.rpc.resources[0].type.name: it must be a name or a non-empty array of names'],
  ])('rejects %j naming the key', (settings, message) => {
    expect(() => readRpcSettings(settings)).toThrow(RpcSettingsError);
    expect(() => readRpcSettings(settings)).toThrow(`eslint-plugin-rpc: invalid ${message}`);
  });
});
