import type ts from 'typescript';

import { getShorthandAssignmentValueSymbol, getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isTestFile } from '../../model/test-files.js';
import { hasModifier, literalString } from '../../syntax/ts-ast.js';
import {
  forEachChild,
  isArrowFunction,
  isBinaryExpression,
  isCallExpression,
  isClassDeclaration,
  isClassExpression,
  isConstructorDeclaration,
  isExportDeclaration,
  isExportSpecifier,
  isExpressionWithTypeArguments,
  isExternalModuleReference,
  isFunctionDeclaration,
  isFunctionExpression,
  isHeritageClause,
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isImportSpecifier,
  isNamedExports,
  isNamespaceImport,
  isNewExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isQualifiedName,
  isShorthandPropertyAssignment,
  isSourceFile,
  isSpreadElement,
  isTypeOfExpression,
  isTypeQueryNode,
  isTypeReferenceNode,
  isVariableDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
  SyntaxKind,
} from '../../syntax/ts-nodes.js';
import type { Summaries, SummarizedFunction, SummaryFact } from '../summaries.js';

/*
 * Every call of a function of the program, when the program shows them all: what a parameter holds is
 * then what those calls pass (a program-wide fact, for any family that follows values into parameters).
 *
 * The program shows every call of a function or class when each place that names it is a direct call
 * (`f(…)`, `ns.f(…)`, `new C(…)`), a type, an `instanceof` or an import or export of it under its own
 * name, no call spreads its arguments, and the program's users cannot call it: it is not exported, or
 * it is exported from a module that the program imports, that is no `index` module, that no module
 * imports whole (`import * as`, `require`, `import()`) or re-exports whole (`export * from`) or under
 * its name (`export { f } from`): a package's users reach its index and what that re-exports. A
 * function passed as a value, a class extended, a default export, a function known by another name
 * (`import { f as g }`) or never called is unknown (null). A function of the program's own code is
 * run with what that code passes: test files (src/model/test-files.ts) do not count, neither their
 * calls (of test doubles) nor their other uses (`expect(x).toBeInstanceOf(C)`).
 */

/** A call or `new` of a function or class of the program. */
export type CallSite = ts.CallExpression | ts.NewExpression;

/**
 * The calls of a function, a `const` function or arrow, or a class's constructor, when the program shows
 * every one (null otherwise). A summary: found once per declaration per program.
 */
export const callSitesFact: SummaryFact<readonly CallSite[] | null> = {
  name: 'call-sites',
  unknown: null,
  recursive: null,
  compute: (fn, summaries) => findCallSites(fn, summaries),
};

/**
 * The values a parameter holds, by the calls of its function (`callSitesFact`): each call's argument in
 * its place, and the parameter's default when a call may leave it out or pass `undefined`. Null when not
 * every call is visible, and for a rest parameter.
 */
export function parameterValues(parameter: ts.ParameterDeclaration, summaries: Summaries): ts.Expression[] | null {
  const fn = parameter.parent;
  if (parameter.dotDotDotToken || !isCallable(fn)) return null;
  const calls = summaries.get(callSitesFact, fn);
  if (!calls) return null;
  // A `this` parameter takes no argument.
  const index = fn.parameters.filter((p) => !(isIdentifier(p.name) && p.name.text === 'this')).indexOf(parameter);
  if (index < 0) return null;
  const values: ts.Expression[] = [];
  for (const call of calls) {
    const argument = call.arguments?.[index];
    if (argument) values.push(argument);
  }
  if (parameter.initializer) values.push(parameter.initializer);
  return values;
}

function isCallable(node: ts.Node): node is ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.ConstructorDeclaration {
  return isFunctionDeclaration(node) || isFunctionExpression(node) || isArrowFunction(node) || isConstructorDeclaration(node);
}

/**
 * The name a function is called by and the statement that may export it: a function declaration's, a
 * `const`'s whose initializer it is, or its class's (a constructor). Null for anything else.
 */
function calledName(fn: SummarizedFunction): { name: ts.Identifier; statement: ts.Node } | null {
  if (isFunctionDeclaration(fn)) return fn.name && fn.body ? { name: fn.name, statement: fn } : null;
  if (isConstructorDeclaration(fn)) {
    const cls = fn.parent;
    if (isClassDeclaration(cls)) return cls.name ? { name: cls.name, statement: cls } : null;
    return isClassExpression(cls) ? constNameOf(cls) : null;
  }
  return isArrowFunction(fn) || isFunctionExpression(fn) ? constNameOf(fn) : null;
}

function constNameOf(value: ts.Expression): { name: ts.Identifier; statement: ts.Node } | null {
  let at: ts.Node = value;
  while (isParenthesizedExpression(at.parent)) at = at.parent;
  const declaration = at.parent;
  if (!isVariableDeclaration(declaration) || declaration.initializer !== at || !isIdentifier(declaration.name)) return null;
  const list = declaration.parent;
  return isVariableDeclarationList(list) && isVariableStatement(list.parent) ? { name: declaration.name, statement: list.parent } : null;
}

function findCallSites(fn: SummarizedFunction, summaries: Summaries): readonly CallSite[] | null {
  const named = calledName(fn);
  if (!named) return null;
  const { checker } = summaries;
  const constructs = isConstructorDeclaration(fn);
  const symbol = getSymbolAtLocation(checker, named.name);
  // Overloads and merged declarations: which one a call runs is the checker's business.
  if (!symbol || (symbol.declarations ?? []).length !== 1) return null;
  if (hasModifier(named.statement, SyntaxKind.DefaultKeyword)) return null;
  // `new this(…)` in a static method constructs the class where no name shows it.
  if (constructs && fn.parent.getText().includes('new this')) return null;
  const file = named.name.getSourceFile();
  // The files that may name it: its own, and, when it is exported, those that import its module by name.
  const importers = hasModifier(named.statement, SyntaxKind.ExportKeyword) || exportsByName(file, named.name.text) ? importersOf(file, named.name.text, summaries) : NO_FILES;
  if (importers === null) return null; // the package's users may call it
  const skipsTests = !isTestFile(file.fileName);
  const calls: CallSite[] = [];
  for (const occurrence of summaries.occurrencesOf(named.name.text)) {
    if (occurrence === named.name || !isIdentifier(occurrence)) continue;
    const at = occurrence.getSourceFile();
    if (at !== file && !importers.has(at)) continue;
    if (skipsTests && at !== file && isTestFile(at.fileName)) continue;
    const use = useOf(occurrence, constructs);
    if (use === 'other-binding' || !refersTo(occurrence, symbol, checker)) continue;
    switch (use) {
      case 'type':
      case 'import':
      case 'export':
        continue;
      case 'value':
        return null;
      default:
        if (use.arguments?.some(isSpreadElement)) return null;
        calls.push(use);
    }
  }
  return calls.length > 0 ? calls : null;
}

const NO_FILES: ReadonlySet<ts.SourceFile> = new Set();

/** `export { name }` in the module (a renamed export, `export { name as other }`, is a use `useOf` reads as a value). */
function exportsByName(file: ts.SourceFile, name: string): boolean {
  return file.statements.some(
    (statement) =>
      isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause !== undefined &&
      isNamedExports(statement.exportClause) &&
      statement.exportClause.elements.some((element) => (element.propertyName ?? element.name).text === name),
  );
}

type Use = CallSite | 'type' | 'import' | 'export' | 'value' | 'other-binding';

/** What a place that names a function does with it, by syntax (`refersTo` then says whether it is this function). */
function useOf(occurrence: ts.Identifier, constructs: boolean): Use {
  const parent = occurrence.parent;
  if (isImportSpecifier(parent)) return parent.propertyName ? 'value' : 'import';
  if (isExportSpecifier(parent)) return parent.propertyName ? 'value' : 'export';
  // `x.f`: only a namespace import reaches a function so, and it opens the module (`isInternalModule`).
  if (isPropertyAccessExpression(parent) && parent.name === occurrence) return 'other-binding';
  if (isQualifiedName(parent) || isTypeReferenceNode(parent) || isTypeQueryNode(parent) || isTypeOfExpression(parent)) return 'type';
  if (isShorthandPropertyAssignment(parent)) return 'value';
  // A declaration or a key of the same name: another binding.
  if ('name' in parent && parent.name === occurrence) return 'other-binding';
  let callee: ts.Node = occurrence;
  while (isParenthesizedExpression(callee.parent)) callee = callee.parent;
  const holder = callee.parent;
  if (constructs && isNewExpression(holder) && holder.expression === callee) return holder;
  if (!constructs && isCallExpression(holder) && holder.expression === callee) return holder;
  // `C.create()`: a static member (a `new C(…)` in it is a call site of its own); `f.call(…)`, `f.bind(…)`: a value.
  if (isPropertyAccessExpression(parent) && parent.expression === occurrence) return constructs ? 'type' : 'value';
  if (isExpressionWithTypeArguments(parent) && isHeritageClause(parent.parent)) return parent.parent.token === SyntaxKind.ImplementsKeyword ? 'type' : 'value';
  if (isBinaryExpression(parent) && parent.right === occurrence && parent.operatorToken.kind === SyntaxKind.InstanceOfKeyword) return 'type';
  return 'value';
}

/** Whether a place names `symbol` (through imports; `{ f }` by its value). */
function refersTo(occurrence: ts.Identifier, symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  try {
    const parent = occurrence.parent;
    const found = isShorthandPropertyAssignment(parent) && parent.name === occurrence ? getShorthandAssignmentValueSymbol(checker, parent) : getSymbolAtLocation(checker, occurrence);
    return found === symbol || resolveAlias(checker, found) === symbol;
  } catch {
    return true; // unknown: counted as a use the program does not show
  }
}

/**
 * A module specifier of the program: the file it stands in, and whether it imports names or the whole
 * module (or re-exports it whole), or re-exports some of its names (`export { a, b as c } from`: `a`, `b`).
 */
interface Specifier {
  readonly node: ts.Expression;
  readonly whole: boolean;
  readonly reexports?: readonly string[];
}

/** The files that import a module by name, and the names other modules re-export from it; null when all its exports go further. */
interface Importers {
  readonly files: ReadonlySet<ts.SourceFile>;
  readonly reexported: ReadonlySet<string>;
}

interface ModuleIndex {
  /** Per last path segment of a specifier, without extension (`./internal/heartbeat.js` → `heartbeat`). */
  readonly byBaseName: ReadonlyMap<string, readonly Specifier[]>;
  /** Per module asked. */
  readonly importers: Map<ts.SourceFile, Importers | null>;
}

const moduleIndexes = new WeakMap<Summaries, ModuleIndex>();

/**
 * The files that import a module by name when its export `exported` stays inside the program (another
 * module imports it, it is no `index` module, none imports it whole or re-exports it whole or under that
 * name); null otherwise. The program's module specifiers are read once, by syntax; only those whose last
 * segment names the module are resolved.
 */
function importersOf(file: ts.SourceFile, exported: string, summaries: Summaries): ReadonlySet<ts.SourceFile> | null {
  const name = baseName(file.fileName);
  if (name === 'index') return null;
  let index = moduleIndexes.get(summaries);
  if (!index) moduleIndexes.set(summaries, (index = { byBaseName: specifiersByBaseName(summaries.program), importers: new Map() }));
  let importers = index.importers.get(file);
  if (importers === undefined) {
    importers = moduleImporters(file, index.byBaseName.get(name) ?? [], summaries.checker);
    index.importers.set(file, importers);
  }
  return importers && !importers.reexported.has(exported) ? importers.files : null;
}

function moduleImporters(file: ts.SourceFile, specifiers: readonly Specifier[], checker: ts.TypeChecker): Importers | null {
  const files = new Set<ts.SourceFile>();
  const reexported = new Set<string>();
  for (const specifier of specifiers) {
    if (moduleOf(specifier.node, checker) !== file) continue;
    if (specifier.whole) return null;
    if (specifier.reexports) for (const name of specifier.reexports) reexported.add(name);
    else files.add(specifier.node.getSourceFile());
  }
  return files.size > 0 ? { files, reexported } : null;
}

function baseName(fileName: string): string {
  const last = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = last.indexOf('.');
  return dot < 0 ? last : last.slice(0, dot);
}

function moduleOf(specifier: ts.Expression, checker: ts.TypeChecker): ts.SourceFile | null {
  try {
    const declaration = resolveAlias(checker, getSymbolAtLocation(checker, specifier))?.valueDeclaration;
    return declaration && isSourceFile(declaration) ? declaration : null;
  } catch {
    return null;
  }
}

function specifiersByBaseName(program: ts.Program): Map<string, Specifier[]> {
  const byName = new Map<string, Specifier[]>();
  const add = (node: ts.Expression, whole: boolean, reexports?: readonly string[]): void => {
    const text = literalString(node);
    if (text === null) return;
    const name = baseName(text);
    const specifier: Specifier = reexports ? { node, whole, reexports } : { node, whole };
    const list = byName.get(name);
    if (list) list.push(specifier);
    else byName.set(name, [specifier]);
  };
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    for (const statement of file.statements) {
      if (isImportDeclaration(statement)) {
        const bindings = statement.importClause?.namedBindings;
        add(statement.moduleSpecifier, bindings !== undefined && isNamespaceImport(bindings));
      } else if (isExportDeclaration(statement) && statement.moduleSpecifier) {
        // `export { a, b as c } from './m'` passes on `a` and `b` only; `export *` and `export * as ns`, every name.
        const clause = statement.exportClause;
        if (clause && isNamedExports(clause)) add(statement.moduleSpecifier, false, clause.elements.map((element) => (element.propertyName ?? element.name).text));
        else add(statement.moduleSpecifier, true);
      } else if (isImportEqualsDeclaration(statement) && isExternalModuleReference(statement.moduleReference)) {
        add(statement.moduleReference.expression, true);
      }
    }
    // `require('./m')`, `import('./m')`: the whole module, wherever it stands.
    if (file.text.includes('require(') || file.text.includes('import(')) {
      const visit = (node: ts.Node): void => {
        if (isCallExpression(node) && node.arguments.length === 1) {
          const callee = node.expression;
          if (callee.kind === SyntaxKind.ImportKeyword || (isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0]!, true);
        }
        forEachChild(node, visit);
      };
      visit(file);
    }
  }
  return byName;
}
