import ts from 'typescript';

import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { forEachOwnNode, skipTypeWrappers } from '../../syntax/ts-ast.js';

/**
 * Whether an awaited expression can reject, for the exits a rejected `await` opens. Every promise can
 * reject unless the code shows it cannot: a `new Promise((resolve) => …)` whose executor takes no
 * `reject` (callback APIs turned into a boolean: `client.ping(req, (err) => resolve(!err))`), or a call
 * of a function that only returns such promises, or of an async function whose whole body is a
 * `try` whose `catch` neither throws nor awaits. A synchronous throw inside an executor is not
 * counted (the executors this accepts call one callback API).
 */
export class RejectionFacts {
  private readonly neverRejectsFact: SummaryFact<boolean>;

  constructor(private readonly summaries: Summaries) {
    this.neverRejectsFact = { name: 'never-rejects', unknown: false, recursive: false, compute: (fn) => computeNeverRejects(fn) };
  }

  /** Whether awaiting `operand` can reject; true where the code does not show otherwise. */
  mayReject(operand: ts.Expression): boolean {
    const at = skipTypeWrappers(operand);
    if (ts.isNewExpression(at)) return !isResolveOnlyPromise(at);
    if (!ts.isCallExpression(at)) return true;
    const callee = this.summaries.calleeOf(at);
    return !callee || !this.summaries.get(this.neverRejectsFact, callee);
  }
}

function computeNeverRejects(fn: SummarizedFunction): boolean {
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return ts.isNewExpression(skipTypeWrappers(body)) && isResolveOnlyPromise(skipTypeWrappers(body) as ts.NewExpression);
  if (hasAsyncModifier(fn)) return body.statements.length === 1 && isSwallowingTry(body.statements[0]!);
  const returned: ts.Expression[] = [];
  let bare = false;
  forEachOwnNode(body, (node) => {
    if (!ts.isReturnStatement(node)) return;
    if (node.expression) returned.push(skipTypeWrappers(node.expression));
    else bare = true;
  });
  return !bare && returned.length > 0 && returned.every((e) => ts.isNewExpression(e) && isResolveOnlyPromise(e));
}

/** `new Promise((resolve) => …)`: an executor that takes no `reject`. */
function isResolveOnlyPromise(node: ts.NewExpression): boolean {
  const callee = skipTypeWrappers(node.expression);
  const executor = node.arguments?.[0];
  if (!ts.isIdentifier(callee) || callee.text !== 'Promise' || !executor) return false;
  const fn = skipTypeWrappers(executor);
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters.length <= 1;
}

/** `try { … } catch { … }` whose `catch` (and `finally`) neither throws nor awaits: the body settles without rejecting. */
function isSwallowingTry(statement: ts.Statement): boolean {
  if (!ts.isTryStatement(statement) || !statement.catchClause) return false;
  return [statement.catchClause.block, statement.finallyBlock].every((block) => !block || !throwsOrAwaits(block));
}

function throwsOrAwaits(block: ts.Block): boolean {
  let found = false;
  forEachOwnNode(block, (node) => {
    if (ts.isThrowStatement(node) || ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
  });
  return found;
}

function hasAsyncModifier(fn: SummarizedFunction): boolean {
  return ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

const factsByProgram = new WeakMap<Summaries, RejectionFacts>();

/** The rejection facts of one program's summaries, shared by every file and rule. */
export function rejectionFactsOf(summaries: Summaries): RejectionFacts {
  let facts = factsByProgram.get(summaries);
  if (!facts) factsByProgram.set(summaries, (facts = new RejectionFacts(summaries)));
  return facts;
}
