import type ts from 'typescript';

import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';
import { letValues, mayCallMethodFactory, methodFactoryOf } from './method-factories.js';
import { extendsTypes, hasModifier, isValueWrapper, memberName, promisedCreation, returnedValues, skipTypeWrappers, skipValueWrappers } from '../../syntax/ts-ast.js';
import { getDeclaredTypeOfSymbol, getResolvedSignature, getShorthandAssignmentValueSymbol, getSymbolAtLocation, getTypeAtLocation, hasTypeFlag, resolveAlias } from '../../model/checker.js';
import { findAncestor, forEachChild, getModifiers, isArrowFunction, isBinaryExpression, isBlock, isCallExpression, isClassElement, isClassLike, isClassStaticBlockDeclaration, isConditionalExpression, isConstDeclarationList, isConstructorDeclaration, isElementAccessExpression, isExpressionStatement, isExpressionWithTypeArguments, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isGetAccessorDeclaration, isHeritageClause, isIdentifier, isIfStatement, isMethodDeclaration, isNewExpression, isObjectLiteralExpression, isParameter, isPrefixUnaryExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isShorthandPropertyAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isThrowStatement, isTypeOfExpression, isVariableDeclaration, isVariableDeclarationList, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Ownership facts across functions, classes and files, on the program-wide summaries:
 *
 * - per parameter: the function releases it, stores it in a field its class releases, keeps it
 *   where nothing can release it (a private field of a class with no lifecycle), only borrows it
 *   (uses it, lends it to a borrower that cannot close it), or unknown;
 * - per function: it returns a fresh resource (a factory: its calls are creations);
 * - per class: which fields own a resource (created there, lent to a borrower there, or taken from
 *   a constructor parameter), which methods release each, its lifecycle methods, and whether the
 *   class is itself a resource (a learnt resource: its instances own one and a method releases it).
 *
 * The facts know no library: the model answers what a library call creates, closes or borrows.
 */

/** What the facts need to know of a resource: how it is closed. */
export interface Closable {
  /** Methods that release it; the first is the one messages and suggestions write. */
  readonly close: readonly string[];
}

/** The model's answers, on the TypeScript AST. */
export interface ResourceModel<R extends Closable> {
  /** The modelled (or settings-declared) resource a value of `type` is. */
  resourceOfType(type: ts.Type): R | null;
  /** The modelled resource a `new` or a library factory call creates. */
  createdByLibrary(node: ts.NewExpression | ts.CallExpression): R | null;
  /** `fn(value)` releases the value at `index` (grpc-js `closeClient`). */
  isCloseFunction(call: ts.CallExpression, index: number): boolean;
  /**
   * Whether `call` borrows its argument at `index` (at key `property` of an options object there),
   * and if so whether closing the borrower closes the borrowed value (grpc-js `channelOverride`)
   * or not (nice-grpc `createClient(def, channel)`). Null when it is no borrower.
   */
  borrower(call: ts.CallExpression | ts.NewExpression, index: number, property: string | null): { releases: boolean } | null;
  /**
   * Syntax before types: for a type annotation that names a class or interface whose names (its
   * own and its bases') decide, or a keyword type, that declaration and whether a resource specifier
   * names one of them; null when only the types can tell.
   */
  declaredByName(node: ts.TypeNode | undefined): { declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration | null; named: boolean } | null;
  /** Every close method name of the modelled and declared resources (`close`, `abort`, …), for syntactic pre-filters. */
  readonly closeNames: ReadonlySet<string>;
  /**
   * Whether the program's own files can make any resource at all (they import a library that makes
   * one, directly or through other modules). When not, no function or class of theirs makes or owns
   * one, and the facts below say so without reading them.
   */
  sourcesMayMake(): boolean;
  /**
   * The resource of a class, or of the objects a factory returns, that owns and releases `owned`: a
   * learnt resource. `label` names it in messages (`` `Wrapper` ``, `` object returned by `make()` ``).
   */
  learnt(label: string, close: readonly string[], owned: R): R;
}

/**
 * `releases` it; `stores` it in a field its class releases; `keeps` it (its constructor stores it, or
 * passes it to one that does) in a private field of a class that has no lifecycle method at all, so
 * nothing can ever release it; `lends` it to a borrower that cannot close
 * it and that outlives the call (returned, stored: a nice-grpc client over the channel); `borrows` it
 * for the call only; `unknown`. After `lends` or `borrows` the value is still the caller's to close.
 */
export type ParameterOwnership = 'releases' | 'stores' | 'keeps' | 'lends' | 'borrows' | 'unknown';

export type FieldSource = 'created' | 'lent' | 'parameter';

export interface OwnedField<R> {
  readonly name: string;
  /** For `lent`, the borrowed resource the field's borrower keeps alive but cannot close. */
  readonly resource: R;
  /**
   * `created`: made in the class (`this.f = new Client()`, a factory, an initializer);
   * `lent`: made in the class and lent to a borrower kept in the field (`this.f = createClient(def, createChannel())`),
   * which no method can close; `parameter`: taken from a constructor parameter.
   */
  readonly source: FieldSource;
  /** The assignments (`this.f = …`) and property declarations that put it there. */
  readonly stores: readonly ts.Node[];
  /** Methods (by name; `[Symbol.dispose]` for symbol keys) that release it, directly or through another method. */
  readonly releasedBy: readonly string[];
  /**
   * A lifecycle method (or a method it calls) reads the field in a way not recognised as a close
   * (`for (const c of [this.a, this.b]) c.close()`): it may release it, so no report says it forgets it.
   */
  readonly touchedByLifecycle: boolean;
  /** A member returns it (`get stub() { return this.stub_; }`): its users can reach and close it. */
  readonly exposed: boolean;
}

export interface ClassOwnership<R> {
  readonly name: string;
  readonly fields: readonly OwnedField<R>[];
  /** close/dispose/stop/shutdown/destroy/disconnect…, `[Symbol.dispose]`, `[Symbol.asyncDispose]`. */
  readonly lifecycleMethods: readonly string[];
  /** The class as a learnt resource (closed by the methods that release its owned fields), or null. */
  readonly resource: R | null;
}

const LIFECYCLE_WORDS = new Set(['close', 'dispose', 'stop', 'shutdown', 'destroy', 'disconnect', 'terminate']);
/** Shutdown hooks a framework calls on the objects it manages (NestJS providers, on `app.close()`). */
const SHUTDOWN_HOOKS = new Set(['onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown']);

/** A lifecycle method's name: its first word is close/dispose/stop/…, a dispose symbol, or a framework shutdown hook. */
export function isLifecycleName(name: string): boolean {
  if (name === '[Symbol.dispose]' || name === '[Symbol.asyncDispose]' || SHUTDOWN_HOOKS.has(name)) return true;
  const first = /^_*([a-z]+)/.exec(name)?.[1];
  return first !== undefined && (LIFECYCLE_WORDS.has(first) || /^shutDown/.test(name));
}

const EMPTY_CLASS: ClassOwnership<never> = { name: '', fields: [], lifecycleMethods: [], resource: null };

/** How many wrapper layers a value is followed through (`return await x`, `const a = b`). */
const MAX_VALUE_DEPTH = 4;

export class OwnershipFacts<R extends Closable> {
  private readonly parametersFact: SummaryFact<readonly ParameterOwnership[]>;
  private readonly factoryFact: SummaryFact<R | null>;
  private readonly classFact: SummaryFact<ClassOwnership<R>, ts.ClassLikeDeclaration>;
  private readonly learntByType = new WeakMap<ts.Type, R | null>();
  private readonly releaseSyntax = new WeakMap<ts.ClassLikeDeclaration, boolean>();
  private readonly lifecycleByClass = new WeakMap<ts.ClassLikeDeclaration, boolean>();
  /** `mayCallFactory`'s answer per called name. */
  private readonly factoryNames = new Map<string, boolean>();
  private readonly inheritedByClass = new WeakMap<ts.ClassLikeDeclaration, readonly InheritedRelease[]>();
  private seeded: boolean | undefined;

  constructor(
    private readonly summaries: Summaries,
    private readonly model: ResourceModel<R>,
  ) {
    this.parametersFact = { name: 'ownership-parameters', unknown: [], recursive: [], compute: (fn) => this.computeParameters(fn) };
    this.factoryFact = { name: 'ownership-factory', unknown: null, recursive: null, compute: (fn) => this.computeFactory(fn) };
    this.classFact = {
      name: 'ownership-class',
      unknown: EMPTY_CLASS,
      recursive: EMPTY_CLASS,
      compute: (cls) => this.computeClass(cls),
    };
  }

  private get checker(): ts.TypeChecker {
    return this.summaries.checker;
  }

  // ---- public API ---------------------------------------------------------------------------

  /** What `fn` does with its parameter at `index`; `unknown` past the parameters or on a rest parameter. */
  parameter(fn: SummarizedFunction, index: number): ParameterOwnership {
    return this.summaries.get(this.parametersFact, fn)[index] ?? 'unknown';
  }

  /** The resource every `return` of `fn` creates (a factory), or null. */
  factory(fn: SummarizedFunction): R | null {
    return this.mayMake() ? this.summaries.get(this.factoryFact, fn) : null;
  }

  /**
   * Whether the program's own code can make a resource at all (`ResourceModel.sourcesMayMake`), asked
   * once per program: when it cannot, every factory, learnt class and method factory is null.
   */
  mayMake(): boolean {
    return (this.seeded ??= this.model.sourcesMayMake());
  }

  /** Syntax only after `mayMake`: whether `x.m()` may call a method factory of the program (`mayCallMethodFactory`). */
  mayCallMethodFactory(call: ts.CallExpression): boolean {
    return this.mayMake() && mayCallMethodFactory(call, this.summaries);
  }

  /** The resource `x.m()` makes when `m` is a method factory of the program (`methodFactoryOf`), or null. */
  methodFactory(call: ts.CallExpression): R | null {
    return this.mayMake() ? methodFactoryOf(call, this.summaries, (fn) => this.factory(fn)) : null;
  }

  /** The ownership summary of a class declared in the program's sources. */
  classOwnership(cls: ts.ClassLikeDeclaration): ClassOwnership<R> {
    return this.summaries.get(this.classFact, cls);
  }

  /** What the argument at `index` of a call or `new` becomes: the callee's parameter fact. */
  argument(call: ts.CallExpression | ts.NewExpression, index: number): ParameterOwnership {
    const args = call.arguments ?? [];
    if (index < 0 || args.slice(0, index + 1).some((a) => isSpreadElement(a))) return 'unknown';
    const callee = this.summaries.calleeOf(call) ?? this.superConstructorOf(call);
    return callee ? this.parameter(callee, index) : 'unknown';
  }

  /** `super(…)` in a constructor: the base class's constructor, when it has a body in the program's sources. */
  private superConstructorOf(call: ts.CallExpression | ts.NewExpression): ts.ConstructorDeclaration | null {
    if (!isCallExpression(call) || call.expression.kind !== SyntaxKind.SuperKeyword) return null;
    try {
      const declaration = getResolvedSignature(this.checker, call)?.declaration;
      return declaration && isConstructorDeclaration(declaration) && declaration.body && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
    } catch {
      return null;
    }
  }

  /**
   * The resource `node` creates: a library constructor or factory, a learnt class, a factory
   * function, or the creation a promise chain settles to (`p.then((n) => new Conn(n))`).
   */
  created(node: ts.NewExpression | ts.CallExpression): R | null {
    const promised = isCallExpression(node) ? promisedCreation(node) : null;
    if (promised) return this.created(promised);
    const library = this.model.createdByLibrary(node);
    if (library) return library;
    return this.createdBeyondLibrary(node);
  }

  /** What `created` adds to the model: a learnt class (`new Wrapper()`) or a factory's call (a function's, a method's). */
  createdBeyondLibrary(node: ts.NewExpression | ts.CallExpression): R | null {
    if (!this.mayMake()) return null;
    if (isNewExpression(node)) {
      const cls = node.expression.kind === SyntaxKind.ThisKeyword ? staticThisClass(node) : this.summaries.classOf(node);
      return cls && this.mayRelease(cls) ? this.classOwnership(cls).resource : null;
    }
    // Names before symbols: no function the call may run returns what could be fresh.
    if (!this.mayCallFactory(node)) return null;
    const callee = this.summaries.namedCallee(node) ?? this.summaries.memberCallee(node);
    if (callee) return this.factory(callee);
    // `helper.make()`, `this.auth.getStub()`: a method of a class of the program, on another object.
    return this.methodFactory(node);
  }

  /**
   * Names and syntax only: whether a call (`make()`, `this.make()`, `x.make()`) may run a factory of the
   * program — some function declared under its name (`Summaries.functionsNamed`) returns only values
   * that may be fresh (`mayReturnFresh`). When none does, neither the function the call resolves to
   * (by name or through the receiver's type) nor a method factory (`mayCallMethodFactory`, a narrower
   * test of the same names) is a factory, and no symbol is resolved to say so.
   */
  mayCallFactory(call: ts.CallExpression): boolean {
    const callee = skipTypeWrappers(call.expression);
    // Other callees (`f()()`, `x[k]()`) resolve to no function by name or member.
    const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : null;
    if (name === null) return false;
    let known = this.factoryNames.get(name);
    if (known === undefined) {
      known = this.summaries.functionsNamed(name)?.some((fn) => mayReturnFresh(fn)) ?? true;
      this.factoryNames.set(name, known);
    }
    return known;
  }

  /**
   * Syntax only, no checker: whether some method of `cls` could release a field — a call of a close
   * method (`x.close()`, `this.f?.abort()`) or of a lifecycle-named one, or a call that receives
   * `this.f`. A class without one is no learnt resource and needs no summary to say so.
   */
  mayRelease(cls: ts.ClassLikeDeclaration): boolean {
    let known = this.releaseSyntax.get(cls);
    if (known === undefined) {
      known = false;
      const visit = (node: ts.Node): void => {
        if (known) return;
        if (isCallExpression(node)) {
          const callee = skipTypeWrappers(node.expression);
          if (isPropertyAccessExpression(callee) && (this.model.closeNames.has(callee.name.text) || isLifecycleName(callee.name.text))) known = true;
          else if (node.arguments.some((arg) => thisField(skipValueWrappers(arg)) !== null)) known = true;
        }
        forEachChild(node, visit);
      };
      for (const member of cls.members) if (!hasModifier(member, SyntaxKind.StaticKeyword)) visit(member);
      known ||= extendsTypes(cls).length > 0 && this.inheritedReleases(cls).length > 0;
      this.releaseSyntax.set(cls, known);
    }
    return known;
  }

  /** The resource a value of `type` is: modelled, declared, or a learnt class (`T | undefined` counts). */
  resourceOfType(type: ts.Type): R | null {
    const modelled = this.model.resourceOfType(type);
    if (modelled) return modelled;
    let found = this.learntByType.get(type);
    if (found === undefined) {
      const parts = type.isUnion() ? type.types.filter((t) => !hasTypeFlag(t, 'Null', 'Undefined')) : [type];
      const declaration = parts.length === 1 ? parts[0]!.getSymbol()?.valueDeclaration : undefined;
      const learnable = declaration && isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile && this.mayRelease(declaration);
      found = learnable ? this.classOwnership(declaration).resource : null;
      this.learntByType.set(type, found);
    }
    return found;
  }

  /**
   * The resource a parameter's value is. Where its annotation's name decides and no specifier has it,
   * only a learnt class can be one, and that is the class's own summary: its type is not asked.
   */
  private resourceOfParameter(param: ts.ParameterDeclaration): R | null {
    const declared = this.model.declaredByName(param.type);
    if (!declared || declared.named) return this.resourceOfType(getTypeAtLocation(this.checker, param));
    const cls = declared.declaration;
    const learnable = cls && isClassLike(cls) && !cls.getSourceFile().isDeclarationFile && this.mayRelease(cls);
    return learnable ? this.classOwnership(cls).resource : null;
  }

  // ---- per function: parameters -------------------------------------------------------------

  private computeParameters(fn: SummarizedFunction): ParameterOwnership[] {
    return fn.parameters.map((param) => {
      if (param.dotDotDotToken || !isIdentifier(param.name) || !fn.body) return 'unknown';
      const resource = this.resourceOfParameter(param);
      if (!resource) return 'unknown';
      const uses: ParameterOwnership[] = [];
      if (isConstructorDeclaration(fn) && getModifiers(param)?.some((m) => isFieldModifier(m.kind))) {
        const stored = this.storeInto(fn, param.name.text);
        if (stored !== 'keeps') return stored;
        uses.push(stored); // kept: what the constructor does with it besides decides too
      }
      const symbol = getSymbolAtLocation(this.checker, param.name);
      if (!symbol) return 'unknown';
      const visit = (node: ts.Node): void => {
        if (isIdentifier(node) && node.text === (param.name as ts.Identifier).text && node !== param.name && getSymbolAtLocation(this.checker, node) === symbol) {
          uses.push(this.useOf(node, resource, fn, 0));
        }
        forEachChild(node, visit);
      };
      visit(fn.body);
      return combine(uses);
    });
  }

  /** What one occurrence of a value does with it, looking at where it stands. */
  private useOf(node: ts.Expression, resource: Closable, fn: SummarizedFunction, depth: number): ParameterOwnership {
    if (depth > MAX_VALUE_DEPTH) return 'unknown';
    const at = outerValue(node);
    const parent = at.parent;
    if (isPropertyAccessExpression(parent) && parent.expression === at) {
      const isCall = isCallExpression(parent.parent) && parent.parent.expression === parent;
      const closes = resource.close.includes(parent.name.text);
      if (closes) return isCall ? 'releases' : 'unknown'; // a close method handed off as a value
      return 'borrows';
    }
    // `client[method](req, cb)`: a use, unless the key may name a close method.
    if (isElementAccessExpression(parent) && parent.expression === at) return this.mayNameClose(parent.argumentExpression, resource) ? 'unknown' : 'borrows';
    if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) {
      const index = parent.arguments.indexOf(at);
      if (index === 0 && isCallExpression(parent) && bindsOwnMethod(parent, at, this.checker)) return 'borrows'; // `client[m].bind(client)`
      if (isCallExpression(parent) && this.model.isCloseFunction(parent, index)) return 'releases';
      const borrower = this.model.borrower(parent, index, null);
      if (borrower) return this.lentTo(parent, borrower.releases, resource, fn, depth);
      const passed = this.argument(parent, index);
      return passed === 'stores' ? 'unknown' : passed; // kept by another object: that object's fate decides
    }
    if ((isPropertyAssignment(parent) && parent.initializer === at) || isShorthandPropertyAssignment(parent)) {
      const object = parent.parent;
      const call = object.parent;
      if ((isCallExpression(call) || isNewExpression(call)) && call.arguments?.includes(object)) {
        const borrower = this.model.borrower(call, call.arguments.indexOf(object), propertyName(parent.name));
        if (borrower) return this.lentTo(call, borrower.releases, resource, fn, depth);
      }
      return 'unknown';
    }
    if (isBinaryExpression(parent) && parent.right === at && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      const field = thisField(parent.left);
      return field !== null && (isConstructorDeclaration(fn) || isMethodDeclaration(fn)) ? this.storeInto(fn, field) : 'unknown';
    }
    if (isIfStatement(parent) || isPrefixUnaryExpression(parent) || isTypeOfExpression(parent)) return 'borrows';
    if (isBinaryExpression(parent) && COMPARISONS.has(parent.operatorToken.kind)) return 'borrows';
    if (isConditionalExpression(parent) && parent.condition === at) return 'borrows';
    if (isExpressionStatement(parent)) return 'borrows';
    return 'unknown'; // returned, aliased, stored in an object or array, captured, thrown
  }

  /**
   * Whether the key of `value[key]` may name one of the resource's close methods: a literal that
   * does, or a key whose type is a literal union with one (`'close' | 'ping'`). A wide `string` key is
   * a dispatcher over the client's methods (`client[method](req, cb)`): a use.
   */
  private mayNameClose(key: ts.Expression, resource: Closable): boolean {
    if (isStringLiteralLike(key)) return resource.close.includes(key.text);
    if (isPropertyAccessExpression(key) && isIdentifier(key.expression) && key.expression.text === 'Symbol') return resource.close.includes(`[Symbol.${key.name.text}]`);
    const type = getTypeAtLocation(this.checker, key);
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((t) => (t.isStringLiteral() ? resource.close.includes(t.value) : hasTypeFlag(t, 'ESSymbolLike')));
  }

  /**
   * A value lent to a borrower: the borrower's fate where it releases what it borrows. Otherwise the
   * value stays the caller's to close wherever the borrower goes (a nice-grpc client returned or
   * stored cannot close the channel): `borrows` when the borrower is only called on, `lends` when it
   * may outlive the call.
   */
  private lentTo(borrower: ts.CallExpression | ts.NewExpression, releases: boolean, resource: Closable, fn: SummarizedFunction, depth: number): ParameterOwnership {
    if (releases) return this.useOf(borrower, resource, fn, depth + 1);
    return this.outlivesCall(borrower, fn, 0) ? 'lends' : 'borrows';
  }

  /** Whether the value of `node` may leave `fn`: returned, stored, passed on; a local `const` is followed. */
  private outlivesCall(node: ts.Expression, fn: SummarizedFunction, depth: number): boolean {
    const at = outerValue(node);
    const parent = at.parent;
    if ((isPropertyAccessExpression(parent) && parent.expression === at) || isExpressionStatement(parent)) return false;
    if (!isVariableDeclaration(parent) || parent.initializer !== at || !isIdentifier(parent.name) || depth > MAX_VALUE_DEPTH || !fn.body) return true;
    const symbol = getSymbolAtLocation(this.checker, parent.name);
    let outlives = false;
    const visit = (child: ts.Node): void => {
      if (outlives) return;
      if (isIdentifier(child) && child !== parent.name && child.text === (parent.name as ts.Identifier).text && getSymbolAtLocation(this.checker, child) === symbol) {
        outlives = this.outlivesCall(child, fn, depth + 1);
      }
      forEachChild(child, visit);
    };
    visit(fn.body);
    return outlives;
  }

  /**
   * A store into `this.<field>` from a member of a class: `stores` when the class releases that field,
   * `keeps` when a constructor stores it where nothing can release it (`keepsForever`).
   */
  private storeInto(member: ts.ConstructorDeclaration | ts.MethodDeclaration, field: string): ParameterOwnership {
    const cls = member.parent;
    if (!isClassLike(cls)) return 'unknown';
    const owned = this.classOwnership(cls).fields.find((f) => f.name === field);
    if (owned && owned.releasedBy.length > 0) return 'stores';
    return isConstructorDeclaration(member) && this.keepsForever(cls, field) ? 'keeps' : 'unknown';
  }

  /**
   * Whether what `cls` keeps in `this.<field>` can never be released: the field is private
   * (`private`, `protected`, `#`), every read of it in the class only uses it (a method call, a
   * test), no member returns or passes it on, no class of the program extends `cls`, and `cls` has
   * no lifecycle method, of its own or inherited. A class that releases the field in any method
   * `stores` it instead.
   */
  private keepsForever(cls: ts.ClassLikeDeclaration, field: string): boolean {
    if (!isPrivateField(cls, field) || this.hasLifecycle(cls) || this.isExtended(cls)) return false;
    let onlyUsed = true;
    for (const member of cls.members) {
      if (!onlyUsed) break;
      if (hasModifier(member, SyntaxKind.StaticKeyword)) continue;
      forEachThisNode(member, (node) => {
        if (onlyUsed && thisField(node) === field && !isAssignedTo(node)) onlyUsed = this.isUseOnly(node as ts.Expression);
      });
    }
    return onlyUsed;
  }

  /**
   * A read of a field that only uses the value: a member access or call that is not a close
   * (`this.c.ping()`, `this.c[method](…)`), a test (`if (this.c)`, `!this.c`, `this.c === x`), or an
   * argument that the callee's summary says it only borrows or lends (`invoke(this.c, 'ping')`).
   */
  private isUseOnly(read: ts.Expression): boolean {
    const at = outerValue(read);
    const parent = at.parent;
    const closeNames = this.model.closeNames;
    if (isPropertyAccessExpression(parent) && parent.expression === at) return !closeNames.has(parent.name.text) && !isLifecycleName(parent.name.text);
    if (isElementAccessExpression(parent) && parent.expression === at) return !isStringLiteralLike(parent.argumentExpression) || !closeNames.has(parent.argumentExpression.text);
    if (isIfStatement(parent) || isPrefixUnaryExpression(parent) || isTypeOfExpression(parent)) return true;
    if (isConditionalExpression(parent) && parent.condition === at) return true;
    if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at)) {
      const passed = this.argument(parent, parent.arguments.indexOf(at));
      return passed === 'borrows' || passed === 'lends';
    }
    return isBinaryExpression(parent) && COMPARISONS.has(parent.operatorToken.kind);
  }

  /** A lifecycle-named member (`close`, `[Symbol.dispose]`, a shutdown hook…) of the class's instances, its own or inherited. */
  private hasLifecycle(cls: ts.ClassLikeDeclaration): boolean {
    let known = this.lifecycleByClass.get(cls);
    if (known === undefined) {
      known = true; // where the checker cannot tell, assume a lifecycle: no report
      try {
        const symbol = cls.name ? getSymbolAtLocation(this.checker, cls.name) : (cls as { symbol?: ts.Symbol }).symbol;
        if (symbol) known = getDeclaredTypeOfSymbol(this.checker, symbol).getProperties().some((p) => isLifecycleName(propertyNameOf(p)));
      } catch {
        known = true;
      }
      this.lifecycleByClass.set(cls, known);
    }
    return known;
  }

  /** Whether a class of the program's sources extends `cls` (a subclass may add the close it lacks). */
  private isExtended(cls: ts.ClassLikeDeclaration): boolean {
    if (!cls.name) return false;
    const symbol = getSymbolAtLocation(this.checker, cls.name);
    return this.summaries.occurrencesOf(cls.name.text).some((name) => {
      // `extends Base` or `extends ns.Base`
      const heritage = isPropertyAccessExpression(name.parent) && name.parent.name === name ? name.parent.parent : name.parent;
      if (!isExpressionWithTypeArguments(heritage) || !isHeritageClause(heritage.parent) || heritage.parent.token !== SyntaxKind.ExtendsKeyword) return false;
      let target = getSymbolAtLocation(this.checker, name);
      target = resolveAlias(this.checker, target);
      return target === undefined || target === symbol;
    });
  }

  /**
   * Where a parameter that `fn` keeps ends (`keeps`): the class and field, through the calls it is
   * passed to (`new Owner(client)` in a helper). Asked only to word a report.
   */
  keeper(call: ts.CallExpression | ts.NewExpression, index: number, depth = 0): { className: string; field: string } | null {
    const fn = this.summaries.calleeOf(call) ?? this.superConstructorOf(call);
    const param = fn?.parameters[index];
    if (!fn?.body || !param || !isIdentifier(param.name) || depth > MAX_VALUE_DEPTH) return null;
    const cls = fn.parent;
    const className = isClassLike(cls) ? (cls.name?.text ?? 'anonymous class') : '';
    if (isConstructorDeclaration(fn) && getModifiers(param)?.some((m) => isFieldModifier(m.kind))) return { className, field: param.name.text };
    const symbol = getSymbolAtLocation(this.checker, param.name);
    let found: { className: string; field: string } | null = null;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (isIdentifier(node) && node !== param.name && node.text === (param.name as ts.Identifier).text && getSymbolAtLocation(this.checker, node) === symbol) {
        const at = outerValue(node);
        const parent = at.parent;
        if (isBinaryExpression(parent) && parent.right === at && isConstructorDeclaration(fn)) {
          const field = thisField(parent.left);
          if (field !== null) found = { className, field };
        } else if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(at) && this.argument(parent, parent.arguments.indexOf(at)) === 'keeps') {
          found = this.keeper(parent, parent.arguments.indexOf(at), depth + 1);
        }
      }
      forEachChild(node, visit);
    };
    visit(fn.body);
    return found;
  }

  // ---- per function: factories --------------------------------------------------------------

  private computeFactory(fn: SummarizedFunction): R | null {
    // Syntax first: no checker call for a function that returns what cannot be fresh.
    if (!mayReturnFresh(fn)) return null;
    const returned = returnedValues(fn.body)!;
    let found: R | null = null;
    for (const expression of returned) {
      const at = skipValueWrappers(expression);
      const resource = isObjectLiteralExpression(at) ? this.closureWrapper(at, fn) : this.freshValue(expression, fn);
      if (!resource || (found && resource !== found)) return null;
      found = resource;
    }
    return found;
  }

  /**
   * An object of closures that wraps a resource `fn` creates: `return { …, close: () => channel.close() }`
   * with `const channel = createChannel(addr)` in `fn`. Each lifecycle-named member (a method, a
   * function-valued property, or a shorthand naming a local function) that releases such a local is a
   * close method of the object, which is then a learnt resource.
   */
  private closureWrapper(object: ts.ObjectLiteralExpression, fn: SummarizedFunction): R | null {
    const close: string[] = [];
    let owned: R | null = null;
    for (const property of object.properties) {
      const name = property.name ? memberName(property.name) : null;
      if (name === null || !isLifecycleName(name)) continue;
      const member = this.memberFunction(property);
      const released = member?.body ? this.releasedLocal(member.body, fn) : null;
      if (!released) continue;
      close.push(name);
      owned ??= released;
    }
    if (!owned) return null;
    const factory = declaredName(fn);
    return this.model.learnt(factory === null ? 'object of closures' : `object returned by \`${factory}()\``, close, owned);
  }

  /** The function an object literal's member is: a method, a function value, or a shorthand naming a local function. */
  private memberFunction(property: ts.ObjectLiteralElementLike): ts.FunctionLikeDeclaration | null {
    if (isMethodDeclaration(property)) return property;
    if (isPropertyAssignment(property)) {
      const value = skipTypeWrappers(property.initializer);
      return isArrowFunction(value) || isFunctionExpression(value) ? value : null;
    }
    if (!isShorthandPropertyAssignment(property)) return null;
    const declaration = getShorthandAssignmentValueSymbol(this.checker, property)?.valueDeclaration;
    if (declaration && isFunctionDeclaration(declaration)) return declaration;
    const init = declaration && isVariableDeclaration(declaration) && declaration.initializer ? skipTypeWrappers(declaration.initializer) : undefined;
    return init && (isArrowFunction(init) || isFunctionExpression(init)) ? init : null;
  }

  /** The resource a body releases that is a `const` of `fn` made there: `channel.close()`, `closeClient(client)`. */
  private releasedLocal(body: ts.Node, fn: SummarizedFunction): R | null {
    let found: R | null = null;
    const localCreation = (node: ts.Expression): R | null => {
      const target = skipValueWrappers(node);
      const init = isIdentifier(target) ? localConstInit(target, fn, this.checker) : null;
      return init && (isNewExpression(init) || isCallExpression(init)) ? this.created(init) : null;
    };
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (isCallExpression(node)) {
        const callee = skipTypeWrappers(node.expression);
        if (isPropertyAccessExpression(callee) && this.model.closeNames.has(callee.name.text)) {
          const resource = localCreation(callee.expression);
          if (resource?.close.includes(callee.name.text)) found = resource;
        } else if (node.arguments.length > 0 && this.model.isCloseFunction(node, 0)) {
          found = localCreation(node.arguments[0]!);
        }
      }
      forEachChild(node, visit);
    };
    visit(body);
    return found;
  }

  /**
   * The resource `expression` creates in `fn`: a creation, a `const` of `fn` initialised with
   * one (`const w = new Wrapper(); await w.check(); return w`), or a `let` of `fn` that is only ever
   * assigned creations of one resource (`let c; if (tls) c = new A(…); else c = new A(…); return c`).
   */
  private freshValue(expression: ts.Expression, fn: SummarizedFunction): R | null {
    const at = skipValueWrappers(expression);
    if (isNewExpression(at) || isCallExpression(at)) return this.created(at);
    if (!isIdentifier(at)) return null;
    const init = localConstInit(at, fn, this.checker);
    if (init) return isNewExpression(init) || isCallExpression(init) ? this.created(init) : null;
    let found: R | null = null;
    for (const value of letValues(at, fn, this.checker) ?? []) {
      const assigned = skipValueWrappers(value);
      const resource = isNewExpression(assigned) || isCallExpression(assigned) ? this.created(assigned) : null;
      if (!resource || (found && resource !== found)) return null;
      found = resource;
    }
    return found;
  }

  // ---- per class -------------------------------------------------------------------------------

  private computeClass(cls: ts.ClassLikeDeclaration): ClassOwnership<R> {
    const name = cls.name?.text ?? 'anonymous class';
    const methods = new Map<string, ts.FunctionLikeDeclaration>();
    let constructor: ts.ConstructorDeclaration | undefined;
    for (const member of cls.members) {
      if (hasModifier(member, SyntaxKind.StaticKeyword)) continue;
      if (isConstructorDeclaration(member) && member.body) constructor = member;
      const key = member.name ? memberName(member.name) : null;
      if (key === null) continue;
      if ((isMethodDeclaration(member) || isGetAccessorDeclaration(member)) && member.body) methods.set(key, member);
      if (isPropertyDeclaration(member) && member.initializer && (isArrowFunction(member.initializer) || isFunctionExpression(member.initializer))) {
        methods.set(key, member.initializer);
      }
    }

    const lifecycleMethods = [...methods.keys()].filter(isLifecycleName);
    // A program whose code makes no resource has no field that owns one (nor a parameter of a resource type).
    if (!this.mayMake()) return { name, fields: [], lifecycleMethods, resource: null };
    const candidates = new Map<string, { resource: R; source: FieldSource; stores: ts.Node[] }>();
    const addStore = (field: string, resource: R, source: FieldSource, store: ts.Node): void => {
      const known = candidates.get(field);
      if (!known) candidates.set(field, { resource, source, stores: [store] });
      else if (known.resource === resource && known.source === source) known.stores.push(store);
      else candidates.set(field, { ...known, source: known.source === 'parameter' ? source : known.source, stores: [...known.stores, store] });
    };

    // A field from a constructor parameter matters only to a class that may release it (then the
    // class is a learnt resource); without a release in sight, its type is not asked.
    const withParameters = this.mayRelease(cls);
    for (const member of cls.members) {
      if (hasModifier(member, SyntaxKind.StaticKeyword)) continue;
      if (isPropertyDeclaration(member) && member.initializer && member.name) {
        const field = memberName(member.name);
        const stored = field === null ? null : this.storedValue(member.initializer, null, false);
        if (field !== null && stored) addStore(field, stored.resource, stored.source, member);
      }
    }
    // `constructor(private readonly client = new Client())`: the default is made once per object and
    // kept in the field, like a field initializer.
    for (const param of constructor?.parameters ?? []) {
      if (!param.initializer || !isIdentifier(param.name) || !getModifiers(param)?.some((m) => isFieldModifier(m.kind))) continue;
      const stored = this.storedValue(param.initializer, null, false);
      if (stored) addStore(param.name.text, stored.resource, stored.source, param);
    }
    if (constructor && withParameters) {
      for (const param of constructor.parameters) {
        if (!isIdentifier(param.name) || !getModifiers(param)?.some((m) => isFieldModifier(m.kind))) continue;
        if (param.initializer && candidates.has(param.name.text)) continue; // its default was counted above
        const resource = this.resourceOfParameter(param);
        if (resource) addStore(param.name.text, resource, 'parameter', param);
      }
    }
    for (const member of [constructor, ...methods.values()]) {
      if (!member?.body) continue;
      forEachThisNode(member.body, (node) => {
        if (!isBinaryExpression(node) || node.operatorToken.kind !== SyntaxKind.EqualsToken) return;
        const field = thisField(node.left);
        if (field === null) return;
        const stored = this.storedValue(node.right, member, withParameters);
        if (stored) addStore(field, stored.resource, stored.source, node);
      });
    }

    // Most classes own nothing: the passes below only judge fields found above.
    if (candidates.size === 0) return { name, fields: [], lifecycleMethods, resource: null };

    // Fields a member returns (a getter, `getClient()`): handed to whoever asks.
    const returned = new Set<string>();
    for (const fn of methods.values()) {
      if (!fn.body) continue;
      if (!isBlock(fn.body)) {
        const field = thisField(skipValueWrappers(fn.body));
        if (field !== null) returned.add(field);
        continue;
      }
      forEachThisNode(fn.body, (node) => {
        const field = isReturnStatement(node) && node.expression ? thisField(skipValueWrappers(node.expression)) : null;
        if (field !== null) returned.add(field);
      });
    }
    const releases = new Map<string, { released: Set<string>; touched: Set<string> }>();
    const releasedIn = (method: string, seen: Set<string>): { released: Set<string>; touched: Set<string> } => {
      const known = releases.get(method);
      if (known) return known;
      const fn = methods.get(method);
      const result = { released: new Set<string>(), touched: new Set<string>() };
      if (!fn?.body || seen.has(method)) return result;
      seen.add(method);
      forEachThisNode(fn.body, (node) => {
        const read = thisField(node);
        if (read !== null && candidates.has(read) && !isAssignedTo(node)) result.touched.add(read);
        if (!isCallExpression(node)) return;
        const called = thisField(skipTypeWrappers(node.expression));
        if (called !== null && methods.has(called)) {
          const inner = releasedIn(called, seen);
          for (const f of inner.released) result.released.add(f);
          for (const f of inner.touched) result.touched.add(f);
        }
        for (const [field, { resource }] of candidates) if (this.releasesField(node, field, resource, fn)) result.released.add(field);
      });
      releases.set(method, result);
      return result;
    };
    for (const method of methods.keys()) releasedIn(method, new Set());
    // A base class's method that releases through an accessor this class implements (`close() {
    // this.stub().close(); }`, `stub()` here returning `this._stub`), or a field this class stores.
    const inherited = extendsTypes(cls).length > 0 ? this.inheritedReleases(cls) : [];
    const inheritedRelease = (field: string, resource: R): string[] =>
      inherited.filter((r) => resource.close.includes(r.close) && accessedField(cls, r.accessor, this.checker) === field).map((r) => r.method);

    const fields: OwnedField<R>[] = [...candidates].map(([field, { resource, source, stores }]) => ({
      name: field,
      resource,
      source,
      stores,
      releasedBy:
        source === 'lent' ? [] : [...new Set([...[...methods.keys()].filter((m) => releases.get(m)?.released.has(field)), ...inheritedRelease(field, resource)])],
      touchedByLifecycle: lifecycleMethods.some((m) => releases.get(m)?.touched.has(field)),
      exposed: returned.has(field),
    }));
    const releasing = fields.filter((f) => f.releasedBy.length > 0);
    // Lifecycle names first, dispose symbols last: the first is the one messages write.
    const close = [...new Set(releasing.flatMap((f) => f.releasedBy))].sort(
      (a, b) => Number(a.startsWith('[')) - Number(b.startsWith('[')) || Number(!isLifecycleName(a)) - Number(!isLifecycleName(b)),
    );
    const resource = releasing.length > 0 ? this.model.learnt(`\`${name}\``, close, releasing[0]!.resource) : null;
    return { name, fields, lifecycleMethods, resource };
  }

  /**
   * The releases `cls` inherits: methods of its base classes in the program's sources (not overridden
   * on the way down) that call a close method on `this.<name>()` or `this.<name>`, with that name, which
   * `accessedField` resolves in the class that is asked. Syntax and base-class symbols only.
   */
  private inheritedReleases(cls: ts.ClassLikeDeclaration): readonly InheritedRelease[] {
    let known = this.inheritedByClass.get(cls);
    if (known) return known;
    const found: InheritedRelease[] = [];
    const overridden = new Set(cls.members.flatMap((m) => (m.name && !hasModifier(m, SyntaxKind.StaticKeyword) ? [memberName(m.name)] : [])));
    let base = baseClassOf(cls, this.checker);
    for (let depth = 0; base && depth < MAX_VALUE_DEPTH; depth++, base = baseClassOf(base, this.checker)) {
      const declared: (string | null)[] = [];
      for (const member of base.members) {
        if (hasModifier(member, SyntaxKind.StaticKeyword) || !member.name) continue;
        const name = memberName(member.name);
        declared.push(name);
        if (name === null || overridden.has(name) || !isMethodDeclaration(member) || !member.body) continue;
        forEachThisNode(member.body, (node) => {
          if (!isCallExpression(node)) return;
          const callee = skipTypeWrappers(node.expression);
          if (!isPropertyAccessExpression(callee) || !this.model.closeNames.has(callee.name.text)) return;
          const target = skipValueWrappers(callee.expression);
          const accessor = isCallExpression(target) && target.arguments.length === 0 ? thisField(skipTypeWrappers(target.expression)) : thisField(target);
          if (accessor !== null) found.push({ method: name, accessor, close: callee.name.text });
        });
      }
      for (const name of declared) if (name !== null) overridden.add(name);
    }
    this.inheritedByClass.set(cls, (known = found));
    return known;
  }

  /** What a value stored in a field is: a creation, a borrower over a creation, or a constructor parameter. */
  private storedValue(
    value: ts.Expression,
    member: ts.FunctionLikeDeclaration | undefined | null,
    withParameters: boolean,
  ): { resource: R; source: FieldSource } | null {
    const at = skipValueWrappers(value);
    if (isNewExpression(at) || isCallExpression(at)) {
      const created = this.created(at);
      if (created) return { resource: created, source: 'created' };
      // `createClient(def, createChannel(addr))`: the borrower keeps what it cannot close.
      for (const [index, arg] of (at.arguments ?? []).entries()) {
        const inner = skipValueWrappers(arg);
        if (!isNewExpression(inner) && !isCallExpression(inner)) continue;
        // What is lent must be a creation before the borrower (which may type the call) is asked.
        const borrowed = this.created(inner);
        const borrower = borrowed && this.model.borrower(at, index, null);
        if (borrower && !borrower.releases) return { resource: borrowed, source: 'lent' };
      }
      return null;
    }
    if (!isIdentifier(at) || !member) return null;
    const init = localConstInit(at, member, this.checker);
    if (init && (isNewExpression(init) || isCallExpression(init))) {
      const created = this.created(init);
      return created ? { resource: created, source: 'created' } : null;
    }
    if (!withParameters) return null;
    const declaration = getSymbolAtLocation(this.checker, at)?.valueDeclaration;
    // A constructor parameter, or a binding of a destructured one (`constructor({ client }: Options)`).
    const parameter = declaration && findAncestor(declaration, (n) => isParameter(n) || isFunctionLike(n));
    if (isConstructorDeclaration(member) && declaration && parameter && isParameter(parameter) && parameter.parent === member) {
      const resource = isParameter(declaration) ? this.resourceOfParameter(declaration) : this.resourceOfType(getTypeAtLocation(this.checker, declaration));
      return resource ? { resource, source: 'parameter' } : null;
    }
    return null;
  }

  /** `this.f.close()`, `this.f?.close()`, `closeClient(this.f)`, `release(this.f)`, `const c = this.f; c.close()`. */
  private releasesField(call: ts.CallExpression, field: string, resource: R, fn: ts.FunctionLikeDeclaration): boolean {
    const callee = skipTypeWrappers(call.expression);
    if (isPropertyAccessExpression(callee) && resource.close.includes(callee.name.text)) {
      const target = skipValueWrappers(callee.expression);
      if (thisField(target) === field) return true;
      const init = isIdentifier(target) ? localConstInit(target, fn, this.checker) : null;
      if (init && thisField(skipValueWrappers(init)) === field) return true;
    }
    return call.arguments.some((arg, index) => {
      if (thisField(skipValueWrappers(arg)) !== field) return false;
      return this.model.isCloseFunction(call, index) || this.argument(call, index) === 'releases';
    });
  }
}

export interface Overwrite<R> {
  readonly field: OwnedField<R>;
  readonly store: ts.BinaryExpression;
  /** The method's name, and its declaration. */
  readonly method: string;
  readonly declaration: ts.MethodDeclaration;
}

/**
 * Stores into an owned field that can overwrite an open resource: `this.f = new X()` in a method
 * that can run more than once (not the constructor, not a private method called only from it),
 * with no read of `this.f` before it in that method (a close, a test, an early return) and no
 * guard `if (…this.…) return/throw` before it. Fields the class never releases are reported as
 * such instead.
 */
export function overwrites<R>(cls: ts.ClassLikeDeclaration, facts: ClassOwnership<R>): Overwrite<R>[] {
  const found: Overwrite<R>[] = [];
  for (const field of facts.fields) {
    if (field.source !== 'created' || field.releasedBy.length === 0) continue;
    for (const store of field.stores) {
      if (!isBinaryExpression(store)) continue;
      const method = findAncestor(store.parent, isFunctionLike);
      if (!method || !isMethodDeclaration(method) || method.parent !== cls || !method.body || !method.name) continue;
      const name = memberName(method.name);
      if (name === null || hasModifier(method, SyntaxKind.StaticKeyword) || runsOnlyFromConstructor(cls, method, name)) continue;
      if (readsBefore(method.body, store, field.name, field.releasedBy)) continue;
      found.push({ field, store, method: name, declaration: method });
    }
  }
  return found;
}

/** A private method whose every call (`this.m()`) is in the constructor: it runs once per instance. */
function runsOnlyFromConstructor(cls: ts.ClassLikeDeclaration, method: ts.MethodDeclaration, name: string): boolean {
  const isPrivate = name.startsWith('#') || (getModifiers(method)?.some((m) => m.kind === SyntaxKind.PrivateKeyword) ?? false);
  if (!isPrivate) return false;
  let calls = 0;
  let outside = false;
  const visit = (node: ts.Node): void => {
    if (isPropertyAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && node.name.text === name) {
      calls++;
      const inConstructor = findAncestor(node, (n) => isConstructorDeclaration(n) || n === cls) ;
      if (!inConstructor || !isConstructorDeclaration(inConstructor) || !isCallExpression(node.parent)) outside = true;
    }
    forEachChild(node, visit);
  };
  visit(cls);
  return calls > 0 && !outside;
}

/** Whether `body`, before `store`, reads `this.<field>`, calls a method that releases it, or returns early on a test of `this`. */
function readsBefore(body: ts.Block, store: ts.BinaryExpression, field: string, releasers: readonly string[]): boolean {
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (reads || node.getStart() >= store.getStart()) return;
    const name = thisField(node);
    if (name !== null && (name === field || (releasers.includes(name) && isCallExpression(node.parent)))) reads = true;
    if (isIfStatement(node) && node.expression.getText().includes('this') && exitsEarly(node.thenStatement)) reads = true;
    forEachChild(node, visit);
  };
  visit(body);
  return reads;
}

function exitsEarly(statement: ts.Statement): boolean {
  if (isReturnStatement(statement) || isThrowStatement(statement)) return true;
  return isBlock(statement) && statement.statements.some((s) => isReturnStatement(s) || isThrowStatement(s));
}

const COMPARISONS = new Set<ts.SyntaxKind>([
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.InstanceOfKeyword,
]);

function combine(uses: readonly ParameterOwnership[]): ParameterOwnership {
  if (uses.includes('unknown')) return 'unknown';
  // Kept where nothing can release it: whatever else the function does, the value is lost.
  if (uses.includes('keeps')) return 'keeps';
  if (uses.includes('releases')) return 'releases';
  if (uses.includes('stores')) return 'stores';
  if (uses.includes('lends')) return 'lends';
  return 'borrows';
}

function isFieldModifier(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.PrivateKeyword || kind === SyntaxKind.ProtectedKeyword || kind === SyntaxKind.PublicKeyword || kind === SyntaxKind.ReadonlyKeyword;
}

function propertyName(name: ts.PropertyName): string | null {
  return memberName(name);
}

/** The left side of a plain `=`: a write, not a read. */
function isAssignedTo(node: ts.Node): boolean {
  const parent = node.parent;
  return isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === SyntaxKind.EqualsToken;
}

/** Every `return` of `fn` is a `new …`, a call, a name or an object: only those can be fresh (`computeFactory`). */
function mayReturnFresh(fn: SummarizedFunction): boolean {
  const returned = returnedValues(fn.body);
  return returned !== null && returned.every((e) => { const at = skipValueWrappers(e); return isNewExpression(at) || isCallExpression(at) || isIdentifier(at) || isObjectLiteralExpression(at); });
}

/** `new this()` in a static method or static block: the class itself (subclasses aside). */
function staticThisClass(node: ts.NewExpression): ts.ClassLikeDeclaration | null {
  const member = findAncestor(node, (n) => (isClassElement(n) && hasModifier(n, SyntaxKind.StaticKeyword)) || isClassStaticBlockDeclaration(n) || (isFunctionLike(n) && !isArrowFunction(n) && !isClassElement(n)));
  if (!member || (!isClassElement(member) && !isClassStaticBlockDeclaration(member))) return null;
  const cls = member.parent;
  return isClassLike(cls) && !cls.getSourceFile().isDeclarationFile ? cls : null;
}

/** `this.f` / `this.#f` / `this['f']` → `f` (`#f` keeps its hash). */
export function thisField(node: ts.Node): string | null {
  if (isPropertyAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword) return node.name.text;
  if (isElementAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && isStringLiteral(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  return null;
}

/**
 * `x.m.bind(x)`, `x[m].call(x, …)`, `x.m.apply(x, …)` with `value` as the `this` argument: a method of
 * the value itself, bound or called on it.
 */
function bindsOwnMethod(call: ts.CallExpression, value: ts.Expression, checker: ts.TypeChecker): boolean {
  const callee = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(callee) || !['bind', 'call', 'apply'].includes(callee.name.text)) return false;
  const method = skipTypeWrappers(callee.expression);
  if (!isPropertyAccessExpression(method) && !isElementAccessExpression(method)) return false;
  const receiver = skipValueWrappers(method.expression);
  const target = skipValueWrappers(value);
  if (!isIdentifier(receiver) || !isIdentifier(target) || receiver.text !== target.text) return false;
  return getSymbolAtLocation(checker, receiver) === getSymbolAtLocation(checker, target);
}

/** `private`/`protected`/`#` fields: users of the class cannot reach them to close them. */
export function isPrivateField(cls: ts.ClassLikeDeclaration, name: string): boolean {
  if (name.startsWith('#')) return true;
  for (const member of cls.members) {
    const params = isConstructorDeclaration(member) ? member.parameters : [];
    for (const node of [member, ...params]) {
      const nodeName = (node as ts.NamedDeclaration).name;
      if (!nodeName || !isIdentifier(nodeName) || nodeName.text !== name) continue;
      if (isMethodDeclaration(node) || isConstructorDeclaration(node)) continue;
      return getModifiers(node as ts.HasModifiers)?.some((m) => m.kind === SyntaxKind.PrivateKeyword || m.kind === SyntaxKind.ProtectedKeyword) ?? false;
    }
  }
  return false;
}

/** A property's name as lifecycle names are written: `close`, `[Symbol.asyncDispose]` for well-known symbol keys. */
function propertyNameOf(property: ts.Symbol): string {
  const name = property.getName();
  const symbolKey = /^__@(\w+)@\d+$/.exec(name);
  return symbolKey ? `[Symbol.${symbolKey[1]}]` : name;
}

/** The outermost of the wrappers around `node` that pass its value through unchanged. */
function outerValue(node: ts.Expression): ts.Expression {
  let at = node;
  while (isValueWrapper(at.parent)) at = at.parent;
  return at;
}

/** The initializer of a `const` declared in `fn` itself that `id` names. */
function localConstInit(id: ts.Identifier, fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): ts.Expression | null {
  const declaration = getSymbolAtLocation(checker, id)?.valueDeclaration;
  if (!declaration || !isVariableDeclaration(declaration) || !declaration.initializer || !isIdentifier(declaration.name)) return null;
  const list = declaration.parent;
  if (!isVariableDeclarationList(list) || !isConstDeclarationList(list)) return null;
  let owner: ts.Node = declaration;
  while (owner.parent && !isFunctionLike(owner)) owner = owner.parent;
  return owner === fn ? skipValueWrappers(declaration.initializer) : null;
}

/** Visits the nodes of a member's body where `this` is the instance: nested arrows, not nested functions or classes. */
function forEachThisNode(body: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    visit(node);
    if ((isFunctionLike(node) && !isArrowFunction(node)) || isClassLike(node)) return;
    forEachChild(node, walk);
  };
  forEachChild(body, walk);
}

/** The name a function is declared or bound under: `function make`, `const make = () => …`, a method. */
function declaredName(fn: SummarizedFunction): string | null {
  if ((isFunctionDeclaration(fn) || isMethodDeclaration(fn)) && fn.name) return memberName(fn.name);
  const parent = fn.parent;
  if ((isVariableDeclaration(parent) || isPropertyDeclaration(parent) || isPropertyAssignment(parent)) && parent.initializer === fn) {
    return isIdentifier(parent.name) || isPrivateIdentifier(parent.name) ? parent.name.text : null;
  }
  return null;
}

/** A base class's method that closes what `this.<accessor>()` (or `this.<accessor>`) gives. */
interface InheritedRelease {
  readonly method: string;
  readonly accessor: string;
  readonly close: string;
}

/** The class `cls` extends, when it is a class declared in the program's sources (not a declaration file). */
function baseClassOf(cls: ts.ClassLikeDeclaration, checker: ts.TypeChecker): ts.ClassLikeDeclaration | null {
  const [heritage] = extendsTypes(cls);
  if (!heritage) return null;
  try {
    const symbol = resolveAlias(checker, getSymbolAtLocation(checker, heritage.expression));
    const declaration = symbol?.declarations?.find((d) => isClassLike(d));
    return declaration && isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile ? declaration : null;
  } catch {
    return null;
  }
}

/**
 * The field of `cls` that `this.<name>` or `this.<name>()` gives: the field itself, or the one every
 * `return` of the accessor that `cls` runs (its own, else the nearest base's) returns, `return
 * this._stub`. Null when the accessor returns anything else, or the nearest declaration has no body
 * (abstract: the override is not in view).
 */
function accessedField(cls: ts.ClassLikeDeclaration, name: string, checker: ts.TypeChecker): string | null {
  let at: ts.ClassLikeDeclaration | null = cls;
  for (let depth = 0; at && depth <= MAX_VALUE_DEPTH; depth++, at = baseClassOf(at, checker)) {
    for (const member of at.members) {
      if (hasModifier(member, SyntaxKind.StaticKeyword)) continue;
      if (isConstructorDeclaration(member)) {
        if (member.parameters.some((p) => isIdentifier(p.name) && p.name.text === name && getModifiers(p)?.some((m) => isFieldModifier(m.kind)))) return name;
        continue;
      }
      if (!member.name || memberName(member.name) !== name) continue;
      if (isPropertyDeclaration(member)) return name;
      if (!isMethodDeclaration(member) && !isGetAccessorDeclaration(member)) continue;
      const returned = member.body ? returnedValues(member.body) : null;
      const fields = new Set((returned ?? []).map((value) => thisField(skipValueWrappers(value))));
      const [field] = fields;
      return fields.size === 1 && field !== null && field !== undefined ? field : null;
    }
  }
  return null;
}
