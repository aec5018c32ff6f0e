import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { CLIENT_DEADLINE_SOURCES, METHOD_VALUE_CALLS } from '../../model/deadlines.js';
import type { RpcModel } from '../../model/index.js';
import { specifierNames } from '../../model/type-utils.js';
import { calleeOf, staticMemberName } from '../../syntax/ast.js';
import { mayHaveSummary } from '../flow/local-callees.js';
import { summariesOf, type Summaries, type SummarizedFunction } from '../summaries.js';
import { classOfThis, constructsGlobal, fieldWrites, isGlobalReference, isParameterPropertyAccess, skipTypeWrappers, variableOf } from '../flow/origins.js';
import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isInside, memberName, returnedValues, skipValueWrappers, thisClassOf } from '../../syntax/ts-ast.js';
import { isCallExpression, isClassLike, isConstDeclaration, isConstructorDeclaration, isGetAccessorDeclaration, isIdentifier, isMethodDeclaration, isNewExpression, isParameter, isParameterPropertyDeclaration, isPropertyAccessExpression, isPropertyDeclaration, isVariableDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

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
 * construct a resource or a protobuf-ts generated client, a call of a library client factory or of a
 * function of the program, an import, or a field or getter of a class of the program reached through a
 * chain of fields (`holder.client`, `this.storage.client`; the types decide). Parameters, destructured
 * bindings, globals and results of other objects' methods make it unknown.
 */
function mayBeFollowable(receiver: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): boolean {
  const binding = receiverBinding(receiver, model, sourceCode);
  if (!binding) return originsAreFollowable(receiver, model, sourceCode);
  let byPath = followableByBinding.get(binding.root);
  if (!byPath) followableByBinding.set(binding.root, (byPath = new Map<string, boolean>()));
  let known = byPath.get(binding.path);
  if (known === undefined) byPath.set(binding.path, (known = originsAreFollowable(receiver, model, sourceCode)));
  return known;
}

function originsAreFollowable(receiver: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): boolean {
  const origins = originsOf(receiver, sourceCode, 0);
  return origins !== null && origins.length > 0 && origins.every((origin) => isFollowableOrigin(origin, model, sourceCode));
}

/**
 * Per receiver binding (a variable of the file, or the class whose `this` a chain starts from) and the
 * names read from it: whether `mayBeFollowable`. Every `this.x.m()` of a class and every `x.m()` of one
 * variable asks the same origins: what `originsOf` and `isFollowableOrigin` read of such a receiver is the
 * variable's definitions and writes, or the class's field writes and declarations, never the place of the
 * receiver. Keys are ESTree objects of one parse of a file, so nothing is kept across programs.
 */
const followableByBinding = new WeakMap<object, Map<string, boolean>>();

/**
 * The binding a receiver reads and the names it reads from it (`this.a.b` → its class, `a.b`), when that
 * decides `mayBeFollowable`: a name the file declares, or `this` of a class's own member (the class the
 * scope of `this` and the TypeScript node's agree on), read through plain `.name`s only.
 */
function receiverBinding(receiver: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): { root: object; path: string } | null {
  let at = receiver;
  let path = '';
  for (let depth = 0; at.type === 'MemberExpression'; depth++) {
    if (at.computed || at.property.type !== 'Identifier' || depth > MAX_DEPTH) return null;
    path = `.${at.property.name}${path}`;
    at = at.object;
  }
  if (at.type === 'Identifier') {
    const variable = variableOf(at, sourceCode);
    return variable && variable.defs.length > 0 ? { root: variable, path } : null;
  }
  if (at.type !== 'ThisExpression' || path === '') return null;
  const body = classOfThis(at);
  const cls = body && thisClassOf(model.tsNodeOf(at));
  return cls && model.tsNodeOf(body.parent) === cls ? { root: body, path } : null;
}

function isFollowableOrigin(origin: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): boolean {
  // An import; a parameter of a function called by name whose annotation does not say it holds no client.
  if (origin.type === 'Identifier') return !isParameterOfCalledFunction(origin, sourceCode) || model.mayHoldClient(origin);
  if (origin.type === 'MemberExpression') {
    if (origin.object.type === 'ThisExpression' && isParameterPropertyAccess(origin, sourceCode) && !model.mayHoldClient(origin)) return false;
    return isProgramField(origin, model, sourceCode);
  }
  if (origin.type === 'NewExpression') {
    if (constructsGlobal(origin, sourceCode)) return false;
    const callee = model.tsNodeOf(origin.callee) as ts.Expression;
    return model.mayConstructResource(callee) || model.mayConstructBorrower(callee);
  }
  if (origin.type !== 'CallExpression') return false;
  const callee = calleeOf(origin);
  const name = callee.type === 'Identifier' ? (model.importedNameOf(callee) ?? callee.name) : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return (name !== null && CLIENT_FACTORY_NAMES.has(name)) || mayHaveSummary(callee, sourceCode) || isImportedCall(callee, sourceCode) || callsProgramMethod(origin, model);
}

/**
 * `pool.get(…)`, `this.pools.main.get(…)`: a method that some class of the program declares, called on a
 * name or a chain of fields whose binding declares that class (`Summaries.receiverMethod`: name lookups,
 * no receiver is typed), when that method (and every override of it) may return a client by syntax
 * (`mayReturnClient`). The method's name is looked up in the program's index of names first.
 */
function callsProgramMethod(call: TSESTree.CallExpression, model: RpcModel): boolean {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || !isMemberChain(callee)) return false;
  const summaries = summariesOf(model.program);
  if (!declaresMethodNamed(summaries, callee.property.name)) return false;
  const method = summaries.receiverMethod(model.tsNodeOf(call) as ts.CallExpression);
  const overrides = method && summaries.overridesOf(method);
  return method !== null && overrides !== null && [method, ...overrides].every((fn) => mayReturnClient(fn, model));
}

const methodNamesByProgram = new WeakMap<Summaries, Map<string, boolean>>();

/** Whether a class of the program's sources declares a method named `name`. */
function declaresMethodNamed(summaries: Summaries, name: string): boolean {
  let names = methodNamesByProgram.get(summaries);
  if (!names) methodNamesByProgram.set(summaries, (names = new Map<string, boolean>()));
  let known = names.get(name);
  if (known === undefined) {
    known = summaries.occurrencesOf(name).some((occurrence) => isMethodDeclaration(occurrence.parent) && occurrence.parent.name === occurrence && isClassLike(occurrence.parent.parent));
    names.set(name, known);
  }
  return known;
}

const returnsClientByFunction = new WeakMap<ts.Node, boolean>();

/**
 * Whether every value a function returns may be a client by syntax: a library client factory's call
 * (`factory.create(…)`, `createClient(…)`), a `new` that may construct a resource or a protobuf-ts client,
 * a field of `this`, or a `const` of the function initialised so. Methods that return anything else
 * (`new RetryingCall(…)`, a computed value) are not followed into.
 */
function mayReturnClient(fn: SummarizedFunction, model: RpcModel): boolean {
  let known = returnsClientByFunction.get(fn);
  if (known === undefined) {
    const returned = returnedValues(fn.body);
    known = returned !== null && returned.every((value) => mayBeClientValue(value, fn, model, 0));
    returnsClientByFunction.set(fn, known);
  }
  return known;
}

function mayBeClientValue(value: ts.Expression, fn: SummarizedFunction, model: RpcModel, depth: number): boolean {
  const at = skipValueWrappers(value);
  if (isNewExpression(at)) return model.mayConstructResource(at.expression) || model.mayConstructBorrower(at.expression);
  if (isCallExpression(at)) {
    const callee = skipValueWrappers(at.expression);
    const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : null;
    return name !== null && CLIENT_FACTORY_NAMES.has(name);
  }
  if (isPropertyAccessExpression(at)) return at.expression.kind === SyntaxKind.ThisKeyword;
  if (!isIdentifier(at) || depth > 0) return false;
  const declaration = identifierDeclaration(at, model);
  return declaration !== undefined && isVariableDeclaration(declaration) && isConstDeclaration(declaration) && declaration.initializer !== undefined && isInside(declaration, fn) && mayBeClientValue(declaration.initializer, fn, model, depth + 1);
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
 * `holder.client`, `this.storage.client`, `clients.shared`: a field or getter declared in a class of
 * the program that the holder's declaration names (an annotation, or `new C()`; for a chain, each
 * field's), or a member of a module of the program imported as a namespace. Told by name resolution,
 * without typing the holder.
 */
function isProgramField(member: TSESTree.MemberExpression, model: RpcModel, sourceCode: SourceCode): boolean {
  const name = staticMemberName(member);
  if (name === null) return false;
  if (member.object.type === 'Identifier') {
    const def = variableOf(member.object, sourceCode)?.defs[0];
    if (def?.type === 'ImportBinding') return def.node.type === 'ImportNamespaceSpecifier' && mayHaveSummary(member.object, sourceCode);
  }
  // `configs.client`, `options.transport.client`: a property of what its function's callers pass.
  if (isParameterOfCalledFunction(chainRoot(member), sourceCode)) return true;
  const cls = holderClassOf(member.object, model, 0);
  if (cls === null) return false;
  if (cls.members.some((m) => (isPropertyDeclaration(m) || isGetAccessorDeclaration(m)) && m.name !== undefined && memberName(m.name) === name)) return true;
  // A constructor parameter property (`this.client` of `constructor(private client: C)`), filled by the class's callers.
  const field = fieldDeclarationOf(cls, name);
  return field !== undefined && isParameter(field) && isConstructorDeclaration(field.parent) && field.parent.parent.name !== undefined;
}

/** The name or `this` a member chain starts from (`a` of `a.b.c`). */
function chainRoot(member: TSESTree.MemberExpression): TSESTree.Node {
  let at: TSESTree.Node = member;
  for (let depth = 0; at.type === 'MemberExpression' && depth <= MAX_DEPTH; depth++) at = skipTypeWrappers(at.object);
  return at;
}

/**
 * A parameter (or a name destructured from one) of a function the program calls by name: a function
 * declaration, a `const` bound to a function or arrow, a named class's constructor. What it holds is what
 * the function's callers pass (src/analysis/flow/call-sites.ts decides whether the program shows them all).
 */
function isParameterOfCalledFunction(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type !== 'Identifier') return false;
  const variable = variableOf(node, sourceCode);
  const def = variable?.defs[0];
  if (variable?.defs.length !== 1 || def?.type !== 'Parameter') return false;
  const fn = def.node;
  if (fn.type === 'FunctionDeclaration') return fn.id !== null;
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator') return parent.init === fn && parent.id.type === 'Identifier';
  if (parent?.type !== 'MethodDefinition' || parent.kind !== 'constructor') return false;
  const cls = parent.parent.parent;
  return cls.type === 'ClassDeclaration' ? cls.id !== null : cls.parent?.type === 'VariableDeclarator';
}

/** The class of the program whose instance a holder is: `this`'s class, or the class a binding's or a field's declaration names. */
function holderClassOf(holder: TSESTree.Node, model: RpcModel, depth: number): ts.ClassLikeDeclaration | null {
  const at = skipTypeWrappers(holder);
  if (depth > MAX_DEPTH) return null;
  if (at.type === 'ThisExpression') return thisClassOf(model.tsNodeOf(at));
  if (at.type === 'Identifier') return classNamedBy(identifierDeclaration(model.tsNodeOf(at), model), model);
  if (at.type !== 'MemberExpression' || at.computed) return null;
  const name = staticMemberName(at);
  const cls = name === null ? null : holderClassOf(at.object, model, depth + 1);
  return cls && classNamedBy(fieldDeclarationOf(cls, name!), model);
}

function identifierDeclaration(node: ts.Node, model: RpcModel): ts.Declaration | undefined {
  try {
    return isIdentifier(node) ? getSymbolAtLocation(model.checker, node)?.valueDeclaration : undefined;
  } catch {
    return undefined;
  }
}

/** A class's field `name`: a property, or a constructor parameter property. */
function fieldDeclarationOf(cls: ts.ClassLikeDeclaration, name: string): ts.Declaration | undefined {
  for (const member of cls.members) {
    if (isPropertyDeclaration(member) && memberName(member.name) === name) return member;
    if (isConstructorDeclaration(member)) {
      const parameter = member.parameters.find((p) => isParameterPropertyDeclaration(p, member) && isIdentifier(p.name) && p.name.text === name);
      if (parameter) return parameter;
    }
  }
  return undefined;
}

/** The class of the program that a declaration's annotation or `new` initializer names, or null. */
function classNamedBy(declaration: ts.Declaration | undefined, model: RpcModel): ts.ClassLikeDeclaration | null {
  try {
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

const LOGICAL_ASSIGNMENTS: ReadonlySet<string> = new Set(['??=', '||=']);

/** `this.a`, `a.b`, `this.a.b`: non-computed member accesses down to `this` or a name. */
function isMemberChain(node: TSESTree.Node): boolean {
  let at = skipTypeWrappers(node);
  for (let depth = 0; at.type === 'MemberExpression' && depth <= MAX_DEPTH; depth++) {
    if (at.computed) return false;
    at = skipTypeWrappers(at.object);
    if (at.type === 'ThisExpression' || at.type === 'Identifier') return true;
  }
  return false;
}

/**
 * The values a receiver may hold, by the scope manager: a call or `new`, each branch of `?:`/`??`/`||`,
 * each write of a local binding, each write of a field of `this` in its class (the value a `??=` or `||=`
 * assigns); an import, a field of another object (`holder.client`, `this.storage.client`), a getter or a
 * field its class does not write as itself; none for `undefined` and `null`. Null for anything the file
 * cannot follow (a parameter, a destructured binding).
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
      if (at.name === 'undefined' && isGlobalReference(at, sourceCode)) return [];
      if (isGlobalReference(at, sourceCode)) return null;
      const variable = variableOf(at, sourceCode);
      const def = variable?.defs[0];
      if (def?.type === 'ImportBinding') return def.node.type === 'ImportNamespaceSpecifier' ? null : [at];
      if (isParameterOfCalledFunction(at, sourceCode)) return [at];
      // `const { client } = options`: a property of what the object holds.
      if (variable?.defs.length === 1 && def?.type === 'Variable' && def.node.id.type === 'ObjectPattern' && def.parent.kind === 'const' && def.node.init) return all([def.node.init]);
      if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable' || def.node.id.type !== 'Identifier') return null;
      const writes = variable.references.filter((r) => r.isWrite());
      if (writes.some((w) => !w.writeExpr)) return null;
      return all(writes.map((w) => w.writeExpr!));
    }
    case 'MemberExpression': {
      if (at.computed) return null;
      // A field of another object (`holder.client`, `this.storage.client`): the types decide (`isProgramField`).
      if (at.object.type === 'Identifier' || isMemberChain(at.object)) return [at];
      if (at.object.type !== 'ThisExpression') return null;
      // The writes of the field in its class (other files' writes are the types' business); a getter,
      // or a field the class does not write, is the types' business too.
      const writes = fieldWrites(at, sourceCode);
      // A constructor parameter property: what the class's callers pass (`isProgramField`).
      if (writes === null) return isParameterPropertyAccess(at, sourceCode) ? [at] : null;
      if (writes.length === 0) return [at];
      return all(writes.map((write) => (write.type === 'AssignmentExpression' && LOGICAL_ASSIGNMENTS.has(write.operator) ? write.right : write)));
    }
    case 'AssignmentExpression':
      return at.operator === '=' ? all([at.right]) : null;
    case 'Literal':
      // `null` holds no client (a call on it throws before any RPC).
      return at.raw === 'null' ? [] : null;
    default:
      return null;
  }
}
