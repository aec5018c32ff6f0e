import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { CLIENT_DEADLINE_SOURCES, METHOD_VALUE_CALLS } from '../../model/deadlines.js';
import type { RpcModel } from '../../model/index.js';
import { specifierNames } from '../../model/type-utils.js';
import { calleeOf, staticMemberName } from '../../syntax/ast.js';
import { mayHaveSummary } from '../flow/local-callees.js';
import { constructsGlobal, isGlobalReference, originValues, skipTypeWrappers, variableOf } from '../flow/origins.js';
import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isClassLike, isIdentifier, isNewExpression, isParameter, isPropertyDeclaration, isVariableDeclaration } from '../../syntax/ts-nodes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/*
 * Which receivers of method calls can be followed to where their values are made, for rules that report
 * only there (`rpc/require-deadline`). Every member call of a file is asked, so syntax decides, with the
 * scope manager and name lookups. No type of the receiver is asked: what its origins make says what it
 * is (src/analysis/options/deadline-sources.ts).
 */

/**
 * The receiver of a method call when the values it may hold can be followed to where they are made
 * (`mayBeFollowable`), else null. Syntax and name lookups only: no type is asked here.
 */
export function followableReceiverOf(call: TSESTree.CallExpression, model: RpcModel, sourceCode: SourceCode): TSESTree.Node | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression' || staticMemberName(callee) === null) return null;
  const receiver = skipTypeWrappers(callee.object);
  return mayBeFollowable(receiver, model, sourceCode) ? receiver : null;
}

/** A call of a client method taken as a value: the method (whose type says what it starts) and the client it runs on. */
export interface MethodValueCall {
  readonly method: TSESTree.Node;
  readonly receiver: TSESTree.Node;
  /** The index of the call's argument that the method gets first (`1` past the `this` of `fn.call(client, …)`). */
  readonly firstArgument: number;
}

/**
 * A call through a client method taken as a value, given its client by `bind` or `call`:
 * `method.call(client, …)`, `promisify(method).call(client, …)`, `f(…)` with
 * `const f = promisify(client.m).bind(client)`, `promisify(client.m.bind(client))` or `client.m.bind(client)`,
 * where the client can be followed (`mayBeFollowable`). Syntax only: the method's type decides the rest.
 */
export function methodValueCallOf(call: TSESTree.CallExpression, model: RpcModel, sourceCode: SourceCode): MethodValueCall | null {
  const callee = calleeOf(call);
  let found: { method: TSESTree.Node; receiver: TSESTree.Node | null } | null = null;
  const viaCall = callee.type === 'MemberExpression' && staticMemberName(callee) === METHOD_VALUE_CALLS.call;
  if (viaCall) {
    const thisArg = call.arguments[0];
    const bound = thisArg && thisArg.type !== 'SpreadElement' ? boundMethodOf(callee.object, model, sourceCode, 0) : null;
    found = bound && { method: bound.method, receiver: bound.receiver ?? thisArg! };
  } else if ((callee.type === 'Identifier' || callee.type === 'CallExpression') && mayBindMethods(sourceCode)) {
    found = boundMethodOf(callee, model, sourceCode, 0);
  }
  if (!found?.receiver) return null;
  const receiver = skipTypeWrappers(found.receiver);
  return mayBeFollowable(receiver, model, sourceCode) ? { method: found.method, receiver, firstArgument: viaCall ? 1 : 0 } : null;
}

const bindingFiles = new WeakMap<SourceCode, boolean>();

/** Whether a file's text binds or promisifies anything: calls of plain functions are looked up only then. */
function mayBindMethods(sourceCode: SourceCode): boolean {
  let found = bindingFiles.get(sourceCode);
  if (found === undefined) {
    const text = sourceCode.text;
    found = text.includes(`.${METHOD_VALUE_CALLS.bind}(`) || METHOD_VALUE_CALLS.promisify.some((name) => text.includes(`${name}(`));
    bindingFiles.set(sourceCode, found);
  }
  return found;
}

/**
 * A function value followed to the method it calls: a member (`client.getUser`) or a parameter, through
 * `promisify(…)`, `.bind(client)` (the first `bind` gives the client) and `const` bindings of the file.
 */
function boundMethodOf(node: TSESTree.Node, model: RpcModel, sourceCode: SourceCode, depth: number): { method: TSESTree.Node; receiver: TSESTree.Node | null } | null {
  const at = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return null;
  if (at.type === 'MemberExpression') return staticMemberName(at) === null ? null : { method: at, receiver: null };
  if (at.type === 'Identifier') {
    const variable = variableOf(at, sourceCode);
    const def = variable?.defs[0];
    if (variable?.defs.length !== 1) return null;
    if (def?.type === 'Parameter') return { method: at, receiver: null };
    if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init || def.parent.kind !== 'const') return null;
    return boundMethodOf(def.node.init, model, sourceCode, depth + 1);
  }
  if (at.type !== 'CallExpression' || at.arguments.length === 0 || at.arguments[0]!.type === 'SpreadElement') return null;
  const callee = calleeOf(at);
  if (callee.type === 'MemberExpression' && staticMemberName(callee) === METHOD_VALUE_CALLS.bind) {
    const inner = boundMethodOf(callee.object, model, sourceCode, depth + 1);
    return inner && { method: inner.method, receiver: inner.receiver ?? at.arguments[0]! };
  }
  const name = callee.type === 'Identifier' ? (model.importedNameOf(callee) ?? callee.name) : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return name !== null && METHOD_VALUE_CALLS.promisify.includes(name) && at.arguments.length === 1 ? boundMethodOf(at.arguments[0]!, model, sourceCode, depth + 1) : null;
}

/** How many bindings a receiver is followed through by syntax. */
const MAX_DEPTH = 4;

/**
 * Syntax only, and in step with what `DeadlineSources` can follow (a value it cannot follow makes the
 * call's client unknown, which is never reported): every value the receiver may hold is a `new` that may
 * construct a resource, a call of a library client factory or of a function of the program, an import
 * or a field of a named object (which the types decide). Parameters, destructured bindings, globals and
 * results of other objects' methods make it unknown.
 */
function mayBeFollowable(receiver: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): boolean {
  const origins = originsOf(receiver, sourceCode, 0);
  return origins !== null && origins.length > 0 && origins.every((origin) => isFollowableOrigin(origin, model, sourceCode));
}

function isFollowableOrigin(origin: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): boolean {
  if (origin.type === 'Identifier') return true; // an import
  if (origin.type === 'MemberExpression') return isProgramField(origin, model, sourceCode);
  if (origin.type === 'NewExpression') return !constructsGlobal(origin, sourceCode) && model.mayConstructResource(model.tsNodeOf(origin.callee) as ts.Expression);
  if (origin.type !== 'CallExpression') return false;
  const callee = calleeOf(origin);
  const name = callee.type === 'Identifier' ? (model.importedNameOf(callee) ?? callee.name) : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return (name !== null && CLIENT_FACTORY_NAMES.has(name)) || mayHaveSummary(callee, sourceCode) || isImportedCall(callee, sourceCode);
}

/**
 * A call of an imported function, or of what one returns (`clientFor(service)(transport)`): a library's
 * declared client or transport builder (src/model/declared-builders.ts), which the types decide.
 */
function isImportedCall(callee: TSESTree.Node, sourceCode: SourceCode): boolean {
  const inner = callee.type === 'CallExpression' ? calleeOf(callee) : callee;
  return inner.type === 'Identifier' && variableOf(inner, sourceCode)?.defs[0]?.type === 'ImportBinding';
}

/**
 * `holder.client`, `clients.shared`: a field declared in a class of the program that the object's
 * declaration names (an annotation, or `new C()`), or a member of a module of the program imported as a
 * namespace. Told by name resolution, without typing the object.
 */
function isProgramField(member: TSESTree.MemberExpression, model: RpcModel, sourceCode: SourceCode): boolean {
  const name = staticMemberName(member);
  if (name === null || member.object.type !== 'Identifier') return false;
  const def = variableOf(member.object, sourceCode)?.defs[0];
  if (def?.type === 'ImportBinding') return def.node.type === 'ImportNamespaceSpecifier' && mayHaveSummary(member.object, sourceCode);
  const cls = declaredClassOf(model.tsNodeOf(member.object), model);
  return cls !== null && cls.members.some((m) => isPropertyDeclaration(m) && m.name !== undefined && isIdentifier(m.name) && m.name.text === name);
}

/** The class of the program that a binding's annotation or `new` initializer names, or null. */
function declaredClassOf(node: ts.Node, model: RpcModel): ts.ClassLikeDeclaration | null {
  try {
    const declaration = isIdentifier(node) ? getSymbolAtLocation(model.checker, node)?.valueDeclaration : undefined;
    if (!declaration || !(isParameter(declaration) || isVariableDeclaration(declaration) || isPropertyDeclaration(declaration))) return null;
    const named = declaration.type
      ? model.declaredByName(declaration.type)?.declaration
      : declaration.initializer && isNewExpression(declaration.initializer)
        ? classOfSymbol(getSymbolAtLocation(model.checker, declaration.initializer.expression), model)
        : null;
    return named && isClassLike(named) && !named.getSourceFile().isDeclarationFile ? named : null;
  } catch {
    return null;
  }
}

function classOfSymbol(symbol: ts.Symbol | undefined, model: RpcModel): ts.ClassLikeDeclaration | null {
  const target = resolveAlias(model.checker, symbol);
  const declaration = target?.valueDeclaration;
  return declaration && isClassLike(declaration) ? declaration : null;
}

const { nice: NICE, connect: CONNECT } = CLIENT_DEADLINE_SOURCES;
/** Library calls that make a client (`createClient`, a nice-grpc factory's `create`). */
const CLIENT_FACTORY_NAMES: ReadonlySet<string> = new Set([...specifierNames(NICE.createClient), ...specifierNames(CONNECT.createClient), NICE.createMethod]);

/**
 * The values a receiver may hold, by the scope manager: a call or `new`, each branch of `?:`/`??`/`||`,
 * each write of a local binding, each write of a field of `this` in its class; an import or a field of a
 * named object as itself. Null for anything the file cannot follow (a parameter, a destructured binding).
 */
function originsOf(node: TSESTree.Node, sourceCode: SourceCode, depth: number): TSESTree.Node[] | null {
  let at = skipTypeWrappers(node);
  while (at.type === 'AwaitExpression') at = skipTypeWrappers(at.argument);
  if (depth > MAX_DEPTH) return null;
  const all = (nodes: readonly TSESTree.Node[]): TSESTree.Node[] | null => {
    const found: TSESTree.Node[] = [];
    for (const value of nodes) {
      const origins = originsOf(value, sourceCode, depth + 1);
      if (!origins) return null;
      found.push(...origins);
    }
    return found;
  };
  switch (at.type) {
    case 'NewExpression':
    case 'CallExpression':
      return [at];
    case 'ConditionalExpression':
      return all([at.consequent, at.alternate]);
    case 'LogicalExpression':
      return all([at.left, at.right]);
    case 'Identifier': {
      if (isGlobalReference(at, sourceCode)) return null;
      const variable = variableOf(at, sourceCode);
      const def = variable?.defs[0];
      if (def?.type === 'ImportBinding') return def.node.type === 'ImportNamespaceSpecifier' ? null : [at];
      if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable' || def.node.id.type !== 'Identifier') return null;
      const writes = variable.references.filter((r) => r.isWrite());
      if (writes.some((w) => !w.writeExpr)) return null;
      return all(writes.map((w) => w.writeExpr!));
    }
    case 'MemberExpression': {
      if (at.computed) return null;
      if (at.object.type === 'Identifier') return [at];
      if (at.object.type !== 'ThisExpression') return null;
      // The writes of the field in its class (other files' writes are the types' business).
      const values = originValues(at, sourceCode);
      return values && values.length > 0 ? values : null;
    }
    default:
      return null;
  }
}
