import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import ts from 'typescript';

import { calleeOf, enclosingFunction, isFunction, staticMemberName, valuePosition, type FunctionNode } from '../src/syntax/ast.js';
import { CodePathRecorder, type Exit } from '../src/analysis/flow/exits.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { LOOPS } from '../src/analysis/flow/loop-exits.js';
import { traceOwnership, type Ownership } from '../src/analysis/ownership/ownership.js';
import { constructsGlobal, isGlobalName } from '../src/analysis/flow/origins.js';
import { isLifecycleName, overwrites } from '../src/analysis/ownership/ownership-facts.js';
import { createRule } from '../src/create-rule.js';
import { createdResource } from '../src/model/creations.js';
import { getRpcModel, type RpcModel } from '../src/model/index.js';
import { ownershipFactsOf, ownershipOracleFor } from '../src/analysis/ownership/ownership-oracle.js';
import { typeMatchesSomeSpecifier, typeOrValueSpecifiersSchema } from '../src/model/type-utils.js';
import { FACTORIES, OWNED_KINDS, type ResourceEntry, type ResourceKind } from '../src/model/resources.js';
import { wrapRestInTryFinally } from '../src/fixes/wrap-statement.js';
import { isOpaque } from '../src/model/type-walk.js';

type Options = [{ allow?: TypeOrValueSpecifier[]; requireLifecycle?: boolean }];
type MessageIds =
  | 'unclosed'
  | 'discarded'
  | 'closeInFinally'
  | 'lostInPromiseAll'
  | 'fieldNotClosed'
  | 'lentNotClosable'
  | 'noLifecycle'
  | 'overwritten';

/** Servers are shut down by `no-unbounded-shutdown`'s rules of engagement, not here. */
const TRACKED: ReadonlySet<ResourceKind> = OWNED_KINDS;
/** `Promise.<method>([…])` drops the other results when one rejects (or, for `race`/`any`, settles) first. */
const DROPPING_COMBINATORS = new Set(['all', 'race', 'any']);

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
      strictOptions: [{ requireLifecycle: true }],
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
          requireLifecycle: {
            type: 'boolean',
            description: 'Also report a class that keeps a resource it created in a private field but has no close or dispose method at all (on in `strict`).',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [], requireLifecycle: false }],
    messages: {
      unclosed:
        '`{{name}}` ({{resource}}) is not closed when the function exits at {{exit}}, so {{leaks}}. Call `{{close}}` in a `finally` block, or hand it off (return it or store it).',
      discarded:
        'This {{resource}} is never kept in a variable, so nothing can close it and {{leaks}}. Keep it in a variable and call `{{closeMember}}()` in a `finally` block, or reuse one long-lived instance.',
      closeInFinally: 'Wrap the code after `{{name}}` in `try { … } finally { {{close}}; }`.',
      lostInPromiseAll:
        '`{{call}}` ({{resource}}) is created inside `Promise.{{combinator}}`: when another promise {{first}} first, its result is dropped, nothing can close it, and {{leaks}}. Create it before `Promise.{{combinator}}` and close it in a `finally`, or use `Promise.allSettled` and close the fulfilled ones.',
      fieldNotClosed:
        '`{{className}}` keeps a {{resource}} in `this.{{field}}`, but `{{lifecycle}}()` never closes it, so after `{{lifecycle}}()` {{leaks}}. Close `this.{{field}}` in `{{lifecycle}}()`.',
      lentNotClosable:
        '`{{className}}` keeps `this.{{field}}`, which borrows a {{resource}} created here and cannot close it, so after `{{lifecycle}}()` {{leaks}}. Keep the {{resource}} in a field of its own and close it in `{{lifecycle}}()`.',
      noLifecycle:
        '`{{className}}` keeps a {{resource}} {{where}} but has no close or dispose method, so its users can never release it and {{leaks}}. Add a `close()` (or `[Symbol.dispose]()`) that closes it.',
      overwritten:
        '`{{method}}()` assigns a new {{resource}} to `this.{{field}}` without closing the one it may still hold (a second call, a retry, a reconnect), so {{leaks}} once per call. Close the old value first (`this.{{field}}?.{{close}}()`) or return early while it is set.',
    },
  },
  create(context, [{ allow = [], requireLifecycle = false }]) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const recorder = new CodePathRecorder();
    const creationsByFunction = new Map<TSESTree.Node, Creation[]>();

    function checkCreation(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      const owner = enclosingFunction(node);
      if (!owner || isDisposedByUsing(node)) return;
      const resource = resourceCreatedBy(node);
      if (!resource || (allow.length > 0 && model!.typeIs(node, allow))) return;
      const combinator = droppingCombinator(node);
      if (combinator) {
        context.report({
          node,
          messageId: 'lostInPromiseAll',
          data: { call: `${sourceCode.getText(calleeOf(node))}(…)`, resource: resource.label, combinator, first: combinator === 'all' ? 'rejects' : 'settles', leaks: resource.leaks },
        });
        return;
      }
      const ownership = traceOwnership(node, owner, sourceCode, ownershipOracleFor(resource, model!));
      if (ownership.discarded) {
        context.report({
          node,
          messageId: 'discarded',
          data: { resource: resource.label, leaks: resource.leaks, closeMember: closeMember(resource) },
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
      const close = binding ? `${name}${memberAccess(resource.close[0]!)}()` : `${closeMember(resource)}()`;
      // Closing in `finally` is wrong where the value is also returned or handed off on another path.
      const handedOff = ownership.handlings.some((h) => h.kind === 'escape');
      // Only where the binding's declared type has the close member (a NestJS proxy bound as the
      // `ClientGrpc` interface has none): a suggestion must not write code that does not compile.
      const fix = binding && !handedOff && declaresMember(binding, resource.close[0]!) ? wrapRestInTryFinally(binding, close, sourceCode, owner) : null;
      context.report({
        node,
        messageId: 'unclosed',
        data: { name, resource: resource.label, exit: describeExit(exit), leaks: resource.leaks, close },
        suggest: fix ? [{ messageId: 'closeInFinally', data: { name, close }, fix }] : [],
      });
    }

    /**
     * A library resource (`new Client()`, `createChannel()`), a learnt one (`new Wrapper()`, whose
     * class owns and releases a resource) or a factory's (`Wrapper.connect()`, `makeChannel()`).
     * A call is resolved by its callee's symbol, and a factory by the syntax of its returns first.
     */
    function resourceCreatedBy(node: TSESTree.NewExpression | TSESTree.CallExpression): ResourceEntry | null {
      if (node.type === 'CallExpression' && isFactoryName(node.callee, model!)) return createdResource(node, model!, TRACKED);
      if (node.type === 'NewExpression') {
        if (constructsGlobal(node, sourceCode)) return null; // `new Map()`, `new Error()`: cheap before costly
        const library = createdResource(node, model!, TRACKED);
        if (library) return library;
      }
      if (node.type === 'CallExpression' && !keepsResult(node)) return null;
      const tsNode = model!.tsNodeOf(node);
      if (!ts.isNewExpression(tsNode) && !ts.isCallExpression(tsNode)) return null;
      return ownershipFactsOf(model!).createdBeyondLibrary(tsNode); // the library's own were judged above
    }

    /** Whether the type of the variable `declaration` binds has a member `name` (`[Symbol.…]` members count as present). */
    function declaresMember(declaration: TSESTree.VariableDeclaration, name: string): boolean {
      const id = declaration.declarations[0]?.id;
      if (!id || name.startsWith('[')) return true;
      const type = model!.typeOf(id);
      return !type || isOpaque(type) || model!.checker.getNonNullableType(type).getProperty(name) !== undefined;
    }

    /** `Promise.all([create(), other()])`: the creation's result is lost when `other()` rejects. */
    function droppingCombinator(node: TSESTree.Node): string | null {
      const array = valuePosition(node).parent;
      const call = array?.parent;
      if (array?.type !== 'ArrayExpression' || call?.type !== 'CallExpression' || call.arguments[0] !== array) return null;
      const callee = calleeOf(call);
      if (callee.type !== 'MemberExpression' || !isGlobalName(callee.object, 'Promise', sourceCode)) return null;
      const combinator = staticMemberName(callee);
      if (combinator === null || !DROPPING_COMBINATORS.has(combinator)) return null;
      const others = array.elements.filter((e) => e && e !== valuePosition(node) && e.type !== 'Literal');
      return others.length > 0 ? combinator : null;
    }

    /** The class-level reports: owned fields no lifecycle method closes, no lifecycle at all, overwrites. */
    function checkClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void {
      const cls = model!.tsNodeOf(node);
      if (!ts.isClassLike(cls)) return;
      // Syntax first: a class with no lifecycle method and no release can only be reported by the option.
      const lifecycleNamed = node.body.body.some((m) => (m.type === 'MethodDefinition' || m.type === 'PropertyDefinition') && isLifecycleMember(m));
      if (!lifecycleNamed && !requireLifecycle && !ownershipFactsOf(model!).mayRelease(cls)) return;
      const facts = ownershipFactsOf(model!).classOwnership(cls);
      const lifecycle = facts.lifecycleMethods[0];
      for (const field of facts.fields) {
        if (field.source === 'parameter' || field.releasedBy.length > 0) continue;
        if (field.source === 'created' && (field.touchedByLifecycle || field.exposed)) continue; // it may be released, or handed out
        if (allow.length > 0 && field.stores.some((store) => storedTypeAllowed(store))) continue;
        const className = facts.name;
        const { label: resource, leaks } = field.resource;
        for (const store of field.stores) {
          if (lifecycle !== undefined) {
            const messageId = field.source === 'lent' ? 'lentNotClosable' : 'fieldNotClosed';
            context.report({ loc: locOf(store), messageId, data: { className, field: field.name, resource, leaks, lifecycle } });
          } else if (requireLifecycle && isPrivateField(cls, field.name)) {
            const where = field.source === 'lent' ? `through \`this.${field.name}\`, which cannot close it,` : `in \`this.${field.name}\``;
            context.report({ loc: locOf(store), messageId: 'noLifecycle', data: { className, resource, leaks, where } });
          }
        }
      }
      for (const { field, store, method } of overwrites(cls, facts)) {
        if (allow.length > 0 && storedTypeAllowed(store)) continue;
        context.report({
          loc: locOf(store),
          messageId: 'overwritten',
          data: { method, field: field.name, resource: field.resource.label, leaks: field.resource.leaks, close: closeMember(field.resource) },
        });
      }
    }

    function storedTypeAllowed(store: ts.Node): boolean {
      const value = ts.isBinaryExpression(store) ? store.right : ts.isPropertyDeclaration(store) ? store.initializer : undefined;
      if (!value) return false;
      return typeMatchesSomeSpecifier(model!.checker.getTypeAtLocation(value), allow, model!.program);
    }

    function locOf(node: ts.Node): TSESTree.SourceLocation {
      const start = ts.isBinaryExpression(node) ? node.left.getStart() : ts.isPropertyDeclaration(node) ? node.name.getStart() : node.getStart();
      const end = ts.isBinaryExpression(node) ? node.left.getEnd() : ts.isPropertyDeclaration(node) ? node.name.getEnd() : node.getEnd();
      return { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) };
    }

    return mergeListeners(recorder.listeners(checkFunctionEnd), {
      NewExpression: checkCreation,
      CallExpression: checkCreation,
      ClassDeclaration: checkClass,
      ClassExpression: checkClass,
    });
  },
});

/**
 * Where a factory call's result can leak and is worth resolving the callee: bound to a variable
 * (`const w = await Wrapper.connect()`), lent to a constructor (`new EventClient(cfg, channelFactory(cfg))`),
 * or an element of `Promise.all([…])`. Statements, returns and other arguments are not resolved
 * (the cost of resolving every call; a dropped factory result in a statement is not reported).
 */
function keepsResult(call: TSESTree.CallExpression): boolean {
  const parent = valuePosition(call).parent;
  return parent?.type === 'VariableDeclarator' || parent?.type === 'NewExpression' || parent?.type === 'ArrayExpression';
}

function isLifecycleMember(member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition): boolean {
  if (member.static) return false;
  const key = member.key;
  if (!member.computed && (key.type === 'Identifier' || key.type === 'PrivateIdentifier')) return isLifecycleName(key.name);
  if (member.computed && key.type === 'MemberExpression' && key.object.type === 'Identifier' && key.object.name === 'Symbol') {
    return isLifecycleName(`[Symbol.${staticMemberName(key) ?? ''}]`);
  }
  return false;
}

/** `close` → `.close`, `[Symbol.dispose]` → `[Symbol.dispose]`: how to call a close member. */
function memberAccess(close: string): string {
  return close.startsWith('[') ? close : `.${close}`;
}

function closeMember(resource: ResourceEntry): string {
  return resource.close[0] ?? 'close';
}

/** `private`/`protected`/`#` fields: users of the class cannot reach them to close them. */
function isPrivateField(cls: ts.ClassLikeDeclaration, name: string): boolean {
  if (name.startsWith('#')) return true;
  for (const member of cls.members) {
    const params = ts.isConstructorDeclaration(member) ? member.parameters : [];
    for (const node of [member, ...params]) {
      const nodeName = (node as ts.NamedDeclaration).name;
      if (!nodeName || !ts.isIdentifier(nodeName) || nodeName.text !== name) continue;
      if (ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) continue;
      return ts.getModifiers(node as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) ?? false;
    }
  }
  return false;
}

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
