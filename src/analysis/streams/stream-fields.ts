import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { STREAM_WRAPPERS } from '../../model/streams.js';
import { calleeOf, isFunction, staticMemberName, valuePosition } from '../../syntax/ast.js';
import { walk } from '../../syntax/walk.js';
import { fieldName, memberKeyName, skipTypeWrappers, variableOf } from '../flow/origins.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * The fields of one class that hold values it creates, and what its methods do to them, by syntax
 * only (the rule asks the model which of the created values are streaming calls). A field is named
 * by its key: `call`, `#call`, `[kStream]` (a computed key that is an identifier).
 *
 * A method's own code is its body without nested functions: a callback runs at some other time
 * (an `'end'` listener that starts a new call replaces a call that has ended), so nothing in it
 * counts as the method's.
 */

/** `this.x = value` in a method's own code, and the fields whose values decide whether it runs. */
export interface FieldWrite {
  readonly key: string;
  readonly node: TSESTree.AssignmentExpression;
  /** The assigned value (`=` only; null for `??=` and other operators). */
  readonly value: TSESTree.Expression | null;
  /** Fields tested on the way: an enclosing `if`/`?:`/`&&` test, an earlier `if (…) return`, `??=`. */
  readonly guards: ReadonlySet<string>;
}

/** `this.m(…)` in a method's own code. */
interface ThisCall {
  readonly name: string;
  readonly node: TSESTree.CallExpression;
  readonly guards: ReadonlySet<string>;
}

/** A reference to a field at a source position. */
interface FieldUse {
  readonly key: string;
  readonly at: number;
}

export interface MethodFacts {
  readonly method: TSESTree.MethodDefinition;
  readonly writes: readonly FieldWrite[];
  readonly calls: readonly ThisCall[];
  /** `this.x.cancel()` / `this.x?.abort()`: a cancelling member called on the field. */
  readonly cancels: readonly FieldUse[];
  /** The field's value passed on: an argument, returned, yielded, assigned or put into a literal. */
  readonly handOffs: readonly FieldUse[];
}

export interface ClassFields {
  readonly classBody: TSESTree.ClassBody;
  /** Instance methods by name (accessors and the constructor excluded); a name declared twice is dropped. */
  readonly methods: ReadonlyMap<string, MethodFacts>;
  /** Every instance method, also those with a computed name (`[Symbol.asyncIterator]`). */
  readonly everyMethod: readonly MethodFacts[];
  readonly constructorFacts: MethodFacts | null;
  /** Field initialisers by key. */
  readonly initializers: ReadonlyMap<string, TSESTree.Expression>;
  readonly sourceCode: SourceCode;
}

/** A place where a method, itself or through the methods it calls, gives a field a new value. */
export interface Replacement {
  readonly key: string;
  /** The assignment, or the call of the method of the class that makes it. */
  readonly node: TSESTree.AssignmentExpression | TSESTree.CallExpression;
  /** The assigned value. */
  readonly value: TSESTree.Expression;
}

const MAX_DEPTH = 4;
const indexes = new WeakMap<TSESTree.ClassBody, ClassFields>();

/** `this.x`, `this.#x`, `this['x']`, `this[kStream]` (a module constant) → the field's key; null for anything else. */
export function thisFieldKey(node: TSESTree.Node, sourceCode: SourceCode): string | null {
  let at = skipTypeWrappers(node);
  if (at.type === 'ChainExpression') at = at.expression;
  if (at.type !== 'MemberExpression' || at.object.type !== 'ThisExpression') return null;
  if (at.property.type === 'PrivateIdentifier') return `#${at.property.name}`;
  return fieldName(at, sourceCode);
}

export function classFieldsOf(classBody: TSESTree.ClassBody, sourceCode: SourceCode): ClassFields {
  const cached = indexes.get(classBody);
  if (cached) return cached;
  const methods = new Map<string, MethodFacts>();
  const everyMethod: MethodFacts[] = [];
  const duplicates = new Set<string>();
  const initializers = new Map<string, TSESTree.Expression>();
  let constructorFacts: MethodFacts | null = null;
  for (const element of classBody.body) {
    if (element.type === 'PropertyDefinition' && !element.static && element.value) {
      const key = declaredKey(element, sourceCode);
      if (key !== null) initializers.set(key, element.value);
    }
    if (element.type !== 'MethodDefinition' || element.static || !element.value.body) continue;
    if (element.kind === 'constructor') {
      constructorFacts = methodFacts(element, sourceCode);
      continue;
    }
    if (element.kind !== 'method') continue;
    const facts = methodFacts(element, sourceCode);
    everyMethod.push(facts);
    const name = declaredKey(element, sourceCode);
    if (name === null) continue;
    if (methods.has(name)) duplicates.add(name);
    methods.set(name, facts);
  }
  for (const name of duplicates) methods.delete(name);
  const index = { classBody, methods, everyMethod, constructorFacts, initializers, sourceCode };
  indexes.set(classBody, index);
  return index;
}

/**
 * Whether only the class can reach the field: declared `private`, `#x`, or keyed by a symbol of the
 * module that the module does not export (`[kStream]` with `const kStream = Symbol()`).
 */
export function isPrivateField(fields: ClassFields, key: string, sourceCode: SourceCode): boolean {
  if (key.startsWith('#')) return true;
  const declaration = fields.classBody.body.find((e): e is TSESTree.PropertyDefinition => e.type === 'PropertyDefinition' && !e.static && declaredKey(e, sourceCode) === key);
  if (!declaration) return false;
  if (declaration.accessibility === 'private') return true;
  if (!declaration.computed || declaration.key.type !== 'Identifier') return false;
  const variable = variableOf(declaration.key, sourceCode);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable' || def.parent.kind !== 'const') return false;
  if (def.parent.parent.type !== 'Program') return false; // `export const kStream = …` sits in an export declaration
  return !variable.references.some((r) => r.identifier.parent.type === 'ExportSpecifier');
}

/** Whether any method of the class (the constructor too) cancels the field or passes its value on. */
export function releasedAnywhere(fields: ClassFields, key: string): boolean {
  return allFacts(fields).some((facts) => facts.cancels.some((c) => c.key === key)) || handedOffAnywhere(fields, key);
}

/** Whether any method of the class passes the field's value on (or an accessor names it): others may hold the call. */
export function handedOffAnywhere(fields: ClassFields, key: string): boolean {
  return allFacts(fields).some((facts) => facts.handOffs.some((h) => h.key === key)) || accessorsUse(fields, key);
}

function allFacts(fields: ClassFields): MethodFacts[] {
  return [...fields.everyMethod, ...(fields.constructorFacts ? [fields.constructorFacts] : [])];
}

/** A getter or setter that names the field: it may hand the value out or cancel it. */
function accessorsUse(fields: ClassFields, key: string): boolean {
  return fields.classBody.body.some((e) => e.type === 'MethodDefinition' && (e.kind === 'get' || e.kind === 'set') && mentions(e.value, key, fields.sourceCode));
}

function mentions(root: TSESTree.Node, key: string, sourceCode: SourceCode): boolean {
  let found = false;
  walk(root, sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === 'MemberExpression' && thisFieldKey(node, sourceCode) === key) found = true;
  });
  return found;
}

/**
 * The values the field may hold when the constructor is done: its initialiser, and what the
 * constructor assigns, itself or through the methods it calls (whatever guards them).
 */
export function constructorValues(fields: ClassFields, key: string): TSESTree.Expression[] {
  const values: TSESTree.Expression[] = [];
  const initializer = fields.initializers.get(key);
  if (initializer) values.push(initializer);
  if (fields.constructorFacts) for (const write of reachableWrites(fields, fields.constructorFacts)) if (write.key === key && write.value) values.push(write.value);
  return values;
}

/**
 * Where a method other than the constructor gives `key` a new value, itself or through the methods
 * it calls, unguarded: an assignment the method makes under no test of a field, or a call of a
 * method whose assignment is guarded only by flags the calling method writes first (`this.ready =
 * false; this.init()`). An assignment guarded by a test of the field itself (`if (!this.call)`,
 * `??=`) starts a call only when there is none.
 */
export function replacementsIn(fields: ClassFields, facts: MethodFacts, key: string): Replacement[] {
  const found: Replacement[] = [];
  for (const write of facts.writes) {
    if (write.key === key && write.value && write.guards.size === 0) found.push({ key, node: write.node, value: write.value });
  }
  for (const call of facts.calls) {
    if (call.guards.size > 0) continue;
    const callee = fields.methods.get(call.name);
    if (!callee || callee === facts) continue;
    for (const write of reachableWrites(fields, callee)) {
      if (write.key !== key || !write.value || write.guards.has(key)) continue;
      const resetFirst = [...write.guards].every((guard) => facts.writes.some((w) => w.key === guard && w.node.range[1] <= call.node.range[0]));
      if (resetFirst) found.push({ key, node: call.node, value: write.value });
    }
  }
  return found;
}

/**
 * Whether the method cancels the field or passes it on before `before` (a source position), itself
 * or in a method of the class it calls there; for a call that makes the replacement, also inside
 * the methods on the way (`this.call?.cancel(); this.call = …` in the helper).
 */
export function releasedBefore(fields: ClassFields, facts: MethodFacts, key: string, replacement: Replacement): boolean {
  const before = replacement.node.range[0];
  if (releasesOwn(facts, key, before)) return true;
  if (facts.calls.some((call) => call.node.range[1] <= before && releasesThrough(fields, call.name, key, 1, new Set([facts])))) return true;
  if (replacement.node.type !== 'CallExpression') return false;
  const callee = fields.methods.get(thisCallName(replacement.node) ?? '');
  return callee !== undefined && releasesThrough(fields, callee, key, 1, new Set([facts]));
}

/** The instance methods whose callers are outside the class: not `private`/`protected`/`#x`. */
export function isPublicMethod(facts: MethodFacts): boolean {
  const method = facts.method;
  return method.accessibility !== 'private' && method.accessibility !== 'protected' && method.key.type !== 'PrivateIdentifier';
}

function releasesOwn(facts: MethodFacts, key: string, before: number): boolean {
  return facts.cancels.some((c) => c.key === key && c.at < before) || facts.handOffs.some((h) => h.key === key && h.at < before);
}

function releasesThrough(fields: ClassFields, method: string | MethodFacts, key: string, depth: number, seen: Set<MethodFacts>): boolean {
  const facts = typeof method === 'string' ? fields.methods.get(method) : method;
  if (!facts || seen.has(facts) || depth > MAX_DEPTH) return false;
  seen.add(facts);
  return releasesOwn(facts, key, Infinity) || facts.calls.some((call) => releasesThrough(fields, call.name, key, depth + 1, seen));
}

const reachable = new WeakMap<MethodFacts, readonly FieldWrite[]>();

/**
 * The field assignments a method makes itself or through the methods of the class it calls
 * (`MAX_DEPTH` deep), with every guard on the way; computed once per method.
 */
function reachableWrites(fields: ClassFields, facts: MethodFacts): readonly FieldWrite[] {
  let writes = reachable.get(facts);
  if (!writes) reachable.set(facts, (writes = collectWrites(fields, facts, 0, new Set())));
  return writes;
}

function collectWrites(fields: ClassFields, facts: MethodFacts, depth: number, seen: Set<MethodFacts>): FieldWrite[] {
  if (seen.has(facts) || depth > MAX_DEPTH) return [];
  seen.add(facts);
  const writes = [...facts.writes];
  for (const call of facts.calls) {
    const callee = fields.methods.get(call.name);
    if (!callee) continue;
    for (const write of collectWrites(fields, callee, depth + 1, seen)) {
      writes.push(call.guards.size === 0 ? write : { ...write, guards: new Set([...write.guards, ...call.guards]) });
    }
  }
  return writes;
}

function methodFacts(method: TSESTree.MethodDefinition, sourceCode: SourceCode): MethodFacts {
  const writes: FieldWrite[] = [];
  const calls: ThisCall[] = [];
  const cancels: FieldUse[] = [];
  const handOffs: FieldUse[] = [];
  const body = method.value.body!;
  walk(body, sourceCode.visitorKeys, (node) => {
    if (isFunction(node) || node.type === 'ClassBody') return false;
    if (node.type === 'AssignmentExpression') {
      const key = thisFieldKey(node.left, sourceCode);
      if (key !== null) {
        // `??=`, `||=`: only when the field is empty.
        const guards = lazyGuards(node, body, sourceCode, node.operator === '=' ? null : key);
        writes.push({ key, node, value: node.operator === '=' ? node.right : null, get guards() { return guards(); } });
      }
    } else if (node.type === 'CallExpression') {
      const name = thisCallName(node);
      if (name !== null) {
        const guards = lazyGuards(node, body, sourceCode, null);
        calls.push({ name, node, get guards() { return guards(); } });
      }
      const callee = calleeOf(node);
      if (callee.type === 'MemberExpression' && STREAM_WRAPPERS.cancelMembers.has(staticMemberName(callee) ?? '')) {
        const key = thisFieldKey(callee.object, sourceCode);
        if (key !== null) cancels.push({ key, at: node.range[0] });
      }
    } else if (node.type === 'MemberExpression') {
      const key = thisFieldKey(node, sourceCode);
      if (key !== null && isHandOff(node)) handOffs.push({ key, at: node.range[0] });
    }
  });
  return { method, writes, calls, cancels, handOffs };
}

/** `this.m(…)` → `m`. */
function thisCallName(call: TSESTree.CallExpression): string | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'ThisExpression') return null;
  return callee.property.type === 'PrivateIdentifier' ? `#${callee.property.name}` : staticMemberName(callee);
}

/** A field's value leaving the field: passed, returned, yielded, assigned, put into an array or object. */
function isHandOff(member: TSESTree.MemberExpression): boolean {
  const at = valuePosition(member);
  const parent = at.parent;
  switch (parent?.type) {
    case 'CallExpression':
    case 'NewExpression':
      return parent.arguments.includes(at as TSESTree.CallExpressionArgument);
    case 'ReturnStatement':
    case 'YieldExpression':
    case 'ArrayExpression':
    case 'SpreadElement':
      return true;
    case 'ArrowFunctionExpression':
      return parent.body === at;
    case 'VariableDeclarator':
      return parent.init === at;
    case 'AssignmentExpression':
      return parent.right === at;
    case 'Property':
      return parent.value === at;
    default:
      return false;
  }
}

/** `guardsOf`, computed when first asked: most writes and calls of a class are never asked about. */
function lazyGuards(node: TSESTree.Node, body: TSESTree.Node, sourceCode: SourceCode, own: string | null): () => ReadonlySet<string> {
  let guards: Set<string> | undefined;
  return () => {
    if (!guards) {
      guards = guardsOf(node, body, sourceCode);
      if (own !== null) guards.add(own);
    }
    return guards;
  };
}

/** The fields tested by what decides whether `node` runs, within `body`: enclosing tests and earlier `if (…) return`. */
function guardsOf(node: TSESTree.Node, body: TSESTree.Node, sourceCode: SourceCode): Set<string> {
  const guards = new Set<string>();
  let child: TSESTree.Node = node;
  for (let at = node.parent; at && child !== body; child = at, at = at.parent) {
    if ((at.type === 'IfStatement' || at.type === 'ConditionalExpression') && at.test !== child) addFields(at.test, guards, sourceCode);
    else if (at.type === 'LogicalExpression' && at.right === child) addFields(at.left, guards, sourceCode);
    else if (at.type === 'BlockStatement') {
      for (const statement of at.body) {
        if (statement === child) break;
        if (statement.type === 'IfStatement' && alwaysLeaves(statement.consequent)) addFields(statement.test, guards, sourceCode);
      }
    }
  }
  return guards;
}

function alwaysLeaves(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type !== 'BlockStatement') return false;
  const last = statement.body.at(-1);
  return last !== undefined && alwaysLeaves(last);
}

function addFields(expression: TSESTree.Node, into: Set<string>, sourceCode: SourceCode): void {
  walk(expression, sourceCode.visitorKeys, (node) => {
    if (isFunction(node)) return false;
    if (node.type === 'MemberExpression') {
      const key = thisFieldKey(node, sourceCode);
      if (key !== null) into.add(key);
    }
  });
}

function declaredKey(element: TSESTree.PropertyDefinition | TSESTree.MethodDefinition, sourceCode: SourceCode): string | null {
  return element.key.type === 'PrivateIdentifier' ? `#${element.key.name}` : memberKeyName(element, sourceCode);
}
