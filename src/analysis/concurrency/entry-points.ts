import path from 'node:path';

import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import {
  CALLBACK_SIGNATURES,
  CALLBACK_TYPE_NAMES,
  directivesOf,
  fileConventionsOf,
  projectDirOf,
  REQUEST_OBJECT_TYPE_NAMES,
  REQUEST_OBJECTS,
  SERVER_FUNCTION_DIRECTIVE,
  SERVERLESS_HANDLER_EXPORT,
  type EntryKind,
  type FileConvention,
} from '../../model/entry-points.js';
import { specifierNames } from '../../model/type-utils.js';
import { hasModifier, memberName } from '../../syntax/ts-ast.js';
import type { Summaries, SummarizedFunction } from '../summaries.js';
import { getContextualType, getShorthandAssignmentValueSymbol, getSignatureFromDeclaration, getSymbolAtLocation, getTypeAtLocation, getTypeOfSymbol, resolveAlias } from '../../model/checker.js';
import { isArrowFunction, isAsExpression, isBlock, isCallExpression, isConstDeclarationList, isConstructorDeclaration, isExportAssignment, isExportDeclaration, isFunctionDeclaration, isFunctionExpression, isIdentifier, isMethodDeclaration, isNamedExports, isNewExpression, isObjectLiteralExpression, isParenthesizedExpression, isPrivateIdentifier, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isSatisfiesExpression, isShorthandPropertyAssignment, isSourceFile, isStringLiteral, isTypeReferenceNode, isVariableDeclaration, isVariableDeclarationList, SyntaxKind } from '../../syntax/ts-nodes.js';

/**
 * Which functions a framework or library calls once per incoming request or outgoing RPC, with no
 * call site in the program to say so (`src/model/entry-points.ts` has the conventions and types):
 * Next.js route handlers, pages and layouts, API routes and `getServerSideProps`, `'use server'`
 * functions, a serverless `handler`, GraphQL resolvers, grpc-js interceptors and metadata generators,
 * and functions that receive a web framework's per-request object (`requestReceiverOf`).
 * Syntax decides first (the file's path, its exports and directives); the checker is asked only for
 * callbacks whose parameters' types can say it (a contextual or annotated `GraphQLResolveInfo`).
 */

export interface EntryPoint {
  readonly kind: EntryKind;
  /** For messages: "a Next.js route handler `GET`", "a GraphQL resolver `Query.user`". */
  readonly label: string;
  /** Where it is, for messages. */
  readonly node: ts.Node;
}

export type TypeMatches = (type: ts.Type, specs: readonly TypeOrValueSpecifier[]) => boolean;

/** A function that receives a web framework's per-request object, and the parameter that does. */
export interface RequestReceiver {
  /** For messages: "an express `Request`". */
  readonly what: string;
  readonly parameter: ts.ParameterDeclaration;
}

/** How many parameters are looked at for a per-request object (`(err, req, res, next)` is the longest). */
const MAX_REQUEST_PARAMETER = 4;

/** How many objects and variables a resolver map's expected type is followed through. */
const MAX_EXPECTED_DEPTH = 4;
/** How many references of an unannotated resolver map are asked for the type they are passed as. */
const MAX_REFERENCES = 8;

export class EntryPoints {
  private readonly known = new Map<SummarizedFunction, EntryPoint | null>();
  private readonly receivers = new Map<SummarizedFunction, RequestReceiver | null>();
  private readonly conventionsByFile = new WeakMap<ts.SourceFile, readonly FileConvention[]>();
  /** Per directory name (`app`), the directories that hold one with program files in it. */
  private readonly holdersByName = new Map<string, ReadonlySet<string>>();
  private readonly projectDir: string;

  constructor(
    private readonly summaries: Summaries,
    private readonly typeMatches: TypeMatches,
  ) {
    this.projectDir = projectDirOf(summaries.program);
  }

  private get checker(): ts.TypeChecker {
    return this.summaries.checker;
  }

  /** The entry point `fn` is, by a convention or by what it receives, or null. Memoised. */
  entryOf(fn: SummarizedFunction): EntryPoint | null {
    let found = this.known.get(fn);
    if (found === undefined) {
      try {
        found = this.byConvention(fn) ?? this.bySignature(fn);
      } catch {
        found = null; // a checker crash on odd code must not crash the lint run
      }
      this.known.set(fn, found);
    }
    return found;
  }

  /**
   * An exported `handler` (`export const handler = async (event) => …`) that the program itself never
   * calls or passes: a serverless platform loads the file and calls it per invocation. Asked only
   * when the program shows no use of `fn`; one it uses is judged by those uses.
   */
  serverlessHandler(fn: SummarizedFunction): EntryPoint | null {
    if (!exportedNamesOf(fn).includes(SERVERLESS_HANDLER_EXPORT)) return null;
    const plausible = hasModifier(fn, SyntaxKind.AsyncKeyword) || fn.parameters.length >= 2;
    return plausible ? { kind: 'handler', label: `a serverless \`${SERVERLESS_HANDLER_EXPORT}\``, node: fn } : null;
  }

  /**
   * The per-request object of a web framework (`REQUEST_OBJECTS`: express's `Request`, Fastify's
   * `FastifyRequest`, Koa's and Hono's `Context`, …) that `fn` receives: a parameter annotated with
   * one of their names (a test by name before the checker), or — for a function written as an
   * argument, a returned value or the value of an annotated variable — a parameter the contextual
   * type gives one (`(req, res, next) => …` where an express `RequestHandler` is expected). The type
   * must be the framework's own (or extend it): `any`, the Fetch API's `Request` and the program's own
   * `interface Request` are not. Memoised.
   */
  requestReceiverOf(fn: SummarizedFunction): RequestReceiver | null {
    let found = this.receivers.get(fn);
    if (found === undefined) {
      try {
        found = this.receiver(fn);
      } catch {
        found = null; // a checker crash on odd code must not crash the lint run
      }
      this.receivers.set(fn, found);
    }
    return found;
  }

  private receiver(fn: SummarizedFunction): RequestReceiver | null {
    if (!fn.body || isConstructorDeclaration(fn) || fn.parameters.length === 0) return null;
    const parameters = fn.parameters.slice(0, MAX_REQUEST_PARAMETER);
    const contextual = isContextuallyTyped(fn);
    for (const parameter of parameters) {
      const named = annotatedAs(parameter, REQUEST_OBJECT_TYPE_NAMES);
      if (!named && (parameter.type || !contextual)) continue;
      const type = getTypeAtLocation(this.checker, parameter.name);
      const object = REQUEST_OBJECTS.find((candidate) => this.typeMatches(type, [candidate.type]));
      if (!object) continue;
      const name = shownTypeName(type, [...specifierNames(object.type), ...(object.aliases ?? [])]);
      const article = /^[aeiou]/i.test(object.framework) ? 'an' : 'a';
      return { what: `${article} ${object.framework}${name === undefined ? ' request object' : ` \`${name}\``}`, parameter };
    }
    return null;
  }

  /** Next.js file conventions and `'use server'` (syntax only). */
  private byConvention(fn: SummarizedFunction): EntryPoint | null {
    if (fn.body && isBlock(fn.body) && directivesOf(fn.body.statements).includes(SERVER_FUNCTION_DIRECTIVE)) {
      const name = localNameOf(fn);
      return { kind: 'handler', label: `a \`'${SERVER_FUNCTION_DIRECTIVE}'\` function${nameSuffix(name)}`, node: fn };
    }
    const names = exportedNamesOf(fn);
    if (names.length === 0) return null;
    const file = fn.getSourceFile();
    const directives = directivesOf(file.statements);
    if (directives.includes(SERVER_FUNCTION_DIRECTIVE) && hasModifier(fn, SyntaxKind.AsyncKeyword)) {
      const name = names.find((n) => n !== 'default') ?? localNameOf(fn);
      return { kind: 'handler', label: `a server action${nameSuffix(name)}`, node: fn };
    }
    for (const convention of this.conventionsOf(file)) {
      if (convention.unless !== undefined && directives.includes(convention.unless)) continue;
      const name = names.find((n) => convention.exports.has(n));
      if (name !== undefined) return { kind: 'handler', label: `${convention.label}${name === 'default' ? '' : nameSuffix(name)}`, node: fn };
    }
    return null;
  }

  private conventionsOf(file: ts.SourceFile): readonly FileConvention[] {
    let found = this.conventionsByFile.get(file);
    if (!found) {
      const directory = path.dirname(file.fileName);
      found = fileConventionsOf(file, this.projectDir).filter((convention) => !convention.beside || convention.beside.some((name) => this.holdersOf(name).has(directory)));
      this.conventionsByFile.set(file, found);
    }
    return found;
  }

  /** The directories that hold a directory `name` with some of the program's own files below it (`<dir>/app/**`). */
  private holdersOf(name: string): ReadonlySet<string> {
    let found = this.holdersByName.get(name);
    if (!found) {
      const holders = new Set<string>();
      const program = this.summaries.program;
      for (const file of program.getSourceFiles()) {
        if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
        const parts = path.dirname(file.fileName).split('/');
        parts.forEach((part, index) => {
          if (part === name && index > 0) holders.add(parts.slice(0, index).join('/'));
        });
      }
      this.holdersByName.set(name, (found = holders));
    }
    return found;
  }

  /** A callback a library calls with a parameter of a known type: annotated, or from the type it is written or passed as. */
  private bySignature(fn: SummarizedFunction): EntryPoint | null {
    const annotated = CALLBACK_SIGNATURES.find((entry) => annotatedAs(fn.parameters[entry.parameter], CALLBACK_TYPE_NAMES));
    if (annotated) {
      const signature = getSignatureFromDeclaration(this.checker, fn);
      const found = signature ? this.matching([signature]) : null;
      if (found) return { kind: found.kind, label: found.label, node: fn };
    }
    const expected = this.expectedTypesOfFunction(fn);
    if (expected.length === 0) return null;
    const found = this.matching(expected.flatMap(callSignatures));
    const path = found?.kind === 'handler' ? memberPathOf(fn) : null;
    return found ? { kind: found.kind, label: `${found.label}${nameSuffix(path)}`, node: fn } : null;
  }

  private matching(signatures: readonly ts.Signature[]): (typeof CALLBACK_SIGNATURES)[number] | null {
    for (const signature of signatures) {
      for (const entry of CALLBACK_SIGNATURES) {
        const parameter = signature.parameters[entry.parameter];
        if (!parameter) continue;
        const type = getTypeOfSymbol(this.checker, parameter);
        const name = type.aliasSymbol?.name ?? type.getSymbol()?.name;
        if (name !== undefined && CALLBACK_TYPE_NAMES.has(name) && this.typeMatches(type, [entry.type])) return entry;
      }
    }
    return null;
  }

  /** The function types a callback is written as: its contextual type, or its member's type in the object's. */
  private expectedTypesOfFunction(fn: SummarizedFunction): ts.Type[] {
    if (isArrowFunction(fn) || isFunctionExpression(fn)) return this.expectedTypes(fn, 0);
    if (isMethodDeclaration(fn) && isObjectLiteralExpression(fn.parent)) {
      const name = memberName(fn.name);
      return name === null ? [] : this.expectedTypes(fn.parent, 0).flatMap((type) => propertyTypes(type, name, this.checker));
    }
    return [];
  }

  /**
   * The types an expression is expected to have: its contextual type, or — for an object literal
   * that has none (a resolver map in an unannotated `const`) — its member's type in its enclosing
   * object's expected type, or the types the places that use the variable expect
   * (`new ApolloServer({ typeDefs, resolvers })`).
   */
  private expectedTypes(expression: ts.Expression, depth: number): ts.Type[] {
    const contextual = getContextualType(this.checker, expression);
    if (contextual) return [contextual];
    if (depth >= MAX_EXPECTED_DEPTH) return [];
    let parent = expression.parent;
    while (isParenthesizedExpression(parent) || isAsExpression(parent) || isSatisfiesExpression(parent)) parent = parent.parent;
    if (isPropertyAssignment(parent) && isObjectLiteralExpression(parent.parent)) {
      const name = memberName(parent.name);
      return name === null ? [] : this.expectedTypes(parent.parent, depth + 1).flatMap((type) => propertyTypes(type, name, this.checker));
    }
    if (isVariableDeclaration(parent) && !parent.type && isIdentifier(parent.name) && isVariableDeclarationList(parent.parent) && isConstDeclarationList(parent.parent)) {
      const name = parent.name;
      const symbol = getSymbolAtLocation(this.checker, name);
      const references = this.summaries.occurrencesOf(name.text).filter((o): o is ts.Identifier => o !== name && isIdentifier(o) && this.refersTo(o, symbol));
      return references.slice(0, MAX_REFERENCES).flatMap((reference) => {
        if (isShorthandPropertyAssignment(reference.parent) && isObjectLiteralExpression(reference.parent.parent)) {
          return this.expectedTypes(reference.parent.parent, depth + 1).flatMap((type) => propertyTypes(type, reference.text, this.checker));
        }
        return this.expectedTypes(reference, depth + 1);
      });
    }
    return [];
  }

  private refersTo(occurrence: ts.Identifier, symbol: ts.Symbol | undefined): boolean {
    if (!symbol) return false;
    let found = isShorthandPropertyAssignment(occurrence.parent) ? getShorthandAssignmentValueSymbol(this.checker, occurrence.parent) : getSymbolAtLocation(this.checker, occurrence);
    found = resolveAlias(this.checker, found);
    return found === symbol;
  }
}

/** The names a module exports `fn` under: `export function GET`, `export const handler = …`, `export default …`, `export { f as POST }`. */
export function exportedNamesOf(fn: SummarizedFunction): string[] {
  const local = localNameOf(fn);
  let statement: ts.Node | undefined;
  if (isFunctionDeclaration(fn)) statement = fn;
  else if ((isArrowFunction(fn) || isFunctionExpression(fn)) && isVariableDeclaration(fn.parent) && fn.parent.initializer === fn) statement = fn.parent.parent?.parent;
  else if ((isArrowFunction(fn) || isFunctionExpression(fn)) && isExportAssignment(fn.parent) && !fn.parent.isExportEquals) return ['default'];
  if (!statement || !isSourceFile(statement.parent)) return [];
  const names: string[] = [];
  if (hasModifier(statement, SyntaxKind.ExportKeyword)) names.push(hasModifier(statement, SyntaxKind.DefaultKeyword) ? 'default' : (local ?? 'default'));
  if (local === null) return names;
  for (const other of statement.parent.statements) {
    if (isExportAssignment(other) && !other.isExportEquals && isIdentifier(other.expression) && other.expression.text === local) names.push('default');
    if (isExportDeclaration(other) && !other.moduleSpecifier && other.exportClause && isNamedExports(other.exportClause)) {
      for (const specifier of other.exportClause.elements) {
        if ((specifier.propertyName ?? specifier.name).getText() === local) names.push(specifier.name.getText());
      }
    }
  }
  return names;
}

/** The name a function is declared under: `function f`, `const f = …`, a method's or property's name. */
function localNameOf(fn: SummarizedFunction): string | null {
  if ((isFunctionDeclaration(fn) || isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (isMethodDeclaration(fn)) return memberName(fn.name);
  const parent = fn.parent;
  if ((isVariableDeclaration(parent) || isPropertyAssignment(parent) || isPropertyDeclaration(parent)) && parent.initializer === fn) {
    return isIdentifier(parent.name) || isPrivateIdentifier(parent.name) ? parent.name.text : isStringLiteral(parent.name) ? parent.name.text : null;
  }
  return null;
}

/**
 * The name to show for a parameter's type: the part of a union or intersection that the framework
 * names (`ServerResponse` in `ServerResponse<IncomingMessage> & { req: IncomingMessage }`), else the
 * type's own name (`AuthedRequest`, an interface of the program that extends express's `Request`).
 */
function shownTypeName(type: ts.Type, names: readonly string[]): string | undefined {
  const own = (t: ts.Type): string | undefined => t.aliasSymbol?.name ?? t.getSymbol()?.name;
  const parts = type.isUnionOrIntersection() ? type.types : [type];
  const named = [type, ...parts].find((t) => names.includes(own(t) ?? ''));
  return own(named ?? type) ?? parts.map(own).find((name) => name !== undefined && !name.startsWith('__'));
}

/**
 * Whether a function's parameters may take their types from where it is written: an argument
 * (`wrap((req, res) => …)`), a returned value (`return (req, res, next) => …`, an arrow's body), or the
 * value of a variable whose type is written (`const auth: RequestHandler = (req, res, next) => …`).
 */
function isContextuallyTyped(fn: SummarizedFunction): boolean {
  if (!isArrowFunction(fn) && !isFunctionExpression(fn)) return false;
  let child: ts.Node = fn;
  let parent = fn.parent;
  while (isParenthesizedExpression(parent) || isAsExpression(parent) || isSatisfiesExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) return true;
  if (isReturnStatement(parent) || (isArrowFunction(parent) && parent.body === child)) return true;
  return isVariableDeclaration(parent) && parent.initializer === child && parent.type !== undefined;
}

/** `Query.user` for a resolver written in `{ Query: { user: … } }`; the member's own name otherwise. */
function memberPathOf(fn: SummarizedFunction): string | null {
  const own = localNameOf(fn);
  const object = isMethodDeclaration(fn) ? fn.parent : isPropertyAssignment(fn.parent) ? fn.parent.parent : null;
  if (own === null || !object || !isObjectLiteralExpression(object)) return own;
  const holder = object.parent;
  const outer = isPropertyAssignment(holder) && holder.initializer === object ? memberName(holder.name) : null;
  return outer === null ? own : `${outer}.${own}`;
}

function nameSuffix(name: string | null): string {
  return name === null ? '' : ` \`${name}\``;
}

/** A parameter annotated with a type reference whose last name is one of `names` (syntax only). */
function annotatedAs(parameter: ts.ParameterDeclaration | undefined, names: ReadonlySet<string>): boolean {
  const type = parameter?.type;
  if (!type || !isTypeReferenceNode(type)) return false;
  const name = isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return names.has(name);
}

/** The types of property `name` of `type` (of each union member; an index signature's type where it has none). */
function propertyTypes(type: ts.Type, name: string, checker: ts.TypeChecker): ts.Type[] {
  const found: ts.Type[] = [];
  for (const part of type.isUnion() ? type.types : [type]) {
    const property = part.getProperty(name);
    const member = property ? getTypeOfSymbol(checker, property) : part.getStringIndexType();
    if (member) found.push(member);
  }
  return found;
}

/** The call signatures of a type and of each member of a union (`IFieldResolver | IFieldResolverOptions`). */
function callSignatures(type: ts.Type): readonly ts.Signature[] {
  return (type.isUnion() ? type.types : [type]).flatMap((part) => part.getCallSignatures());
}
