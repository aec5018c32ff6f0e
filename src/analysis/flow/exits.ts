import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';

import { isFunction, type FunctionNode } from '../../syntax/ast.js';
import { walk } from '../../syntax/walk.js';

type CodePath = TSESLint.CodePath;
export type Segment = TSESLint.CodePathSegment;

/** A way out of a function: a `return`, a `throw`, falling off its end, or an `await` that rejects. */
export interface Exit {
  kind: 'return' | 'throw' | 'end' | 'rejection';
  /** The `return`/`throw` statement, the function for `end`, the `await` (or `for await`) for `rejection`. */
  node: TSESTree.Node;
  line: number;
}

/** Where a promise can reject inside a function's own code: `await x`, and the loop of `for await`. */
export type AwaitNode = TSESTree.AwaitExpression | TSESTree.ForOfStatement;

interface Frame {
  codePath: CodePath;
  node: TSESTree.Node;
  current: Set<Segment>;
}

/**
 * What one traversal of a file records: the segments each asked-for node runs in, and the `return` or
 * `throw` that ends each segment. Rules that share it (`CodePathRecorder.sharedBy`) register its
 * listeners once: every listener of a rule runs on every node of its type, which ESLint charges to the
 * rule whether or not the node was asked for.
 */
class Recording {
  readonly frames: Frame[] = [];
  /** Nodes asked for, and where they ran once visited (null until then). */
  readonly segments = new Map<TSESTree.Node, readonly Segment[] | null>();
  readonly exitsBySegment = new Map<Segment, TSESTree.Node>();
  /** The rules (by id) whose recorders share this recording, and whether one registered its listeners. */
  readonly rules = new Set<string>();
  driven = false;

  current(): Segment[] | null {
    const frame = this.frames.at(-1);
    return frame ? [...frame.current] : null;
  }

  /** The listeners that record; `onFunctionEnd` of the rule that registers them runs when a function's code path is complete. */
  listeners(onFunctionEnd: (codePath: CodePath, node: TSESTree.Node) => void): TSESLint.RuleListener {
    this.driven = true;
    const enterSegment = (segment: Segment): void => {
      this.frames.at(-1)?.current.add(segment);
    };
    const leaveSegment = (segment: Segment): void => {
      this.frames.at(-1)?.current.delete(segment);
    };
    const recordNow = (node: TSESTree.Node): void => {
      const current = this.current();
      if (current) this.segments.set(node, current);
    };
    const visit = (node: TSESTree.Node): void => {
      if (this.segments.has(node)) recordNow(node);
    };
    const visitExit = (node: TSESTree.ReturnStatement | TSESTree.ThrowStatement): void => {
      visit(node);
      for (const segment of this.frames.at(-1)?.current ?? []) this.exitsBySegment.set(segment, node);
    };
    return {
      onCodePathStart: (codePath: CodePath, node: TSESTree.Node) => {
        // A nested function is placed in its parent's code path, where its definition runs.
        if (this.segments.has(node)) recordNow(node);
        this.frames.push({ codePath, node, current: new Set() });
      },
      onCodePathEnd: (codePath: CodePath, node: TSESTree.Node) => {
        onFunctionEnd(codePath, node);
        this.frames.pop();
      },
      onCodePathSegmentStart: enterSegment,
      onCodePathSegmentEnd: leaveSegment,
      onUnreachableCodePathSegmentStart: enterSegment,
      onUnreachableCodePathSegmentEnd: leaveSegment,
      Identifier: visit,
      AwaitExpression: visit,
      ForOfStatement: visit,
      CatchClause: visit,
      CallExpression: visit,
      NewExpression: visit,
      BreakStatement: visit,
      ContinueStatement: visit,
      YieldExpression: visit,
      ReturnStatement: visitExit,
      ThrowStatement: visitExit,
    } as unknown as TSESLint.RuleListener;
  }
}

const sharedRecordings = new WeakMap<object, Recording>();

/**
 * Records, on ESLint's code-path analysis, in which segments chosen nodes run, and answers
 * "does every path from A to the function's exit pass one of B?". Segments are per function,
 * so A and B must be nodes of the same function's own code (not of a nested function).
 *
 * A recorder sees only the nodes it asked for (`watch`, in time) or recorded itself (`recordNow`),
 * also when its recording is shared with other rules' recorders.
 */
export class CodePathRecorder {
  private readonly recording: Recording;
  /** The nodes this recorder asked for or recorded. */
  private readonly asked = new Set<TSESTree.Node>();
  /** What this recorder recorded itself, which wins over the shared visit's record. */
  private readonly own = new Map<TSESTree.Node, readonly Segment[]>();
  /** Nodes this recorder asked for after another recorder's visit had recorded them: too late, as for a recorder of its own. */
  private readonly late = new Set<TSESTree.Node>();

  constructor(recording: Recording = new Recording()) {
    this.recording = recording;
  }

  /**
   * A recorder whose recording the rules that ask for one in the same file share: the first to call
   * `listeners` registers the recording's listeners, the others only their `onFunctionEnd`. All rules
   * of a lint run are created before it traverses; a rule asking again means a new run of the same
   * `SourceCode`, which gets a new recording.
   */
  static sharedBy(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): CodePathRecorder {
    const key = context.sourceCode;
    let recording = sharedRecordings.get(key);
    if (!recording || recording.rules.has(context.id)) {
      recording = new Recording();
      sharedRecordings.set(key, recording);
    }
    recording.rules.add(context.id);
    return new CodePathRecorder(recording);
  }

  /** Asks to record where `node` runs; call before traversal reaches it. */
  watch(node: TSESTree.Node): void {
    if (this.asked.has(node)) return;
    this.asked.add(node);
    const { segments } = this.recording;
    if (!segments.has(node)) segments.set(node, null);
    else if (segments.get(node)) this.late.add(node);
  }

  /** Records `node` now (it is being visited). */
  recordNow(node: TSESTree.Node): void {
    const current = this.recording.current();
    if (!current) return;
    this.asked.add(node);
    this.own.set(node, current);
  }

  /** Where `node` ran, or undefined when it was not watched or not reached in traversal order. */
  segmentsOf(node: TSESTree.Node): readonly Segment[] | undefined {
    const own = this.own.get(node);
    if (own) return own;
    if (!this.asked.has(node) || this.late.has(node)) return undefined;
    return this.recording.segments.get(node) ?? undefined;
  }

  /**
   * The listeners to merge into a rule; `onFunctionEnd` runs when a function's code path is complete.
   * Of a shared recording, only the first recorder's listeners record.
   */
  listeners(onFunctionEnd: (codePath: CodePath, node: TSESTree.Node) => void): TSESLint.RuleListener {
    if (!this.recording.driven) return this.recording.listeners(onFunctionEnd);
    return { onCodePathEnd: onFunctionEnd } as unknown as TSESLint.RuleListener;
  }

  /**
   * The exits of `codePath` that some path from `start` reaches without running any of `covers`.
   * Within a start segment only covers from `start` on count (until a loop brings the path back).
   * `follows`, when given, says which edges can run (a branch the caller knows is never taken).
   * Linear in the number of segments, whatever the number of paths.
   */
  uncoveredExits(
    codePath: CodePath,
    functionNode: TSESTree.Node,
    start: TSESTree.Node,
    covers: readonly TSESTree.Node[],
    follows: (from: Segment, to: Segment) => boolean = () => true,
  ): Exit[] {
    const startSegments = this.segmentsOf(start);
    if (!startSegments) return [];
    const coverPositions = this.coverPositions(covers);
    const finals = new Set<Segment>([...codePath.returnedSegments, ...codePath.thrownSegments]);
    const exits: Exit[] = [];
    const visited = new Set<Segment>();
    const queue: Segment[] = [];
    // A cover at the start node itself (`return new X()`) or after it counts.
    const startAt = start.range[0];

    for (const segment of startSegments) {
      if (!segment.reachable) continue;
      const positions = coverPositions.get(segment) ?? [];
      if (positions.some((p) => p >= startAt)) continue;
      if (finals.has(segment)) exits.push(this.exitOf(segment, codePath, functionNode));
      queue.push(...segment.nextSegments.filter((next) => follows(segment, next)));
    }
    while (queue.length > 0) {
      const segment = queue.pop()!;
      if (visited.has(segment) || !segment.reachable) continue;
      visited.add(segment);
      if (coverPositions.has(segment)) continue;
      if (finals.has(segment)) exits.push(this.exitOf(segment, codePath, functionNode));
      queue.push(...segment.nextSegments.filter((next) => follows(segment, next)));
    }
    return dedupe(exits).sort((a, b) => a.line - b.line || kindOrder(a) - kindOrder(b));
  }

  /**
   * Whether some path runs from `from` to `to` (nodes of `codePath`'s own code) without running any
   * of `covers` in between. Covers inside `to` (e.g. the argument of a `return`) run before it
   * completes and block; covers inside `from` do not, unless `fromStart` asks for the paths that
   * start where `from` starts (a branch entered: its own code, and a `to` inside it, count).
   * Linear in the number of segments.
   */
  pathAvoiding(from: TSESTree.Node, to: TSESTree.Node, covers: readonly TSESTree.Node[], fromStart = false): boolean {
    const fromSegments = this.segmentsOf(from);
    const toSegments = new Set(this.segmentsOf(to) ?? []);
    if (!fromSegments || toSegments.size === 0) return false;
    const coverPositions = this.coverPositions(covers);
    const blockedBetween = (segment: Segment, after: number, before: number): boolean =>
      (coverPositions.get(segment) ?? []).some((p) => p >= after && p < before);
    const visited = new Set<Segment>();
    const queue: Segment[] = [];
    const start = fromStart ? from.range[0] : from.range[1];
    for (const segment of fromSegments) {
      if (!segment.reachable) continue;
      if (toSegments.has(segment) && to.range[0] >= start && !blockedBetween(segment, start, to.range[1])) return true;
      if (blockedBetween(segment, start, Infinity)) continue;
      queue.push(...segment.nextSegments);
    }
    while (queue.length > 0) {
      const segment = queue.pop()!;
      if (visited.has(segment) || !segment.reachable) continue;
      visited.add(segment);
      if (toSegments.has(segment) && !blockedBetween(segment, -Infinity, to.range[1])) return true;
      if (coverPositions.has(segment)) continue;
      queue.push(...segment.nextSegments);
    }
    return false;
  }

  /**
   * The first of `awaits` (nodes of `codePath`'s own code, watched in advance) whose rejection leaves
   * the function by a path from `start` that runs none of `covers`. ESLint's code paths do not leave
   * through a rejected `await`, so this follows the rejection by syntax: into the innermost `catch`
   * around it (then on by the code paths from there), through a `finally` (which protects when it runs
   * a cover), or out of the function. An `await` reached from `start` only through a cover, or that
   * contains one (`await c.close()`), cannot leak; nor can any when a cover is part of `start` itself
   * (`this.client = new Client()`). `mayReject` is asked last, of the `await`s that would leak.
   */
  rejectedExit(
    codePath: CodePath,
    functionNode: TSESTree.Node,
    start: TSESTree.Node,
    covers: readonly TSESTree.Node[],
    awaits: readonly AwaitNode[],
    mayReject: (awaited: AwaitNode) => boolean,
  ): Exit | null {
    if (covers.some((cover) => within(cover, start))) return null;
    for (const awaited of awaits) {
      if (!this.pathAvoiding(start, awaited, covers)) continue;
      if (!this.rejectionEscapes(codePath, functionNode, awaited, covers) || !mayReject(awaited)) continue;
      return { kind: 'rejection', node: awaited, line: awaited.loc.start.line };
    }
    return null;
  }

  /** Asks to record the `await`s of a function's own code and the `catch` clauses their rejections reach. */
  watchRejections(awaits: readonly AwaitNode[], functionNode: TSESTree.Node): void {
    for (const awaited of awaits) {
      this.watch(awaited);
      for (let at: TSESTree.Node | undefined = awaited.parent; at && at !== functionNode; at = at.parent) if (at.type === 'TryStatement' && at.handler) this.watch(at.handler);
    }
  }

  private rejectionEscapes(codePath: CodePath, functionNode: TSESTree.Node, awaited: AwaitNode, covers: readonly TSESTree.Node[]): boolean {
    let child: TSESTree.Node = awaited;
    for (let at: TSESTree.Node | undefined = awaited.parent; at && at !== functionNode; child = at, at = at.parent) {
      if (at.type !== 'TryStatement') continue;
      if (child === at.block && at.handler) {
        // Caught: whatever the catch does next is ordinary code (a `finally` after it included).
        return this.segmentsOf(at.handler) !== undefined && this.uncoveredExits(codePath, functionNode, at.handler, covers).length > 0;
      }
      if (at.finalizer && child !== at.finalizer && covers.some((cover) => within(cover, at.finalizer!))) return false;
    }
    return true;
  }

  private coverPositions(covers: readonly TSESTree.Node[]): Map<Segment, number[]> {
    const positions = new Map<Segment, number[]>();
    for (const cover of covers) {
      for (const segment of this.segmentsOf(cover) ?? []) {
        const list = positions.get(segment) ?? [];
        list.push(cover.range[0]);
        positions.set(segment, list);
      }
    }
    return positions;
  }

  private exitOf(segment: Segment, codePath: CodePath, functionNode: TSESTree.Node): Exit {
    const statement = this.recording.exitsBySegment.get(segment);
    if (statement?.type === 'ReturnStatement') return { kind: 'return', node: statement, line: statement.loc.start.line };
    if (statement?.type === 'ThrowStatement') return { kind: 'throw', node: statement, line: statement.loc.start.line };
    const kind = codePath.thrownSegments.includes(segment) ? 'throw' : 'end';
    return { kind, node: functionNode, line: functionNode.loc.end.line };
  }
}

function within(node: TSESTree.Node, outer: TSESTree.Node): boolean {
  return outer.range[0] <= node.range[0] && node.range[1] <= outer.range[1];
}

function kindOrder(exit: Exit): number {
  return exit.kind === 'end' ? 1 : 0;
}

function dedupe(exits: Exit[]): Exit[] {
  const seen = new Set<TSESTree.Node>();
  return exits.filter((exit) => !seen.has(exit.node) && seen.add(exit.node));
}

/** The `await`s and `for await` loops of a function's own code (not of nested functions), in source order. */
export function ownAwaits(fn: FunctionNode, visitorKeys: SourceCode.VisitorKeys): AwaitNode[] {
  const found: AwaitNode[] = [];
  if (!fn.async) return found;
  walk(fn.body, visitorKeys, (node) => {
    if (isFunction(node) || node.type === 'ClassBody') return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) found.push(node);
  });
  return found;
}
