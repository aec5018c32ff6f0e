import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import type ts from 'typescript';

import { calleeOf, enclosingFunction, isFunction, promiseCallbackResult, skipParentWrappers, staticMemberName, valuePosition, type FunctionNode } from '../src/syntax/ast.js';
import { CodePathRecorder, ownAwaits, type AwaitNode, type Exit } from '../src/analysis/flow/exits.js';
import { rejectionFactsOf } from '../src/analysis/flow/rejections.js';
import { summariesOf } from '../src/analysis/summaries.js';
import { mergeListeners } from '../src/analysis/flow/listeners.js';
import { LOOPS } from '../src/analysis/flow/loop-exits.js';
import { traceOwnership, WHERE_IT_GOES, type Ownership, type OwnershipOracle } from '../src/analysis/ownership/ownership.js';
import { constructsGlobal, isGlobalName, skipTypeWrappers } from '../src/analysis/flow/origins.js';
import { mayHaveSummary } from '../src/analysis/flow/local-callees.js';
import { isLifecycleName, isPrivateField, overwrites } from '../src/analysis/ownership/ownership-facts.js';
import { createRule } from '../src/create-rule.js';
import { createdResource } from '../src/model/creations.js';
import { declaredClientFactoryCall } from '../src/model/declared-builders.js';
import { getRpcModel, type RpcModel } from '../src/model/index.js';
import { ownershipFactsOf, ownershipOracleFor } from '../src/analysis/ownership/ownership-oracle.js';
import { programRepeatsOf } from '../src/analysis/concurrency/program-repeats.js';
import { typeMatchesSomeSpecifier, typeOrValueSpecifiersSchema } from '../src/model/type-utils.js';
import { FACTORIES, OWNED_KINDS, type ResourceEntry, type ResourceKind } from '../src/model/resources.js';
import { wrapRestInTryFinally } from '../src/fixes/wrap-statement.js';
import { isOpaque, nonNullableHasProperty } from '../src/model/type-walk.js';
import { sourceRange, storedValue, storeTarget } from '../src/syntax/ts-ast.js';
import { getAwaitedType, getTypeAtLocation } from '../src/model/checker.js';
import { isCallExpression, isClassLike, isExpression, isNewExpression } from '../src/syntax/ts-nodes.js';

type Options = [{ allow?: TypeOrValueSpecifier[]; checkRejections?: boolean; reportOverwrites?: 'when-repeated' | 'always'; requireLifecycle?: boolean }];
type MessageIds =
  | 'unclosed'
  | 'discarded'
  | 'closeInFinally'
  | 'unclosedOnRejection'
  | 'unclosedAfterClosure'
  | 'lostInPromiseAll'
  | 'lentOnly'
  | 'fieldNotClosed'
  | 'noLifecycle'
  | 'overwritten';

/** Servers are shut down by `no-unbounded-shutdown`'s rules of engagement, not here. */
const TRACKED: ReadonlySet<ResourceKind> = OWNED_KINDS;
/** `Promise.<method>([…])` drops the other results when one rejects (or, for `race`/`any`, settles) first. */
const DROPPING_COMBINATORS = new Set(['all', 'race', 'any']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

const FACTORY_NAMES = new Set(FACTORIES.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));

interface Creation {
  /** Where it is made: the report's node. */
  node: TSESTree.NewExpression | TSESTree.CallExpression;
  /**
   * The owner's expression that holds the value first: the creation itself, or the promise chain it
   * settles through (`await p.then((n) => new Conn(n))`). Paths are followed from here.
   */
  value: TSESTree.NewExpression | TSESTree.CallExpression;
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
      strictOptions: [{ reportOverwrites: 'always', requireLifecycle: true }],
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
          checkRejections: {
            type: 'boolean',
            description: 'Also report a value left open when an `await` between its creation and its hand-off or close rejects (on by default).',
          },
          reportOverwrites: {
            type: 'string',
            enum: ['when-repeated', 'always'],
            description:
              'When a method that stores a new resource in a field without closing the old one is reported: `when-repeated` (default) only when the program shows it runs again (a loop, a timer, a handler, a retry, or two call sites); `always` for any method but the constructor (on in `strict`).',
          },
          requireLifecycle: {
            type: 'boolean',
            description:
              'Also report a resource kept in a private field of a class that has no close or dispose method at all, whether the class makes it or is handed it (on in `strict`).',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [], checkRejections: true, reportOverwrites: 'when-repeated', requireLifecycle: false }],
    messages: {
      unclosed: '`{{name}}` ({{resource}}) is not closed before {{exit}}, so {{leaks}}. Call `{{close}}` in a `finally` block, or return or store it.',
      unclosedOnRejection: '`{{name}}` ({{resource}}) is not closed when `{{awaited}}` on line {{line}} rejects, so {{leaks}}. Call `{{close}}` in a `catch` that rethrows, or in `finally`.',
      unclosedAfterClosure: '`{{name}}` ({{resource}}) is used by {{closure}}, which runs later, and is never closed, so {{leaks}}. Call `{{close}}` in the closure once it is done.',
      discarded: 'This {{resource}} is never kept in a variable, so nothing can close it and {{leaks}}. Keep it and call `{{closeMember}}()` when done, or reuse one instance.',
      closeInFinally: 'Wrap the code after `{{name}}` in `try { … } finally { {{close}}; }`.',
      lostInPromiseAll: '`{{call}}` runs inside `Promise.{{combinator}}`: if another promise {{first}} first, its result is dropped and {{leaks}}. Create it first, or use `Promise.allSettled` and close it.',
      lentOnly: 'This {{resource}} is only lent to `{{borrower}}`, which never closes it, so {{leaks}}. Keep it in a variable or field and call `{{closeMember}}()` when done.',
      fieldNotClosed: '`{{lifecycle}}()` of `{{className}}` does not close `this.{{field}}` ({{resource}}), so {{leaks}} after it. Close `this.{{field}}` there.',
      noLifecycle: '`{{className}}` keeps a {{resource}} in `this.{{field}}` but has no close or dispose method, so {{leaks}}. Add a `close()` that closes it.',
      overwritten: '`{{method}}()` replaces the {{resource}} in `this.{{field}}` without closing the old one, so each further call leaks one. Call `this.{{field}}?.{{close}}()` first, or return early if set.',
    },
  },
  create(context, [{ allow = [], checkRejections: rejections = true, reportOverwrites = 'when-repeated', requireLifecycle = false }]) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    const recorder = CodePathRecorder.sharedBy(context);
    const creationsByFunction = new Map<TSESTree.Node, Creation[]>();
    const awaitsByFunction = new Map<FunctionNode, AwaitNode[]>();
    /** The `await`s of a function's own code: where it can leave by a rejection. */
    const awaitsOf = (fn: FunctionNode): AwaitNode[] => {
      let found = awaitsByFunction.get(fn);
      if (!found) awaitsByFunction.set(fn, (found = ownAwaits(fn, sourceCode.visitorKeys)));
      return found;
    };

    function checkCreation(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      const owner = enclosingFunction(node);
      if (!owner) {
        checkFieldInitializer(node);
        return;
      }
      if (node.type === 'CallExpression') checkPromisedCreation(node, owner);
      const resource = resourceCreatedBy(node, (call) => keepsResult(call, sourceCode, model!));
      if (resource) track(node, node, resource, owner);
    }

    /**
     * `p.then((n) => new Conn(n))`: the callback's result is what the chain settles to, so the value
     * is the owner's from the call on (and the callback's own `return` hands it to the owner). Seen
     * when the call is entered, where code-path analysis still stands in the owner.
     */
    function checkPromisedCreation(call: TSESTree.CallExpression, owner: FunctionNode): void {
      const result = promiseCallbackResult(call, sourceCode.visitorKeys);
      const created = result && skipTypeWrappers(result.type === 'AwaitExpression' ? result.argument : result);
      if (created?.type !== 'NewExpression' && created?.type !== 'CallExpression') return;
      const resource = resourceCreatedBy(created, () => true);
      if (resource) track(call, created, resource, owner);
    }

    /** Follows the value from `value` in `owner`; reports what is lost for sure, queues the rest for the end of `owner`. */
    function track(value: Creation['value'], node: Creation['node'], resource: ResourceEntry, owner: FunctionNode): void {
      if (isDisposedByUsing(value) || (allow.length > 0 && model!.typeIs(node, allow))) return;
      const combinator = droppingCombinator(value);
      if (combinator) {
        context.report({
          node,
          messageId: 'lostInPromiseAll',
          data: { call: `${sourceCode.getText(calleeOf(node))}(…)`, combinator, first: combinator === 'all' ? 'rejects' : 'settles', leaks: resource.leaks },
        });
        return;
      }
      const ownership = traceOwnership(value, owner, sourceCode, ownershipOracleFor(resource, model!), { closureUsesAreUses: true });
      if (ownership.discarded) {
        if (!returnsItself(value)) reportDiscarded(node, resource, ownership);
        return;
      }
      recorder.recordNow(value);
      for (const handling of ownership.handlings) recorder.watch(handling.anchor);
      if (rejections) recorder.watchRejections(awaitsOf(owner), owner);
      const list = creationsByFunction.get(owner) ?? [];
      list.push({ node, value, resource, ownership });
      creationsByFunction.set(owner, list);
    }

    function checkFunctionEnd(codePath: TSESLint.CodePath, functionNode: TSESTree.Node): void {
      const creations = creationsByFunction.get(functionNode);
      if (!creations) return;
      creationsByFunction.delete(functionNode);
      for (const creation of creations) {
        if (reportKeptWithoutLifecycle(creation.node, creation.resource, creation.ownership)) continue;
        const anchors = creation.ownership.handlings.map((h) => h.anchor);
        // A hand-off placed before the creation (a hoisted function, a loop) cannot be ordered: stay quiet.
        if (anchors.some((anchor) => !recorder.segmentsOf(anchor))) continue;
        // A hand-off in every iteration of a loop after the creation: the path that runs the loop
        // zero times is not evidence of a leak anyone would fix.
        if (creation.ownership.handlings.some((h) => h.kind === 'escape' && inLoopAfter(h.anchor, creation.value))) continue;
        const [exit] = recorder.uncoveredExits(codePath, functionNode, creation.value, anchors);
        const rejected = exit || !rejections ? null : recorder.rejectedExit(codePath, functionNode, creation.value, anchors, awaitsOf(functionNode as FunctionNode), mayReject);
        if (exit ?? rejected) reportUnclosed(creation, (exit ?? rejected)!, functionNode as FunctionNode);
      }
    }

    /** Whether an `await` (or `for await` loop) can reject: the program-wide rejection facts decide for calls. */
    function mayReject(awaited: AwaitNode): boolean {
      if (awaited.type === 'ForOfStatement') return true;
      const operand = model!.tsNodeOf(awaited.argument);
      return !isExpression(operand) || rejectionFactsOf(summariesOf(model!.program)).mayReject(operand);
    }

    /**
     * `Wrapper.create(a).connect()` where the method settles to its receiver (`connect(): Promise<this>`):
     * the value goes on as the call's result, which is not followed. Asked only before a report.
     */
    function returnsItself(value: TSESTree.Node): boolean {
      const position = valuePosition(value);
      const member = position.parent;
      if (member?.type !== 'MemberExpression' || member.object !== position) return false;
      const call = skipParentWrappers(member);
      if (call?.type !== 'CallExpression' || calleeOf(call) !== member) return false;
      const own = model!.typeOf(value);
      const result = model!.typeOf(call);
      if (!own || !result || isOpaque(own)) return false;
      const checker = model!.checker;
      return getAwaitedType(checker, result) === getAwaitedType(checker, own);
    }

    /** Dropped, or only lent to borrowers that cannot close it: nothing can ever close it. */
    function reportDiscarded(node: TSESTree.Node, resource: ResourceEntry, ownership: Ownership): void {
      const [borrower] = ownership.lentTo;
      const { label, leaks } = resource;
      if (borrower) {
        context.report({ node, messageId: 'lentOnly', data: { resource: label, leaks, closeMember: closeMember(resource), borrower: callText(borrower.call) } });
      } else {
        context.report({ node, messageId: 'discarded', data: { resource: label, leaks, closeMember: closeMember(resource) } });
      }
    }

    /**
     * An instance field's initializer runs once per object: `client = createClient(def, createChannel(a))`
     * makes a channel per object that only a borrower holds. Static fields and module scope are
     * process singletons, and what a field keeps is the class's to release (`checkClass`).
     */
    function checkFieldInitializer(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      const field = instanceFieldOf(node);
      if (!field) return;
      const resource = resourceCreatedBy(node, (call) => keepsResult(call, sourceCode, model!));
      if (!resource || (allow.length > 0 && model!.typeIs(node, allow))) return;
      const ownership = traceOwnership(node, sourceCode.ast, sourceCode, ownershipOracleFor(resource, model!));
      if (ownership.discarded && ownership.lentTo.length > 0) reportDiscarded(node, resource, ownership);
      else reportKeptWithoutLifecycle(node, resource, ownership);
    }

    /**
     * With `requireLifecycle`: a value whose only hand-off is to a constructor that keeps it in a
     * private field of a class with no lifecycle method (`new Owner(new Client())`), closed nowhere.
     * Reported where it is made, naming the class and field that keep it.
     */
    function reportKeptWithoutLifecycle(node: TSESTree.Node, resource: ResourceEntry, ownership: Ownership): boolean {
      if (!requireLifecycle || ownership.keptBy.length === 0) return false;
      const kept = new Set(ownership.keptBy.map((k) => k.handling));
      if (!ownership.handlings.every((h) => kept.has(h))) return false; // closed, or handed off elsewhere too
      const [{ call, index }] = ownership.keptBy as [Ownership['keptBy'][number]];
      const tsCall = model!.tsNodeOf(call);
      const keeper = isCallExpression(tsCall) || isNewExpression(tsCall) ? ownershipFactsOf(model!).keeper(tsCall, index) : null;
      if (!keeper) return false;
      context.report({ node, messageId: 'noLifecycle', data: { className: keeper.className, field: keeper.field, resource: resource.label, leaks: resource.leaks } });
      return true;
    }

    /** Whether a borrower's own value leaves `owner` (returned, stored, captured, passed on), through further borrowers. */
    function outlives(borrower: TSESTree.CallExpression | TSESTree.NewExpression, owner: FunctionNode, oracle: OwnershipOracle): boolean {
      const carried: OwnershipOracle = {
        ...WHERE_IT_GOES,
        borrows: (call, index, property) => (oracle.borrows(call, index, property) ? { releases: true } : null),
        parameter: (call, index) => oracle.parameter?.(call, index) ?? 'unknown',
      };
      const ownership = traceOwnership(borrower, owner, sourceCode, carried);
      return ownership.handlings.length > 0 || ownership.lentTo.some((l) => l.carries);
    }

    /** "`connect` (line 142)" for a closure bound to a `const`, else "the closure on line 142". */
    function closureText(fn: FunctionNode): string {
      const declarator = valuePosition(fn).parent;
      const line = fn.loc.start.line;
      return declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' ? `\`${declarator.id.name}\` (line ${line})` : `the closure on line ${line}`;
    }

    function callText(call: TSESTree.CallExpression | TSESTree.NewExpression): string {
      const callee = calleeOf(call);
      const named =
        callee.type === 'Super' ? 'super'
        : callee.type === 'Identifier' ? callee.name
        : callee.type === 'MemberExpression' && (callee.object.type === 'Identifier' || callee.object.type === 'ThisExpression') ? sourceCode.getText(callee)
        : callee.type === 'MemberExpression' ? `….${staticMemberName(callee) ?? 'call'}`
        : 'a call';
      return `${call.type === 'NewExpression' ? 'new ' : ''}${named}(…)`;
    }

    function reportUnclosed({ node, value, resource, ownership }: Creation, exit: Exit, owner: FunctionNode): void {
      // Named by its variable when bound directly; a value reached only through a borrower
      // (`createClient(def, createChannel(addr))`) is named by the call that made it.
      const binding = ownership.variables[0] ? directBinding(value, ownership.variables[0].name) : null;
      const named = binding !== null || (ownership.variables[0] !== undefined && isDefaultOf(value, ownership.variables[0].name));
      const name = named ? ownership.variables[0]!.name : `${sourceCode.getText(calleeOf(node))}(…)`;
      const close = named ? `${name}${memberAccess(resource.close[0]!)}()` : `${closeMember(resource)}()`;
      // Closing in `finally` is wrong where the value is also returned or handed off on another path,
      // or lent to a borrower that outlives the function (a client over the channel, returned).
      const oracle = ownershipOracleFor(resource, model!);
      const escapes = ownership.handlings.some((h) => h.kind === 'escape');
      const outliving = escapes ? undefined : ownership.lentTo.find((l) => l.carries && outlives(l.call, owner, oracle));
      if (outliving && ownership.handlings.length === 0) {
        // Never closed nor handed off, only lent to a borrower the caller receives or a field keeps
        // (`return createClient(def, channel)`): as if written inline, nothing can ever close it.
        context.report({ node, messageId: 'lentOnly', data: { resource: resource.label, leaks: resource.leaks, closeMember: closeMember(resource), borrower: callText(outliving.call) } });
        return;
      }
      const [closure] = ownership.usedByClosures;
      if (closure && ownership.handlings.length === 0 && exit.kind !== 'rejection') {
        // Used later by a closure of its own (a retry that reschedules itself) and closed nowhere.
        context.report({ node, messageId: 'unclosedAfterClosure', data: { name, resource: resource.label, closure: closureText(closure), leaks: resource.leaks, close } });
        return;
      }
      // A `finally` would close it under the closure that still uses it.
      const handedOff = escapes || outliving !== undefined || closure !== undefined;
      // Only where the binding's declared type has the close member (a NestJS proxy bound as the
      // `ClientGrpc` interface has none): a suggestion must not write code that does not compile.
      const fix = binding && !handedOff && declaresMember(binding, resource.close[0]!) ? wrapRestInTryFinally(binding, close, sourceCode, owner) : null;
      const suggest: TSESLint.ReportSuggestionArray<MessageIds> = fix ? [{ messageId: 'closeInFinally', data: { name, close }, fix }] : [];
      if (exit.kind === 'rejection') {
        const data = { name, resource: resource.label, awaited: describeAwait(exit.node as AwaitNode, sourceCode), line: exit.line, leaks: resource.leaks, close };
        context.report({ node, messageId: 'unclosedOnRejection', data, suggest });
      } else {
        context.report({ node, messageId: 'unclosed', data: { name, resource: resource.label, exit: describeExit(exit), leaks: resource.leaks, close }, suggest });
      }
    }

    /**
     * A library resource (`new Client()`, `createChannel()`), a learnt one (`new Wrapper()`, whose
     * class owns and releases a resource) or a factory's (`Wrapper.connect()`, `makeChannel()`).
     * A call is resolved by its callee's symbol, and a factory by the syntax of its returns first;
     * calls to callees of the program only where `worthResolving` says the result can leak.
     */
    function resourceCreatedBy(node: TSESTree.NewExpression | TSESTree.CallExpression, worthResolving: (call: TSESTree.CallExpression) => boolean): ResourceEntry | null {
      // A library factory's name (`createChannel`, `create`) may also be the program's own (`Wrapper.create()`).
      if (node.type === 'CallExpression' && isFactoryName(node.callee, model!)) {
        const library = createdResource(node, model!, TRACKED);
        if (library) return library;
      }
      if (node.type === 'NewExpression') {
        if (constructsGlobal(node, sourceCode)) return null; // `new Map()`, `new Error()`: cheap before costly
        const library = createdResource(node, model!, TRACKED);
        if (library) return library;
      }
      const tsNode = model!.tsNodeOf(node);
      if (!isNewExpression(tsNode) && !isCallExpression(tsNode)) return null;
      if (isCallExpression(tsNode) && keptPosition(node as TSESTree.CallExpression)) {
        const declared = declaredClientFactoryCall(tsNode, model!); // another package's factory, given credentials
        if (declared && TRACKED.has(declared.kind)) return declared;
      }
      if (node.type === 'CallExpression' && !worthResolving(node)) return null;
      return ownershipFactsOf(model!).createdBeyondLibrary(tsNode); // the library's own were judged above
    }

    /** Whether the type of the variable `declaration` binds has a member `name` (`[Symbol.…]` members count as present). */
    function declaresMember(declaration: TSESTree.VariableDeclaration, name: string): boolean {
      const id = declaration.declarations[0]?.id;
      if (!id || name.startsWith('[')) return true;
      const type = model!.typeOf(id);
      return !type || isOpaque(type) || nonNullableHasProperty(model!.checker, type, name);
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
      // A program whose code makes no resource has no class that owns one.
      if (!isClassLike(cls) || !ownershipFactsOf(model!).mayMake()) return;
      // Syntax first: a class with no lifecycle method and no release can only be reported by the option.
      const lifecycleNamed = node.body.body.some((m) => (m.type === 'MethodDefinition' || m.type === 'PropertyDefinition') && isLifecycleMember(m));
      if (!lifecycleNamed && !requireLifecycle && !ownershipFactsOf(model!).mayRelease(cls)) return;
      const facts = ownershipFactsOf(model!).classOwnership(cls);
      const lifecycle = facts.lifecycleMethods[0];
      for (const field of facts.fields) {
        // A lent field's creation is reported where it is made: only a borrower keeps it (`lentOnly`).
        if (field.source !== 'created' || field.releasedBy.length > 0) continue;
        if (field.touchedByLifecycle || field.exposed) continue; // it may be released, or handed out
        if (allow.length > 0 && field.stores.some((store) => storedTypeAllowed(store))) continue;
        const className = facts.name;
        const { label: resource, leaks } = field.resource;
        for (const store of field.stores) {
          if (lifecycle !== undefined) {
            context.report({ loc: locOf(store), messageId: 'fieldNotClosed', data: { className, field: field.name, resource, leaks, lifecycle } });
          } else if (requireLifecycle && isPrivateField(cls, field.name)) {
            context.report({ loc: locOf(store), messageId: 'noLifecycle', data: { className, resource, leaks, field: field.name } });
          }
        }
      }
      for (const { field, store, method, declaration } of overwrites(cls, facts)) {
        if (allow.length > 0 && storedTypeAllowed(store)) continue;
        if (reportOverwrites === 'when-repeated' && !runsAgain(declaration)) continue;
        context.report({
          loc: locOf(store),
          messageId: 'overwritten',
          data: { method, field: field.name, resource: field.resource.label, close: closeMember(field.resource) },
        });
      }
    }

    /**
     * Evidence that a method runs more than once over an object's life: the program shows a loop, a
     * timer, a handler or a retry that runs it, or two places that call it.
     */
    function runsAgain(method: ts.MethodDeclaration): boolean {
      const repeats = programRepeatsOf(model!);
      return repeats.repeatOf(method) !== null || repeats.usesCount(method) >= 2;
    }

    function storedTypeAllowed(store: ts.Node): boolean {
      const value = storedValue(store);
      if (!value) return false;
      return typeMatchesSomeSpecifier(getTypeAtLocation(model!.checker, value), allow, model!.program);
    }

    function locOf(node: ts.Node): TSESTree.SourceLocation {
      const { start, end } = sourceRange(storeTarget(node));
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
 * (`const w = await Wrapper.connect()`), an argument (`new EventClient(cfg, channelFactory(cfg))`,
 * `createClient(def, channelFactory(cfg))`), an element of `Promise.all([…])`, or the receiver of a
 * method call that drops it (`makeClient(addr)[method](req, cb)`; not `.then`/`.catch`/`.finally`,
 * which pass it on), and only when the scope manager places the callee in the program's own sources
 * (`mayHaveSummary`: a function or class of the file, a relative import, `this.f()`) or names a
 * method of the program's classes that may return a creation (`helper.make()`). Statements and
 * returns are not resolved (the cost of resolving every call; a dropped factory result in a
 * statement is not reported).
 */
function keepsResult(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>, model: RpcModel): boolean {
  if (!keptPosition(call)) return false;
  if (mayHaveSummary(calleeOf(call), sourceCode)) return true;
  // `helper.make()` on another object: only where a class of the program declares such a method.
  const tsCall = model.tsNodeOf(call);
  return isCallExpression(tsCall) && ownershipFactsOf(model).mayCallMethodFactory(tsCall);
}

/** Where a call's result can leak: bound, an argument, an element of `Promise.all([…])`, or a method's receiver. */
function keptPosition(call: TSESTree.CallExpression): boolean {
  const position = valuePosition(call);
  const parent = position.parent;
  return (
    parent?.type === 'VariableDeclarator' ||
    parent?.type === 'NewExpression' ||
    parent?.type === 'ArrayExpression' ||
    (parent?.type === 'CallExpression' && parent.callee !== position) ||
    (parent?.type === 'MemberExpression' && parent.object === position && isMethodCallOn(parent))
  );
}

/** `x.m(…)` / `x[m](…)`, but not a promise's `then`/`catch`/`finally`, which hand `x`'s value on. */
function isMethodCallOn(member: TSESTree.MemberExpression): boolean {
  const call = skipParentWrappers(member);
  if (call?.type !== 'CallExpression' || calleeOf(call) !== member) return false;
  const name = staticMemberName(member);
  return name === null || !PROMISE_METHODS.has(name);
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

/** The instance field whose initializer `node` is part of (outside any function), or null. */
function instanceFieldOf(node: TSESTree.Node): TSESTree.PropertyDefinition | null {
  for (let at = node.parent; at; at = at.parent) {
    if (isFunction(at)) return null;
    if (at.type === 'PropertyDefinition') return at.static ? null : at;
  }
  return null;
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

/** `(client = new Client()) => …`, `{ client = new Client() } = options`: the default of the binding `name`. */
function isDefaultOf(node: TSESTree.Node, name: string): boolean {
  const pattern = valuePosition(node).parent;
  return pattern?.type === 'AssignmentPattern' && pattern.left.type === 'Identifier' && pattern.left.name === name;
}

function describeExit(exit: Exit): string {
  switch (exit.kind) {
    case 'return':
      return `the \`return\` on line ${exit.line}`;
    case 'throw':
      return `the \`throw\` on line ${exit.line}`;
    case 'end':
      return `the function's end on line ${exit.line}`;
    case 'rejection': // reported with its own message (`unclosedOnRejection`), which names the `await`
      return `the rejection on line ${exit.line}`;
  }
}

/** `await client.health()` → `` await client.health() ``; long or complex operands are shortened to their callee. */
function describeAwait(awaited: AwaitNode, sourceCode: Readonly<TSESLint.SourceCode>): string {
  if (awaited.type === 'ForOfStatement') return `for await (… of ${shorten(sourceCode.getText(awaited.right))})`;
  const argument = awaited.argument;
  const text = sourceCode.getText(argument);
  if (text.length <= 48 && !text.includes('\n')) return `await ${text}`;
  const call = argument.type === 'CallExpression' || argument.type === 'NewExpression' ? argument : null;
  return call ? `await ${call.type === 'NewExpression' ? 'new ' : ''}${shorten(sourceCode.getText(calleeOf(call)))}(…)` : 'await …';
}

function shorten(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length <= 48 ? line : `${line.slice(0, 45)}…`;
}
