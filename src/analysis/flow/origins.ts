import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, isFunction, propertyKeyName, staticMemberName, type FunctionNode } from '../../syntax/ast.js';
import { isNode, TYPE_ONLY_NODES } from '../../syntax/walk.js';

type Owner = FunctionNode | TSESTree.Program;
type SourceCode = Readonly<TSESLint.SourceCode>;

const MAX_DEPTH = 3;

/** Drops wrappers that change only the static type: `x as T`, `x!`, `x satisfies T`, `<T>x`. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let at = node;
  while (at.type === 'TSAsExpression' || at.type === 'TSNonNullExpression' || at.type === 'TSSatisfiesExpression' || at.type === 'TSTypeAssertion') {
    at = at.expression;
  }
  return at;
}

/** The variable `id` refers to, from the scope manager, or null. */
export function variableOf(id: TSESTree.Identifier, sourceCode: SourceCode): TSESLint.Scope.Variable | null {
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(id); scope; scope = scope.upper) {
    const reference = scope.references.find((r) => r.identifier === id);
    if (reference) return reference.resolved;
    const declared = scope.set.get(id.name);
    if (declared && declared.identifiers.includes(id)) return declared;
  }
  return null;
}

/** A global the program does not redeclare (`AbortSignal`, `AbortController`, `setTimeout`, `Promise`). */
export function isGlobalName(id: TSESTree.Node, name: string, sourceCode: SourceCode): boolean {
  return id.type === 'Identifier' && id.name === name && isGlobalReference(id, sourceCode);
}

/**
 * `new Map()`, `new Error()`, `new Promise(…)`: a global class opens no RPC connection and owns
 * no resource of the model, so rules skip it before asking the checker.
 */
export function constructsGlobal(node: TSESTree.NewExpression, sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(node.callee);
  return callee.type === 'Identifier' && isGlobalReference(callee, sourceCode);
}

/**
 * An identifier that no declaration of this file binds: a global of the runtime (`Map`, `Error`),
 * or an ambient global declared elsewhere. Told by the scope manager, without types.
 */
export function isGlobalReference(id: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = variableOf(id, sourceCode);
  return !variable || variable.defs.length === 0;
}

/**
 * The only value a local binding ever holds: `const x = <init>` (or a `let` never reassigned),
 * declared in `owner` itself. Null for parameters, imports, destructuring and reassigned bindings.
 */
export function singleLocalInit(id: TSESTree.Identifier, owner: Owner, sourceCode: SourceCode): TSESTree.Expression | null {
  const variable = variableOf(id, sourceCode);
  if (!variable || variable.scope.variableScope.block !== owner || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return null;
  if (variable.references.some((r) => r.isWrite() && !r.init)) return null;
  return def.node.init;
}

/**
 * The call that created the value `node` evaluates to, when `owner` creates it itself: the call,
 * or a single-assignment local of `owner` initialised with it. Null when the value comes from
 * elsewhere (a parameter, a field, another function): then someone else owns it.
 */
export function localCreation(node: TSESTree.Node, owner: Owner, sourceCode: SourceCode): TSESTree.CallExpression | null {
  let at = skipTypeWrappers(node);
  for (let depth = 0; depth <= MAX_DEPTH && at.type === 'Identifier'; depth++) {
    const init = singleLocalInit(at, owner, sourceCode);
    if (!init) return null;
    at = skipTypeWrappers(init);
  }
  return at.type === 'CallExpression' && ownerOf(at) === owner ? at : null;
}

/**
 * Every call whose result `node` may hold: the call itself; the writes of a local binding; the
 * initialiser and `this.x = …` assignments of a field of the enclosing class. Null as soon as one
 * source is not a call the code shows (a parameter, a constructor parameter property, a
 * destructuring, another object's field).
 */
export function originCalls(node: TSESTree.Node, sourceCode: SourceCode): TSESTree.CallExpression[] | null {
  const values = originValues(node, sourceCode);
  return values && values.every((value) => value.type === 'CallExpression') ? values : null;
}

/**
 * Every call or `new` whose result `node` may hold, found like `originCalls` (locals, this-fields);
 * null as soon as one source is something else.
 */
export function originValues(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): (TSESTree.CallExpression | TSESTree.NewExpression)[] | null {
  const at = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return null;
  // `client?.watch(req)`: the call's result when it runs (else `undefined`, which holds nothing).
  if (at.type === 'ChainExpression') return originValues(at.expression, sourceCode, depth + 1);
  if (at.type === 'CallExpression' || at.type === 'NewExpression') return [at];
  let sources: readonly TSESTree.Node[] | null = null;
  if (at.type === 'Identifier') sources = writesOf(at, sourceCode);
  else if (at.type === 'MemberExpression') sources = fieldWrites(at, sourceCode);
  if (!sources || sources.length === 0) return null;
  const values: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  for (const source of sources) {
    // `this.stream = undefined` (a field cleared after its stream is taken) holds no call.
    if (holdsNothing(source, sourceCode)) continue;
    const found = originValues(source, sourceCode, depth + 1);
    if (!found) return null;
    values.push(...found);
  }
  return values.length > 0 ? values : null;
}

/** `null`, or the global `undefined`. */
function holdsNothing(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const at = skipTypeWrappers(node);
  return (at.type === 'Literal' && at.raw === 'null') || (at.type === 'Identifier' && at.name === 'undefined' && isGlobalReference(at, sourceCode));
}

function writesOf(id: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Node[] | null {
  const variable = variableOf(id, sourceCode);
  if (!variable || variable.defs.some((d) => d.type !== 'Variable')) return null;
  const writes: TSESTree.Node[] = [];
  for (const reference of variable.references) {
    if (!reference.isWrite()) continue;
    const parent = reference.identifier.parent;
    const plain =
      (parent?.type === 'VariableDeclarator' && parent.id === reference.identifier) ||
      (parent?.type === 'AssignmentExpression' && parent.left === reference.identifier && parent.operator === '=');
    if (!plain || !reference.writeExpr) return null;
    writes.push(reference.writeExpr);
  }
  return writes;
}

/**
 * `this.x`: the class field's initialiser and every write of `this.x` in the class's own methods (the
 * value of `=`, the whole assignment for other operators). Null outside a class and for a constructor
 * parameter property.
 */
export function fieldWrites(member: TSESTree.MemberExpression, sourceCode: SourceCode): readonly TSESTree.Node[] | null {
  const name = fieldName(member, sourceCode);
  const classBody = name === null || member.object.type !== 'ThisExpression' ? null : classOfThis(member);
  if (!classBody || name === null) return null;
  const index = fieldWritesOf(classBody, sourceCode);
  return index.parameterProperties.has(name) ? null : (index.writes.get(name) ?? []);
}

/** Whether `this.x` is a constructor parameter property of the class around it. */
export function isParameterPropertyAccess(member: TSESTree.MemberExpression, sourceCode: SourceCode): boolean {
  const name = fieldName(member, sourceCode);
  const classBody = name === null || member.object.type !== 'ThisExpression' ? null : classOfThis(member);
  return classBody !== null && name !== null && fieldWritesOf(classBody, sourceCode).parameterProperties.has(name);
}

interface FieldWriteIndex {
  /** Per field name: initialisers and written values, in source order. */
  readonly writes: ReadonlyMap<string, readonly TSESTree.Node[]>;
  /** Constructor parameter properties: written by every caller, so their origin is unknown. */
  readonly parameterProperties: ReadonlySet<string>;
}

const fieldWriteIndexes = new WeakMap<TSESTree.ClassBody, FieldWriteIndex>();

/**
 * The name a member access gives a field: `x` for `this.x` and `this['x']`, `[k]` for `this[k]` when
 * `k` is a module constant (`const k = Symbol()`): a key that names one field wherever it is written.
 */
export function fieldName(member: TSESTree.MemberExpression, sourceCode: SourceCode): string | null {
  const name = staticMemberName(member);
  if (name !== null || !member.computed || member.property.type !== 'Identifier') return name;
  return isModuleConstant(member.property, sourceCode) ? `[${member.property.name}]` : null;
}

/** The name of a class member's key, like `fieldName`. */
export function memberKeyName(member: TSESTree.PropertyDefinition | TSESTree.MethodDefinition, sourceCode: SourceCode): string | null {
  const name = propertyKeyName(member);
  if (name !== null || !member.computed || member.key.type !== 'Identifier') return name;
  return isModuleConstant(member.key, sourceCode) ? `[${member.key.name}]` : null;
}

function isModuleConstant(id: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = variableOf(id, sourceCode);
  const def = variable?.defs[0];
  return variable?.defs.length === 1 && def?.type === 'Variable' && def.parent.kind === 'const' && (variable.scope.type === 'module' || variable.scope.type === 'global');
}

/** Every field write of a class, found in one walk and kept: many `this.x` of a class ask. */
function fieldWritesOf(classBody: TSESTree.ClassBody, sourceCode: SourceCode): FieldWriteIndex {
  const visitorKeys = sourceCode.visitorKeys;
  const cached = fieldWriteIndexes.get(classBody);
  if (cached) return cached;
  const writes = new Map<string, TSESTree.Node[]>();
  const add = (name: string, value: TSESTree.Node): void => {
    const list = writes.get(name);
    if (list) list.push(value);
    else writes.set(name, [value]);
  };
  const parameterProperties = new Set<string>();
  for (const element of classBody.body) {
    if (element.type === 'PropertyDefinition' && !element.static && element.value) {
      const name = memberKeyName(element, sourceCode);
      if (name !== null) add(name, element.value);
    }
    if (element.type === 'MethodDefinition' && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type !== 'TSParameterProperty') continue;
        const binding = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
        if (binding.type === 'Identifier') parameterProperties.add(binding.name);
      }
    }
  }
  // `this` of a nested non-arrow function (not a member of this class) is another object.
  const mentionsThis = thisMentions(sourceCode);
  const visit = (node: TSESTree.Node, nestedThis: boolean): void => {
    if ((node.type === 'ClassBody' && node !== classBody) || TYPE_ONLY_NODES.has(node.type) || !mentionsThis(node)) return;
    if (isFunction(node) && node.type !== 'ArrowFunctionExpression' && !isMember(node, classBody)) nestedThis = true;
    if (!nestedThis && node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && node.left.object.type === 'ThisExpression') {
      const name = fieldName(node.left, sourceCode);
      if (name !== null) add(name, node.operator === '=' ? node.right : node);
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, nestedThis);
      } else if (isNode(value)) {
        visit(value, nestedThis);
      }
    }
  };
  visit(classBody, false);
  const index = { writes, parameterProperties };
  fieldWriteIndexes.set(classBody, index);
  return index;
}

const thisPositions = new WeakMap<SourceCode, (node: TSESTree.Node) => boolean>();

/**
 * Whether the text of a node holds the word `this` (in code, a string or a comment): a node without
 * one writes no field of `this`, so a walk for such writes skips it.
 */
function thisMentions(sourceCode: SourceCode): (node: TSESTree.Node) => boolean {
  let test = thisPositions.get(sourceCode);
  if (test) return test;
  const positions: number[] = [];
  for (const match of sourceCode.text.matchAll(/\bthis\b/g)) positions.push(match.index);
  test = (node) => {
    // The first position at or after the node's start, by binary search.
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (positions[middle]! < node.range[0]) low = middle + 1;
      else high = middle;
    }
    return low < positions.length && positions[low]! < node.range[1];
  };
  thisPositions.set(sourceCode, test);
  return test;
}

/** The class body whose instance `this` is at `node`, looking through arrow functions. */
export function classOfThis(node: TSESTree.Node): TSESTree.ClassBody | null {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'PropertyDefinition' && at.parent.type === 'ClassBody') return at.static ? null : at.parent;
    if (isFunction(at) && at.type !== 'ArrowFunctionExpression') {
      return at.parent?.type === 'MethodDefinition' && !at.parent.static ? at.parent.parent : null;
    }
    if (at.type === 'StaticBlock') return null;
  }
  return null;
}

function isMember(fn: FunctionNode, classBody: TSESTree.ClassBody): boolean {
  return (fn.parent?.type === 'MethodDefinition' || fn.parent?.type === 'PropertyDefinition') && fn.parent.parent === classBody;
}

/** The function (or module) whose own code `node` is part of. */
export function ownerOf(node: TSESTree.Node): Owner {
  const fn = enclosingFunction(node);
  if (fn) return fn;
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}
