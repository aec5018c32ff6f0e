import type ts from 'typescript';

import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { extendsTypes, forEachOwnNode, hasModifier, returnedValues, skipTypeWrappers, skipValueWrappers } from '../../syntax/ts-ast.js';
import { isMemoised } from '../flow/memo.js';
import { isTestFile } from '../../model/test-files.js';
import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isBlock, isCallExpression, isClassLike, isConstructorDeclaration, isNewExpression, isPropertyDeclaration, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * What opens a new connection each time it runs, across files, on the program-wide summaries: a
 * library connection (a grpc-js client or channel, a nice-grpc channel, a connect session manager, a
 * connect-node transport with its own HTTP/2 session), an object of a class whose construction opens
 * one (in its constructor, its instance field initializers, a base class's constructor, or a method
 * the constructor calls), or a call of a function that opens one on every run (not behind a memo:
 * `cache.get(k) ?? create(k)`, `this.x ??= create()`). A transport has no close method, so the
 * ownership facts (which follow what can be closed) do not see it; this fact only says what opens.
 */

export interface Opening {
  /** What is opened, for messages: "gRPC channel", "connect transport". */
  readonly label: string;
}

/** The model's answer for one expression: the connection a library call or constructor opens. */
export type LibraryConnection = (node: ts.NewExpression | ts.CallExpression) => string | null;

export class ConnectionFacts {
  private readonly classFact: SummaryFact<Opening | null, ts.ClassLikeDeclaration>;
  private readonly functionFact: SummaryFact<Opening | null>;
  private readonly returnFact: SummaryFact<Opening | null>;

  constructor(
    private readonly summaries: Summaries,
    private readonly library: LibraryConnection,
    /** What the ownership facts know beyond the library: a learnt class or a factory's call. */
    private readonly created: (node: ts.NewExpression | ts.CallExpression) => { label: string } | null,
    /** A library function known only by its declaration that opens one (asked only of calls with no body to read). */
    private readonly declared: LibraryConnection = () => null,
    /** Whether the program's own code can make a connection at all (`OwnershipFacts.mayMake`): when not, every fact here is null. */
    private readonly mayOpen: () => boolean = () => true,
  ) {
    this.classFact = { name: 'connection-class', unknown: null, recursive: null, compute: (cls) => this.computeClass(cls) };
    this.functionFact = { name: 'connection-function', unknown: null, recursive: null, compute: (fn) => this.computeFunction(fn) };
    this.returnFact = { name: 'connection-return', unknown: null, recursive: null, compute: (fn) => this.computeReturn(fn) };
  }

  /** What constructing `cls` opens, or null. */
  perInstance(cls: ts.ClassLikeDeclaration): Opening | null {
    return this.mayOpen() ? this.summaries.get(this.classFact, cls) : null;
  }

  /** What a run of `fn` opens every time, or null. */
  perRun(fn: SummarizedFunction): Opening | null {
    return this.mayOpen() ? this.summaries.get(this.functionFact, fn) : null;
  }

  /**
   * What every value `fn` returns opens afresh, when each is the connection itself: a library call, a
   * declared transport builder, or a call of another such function (`return createTransport(…)`,
   * `async (url) => createTransport(token, { baseUrl: url })`). A connect transport has nothing to
   * close, so the ownership facts' factories do not name such a function; a function that only uses a
   * connection inside (`getUser()` over a new client) is not one: its callers are not the creation.
   */
  returnedBy(fn: SummarizedFunction): Opening | null {
    return this.mayOpen() ? this.summaries.get(this.returnFact, fn) : null;
  }

  /** What evaluating `node` opens: a library connection, an object that opens one, a function that does. */
  openedBy(node: ts.NewExpression | ts.CallExpression): Opening | null {
    if (!this.mayOpen()) return null;
    const library = this.library(node);
    if (library) return { label: library };
    if (isNewExpression(node)) {
      const cls = this.summaries.classOf(node);
      return cls ? this.perInstance(cls) : null;
    }
    const owned = this.created(node);
    if (owned) return { label: owned.label };
    const callee = this.summaries.namedCallee(node);
    if (callee) return this.perRun(callee);
    return this.storedFactory(node) ?? nullable(this.declared(node));
  }

  /**
   * A call of a function-typed property (`this.createClient()`) whose every value the program
   * stores there (`Summaries.storedHandlers`: `{ createClient: () => new Client(…) }`, also through
   * an options object the constructor copies it from) opens a connection on every run; null when one
   * does not, or when the program shows none. Values that test files store are test doubles
   * (`createClient: () => mockClient`): not what the code runs with, so not counted.
   */
  storedFactory(call: ts.CallExpression): Opening | null {
    if (!this.mayOpen()) return null;
    const handlers = this.summaries.storedHandlers(call).filter((handler) => !isTestFile(handler.getSourceFile().fileName));
    if (handlers.length === 0) return null;
    let first: Opening | null = null;
    for (const handler of handlers) {
      const opened = this.perRun(handler);
      if (!opened) return null;
      first ??= opened;
    }
    return first;
  }

  private computeClass(cls: ts.ClassLikeDeclaration): Opening | null {
    const [base] = extendsTypes(cls);
    const baseClass = base ? this.sourceClass(base.expression) : null;
    const inherited = baseClass ? this.perInstance(baseClass) : null;
    if (inherited) return inherited;
    for (const member of cls.members) {
      if (hasModifier(member, SyntaxKind.StaticKeyword)) continue;
      const code = isPropertyDeclaration(member) ? member.initializer : isConstructorDeclaration(member) ? member.body : undefined;
      if (!code) continue;
      let found: Opening | null = null;
      const visit = (node: ts.Node): void => {
        if (found || (!isNewExpression(node) && !isCallExpression(node))) return;
        if (isCallExpression(node) && node.expression.kind === SyntaxKind.SuperKeyword) return;
        found = this.openedBy(node);
      };
      if (isNewExpression(code) || isCallExpression(code)) visit(code);
      forEachOwnNode(code, visit);
      if (found) return found;
    }
    return null;
  }

  private computeFunction(fn: SummarizedFunction): Opening | null {
    if (!fn.body) return null;
    let found: Opening | null = null;
    const visit = (node: ts.Node): void => {
      if (found || (!isNewExpression(node) && !isCallExpression(node)) || isMemoised(node, fn, this.summaries.checker)) return;
      found = this.openedBy(node);
    };
    if (!isBlock(fn.body)) visit(skipTypeWrappers(fn.body));
    forEachOwnNode(fn.body, visit);
    return found;
  }

  private computeReturn(fn: SummarizedFunction): Opening | null {
    const returned = returnedValues(fn.body);
    if (!returned) return null;
    let found: Opening | null = null;
    for (const expression of returned) {
      const at = skipValueWrappers(expression);
      if (!isCallExpression(at) || isMemoised(at, fn, this.summaries.checker)) return null;
      const library = this.library(at) ?? this.declared(at);
      const callee = library === null ? this.summaries.namedCallee(at) : null;
      const opened = library !== null ? { label: library } : callee ? this.returnedBy(callee) : null;
      if (!opened) return null;
      found ??= opened;
    }
    return found;
  }

  /** The class declared in the program's sources that an `extends` expression names. */
  private sourceClass(expression: ts.Expression): ts.ClassLikeDeclaration | null {
    let symbol = getSymbolAtLocation(this.summaries.checker, expression);
    symbol = resolveAlias(this.summaries.checker, symbol);
    const declaration = symbol?.valueDeclaration;
    return declaration && isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
  }
}

function nullable(label: string | null): Opening | null {
  return label === null ? null : { label };
}
