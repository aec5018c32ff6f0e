import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { CriticalSections, type HeldRegion } from '../src/analysis/locks/critical-sections.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { acquisitionOf, sameLock } from '../src/analysis/locks/lock-acquisitions.js';
import { acquisitionStep, guardsJoinedBy, locksAcquiredBy } from '../src/analysis/locks/lock-facts.js';
import { createRule } from '../src/create-rule.js';
import { getRpcModel } from '../src/model/index.js';
import { SINGLE_FLIGHT } from '../src/model/locks.js';
import { summariesOf } from '../src/analysis/summaries.js';
import { walk } from '../src/syntax/walk.js';
import { isCallExpression } from '../src/syntax/ts-nodes.js';

type MessageIds = 'reentrant' | 'reentrantFlight';

export default createRule<[], MessageIds>({
  name: 'no-reentrant-lock',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow taking a lock again, directly or through calls, inside its own critical section',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    schema: [],
    messages: {
      reentrant:
        '`{{chain}}` takes {{lock}} again while {{holder}} holds it: a {{library}} is not re-entrant, so both wait forever. Read the state without the lock, or call this after the critical section.',
      reentrantFlight:
        '`{{chain}}` joins the flight in {{lock}} from inside it, so the flight waits for itself and every later caller of {{holder}} hangs. Call the guarded work directly here.',
    },
  },
  defaultOptions: [],
  create(context) {
    // Hand-rolled single-flight guards are in RPC code as much as in code with a lock library.
    const model = getRpcModel(context, 'lock') ?? getRpcModel(context, 'rpc');
    if (!model) return {};
    const sections = new CriticalSections(model, context.sourceCode, { locks: CriticalSections.mayHoldLocks(context.sourceCode), singleFlights: true });

    /** The held regions of one exclusive, unbounded lock with a known identity that wait for `call`. */
    function regionsWaitingFor(call: TSESTree.Node): HeldRegion[] {
      return sections
        .heldAt(call)
        .filter((r) => r.extent === 'certain' && r.exclusive && !r.bounded && r.acquisition.lock !== null && sections.waitsFor(r, call));
    }

    /** A call, or a read of a getter (`await this.features`), inside a held region that waits for it. */
    function check(call: TSESTree.CallExpression | TSESTree.MemberExpression): void {
      const regions = regionsWaitingFor(call);
      if (regions.length === 0) return;
      const tsCall = model!.tsNodeOf(call) as ts.CallExpression | ts.PropertyAccessExpression;
      if (!isCallExpression(tsCall) && !regions.some((r) => r.acquisition.entry === SINGLE_FLIGHT)) return;
      const direct = isCallExpression(tsCall) ? acquisitionOf(tsCall, model!.checker, model!.program) : null;
      for (const region of regions) {
        const held = region.acquisition.lock!;
        const flight = region.acquisition.entry === SINGLE_FLIGHT;
        let chain: readonly string[] | null = null;
        if (direct) {
          if (direct.lock && sameLock(direct.lock, held) && direct.waits && !direct.bounded) chain = [acquisitionStep(direct)];
        } else {
          const summaries = summariesOf(model!.program);
          const acquired = flight ? guardsJoinedBy(tsCall, summaries) : isCallExpression(tsCall) ? locksAcquiredBy(tsCall, summaries) : null;
          const inner = acquired?.find((a) => a.lock && sameLock(a.lock, held) && a.waited && a.waits && !a.bounded);
          if (inner) chain = inner.chain;
        }
        if (!chain) continue;
        context.report({
          node: call,
          messageId: flight ? 'reentrantFlight' : 'reentrant',
          data: {
            chain: [region.holder, ...chain].join(' → '),
            lock: region.acquisition.label,
            holder: region.holder,
            library: region.acquisition.entry.label,
          },
        });
        return;
      }
    }

    /**
     * The calls in the held regions' bodies, and the reads a getter that joins a single-flight guard
     * may be (`await this.features`): found from the regions at the end, so that a file holds no
     * per-node listener of its own.
     */
    function candidatesIn(regions: readonly HeldRegion[]): Set<TSESTree.CallExpression | TSESTree.MemberExpression> {
      const found = new Set<TSESTree.CallExpression | TSESTree.MemberExpression>();
      for (const region of regions) {
        walk(region.body.body, context.sourceCode.visitorKeys, (node) => {
          if (node.type === 'CallExpression') found.add(node);
          else if (node.type === 'MemberExpression' && (node.parent.type === 'AwaitExpression' || node.parent.type === 'ReturnStatement')) found.add(node);
        });
      }
      return found;
    }

    return mergeListeners(sections.listeners(), {
      'Program:exit'() {
        const regions = sections.all();
        if (regions.length === 0) return;
        for (const call of candidatesIn(regions)) check(call);
      },
    });
  },
});
