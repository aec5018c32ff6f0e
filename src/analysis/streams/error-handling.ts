import type ts from 'typescript';

import { LISTEN_METHODS } from '../../model/events.js';
import {
  CHAINING_METHODS,
  ERROR_EVENT,
  ERROR_TAKING_FUNCTIONS,
  ERROR_TAKING_METHODS,
  EVENT_USE_METHODS,
  FINAL_EVENTS,
  LISTENER_REMOVERS,
  ONCE_FUNCTION,
} from '../../model/stream-errors.js';
import { isSummarizedFunction, type Summaries, type SummarizedFunction, type SummaryFact } from '../summaries.js';
import { resultReceivers } from './result-receivers.js';
import { hasModifier, isAssignmentTarget, isAsyncIteratorKey, isHandOffPosition, isReference, isValueWrapper, literalString, ownConstructor, ownFunctionOf, thisClassOf } from '../../syntax/ts-ast.js';
import { getShorthandAssignmentValueSymbol, getSymbolAtLocation, getSymbolsOfParameterPropertyDeclaration, resolveAlias } from '../../model/checker.js';
import { findAncestor, forEachChild, isArrowFunction, isBinaryExpression, isCallExpression, isClassLike, isConditionalExpression, isElementAccessExpression, isExpressionStatement, isForOfStatement, isFunctionLike, isIdentifier, isIfStatement, isMethodDeclaration, isMethodSignature, isNewExpression, isParameter, isParameterPropertyDeclaration, isPrefixUnaryExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyDeclaration, isReturnStatement, isShorthandPropertyAssignment, isSourceFile, isSpreadElement, isStringLiteralLike, isTemplateSpan, isTypeOfExpression, isVariableDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Who takes the errors of a Node stream (a grpc-js client call): every place the code uses the
 * value, followed through aliases, the fields of the class that keeps it and, through program-wide
 * summaries (`summaries.ts`), the functions and constructors it is passed to, so a callee in another
 * file counts. Facts: RPC-FACTS.md §7.1.
 *
 * Each use is one of:
 * - `guard`: takes errors from then on: an `'error'` listener, `for await`, the stream's async
 *   iterator, `pipeline()`/`finished()`/`events.on()`, the promise-returning `Readable` helpers, a
 *   pending `once(s, 'end' | 'close' | 'status')` (no error comes after those), or a callee that does one;
 * - `once`: `events.once(s, 'data')`: takes an error only while it waits, and removes its listener
 *   when it resolves;
 * - `event`: uses the stream's events, so an error can arrive or be emitted: a listener of another
 *   event, `pipe`, `resume`, `read`, `write`, `end`, `cancel()`, or a callee that does one;
 * - `remove`: removes the `'error'` listener (`removeAllListeners()`, `removeListener('error', …)`);
 * - `handOff`: yielded, stored where others reach it, passed where the summary cannot follow (no
 *   body, overloads, `any`, recursion, too deep), or returned where the program does not show all the
 *   code that receives it: someone else may take its errors. A stream the creating code returns is
 *   followed into that code when the program shows it (`result-receivers.ts`), and its uses there count.
 *   (A parameter's summary answers for every caller, so there a return stays a hand-off.)
 * Reads of other members (`getPeer()`, tests, logging) are none of these.
 */
export type ErrorUse =
  | { readonly kind: 'guard'; readonly node: ts.Node; readonly how: string }
  | { readonly kind: 'once'; readonly node: ts.Node }
  | { readonly kind: 'event'; readonly node: ts.Node; readonly how: EventHow }
  | { readonly kind: 'remove'; readonly node: ts.Node; readonly method: string }
  | { readonly kind: 'handOff'; readonly node: ts.Node };

/** How an `event` use touches the stream, for messages and for the write-after-end check. */
export type EventHow =
  | { readonly method: 'listener'; readonly event: string }
  | { readonly method: 'pipe' | 'resume' | 'read' | 'write' | 'end' | 'cancel' }
  | { readonly method: 'callee'; readonly callee: string };

/**
 * What a function does to the stream passed as one of its parameters: it takes its errors
 * (`guards`), hands it on where nothing is known (`unknown`, which keeps rules quiet), uses its
 * events without taking errors (`events`), or neither (`uses`).
 */
export type ErrorFate = 'guards' | 'unknown' | 'events' | 'uses';

/** How deep aliases (`const c = call`) and fields are followed from one value. */
const MAX_HOLDER_DEPTH = 3;

/** Every use of the value that `start` evaluates to (a creation, or a reference to a parameter). */
export function errorUsesOf(start: ts.Expression, summaries: Summaries): ErrorUse[] {
  const out: ErrorUse[] = [];
  classify(start, summaries, out, { holders: new Set(), depth: 0, returns: 0 });
  return out;
}

/** The fate of the value passed as argument `index` of `call`, from the callee's summary. */
export function argumentErrorFate(summaries: Summaries, call: ts.CallExpression | ts.NewExpression, index: number): ErrorFate {
  const args = call.arguments ?? [];
  if (index < 0 || args.slice(0, index + 1).some((arg) => isSpreadElement(arg))) return 'unknown';
  if (call.expression.kind === SyntaxKind.SuperKeyword) return 'unknown';
  const callee = summaries.calleeOf(call);
  if (!callee) return 'unknown';
  return summaries.get(errorParameterFates, callee)[index] ?? 'unknown';
}

/**
 * Syntax before summaries and types: false when the callee of `call`, found by name
 * (`Summaries.namedCallee`, a class's own constructor), cannot use the events of its argument
 * `index`: the parameter is only read (`x.code`, tests), never called with an event method, iterated,
 * passed on, stored or returned. True when a callee on the way is not found by name: then the summary
 * decides. Rules ask it before they type-check an argument that may be a stream.
 */
export function mayUseEventsOf(summaries: Summaries, call: ts.CallExpression | ts.NewExpression, index: number, depth = 0): boolean {
  if (depth > MAX_HOLDER_DEPTH) return true;
  let callee: SummarizedFunction | null;
  if (isNewExpression(call)) {
    const cls = summaries.classOf(call);
    if (!cls) return true;
    callee = ownConstructor(cls);
    if (!callee) return cls.heritageClauses !== undefined; // a base class's constructor decides; none keeps nothing
  } else {
    if (call.expression.kind === SyntaxKind.SuperKeyword) return true;
    callee = summaries.namedCallee(call);
    if (!callee) return true;
  }
  const parameter = callee.parameters[index] ?? callee.parameters.at(-1);
  if (!parameter || !callee.body) return false;
  if (parameter.dotDotDotToken || !isIdentifier(parameter.name) || isParameterPropertyDeclaration(parameter, parameter.parent)) return true;
  const name = parameter.name.text;
  let uses = false;
  const visit = (node: ts.Node): void => {
    if (uses) return;
    if (isIdentifier(node) && node.text === name && node !== parameter.name && isReference(node)) uses = referenceMayUseEvents(node, summaries, depth);
    else if (isShorthandPropertyAssignment(node) && node.name.text === name) uses = true;
    forEachChild(node, visit);
  };
  visit(callee.body);
  return uses;
}

/** One reference of `mayUseEventsOf`, by syntax: an event method, an iteration, a hand-on. */
function referenceMayUseEvents(reference: ts.Identifier, summaries: Summaries, depth: number): boolean {
  const at = valuePosition(reference);
  const parent = at.parent;
  if ((isPropertyAccessExpression(parent) || isElementAccessExpression(parent)) && parent.expression === at) {
    if (!(isCallExpression(parent.parent) && parent.parent.expression === parent)) return false; // a property read
    if (isAsyncIteratorKey(parent)) return true;
    const name = isPropertyAccessExpression(parent) ? parent.name.text : literalString(parent.argumentExpression);
    return name === null || LISTEN_METHODS.has(name) || LISTENER_REMOVERS.has(name) || ERROR_TAKING_METHODS.has(name) || EVENT_USE_METHODS.has(name) || CHAINING_METHODS.has(name);
  }
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) {
    return mayUseEventsOf(summaries, parent, parent.arguments.indexOf(at), depth + 1);
  }
  if (isBinaryExpression(parent) && parent.right !== at) return false; // comparisons
  if (isIfStatement(parent) || isPrefixUnaryExpression(parent) || isTypeOfExpression(parent) || isTemplateSpan(parent) || isExpressionStatement(parent)) return false;
  return true; // iterated, aliased, stored, returned: the summary decides
}

/** Per function: the fate of each parameter (by position). */
export const errorParameterFates: SummaryFact<readonly ErrorFate[]> = {
  name: 'stream-error-parameter-fates',
  unknown: [],
  recursive: [], // a cycle answers unknown for every parameter: quiet
  compute(fn, summaries) {
    return fn.parameters.map((parameter) => parameterFate(fn, parameter, summaries));
  },
};

/** The fate that a list of uses adds up to; taking errors anywhere wins, then not knowing. */
export function fateOfUses(uses: readonly ErrorUse[]): ErrorFate {
  if (uses.some((u) => u.kind === 'guard')) return 'guards';
  if (uses.some((u) => u.kind === 'handOff' || u.kind === 'remove')) return 'unknown';
  return uses.some((u) => u.kind === 'event' || u.kind === 'once') ? 'events' : 'uses';
}

function parameterFate(fn: SummarizedFunction, parameter: ts.ParameterDeclaration, summaries: Summaries): ErrorFate {
  if (!isIdentifier(parameter.name) || parameter.dotDotDotToken || !fn.body) return 'unknown';
  const name = parameter.name.text;
  const property = isParameterPropertyDeclaration(parameter, parameter.parent);
  // The name of `constructor(private call: …)` resolves to the property; the body's references to the parameter.
  const symbol = property ? getSymbolsOfParameterPropertyDeclaration(summaries.checker, parameter, name)[0] : getSymbolAtLocation(summaries.checker, parameter.name);
  if (!symbol) return 'unknown';
  const out: ErrorUse[] = [];
  // A parameter's fate is one answer for every caller: a returned parameter stays a hand-off.
  const state: ClassifyState = { holders: new Set([symbol]), depth: 1, returns: null };
  for (const reference of referencesTo(symbol, name, fn.body, summaries)) classify(reference, summaries, out, state);
  // …and the class keeps it in a field as well.
  if (property) for (const reference of fieldReferences(parameter.parent.parent, name)) classify(reference, summaries, out, state);
  return fateOfUses(out);
}

interface ClassifyState {
  /** Variables (symbols), fields (`class#name` keys) and functions whose result was already followed. */
  readonly holders: Set<unknown>;
  depth: number;
  /** How many returns were followed to the code that receives them; null: a return is a hand-off. */
  returns: number | null;
}

/** How many functions a returned value is followed out of, one into the next. */
const MAX_RETURNS = 2;

/** Adds what the code does with the value at `reference` to `out`. */
function classify(reference: ts.Expression, summaries: Summaries, out: ErrorUse[], state: ClassifyState): void {
  const at = valuePosition(reference);
  const parent = at.parent;
  if ((isPropertyAccessExpression(parent) || isElementAccessExpression(parent)) && parent.expression === at) {
    classifyMember(parent, summaries, out, state);
    return;
  }
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) {
    classifyArgument(parent, parent.arguments.indexOf(at), summaries, out);
    return;
  }
  if (isForOfStatement(parent) && parent.expression === at) {
    if (parent.awaitModifier) out.push({ kind: 'guard', node: parent, how: '`for await`' });
    return;
  }
  if (isVariableDeclaration(parent) && parent.initializer === at) {
    if (!isIdentifier(parent.name)) {
      out.push({ kind: 'handOff', node: at });
      return;
    }
    followVariable(parent.name, summaries, out, state);
    return;
  }
  if (isPropertyDeclaration(parent) && parent.initializer === at) {
    // `private call = client.watch(…)`: the class keeps it.
    if (isClassLike(parent.parent) && !hasModifier(parent, SyntaxKind.StaticKeyword) && (isIdentifier(parent.name) || isPrivateIdentifier(parent.name))) {
      followField(parent.parent, parent.name.text, summaries, out, state);
    } else {
      out.push({ kind: 'handOff', node: at });
    }
    return;
  }
  if (isBinaryExpression(parent) && parent.right === at) {
    if (parent.operatorToken.kind !== SyntaxKind.EqualsToken) return; // comparisons, `??` handled by valuePosition
    const target = parent.left;
    if (isIdentifier(target)) followVariable(target, summaries, out, state);
    else if (isPropertyAccessExpression(target) && target.expression.kind === SyntaxKind.ThisKeyword && thisClassOf(target)) followField(thisClassOf(target)!, target.name.text, summaries, out, state);
    else out.push({ kind: 'handOff', node: at });
    return;
  }
  if (isReturnedValue(at)) {
    followReturn(at, summaries, out, state);
    return;
  }
  if (isHandOffPosition(at)) out.push({ kind: 'handOff', node: at });
  // tests, comparisons, template literals, `typeof`: uses
}

/** `return s` or `() => s`. */
function isReturnedValue(at: ts.Expression): boolean {
  const parent = at.parent;
  return isReturnStatement(parent) || (isArrowFunction(parent) && parent.body === at);
}

/**
 * `return s`: the uses of the value in the code that receives it (`resultReceivers`), when the
 * program shows all of it; a hand-off otherwise (an exported function, a library's callback).
 */
function followReturn(at: ts.Expression, summaries: Summaries, out: ErrorUse[], state: ClassifyState): void {
  const fn = isArrowFunction(at.parent) ? at.parent : ownFunctionOf(at);
  const receivers = state.returns !== null && state.returns < MAX_RETURNS && fn && isSummarizedFunction(fn) && !state.holders.has(fn) ? summaries.get(resultReceivers, fn) : null;
  if (!receivers) {
    out.push({ kind: 'handOff', node: at });
    return;
  }
  state.holders.add(fn);
  state.returns!++;
  for (const receiver of receivers) classify(receiver, summaries, out, state);
  state.returns!--;
}

/** `s.on('error', …)`, `s.pipe(d)`, `s.cancel()`, `s[Symbol.asyncIterator]()`, …; chains go on with the stream. */
function classifyMember(access: ts.PropertyAccessExpression | ts.ElementAccessExpression, summaries: Summaries, out: ErrorUse[], state: ClassifyState): void {
  const call = isCallExpression(access.parent) && access.parent.expression === access ? access.parent : null;
  if (!call) return; // a property read, or a method taken as a value (`s.cancel.bind(s)`)
  if (isAsyncIteratorKey(access)) {
    out.push({ kind: 'guard', node: call, how: 'its async iterator' });
    return;
  }
  const name = isPropertyAccessExpression(access) ? access.name.text : literalString(access.argumentExpression);
  if (name === null) return;
  const first = call.arguments[0];
  const event = first ? literalString(first) : null;
  if (LISTEN_METHODS.has(name)) {
    // An event name the code computes may be `'error'`: counted as taking errors (quiet).
    if (!first || event === null || event === ERROR_EVENT) out.push({ kind: 'guard', node: call, how: `\`${name}('error')\`` });
    else out.push({ kind: 'event', node: call, how: { method: 'listener', event } });
  } else if (LISTENER_REMOVERS.has(name)) {
    const removesError = name === 'removeAllListeners' ? !first || event === ERROR_EVENT : event === ERROR_EVENT;
    if (removesError) out.push({ kind: 'remove', node: call, method: name });
  } else if (ERROR_TAKING_METHODS.has(name)) {
    out.push({ kind: 'guard', node: call, how: `\`${name}()\`` });
    return;
  } else if (EVENT_USE_METHODS.has(name)) {
    out.push({ kind: 'event', node: call, how: { method: name as 'pipe' | 'resume' | 'read' | 'write' | 'end' | 'cancel' } });
  }
  if (CHAINING_METHODS.has(name)) classify(call, summaries, out, state);
}

/** `once(s, …)`, `pipeline(s, …)`, or a function of the program: its summary decides. */
function classifyArgument(call: ts.CallExpression | ts.NewExpression, index: number, summaries: Summaries, out: ErrorUse[]): void {
  if (isCallExpression(call)) {
    const nodeFunction = nodeStreamFunction(call, summaries);
    if (nodeFunction === ONCE_FUNCTION) {
      const event = call.arguments[1] ? literalString(call.arguments[1]) : null;
      if (index === 0 && event !== null && FINAL_EVENTS.has(event)) out.push({ kind: 'guard', node: call, how: `\`once(…, '${event}')\`` });
      else if (index === 0) out.push({ kind: 'once', node: call });
      return;
    }
    if (nodeFunction !== null) {
      out.push({ kind: 'guard', node: call, how: `\`${nodeFunction}()\`` });
      return;
    }
  }
  switch (argumentErrorFate(summaries, call, index)) {
    case 'guards':
      out.push({ kind: 'guard', node: call, how: `\`${calleeText(call)}()\`` });
      return;
    case 'events':
      out.push({ kind: 'event', node: call, how: { method: 'callee', callee: calleeText(call) } });
      return;
    case 'uses':
      return;
    case 'unknown':
      out.push({ kind: 'handOff', node: call });
  }
}

/** `const c = s` / `c = s`: the uses of the variable `c`. */
function followVariable(name: ts.Identifier, summaries: Summaries, out: ErrorUse[], state: ClassifyState): void {
  const symbol = getSymbolAtLocation(summaries.checker, name);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !(isVariableDeclaration(declaration) || isParameter(declaration))) {
    out.push({ kind: 'handOff', node: name });
    return;
  }
  if (state.holders.has(symbol)) return;
  if (state.depth >= MAX_HOLDER_DEPTH) {
    out.push({ kind: 'handOff', node: name });
    return;
  }
  state.holders.add(symbol);
  state.depth++;
  const scope = findAncestor(declaration, (n) => isFunctionLike(n) || isSourceFile(n)) ?? declaration.getSourceFile();
  for (const reference of referencesTo(symbol, name.text, scope, summaries)) {
    if (reference !== name) classify(reference, summaries, out, state);
  }
  state.depth--;
}

/** `this.f = s`: the uses of `this.f` in every instance member of the class. */
function followField(cls: ts.ClassLikeDeclaration, name: string, summaries: Summaries, out: ErrorUse[], state: ClassifyState): void {
  const key = `${cls.pos}:${cls.getSourceFile().fileName}#${name}`;
  if (state.holders.has(key)) return;
  if (state.depth >= MAX_HOLDER_DEPTH || dynamicThisAccess(cls)) {
    out.push({ kind: 'handOff', node: cls });
    return;
  }
  state.holders.add(key);
  state.depth++;
  for (const reference of fieldReferences(cls, name)) classify(reference, summaries, out, state);
  state.depth--;
}

/** Identifiers in `scope` that refer to `symbol` and read it (not declarations, not assignment targets). */
function referencesTo(symbol: ts.Symbol, name: string, scope: ts.Node, summaries: Summaries): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (isIdentifier(node) && node.text === name && isReference(node) && !isAssignmentTarget(node) && getSymbolAtLocation(summaries.checker, node) === symbol) {
      found.push(node);
    }
    if (isShorthandPropertyAssignment(node) && node.name.text === name && getShorthandAssignmentValueSymbol(summaries.checker, node) === symbol) {
      found.push(node.name);
    }
    forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** Reads of `this.<name>` (or `this.#name`) in the instance members of `cls`, not assignment targets. */
function fieldReferences(cls: ts.ClassLikeDeclaration, name: string): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (isPropertyAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && node.name.text === name && thisClassOf(node) === cls && !isAssignmentTarget(node)) {
      found.push(node);
    }
    forEachChild(node, visit);
  };
  for (const member of cls.members) if (!hasModifier(member, SyntaxKind.StaticKeyword)) visit(member);
  return found;
}

/** `this[key]` with a computed key: any field may be read there. */
function dynamicThisAccess(cls: ts.ClassLikeDeclaration): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (isElementAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && !isStringLiteralLike(node.argumentExpression)) found = true;
    forEachChild(node, visit);
  };
  visit(cls);
  return found;
}

/**
 * `once`, `pipeline`, `finished` or `on` of Node (`events`, `stream`, `stream/promises`), called by
 * name or as `events.once`: the name, or null. Resolved by the declaration's file, after a test by name.
 */
function nodeStreamFunction(call: ts.CallExpression, summaries: Summaries): string | null {
  const callee = call.expression;
  const nameNode = isIdentifier(callee) ? callee : isPropertyAccessExpression(callee) ? callee.name : null;
  if (!nameNode) return null;
  const written = nameNode.text;
  try {
    let symbol = getSymbolAtLocation(summaries.checker, nameNode);
    symbol = resolveAlias(summaries.checker, symbol);
    const declaration = symbol?.declarations?.[0];
    const name = symbol?.name ?? written;
    if (!declaration || !(name === ONCE_FUNCTION || ERROR_TAKING_FUNCTIONS.has(name))) return null;
    if (!declaration.getSourceFile().fileName.replaceAll('\\', '/').includes('/@types/node/')) return null;
    // An instance method (`emitter.on(event, …)`) takes an event name first, not a stream.
    if (isMethodDeclaration(declaration) && !hasModifier(declaration, SyntaxKind.StaticKeyword)) return null;
    if (isMethodSignature(declaration)) return null;
    return name;
  } catch {
    return null;
  }
}

function calleeText(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  if (isNewExpression(call)) return `new ${isIdentifier(callee) ? callee.text : 'the class'}`;
  if (isIdentifier(callee)) return callee.text;
  if (isPropertyAccessExpression(callee)) return isIdentifier(callee.expression) || callee.expression.kind === SyntaxKind.ThisKeyword ? callee.getText() : callee.name.text;
  return 'the callee';
}

/** Climbs over wrappers that pass a value through unchanged: parentheses, `as`, `!`, `await`, `a ?? x`, `c ? x : y`. */
function valuePosition(node: ts.Expression): ts.Expression {
  let at: ts.Expression = node;
  for (let parent = at.parent; parent; at = parent as ts.Expression, parent = parent.parent) {
    if (isValueWrapper(parent)) continue;
    if (isConditionalExpression(parent) && parent.condition !== at) continue;
    if (isBinaryExpression(parent) && (parent.operatorToken.kind === SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === SyntaxKind.BarBarToken)) continue;
    break;
  }
  return at;
}
