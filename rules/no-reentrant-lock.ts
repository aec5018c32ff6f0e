import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { CriticalSections, type HeldRegion } from '../src/analysis/locks/critical-sections.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { acquisitionOf, sameLock } from '../src/analysis/locks/lock-acquisitions.js';
import { acquisitionStep, locksAcquiredBy } from '../src/analysis/locks/lock-facts.js';
import { createRule } from '../src/create-rule.js';
import { getRpcModel } from '../src/model/index.js';
import { summariesOf } from '../src/analysis/summaries.js';

type MessageIds = 'reentrant';

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
        '`{{chain}}` takes {{lock}} again while {{holder}} holds it, and waits for it. A {{library}} is not re-entrant: the inner acquisition waits for the outer one to end, which waits for the inner one, so nothing ever settles and no error is raised. Read the state without taking the lock here, or make this call after the critical section.',
    },
  },
  defaultOptions: [],
  create(context) {
    const model = getRpcModel(context, 'lock');
    if (!model || !CriticalSections.mayHoldLocks(context.sourceCode)) return {};
    const sections = new CriticalSections(model, context.sourceCode);
    const calls: TSESTree.CallExpression[] = [];

    /** The held regions of one exclusive, unbounded lock with a known identity that wait for `call`. */
    function regionsWaitingFor(call: TSESTree.CallExpression): HeldRegion[] {
      return sections
        .heldAt(call)
        .filter((r) => r.extent === 'certain' && r.exclusive && !r.bounded && r.acquisition.lock !== null && sections.waitsFor(r, call));
    }

    function check(call: TSESTree.CallExpression): void {
      const regions = regionsWaitingFor(call);
      if (regions.length === 0) return;
      const tsCall = model!.tsNodeOf(call) as ts.CallExpression;
      const direct = acquisitionOf(tsCall, model!.checker, model!.program);
      for (const region of regions) {
        const held = region.acquisition.lock!;
        let chain: readonly string[] | null = null;
        if (direct) {
          if (direct.lock && sameLock(direct.lock, held) && direct.waits && !direct.bounded) chain = [acquisitionStep(direct)];
        } else {
          const inner = locksAcquiredBy(tsCall, summariesOf(model!.program))?.find((a) => a.lock && sameLock(a.lock, held) && a.waited && a.waits && !a.bounded);
          if (inner) chain = inner.chain;
        }
        if (!chain) continue;
        context.report({
          node: call,
          messageId: 'reentrant',
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

    return mergeListeners(sections.listeners(), {
      CallExpression(node) {
        calls.push(node);
      },
      'Program:exit'() {
        if (sections.all().length === 0) return;
        for (const call of calls) check(call);
      },
    });
  },
});
