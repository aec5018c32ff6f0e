import ts from 'typescript';

import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { extendsTypes, forEachOwnNode, hasModifier, skipTypeWrappers } from '../../syntax/ts-ast.js';
import { isMemoised } from '../flow/memo.js';
import { isTestFile } from '../../model/test-files.js';

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

  constructor(
    private readonly summaries: Summaries,
    private readonly library: LibraryConnection,
    /** What the ownership facts know beyond the library: a learnt class or a factory's call. */
    private readonly created: (node: ts.NewExpression | ts.CallExpression) => { label: string } | null,
    /** A library function known only by its declaration that opens one (asked only of calls with no body to read). */
    private readonly declared: LibraryConnection = () => null,
  ) {
    this.classFact = { name: 'connection-class', unknown: null, recursive: null, compute: (cls) => this.computeClass(cls) };
    this.functionFact = { name: 'connection-function', unknown: null, recursive: null, compute: (fn) => this.computeFunction(fn) };
  }

  /** What constructing `cls` opens, or null. */
  perInstance(cls: ts.ClassLikeDeclaration): Opening | null {
    return this.summaries.get(this.classFact, cls);
  }

  /** What a run of `fn` opens every time, or null. */
  perRun(fn: SummarizedFunction): Opening | null {
    return this.summaries.get(this.functionFact, fn);
  }

  /** What evaluating `node` opens: a library connection, an object that opens one, a function that does. */
  openedBy(node: ts.NewExpression | ts.CallExpression): Opening | null {
    const library = this.library(node);
    if (library) return { label: library };
    if (ts.isNewExpression(node)) {
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
      if (hasModifier(member, ts.SyntaxKind.StaticKeyword)) continue;
      const code = ts.isPropertyDeclaration(member) ? member.initializer : ts.isConstructorDeclaration(member) ? member.body : undefined;
      if (!code) continue;
      let found: Opening | null = null;
      const visit = (node: ts.Node): void => {
        if (found || (!ts.isNewExpression(node) && !ts.isCallExpression(node))) return;
        if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) return;
        found = this.openedBy(node);
      };
      if (ts.isNewExpression(code) || ts.isCallExpression(code)) visit(code);
      forEachOwnNode(code, visit);
      if (found) return found;
    }
    return null;
  }

  private computeFunction(fn: SummarizedFunction): Opening | null {
    if (!fn.body) return null;
    let found: Opening | null = null;
    const visit = (node: ts.Node): void => {
      if (found || (!ts.isNewExpression(node) && !ts.isCallExpression(node)) || isMemoised(node, fn)) return;
      found = this.openedBy(node);
    };
    if (!ts.isBlock(fn.body)) visit(skipTypeWrappers(fn.body));
    forEachOwnNode(fn.body, visit);
    return found;
  }

  /** The class declared in the program's sources that an `extends` expression names. */
  private sourceClass(expression: ts.Expression): ts.ClassLikeDeclaration | null {
    let symbol = this.summaries.checker.getSymbolAtLocation(expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.summaries.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    return declaration && ts.isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
  }
}

function nullable(label: string | null): Opening | null {
  return label === null ? null : { label };
}
