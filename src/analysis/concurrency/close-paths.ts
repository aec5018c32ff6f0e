import type { TSESTree } from '@typescript-eslint/utils';

import { LISTEN_METHODS } from '../../model/events.js';
import { calleeOf, isFunction, staticMemberName, type FunctionNode } from '../../syntax/ast.js';

/**
 * Words that name a close/stop path: a method `close()`, `stopWatching()`, `onShutdown()`,
 * `[Symbol.asyncDispose]()`, a `SIGTERM` handler. Split from camelCase/snake_case names.
 */
const CLOSE_WORDS = new Set([
  'close', 'stop', 'shutdown', 'dispose', 'destroy', 'end', 'cancel', 'teardown', 'disconnect', 'unsubscribe',
  'unwatch', 'terminate', 'abort', 'cleanup', 'quit', 'halt', 'kill', 'detach', 'release', 'exit',
]);
const CLOSE_PAIRS = new Set(['shut down', 'tear down', 'clean up']);
/** `process.on('SIGTERM', …)`, `server.on('close', …)`: handlers that run while shutting down. */
const CLOSE_EVENTS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'beforeExit', 'exit', 'close', 'shutdown']);

/**
 * The function whose body `node` logically belongs to: climbs out of functions passed as
 * arguments (`new Promise(executor)`, `.then(cb)`, `setTimeout(cb)`, `process.on(…, cb)`), up to
 * the first function that is declared, assigned or a member — or the module.
 */
export function logicalFunctionOf(node: TSESTree.Node): FunctionNode | TSESTree.Program {
  let found: FunctionNode | null = null;
  for (let at: TSESTree.Node | undefined = node.parent; at; at = at.parent) {
    if (at.type === 'Program') return found && !isCallback(found) ? found : at;
    if (!isFunction(at)) continue;
    found = at;
    if (!isCallback(at)) return at;
  }
  return found ?? (node as TSESTree.Program);
}

/**
 * Whether `node` runs while something is being closed or stopped: inside a `finally` block, a
 * function named like a close (`close`, `stop`, `shutdown`, `dispose`, `[Symbol.asyncDispose]`,
 * …), or a handler of a shutdown event (`SIGTERM`, `'close'`), up to its logical function.
 */
export function isInClosePath(node: TSESTree.Node): boolean {
  const boundary = logicalFunctionOf(node);
  let child: TSESTree.Node = node;
  for (let at = node.parent; at; child = at, at = at.parent) {
    if (at.type === 'TryStatement' && at.finalizer === child) return true;
    if (isFunction(at) && (isCloseName(functionNameOf(at)) || isCloseHandler(at))) return true;
    if (at === boundary) return false;
  }
  return false;
}

export function isCloseName(name: string | null): boolean {
  if (name === null) return false;
  if (name === 'Symbol.dispose' || name === 'Symbol.asyncDispose') return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
  return words.some((w, i) => CLOSE_WORDS.has(w) || CLOSE_PAIRS.has(`${w} ${words[i + 1] ?? ''}`));
}

/** The name a function is known by: its id, method/property key, or the variable it is assigned to. */
export function functionNameOf(fn: FunctionNode): string | null {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  switch (parent?.type) {
    case 'MethodDefinition':
    case 'PropertyDefinition':
    case 'Property':
    case 'TSAbstractMethodDefinition':
      return keyText(parent.key, parent.computed);
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : null;
    case 'AssignmentExpression':
      if (parent.left.type === 'Identifier') return parent.left.name;
      return parent.left.type === 'MemberExpression' ? staticMemberName(parent.left) : null;
    default:
      return null;
  }
}

function keyText(key: TSESTree.Node, computed: boolean): string | null {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (computed && key.type === 'MemberExpression' && key.object.type === 'Identifier' && key.object.name === 'Symbol') {
    const name = staticMemberName(key);
    return name === null ? null : `Symbol.${name}`;
  }
  return null;
}

function isCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee !== fn;
}

function isCloseHandler(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.callee === fn) return false;
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression' || !LISTEN_METHODS.has(staticMemberName(callee) ?? '')) return false;
  const event = call.arguments[0];
  return event?.type === 'Literal' && typeof event.value === 'string' && CLOSE_EVENTS.has(event.value);
}
