import type ts from 'typescript';

import { getSymbolAtLocation } from './checker.js';
import { LIBRARIES } from './libraries.js';
import { CHANNEL_CREDENTIALS, FACTORIES, type ResourceEntry } from './resources.js';
import { literalString } from '../syntax/ts-ast.js';
import {
  forEachChild,
  isCallExpression,
  isExportDeclaration,
  isExternalModuleReference,
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isImportTypeNode,
  isLiteralTypeNode,
  isModuleBlock,
  isModuleDeclaration,
  isNamedImports,
  SyntaxKind,
} from '../syntax/ts-nodes.js';

/*
 * Names before types, for a whole program: whether its own files can name anything of the libraries
 * that make resources. A value of a library's type reaches a file only through an import of the
 * library, or of a module (a package's declarations, another file of the program) that imports it in
 * turn. A program whose own files import nothing that leads to such a library (a library's own
 * sources, with the libraries loaded beside them) makes no resource, and the program-wide facts that
 * follow what its functions and classes create would find nothing: they are not computed.
 *
 * Followed: `import`s that bind a name (not `import type {} from …` or `import '…'`, which bring none),
 * `export … from`, `import x = require(…)`, `require(…)` and `import(…)` calls, `import('…').T` types,
 * also inside `declare module` bodies. Not followed: a library's global declarations.
 */

/** A library, as the paths of its files and the names its modules are imported under: `@grpc/grpc-js`, `@connectrpc/connect` (a prefix). */
export type PackagePrefix = string;

const byProgram = new WeakMap<ts.Program, Map<string, boolean>>();

/**
 * Whether some file of the program (not a library's, not TypeScript's `lib`) imports, directly or through
 * other modules, one whose name or declaration file's path starts with one of `packages`. Once per
 * program and list; the search stops at the first such file.
 */
export function sourcesImportPackages(program: ts.Program, packages: readonly PackagePrefix[]): boolean {
  let cache = byProgram.get(program);
  if (!cache) byProgram.set(program, (cache = new Map<string, boolean>()));
  const key = packages.join('\n');
  let known = cache.get(key);
  if (known === undefined) cache.set(key, (known = search(program, packages)));
  return known;
}

function search(program: ts.Program, packages: readonly PackagePrefix[]): boolean {
  const checker = program.getTypeChecker();
  const fragments = packages.map((p) => `/node_modules/${p}`);
  const isLibraryFile = (file: ts.SourceFile): boolean =>
    (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) && fragments.some((f) => file.fileName.replaceAll('\\', '/').includes(f));
  const namesLibrary = (specifier: string): boolean => packages.some((p) => specifier.startsWith(p));
  // Every file entered once: a search that ends without finding a library visited all that its files lead to.
  const visited = new Set<ts.SourceFile>();
  const leadsToLibrary = (start: ts.SourceFile): boolean => {
    const stack = [start];
    visited.add(start);
    while (stack.length > 0) {
      const file = stack.pop()!;
      const own = !program.isSourceFileFromExternalLibrary(file);
      if (own && isJavaScript(file) && jsDocImports(file).some(namesLibrary)) return true;
      for (const specifier of moduleReferences(file, own)) {
        const text = literalString(specifier);
        if (text !== null && namesLibrary(text)) return true; // also a `declare module '…'` of the library
        // The program's own files are each searched from: a relative import among them needs no resolving.
        if (own && text !== null && text.startsWith('.') && !text.includes('node_modules')) continue;
        for (const declaration of getSymbolAtLocation(checker, specifier)?.declarations ?? []) {
          const target = declaration.getSourceFile();
          if (isLibraryFile(target)) return true;
          if (!visited.has(target)) {
            visited.add(target);
            stack.push(target);
          }
        }
      }
    }
    return false;
  };
  for (const file of program.getSourceFiles()) {
    if (visited.has(file) || program.isSourceFileFromExternalLibrary(file) || program.isSourceFileDefaultLibrary(file)) continue;
    if (leadsToLibrary(file)) return true;
  }
  return false;
}

/**
 * The module specifiers of a file's imports and re-exports, `declare module` bodies included; in the
 * program's own files (`own`), only the imports that bind a name.
 */
function moduleReferences(file: ts.SourceFile, own: boolean): ts.Expression[] {
  const found: ts.Expression[] = [];
  const statements = (list: readonly ts.Statement[]): void => {
    for (const statement of list) {
      if (isImportDeclaration(statement)) {
        if (!own || bindsName(statement)) found.push(statement.moduleSpecifier);
      } else if (isExportDeclaration(statement) && statement.moduleSpecifier) {
        found.push(statement.moduleSpecifier);
      } else if (isImportEqualsDeclaration(statement) && isExternalModuleReference(statement.moduleReference)) {
        found.push(statement.moduleReference.expression);
      } else if (isModuleDeclaration(statement)) {
        let body = statement.body;
        while (body && isModuleDeclaration(body)) body = body.body; // `declare namespace a.b { … }`
        if (body && isModuleBlock(body)) statements(body.statements);
      }
    }
  };
  statements(file.statements);
  // `import('m')`, `import('m').T`, and in JavaScript `require('m')`: wherever they stand, found from where the text has them.
  for (const word of isJavaScript(file) ? ['import(', 'require('] : ['import(']) {
    for (let at = file.text.indexOf(word); at !== -1; at = file.text.indexOf(word, at + word.length)) {
      const reference = referenceAt(file, at);
      if (reference) found.push(reference);
    }
  }
  return found;
}

/**
 * The module specifier of the innermost `import(…)` call, `require(…)` call or `import(…)` type whose
 * range holds `position`, by one descent from the file (no walk of the whole file); undefined when
 * the text there is no such reference (a comment, a string).
 */
function referenceAt(file: ts.SourceFile, position: number): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  let node: ts.Node | undefined = file;
  while (node) {
    if (isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      if (callee.kind === SyntaxKind.ImportKeyword || (isIdentifier(callee) && callee.text === 'require')) found = node.arguments[0];
    } else if (isImportTypeNode(node) && isLiteralTypeNode(node.argument)) {
      found = node.argument.literal;
    }
    node = forEachChild(node, (child) => (child.pos <= position && position < child.end ? child : undefined));
  }
  return found;
}

function isJavaScript(file: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(file.fileName);
}

/** The modules a JavaScript file's JSDoc names (`@type {import('m').T}`), which no syntax node holds: by the text. */
function jsDocImports(file: ts.SourceFile): string[] {
  return [...file.text.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g)].map((match) => match[2]!);
}

/** `import a from`, `import * as a from`, `import { a } from` (type-only too); not `import '…'` or `import {} from`. */
function bindsName(declaration: ts.ImportDeclaration): boolean {
  const clause = declaration.importClause;
  if (!clause) return false;
  if (clause.name) return true;
  const bindings = clause.namedBindings;
  return bindings !== undefined && (!isNamedImports(bindings) || bindings.elements.length > 0);
}

/**
 * Whether the program's own files can make a resource of `resources` (the model's, with
 * `settings.rpc.resources`) or one of a library factory: false only when they import nothing that
 * leads to a package that declares one. A resource not named by package (a class of the program, a
 * `lib` type) may be made anywhere.
 */
export function sourcesMayMakeResources(program: ts.Program, resources: readonly ResourceEntry[]): boolean {
  const specs = [...resources.map((r) => r.spec), ...FACTORIES, CHANNEL_CREDENTIALS];
  const packages = new Set<PackagePrefix>(LIBRARIES.filter((l) => l.family === 'rpc').flatMap((l) => l.fileMarkers.map(packageOfMarker)));
  for (const spec of specs) {
    if (typeof spec === 'string' || spec.from !== 'package') return true;
    packages.add(spec.package);
  }
  return sourcesImportPackages(program, [...packages].sort());
}

/** `/node_modules/@grpc/grpc-js/` → `@grpc/grpc-js`. */
function packageOfMarker(marker: string): PackagePrefix {
  return marker.replace(/^\/node_modules\//, '').replace(/\/$/, '');
}
