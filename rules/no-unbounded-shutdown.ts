import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { calleeOf, isFunction, propertyKeyName, staticMemberName, valuePosition } from '../src/analysis/ast.js';
import { logicalFunctionOf } from '../src/analysis/close-paths.js';
import { isGlobalName, variableOf } from '../src/analysis/origins.js';
import { walk } from '../src/analysis/walk.js';
import { createRule } from '../src/create-rule.js';
import { getRpcModel } from '../src/model/index.js';
import { FORCE_NAMES, GRACEFUL_NAMES, shutdownOf, type ShutdownEntry } from '../src/model/shutdowns.js';

type MessageIds = 'unbounded' | 'forceAfterGracePeriod';

/** Calls that end a waiting process from a timer: a watchdog. */
const WATCHDOG_EXITS = new Set(['exit', 'kill', 'abort']);
/** A shutdown promise handed to `pTimeout(p, …)`, `withTimeout(p, …)`, `raceDeadline(p, …)`: bounded by the helper. */
const TIMEOUT_HELPER = /timeout|deadline|race/i;
const GRACE_PERIOD_MS = '10_000';

export default createRule<[], MessageIds>({
  name: 'no-unbounded-shutdown',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a graceful RPC server shutdown to fall back to `forceShutdown()` after a grace period',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      unbounded:
        '`{{name}}.{{graceful}}()` waits until every open call on the {{server}} has finished, and one open stream (a watch, a bidi session) makes it wait forever, so the server and the process never stop. Call `{{name}}.{{force}}()` when a grace period runs out (a timer or a `Promise.race` with one).',
      forceAfterGracePeriod: 'Call `{{name}}.{{force}}()` if the server is still up after 10 seconds.',
    },
  },
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const boundedRegions = new WeakMap<TSESTree.Node, boolean>();

    function check(member: TSESTree.MemberExpression): void {
      const graceful = staticMemberName(member);
      if (graceful === null || !GRACEFUL_NAMES.has(graceful)) return; // cheap filter first
      const resource = model!.resourceOf(member.object);
      const shutdown = resource?.kind === 'server' ? shutdownOf(resource.library, graceful) : null;
      if (!shutdown || boundedByHelper(member) || implementsGracefulHalf(member)) return;
      const region = logicalFunctionOf(member);
      if (isBounded(region)) return;
      const call = member.parent.type === 'CallExpression' && member.parent.callee === member ? member.parent : null;
      const name = sourceCode.getText(member.object);
      context.report({
        node: call ?? member,
        messageId: 'unbounded',
        data: { name, graceful, force: shutdown.force, server: shutdown.label },
        suggest: forceSuggestion(member, shutdown, name),
      });
    }

    /** A `forceShutdown()`, a `Promise.race`/`Promise.any`, or a timer that ends the process, anywhere in `region`. */
    function isBounded(region: TSESTree.Node): boolean {
      let bounded = boundedRegions.get(region);
      if (bounded === undefined) {
        bounded = false;
        walk(region, sourceCode.visitorKeys, (node) => {
          if (bounded) return false;
          if (node.type !== 'CallExpression') return;
          const callee = calleeOf(node);
          const name = callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
          if (name !== null && FORCE_NAMES.has(name)) bounded = true;
          else if (callee.type === 'MemberExpression' && (name === 'race' || name === 'any') && isGlobalName(callee.object, 'Promise', sourceCode)) bounded = true;
          else if (isGlobalName(callee, 'setTimeout', sourceCode) && endsProcess(node.arguments[0])) bounded = true;
        });
        boundedRegions.set(region, bounded);
      }
      return bounded;
    }

    /** `process.exit()` / `process.kill()` in a timer callback: a watchdog. */
    function endsProcess(callback: TSESTree.Node | undefined): boolean {
      if (!callback || !isFunction(callback)) return false;
      let found = false;
      walk(callback.body, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type !== 'CallExpression') return;
        const callee = calleeOf(node);
        found =
          callee.type === 'MemberExpression' &&
          WATCHDOG_EXITS.has(staticMemberName(callee) ?? '') &&
          isGlobalName(callee.object, 'process', sourceCode);
      });
      return found;
    }

    /** `setTimeout(() => server.forceShutdown(), 10_000).unref();` before the statement that shuts down. */
    function forceSuggestion(member: TSESTree.MemberExpression, shutdown: ShutdownEntry, name: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statement = insertionPoint(member);
      if (!statement) return [];
      const indent = /^\s*/.exec(sourceCode.lines[statement.loc.start.line - 1] ?? '')?.[0] ?? '';
      const timer = `setTimeout(() => ${name}.${shutdown.force}(), ${GRACE_PERIOD_MS}).unref();`;
      return [
        {
          messageId: 'forceAfterGracePeriod',
          data: { name, force: shutdown.force },
          fix: (fixer) => fixer.insertTextBeforeRange(statement.range, `${timer}\n${indent}`),
        },
      ];
    }

    /**
     * The statement to put the timer before: the nearest statement in a statement list, climbing
     * out of arrow callbacks only (so `this` stays the same), where the server expression means the same.
     */
    function insertionPoint(member: TSESTree.MemberExpression): TSESTree.Statement | null {
      const crossed: TSESTree.Node[] = [];
      let at: TSESTree.Node = member;
      while (at.parent && !isListed(at)) {
        if (isFunction(at)) {
          if (at.type !== 'ArrowFunctionExpression') return null;
          crossed.push(at);
        }
        at = at.parent;
      }
      if (!at.parent) return null;
      const server = member.object;
      if (server.type === 'Identifier') {
        const variable = variableOf(server, sourceCode);
        const declared = variable?.defs[0]?.name;
        if (!declared || crossed.some((fn) => fn.range[0] <= declared.range[0] && declared.range[1] <= fn.range[1])) return null;
      } else if (!(server.type === 'MemberExpression' && server.object.type === 'ThisExpression')) {
        return null;
      }
      return at as TSESTree.Statement;
    }

    return {
      MemberExpression: check,
    };
  },
});

/** `await pTimeout(server.shutdown(), …)`: a helper named like a timeout bounds the wait. */
function boundedByHelper(member: TSESTree.MemberExpression): boolean {
  const call = member.parent.type === 'CallExpression' && member.parent.callee === member ? member.parent : member;
  const position = valuePosition(call);
  const parent = position.parent;
  if (parent?.type !== 'CallExpression' || parent.callee === position) return false;
  const callee = calleeOf(parent);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return name !== null && TIMEOUT_HELPER.test(name);
}

/**
 * The graceful half of a server API, whose callers own the bound: an override that delegates to
 * `super.tryShutdown(cb)`, or a method named like a graceful shutdown in a class or object that
 * also offers the force method (nice-grpc's own `shutdown()` beside `forceShutdown()`).
 */
function implementsGracefulHalf(member: TSESTree.MemberExpression): boolean {
  if (member.object.type === 'Super') return true;
  for (let at: TSESTree.Node | undefined = member.parent; at; at = at.parent) {
    if (!isFunction(at)) continue;
    const holder = at.parent;
    if (holder?.type !== 'MethodDefinition' && holder?.type !== 'Property') continue;
    if (!GRACEFUL_NAMES.has(propertyKeyName(holder) ?? '')) return false;
    const siblings: readonly TSESTree.Node[] = holder.type === 'MethodDefinition' ? holder.parent.body : holder.parent.type === 'ObjectExpression' ? holder.parent.properties : [];
    return siblings.some(
      (sibling) =>
        (sibling.type === 'MethodDefinition' || sibling.type === 'Property' || sibling.type === 'PropertyDefinition') &&
        FORCE_NAMES.has(propertyKeyName(sibling) ?? ''),
    );
  }
  return false;
}

/** A statement directly in a block, the module body or a `case`. */
function isListed(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case 'BlockStatement':
    case 'Program':
    case 'StaticBlock':
      return (parent.body as TSESTree.Node[]).includes(node);
    case 'SwitchCase':
      return (parent.consequent as TSESTree.Node[]).includes(node);
    default:
      return false;
  }
}
