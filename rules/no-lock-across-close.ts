import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { CriticalSections, type HeldRegion } from '../src/analysis/locks/critical-sections.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { peerWaitOf, type PeerWait } from '../src/analysis/locks/lock-facts.js';
import { PeerWaits } from '../src/analysis/locks/peer-waits.js';
import { boundedByClientDefault } from '../src/analysis/streams/stream-limits.js';
import { createRule } from '../src/create-rule.js';
import { getRpcModel } from '../src/model/index.js';
import { STREAMS } from '../src/model/streams.js';
import { forOfIterable, ownFunctionOf } from '../src/syntax/ts-ast.js';
import { summariesOf } from '../src/analysis/summaries.js';

type Options = [{ closeMethods: string[] }];
type MessageIds = 'acrossPeerWait';

/** Connect clients whose transport sets `defaultTimeoutMs` bound every call. */
const CONNECT_CALLS = STREAMS.filter((kind) => kind.clientDefault !== undefined);

/** Methods of the program's own types that close something, and so wait for the other side. */
export const DEFAULT_CLOSE_METHODS = ['close', 'shutdown', 'stop', 'dispose', 'drain', 'flush', 'end', 'disconnect', 'destroy'];

export default createRule<Options, MessageIds>({
  name: 'no-lock-across-close',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow holding a lock while awaiting a close, write, end or RPC that waits on the peer',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          closeMethods: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Close-like method names: an awaited call of one on your own types that has no body to read (an interface, an abstract method) counts as waiting on the peer.',
          },
        },
      },
    ],
    defaultOptions: [{ closeMethods: DEFAULT_CLOSE_METHODS }],
    messages: {
      acrossPeerWait:
        '{{lock}} is held in {{holder}} while it awaits {{what}}{{via}}: if the peer stops answering, every caller of {{lock}} waits forever. Await outside the lock, or bound the wait.',
    },
  },
  create(context, [{ closeMethods }]) {
    const model = getRpcModel(context, 'lock');
    if (!model || !CriticalSections.mayHoldLocks(context.sourceCode)) return {};
    const sections = new CriticalSections(model, context.sourceCode);
    const candidates: (TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.ForOfStatement)[] = [];

    /** Exclusive, unbounded regions that certainly hold the lock while `node` is waited for. */
    function regionsWaitingFor(node: (typeof candidates)[number]): HeldRegion[] {
      return sections.heldAt(node).filter((r) => {
        if (r.extent !== 'certain' || !r.exclusive || r.bounded) return false;
        if (node.type !== 'ForOfStatement') return sections.waitsFor(r, node);
        return ownFunctionOf(model!.tsNodeOf(node)) === model!.tsNodeOf(r.body);
      });
    }

    function peerWait(node: (typeof candidates)[number]): PeerWait | null {
      const tsNode = model!.tsNodeOf(node);
      const iterable = forOfIterable(tsNode);
      if (iterable) {
        const direct = new PeerWaits(model!.checker, model!.program).iterated(iterable);
        return direct && { what: direct.what, chain: [] };
      }
      return peerWaitOf(tsNode as ts.CallExpression | ts.NewExpression, summariesOf(model!.program), closeMethods);
    }

    function check(node: (typeof candidates)[number]): void {
      const region = regionsWaitingFor(node)[0];
      if (!region) return;
      const wait = peerWait(node);
      if (!wait) return;
      if (node.type === 'CallExpression' && wait.chain.length === 0 && CONNECT_CALLS.some((kind) => boundedByClientDefault(node, kind, model!, context.sourceCode))) return;
      context.report({
        node: node.parent?.type === 'AwaitExpression' ? node.parent : node,
        messageId: 'acrossPeerWait',
        data: {
          lock: region.acquisition.label,
          holder: region.holder,
          what: wait.what,
          via: wait.chain.length > 0 ? ` (through ${wait.chain.join(' → ')})` : '',
        },
      });
    }

    return mergeListeners(sections.listeners(), {
      CallExpression(node) {
        candidates.push(node);
      },
      NewExpression(node) {
        candidates.push(node);
      },
      ForOfStatement(node) {
        if (node.await) candidates.push(node);
      },
      'Program:exit'() {
        if (sections.all().length === 0) return;
        for (const node of candidates) check(node);
      },
    });
  },
});
