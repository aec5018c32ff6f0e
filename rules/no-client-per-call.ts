import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { calleeOf, enclosingFunction, isFunction, propertyKeyName, staticMemberName, valuePosition } from '../src/syntax/ast.js';
import { ConcurrencyAnalysis } from '../src/analysis/concurrency/concurrency.js';
import { classOfThis, constructsGlobal, variableOf } from '../src/analysis/flow/origins.js';
import { PerCallAnalysis, type Repeat, type RepeatKind } from '../src/analysis/concurrency/per-call.js';
import { programRepeatsOf } from '../src/analysis/concurrency/program-repeats.js';
import { isMemoised } from '../src/analysis/flow/memo.js';
import { createRule } from '../src/create-rule.js';
import { connectionCreatedBy, declaredTransportCall, mayCallConnectionFactory } from '../src/model/connections.js';
import { declaredClientFactoryCall } from '../src/model/declared-builders.js';
import { getRpcModel, type RpcModel } from '../src/model/index.js';
import type { ResourceEntry } from '../src/model/resources.js';
import { isSummarizedFunction, summariesOf } from '../src/analysis/summaries.js';
import { connectionFactsOf, ownershipFactsOf } from '../src/analysis/ownership/ownership-oracle.js';
import { isCallExpression, isNewExpression } from '../src/syntax/ts-nodes.js';
import { walk } from '../src/syntax/walk.js';

/*
 * rpc/no-client-per-call (DESIGN §2 item 2, article 002's second lesson): a connection — grpc-js client
 * or channel, nice-grpc channel, connect session manager or HTTP/2 transport — opened where code runs
 * again and again (per loop iteration, timer tick, event, incoming call, retry or reconnect) costs a
 * TCP connection, a TLS handshake and channelz state each time, even when it is closed. Where code
 * repeats is `src/analysis/concurrency/per-call.ts`; what opens a connection, `src/model/connections.ts` and,
 * for classes and factories of the program, the ownership summaries.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
type MessageIds = 'perIteration' | 'perTick' | 'perEvent' | 'perRequest' | 'perRetry' | 'perRpc';

const MESSAGE_OF: Readonly<Record<RepeatKind, MessageIds>> = {
  loop: 'perIteration',
  timer: 'perTick',
  event: 'perEvent',
  handler: 'perRequest',
  retry: 'perRetry',
  rpc: 'perRpc',
};

/** Methods that put a value into a collection: a loop that fills one builds a set of long-lived connections. */
const COLLECT_METHODS: ReadonlySet<string> = new Set(['push', 'unshift', 'set', 'add']);

/** What every repeat costs (RPC-FACTS.md §1.2, §8.0: a shared subchannel pool saves the TCP connection only with equal credentials), closed or not. */
const COST = 'each with new connection state and often a TLS handshake';

export default createRule<[], MessageIds>({
  name: 'no-client-per-call',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow opening a new RPC connection per loop iteration, timer tick, event, request or retry',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    schema: [],
    messages: {
      perIteration: `\`{{call}}\` makes a {{resource}} on every iteration of {{origin}}, ${COST}. {{fix}}.`,
      perTick: `\`{{call}}\` makes a {{resource}} on every tick of {{origin}}, ${COST}. {{fix}}.`,
      perEvent: `\`{{call}}\` makes a {{resource}} each time {{origin}} runs, ${COST}. {{fix}}.`,
      perRequest: `\`{{call}}\` makes a {{resource}} per request to {{origin}}, ${COST}. {{fix}}.`,
      perRpc: `\`{{call}}\` makes a {{resource}} per RPC through {{origin}}, ${COST}. {{fix}}.`,
      perRetry: '`{{call}}` makes a {{resource}} on every retry or reconnect ({{origin}}); a grpc-js channel reconnects by itself. {{fix}}.',
    },
  },
  defaultOptions: [],
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    let analysis: PerCallAnalysis | null = null;
    const perCall = (): PerCallAnalysis => (analysis ??= new PerCallAnalysis(new ConcurrencyAnalysis(model, sourceCode), sourceCode));

    function check(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      if (node.type === 'CallExpression' && node.callee.type === 'Super') return;
      if (!enclosingFunction(node) && !inAnyLoop(node)) return; // module scope runs once (except its loops)
      // Cheap before costly: a call must name a library factory or a possible factory of the program.
      if (node.type === 'CallExpression' && !mayCallConnectionFactory(node, model!) && !mayNameFactory(node, sourceCode)) {
        // `helper.make()`: only a method factory can make it a creation; its summary is asked before anything else.
        if (!methodFactoryAt(node, model!)) return;
      }
      if (node.type === 'NewExpression' && constructsGlobal(node, sourceCode)) return; // `new Map()`, `new Error()`
      // A creation returned to the caller is judged where the caller runs: syntax, before any summary.
      if (isReturned(node, sourceCode)) return;
      // What is created before how and where it runs: most creations open no connection, and telling
      // where code repeats walks the callers of its function.
      const opened = describeCreation(node, model!, sourceCode);
      if (!opened || memoised(node) || inFactory(node)) return;
      const repeat = perCall().repeatOf(node) ?? repeatAcrossFiles(node);
      if (!repeat || (repeat.kind === 'loop' && (isCollected(node, sourceCode) || failoverPerIteration(node, repeat.node, sourceCode))) || perCall().isGuardedOnce(node)) return;
      context.report({
        node,
        messageId: MESSAGE_OF[repeat.kind],
        data: { call: opened.call, resource: opened.resource, origin: repeat.reason, fix: fixFor(opened.address, repeat.kind) },
      });
    }

    /** Created at most once per key or object (`cache.get(k) ?? create(k)`, `this.x ??= create()`, under a lookup). */
    function memoised(node: TSESTree.Node): boolean {
      const fn = enclosingFunction(node);
      return isMemoised(model!.tsNodeOf(node), fn ? model!.tsNodeOf(fn) : model!.tsNodeOf(sourceCode.ast), model!.checker);
    }

    /**
     * Made inside a factory whose result owns it (`return { close: () => channel.close() }`): the
     * factory's calls are the creations, judged where they run.
     */
    function inFactory(node: TSESTree.Node): boolean {
      const fn = enclosingFunction(node);
      const tsFn = fn ? model!.tsNodeOf(fn) : null;
      return tsFn !== null && isSummarizedFunction(tsFn) && ownershipFactsOf(model!).factory(tsFn) !== null;
    }

    /** Where the file does not show a repeat: callers in other files, `new this.cls(…)` of the class (program-wide). */
    function repeatAcrossFiles(node: TSESTree.Node): Repeat | null {
      const found = programRepeatsOf(model!).repeatAt(model!.tsNodeOf(node));
      return found && { kind: found.kind, node, reason: found.reason };
    }

    /** "Keep one per address" when the address varies, else "create it once" (for a retry: keep the client). */
    function fixFor(address: TSESTree.Node | null, kind: RepeatKind): string {
      if (address && !isConstant(address)) {
        const key = shorten(sourceCode.getText(address));
        // A template literal shows its own backticks: `https://${host}`, not ``https://${host}``.
        return `Keep one per address in a \`Map\` keyed by ${key.startsWith('`') ? key : `\`${key}\``}`;
      }
      return kind === 'retry' ? 'Keep one client and open new calls on it' : 'Create it once and reuse it';
    }

    /** A literal, or a module-level `const` bound to one. */
    function isConstant(node: TSESTree.Node): boolean {
      if (node.type === 'Literal') return true;
      if (node.type === 'TemplateLiteral') return node.expressions.every(isConstant);
      if (node.type !== 'Identifier') return false;
      const variable = variableOf(node, sourceCode);
      const def = variable?.defs[0];
      return (
        variable?.defs.length === 1 &&
        def?.type === 'Variable' &&
        def.parent.kind === 'const' &&
        (variable.scope.type === 'module' || variable.scope.type === 'global') &&
        def.node.init !== null &&
        isConstant(def.node.init)
      );
    }

    return { NewExpression: check, CallExpression: check };
  },
});

interface Opened {
  /** The call as the code writes it, for messages: `new EventServiceClient(…)`, `this.open(…)`. */
  readonly call: string;
  /** What it opens: "grpc-js client", "gRPC channel", `` `EventWrapper` ``. */
  readonly resource: string;
  readonly address: TSESTree.Node | null;
}

/**
 * What `node` opens: a library connection, or — seen through the program-wide summaries — an
 * object of a class that creates one of its own (`new Session()` whose constructor dials), or
 * the result of a factory (`makeClient()`, a function that returns a new one).
 */
function describeCreation(node: TSESTree.NewExpression | TSESTree.CallExpression, model: RpcModel, sourceCode: SourceCode): Opened | null {
  const call = `${node.type === 'NewExpression' ? 'new ' : ''}${calleeText(node)}(…)`;
  const connection = connectionCreatedBy(node, model);
  if (connection) return { call, resource: connection.label, address: connection.address };
  const tsNode = model.tsNodeOf(node);
  // A program whose code makes no resource has no class, factory or stored function that opens one:
  // only a library function known by its declaration can (it has no body in the program).
  if (!ownershipFactsOf(model).mayMake()) {
    return isCallExpression(tsNode) && node.type === 'CallExpression' && mayNameFactory(node, sourceCode) ? declaredCreation(tsNode, call, model) : null;
  }
  if (isNewExpression(tsNode)) {
    const cls = summariesOf(model.program).classOf(tsNode);
    const opened = cls ? connectionFactsOf(model).perInstance(cls) : null;
    return opened && { call, resource: opened.label, address: null };
  }
  if (!isCallExpression(tsNode) || node.type !== 'CallExpression') return null;
  const named = mayNameFactory(node, sourceCode);
  const facts = ownershipFactsOf(model);
  // Names before symbols: when no function of the program bound under the call's name returns what
  // could be fresh, the callee is no factory, no method factory and returns no connection; only a
  // stored function or a declared library builder is left, and the callee is resolved only if one answers.
  if (!facts.mayCallFactory(tsNode)) {
    if (!named) return null;
    const stored = connectionFactsOf(model).storedFactory(tsNode);
    const other = stored ? { call, resource: stored.label, address: null } : declaredCreation(tsNode, call, model);
    return other && !summariesOf(model.program).namedCallee(tsNode) ? other : null;
  }
  // Resolved by name (f(), this.f(), Class.f()), the way the ownership facts find factories; else a
  // method factory of the program on another object (`helper.make()`, `this.auth.getStub()`).
  const callee = named ? summariesOf(model.program).namedCallee(tsNode) : null;
  const resource = callee ? facts.factory(callee) : methodFactoryAt(node, model);
  if (resource) return { call, resource: resource.library === 'user' && resource.label.startsWith('object ') ? 'connection' : resource.label, address: null };
  if (!named) return null;
  // A function that returns a new connection with nothing to close: a connect transport it builds.
  const opening = callee ? connectionFactsOf(model).returnedBy(callee) : null;
  if (opening) return { call, resource: opening.label, address: null };
  if (callee) return null;
  // A function-typed property whose every stored value opens one (`this.createClient()`).
  const stored = connectionFactsOf(model).storedFactory(tsNode);
  if (stored) return { call, resource: stored.label, address: null };
  return declaredCreation(tsNode, call, model);
}

/** What a library function known only by its declaration opens: a connect-node transport, or a grpc-js client given credentials. */
function declaredCreation(tsNode: ts.CallExpression, call: string, model: RpcModel): Opened | null {
  const declared = declaredTransportCall(tsNode, model);
  if (declared) {
    const address = declared.address && model.esTreeNodeOf(declared.address);
    return { call, resource: declared.label, address: address ?? null };
  }
  // A library function known only by its declaration that is handed channel credentials and returns a grpc-js client.
  const client = declaredClientFactoryCall(tsNode, model);
  return client && { call, resource: client.label, address: null };
}

/**
 * A call that may be a factory's, told without the checker: its result is used, and its callee is
 * a function of this file or an import (`make()`), a member of an import or of a class of this file
 * (`Wrapper.connect()`, `sdk.make()`), or a method or field of the enclosing class (`this.make()`). Calls on
 * parameters, locals and globals (`callback()`, `list.map()`, `Array.isArray()`) and statements
 * (`log.trace(…)`) are left out: the checker would type every one of them to find no factory.
 */
function mayNameFactory(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  if (valuePosition(call).parent?.type === 'ExpressionStatement') return false;
  const callee = calleeOf(call);
  if (callee.type === 'Identifier') return declaresFactoryCandidate(callee, sourceCode, false);
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  if (callee.object.type === 'ThisExpression') {
    // A method of the class, or a function-typed field (`this.createClient()`).
    const name = staticMemberName(callee) ?? (callee.property.type === 'PrivateIdentifier' ? callee.property.name : null);
    const body = classOfThis(callee);
    return (
      name !== null &&
      body !== null &&
      body.body.some((m) => (m.type === 'MethodDefinition' && !m.static && propertyKeyName(m) === name) || (m.type === 'PropertyDefinition' && !m.static && memberKeyName(m) === name))
    );
  }
  return callee.object.type === 'Identifier' && declaresFactoryCandidate(callee.object, sourceCode, true);
}

/** What a call whose result is used makes when it calls a method factory of the program on another object (`helper.make()`). */
function methodFactoryAt(call: TSESTree.CallExpression, model: RpcModel): ResourceEntry | null {
  if (valuePosition(call).parent?.type === 'ExpressionStatement') return null;
  const tsCall = model.tsNodeOf(call);
  const facts = ownershipFactsOf(model);
  return isCallExpression(tsCall) && facts.mayCallMethodFactory(tsCall) ? facts.methodFactory(tsCall) : null;
}

function memberKeyName(member: TSESTree.PropertyDefinition): string | null {
  return member.key.type === 'PrivateIdentifier' ? member.key.name : propertyKeyName(member);
}

/** `id` is an import, a function of this file, or (as the object of a member call) a class of this file. */
function declaresFactoryCandidate(id: TSESTree.Identifier, sourceCode: SourceCode, asObject: boolean): boolean {
  const def = variableOf(id, sourceCode)?.defs[0];
  if (!def) return false;
  if (def.type === 'ImportBinding') return true;
  if (asObject) return def.type === 'ClassName';
  if (def.type === 'FunctionName') return true;
  return def.type === 'Variable' && (def.node.init?.type === 'ArrowFunctionExpression' || def.node.init?.type === 'FunctionExpression');
}

function calleeText(node: TSESTree.NewExpression | TSESTree.CallExpression): string {
  const callee = calleeOf(node);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') {
    const name = staticMemberName(callee);
    const object = callee.object.type === 'Identifier' ? `${callee.object.name}.` : callee.object.type === 'ThisExpression' ? 'this.' : thisFieldText(callee.object) ?? '….';
    return name === null ? 'it' : `${object}${name}`;
  }
  return 'it';
}

/** `this.opener.` for the receiver `this.opener` of a method factory's call, else null. */
function thisFieldText(object: TSESTree.Expression): string | null {
  if (object.type !== 'MemberExpression' || object.object.type !== 'ThisExpression') return null;
  const name = object.property.type === 'PrivateIdentifier' ? `#${object.property.name}` : staticMemberName(object);
  return name === null ? null : `this.${name}.`;
}

/** The first line of `text`, at most 40 characters. */
function shorten(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length <= 40 ? line : `${line.slice(0, 39)}…`;
}

function inAnyLoop(node: TSESTree.Node): boolean {
  for (let at = node.parent; at; at = at.parent) if (isLoop(at)) return true;
  return false;
}

function isLoop(node: TSESTree.Node): boolean {
  return node.type === 'ForStatement' || node.type === 'ForInStatement' || node.type === 'ForOfStatement' || node.type === 'WhileStatement' || node.type === 'DoWhileStatement';
}

/** Returned to the caller (a factory): the caller's call is the creation, judged where it runs. */
function isReturned(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const position = valuePosition(node);
  const parent = position.parent;
  if (parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === position)) return true;
  return boundUses(position, sourceCode).some((use) => {
    const at = valuePosition(use);
    return at.parent?.type === 'ReturnStatement' || (at.parent?.type === 'ArrowFunctionExpression' && at.parent.body === at);
  });
}

/**
 * Put into a collection (`list.push(c)`, `byAddress.set(a, c)`, `table[a] = c`), itself or inside an
 * object made around it (`byAddress.set(a, new Server(a, c))`): a loop that builds a set of long-lived
 * connections.
 */
function isCollected(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const position = valuePosition(node);
  return [position, ...boundUses(position, sourceCode)].some((value) => {
    let at = valuePosition(value);
    if (at.parent?.type === 'NewExpression' && at.parent.arguments.includes(at as TSESTree.CallExpressionArgument)) at = valuePosition(at.parent);
    const parent = at.parent;
    if (parent?.type === 'CallExpression' && parent.arguments.includes(at as TSESTree.CallExpressionArgument) && parent.callee.type === 'MemberExpression') {
      return COLLECT_METHODS.has(staticMemberName(parent.callee) ?? '');
    }
    return parent?.type === 'AssignmentExpression' && parent.right === at && parent.left.type === 'MemberExpression' && parent.left.computed;
  });
}

/**
 * A failover over distinct endpoints: the creation's first argument (the address, or the options that
 * carry it) reads a variable the loop declares, directly or through a `const` of the loop's body, and the
 * loop stops at the first that answers (a `return` or `break` after the creation):
 * `for (const address of seeds) { try { const c = new Client(address, …); return await ask(c); } catch {} }`.
 * Each endpoint is tried once; one client cannot replace them.
 */
function failoverPerIteration(node: TSESTree.NewExpression | TSESTree.CallExpression, loop: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (loop.type !== 'ForOfStatement' && loop.type !== 'ForInStatement' && loop.type !== 'ForStatement') return false;
  const declaration = loop.type === 'ForStatement' ? loop.init : loop.left;
  const target = node.arguments[0];
  if (declaration?.type !== 'VariableDeclaration' || !target || target.type === 'SpreadElement') return false;
  if (!stopsAfter(loop.body, node, sourceCode)) return false;
  const perIteration = new Set<unknown>(sourceCode.getDeclaredVariables(declaration));
  const reads = (expression: TSESTree.Node, depth: number): boolean => {
    let found = false;
    walk(expression, sourceCode.visitorKeys, (inner) => {
      if (found || inner.type !== 'Identifier') return;
      const variable = variableOf(inner, sourceCode);
      if (!variable) return;
      if (perIteration.has(variable)) found = true;
      const def = variable.defs[0];
      // `const url = `${host}:443`` inside the loop's body.
      if (!found && depth < 2 && variable.defs.length === 1 && def?.type === 'Variable' && def.parent.kind === 'const' && def.node.init && isWithin(def.node, loop)) {
        found = reads(def.node.init, depth + 1);
      }
    });
    return found;
  };
  return reads(target, 0);
}

/** A `return`, or a `break` of this loop, after `node` in the loop's body (not in a nested function, loop or `switch`). */
function stopsAfter(body: TSESTree.Node, node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let found = false;
  walk(body, sourceCode.visitorKeys, (inner) => {
    if (found) return false;
    if (isFunction(inner)) return false;
    if (inner.range[1] <= node.range[0]) return;
    if (inner.type === 'ReturnStatement' || (inner.type === 'BreakStatement' && inner.label === null && !insideBreakable(inner, body))) found = true;
  });
  return found;
}

/** A `break` that leaves a loop or `switch` nested in `body`, not the loop of `body`. */
function insideBreakable(statement: TSESTree.Node, body: TSESTree.Node): boolean {
  for (let at = statement.parent; at && at !== body; at = at.parent) {
    if (at.type === 'SwitchStatement' || isLoop(at)) return true;
  }
  return false;
}

function isWithin(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

/** The reads of the `const`/`let` that `position` initialises (`const c = <position>`), or none. */
function boundUses(position: TSESTree.Node, sourceCode: SourceCode): TSESTree.Node[] {
  const declarator = position.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== position || declarator.id.type !== 'Identifier') return [];
  const variable = variableOf(declarator.id, sourceCode);
  return (variable?.references ?? []).filter((r) => r.isRead()).map((r) => r.identifier as TSESTree.Node);
}

