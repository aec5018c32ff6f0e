import type ts from 'typescript';

import { hasModifier, memberName, skipTypeWrappers, thisClassOf } from '../syntax/ts-ast.js';
import { getContextualType, getNonNullableType, getResolvedSignature, getRootSymbols, getSymbolAtLocation, getTypeAtLocation, hasSymbolFlag, resolveAlias } from '../model/checker.js';
import { findAncestor, forEachChild, isArrayBindingPattern, isArrayTypeNode, isArrowFunction, isBinaryExpression, isBindingElement, isCallExpression, isExportSpecifier, isImportClause, isImportEqualsDeclaration, isImportSpecifier, isNamespaceExport, isNamespaceImport, isClassElement, isClassLike, isConstDeclaration, isConstructorDeclaration, isForOfStatement, isFunctionDeclaration, isFunctionExpression, isGetAccessorDeclaration, isIdentifier, isLiteralTypeNode, isMethodDeclaration, isNewExpression, isObjectBindingPattern, isObjectLiteralExpression, isParameter, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isSetAccessorDeclaration, isTypeOperatorNode, isTypeReferenceNode, isUnionTypeNode, isVariableDeclaration, isVariableDeclarationList, SyntaxKind, isComputedPropertyName, isStringLiteral } from '../syntax/ts-nodes.js';

/**
 * Program-wide summaries: facts about declarations (functions, methods, constructors, classes),
 * computed on the TypeScript AST so that callees in other files count, lazily (only when a rule
 * asks), once per declaration per `ts.Program` and fact, depth-bounded and safe on recursion.
 * Every rule family adds its facts as `SummaryFact`s next to its analysis; there is one framework.
 *
 * "Unknown" is a first-class answer: each fact says what it is (usually the answer that keeps
 * rules quiet), and it is what a declaration without a body, a callee the checker cannot resolve,
 * or a chain deeper than `MAX_DEPTH` gets.
 */
export interface SummaryFact<T, Node extends ts.Node = SummarizedFunction> {
  /** For stats and debugging. */
  readonly name: string;
  /** Where knowledge ends: too deep, no body, unresolvable. */
  readonly unknown: T;
  /**
   * The answer for a declaration asked for again while its own computation runs (recursion).
   * For facts that collect what a body does through its callees (locks acquired, awaits), the empty
   * answer is right: the other members of the cycle contribute their own bodies.
   */
  readonly recursive: T;
  /** Computes the fact from the declaration's own AST; asks for callees' facts through `summaries`. */
  compute(node: Node, summaries: Summaries): T;
}

/** A function-like declaration that has a body to summarise. */
export type SummarizedFunction =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/** How many summaries one summary may pull in, nested, before the answer is `unknown`. */
export const MAX_DEPTH = 8;

/**
 * Time spent computing summaries, for `npm run bench` (not used by any rule): per fact name (a
 * summary's time includes the summaries it pulls in), and in all (outermost computations only).
 */
export const summaryStats = new Map<string, { computed: number; ms: number }>();
export const summaryTotal = { ms: 0 };

export class Summaries {
  private readonly cache = new Map<object, Map<ts.Node, unknown>>();
  private namesIndex: NamesIndex | null = null;
  private readonly calleesByCall = new WeakMap<ts.CallExpression, SummarizedFunction | null>();
  private readonly membersByCall = new WeakMap<ts.CallExpression, SummarizedFunction | null>();
  private readonly receiverMethodsByCall = new WeakMap<ts.CallExpression, ts.MethodDeclaration | null>();
  private readonly overridesByMethod = new WeakMap<ts.MethodDeclaration, readonly SummarizedFunction[] | null>();
  private readonly inProgress = new Map<object, Set<ts.Node>>();
  private readonly handlersByProperty = new Map<ts.Symbol, SummarizedFunction[]>();
  private readonly storesByName = new Map<string, boolean>();
  private depth = 0;
  private checkerInstance: ts.TypeChecker | null = null;

  constructor(readonly program: ts.Program) {}

  /** Created on first use: a rule that never asks for a summary never creates the checker here. */
  get checker(): ts.TypeChecker {
    return (this.checkerInstance ??= this.program.getTypeChecker());
  }

  /** The fact for `node`, computed once per program; `unknown` past `MAX_DEPTH` or on a crash. */
  get<T, Node extends ts.Node>(fact: SummaryFact<T, Node>, node: Node): T {
    let byNode = this.cache.get(fact);
    if (!byNode) this.cache.set(fact, (byNode = new Map<ts.Node, unknown>()));
    if (byNode.has(node)) return byNode.get(node) as T;
    let running = this.inProgress.get(fact);
    if (!running) this.inProgress.set(fact, (running = new Set()));
    if (running.has(node)) return fact.recursive;
    if (this.depth >= MAX_DEPTH) return fact.unknown;
    const outermost = this.depth === 0;
    running.add(node);
    this.depth++;
    const started = performance.now();
    let value: T;
    try {
      value = fact.compute(node, this);
    } catch {
      value = fact.unknown; // a checker crash on odd code must not crash the lint run
    } finally {
      this.depth--;
      running.delete(node);
    }
    const elapsed = performance.now() - started;
    if (outermost) summaryTotal.ms += elapsed;
    const stats = summaryStats.get(fact.name) ?? { computed: 0, ms: 0 };
    stats.computed++;
    stats.ms += elapsed;
    summaryStats.set(fact.name, stats);
    byNode.set(node, value);
    return value;
  }

  /**
   * The declaration a call or `new` runs, resolved by the checker: a function, an imported
   * function, a `this`/static method, a method through the declared type, a constructor. Null when
   * it has no body here (declaration files, interfaces, abstract members), is overloaded, or
   * cannot be resolved (`any`, a union of functions).
   */
  calleeOf(call: ts.CallExpression | ts.NewExpression): SummarizedFunction | null {
    try {
      const calleeType = getTypeAtLocation(this.checker, call.expression);
      // A union of functions or classes with identical signatures still has one signature.
      if (getNonNullableType(this.checker, calleeType).isUnion()) return null;
      const signatures = isNewExpression(call) ? calleeType.getConstructSignatures() : calleeType.getCallSignatures();
      if (signatures.length !== 1) return null; // overloads, unions of functions, `any`
      const declaration = getResolvedSignature(this.checker, call)?.declaration;
      return declaration && isSummarizedFunction(declaration) && declaration.body ? declaration : null;
    } catch {
      return null;
    }
  }

  /**
   * The function a call names directly — `f()`, `this.f()`, `Class.f()` — by its symbol, when it
   * has exactly one declaration with a body in the program's sources. Asked of many calls, so it
   * resolves names only: no signature resolution (which type-checks the arguments), no type of an
   * arbitrary receiver. Overloads, unions of functions and `any` have no single declaration and
   * give null, like `calleeOf`; where both answer, they name the same declaration. Instance calls
   * on other objects (`obj.f()`) and longer chains are not followed.
   */
  namedCallee(call: ts.CallExpression): SummarizedFunction | null {
    // Several rules ask about the same calls; resolving a name is not cached by the checker.
    let known = this.calleesByCall.get(call);
    if (known === undefined) this.calleesByCall.set(call, (known = this.resolveNamedCallee(call)));
    return known;
  }

  /**
   * The function a member call `x.f()` runs when its name alone does not say (`namedCallee` is null):
   * the symbol the checker resolves `f` to through the receiver's type, when the receiver is `this`,
   * `super` or a name — an inherited method (`this.load()` in a static method of a subclass),
   * `super.f()`, a namespace import's function (`ns.make()`), an object's method (`factories.make()`).
   * No signature is resolved; overloads, unions and declaration files give null. Rarer than
   * `namedCallee`, and asked only where a call's result or argument matters.
   */
  memberCallee(call: ts.CallExpression): SummarizedFunction | null {
    let known = this.membersByCall.get(call);
    if (known === undefined) this.membersByCall.set(call, (known = this.resolveMemberCallee(call)));
    return known;
  }

  private resolveMemberCallee(call: ts.CallExpression): SummarizedFunction | null {
    const callee = skipTypeWrappers(call.expression);
    if (!isPropertyAccessExpression(callee)) return null;
    try {
      // Names before types: only receivers whose members the program declares are typed.
      if (!this.mayDeclareMember(callee.expression, callee)) return null;
      return functionOfSymbol(this.resolvedSymbol(callee.name));
    } catch {
      return null;
    }
  }

  /**
   * Whether a member of `receiver` may be a function of the program found only through types:
   * `super`, `this` in a class that extends another, a namespace import, a class, or a `const`
   * object literal. Other receivers (parameters, locals, fields) are not typed here.
   */
  private mayDeclareMember(receiver: ts.Expression, at: ts.Node): boolean {
    if (receiver.kind === SyntaxKind.SuperKeyword) return true;
    if (receiver.kind === SyntaxKind.ThisKeyword) {
      // The class of the member `this` stands in, static or not (arrows keep the member's `this`).
      const member = findAncestor(at, (n) => (isClassElement(n) && isClassLike(n.parent) ? true : isFunctionExpression(n) || isFunctionDeclaration(n) ? 'quit' : false));
      const cls = member?.parent;
      return cls !== undefined && isClassLike(cls) && (cls.heritageClauses ?? []).some((h) => h.token === SyntaxKind.ExtendsKeyword);
    }
    if (!isIdentifier(receiver)) return false;
    const target = this.resolvedSymbol(receiver);
    const declaration = target?.valueDeclaration;
    if (!target || !declaration || declaration.getSourceFile().isDeclarationFile || this.program.isSourceFileFromExternalLibrary(declaration.getSourceFile())) return false;
    if (hasSymbolFlag(target, 'ValueModule') || isClassLike(declaration)) return true;
    return (
      isVariableDeclaration(declaration) &&
      isConstDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      isObjectLiteralExpression(skipTypeWrappers(declaration.initializer))
    );
  }

  /**
   * The method `x.m()` runs on another object — a parameter, a local, a field (`this.helper.make()`,
   * `this.deps.helper.make()`) — found through the receiver's declared class, without typing it: the
   * binding the receiver names (a parameter, a variable, a field or parameter property of `this`'s
   * class or of the class a shorter chain names) is annotated with a class of the program's sources
   * (`helper: Helper`, `Helper | undefined`) or, without an annotation, initialised with `new Helper()`;
   * the method is that class's, or a base class's, one declaration with a body. Interfaces, unions of
   * classes, `any`, declaration files, overloads and static methods give null. A subclass may override
   * it: see `overridesOf`.
   */
  receiverMethod(call: ts.CallExpression): ts.MethodDeclaration | null {
    let known = this.receiverMethodsByCall.get(call);
    if (known === undefined) {
      known = null;
      const callee = skipTypeWrappers(call.expression);
      try {
        if (isPropertyAccessExpression(callee) && isIdentifier(callee.name)) {
          const cls = this.declaredClassOf(callee.expression, 0);
          known = cls ? this.inheritedMethod(cls, callee.name.text) : null;
        }
      } catch {
        known = null;
      }
      this.receiverMethodsByCall.set(call, known);
    }
    return known;
  }

  /**
   * The class of the program's sources that a receiver's binding declares: by its annotation, else its
   * `new C()` initializer; a `for…of` variable, by the element type of the annotated array it iterates.
   */
  private declaredClassOf(receiver: ts.Expression, depth: number): ts.ClassLikeDeclaration | null {
    const binding = this.bindingOf(receiver, depth);
    if (!binding) return null;
    if (binding.type) return this.classNamedBy(binding.type);
    const loop = isVariableDeclaration(binding) && isVariableDeclarationList(binding.parent) ? binding.parent.parent : undefined;
    if (loop && isForOfStatement(loop)) {
      const iterated = this.bindingOf(loop.expression, depth + 1)?.type;
      const element = iterated && elementTypeOf(iterated);
      return element ? this.classNamedBy(element) : null;
    }
    const init = binding.initializer && skipTypeWrappers(binding.initializer);
    return init && isNewExpression(init) ? this.classOf(init) : null;
  }

  /** The declaration an expression reads: a parameter or variable it names, or a field of `this`'s class or of the class a shorter chain declares. */
  private bindingOf(expression: ts.Expression, depth: number): ts.ParameterDeclaration | ts.VariableDeclaration | ts.PropertyDeclaration | null {
    const at = skipTypeWrappers(expression);
    if (depth > 3) return null;
    let binding: ts.Node | undefined;
    if (isIdentifier(at)) binding = this.resolvedSymbol(at)?.valueDeclaration;
    else if (isPropertyAccessExpression(at)) {
      const owner = at.expression.kind === SyntaxKind.ThisKeyword ? thisClassOf(at) : this.declaredClassOf(at.expression, depth + 1);
      binding = (owner && this.inheritedField(owner, at.name.text)) ?? undefined;
    }
    return binding && (isParameter(binding) || isVariableDeclaration(binding) || isPropertyDeclaration(binding)) ? binding : null;
  }

  /** The class a type annotation names (`Helper`, `ns.Helper`, `Helper<T>`, `Helper | undefined`), when it is one class of the program's sources. */
  private classNamedBy(type: ts.TypeNode): ts.ClassLikeDeclaration | null {
    if (isUnionTypeNode(type)) {
      const named = type.types.filter((t) => t.kind !== SyntaxKind.UndefinedKeyword && !(isLiteralTypeNode(t) && t.literal.kind === SyntaxKind.NullKeyword));
      return named.length === 1 ? this.classNamedBy(named[0]!) : null;
    }
    if (!isTypeReferenceNode(type)) return null;
    const name = isIdentifier(type.typeName) ? type.typeName : type.typeName.right;
    const declarations = this.resolvedSymbol(name)?.declarations ?? [];
    const declaration = declarations.length === 1 ? declarations[0]! : undefined; // a class merged with an interface may be either
    return declaration && isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
  }

  /** The field or parameter property named `name` of `cls` or of the classes it extends. */
  private inheritedField(cls: ts.ClassLikeDeclaration, name: string): ts.PropertyDeclaration | ts.ParameterDeclaration | null {
    for (let at: ts.ClassLikeDeclaration | null = cls, depth = 0; at && depth < 8; at = this.baseClassOf(at), depth++) {
      for (const member of at.members) {
        if (isPropertyDeclaration(member) && member.name && memberName(member.name) === name && !hasModifier(member, SyntaxKind.StaticKeyword)) return member;
        if (!isConstructorDeclaration(member)) continue;
        const property = member.parameters.find((p) => isIdentifier(p.name) && p.name.text === name && (p.modifiers?.length ?? 0) > 0);
        if (property) return property;
      }
    }
    return null;
  }

  /** The one instance method with a body named `name` of `cls` or of the nearest class it extends that declares one. */
  private inheritedMethod(cls: ts.ClassLikeDeclaration, name: string): ts.MethodDeclaration | null {
    for (let at: ts.ClassLikeDeclaration | null = cls, depth = 0; at && depth < 8; at = this.baseClassOf(at), depth++) {
      if (at.getSourceFile().isDeclarationFile) return null;
      const named = at.members.filter((m) => m.name !== undefined && memberName(m.name) === name && !hasModifier(m, SyntaxKind.StaticKeyword));
      if (named.length === 0) continue;
      const [method] = named;
      return named.length === 1 && isMethodDeclaration(method!) && method.body ? method : null;
    }
    return null;
  }

  /** The class `cls` extends, when the checker resolves its name to a class declaration. */
  private baseClassOf(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | null {
    const heritage = (cls.heritageClauses ?? []).find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const named = heritage && (isIdentifier(heritage) ? heritage : isPropertyAccessExpression(heritage) ? heritage.name : null);
    const declaration = named ? this.resolvedSymbol(named)?.valueDeclaration : undefined;
    return declaration && isClassLike(declaration) ? declaration : null;
  }

  /**
   * The members that override `method` (same name, both static or both not) in the classes of the
   * program's sources that extend its class, directly or not, found by name: what a receiver declared
   * as the base class may run instead. Null when one of them has no body to read (a field, an abstract
   * or overloaded member) or a class of that name extends what the checker cannot name (a mixin).
   */
  overridesOf(method: ts.MethodDeclaration): readonly SummarizedFunction[] | null {
    if (this.overridesByMethod.has(method)) return this.overridesByMethod.get(method)!;
    const cls = method.parent;
    const name = memberName(method.name);
    let found: SummarizedFunction[] | null = [];
    if (name === null || !isClassLike(cls)) found = null;
    else {
      const statik = hasModifier(method, SyntaxKind.StaticKeyword);
      for (const occurrence of this.occurrencesOf(name)) {
        const member = occurrence.parent;
        if (!isClassElement(member) || member.name !== occurrence || !isClassLike(member.parent) || member.parent === cls) continue;
        if (hasModifier(member, SyntaxKind.StaticKeyword) !== statik) continue;
        const derives = this.derivesFrom(member.parent, cls);
        if (derives === false) continue;
        const override = derives ? memberFunction(member.parent, name, statik) : null;
        if (!override) {
          found = null;
          break;
        }
        found.push(override);
      }
    }
    this.overridesByMethod.set(method, found);
    return found;
  }

  /** Whether `cls` extends `base`, directly or not; null where an `extends` names what the checker cannot resolve to a class. */
  private derivesFrom(cls: ts.ClassLikeDeclaration, base: ts.ClassLikeDeclaration): boolean | null {
    let at: ts.ClassLikeDeclaration = cls;
    for (let depth = 0; depth < 16; depth++) {
      if (!(at.heritageClauses ?? []).some((h) => h.token === SyntaxKind.ExtendsKeyword)) return false;
      const next = this.baseClassOf(at);
      if (!next) return null;
      if (next === base) return true;
      at = next;
    }
    return null;
  }

  private resolveNamedCallee(call: ts.CallExpression): SummarizedFunction | null {
    const callee = skipTypeWrappers(call.expression);
    try {
      // Names before symbols (`mayNameFunction`): most calls name no function of the program.
      if (isIdentifier(callee)) return this.mayNameFunction(callee.text, false) ? functionOfSymbol(this.resolvedSymbol(callee)) : null;
      if (!isPropertyAccessExpression(callee)) return null;
      // `this.f()` / `Class.f()`: the member found by name in the class, without typing the receiver.
      if (callee.expression.kind === SyntaxKind.ThisKeyword) {
        // A nested `function` has a `this` of its own: stop there.
        const member = findAncestor(callee, (n) =>
          isClassElement(n) && isClassLike(n.parent) ? true : isFunctionExpression(n) || isFunctionDeclaration(n) ? 'quit' : false,
        ) as ts.ClassElement | undefined;
        if (!member || !isClassLike(member.parent)) return null;
        return memberFunction(member.parent, callee.name.text, hasModifier(member, SyntaxKind.StaticKeyword));
      }
      if (!isIdentifier(callee.expression) || !this.mayNameFunction(callee.name.text, true)) return null;
      const declaration = this.resolvedSymbol(callee.expression)?.valueDeclaration;
      return declaration && isClassLike(declaration) ? memberFunction(declaration, callee.name.text, true) : null;
    } catch {
      return null;
    }
  }

  /**
   * Every identifier and member name `name` (`f`, `x.f`, `x?.f`, `#f`) in the program's own source
   * files (not declaration files or libraries' files), in one index built on first use: the places
   * that may call or pass a function, for facts that follow callers across files. Syntax only; the
   * caller resolves which of them are the function it asks about.
   */
  occurrencesOf(name: string): readonly ts.Node[] {
    return this.indexOfNames().occurrences.get(name) ?? [];
  }

  /**
   * The functions of the program's sources that a call naming `name` (`name()`, `x.name()`) may run,
   * by the name they are declared or bound under (`function name`, a method or accessor `name`,
   * `const name = () => …`, `{ name: () => … }`, string-literal names too): every declaration
   * `namedCallee` and `memberCallee` can resolve such a call to (`functionOfSymbol`, `memberFunction`).
   * Null where a name may stand for a function declared under another name — an import or export
   * binding (`import { make as name }`), `default`, a binding in a JavaScript file (`require`) — or
   * where a library's own sources are in the program (the index does not read them): then only the
   * checker can tell. Built in the same walk as `occurrencesOf`.
   */
  functionsNamed(name: string): readonly SummarizedFunction[] | null {
    const index = this.indexOfNames();
    if (index.hasLibrarySources || index.unreadNames || name === 'default' || index.aliases.has(name)) return null;
    return index.functions.get(name) ?? [];
  }

  /**
   * Whether a call naming `name` (`f()`; `Class.f()` when `statik`) may resolve to a function of the
   * program by its symbol (`functionOfSymbol`, a static `memberFunction`): some function is bound under
   * that name (a static member, for `Class.f()`), or the name may be an alias. Asked only once the
   * names index is built (other facts build it): before, the symbol decides, at the checker's cost.
   */
  private mayNameFunction(name: string, statik: boolean): boolean {
    if (!this.namesIndex) return true;
    const functions = this.functionsNamed(name);
    return functions === null || functions.some((fn) => !statik || isStaticMember(fn));
  }

  /**
   * What `occurrencesOf` does not hold: the declarations of the program's own sources whose name is a string
   * (`'client': …`, `['client']: …`), per name; the names imported or exported in the program's own
   * declaration files (`export { client as shared } from …`); and whether the index covers every source
   * file that is no declaration file (a library's `.ts` or `.js` file the program compiles is not indexed).
   */
  get namesBeyondIdentifiers(): { readonly declaredAsStrings: ReadonlyMap<string, readonly ts.Declaration[]>; readonly aliasNames: ReadonlySet<string>; readonly coversEverySource: boolean } {
    const index = this.indexOfNames();
    return { declaredAsStrings: index.declaredAsStrings, aliasNames: index.declarationFileAliases, coversEverySource: !index.hasLibrarySources };
  }

  private indexOfNames(): NamesIndex {
    if (!this.namesIndex) {
      const index: NamesIndex = {
        occurrences: new Map(),
        functions: new Map(),
        aliases: new Set(),
        declaredAsStrings: new Map(),
        declarationFileAliases: new Set(),
        hasLibrarySources: false,
        unreadNames: false,
      };
      let inJavaScript = false;
      // Parents are tracked here: a program not yet bound by a checker has none on its nodes.
      let parent: ts.Node | undefined;
      let grandparent: ts.Node | undefined;
      const visit = (node: ts.Node): void => {
        if (isIdentifier(node) || isPrivateIdentifier(node)) {
          const list = index.occurrences.get(node.text);
          if (list) list.push(node);
          else index.occurrences.set(node.text, [node]);
          if (parent && bindsAlias(node, parent, inJavaScript)) index.aliases.add(node.text);
        } else if (isStringLiteral(node)) {
          const declaration = declarationNamed(node, parent, grandparent);
          const list = index.declaredAsStrings.get(node.text);
          if (declaration && list) list.push(declaration);
          else if (declaration) index.declaredAsStrings.set(node.text, [declaration]);
        } else if (isSummarizedFunction(node) && node.body) {
          const name = parent ? boundName(node, parent) : null;
          if (name === undefined) index.unreadNames = true;
          else if (name !== null) {
            const list = index.functions.get(name);
            if (list) list.push(node);
            else index.functions.set(name, [node]);
          }
        }
        const [outer, outerParent] = [parent, grandparent];
        grandparent = parent;
        parent = node;
        forEachChild(node, visit);
        [parent, grandparent] = [outer, outerParent];
      };
      // A declaration file of the program's own may import or re-export a source's declaration under another name.
      const visitAliases = (node: ts.Node): void => {
        if (isImportSpecifier(node) || isExportSpecifier(node)) for (const name of [node.name, node.propertyName]) if (name) index.declarationFileAliases.add(name.text);
        forEachChild(node, visitAliases);
      };
      for (const file of this.program.getSourceFiles()) {
        if (file.isDeclarationFile) {
          if (!this.program.isSourceFileFromExternalLibrary(file) && !this.program.isSourceFileDefaultLibrary(file)) visitAliases(file);
          continue;
        }
        if (this.program.isSourceFileFromExternalLibrary(file)) {
          index.hasLibrarySources = true;
          continue;
        }
        inJavaScript = JAVASCRIPT_FILE.test(file.fileName);
        visit(file);
      }
      this.namesIndex = index;
    }
    return this.namesIndex;
  }

  /**
   * The functions the program stores on the property a call invokes when the property has no
   * body of its own (`this.onFailover?.()`, declared as a function-typed field): every
   * `x.onFailover = fn` in the program's sources whose `onFailover` is that property, and every
   * `{ onFailover: fn }` written where that property is expected. `fn` is a function, or a method
   * or function named by `this.m`, `f` or `….bind(…)`; or a property of another object, which
   * forwards what is stored there (`this.factory = options.factory`, or a destructured parameter
   * `({ factory }) => { this.factory = factory; }`). The program shows where such handlers are
   * stored; a handler stored where the program does not show it (a library, `any`) is not seen.
   * Found once per property per program, among the places that name it (`occurrencesOf`).
   */
  storedHandlers(call: ts.CallExpression): readonly SummarizedFunction[] {
    const callee = skipTypeWrappers(call.expression);
    if (!isPropertyAccessExpression(callee)) return [];
    try {
      // Names before types: a property the program never stores a function on has no handlers.
      if (!this.mayStoreHandlers(callee.name.text)) return [];
      const property = this.sourceProperty(getSymbolAtLocation(this.checker, callee.name));
      return property ? this.handlersOf(property, callee.name.text) : [];
    } catch {
      return [];
    }
  }

  /**
   * Whether some place in the program's sources may store a handler on a property named `name`, by
   * the places that name it: `x.name = v` or `{ name: v }` where `v` is a function (`functionValue`)
   * or may forward one (`forwardedProperty`: a member, a destructured parameter) — the only places
   * `findStoredHandlers` reads, without asking which property each one is. Asked before the checker
   * resolves the property of a call (which types its receiver): most calls name no such property.
   */
  private mayStoreHandlers(name: string): boolean {
    let known = this.storesByName.get(name);
    if (known === undefined) {
      known = this.occurrencesOf(name).some((occurrence) => {
        const stored = storedAt(occurrence);
        return stored !== null && (this.functionValue(stored) !== null || this.mayForward(stored));
      });
      this.storesByName.set(name, known);
    }
    return known;
  }

  /** Whether `forwardedProperty` may find a property that `value` reads: a member access, or a name destructured from a parameter. */
  private mayForward(value: ts.Expression): boolean {
    const at = skipTypeWrappers(value);
    if (isPropertyAccessExpression(at)) return true;
    if (!isIdentifier(at)) return false;
    const element = this.resolvedSymbol(at)?.valueDeclaration;
    return element !== undefined && isBindingElement(element) && isObjectBindingPattern(element.parent) && isParameter(element.parent.parent);
  }

  /** The one property symbol (declared in the program's sources, not a declaration file) that a symbol stands for. */
  private sourceProperty(found: ts.Symbol | undefined): ts.Symbol | null {
    const roots = found ? getRootSymbols(this.checker, found) : [];
    const property = roots.length === 1 ? roots[0]! : found;
    if (!property || !hasSymbolFlag(property, 'Property')) return null;
    return (property.declarations ?? []).some((d) => d.getSourceFile().isDeclarationFile) ? null : property;
  }

  private handlersOf(property: ts.Symbol, name: string): readonly SummarizedFunction[] {
    let handlers = this.handlersByProperty.get(property);
    if (!handlers) {
      this.handlersByProperty.set(property, []); // a property that forwards itself, through others
      this.handlersByProperty.set(property, (handlers = this.findStoredHandlers(property, name)));
    }
    return handlers;
  }

  private findStoredHandlers(property: ts.Symbol, name: string): SummarizedFunction[] {
    const handlers = new Set<SummarizedFunction>();
    const isProperty = (node: ts.Node): boolean => {
      const symbol = getSymbolAtLocation(this.checker, node);
      return symbol !== undefined && (symbol === property || getRootSymbols(this.checker, symbol).includes(property));
    };
    for (const occurrence of this.occurrencesOf(name)) {
      const parent = occurrence.parent;
      let stored: ts.Expression | null = null;
      const assignment = parent.parent;
      if (isPropertyAccessExpression(parent) && parent.name === occurrence && isBinaryExpression(assignment) && assignment.left === parent && assignment.operatorToken.kind === SyntaxKind.EqualsToken && isProperty(occurrence)) {
        stored = assignment.right;
      } else if (isPropertyAssignment(parent) && parent.name === occurrence && isObjectLiteralExpression(parent.parent)) {
        const expected = getContextualType(this.checker, parent.parent)?.getProperty(name);
        if (expected && (expected === property || getRootSymbols(this.checker, expected).includes(property))) stored = parent.initializer;
      }
      if (!stored) continue;
      const handler = this.functionValue(stored);
      if (handler) handlers.add(handler);
      const forwarded = handler ? null : this.forwardedProperty(stored);
      if (forwarded && forwarded.property !== property) for (const h of this.handlersOf(forwarded.property, forwarded.name)) handlers.add(h);
    }
    return [...handlers];
  }

  /** The property a stored value reads: `options.factory`, or `factory` destructured from a parameter (`({ factory }) => …`). */
  private forwardedProperty(value: ts.Expression): { readonly property: ts.Symbol; readonly name: string } | null {
    const at = skipTypeWrappers(value);
    const named = (property: ts.Symbol | null, name: string): { property: ts.Symbol; name: string } | null => (property ? { property, name } : null);
    if (isPropertyAccessExpression(at)) return named(this.sourceProperty(getSymbolAtLocation(this.checker, at.name)), at.name.text);
    if (!isIdentifier(at)) return null;
    const element = this.resolvedSymbol(at)?.valueDeclaration;
    if (!element || !isBindingElement(element) || !isObjectBindingPattern(element.parent) || !isParameter(element.parent.parent)) return null;
    const key = element.propertyName ?? element.name;
    if (!isIdentifier(key)) return null;
    const parameterType = getTypeAtLocation(this.checker, element.parent.parent);
    return named(this.sourceProperty(parameterType.getProperty(key.text)), key.text);
  }

  /** The function a value is: a function expression, or the function or method `f`, `this.m`, `x.bind(…)` names. */
  private functionValue(value: ts.Expression): SummarizedFunction | null {
    let at = skipTypeWrappers(value);
    if (isCallExpression(at) && isPropertyAccessExpression(at.expression) && at.expression.name.text === 'bind') at = skipTypeWrappers(at.expression.expression);
    if ((isArrowFunction(at) || isFunctionExpression(at)) && at.body) return at;
    if (isIdentifier(at)) return functionOfSymbol(this.resolvedSymbol(at));
    if (isPropertyAccessExpression(at) && at.expression.kind === SyntaxKind.ThisKeyword) {
      const cls = thisClassOf(at);
      return cls ? memberFunction(cls, at.name.text, false) : null;
    }
    return null;
  }

  private resolvedSymbol(id: ts.Identifier | ts.MemberName): ts.Symbol | undefined {
    const symbol = getSymbolAtLocation(this.checker, id);
    return resolveAlias(this.checker, symbol);
  }

  /** The class a `new` expression constructs, when its declaration is in the program's sources. */
  classOf(expression: ts.NewExpression): ts.ClassLikeDeclaration | null {
    try {
      const symbol = getSymbolAtLocation(this.checker, expression.expression);
      const target = resolveAlias(this.checker, symbol);
      const declaration = target?.valueDeclaration;
      return declaration && isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
    } catch {
      return null;
    }
  }
}

const summariesByProgram = new WeakMap<ts.Program, Summaries>();

/** The summaries of one program, shared by every rule and file linted in it. */
export function summariesOf(program: ts.Program): Summaries {
  let summaries = summariesByProgram.get(program);
  if (!summaries) summariesByProgram.set(program, (summaries = new Summaries(program)));
  return summaries;
}

/** Whether any rule has asked for the summaries of `program` (the gate test checks idle programs never do). */
export function summariesBuiltFor(program: ts.Program): boolean {
  return summariesByProgram.has(program);
}

export function isSummarizedFunction(node: ts.Node): node is SummarizedFunction {
  return (
    isFunctionDeclaration(node) ||
    isFunctionExpression(node) ||
    isArrowFunction(node) ||
    isMethodDeclaration(node) ||
    isConstructorDeclaration(node) ||
    isGetAccessorDeclaration(node) ||
    isSetAccessorDeclaration(node)
  );
}

/** The value stored where a name is the assigned member of `x.name = v` or the key of `{ name: v }`: the places `findStoredHandlers` reads. */
function storedAt(occurrence: ts.Node): ts.Expression | null {
  const parent = occurrence.parent;
  if (isPropertyAccessExpression(parent) && parent.name === occurrence) {
    const assignment = parent.parent;
    return isBinaryExpression(assignment) && assignment.left === parent && assignment.operatorToken.kind === SyntaxKind.EqualsToken ? assignment.right : null;
  }
  return isPropertyAssignment(parent) && parent.name === occurrence && isObjectLiteralExpression(parent.parent) ? parent.initializer : null;
}

/** The element type an array annotation names: `C[]`, `readonly C[]`, `Array<C>`, `ReadonlyArray<C>`. */
function elementTypeOf(type: ts.TypeNode): ts.TypeNode | null {
  const at = isTypeOperatorNode(type) && type.operator === SyntaxKind.ReadonlyKeyword ? type.type : type;
  if (isArrayTypeNode(at)) return at.elementType;
  if (!isTypeReferenceNode(at) || !isIdentifier(at.typeName) || at.typeArguments?.length !== 1) return null;
  return at.typeName.text === 'Array' || at.typeName.text === 'ReadonlyArray' ? at.typeArguments[0]! : null;
}

/** A function a symbol declares once, with a body, in the program's sources. */
function functionOfSymbol(symbol: ts.Symbol | undefined): SummarizedFunction | null {
  const declarations = symbol?.declarations ?? [];
  if (declarations.length !== 1) return null; // overloads, merged declarations
  let declaration: ts.Node = declarations[0]!;
  if ((isVariableDeclaration(declaration) || isPropertyDeclaration(declaration) || isPropertyAssignment(declaration)) && declaration.initializer && isFunctionValue(declaration.initializer)) {
    declaration = declaration.initializer;
  }
  return isSummarizedFunction(declaration) && declaration.body && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
}

/** The one method (or arrow-valued property) named `name` of `cls`, static or not; null when overloaded or absent. */
function memberFunction(cls: ts.ClassLikeDeclaration, name: string, statik: boolean): SummarizedFunction | null {
  if (cls.getSourceFile().isDeclarationFile) return null;
  const named = cls.members.filter((m) => m.name !== undefined && memberName(m.name) === name && hasModifier(m, SyntaxKind.StaticKeyword) === statik);
  if (named.length !== 1) return null;
  const member = named[0]!;
  if (isMethodDeclaration(member)) return member.body ? member : null;
  return isPropertyDeclaration(member) && member.initializer && isFunctionValue(member.initializer) ? member.initializer : null;
}

function isFunctionValue(node: ts.Expression): node is ts.ArrowFunction | ts.FunctionExpression {
  return isArrowFunction(node) || isFunctionExpression(node);
}

/** The program's names, read once (`Summaries.occurrencesOf`, `Summaries.functionsNamed`). */
interface NamesIndex {
  /** Every identifier and private name of the program's sources, by its text. */
  readonly occurrences: Map<string, ts.Node[]>;
  /** Functions with a body, by the name they are declared or bound under. */
  readonly functions: Map<string, SummarizedFunction[]>;
  /** Names an import, export or JavaScript binding declares: they may stand for a function declared under another name. */
  readonly aliases: Set<string>;
  /** Declarations of the program's sources whose name is a string (`'client': …`, `['client']: …`), by that string. */
  readonly declaredAsStrings: Map<string, ts.Declaration[]>;
  /** Names imported or exported in the program's own declaration files. */
  readonly declarationFileAliases: Set<string>;
  /** A library's own (not declaration) files are in the program: the index does not read them. */
  hasLibrarySources: boolean;
  /** A function is bound under a name syntax cannot read (`[KEY]: () => …`): it may be called by any name. */
  unreadNames: boolean;
}

const JAVASCRIPT_FILE = /\.[cm]?jsx?$/;

/** Whether `name` is the name an import or export binding, or (in JavaScript, where `require` makes aliases) a variable, declares. */
function bindsAlias(name: ts.Identifier | ts.PrivateIdentifier, parent: ts.Node, inJavaScript: boolean): boolean {
  if (isImportSpecifier(parent) || isExportSpecifier(parent) || isImportClause(parent) || isNamespaceImport(parent) || isNamespaceExport(parent) || isImportEqualsDeclaration(parent)) {
    return parent.name === name;
  }
  return inJavaScript && (isVariableDeclaration(parent) || isBindingElement(parent)) && parent.name === name;
}

/**
 * The name a function with a body is declared or bound under, as `functionOfSymbol` and
 * `memberFunction` find it: its own (a function declaration, a method or accessor), or that of the
 * variable, property or property assignment whose initializer it is. Null for a function bound under
 * no name (a constructor, a callback, a default export); undefined for a name syntax cannot read
 * (a computed key: its symbol may carry any name).
 */
function boundName(fn: SummarizedFunction, parent: ts.Node): string | null | undefined {
  let name: ts.PropertyName | ts.BindingName | undefined;
  if (isFunctionDeclaration(fn) || isMethodDeclaration(fn) || isGetAccessorDeclaration(fn) || isSetAccessorDeclaration(fn)) name = fn.name;
  else if ((isArrowFunction(fn) || isFunctionExpression(fn)) && (isVariableDeclaration(parent) || isPropertyDeclaration(parent) || isPropertyAssignment(parent)) && parent.initializer === fn) {
    name = parent.name;
  }
  if (!name || isObjectBindingPattern(name) || isArrayBindingPattern(name)) return null;
  return memberName(name) ?? undefined;
}

/** A static method or accessor of a class, or the function a static property is initialised with. */
function isStaticMember(fn: SummarizedFunction): boolean {
  const member = isArrowFunction(fn) || isFunctionExpression(fn) ? fn.parent : fn;
  return isClassElement(member) && isClassLike(member.parent) && hasModifier(member, SyntaxKind.StaticKeyword);
}

/** The declaration a string names: `'client': …`, or `['client']: …` (its parent and grandparent given); null for other strings. */
function declarationNamed(node: ts.StringLiteral, parent: ts.Node | undefined, grandparent: ts.Node | undefined): ts.Declaration | null {
  const [named, holder] = parent && isComputedPropertyName(parent) ? [parent, grandparent] : [node, parent];
  return holder !== undefined && (holder as ts.Declaration & { name?: ts.Node }).name === named ? (holder as ts.Declaration) : null;
}
