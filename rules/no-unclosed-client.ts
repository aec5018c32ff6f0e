import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import { calleeOf, enclosingFunction, isFunction, valuePosition, type FunctionNode } from '../src/analysis/ast.js';
import { CodePathRecorder, type Exit } from '../src/analysis/exits.js';
import { mergeListeners } from '../src/analysis/listeners.js';
import { LOOPS } from '../src/analysis/loop-exits.js';
import { traceOwnership, type Ownership } from '../src/analysis/ownership.js';
import { createRule } from '../src/create-rule.js';
import { createdResource } from '../src/model/creations.js';
import { getRpcModel, type RpcModel } from '../src/model/index.js';
import { ownershipOracleFor } from '../src/model/ownership-oracle.js';
import { typeOrValueSpecifiersSchema } from '../src/model/type-utils.js';
import { FACTORIES, type ResourceEntry, type ResourceKind } from '../src/model/resources.js';
import { wrapRestInTryFinally } from '../src/fixes/wrap-statement.js';

type Options = [{ allow: TypeOrValueSpecifier[] }];
type MessageIds = 'unclosed' | 'discarded' | 'closeInFinally';

/** Servers are shut down by `no-unbounded-shutdown`'s rules of engagement, not here. */
const TRACKED: ReadonlySet<ResourceKind> = new Set(['client', 'channel', 'session-manager']);

const FACTORY_NAMES = new Set(FACTORIES.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));

interface Creation {
  node: TSESTree.NewExpression | TSESTree.CallExpression;
  resource: ResourceEntry;
  ownership: Ownership;
}

export default createRule<Options, MessageIds>({
  name: 'no-unclosed-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require RPC clients, channels and HTTP/2 session managers created in a function to be closed or handed off',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allow: {
            ...typeOrValueSpecifiersSchema,
            description: 'Types whose instances are never reported, e.g. a wrapper whose lifetime is managed elsewhere.',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [] }],
    messages: {
      unclosed:
        '`{{name}}` ({{resource}}) is not closed when the function exits at {{exit}}, so {{leaks}}. Call `{{close}}` in a `finally` block, or hand it off (return it or store it).',
      discarded:
        'This {{resource}} is never kept in a variable, so nothing can close it and {{leaks}}. Keep it in a variable and call `{{closeMember}}()` in a `finally` block, or reuse one long-lived instance.',
      closeInFinally: 'Wrap the code after `{{name}}` in `try { … } finally { {{close}}; }`.',
    },
  },
  create(context, [{ allow }]) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const recorder = new CodePathRecorder();
    const creationsByFunction = new Map<TSESTree.Node, Creation[]>();

    function checkCreation(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      if (node.type === 'CallExpression' && !isFactoryName(node.callee, model!)) return; // cheap filter first
      const owner = enclosingFunction(node);
      if (!owner || isDisposedByUsing(node)) return;
      const resource = createdResource(node, model!, TRACKED);
      if (!resource || (allow.length > 0 && model!.typeIs(node, allow))) return;
      const ownership = traceOwnership(node, owner, sourceCode, ownershipOracleFor(resource, model!));
      if (ownership.discarded) {
        context.report({
          node,
          messageId: 'discarded',
          data: { resource: resource.label, leaks: resource.leaks, closeMember: resource.close[0] },
        });
        return;
      }
      recorder.recordNow(node);
      for (const handling of ownership.handlings) recorder.watch(handling.anchor);
      const list = creationsByFunction.get(owner) ?? [];
      list.push({ node, resource, ownership });
      creationsByFunction.set(owner, list);
    }

    function checkFunctionEnd(codePath: TSESLint.CodePath, functionNode: TSESTree.Node): void {
      const creations = creationsByFunction.get(functionNode);
      if (!creations) return;
      creationsByFunction.delete(functionNode);
      for (const creation of creations) {
        const anchors = creation.ownership.handlings.map((h) => h.anchor);
        // A hand-off placed before the creation (a hoisted function, a loop) cannot be ordered: stay quiet.
        if (anchors.some((anchor) => !recorder.segmentsOf(anchor))) continue;
        // A hand-off in every iteration of a loop after the creation: the path that runs the loop
        // zero times is not evidence of a leak anyone would fix.
        if (creation.ownership.handlings.some((h) => h.kind === 'escape' && inLoopAfter(h.anchor, creation.node))) continue;
        const [exit] = recorder.uncoveredExits(codePath, functionNode, creation.node, anchors);
        if (exit) reportUnclosed(creation, exit, functionNode as FunctionNode);
      }
    }

    function reportUnclosed({ node, resource, ownership }: Creation, exit: Exit, owner: FunctionNode): void {
      // Named by its variable when bound directly; a value reached only through a borrower
      // (`createClient(def, createChannel(addr))`) is named by the call that made it.
      const binding = ownership.variables[0] ? directBinding(node, ownership.variables[0].name) : null;
      const name = binding ? ownership.variables[0]!.name : `${sourceCode.getText(calleeOf(node))}(…)`;
      const close = binding ? `${name}.${resource.close[0]}()` : `${resource.close[0]}()`;
      const fix = binding ? wrapRestInTryFinally(binding, close, sourceCode, owner) : null;
      context.report({
        node,
        messageId: 'unclosed',
        data: { name, resource: resource.label, exit: describeExit(exit), leaks: resource.leaks, close },
        suggest: fix ? [{ messageId: 'closeInFinally', data: { name, close }, fix }] : [],
      });
    }

    return mergeListeners(recorder.listeners(checkFunctionEnd), {
      NewExpression: checkCreation,
      CallExpression: checkCreation,
    });
  },
});

function isFactoryName(callee: TSESTree.Node, model: RpcModel): boolean {
  if (callee.type === 'Identifier') return FACTORY_NAMES.has(callee.name) || FACTORY_NAMES.has(model.importedNameOf(callee) ?? '');
  return callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && FACTORY_NAMES.has(callee.property.name);
}

/** Whether `node` is in the body of a loop that does not also contain `creation`. */
function inLoopAfter(node: TSESTree.Node, creation: TSESTree.Node): boolean {
  for (let at = node.parent; at && !isFunction(at); at = at.parent) {
    if (LOOPS.has(at.type)) return !(at.range[0] <= creation.range[0] && creation.range[1] <= at.range[1]);
  }
  return false;
}

/** `using x = …` / `await using x = …` dispose the value on every exit. */
function isDisposedByUsing(node: TSESTree.Node): boolean {
  const declarator = valuePosition(node).parent;
  return declarator?.type === 'VariableDeclarator' && declarator.parent.kind.includes('using');
}

/** `const name = <node>;` as its own statement, the shape the suggestion can rewrite. */
function directBinding(node: TSESTree.Node, name: string): TSESTree.VariableDeclaration | null {
  const declarator = valuePosition(node).parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || declarator.id.name !== name) return null;
  const declaration = declarator.parent;
  return declaration.declarations.length === 1 ? declaration : null;
}

function describeExit(exit: Exit): string {
  switch (exit.kind) {
    case 'return':
      return `the \`return\` on line ${exit.line}`;
    case 'throw':
      return `the \`throw\` on line ${exit.line}`;
    case 'end':
      return `its end on line ${exit.line}`;
  }
}
