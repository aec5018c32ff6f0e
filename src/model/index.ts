import type { TSESTree } from '@typescript-eslint/utils';
import { ESLintUtils, type ParserServicesWithTypeInformation } from '@typescript-eslint/utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import { readRpcSettings, type RpcSettings } from '../settings.js';
import type { LibraryFamily } from './libraries.js';
import { programLoads } from './program-libraries.js';
import { CONSTRUCTOR_BORROWERS, FACTORIES, FACTORY_OPTIONS, HANDLES, RESOURCES, type ResourceEntry } from './resources.js';
import { LOCKS, type LockEntry } from './locks.js';
import { findInTypeOrBases, isOpaque } from './type-walk.js';
import { annotatedTypeOf } from './annotations.js';
import { streamOfType } from './streams.js';
import { specifierNames, typeMatchesSomeSpecifier, valueMatchesSomeSpecifier } from './type-utils.js';
import { extendsTypes, hasModifier, memberName, thisClassOf } from '../syntax/ts-ast.js';
import { getNonNullableType, getResolvedSignature, getSymbolAtLocation, getTypeAtLocation, getTypeOfSymbol, hasTypeFlag, resolveAlias } from './checker.js';
import { escapeLeadingUnderscores, isArrayTypeNode, isClassLike, isConstructorDeclaration, isExpression, isExpressionWithTypeArguments, isIdentifier, isInterfaceDeclaration, isLiteralTypeNode, isParameter, isParameterPropertyDeclaration, isPropertyAccessExpression, isPropertyDeclaration, isSpreadElement, isToken, isTupleTypeNode, isTypeNode, isTypeReferenceNode, isUnionTypeNode, isVariableDeclaration, SyntaxKind, tokenToString } from '../syntax/ts-nodes.js';

/**
 * What things are, for one program and one `settings.rpc`: cached matchers over the data tables.
 * Every checker call is wrapped, because a crash in the checker must not crash the lint run.
 */
export class RpcModel {
  readonly checker: ts.TypeChecker;

  constructor(
    /** Per file: the node maps of the file being linted. */
    readonly services: Pick<ParserServicesWithTypeInformation, 'program' | 'getTypeAtLocation' | 'esTreeNodeToTSNodeMap'> &
      Partial<Pick<ParserServicesWithTypeInformation, 'tsNodeToESTreeNodeMap'>>,
    /** Per program and settings: tables and caches shared by every file and rule. */
    private readonly shared: SharedModel,
  ) {
    this.checker = services.program.getTypeChecker();
  }

  get resources(): readonly ResourceEntry[] {
    return this.shared.resources;
  }

  get program(): ts.Program {
    return this.services.program;
  }

  /** The TypeScript node of an ESTree node of the file being linted. */
  tsNodeOf(node: TSESTree.Node): ts.Node {
    return this.services.esTreeNodeToTSNodeMap.get(node as TSESTree.Program);
  }

  /** The ESTree node of a TypeScript node of the file being linted; undefined for other files' nodes. */
  esTreeNodeOf(node: ts.Node): TSESTree.Node | undefined {
    return this.services.tsNodeToESTreeNodeMap?.get(node);
  }

  /**
   * The type of a value. When its own type is `any` (a dynamic client: `this.client[method](req)`)
   * and its binding's annotation names a modelled type (`const s: ClientReadableStream<Job> = …`,
   * an annotated field, parameter or return type), the annotation: every rule then sees what the
   * code says the value is.
   */
  typeOf(node: TSESTree.Node): ts.Type | null {
    // Memoised per node for every rule: the checker caches declared types but narrows a reference by
    // control flow afresh on every ask, and several rules ask about the same receivers.
    const tsNode = this.tsNodeOf(node);
    const known = this.shared.typeByNode.get(tsNode);
    if (known !== undefined) return known;
    let type: ts.Type | null;
    try {
      type = this.services.getTypeAtLocation(node);
    } catch {
      type = null;
    }
    if (type && hasTypeFlag(type, 'Any')) type = this.annotatedModelledType(node) ?? type;
    this.shared.typeByNode.set(tsNode, type);
    return type;
  }

  /** `annotatedTypeOf` (annotations.ts) when the annotation is a resource, a lock or a stream of the model. */
  annotatedModelledType(node: TSESTree.Node): ts.Type | null {
    const tsNode = this.tsNodeOf(node);
    if (!tsNode || !isExpression(tsNode)) return null;
    let found = this.shared.annotatedByNode.get(tsNode);
    if (found === undefined) {
      const annotated = annotatedTypeOf(tsNode, this.checker);
      found = annotated && (this.resourceOfType(annotated) ?? this.lockOfType(annotated) ?? streamOfType(annotated, this)) ? annotated : null;
      this.shared.annotatedByNode.set(tsNode, found);
    }
    return found;
  }

  /** The resource a value of `type` is (a subclass or a `T | undefined` counts), or null. */
  resourceOfType(type: ts.Type): ResourceEntry | null {
    let found = this.shared.resourceByType.get(type);
    if (found === undefined) {
      try {
        found = findInTypeOrBases(type, this.checker, (t) => this.matchResource(t));
      } catch {
        found = null;
      }
      this.shared.resourceByType.set(type, found);
    }
    return found;
  }

  /** The resource that every construct signature of `constructorType` returns, or null. */
  resourceOfConstructor(constructorType: ts.Type): ResourceEntry | null {
    let found = this.shared.resourceByConstructor.get(constructorType);
    if (found === undefined) {
      found = null;
      try {
        const returned = new Set(constructorType.getConstructSignatures().map((s) => this.resourceOfType(s.getReturnType())));
        if (returned.size === 1) found = [...returned][0] ?? null;
      } catch {
        found = null;
      }
      this.shared.resourceByConstructor.set(constructorType, found);
    }
    return found;
  }

  /**
   * Syntax before types, for `new <callee>()`: false when the callee is a class whose names
   * (its own and its bases', `namedChain`) decide and no resource specifier has one. True means
   * "ask the types".
   */
  mayConstructResource(callee: ts.Expression): boolean {
    // Memoised per callee node: several rules ask about every `new`, and resolving a name is not cached.
    let known = this.shared.constructsByCallee.get(callee);
    if (known === undefined) {
      try {
        const chain = this.namedChain(getSymbolAtLocation(this.checker, callee));
        known = !chain || !isClassLike(chain.declaration) || chain.named;
      } catch {
        known = true;
      }
      this.shared.constructsByCallee.set(callee, known);
    }
    return known;
  }

  /**
   * Syntax before types, for a declared type (`constructor(private readonly x: T)`): the class or
   * interface a type reference names when its names decide (`namedChain`), an interface merged from
   * declarations that extend nothing (`plainMerged`: `Map<K, V>`, `Promise<T>`), an array type
   * (`T[]` is the global `Array<T>`, which extends nothing and has no shape property), or a keyword
   * type; null when only the types can tell (unions, aliases, type parameters, no annotation).
   */
  declaredByName(node: ts.TypeNode | undefined): { declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration | null; named: boolean } | null {
    if (!node) return null;
    try {
      if (isTypeReferenceNode(node)) {
        const symbol = getSymbolAtLocation(this.checker, node.typeName);
        return this.namedChain(symbol) ?? this.plainMerged(symbol);
      }
      if (isArrayTypeNode(node)) return { declaration: null, named: this.shared.resourceNames.has('Array') };
      const keyword = isToken(node) ? tokenToString(node.kind) : undefined;
      return keyword === undefined ? null : { declaration: null, named: this.shared.resourceNames.has(keyword) };
    } catch {
      return null;
    }
  }

  /**
   * Syntax before types, for a value: false when the declaration of a name or of a `this.<field>`
   * has a type annotation whose names decide (`declaredByName`, every member of a union but
   * `null`/`undefined`; not `any`) and no resource specifier has one. Control flow narrows the checker's type
   * of the value from that declared type by keeping some of its members, which changes nothing
   * here (an `instanceof` test against an unrelated class is not followed). True means "ask the
   * types".
   */
  mayBeResourceValue(node: TSESTree.Node): boolean {
    const annotation = this.declaredAnnotation(this.tsNodeOf(node));
    if (!annotation) return true;
    const parts = isUnionTypeNode(annotation) ? annotation.types.filter((t) => !isNullishTypeNode(t)) : [annotation];
    // `any` names nothing: where the value is bound, an annotation may still say what it is (`typeOf`).
    return parts.length === 0 || parts.some((part) => part.kind === SyntaxKind.AnyKeyword || this.declaredByName(part)?.named !== false);
  }

  /**
   * Syntax before types, for a value that may hold an RPC client: `mayBeResourceValue`, or an annotation
   * naming a class whose constructor borrows a transport (a protobuf-ts generated client). False when
   * the annotation's names decide otherwise.
   */
  mayHoldClient(node: TSESTree.Node): boolean {
    if (this.mayBeResourceValue(node)) return true;
    const annotation = this.declaredAnnotation(this.tsNodeOf(node));
    return annotation !== undefined && isTypeReferenceNode(annotation) && isIdentifier(annotation.typeName) && this.mayConstructBorrower(annotation.typeName);
  }

  /** The type annotation of the one declaration of an identifier, or of the field `this.<name>` of its class. */
  private declaredAnnotation(node: ts.Node | undefined): ts.TypeNode | undefined {
    try {
      if (node && isIdentifier(node)) {
        const declarations = getSymbolAtLocation(this.checker, node)?.declarations;
        const declaration = declarations?.length === 1 ? declarations[0] : undefined;
        return declaration && (isVariableDeclaration(declaration) || isParameter(declaration) || isPropertyDeclaration(declaration)) ? declaration.type : undefined;
      }
      if (!node || !isPropertyAccessExpression(node) || node.expression.kind !== SyntaxKind.ThisKeyword) return undefined;
      const cls = thisClassOf(node);
      const name = node.name.text;
      const declared: ts.TypeNode[] = [];
      for (const member of cls?.members ?? []) {
        if (isPropertyDeclaration(member) && member.name && memberName(member.name) === name && member.type) declared.push(member.type);
        if (isConstructorDeclaration(member)) {
          for (const parameter of member.parameters) {
            if (isIdentifier(parameter.name) && parameter.name.text === name && isParameterPropertyDeclaration(parameter, member) && parameter.type) declared.push(parameter.type);
          }
        }
      }
      return declared.length === 1 ? declared[0] : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A class or interface whose base types syntax can name: one declaration, and an `extends` chain
   * of such classes or interfaces (at most one base each, by name, `MAX_BASES` deep). Its instances'
   * types and their base types carry exactly these names, so they are a modelled resource only if
   * a resource specifier names one of them (`named`). This answers most classes a program constructs
   * and declares without resolving construct signatures, instance types or base types. Null for
   * anything else (merged declarations, mixins, several bases, too deep): then the types decide.
   */
  private namedChain(symbol: ts.Symbol | undefined): { declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration; named: boolean } | null {
    const chain = this.chainOf(symbol);
    if (!chain) return null;
    const named = chain.names.some((name) => this.shared.resourceNames.has(name)) || chain.declarations.some((d) => hasMemberNamed(d, this.shared.shapeProperties));
    return { declaration: chain.declarations[0]!, named };
  }

  /**
   * An interface merged from several declarations (and the `var` of its constructor, as lib declares
   * `Map`, `Set`, `Promise`, `Date`) none of which extends anything: its instances' type has no base
   * types, so only its own name and members can match a resource. Null for anything else (a class
   * among them, an `extends`, a namespace): then `namedChain` or the types decide. `declaration` is
   * null: no class is named, so no learnt resource either (an interface symbol has no class value).
   */
  private plainMerged(symbol: ts.Symbol | undefined): { declaration: null; named: boolean } | null {
    const target = resolveAlias(this.checker, symbol);
    const declarations = target?.declarations ?? [];
    if (declarations.length < 2 || !declarations.every((d) => (isInterfaceDeclaration(d) && !d.heritageClauses?.length) || isVariableDeclaration(d))) return null;
    const interfaces = declarations.filter(isInterfaceDeclaration);
    if (interfaces.length === 0) return null;
    const named = this.shared.resourceNames.has(String(target!.escapedName)) || interfaces.some((d) => hasMemberNamed(d, this.shared.shapeProperties));
    return { declaration: null, named };
  }

  /**
   * Syntax before types, for `x.name` with `x` declared as `node` (a type reference): the chain of
   * classes and interfaces the annotation names (`chainOf`), and the declarations of the instance
   * member `name` (parameter properties too) in the first of them that declares it. Null where syntax
   * cannot tell: no followable chain, or no declaration of `name` in it (an index signature, a member of
   * `Object`).
   */
  declaredMemberOf(node: ts.TypeNode, name: string): { readonly names: readonly string[]; readonly members: readonly ts.Node[] } | null {
    if (!isTypeReferenceNode(node)) return null;
    try {
      const chain = this.chainOf(getSymbolAtLocation(this.checker, node.typeName));
      for (const declaration of chain?.declarations ?? []) {
        const members = instanceMembersNamed(declaration, name);
        if (members === null) return null;
        if (members.length > 0) return { names: chain!.names, members };
      }
    } catch {
      return null;
    }
    return null;
  }

  /** The declarations and names of `namedChain`'s chain, or null where syntax cannot follow it. */
  private chainOf(symbol: ts.Symbol | undefined): { declarations: (ts.ClassLikeDeclaration | ts.InterfaceDeclaration)[]; names: string[] } | null {
    const declarations: (ts.ClassLikeDeclaration | ts.InterfaceDeclaration)[] = [];
    const names: string[] = [];
    for (let depth = 0; depth <= MAX_BASES; depth++) {
      symbol = resolveAlias(this.checker, symbol);
      const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
      if (!symbol || !declaration || !(isClassLike(declaration) || isInterfaceDeclaration(declaration))) return null;
      declarations.push(declaration);
      names.push(String(symbol.escapedName));
      const bases = extendsTypes(declaration);
      if (bases.length === 0) return { declarations, names };
      if (bases.length > 1) return null;
      symbol = getSymbolAtLocation(this.checker, bases[0]!.expression);
    }
    return null;
  }

  /**
   * The type annotation of a parameter or other binding (`call: ServerUnaryCall<…>`), or a function's
   * declared result, as a TypeScript node for `mayBeDeclaredAs`. (A parameter's ESTree identifier maps to the TypeScript identifier, not
   * to the declaration that holds the annotation.)
   */
  annotationOf(binding: TSESTree.Node): ts.TypeNode | undefined {
    let annotation: TSESTree.TSTypeAnnotation | undefined;
    switch (binding.type) {
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
      case 'FunctionExpression':
        annotation = binding.returnType;
        break;
      case 'Identifier':
      case 'ObjectPattern':
      case 'ArrayPattern':
      case 'AssignmentPattern':
        annotation = binding.typeAnnotation;
        break;
      default:
        return undefined;
    }
    if (!annotation) return undefined;
    const node = this.tsNodeOf(annotation.typeAnnotation);
    return node && isTypeNode(node) ? node : undefined;
  }

  /**
   * Syntax before types, for any table of specifiers: false when a type annotation (or an `implements`
   * clause) names a keyword type, an array, tuple or literal type, a class or interface whose chain
   * syntax can follow (`chainOf`), or an interface merged from several declarations that extend
   * nothing (`Promise`, `Buffer`), and none of those names is in `names`; a union when no member may
   * be one. True means "ask the types" (no annotation, aliases, generics, function and object types).
   */
  mayBeDeclaredAs(node: ts.TypeNode | undefined, names: ReadonlySet<string>): boolean {
    if (!node) return true;
    try {
      if (isToken(node)) return names.has(tokenToString(node.kind) ?? '');
      if (isArrayTypeNode(node) || isTupleTypeNode(node)) return names.has('Array');
      if (isLiteralTypeNode(node)) return false;
      if (isUnionTypeNode(node)) return node.types.some((member) => this.mayBeDeclaredAs(member, names));
      if (!isTypeReferenceNode(node) && !isExpressionWithTypeArguments(node)) return true;
      let symbol = getSymbolAtLocation(this.checker, isTypeReferenceNode(node) ? node.typeName : node.expression);
      const chain = this.chainOf(symbol);
      if (chain) return chain.names.some((name) => names.has(name));
      symbol = resolveAlias(this.checker, symbol);
      const merged = symbol?.declarations ?? [];
      const plain = merged.length > 1 && merged.every((d) => (isInterfaceDeclaration(d) || isClassLike(d) || isVariableDeclaration(d)) && !('heritageClauses' in d && d.heritageClauses?.length));
      return !plain || names.has(String(symbol!.escapedName));
    } catch {
      return true;
    }
  }

  resourceOf(node: TSESTree.Node): ResourceEntry | null {
    const type = this.typeOf(node);
    return type ? this.resourceOfType(type) : null;
  }

  /** The lock a value of `type` is (async-mutex, async-lock, await-lock, Web Locks), or null. */
  lockOfType(type: ts.Type): LockEntry | null {
    let found = this.shared.lockByType.get(type);
    if (found === undefined) {
      try {
        found = findInTypeOrBases(type, this.checker, (t) => LOCKS.find((lock) => typeMatchesSomeSpecifier(t, [...lock.specs], this.program)) ?? null);
      } catch {
        found = null;
      }
      this.shared.lockByType.set(type, found);
    }
    return found;
  }

  /** Whether `node`'s type is (a subtype of) one of `specs`; `any` never is. */
  typeIs(node: TSESTree.Node, specs: readonly TypeOrValueSpecifier[]): boolean {
    const type = this.typeOf(node);
    return type !== null && this.typeMatches(type, specs);
  }

  /** Whether `type` is (a subtype of) one of `specs`; `any` never is. */
  typeMatches(type: ts.Type, specs: readonly TypeOrValueSpecifier[]): boolean {
    try {
      return findInTypeOrBases(type, this.checker, (t) => (typeMatchesSomeSpecifier(t, [...specs], this.program) ? true : null)) === true;
    } catch {
      return false;
    }
  }

  /** Whether the value `node` names (an identifier or `ns.member`) is declared as one of `specs`. */
  valueIs(node: TSESTree.Node, specs: readonly TypeOrValueSpecifier[]): boolean {
    const nameNode = node.type === 'MemberExpression' ? node.property : node;
    if (nameNode.type !== 'Identifier') return false;
    const names = new Set(specs.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));
    // Cheap syntactic filter before the checker; a renamed import (`createClient as make`) is
    // resolved to the name it was exported under.
    const name = names.has(nameNode.name) ? nameNode.name : this.importedNameOf(nameNode);
    if (name === null || !names.has(name)) return false;
    const type = this.typeOf(node);
    if (!type || isOpaque(type)) return false;
    try {
      const named: TSESTree.Identifier = name === nameNode.name ? nameNode : { ...nameNode, name };
      return valueMatchesSomeSpecifier(named, [...specs], this.program, type);
    } catch {
      return false;
    }
  }

  /** `import { a as b }`: the name `b` was exported under, or null when `id` is no renamed import. */
  importedNameOf(id: TSESTree.Identifier): string | null {
    // A model serves one file: its imports are found once, not by climbing to the root on every ask.
    const renamed = id.parent ? (this.fileImports ??= renamedImportsOf(id)) : renamedImportsOf(id);
    return renamed.get(id.name) ?? null;
  }

  private fileImports: ReadonlyMap<string, string> | undefined;

  private matchResource(type: ts.Type): ResourceEntry | null {
    for (const resource of this.shared.resources) {
      if (resource.property === undefined ? typeMatchesSomeSpecifier(type, [resource.spec], this.program) : this.propertyMatches(type, resource.property, resource.spec)) return resource;
    }
    return null;
  }

  /** Whether `type` has a property `name` whose declared type matches `spec` (a resource known by its shape). */
  private propertyMatches(type: ts.Type, name: string, spec: TypeOrValueSpecifier): boolean {
    if (!hasTypeFlag(type, 'Object')) return false;
    // The members the type's own declaration lists: no resolution of the structured type (its bases
    // are asked one by one by `findInTypeOrBases`), which every type matched against the model would pay.
    const property = type.getSymbol()?.members?.get(escapeLeadingUnderscores(name));
    if (!property) return false;
    return typeMatchesSomeSpecifier(getNonNullableType(this.checker, getTypeOfSymbol(this.checker, property)), [spec], this.program);
  }

  /**
   * The resource a library factory call makes (`call` is known to call one of `FACTORIES`): by the
   * type of its result, or, where that type is wider, by the option that says what it made (`FACTORY_OPTIONS`).
   */
  resourceOfFactoryCall(call: ts.CallExpression): ResourceEntry | null {
    try {
      const byResult = this.resourceOfType(getTypeAtLocation(this.checker, call));
      if (byResult) return byResult;
      for (const option of FACTORY_OPTIONS) {
        const argument = call.arguments[option.argument];
        if (!argument || isSpreadElement(argument) || !this.calls(call, option.factory)) continue;
        const property = getTypeAtLocation(this.checker, argument).getProperty(option.property);
        const value = property ? getNonNullableType(this.checker, getTypeOfSymbol(this.checker, property)) : null;
        if (value && !isOpaque(value) && typeMatchesSomeSpecifier(value, [option.value], this.program)) return option.creates;
      }
    } catch {
      return null;
    }
    return null;
  }

  /** Whether `call` calls a library factory (`FACTORIES`), by its callee's declaration. */
  isLibraryFactoryCall(call: ts.CallExpression): boolean {
    try {
      return FACTORIES.some((spec) => this.calls(call, spec));
    } catch {
      return false;
    }
  }

  /** Whether `call`'s callee (`f`, `ns.f`, `Class.f`) is declared as one of `specs` (its name, then its package). */
  callsLibraryFunction(call: ts.CallExpression, specs: readonly TypeOrValueSpecifier[]): boolean {
    try {
      return specs.some((spec) => this.calls(call, spec));
    } catch {
      return false;
    }
  }

  /** Whether `call`'s callee (`f`, `ns.f`, `Class.f`) is declared as `spec` (its name, then its package). */
  private calls(call: ts.CallExpression, spec: TypeOrValueSpecifier): boolean {
    const name = isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    let symbol = getSymbolAtLocation(this.checker, name);
    symbol = resolveAlias(this.checker, symbol);
    if (!symbol) return false;
    if (typeof spec === 'string') return symbol.name === spec;
    if (![spec.name].flat().includes(symbol.name)) return false;
    return spec.from !== 'package' || (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.replaceAll('\\', '/').includes(`/node_modules/${spec.package}/`));
  }

  /**
   * Syntax before types: whether the class `callee` names declares a constructor parameter whose
   * annotation names a type of `CONSTRUCTOR_BORROWERS` (`constructor(_transport: RpcTransport)` of a
   * protobuf-ts generated client, in the program or a declaration file). `constructorBorrows` confirms.
   */
  mayConstructBorrower(callee: ts.Expression): boolean {
    try {
      const declaration = resolveAlias(this.checker, getSymbolAtLocation(this.checker, callee))?.valueDeclaration;
      return declaration !== undefined && isClassLike(declaration) && declaresBorrowedParameter(declaration);
    } catch {
      return false;
    }
  }

  /**
   * Whether values of `type` are instances of a class that `mayConstructBorrower` would answer for:
   * its constructor declares a parameter of a `CONSTRUCTOR_BORROWERS` type (a protobuf-ts generated
   * client, `constructor(_transport: RpcTransport)`). Syntax only, over the type's declarations.
   */
  borrowsTransport(type: ts.Type): boolean {
    let known = this.shared.borrowsByType.get(type);
    if (known === undefined) {
      try {
        const declarations = getNonNullableType(this.checker, type).getSymbol()?.declarations ?? [];
        known = declarations.some((declaration) => isClassLike(declaration) && declaresBorrowedParameter(declaration));
      } catch {
        known = false;
      }
      this.shared.borrowsByType.set(type, known);
    }
    return known;
  }

  /**
   * Whether `new C(…)` borrows its argument at `index`: the constructor declares that parameter with
   * a type of `CONSTRUCTOR_BORROWERS` (protobuf-ts generated clients take an `RpcTransport`).
   */
  constructorBorrows(node: ts.NewExpression, index: number): boolean {
    if (index < 0 || (node.arguments ?? []).slice(0, index + 1).some((a) => isSpreadElement(a))) return false;
    try {
      const signature = getResolvedSignature(this.checker, node);
      const parameter = signature?.getParameters()[index];
      if (!parameter) return false;
      const type = getTypeOfSymbol(this.checker, parameter);
      return !isOpaque(type) && typeMatchesSomeSpecifier(type, CONSTRUCTOR_BORROWERS.map((b) => b.parameter), this.program);
    } catch {
      return false;
    }
  }
}

/** The type names `CONSTRUCTOR_BORROWERS` match, for `mayConstructBorrower`. */
const BORROWED_NAMES: ReadonlySet<string> = new Set(CONSTRUCTOR_BORROWERS.flatMap((b) => specifierNames(b.parameter)));

/** A constructor parameter annotated with a name `CONSTRUCTOR_BORROWERS` matches (syntax only). */
function declaresBorrowedParameter(declaration: ts.ClassLikeDeclaration): boolean {
  return declaration.members.some(
    (member) =>
      isConstructorDeclaration(member) &&
      member.parameters.some((p) => p.type !== undefined && isTypeReferenceNode(p.type) && isIdentifier(p.type.typeName) && BORROWED_NAMES.has(p.type.typeName.text)),
  );
}

const renamedImportsByProgram = new WeakMap<TSESTree.Program, ReadonlyMap<string, string>>();

/** Local name → exported name of every renamed named import of the file (AST only, cached per file). */
function renamedImportsOf(node: TSESTree.Node): ReadonlyMap<string, string> {
  let root: TSESTree.Node = node;
  while (root.parent) root = root.parent;
  if (root.type !== 'Program') return new Map();
  let renamed = renamedImportsByProgram.get(root);
  if (!renamed) {
    const map = new Map<string, string>();
    for (const statement of root.body) {
      if (statement.type !== 'ImportDeclaration') continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type !== 'ImportSpecifier') continue;
        const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
        if (imported !== specifier.local.name) map.set(specifier.local.name, imported);
      }
    }
    renamedImportsByProgram.set(root, (renamed = map));
  }
  return renamed;
}

/** What one program and one `settings.rpc` share across files and rules. */
export interface SharedModel {
  readonly resources: readonly ResourceEntry[];
  readonly resourceByType: WeakMap<ts.Type, ResourceEntry | null>;
  readonly lockByType: WeakMap<ts.Type, LockEntry | null>;
  readonly resourceByConstructor: WeakMap<ts.Type, ResourceEntry | null>;
  /** `borrowsTransport` answers per type. */
  readonly borrowsByType: WeakMap<ts.Type, boolean>;
  /** Per `any`-typed expression: the modelled type its binding's annotation gives it, or null. */
  readonly annotatedByNode: WeakMap<ts.Node, ts.Type | null>;
  /** `mayConstructResource` answers per callee node, shared by every rule. */
  readonly constructsByCallee: WeakMap<ts.Node, boolean>;
  /** `typeOf` answers per TypeScript node, shared by every rule. */
  readonly typeByNode: WeakMap<ts.Node, ts.Type | null>;
  /** Every name a resource specifier matches (`mayConstructResource`). */
  readonly resourceNames: ReadonlySet<string>;
  /** The properties that resources known by their shape carry (`ResourceEntry.property`). */
  readonly shapeProperties: ReadonlySet<string>;
}

export function createSharedModel(settings: RpcSettings): SharedModel {
  const userResources: ResourceEntry[] = settings.resources.map((r) => ({
    kind: 'client',
    library: 'user',
    spec: r.type,
    label: typeof r.type === 'string' ? `\`${r.type}\`` : `\`${[r.type.name].flat().join('`/`')}\``,
    close: r.close,
    leaks: 'the connections it holds stay open',
  }));
  const resources = [...userResources, ...RESOURCES, ...HANDLES];
  return {
    resources,
    resourceByType: new WeakMap(),
    lockByType: new WeakMap(),
    resourceByConstructor: new WeakMap(),
    borrowsByType: new WeakMap(),
    annotatedByNode: new WeakMap(),
    typeByNode: new WeakMap(),
    constructsByCallee: new WeakMap(),
    resourceNames: new Set(resources.flatMap((r) => (r.property === undefined ? specifierNames(r.spec) : []))),
    shapeProperties: new Set(resources.flatMap((r) => (r.property === undefined ? [] : [r.property]))),
  };
}

/** How many `extends` links `namedChain` follows. */
const MAX_BASES = 6;

/** Syntax only: whether a class or interface declares a member with one of `names`. */
function hasMemberNamed(declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  return (declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>).some((member) => member.name !== undefined && isIdentifier(member.name) && names.has(member.name.text));
}

/**
 * Syntax only: the instance members of a class or interface named `name`, with a class's parameter
 * properties; null when a member's name cannot be read (`[key]()`), which may be `name`.
 */
function instanceMembersNamed(declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, name: string): ts.Node[] | null {
  const found: ts.Node[] = [];
  for (const member of declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
    if (isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) if (isParameterPropertyDeclaration(parameter, member) && isIdentifier(parameter.name) && parameter.name.text === name) found.push(parameter);
      continue;
    }
    if (member.name === undefined || hasModifier(member, SyntaxKind.StaticKeyword)) continue;
    const text = memberName(member.name);
    if (text === null) return null;
    if (text === name) found.push(member);
  }
  return found;
}

function isNullishTypeNode(node: ts.TypeNode): boolean {
  return node.kind === SyntaxKind.UndefinedKeyword || (isLiteralTypeNode(node) && node.literal.kind === SyntaxKind.NullKeyword);
}

const sharedModels = new WeakMap<ts.Program, Map<RpcSettings, SharedModel>>();

/**
 * The model for the file being linted, or null when the program loads no library of `family`
 * (then the rule does nothing). Without type information this throws typescript-eslint's
 * standard error. Invalid `settings.rpc` throws an error that names the key.
 */
export function getRpcModel(
  context: Readonly<RuleContext<string, readonly unknown[]>>,
  family: LibraryFamily,
): RpcModel | null {
  const services = ESLintUtils.getParserServices(context);
  const settings = readRpcSettings(context.settings);
  const userDeclared = family === 'rpc' && settings.resources.length > 0;
  if (!userDeclared && !programLoads(services.program, family)) return null;
  let byProgram = sharedModels.get(services.program);
  if (!byProgram) sharedModels.set(services.program, (byProgram = new Map<RpcSettings, SharedModel>()));
  let shared = byProgram.get(settings);
  if (!shared) byProgram.set(settings, (shared = createSharedModel(settings)));
  return new RpcModel(services, shared);
}
