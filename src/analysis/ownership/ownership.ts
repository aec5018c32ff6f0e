import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { calleeOf, isFunction, propertyKeyName, staticMemberName, valuePosition, type FunctionNode } from '../../syntax/ast.js';
import { isGlobalName, variableOf } from '../flow/origins.js';

/**
 * What the resource-specific parts of the model say about a call that receives the value.
 * Ownership itself knows nothing about RPC libraries.
 */
export interface OwnershipOracle {
  /** `value.<name>()` releases the value. */
  isCloseMethod(name: string): boolean;
  /** `fn(value)` releases the value (e.g. grpc-js `closeClient`). */
  isCloseFunction(call: TSESTree.CallExpression, argumentIndex: number): boolean;
  /**
   * `fn(value)` / `fn({ [property]: value })` / `new C(…)` only borrows the value, or null. When the
   * result `releases` what it borrows (a grpc-js `channelOverride` client), the result's own closes
   * and hand-offs count for the value. When it cannot (a nice-grpc client over a channel), nothing
   * the result does closes the value: keeping or returning the result keeps no way to close it.
   */
  borrows(call: TSESTree.CallExpression | TSESTree.NewExpression, argumentIndex: number, property: string | null): Borrowing | null;
  /**
   * What the callee's program-wide summary says it does with the argument: `borrows` (the value
   * stays the caller's to close), `releases`, `stores` (in a field its class releases), or `unknown`.
   * Without it every argument is a hand-off, as before the summaries.
   */
  parameter?(call: TSESTree.CallExpression | TSESTree.NewExpression, argumentIndex: number): ParameterAnswer;
}

export type ParameterAnswer = 'releases' | 'stores' | 'keeps' | 'lends' | 'borrows' | 'unknown';

/** An oracle with no closes and no borrowers: tracing with it tells only where a value goes. */
export const WHERE_IT_GOES: OwnershipOracle = { isCloseMethod: () => false, isCloseFunction: () => false, borrows: () => null };

export interface Lending {
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The call's result may carry the value (a client over the channel), not only use it during the call. */
  readonly carries: boolean;
}

export interface Keeping {
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly index: number;
  /** The escape this keeping is (among `handlings`). */
  readonly handling: Handling;
}

export interface Borrowing {
  /** Closing the borrower closes the borrowed value. */
  readonly releases: boolean;
}

export type HandlingKind = 'close' | 'escape';

/**
 * A place where the owner's responsibility ends. `anchor` is a node of the owner function's own
 * code (a reference, or the nested function that contains one), so code-path analysis can place it.
 */
export interface Handling {
  kind: HandlingKind;
  anchor: TSESTree.Node;
  /** Why, for tests and messages: `close()`, `returned`, `stored`, `passed to a call`, `captured`. */
  how: string;
}

export interface Ownership {
  handlings: Handling[];
  /** Every variable that holds the value (the first binding and its aliases). */
  variables: TSESLint.Scope.Variable[];
  /** The value is dropped without a name, so nothing can ever close it. */
  discarded: boolean;
  /**
   * Calls that keep the value where nothing can release it (a constructor that stores it in a private
   * field of a class with no lifecycle method): hand-offs, listed for the strict report.
   */
  keptBy: Keeping[];
  /**
   * Calls the value was lent to that cannot close it (a nice-grpc `createClient`, a constructor whose
   * summary only borrows the argument), in source order. When the value is also `discarded`, these
   * borrowers were the only ones to hold it.
   */
  lentTo: Lending[];
  /**
   * With `closureUsesAreUses`: the closures that only use the value and stay with the owner
   * (`TraceOptions`), in source order. The value outlives the owner's run through them.
   */
  usedByClosures: FunctionNode[];
}

/** Array callbacks and `new Promise` executors run before the call returns: not an escape. */
const SYNC_CALLBACK_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findIndex', 'some', 'every', 'reduce', 'then', 'catch', 'finally']);

/**
 * Follows the value created at `creation` inside `owner` (a function, or the module for top-level
 * code) through variables and aliases (scope manager references) and collects where it is closed
 * or handed off.
 */
export function traceOwnership(
  creation: TSESTree.Node,
  owner: FunctionNode | TSESTree.Program,
  sourceCode: Readonly<TSESLint.SourceCode>,
  oracle: OwnershipOracle,
  options: TraceOptions = {},
): Ownership {
  return trace({ value: creation }, owner, sourceCode, oracle, HELPER_DEPTH, options);
}

export interface TraceOptions {
  /**
   * A closure that only calls the value's methods (none of its close methods) and stays with the
   * owner (called there, rescheduled with a one-shot timer, a callback of the value's own method)
   * is a use, not a hand-off: the value is still the owner's to close. Off: every closure that
   * captures the value takes it (what the callers that ask where a value goes, not whether it is
   * closed, need).
   */
  readonly closureUsesAreUses?: boolean;
}

/** How deep calls into local helper functions are followed. */
const HELPER_DEPTH = 2;

function trace(
  start: { value: TSESTree.Node } | { variable: TSESLint.Scope.Variable },
  owner: FunctionNode | TSESTree.Program,
  sourceCode: Readonly<TSESLint.SourceCode>,
  oracle: OwnershipOracle,
  helperDepth: number,
  options: TraceOptions,
): Ownership {
  const creation = 'value' in start ? start.value : null;
  const result: Ownership = { handlings: [], variables: [], discarded: false, lentTo: [], keptBy: [], usedByClosures: [] };
  const seenVariables = new Set<TSESLint.Scope.Variable>();
  const keptClosures = new Map<FunctionNode, boolean>();

  const trackVariable = (variable: TSESLint.Scope.Variable): void => {
    if (seenVariables.has(variable)) return;
    seenVariables.add(variable);
    result.variables.push(variable);
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      followValue(reference.identifier);
    }
  };

  const localVariable = (id: TSESTree.Identifier): TSESLint.Scope.Variable | null => {
    const variable = variableOf(id, sourceCode);
    return variable?.scope.variableScope.block === owner ? variable : null;
  };

  const handle = (kind: HandlingKind, at: TSESTree.Node, how: string): void => {
    result.handlings.push({ kind, anchor: anchorIn(at, owner), how });
  };

  function followValue(node: TSESTree.Node): void {
    const nested = nestedFunctionOf(node, owner);
    if (nested && !runsSynchronously(nested)) {
      // A closure that only calls the value's methods and goes nowhere the owner cannot see (called
      // here, rescheduled with a one-shot timer) leaves it the owner's to close: a use, not a hand-off.
      if (!(options.closureUsesAreUses === true && isPlainUse(node, oracle) && keptInOwner(nested))) handle('escape', nested, 'captured by a closure');
      else if (!result.usedByClosures.includes(nested)) result.usedByClosures.push(nested);
      return;
    }
    const position = valuePosition(node);
    const parent = position.parent;
    if (!parent) return;
    switch (parent.type) {
      case 'MemberExpression': {
        if (parent.object !== position) return;
        const call = parent.parent?.type === 'CallExpression' && parent.parent.callee === parent ? parent.parent : null;
        const name = staticMemberName(parent) ?? symbolMemberName(parent);
        if (name === 'finally' && call) {
          followValue(call); // `p.finally(cb)` settles to what `p` settles to
          return;
        }
        if (name === null || !oracle.isCloseMethod(name)) return; // any other member access or method call is a use
        // `x.close()` closes; `x.close` as a value (`.bind(x)`, a callback) hands the closing off.
        if (call) handle('close', node, `${name}()`);
        else handle('escape', node, `${name} handed off`);
        return;
      }
      case 'CallExpression': {
        if (parent.callee === position) return;
        const index = parent.arguments.indexOf(position as TSESTree.CallExpressionArgument);
        const callee = calleeOf(parent);
        if (callee.type === 'MemberExpression' && ['bind', 'call', 'apply'].includes(staticMemberName(callee) ?? '')) return; // `c.m.bind(c)`
        if (oracle.isCloseFunction(parent, index)) handle('close', node, 'closed by a call');
        else if (!lend(parent, index, null)) passTo(parent, index, node, 'passed to a call');
        return;
      }
      case 'NewExpression': {
        const index = parent.arguments.indexOf(position as TSESTree.CallExpressionArgument);
        if (!lend(parent, index, null)) passTo(parent, index, node, 'passed to a constructor');
        return;
      }
      case 'Property': {
        const object = parent.parent;
        const call = object?.type === 'ObjectExpression' ? object.parent : undefined;
        const key = propertyKeyName(parent);
        if (parent.value === position && (call?.type === 'CallExpression' || call?.type === 'NewExpression')) {
          const index = call.arguments.indexOf(object);
          if (index >= 0 && lend(call, index, key)) return;
        }
        handle('escape', node, 'stored in an object');
        return;
      }
      case 'VariableDeclarator': {
        if (parent.init !== position) return;
        if (parent.id.type !== 'Identifier') {
          handle('escape', node, 'destructured');
          return;
        }
        for (const variable of sourceCode.getDeclaredVariables(parent)) trackVariable(variable);
        return;
      }
      case 'AssignmentExpression': {
        if (parent.right !== position) return;
        const variable = parent.left.type === 'Identifier' ? localVariable(parent.left) : null;
        if (variable && parent.operator === '=') trackVariable(variable);
        else handle('escape', node, 'stored');
        return;
      }
      case 'AssignmentPattern': {
        // A default value: `constructor(private c = new Client())` keeps it in a field (the class
        // decides its fate); `(c = new Client()) => …` and `{ c = new Client() } = o` bind it to `c`.
        if (parent.right !== position) return;
        if (parent.parent?.type === 'TSParameterProperty') {
          handle('escape', node, 'stored in a field');
          return;
        }
        const variable = parent.left.type === 'Identifier' ? localVariable(parent.left) : null;
        if (variable) trackVariable(variable);
        else handle('escape', node, 'stored');
        return;
      }
      case 'ReturnStatement':
      case 'YieldExpression':
      case 'ArrowFunctionExpression':
        handle('escape', node, 'returned');
        return;
      case 'ArrayExpression':
      case 'SpreadElement':
      case 'ThrowStatement':
      case 'TaggedTemplateExpression':
      case 'ClassBody':
      case 'PropertyDefinition':
      case 'ExportDefaultDeclaration':
      case 'ExportSpecifier':
        handle('escape', node, 'stored');
        return;
      default:
        return; // tests, comparisons, `typeof`, template literals: uses
    }
  }

  /**
   * A value lent to a borrower the model knows: a borrower that releases it carries it (its closes and
   * hand-offs count); one that cannot is a use, and the value stays the caller's to close.
   */
  function lend(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, property: string | null): boolean {
    const borrowing = oracle.borrows(call, index, property);
    if (!borrowing) return false;
    if (borrowing.releases) followValue(call);
    else result.lentTo.push({ call, carries: true });
    return true;
  }

  /** An argument: the callee's summary decides; a local helper that only uses it is a use; else a hand-off. */
  function passTo(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, node: TSESTree.Node, how: string): void {
    const answer = oracle.parameter?.(call, index) ?? 'unknown';
    if (answer === 'borrows' || answer === 'lends') {
      result.lentTo.push({ call, carries: answer === 'lends' }); // still the caller's to close
      return;
    }
    if (answer === 'keeps') {
      handle('escape', node, 'kept by an owner with no lifecycle');
      result.keptBy.push({ call, index, handling: result.handlings.at(-1)! });
    } else if (answer === 'releases') handle('close', node, `closed by ${how === 'passed to a call' ? 'the call' : 'the constructor'}`);
    else if (answer === 'stores') handle('escape', node, 'stored by the callee');
    else if (call.type === 'NewExpression' || !helperOnlyUses(call, index, sourceCode, oracle, helperDepth, options)) handle('escape', node, how);
  }

  /**
   * Whether the closure `fn` stays where the owner runs it: a `const` called here or handed to a
   * one-shot timer (`setTimeout(connect, 1000)` retrying itself), an inline one-shot timer callback, or
   * a callback of a method of the value itself (`client.waitForReady(deadline, () => …)`). Memoised.
   */
  function keptInOwner(fn: FunctionNode): boolean {
    let kept = keptClosures.get(fn);
    if (kept === undefined) {
      kept = closureKept(fn);
      keptClosures.set(fn, kept);
    }
    return kept;
  }

  function closureKept(fn: FunctionNode): boolean {
    const position = valuePosition(fn);
    const parent = position.parent;
    if (parent?.type === 'CallExpression') return parent.callee !== position && isRunByOwner(parent, position);
    if (parent?.type !== 'VariableDeclarator' || parent.init !== position || parent.id.type !== 'Identifier' || parent.parent.kind !== 'const') return false;
    const variable = sourceCode.getDeclaredVariables(parent)[0];
    const references = variable?.references.filter((r) => !r.init) ?? [];
    return (
      references.length > 0 &&
      references.every((reference) => {
        const at = valuePosition(reference.identifier);
        const call = at.parent;
        return call?.type === 'CallExpression' && (call.callee === at || isRunByOwner(call, at));
      })
    );
  }

  /** `setTimeout(f, …)` / `setImmediate(f)`, or `value.method(…, f)` on the traced value. */
  function isRunByOwner(call: TSESTree.CallExpression, argument: TSESTree.Node): boolean {
    const callee = calleeOf(call);
    if (call.arguments[0] === argument && (isGlobalName(callee, 'setTimeout', sourceCode) || isGlobalName(callee, 'setImmediate', sourceCode))) return true;
    if (callee.type !== 'MemberExpression' || !call.arguments.includes(argument as TSESTree.CallExpressionArgument)) return false;
    const object = callee.object.type === 'Identifier' ? variableOf(callee.object, sourceCode) : null;
    return object !== null && result.variables.includes(object);
  }

  if (creation) followValue(creation);
  else if ('variable' in start) trackVariable(start.variable);
  result.discarded = result.variables.length === 0 && result.handlings.length === 0;
  return result;
}

/**
 * Whether `call` goes to a function declared in this file whose parameter at `index` it only uses
 * (calls methods on it, reads it) without closing, storing, returning or passing it on: then
 * passing the value is a use, not a hand-off. `run(new Client(…), 'method')` with a local `run`.
 */
function helperOnlyUses(
  call: TSESTree.CallExpression,
  index: number,
  sourceCode: Readonly<TSESLint.SourceCode>,
  oracle: OwnershipOracle,
  helperDepth: number,
  options: TraceOptions,
): boolean {
  if (helperDepth <= 0 || index < 0 || call.callee.type !== 'Identifier') return false;
  const helper = localFunction(call.callee, sourceCode);
  if (!helper || call.arguments.slice(0, index).some((arg) => arg.type === 'SpreadElement')) return false;
  const param = helper.params[index];
  const name = param?.type === 'Identifier' ? param.name : param?.type === 'AssignmentPattern' && param.left.type === 'Identifier' ? param.left.name : null;
  if (name === null) return false;
  const variable = sourceCode.getDeclaredVariables(helper).find((v) => v.name === name);
  if (!variable) return false;
  const inside = trace({ variable }, helper, sourceCode, oracle, helperDepth - 1, options);
  return inside.handlings.length === 0 && inside.variables.every((v) => v === variable || v.scope.variableScope.block === helper);
}

/** `value.method(…)` or `value.field` with no close method named: a use of the value, nothing handed on. */
function isPlainUse(reference: TSESTree.Node, oracle: OwnershipOracle): boolean {
  const position = valuePosition(reference);
  const parent = position.parent;
  if (parent?.type !== 'MemberExpression' || parent.object !== position) return false;
  const name = staticMemberName(parent);
  if (name === null || oracle.isCloseMethod(name)) return false;
  // A method read as a value (`client.ping.bind(client)`, passed along) may be kept elsewhere.
  return parent.parent?.type === 'CallExpression' && parent.parent.callee === parent;
}

/** `x[Symbol.dispose]` → `[Symbol.dispose]`, the name learnt resources give their dispose methods. */
function symbolMemberName(member: TSESTree.MemberExpression): string | null {
  const key = member.property;
  if (!member.computed || key.type !== 'MemberExpression' || key.object.type !== 'Identifier' || key.object.name !== 'Symbol') return null;
  const name = staticMemberName(key);
  return name === null ? null : `[Symbol.${name}]`;
}

/** The function a callee identifier names, when it is declared in this file and never reassigned. */
function localFunction(callee: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): FunctionNode | null {
  const variable = variableOf(callee, sourceCode);
  if (!variable || variable.defs.length !== 1 || variable.references.some((r) => r.isWrite() && !r.init)) return null;
  const definition = variable.defs[0]!.node;
  if (definition.type === 'FunctionDeclaration') return definition;
  if (definition.type === 'VariableDeclarator' && isFunction(definition.init ?? undefined)) return definition.init as FunctionNode;
  return null;
}

/** The function nested in `owner` (outermost below it) that contains `node`, if any. */
function nestedFunctionOf(node: TSESTree.Node, owner: FunctionNode | TSESTree.Program): FunctionNode | null {
  let nested: FunctionNode | null = null;
  for (let at: TSESTree.Node | undefined = node.parent; at && at !== owner; at = at.parent) {
    if (isFunction(at)) nested = at;
  }
  return nested;
}

/** The node of `owner`'s own code path that stands for `node`: the nested function containing it, or itself. */
function anchorIn(node: TSESTree.Node, owner: FunctionNode | TSESTree.Program): TSESTree.Node {
  return nestedFunctionOf(node, owner) ?? node;
}

/**
 * A callback that runs before its call returns, or whose lifetime is bounded by the value's own
 * method (`client.ping(req, (err) => …)`), does not take ownership of what it captures.
 */
function runsSynchronously(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === 'NewExpression') {
    return parent.callee.type === 'Identifier' && parent.callee.name === 'Promise';
  }
  if (parent?.type !== 'CallExpression' || parent.callee === fn) return parent?.type === 'CallExpression'; // IIFE
  const callee = calleeOf(parent);
  if (callee.type !== 'MemberExpression') return false;
  const name = staticMemberName(callee);
  return name !== null && SYNC_CALLBACK_METHODS.has(name);
}
