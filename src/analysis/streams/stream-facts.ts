import path from 'node:path';

import type ts from 'typescript';

import { STREAM_WRAPPERS, type LibraryWrapper } from '../../model/streams.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { typeMatchesSomeSpecifier } from '../../model/type-utils.js';
import { extendsTypes, hasModifier, isAssignmentOperator, isAssignmentTarget, isAsyncIteratorKey, isHandOffPosition, isReference, isValueWrapper, memberName as declaredName, ownConstructor, thisClassOf } from '../../syntax/ts-ast.js';
import { firstEarlyExit } from '../flow/ts-loop-exits.js';
import { getBaseTypes, getDeclaredTypeOfSymbol, getSymbolAtLocation, getTypeAtLocation, hasObjectFlag } from '../../model/checker.js';
import { findAncestor, forEachChild, isBinaryExpression, isCallExpression, isClassLike, isComputedPropertyName, isConditionalExpression, isConstructorDeclaration, isElementAccessExpression, isForOfStatement, isFunctionLike, isIdentifier, isMethodDeclaration, isNewExpression, isParameterPropertyDeclaration, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isShorthandPropertyAssignment, isSourceFile, isSpreadElement, isStringLiteral, isStringLiteralLike, isVariableDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * What a function or constructor does to a stream (or an `AbortController`) passed to it, as
 * program-wide summaries (`summaries.ts`), so a callee in another file counts:
 * - `cancels`: it calls `cancel()`/`abort()` on it, itself or from any method of the class that
 *   keeps it;
 * - `handsOn`: it returns it, stores it where others can reach it (a public field, a collection,
 *   an object), or passes it to a callee that may keep it;
 * - `uses`: it only reads or calls it; the caller still owns it;
 * - `wraps`: it keeps it (a private field, a closure made in the constructor, a background pump:
 *   an async method of the instance that the constructor starts with it) in an instance of a
 *   class with a teardown that others trigger (a Node stream's `_destroy()`/`destroy()`, declared
 *   or inherited; an async iterator's `return()`) and nothing in that class cancels or exposes it,
 *   or in a library wrapper (`Readable.from(call)`): tearing the wrapper down leaves the call
 *   running;
 * - `abandons`: it reads it with a `for await` that it may leave early (`return` at the first
 *   match, `break`, an uncaught `throw`): leaving the loop destroys a grpc-js stream without
 *   cancelling its call, and does nothing to a connect stream;
 * - `unknown`: no body, overloads, `any`, a dynamic `this[key]`, recursion, too deep. Rules treat it
 *   as a hand-off, which keeps them quiet.
 */
export type StreamFate =
  | { readonly kind: 'cancels' | 'handsOn' | 'uses' | 'unknown' }
  | WrapsFate
  | AbandonsFate;

export interface WrapsFate {
  readonly kind: 'wraps';
  readonly wrapper: string;
  readonly teardown: string;
  /** A library function (`Readable.from()`), not a class of the program: its teardown cannot be edited. */
  readonly library?: true;
}

export interface AbandonsFate {
  readonly kind: 'abandons';
  /** The function whose `for await` is left early, quoted for messages: `` `firstMatching()` ``, `` `Reader.pump()` ``. */
  readonly reader: string;
  /** How the loop is left: `return`, `break`, `throw`, `break outer`. */
  readonly exit: string;
  /** Where: `file.ts:12`. */
  readonly at: string;
}

/** The fates that leave a call running when the caller neither cancels nor hands it off: rules report them. */
export function strandsStream(fate: StreamFate): fate is WrapsFate | AbandonsFate {
  return fate.kind === 'wraps' || fate.kind === 'abandons';
}

const CANCELS: StreamFate = { kind: 'cancels' };
const HANDS_ON: StreamFate = { kind: 'handsOn' };
const USES: StreamFate = { kind: 'uses' };
const UNKNOWN: StreamFate = { kind: 'unknown' };

/** When references disagree, the answer that keeps rules quiet wins. */
const PRIORITY: Record<StreamFate['kind'], number> = { uses: 0, abandons: 1, wraps: 2, unknown: 3, handsOn: 4, cancels: 5 };

function merge(a: StreamFate, b: StreamFate): StreamFate {
  return PRIORITY[b.kind] > PRIORITY[a.kind] ? b : a;
}

/**
 * The fate of the value passed as argument `index` of `call`, from the callee's summary. Unknown
 * when the callee has no body here, is overloaded or `any`, or a spread comes first.
 */
export function argumentFate(summaries: Summaries, call: ts.CallExpression | ts.NewExpression, index: number): StreamFate {
  const args = call.arguments ?? [];
  if (index < 0 || args.slice(0, index + 1).some((arg) => isSpreadElement(arg))) return UNKNOWN;
  const library = isCallExpression(call) ? libraryWrapperOf(call, index, summaries) : null;
  if (library) return { kind: 'wraps', wrapper: library.wrapper, teardown: library.teardown, library: true };
  const callee = summaries.calleeOf(call);
  if (!callee) return UNKNOWN;
  return summaries.get(parameterFates, callee)[index] ?? UNKNOWN;
}

/**
 * `Readable.from(call)`: the library wrapper (`STREAM_WRAPPERS.libraryWrappers`) that `call` runs
 * with the value as argument `index`; by the method's name first, then the receiver's type.
 */
function libraryWrapperOf(call: ts.CallExpression, index: number, summaries: Summaries): LibraryWrapper | null {
  const callee = call.expression;
  if (!isPropertyAccessExpression(callee)) return null;
  const candidates = STREAM_WRAPPERS.libraryWrappers.filter((w) => w.method === callee.name.text && w.argument === index);
  if (candidates.length === 0) return null;
  const receiver = getTypeAtLocation(summaries.checker, callee.expression);
  return candidates.find((w) => typeMatchesSomeSpecifier(receiver, [w.owner], summaries.program)) ?? null;
}

/**
 * Syntax before summaries and types: false when `argumentFate` cannot strand the call (`wraps` or
 * `abandons`). `wraps` needs a class with a teardown (`mayTearDown`) that keeps the value: in a
 * field, a parameter property, a closure made in its constructor or a pump the constructor starts,
 * or a library wrapper named like one (`Readable.from`); `abandons` needs a `for await` over the
 * value with an early exit; here or in a callee the value is passed to. So the answer is false when
 * the callee, found by name (`Summaries.namedCallee`, a class's own constructor), has no such
 * parameter, or does none of these with it. True when a callee on the way is not found by name, or
 * the value is aliased or read by element: then the summary decides. Rules ask it before typing an
 * argument, which is what most calls with a local creation cost.
 */
export function mayStrandArgument(summaries: Summaries, call: ts.CallExpression | ts.NewExpression, index: number, depth = 0): boolean {
  if (depth > MAX_WRAP_DEPTH) return true;
  let callee: SummarizedFunction | null;
  if (isNewExpression(call)) {
    const cls = summaries.classOf(call);
    if (!cls) return true;
    callee = ownConstructor(cls);
    // No constructor of its own: a base class's decides; none at all keeps nothing.
    if (!callee) return extendsTypes(cls).length > 0;
  } else {
    if (call.expression.kind === SyntaxKind.SuperKeyword) return false; // `super(…)`: unknown, never `wraps`
    if (isNamedLikeLibraryWrapper(call, index)) return true;
    callee = summaries.namedCallee(call);
    if (!callee) return true;
  }
  return mayStrandParameter(summaries, callee, index, depth);
}

/** `<X>.from(…)` where `X` is named like a library wrapper's owner (`Readable`, `stream.Readable`): the types decide. */
function isNamedLikeLibraryWrapper(call: ts.CallExpression, index: number): boolean {
  const callee = call.expression;
  if (!isPropertyAccessExpression(callee)) return false;
  const owner = isPropertyAccessExpression(callee.expression) ? callee.expression.name.text : isIdentifier(callee.expression) ? callee.expression.text : null;
  return STREAM_WRAPPERS.libraryWrappers.some((w) => w.method === callee.name.text && w.argument === index && w.ownerName === owner);
}

const MAX_WRAP_DEPTH = 4;

/** Per program's summaries, per function: the answer for each parameter index (memoised: callees are shared). */
const wrapAnswers = new WeakMap<Summaries, Map<SummarizedFunction, Map<number, boolean>>>();

function mayStrandParameter(summaries: Summaries, fn: SummarizedFunction, index: number, depth: number): boolean {
  let byFunction = wrapAnswers.get(summaries);
  if (!byFunction) wrapAnswers.set(summaries, (byFunction = new Map<SummarizedFunction, Map<number, boolean>>()));
  let byIndex = byFunction.get(fn);
  if (!byIndex) byFunction.set(fn, (byIndex = new Map<number, boolean>()));
  const known = byIndex.get(index);
  if (known !== undefined) return known;
  byIndex.set(index, true); // asked again while computing (recursion): let the summary decide
  const parameter = fn.parameters[index];
  let wraps = false;
  // No such parameter, a rest or destructured one, no body: the fate is unknown, never `wraps`.
  if (parameter && !parameter.dotDotDotToken && isIdentifier(parameter.name) && fn.body) {
    wraps = isParameterPropertyDeclaration(parameter, parameter.parent) && mayTearDown(parameter.parent.parent);
    const name = parameter.name.text;
    const visit = (node: ts.Node): void => {
      if (wraps) return;
      if (isIdentifier(node) && node.text === name && isReference(node) && mayStrandReference(node, fn, summaries, depth)) wraps = true;
      else forEachChild(node, visit);
    };
    visit(fn.body);
  }
  byIndex.set(index, wraps);
  return wraps;
}

/** Whether one reference to a parameter of `fn` may give `wraps` or `abandons`, mirroring `referenceFate`. */
function mayStrandReference(reference: ts.Identifier, fn: SummarizedFunction, summaries: Summaries, depth: number): boolean {
  // A closure made in a constructor is kept by the instance.
  if (isConstructorDeclaration(fn) && capturedByClosure(reference) && mayTearDown(fn.parent)) return true;
  const at = valuePosition(reference);
  const parent = at.parent;
  if (isElementAccessExpression(parent)) return true; // `s[Symbol.asyncIterator]()`: the iterator's fate
  if (isAwaitedLoopOver(parent, at)) return firstEarlyExit(parent) !== null;
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) {
    // A pump the constructor starts runs as long as the instance lives.
    if (isConstructorDeclaration(fn) && isCallExpression(parent) && startsPump(parent, summaries) && mayTearDown(fn.parent)) return true;
    return mayStrandArgument(summaries, parent, parent.arguments.indexOf(at), depth + 1);
  }
  if (isVariableDeclaration(parent) && parent.initializer === at) return true; // an alias: its references decide
  if (isBinaryExpression(parent) && parent.right === at && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
    const target = parent.left;
    const owner = isPropertyAccessExpression(target) && target.expression.kind === SyntaxKind.ThisKeyword ? thisClassOf(target) : null;
    return owner !== null && mayTearDown(owner);
  }
  return false; // member reads, tests, returns and other hand-offs: never `wraps` by themselves
}

/** Syntax only: whether `teardownOf` can find one — a base class (maybe a Node stream), or `next()` and `return()`. */
function mayTearDown(cls: ts.ClassLikeDeclaration): boolean {
  return extendsTypes(cls).length > 0 || isAsyncIteratorShaped(instanceMethodNames(cls));
}

/** The names of the instance methods a class declares. */
function instanceMethodNames(cls: ts.ClassLikeDeclaration): ReadonlySet<string> {
  return new Set(
    cls.members.flatMap((m) => (isMethodDeclaration(m) && !hasModifier(m, SyntaxKind.StaticKeyword) && (isIdentifier(m.name) || isStringLiteral(m.name)) ? [m.name.text] : [])),
  );
}

/** `next()` and `return()`: an iterator that a consumer's `break` tears down. */
function isAsyncIteratorShaped(methods: ReadonlySet<string>): boolean {
  return methods.has('next') && methods.has(STREAM_WRAPPERS.iteratorTeardownMember);
}

/** Per function: the fate of each parameter (by position). */
export const parameterFates: SummaryFact<readonly StreamFate[]> = {
  name: 'stream-parameter-fates',
  unknown: [],
  recursive: [], // a cycle answers unknown for every parameter: quiet
  compute(fn, summaries) {
    return fn.parameters.map((parameter) => parameterFate(fn, parameter, summaries));
  },
};

interface ClassFacts {
  /** How the class is torn down, for messages; null when it has no teardown. */
  readonly teardown: string | null;
  /** The fate of each private instance field (`private x`, `#x`); absent: public or unknown. */
  readonly fields: ReadonlyMap<string, StreamFate>;
}

const UNKNOWN_CLASS: ClassFacts = { teardown: null, fields: new Map() };

/** Per class: its teardown and what its members do to each private field. */
export const classFacts: SummaryFact<ClassFacts, ts.ClassLikeDeclaration> = {
  name: 'stream-class-facts',
  unknown: UNKNOWN_CLASS,
  recursive: UNKNOWN_CLASS,
  compute(declaration, summaries) {
    const fields = new Map<string, StreamFate>();
    for (const name of privateFieldsOf(declaration)) fields.set(name, USES);
    let dynamic = false;
    const visit = (node: ts.Node): void => {
      if (isElementAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && !isStringLiteralLike(node.argumentExpression)) dynamic = true;
      if (isPropertyAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && thisClassOf(node) === declaration) {
        const name = node.name.text;
        const current = fields.get(name);
        if (current && !isAssignmentTarget(node)) fields.set(name, merge(current, referenceFate(node, summaries, null)));
      }
      forEachChild(node, visit);
    };
    for (const member of declaration.members) {
      if (!hasModifier(member, SyntaxKind.StaticKeyword)) visit(member);
    }
    if (dynamic) return UNKNOWN_CLASS;
    return { teardown: teardownOf(declaration, summaries), fields };
  },
};

function parameterFate(fn: SummarizedFunction, parameter: ts.ParameterDeclaration, summaries: Summaries): StreamFate {
  if (!isIdentifier(parameter.name) || parameter.dotDotDotToken || !fn.body) return UNKNOWN;
  const symbol = getSymbolAtLocation(summaries.checker, parameter.name);
  if (!symbol) return UNKNOWN;
  const used = fateOfBinding(fn.body, parameter.name.text, symbol, summaries, keptByConstructor(fn, summaries), 0);
  // `constructor(private call: …)` stores it in a field as well.
  return isParameterPropertyDeclaration(parameter, parameter.parent) ? merge(used, storedInField(parameter.parent.parent, parameter.name.text, summaries)) : used;
}

/** Every reference to the binding `symbol` (named `name`) inside `scope`, merged. */
function fateOfBinding(scope: ts.Node, name: string, symbol: ts.Symbol, summaries: Summaries, keptBy: StreamFate | null, aliasDepth: number): StreamFate {
  let fate = USES;
  const visit = (node: ts.Node): void => {
    if (fate === CANCELS) return;
    if (isShorthandPropertyAssignment(node) && node.name.text === name) fate = merge(fate, HANDS_ON);
    else if (isIdentifier(node) && node.text === name && isReference(node) && getSymbolAtLocation(summaries.checker, node) === symbol) {
      fate = merge(fate, referenceFate(node, summaries, keptBy, aliasDepth));
    }
    forEachChild(node, visit);
  };
  visit(scope);
  return fate;
}

/**
 * What one reference does with the value. `keptBy`: in a wrapper's constructor, what a capture by
 * a closure means (the instance keeps the closure).
 */
function referenceFate(reference: ts.Expression, summaries: Summaries, keptBy: StreamFate | null, aliasDepth = 0): StreamFate {
  const at = valuePosition(reference);
  const parent = at.parent;
  const use = keptBy && capturedByClosure(reference) ? keptBy : USES;
  // A loop over a parameter or local (not a field: the class's teardown decides for those).
  if (isIdentifier(reference) && isAwaitedLoopOver(parent, at)) {
    const exit = firstEarlyExit(parent);
    return exit ? merge(use, abandonedAt(parent, exit.text, exit.node)) : use;
  }
  if ((isPropertyAccessExpression(parent) || isElementAccessExpression(parent)) && parent.expression === at) {
    const member = memberName(parent);
    const called = isCallExpression(parent.parent) && parent.parent.expression === parent;
    if (member !== null && STREAM_WRAPPERS.cancelMembers.has(member)) return called ? CANCELS : HANDS_ON;
    // `s[Symbol.asyncIterator]()`: the iterator is a view of the stream; its `return()` cancels nothing.
    if (called && isAsyncIteratorKey(parent)) return merge(use, referenceFate(parent.parent, summaries, keptBy, aliasDepth));
    return use;
  }
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) {
    if (parent.expression.kind === SyntaxKind.SuperKeyword) return UNKNOWN;
    // In a wrapper's constructor, a pump started with the value keeps it as long as the instance lives.
    const kept = keptBy && isCallExpression(parent) && startsPump(parent, summaries) ? keptBy : use;
    return merge(kept, argumentFate(summaries, parent, parent.arguments.indexOf(at)));
  }
  if (isVariableDeclaration(parent) && parent.initializer === at) {
    const alias = parent.name;
    const symbol = isIdentifier(alias) ? getSymbolAtLocation(summaries.checker, alias) : undefined;
    const scope = findAncestor(parent, (n) => isFunctionLike(n) || isSourceFile(n));
    if (!isIdentifier(alias) || !symbol || !scope || aliasDepth >= 3) return HANDS_ON;
    return merge(use, fateOfBinding(scope, alias.text, symbol, summaries, keptBy, aliasDepth + 1));
  }
  if (isBinaryExpression(parent)) {
    if (parent.right !== at || !isAssignmentOperator(parent.operatorToken.kind)) return use; // comparisons
    const target = parent.left;
    if (isPropertyAccessExpression(target) && target.expression.kind === SyntaxKind.ThisKeyword && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      const owner = thisClassOf(target);
      if (owner) return storedInField(owner, target.name.text, summaries);
    }
    return HANDS_ON; // stored in a variable, another object, or conditionally
  }
  if (isHandOffPosition(at)) return HANDS_ON;
  return use; // `for … of s`, tests, template literals: uses
}

/** Stored in `this.<name>` of `owner`: what the class does to that field. */
function storedInField(owner: ts.ClassLikeDeclaration, name: string, summaries: Summaries): StreamFate {
  const facts = summaries.get(classFacts, owner);
  const fate = facts.fields.get(name);
  if (!fate) return HANDS_ON; // public, or the class uses `this[key]`
  // A member's loop that leaves a field early is the class's business: its teardown decides.
  if (fate.kind !== 'uses' && fate.kind !== 'wraps' && fate.kind !== 'abandons') return fate;
  if (!facts.teardown) return UNKNOWN; // no teardown: nothing destroys the wrapper early
  return { kind: 'wraps', wrapper: owner.name?.text ?? 'the anonymous class', teardown: facts.teardown };
}

/** In the constructor of a class with a teardown, a closure that captures the value keeps it in the instance. */
function keptByConstructor(fn: SummarizedFunction, summaries: Summaries): StreamFate | null {
  if (!isConstructorDeclaration(fn)) return null;
  const facts = summaries.get(classFacts, fn.parent);
  return facts.teardown ? { kind: 'wraps', wrapper: fn.parent.name?.text ?? 'the anonymous class', teardown: facts.teardown } : null;
}

/**
 * A teardown that others trigger, not the owner: a Node stream's `_destroy()`/`destroy()` (declared,
 * or inherited: a `pipeline()` error or a closed socket destroys it), or the `return()` of an async
 * iterator (a consumer's `break`). A plain class's `destroy()` runs when its owner decides, which
 * this fact cannot see (grpc-js-xds `LrsCallState.destroy()` runs after the call ended): none.
 */
function teardownOf(declaration: ts.ClassLikeDeclaration, summaries: Summaries): string | null {
  const declared = instanceMethodNames(declaration);
  const base = nodeStreamBaseOf(declaration, summaries);
  if (base) {
    const own = STREAM_WRAPPERS.streamTeardownMembers.find((name) => declared.has(name));
    return `\`${own ?? 'destroy'}()\``; // inherited `destroy()` when the class declares neither
  }
  return isAsyncIteratorShaped(declared) ? `\`${STREAM_WRAPPERS.iteratorTeardownMember}()\`` : null;
}

/** The Node stream class (`Duplex`, `Readable`, …) the class derives from, if any. */
function nodeStreamBaseOf(declaration: ts.ClassLikeDeclaration, summaries: Summaries): string | null {
  const { checker, program } = summaries;
  const symbol = declaration.name ? getSymbolAtLocation(checker, declaration.name) : undefined;
  let type: ts.Type | undefined = symbol ? getDeclaredTypeOfSymbol(checker, symbol) : getTypeAtLocation(checker, declaration);
  for (let depth = 0; type && depth < 8; depth++) {
    const target: ts.Type = (type as ts.TypeReference).target ?? type;
    if (!hasObjectFlag(target, 'ClassOrInterface')) return null;
    const base: ts.Type | undefined = getBaseTypes(checker, target as ts.InterfaceType)[0];
    if (!base) return null;
    if (typeMatchesNodeStream(base, program)) return base.getSymbol()?.getName() ?? null;
    type = base;
  }
  return null;
}

function typeMatchesNodeStream(type: ts.Type, program: ts.Program): boolean {
  return typeMatchesSomeSpecifier(type, [...STREAM_WRAPPERS.nodeStreamClasses], program);
}

/** Names of the private instance fields: `private x`, `#x`, `constructor(private x)`. */
function privateFieldsOf(declaration: ts.ClassLikeDeclaration): string[] {
  const names: string[] = [];
  for (const member of declaration.members) {
    if (isPropertyDeclaration(member) && !hasModifier(member, SyntaxKind.StaticKeyword)) {
      if (isPrivateIdentifier(member.name) || (isIdentifier(member.name) && hasModifier(member, SyntaxKind.PrivateKeyword))) names.push(member.name.text);
    }
    if (isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (isParameterPropertyDeclaration(parameter, member) && isIdentifier(parameter.name) && hasModifier(parameter, SyntaxKind.PrivateKeyword)) names.push(parameter.name.text);
      }
    }
  }
  return names;
}

/**
 * `this.pump(s)` where `pump` is an async method (not a generator) of the class: called from a
 * constructor, which cannot wait for it, it runs in the background for as long as it reads `s`.
 */
function startsPump(call: ts.CallExpression, summaries: Summaries): boolean {
  const callee = call.expression;
  if (!isPropertyAccessExpression(callee) || callee.expression.kind !== SyntaxKind.ThisKeyword) return false;
  const pump = summaries.namedCallee(call);
  return pump !== null && hasModifier(pump, SyntaxKind.AsyncKeyword) && !('asteriskToken' in pump && pump.asteriskToken);
}

/** `for await (… of <at>)`. */
function isAwaitedLoopOver(parent: ts.Node, at: ts.Expression): parent is ts.ForOfStatement {
  return isForOfStatement(parent) && parent.awaitModifier !== undefined && parent.expression === at;
}

function abandonedAt(loop: ts.ForOfStatement, exit: string, node: ts.Node): AbandonsFate {
  const source = loop.getSourceFile();
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const fn = findAncestor(loop.parent, isFunctionLike);
  return { kind: 'abandons', reader: fn ? functionLabel(fn) : 'the module', exit, at: `${path.basename(source.fileName)}:${line}` };
}

/** A function's name for messages: `firstMatching()`, `Reader.pump()`, or `a callback`. */
function functionLabel(fn: ts.SignatureDeclaration): string {
  const named = (name: ts.PropertyName | ts.BindingName | undefined): string | null =>
    name && (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name) || isComputedPropertyName(name)) ? declaredName(name) : null;
  let name = named(fn.name);
  const holder = fn.parent;
  if (name === null && (isVariableDeclaration(holder) || isPropertyDeclaration(holder) || isPropertyAssignment(holder))) name = named(holder.name);
  if (name === null) return 'a callback';
  const cls = isClassLike(fn.parent) ? fn.parent : isPropertyDeclaration(holder) && isClassLike(holder.parent) ? holder.parent : null;
  return cls?.name ? `\`${cls.name.text}.${name}()\`` : `\`${name}()\``;
}

/** Whether a closure between `reference` and its function's body captures it. */
function capturedByClosure(reference: ts.Node): boolean {
  const inner = findAncestor(reference.parent, (n) => isFunctionLike(n));
  return inner !== undefined && !isConstructorDeclaration(inner);
}

/** Climbs over wrappers that pass a value through unchanged. */
function valuePosition(node: ts.Expression): ts.Expression {
  let at: ts.Expression = node;
  for (let parent = at.parent; parent; at = parent as ts.Expression, parent = parent.parent) {
    if (isValueWrapper(parent)) continue;
    if (isConditionalExpression(parent) && parent.condition !== at) continue;
    if (isBinaryExpression(parent) && isPassThroughOperator(parent.operatorToken.kind)) continue;
    break;
  }
  return at;
}

function isPassThroughOperator(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.QuestionQuestionToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.CommaToken;
}


function memberName(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | null {
  if (isPropertyAccessExpression(access)) return access.name.text;
  return isStringLiteralLike(access.argumentExpression) ? access.argumentExpression.text : null;
}
