import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import type { RpcModel } from '../../model/index.js';
import { LOCKS, NON_WAITING_WRAPPERS, SINGLE_FLIGHT, TIMEOUT_WRAPPERS } from '../../model/locks.js';
import { calleeOf, enclosingFunction, isFunction, propertyKeyName, staticMemberName, type FunctionNode } from '../../syntax/ast.js';
import { CodePathRecorder } from '../flow/exits.js';
import { mergeListeners } from '../flow/listeners.js';
import { acquisitionOf, lockRefOf, waitedBy, type Acquisition } from './lock-acquisitions.js';
import { originValues, skipTypeWrappers as skipEsTypeWrappers, variableOf } from '../flow/origins.js';
import { walk } from '../../syntax/walk.js';
import { skipTypeWrappers } from '../../syntax/ts-ast.js';
import { isSummarizedFunction, summariesOf } from '../summaries.js';
import { singleFlightsOf } from './single-flight.js';

/**
 * Held regions: where each lock the model knows is held in the file being linted.
 *
 * - `scoped`: the callback of `mutex.runExclusive(cb)`, async-lock `acquire(key, cb)`,
 *   `navigator.locks.request(name, opts?, cb)` — its own code, from start to end.
 * - `acquire`: from an awaited `acquire()` / `acquireAsync()` (`const release = await m.acquire()`,
 *   `const [, release] = await semaphore.acquire()`, `await lock.acquireAsync()`) to its release
 *   (`release()`, `lock.release()`), decided on ESLint's code paths: a node is held when some path
 *   from the acquisition reaches it without passing a release (a release in `finally` ends the
 *   region on every path, a release on one branch only there). When the releaser escapes (handed
 *   to a callback, stored, returned) or no release is in sight, the region is `uncertain`.
 * - `flight` (opt-in, `{ singleFlights: true }`): the body of a single-flight guard's flight
 *   (`single-flight.ts`) — the async IIFE or the function the guard's write starts, when it is in
 *   this file —, held from start to end like a scoped callback: the guard stays set until the
 *   flight's promise settles. Its acquisition has the entry `SINGLE_FLIGHT`.
 * Nested functions are outside a region (they run later), except `new Promise(executor)`
 * executors, which run at once; a scoped callback that the region waits for extends the region.
 *
 * Usage, in a rule:
 *   if (!CriticalSections.mayHoldLocks(context.sourceCode)) return {}; // optional: no acquiring method named
 *   const sections = new CriticalSections(model, context.sourceCode);
 *   return mergeListeners(sections.listeners(), { …collect candidate nodes…, 'Program:exit'() {
 *     for (const region of sections.heldAt(node)) … region.acquisition.lock, region.bounded …
 *   } });
 * - `heldAt(node)`: the regions that contain `node`, innermost first. Answer from `Program:exit`
 *   (code paths are complete only after the function that holds `node` has been traversed).
 * - `waitsFor(region, node)`: whether the region stays held until `node`'s promise settles
 *   (awaited in the region; for scoped regions also returned from the callback).
 * - `all()`: every region of the file.
 * Lock identity (`region.acquisition.lock`, compare with `sameLock`) and what a function acquires
 * through its callees are in `lock-acquisitions.ts` and `lock-facts.ts`: "does this method take a
 * lock" is `summaries.get(acquiredLocks, fn)` (non-empty: yes; null: unknown), "is this read inside
 * a held region of any lock" is `heldAt(node).length > 0` (filter `extent === 'certain'` to be sure,
 * keep `uncertain` ones to stay quiet where a lock may still be held).
 */
export interface HeldRegion {
  /** The acquisition on the TypeScript AST: library, identity (`lock`, null when unknown), label, options. */
  readonly acquisition: Acquisition;
  readonly call: TSESTree.CallExpression;
  readonly shape: 'scoped' | 'acquire';
  /** Scoped: the callback; acquire: the function that awaits the acquisition. */
  readonly body: FunctionNode;
  /** `uncertain`: the end is not shown (the releaser escapes); may still be held after it. */
  readonly extent: 'certain' | 'uncertain';
  /** Every wait for this lock ends with an error after a while: `withTimeout(mutex, ms)`, async-lock `timeout`, a `signal`. */
  readonly bounded: boolean;
  /** One holder at a time: not a counting semaphore (unless `Semaphore(1)`), not a shared Web Lock. */
  readonly exclusive: boolean;
  /** The function the lock is held in, for messages: `close()`. */
  readonly holder: string;
  /** The release calls (acquire regions). */
  readonly releases: readonly TSESTree.CallExpression[];
}

const LOCK_METHODS = new Set(LOCKS.flatMap((lock) => [...lock.scoped.map((s) => s.method), ...lock.acquire]));
const ACQUIRE_METHODS = new Set(LOCKS.flatMap((lock) => lock.acquire));
const RELEASE_METHODS = new Set(LOCKS.flatMap((lock) => lock.release));

/**
 * Names a file must mention to hold a lock: the acquiring methods, or where a Web Lock manager
 * comes from (`navigator.locks`, a `LockManager`) since its `request()` is a common name.
 */
/** `await this.p`, `return (p`, `=> this.#p`: the name awaited or returned. */
const AWAITED_OR_RETURNED = /(?:\bawait|\breturn|=>)\s*\(?\s*((?:this\s*\.\s*)?#?[\w$]+)/g;

const LOCK_TEXT = new RegExp(`\\b(?:${[...LOCK_METHODS].filter((m) => m !== 'request').join('|')}|locks|LockManager)\\b`);

export class CriticalSections {
  /**
   * Cheap text filter for rules: a file that names no acquiring method has no held region, so a
   * lock rule can return no listeners for it (regions are always in the file being linted).
   */
  static mayHoldLocks(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
    return LOCK_TEXT.test(sourceCode.text);
  }

  private readonly regions: HeldRegion[] = [];
  private awaitedTexts: Set<string> | null = null;
  private readonly recorder = new CodePathRecorder();
  /** Per open code path: whether to record every node (its function awaits an `acquire()`). */
  private readonly recording: boolean[] = [];

  constructor(
    private readonly model: RpcModel,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    /** `locks`: the regions of the lock libraries (false: a file that names no acquiring method); `singleFlights`: flight regions too. */
    private readonly options: { readonly locks?: boolean; readonly singleFlights?: boolean } = {},
  ) {}

  listeners(): TSESLint.RuleListener {
    const flights = this.options.singleFlights ? { AssignmentExpression: (node: TSESTree.AssignmentExpression) => this.onAssignment(node) } : {};
    if (this.options.locks === false) return flights;
    const own = {
      ...flights,
      onCodePathStart: (_codePath: unknown, node: TSESTree.Node) => {
        this.recording.push(isFunction(node) && this.mayAcquire(node));
      },
      onCodePathEnd: () => {
        this.recording.pop();
      },
      '*': (node: TSESTree.Node) => {
        if (this.recording.at(-1)) this.recorder.recordNow(node);
      },
      CallExpression: (node: TSESTree.CallExpression) => this.onCall(node),
    } as unknown as TSESLint.RuleListener;
    return mergeListeners(own, this.recorder.listeners(() => undefined));
  }

  all(): readonly HeldRegion[] {
    return this.regions;
  }

  heldAt(node: TSESTree.Node): HeldRegion[] {
    let at = node;
    let fn = enclosingFunction(at);
    while (fn && isPromiseExecutor(fn)) {
      at = fn.parent;
      fn = enclosingFunction(at);
    }
    if (!fn) return [];
    const found: HeldRegion[] = [];
    for (const region of this.regions) {
      if (region.body !== fn || at === region.call) continue;
      if (region.shape === 'scoped' || this.recorder.pathAvoiding(region.call, at, region.extent === 'certain' ? region.releases : [])) found.unshift(region);
    }
    // A scoped callback the outer region waits for runs while the outer lock is held too.
    const inner = this.regions.find((region) => region.shape === 'scoped' && region.body === fn);
    if (inner) {
      for (const outer of this.heldAt(inner.call)) if (this.waitsFor(outer, inner.call)) found.push(outer);
    }
    return found;
  }

  /** Whether `region` stays held until the promise of `node` (in the region's own code) settles. */
  waitsFor(region: HeldRegion, node: TSESTree.Node): boolean {
    const waited = waitedBy(this.model.tsNodeOf(node) as ts.Expression);
    if (!waited || waited.fn !== this.model.tsNodeOf(region.body)) return false;
    return region.shape === 'scoped' || waited.how === 'await';
  }

  /** Cheap syntactic filter: the function's own code calls a method named like `acquire()`. */
  private mayAcquire(fn: FunctionNode): boolean {
    let found = false;
    walk(fn.body, this.sourceCode.visitorKeys, (node) => {
      if (found || isFunction(node)) return false;
      if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && ACQUIRE_METHODS.has(staticMemberName(node.callee) ?? '')) found = true;
      return undefined;
    });
    return found;
  }

  private onCall(node: TSESTree.CallExpression): void {
    const callee = calleeOf(node);
    if (callee.type !== 'MemberExpression' || !LOCK_METHODS.has(staticMemberName(callee) ?? '')) return;
    const acquisition = acquisitionOf(this.model.tsNodeOf(node) as ts.CallExpression, this.model.checker, this.model.program);
    if (!acquisition) return;
    const common = {
      acquisition,
      call: node,
      bounded: acquisition.bounded || this.lockBounded(callee.object, acquisition),
      exclusive: acquisition.shared === false && (!acquisition.counting || this.singlePermit(callee.object)),
    };
    if (acquisition.shape === 'scoped') {
      const target = acquisition.callback && skipTypeWrappers(acquisition.callback);
      const callback = node.arguments.find((argument) => this.model.tsNodeOf(argument) === target);
      if (!callback || !isFunction(callback)) return;
      this.regions.push({ ...common, shape: 'scoped', body: callback, extent: 'certain', holder: holderName(enclosingFunction(node)), releases: [] });
    } else if (acquisition.shape === 'acquire') {
      const awaited = node.parent.type === 'AwaitExpression' ? node.parent : null;
      const fn = enclosingFunction(node);
      if (!awaited || !fn) return;
      const { releases, escapes } = this.releasesOf(awaited, acquisition, fn);
      this.regions.push({ ...common, shape: 'acquire', body: fn, extent: escapes || releases.length === 0 ? 'uncertain' : 'certain', holder: holderName(fn), releases });
    }
  }

  /**
   * `this.reconnectPromise = (async () => …)()`: a single-flight guard's write (by syntax first:
   * a field or variable set to a call, `.then`/`.finally` chains included), then the program-wide
   * fact of its function, and the flight's body when it is in this file.
   */
  private onAssignment(node: TSESTree.AssignmentExpression): void {
    if (node.operator !== '=' && node.operator !== '??=' && node.operator !== '||=') return;
    const left = skipEsTypeWrappers(node.left);
    if (left.type !== 'Identifier' && !(left.type === 'MemberExpression' && left.object.type === 'ThisExpression')) return;
    const value = skipEsTypeWrappers(node.right).type;
    if (value !== 'CallExpression' && value !== 'Identifier') return;
    const fn = enclosingFunction(node);
    // The join, by text first: the file awaits or returns what is stored (or it is stored with `??=`/`||=`).
    if (!fn || (node.operator === '=' && !this.awaitedOrReturned().has(this.sourceCode.getText(left).replace(/\s+/g, '')))) return;
    const tsFn = fn && this.model.tsNodeOf(fn);
    if (!fn || !tsFn || !isSummarizedFunction(tsFn)) return;
    const write = this.model.tsNodeOf(node);
    const flight = singleFlightsOf(tsFn, summariesOf(this.model.program)).find((f) => f.write === write);
    if (!flight?.flight) return;
    let body = this.model.esTreeNodeOf(flight.flight);
    if (body?.type === 'MethodDefinition' || body?.type === 'PropertyDefinition') body = body.value ?? undefined;
    const call = this.model.esTreeNodeOf(flight.start);
    if (!body || !isFunction(body) || call?.type !== 'CallExpression') return;
    const acquisition: Acquisition = {
      call: flight.start,
      entry: SINGLE_FLIGHT,
      shape: 'scoped',
      method: '',
      lockExpression: flight.guard,
      lock: flight.lock,
      callback: null,
      waits: true,
      bounded: false,
      shared: false,
      counting: false,
      label: flight.label,
    };
    this.regions.push({ acquisition, call, shape: 'scoped', body, extent: 'certain', bounded: false, exclusive: true, holder: holderName(fn), releases: [] });
  }

  /**
   * The fields and variables the file awaits or returns anywhere (`await this.p`, `return p`,
   * `=> this.p`), by one pass over its text: a cheap test before the program-wide facts.
   */
  private awaitedOrReturned(): ReadonlySet<string> {
    if (!this.awaitedTexts) {
      this.awaitedTexts = new Set();
      for (const match of this.sourceCode.text.matchAll(AWAITED_OR_RETURNED)) this.awaitedTexts.add(match[1]!.replace(/\s+/g, ''));
    }
    return this.awaitedTexts;
  }

  /** The calls that end an acquire region in `fn`, and whether the releaser escapes its own code. */
  private releasesOf(awaited: TSESTree.AwaitExpression, acquisition: Acquisition, fn: FunctionNode): { releases: TSESTree.CallExpression[]; escapes: boolean } {
    const releases: TSESTree.CallExpression[] = [];
    let escapes = false;
    const holder = awaited.parent;
    if (holder.type === 'VariableDeclarator' && holder.init === awaited) {
      // `const release = await m.acquire()` / `const [, release] = await semaphore.acquire()`.
      const id = holder.id.type === 'Identifier' ? holder.id : holder.id.type === 'ArrayPattern' ? holder.id.elements[1] : undefined;
      if (id?.type === 'Identifier') {
        const variable = variableOf(id, this.sourceCode);
        for (const reference of variable?.references ?? []) {
          if (reference.init) continue;
          const parent = reference.identifier.parent;
          if (parent?.type === 'CallExpression' && parent.callee === reference.identifier && enclosingFunction(parent) === fn) releases.push(parent);
          else escapes = true; // handed to a callback, stored, returned: its end is not ours to see
        }
      } else if (holder.id.type !== 'Identifier') {
        escapes = true;
      }
    } else if (holder.type !== 'ExpressionStatement') {
      escapes = true; // `return await m.acquire()`, passed on: the releaser goes elsewhere
    }
    // `lock.release()` on the same lock (await-lock, async-mutex `Mutex#release`).
    const lock = acquisition.lock;
    if (lock) {
      walk(fn.body, this.sourceCode.visitorKeys, (node) => {
        if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || !RELEASE_METHODS.has(staticMemberName(node.callee) ?? '')) return;
        const ref = lockRefOf(this.model.tsNodeOf(node.callee.object) as ts.Expression, this.model.checker);
        if (!ref || ref.symbol !== lock.symbol || ref.self !== lock.self) return;
        if (enclosingFunction(node) === fn) releases.push(node);
        else escapes = true;
      });
    } else {
      escapes = true;
    }
    return { releases, escapes };
  }

  /** Every value the lock expression may hold is `withTimeout(…)`, `tryAcquire(…)`, or built with bounding options. */
  private lockBounded(lockExpression: TSESTree.Node, acquisition: Acquisition): boolean {
    const values = originValues(lockExpression, this.sourceCode);
    if (!values || values.length === 0) return false;
    return values.every((value) => {
      if (value.type === 'CallExpression') return this.model.valueIs(calleeOf(value), TIMEOUT_WRAPPERS) || this.model.valueIs(calleeOf(value), NON_WAITING_WRAPPERS);
      return value.arguments.some(
        (argument) =>
          argument.type === 'ObjectExpression' &&
          argument.properties.some((p) => p.type === 'SpreadElement' || acquisition.entry.boundingOptions.includes(propertyKeyName(p) ?? '')),
      );
    });
  }

  /** `new Semaphore(1)` (also inside `withTimeout`): a counting lock used as a mutex. */
  private singlePermit(lockExpression: TSESTree.Node): boolean {
    const values = originValues(lockExpression, this.sourceCode);
    if (!values || values.length === 0) return false;
    return values.every((value) => {
      const created = value.type === 'CallExpression' && value.arguments[0]?.type === 'NewExpression' ? value.arguments[0] : value;
      const permits = created.type === 'NewExpression' ? created.arguments[0] : undefined;
      return permits?.type === 'Literal' && permits.value === 1;
    });
  }
}

/** `new Promise(executor)`: the executor runs at once, where the `new` is. */
function isPromiseExecutor(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return parent?.type === 'NewExpression' && parent.arguments[0] === fn && parent.callee.type === 'Identifier' && parent.callee.name === 'Promise';
}

/** `close()`, `send()`, `handler()`: the name of the function a lock is held in, for messages. */
export function holderName(fn: FunctionNode | null): string {
  if (!fn) return 'the module';
  const parent = fn.parent;
  let name: string | null = null;
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) name = fn.id.name;
  else if (parent?.type === 'MethodDefinition' && parent.kind === 'get') return `get ${propertyKeyName(parent) ?? 'accessor'}`;
  else if (parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') name = propertyKeyName(parent);
  else if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') name = parent.id.name;
  return name === null ? 'this function' : `${name}()`;
}
