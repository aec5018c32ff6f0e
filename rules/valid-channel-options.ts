import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { channelOptionsRolesOf } from '../src/analysis/options/channel-option-objects.js';
import { constantNumber } from '../src/analysis/options/time-values.js';
import { createRule } from '../src/create-rule.js';
import {
  CLIENT_KEEPALIVE,
  GRPC_OPTION_PREFIXES,
  NUMERIC_SWITCHES,
  channelOptionKeysOf,
  hasGrpcOptionPrefix,
  nearestChannelOptionKey,
  type OptionsRole,
} from '../src/model/channel-options.js';
import { getRpcModel } from '../src/model/index.js';
import { skipTypeWrappers } from '../src/analysis/flow/origins.js';
import { propertyKeyName } from '../src/syntax/ast.js';

/*
 * rpc/valid-channel-options (issue 27, RPC-FACTS §9.3): grpc-js reads a fixed set of channel options and
 * ignores every other key without a warning, compares some switches with the number 1 or 0, and pings
 * as often as told. Which objects reach grpc-js is src/analysis/options/channel-option-objects.ts; which
 * keys it reads is read from the program's own grpc-js (src/model/channel-options.ts).
 */

type Options = [{ serverMinPingIntervalMs?: number }];
type MessageIds = 'unknownKey' | 'unknownKeyNearest' | 'booleanSwitch' | 'shortKeepalive' | 'keepaliveBelowServerMinimum' | 'renameKey' | 'useNumber';

interface Entry {
  readonly property: TSESTree.Property;
  readonly key: string;
}

export default createRule<Options, MessageIds>({
  name: 'valid-channel-options',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow grpc-js channel options that grpc-js ignores or reads differently than written',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          serverMinPingIntervalMs: {
            type: 'integer',
            minimum: 1,
            description:
              "The minimum ping interval the servers you call enforce (C-core `grpc.http2.min_ping_interval_without_data_ms`, grpc-go `EnforcementPolicy.MinTime`; 300000 by default there): client keepalives below it are reported. Off by default.",
          },
        },
      },
    ],
    defaultOptions: [{}],
    messages: {
      unknownKey: 'grpc-js ignores `{{key}}` without a warning, so this setting has no effect. Remove it, or use an option grpc-js reads.',
      unknownKeyNearest: 'grpc-js ignores `{{key}}` without a warning, so this setting has no effect. Use `{{nearest}}`.',
      booleanSwitch: 'grpc-js compares `{{key}}` with the number {{number}}, so `{{value}}` counts as {{state}}. Use `{{number}}`.',
      shortKeepalive:
        'A keepalive of {{value}} ms is below the 10 s floor of gRPC A8: C-core and grpc-go servers answer with GOAWAY `too_many_pings` and fail long calls with RESOURCE_EXHAUSTED. Use 10000 or more.',
      keepaliveBelowServerMinimum:
        "A keepalive of {{value}} ms is below the servers' minimum of {{minimum}} ms: they answer with GOAWAY `too_many_pings` and fail long calls with RESOURCE_EXHAUSTED. Raise it, or allow it on the server.",
      renameKey: 'Rename the key to `{{nearest}}`.',
      useNumber: 'Use `{{number}}`.',
    },
  },
  create(context, [{ serverMinPingIntervalMs }]) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    // The keys the program's grpc-js reads, and the same without their prefix (`max_receive_message_length`),
    // read on the first object that may need them.
    let keys: { known: ReadonlySet<string> | null; bare: ReadonlySet<string> } | undefined;
    const keysOfProgram = (): { known: ReadonlySet<string> | null; bare: ReadonlySet<string> } => {
      if (keys) return keys;
      const known = channelOptionKeysOf(model.program);
      const bare = new Set([...(known ?? [])].flatMap((key) => GRPC_OPTION_PREFIXES.filter((prefix) => key.startsWith(prefix)).map((prefix) => key.slice(prefix.length))));
      return (keys = { known, bare });
    };

    function check(node: TSESTree.ObjectExpression): void {
      // Syntax before types: an object with a key meant for grpc-js (every key grpc-js reads has a `_`).
      const entries: Entry[] = [];
      for (const property of node.properties) {
        if (property.type !== 'Property') continue;
        const key = propertyKeyName(property);
        if (key === null || !(hasGrpcOptionPrefix(key) || (key.includes('_') && keysOfProgram().bare.has(key)))) continue;
        entries.push({ property, key });
      }
      if (entries.length === 0) return;
      const roles = channelOptionsRolesOf(node, model!, sourceCode);
      if (roles.size === 0) return;
      const keys = new Set(entries.map((e) => e.key));
      for (const entry of entries) checkEntry(entry, roles, keys);
    }

    function checkEntry({ property, key }: Entry, roles: ReadonlySet<OptionsRole>, keys: ReadonlySet<string>): void {
      const { known } = keysOfProgram();
      if (known && !known.has(key)) {
        const nearest = nearestChannelOptionKey(key, known);
        if (nearest === null) {
          if (hasGrpcOptionPrefix(key)) context.report({ node: property.key, messageId: 'unknownKey', data: { key } });
          return;
        }
        context.report({
          node: property.key,
          messageId: 'unknownKeyNearest',
          data: { key, nearest },
          suggest: keys.has(nearest) || property.shorthand ? [] : [{ messageId: 'renameKey', data: { nearest }, fix: (fixer) => fixer.replaceText(property.key, quoted(nearest, property.key)) }],
        });
        return;
      }
      const value = skipTypeWrappers(property.value);
      const switched = NUMERIC_SWITCHES.find((s) => s.key === key && (!s.servers || roles.has('server')));
      if (switched && value.type === 'Literal' && value.value === (switched.compares === 1)) {
        const number = String(switched.compares);
        context.report({
          node: value,
          messageId: 'booleanSwitch',
          data: { key, number, value: String(value.value), state: value.value ? 'off' : 'on' },
          suggest: [{ messageId: 'useNumber', data: { number }, fix: (fixer: TSESLint.RuleFixer) => fixer.replaceText(value, number) }],
        });
        return;
      }
      if (key === CLIENT_KEEPALIVE.key && roles.has('client')) checkKeepalive(property.value);
    }

    function checkKeepalive(value: TSESTree.Node): void {
      const ms = constantNumber(value, sourceCode);
      if (ms === null || ms <= 0) return; // 0 or less turns keepalive off
      const text = String(ms);
      if (ms < CLIENT_KEEPALIVE.floorMs) context.report({ node: value, messageId: 'shortKeepalive', data: { value: text } });
      else if (serverMinPingIntervalMs !== undefined && ms < serverMinPingIntervalMs) {
        context.report({ node: value, messageId: 'keepaliveBelowServerMinimum', data: { value: text, minimum: String(serverMinPingIntervalMs) } });
      }
    }

    return { ObjectExpression: check };
  },
});

/** `key` as a string literal in the quotes the code uses for `like`. */
function quoted(key: string, like: TSESTree.Node): string {
  const quote = like.type === 'Literal' && like.raw.startsWith('"') ? '"' : "'";
  return `${quote}${key}${quote}`;
}
