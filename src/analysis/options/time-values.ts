import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { EPOCH_THRESHOLD_MS } from '../../model/deadlines.js';
import { staticMemberName } from '../../syntax/ast.js';
import { isGlobalName, skipTypeWrappers, variableOf } from '../flow/origins.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/*
 * What kind of time a value is, from how the code writes it: a duration (`5000`, `5 * 1000`, the
 * difference of two times), a time since 1970 (`Date.now() + x`, `d.getTime()`, a literal past 1973), or a
 * `Date`. Anything the code computes elsewhere (a parameter, a field, a call) is `unknown`.
 */
export type TimeValue =
  /**
   * `ms` when the code gives it as constants. `since`: the moment it is the time since, when it is written
   * `Date.now() - moment` and the moment's name says it lies ahead (`deadline.getTime()`, `expiresAt`):
   * negative until then.
   */
  | { readonly kind: 'duration'; readonly ms: number | null; readonly since?: TSESTree.Node }
  /** `offset`: the duration added to it, when it is written `Date.now() + offset` (or `offset + Date.now()`). */
  | { readonly kind: 'epoch'; readonly offset: TSESTree.Node | null }
  /** `new Date(…)`; `epochMs` when its one argument is a constant. */
  | { readonly kind: 'date'; readonly epochMs: number | null }
  | { readonly kind: 'unknown' };

const UNKNOWN: TimeValue = { kind: 'unknown' };
const MAX_DEPTH = 4;
/** Methods of a `Date` that give its time since 1970. */
const EPOCH_METHODS: ReadonlySet<string> = new Set(['getTime', 'valueOf']);
/** Functions that keep the kind of their one argument. */
const ROUNDING: ReadonlySet<string> = new Set(['round', 'floor', 'ceil', 'trunc']);

export function timeValueOf(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): TimeValue {
  const at = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return UNKNOWN;
  switch (at.type) {
    case 'Literal':
      if (typeof at.value !== 'number') return UNKNOWN;
      return at.value >= EPOCH_THRESHOLD_MS ? { kind: 'epoch', offset: null } : { kind: 'duration', ms: at.value };
    case 'UnaryExpression': {
      const operand = timeValueOf(at.argument, sourceCode, depth + 1);
      if (at.operator === '-' && operand.kind === 'duration') return { kind: 'duration', ms: operand.ms === null ? null : -operand.ms };
      if (at.operator === '+' && operand.kind === 'date') return { kind: 'epoch', offset: null };
      return at.operator === '+' ? operand : UNKNOWN;
    }
    case 'Identifier': {
      const init = constInit(at, sourceCode);
      return init ? timeValueOf(init, sourceCode, depth + 1) : UNKNOWN;
    }
    case 'NewExpression': {
      if (!isGlobalName(at.callee, 'Date', sourceCode)) return UNKNOWN;
      if (at.arguments.length === 0) return { kind: 'date', epochMs: null };
      const [only] = at.arguments;
      if (at.arguments.length !== 1 || !only || only.type === 'SpreadElement') return { kind: 'date', epochMs: null };
      const argument = timeValueOf(only, sourceCode, depth + 1);
      return { kind: 'date', epochMs: argument.kind === 'duration' ? argument.ms : null };
    }
    case 'CallExpression':
      return callTimeValue(at, sourceCode, depth);
    case 'BinaryExpression':
      return binaryTimeValue(at, sourceCode, depth);
    case 'ConditionalExpression': {
      const a = timeValueOf(at.consequent, sourceCode, depth + 1);
      const b = timeValueOf(at.alternate, sourceCode, depth + 1);
      if (a.kind === 'duration' && b.kind === 'duration') return { kind: 'duration', ms: null };
      if (a.kind === 'epoch' && b.kind === 'epoch') return { kind: 'epoch', offset: null };
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function callTimeValue(call: TSESTree.CallExpression, sourceCode: SourceCode, depth: number): TimeValue {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== 'MemberExpression') {
    const [only] = call.arguments;
    // `Number(new Date())`
    if (isGlobalName(callee, 'Number', sourceCode) && only && only.type !== 'SpreadElement' && timeValueOf(only, sourceCode, depth + 1).kind === 'date') {
      return { kind: 'epoch', offset: null };
    }
    return UNKNOWN;
  }
  const name = staticMemberName(callee);
  if (name === 'now' && isGlobalName(callee.object, 'Date', sourceCode)) return { kind: 'epoch', offset: null };
  if (name !== null && EPOCH_METHODS.has(name) && call.arguments.length === 0) {
    const receiver = timeValueOf(callee.object, sourceCode, depth + 1);
    // `d.getTime()` is a time since 1970 whatever `d` is; `x.valueOf()` only on a Date the code shows.
    if (name === 'getTime' || receiver.kind === 'date') return { kind: 'epoch', offset: null };
  }
  const [only] = call.arguments;
  if (name !== null && ROUNDING.has(name) && isGlobalName(callee.object, 'Math', sourceCode) && call.arguments.length === 1 && only && only.type !== 'SpreadElement') {
    const inner = timeValueOf(only, sourceCode, depth + 1);
    return inner.kind === 'duration' ? { kind: 'duration', ms: inner.ms === null ? null : Math[name as 'round'](inner.ms) } : inner;
  }
  return UNKNOWN;
}

function binaryTimeValue(node: TSESTree.BinaryExpression, sourceCode: SourceCode, depth: number): TimeValue {
  if (node.left.type === 'PrivateIdentifier') return UNKNOWN;
  const left = timeValueOf(node.left, sourceCode, depth + 1);
  const right = timeValueOf(node.right, sourceCode, depth + 1);
  const both = (f: (a: number, b: number) => number): number | null =>
    left.kind === 'duration' && right.kind === 'duration' && left.ms !== null && right.ms !== null ? f(left.ms, right.ms) : null;
  switch (node.operator) {
    case '+':
      if (left.kind === 'epoch' && right.kind === 'duration') return { kind: 'epoch', offset: left.offset === null ? node.right : null };
      if (left.kind === 'duration' && right.kind === 'epoch') return { kind: 'epoch', offset: right.offset === null ? node.left : null };
      if (left.kind === 'duration' && right.kind === 'duration') return { kind: 'duration', ms: both((a, b) => a + b) };
      // `Date.now() + timeoutMs`: what is added to a time since 1970 is a duration.
      if (left.kind === 'epoch' && right.kind === 'unknown' && left.offset === null) return { kind: 'epoch', offset: isNowCall(node.left, sourceCode) ? node.right : null };
      if (right.kind === 'epoch' && left.kind === 'unknown' && right.offset === null) return { kind: 'epoch', offset: isNowCall(node.right, sourceCode) ? node.left : null };
      return UNKNOWN;
    case '-':
      // `Date.now() - deadline.getTime()`: the time since a moment ahead, negative until it comes.
      if (isNowCall(node.left, sourceCode) && (right.kind === 'epoch' || right.kind === 'unknown') && futureMomentName(node.right) !== null) {
        return { kind: 'duration', ms: null, since: node.right };
      }
      if (left.kind === 'epoch' && right.kind === 'epoch') return { kind: 'duration', ms: null };
      if (left.kind === 'epoch' && right.kind !== 'date') return { kind: 'epoch', offset: null };
      if (left.kind === 'duration' && right.kind === 'duration') return { kind: 'duration', ms: both((a, b) => a - b) };
      return UNKNOWN;
    case '*':
      return left.kind === 'duration' && right.kind === 'duration' ? { kind: 'duration', ms: both((a, b) => a * b) } : UNKNOWN;
    case '/':
      return left.kind === 'duration' && right.kind === 'duration' ? { kind: 'duration', ms: both((a, b) => a / b) } : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** `Date.now()` on the global `Date`. */
export function isNowCall(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const at = skipTypeWrappers(node);
  if (at.type !== 'CallExpression' || at.arguments.length > 0) return false;
  const callee = skipTypeWrappers(at.callee);
  return callee.type === 'MemberExpression' && staticMemberName(callee) === 'now' && isGlobalName(callee.object, 'Date', sourceCode);
}

/** The constant number `node` is (literals, arithmetic of them, `const`s bound to them), or null. */
export function constantNumber(node: TSESTree.Node, sourceCode: SourceCode): number | null {
  const value = timeValueOf(node, sourceCode);
  if (value.kind === 'duration') return value.ms;
  const at = skipTypeWrappers(node);
  return at.type === 'Literal' && typeof at.value === 'number' ? at.value : null;
}

const DURATION_WORDS: ReadonlySet<string> = new Set(['timeout', 'duration', 'ttl', 'delay', 'interval', 'period']);
const POINT_WORDS: ReadonlySet<string> = new Set(['deadline', 'until', 'expiry', 'expires', 'expiration', 'expire', 'at', 'epoch', 'end', 'ends', 'when', 'date', 'timestamp']);

/**
 * The name of a value whose name says it is a duration (`timeoutMs`, `this.config.requestTimeout`,
 * `DEFAULT_TTL`, also scaled: `timeoutSeconds * 1000`), and does not say it is a point in time
 * (`deadlineMs`, `expiresAt`); null otherwise.
 */
export function durationName(node: TSESTree.Node): string | null {
  const at = skipTypeWrappers(node);
  if (at.type === 'BinaryExpression' && (at.operator === '*' || at.operator === '/')) return durationName(at.left) ?? durationName(at.right);
  const name = at.type === 'Identifier' ? at.name : at.type === 'MemberExpression' ? staticMemberName(at) : null;
  if (name === null) return null;
  const words = wordsOf(name);
  if (words.some((word) => POINT_WORDS.has(word))) return null;
  return words.some((word) => DURATION_WORDS.has(word) || word.endsWith('timeout')) ? name : null;
}

/** Words of a name that say a moment lies ahead (not `at`, `date`, `timestamp`: `createdAt` is past). */
const FUTURE_WORDS: ReadonlySet<string> = new Set(['deadline', 'until', 'expiry', 'expires', 'expiration', 'expire', 'end', 'ends']);

/**
 * The name of a moment that lies ahead, written as it is or as its time (`deadline`, `this.expiresAt`,
 * `options.deadline.getTime()`, `+deadline`), when the name says so; null otherwise.
 */
export function futureMomentName(node: TSESTree.Node): string | null {
  let at = skipTypeWrappers(node);
  if (at.type === 'UnaryExpression' && at.operator === '+') at = skipTypeWrappers(at.argument);
  if (at.type === 'CallExpression' && at.arguments.length === 0 && at.callee.type === 'MemberExpression' && EPOCH_METHODS.has(staticMemberName(at.callee) ?? '')) at = skipTypeWrappers(at.callee.object);
  const name = at.type === 'Identifier' ? at.name : at.type === 'MemberExpression' ? staticMemberName(at) : null;
  return name !== null && wordsOf(name).some((word) => FUTURE_WORDS.has(word)) ? name : null;
}

function wordsOf(name: string): string[] {
  return name
    .split(/(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word.length > 0);
}

/** The initialiser of a `const` (or a `let` written once) that `id` names, in any scope of this file. */
function constInit(id: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Expression | null {
  const variable = variableOf(id, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return null;
  if (variable.references.some((r) => r.isWrite() && !r.init)) return null;
  return def.node.init;
}
