#!/usr/bin/env node
// The TypeScript API the plugin uses, found by TypeScript's own checker over src/ and rules/: every
// member of the `typescript` module and of its types (TypeChecker, Type, Symbol, Node, Program, …)
// that the plugin's code names. This is the seam a native checker has to fill (README, "On
// TypeScript 7"); docs/typescript-api.md is this script's output, and test/typescript-api.test.ts
// fails when the code and the page disagree.
//
//   node scripts/typescript-api.mjs            print the page
//   node scripts/typescript-api.mjs --write    rewrite docs/typescript-api.md
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PAGE = path.join(ROOT, 'docs', 'typescript-api.md');
/**
 * Where the plugin's run-time uses of the TypeScript API live: the `typescript` module (node tests,
 * syntax kinds, traversal, flags) and the checker's methods. Elsewhere code imports `typescript` for
 * its types only and reads the nodes, types and symbols it is handed.
 */
export const SEAM = ['src/syntax/', 'src/model/checker.ts', 'src/model/type-utils.ts'];

/** The plugin's own sources (src/, rules/), as TypeScript sees them with the project's options. */
function pluginProgram() {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return ts.createProgram(parsed.fileNames, parsed.options);
}

/** Whether `declaration` is part of TypeScript's own API (its `lib/typescript.d.ts`). */
function isTypeScriptApi(declaration) {
  return /[\\/]node_modules[\\/]typescript[\\/]lib[\\/]typescript\.d\.ts$/.test(declaration.getSourceFile().fileName);
}

/** "TypeChecker.getTypeAtLocation", "ts.isIdentifier", "ts.SyntaxKind" (enum members fold into their enum). */
function apiName(symbol, checker) {
  const declaration = symbol.declarations?.[0];
  if (!declaration) return null;
  if (ts.isEnumMember(declaration)) return `ts.${declaration.parent.name.text}`;
  const parent = declaration.parent;
  if ((ts.isInterfaceDeclaration(parent) || ts.isClassDeclaration(parent)) && parent.name) return `${parent.name.text}.${symbol.name}`;
  if (ts.isTypeLiteralNode(parent)) return null; // option bags and inline shapes: data, not API
  return `ts.${checker.getFullyQualifiedName(symbol).replace(/^"typescript"\.|^ts\./, '')}`;
}

/** The name of a property access or qualified name: counted with its access, not alone. */
function isMemberName(id) {
  const parent = id.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isQualifiedName(parent) && parent.right === id);
}

/** Inside a type (`ts.SyntaxKind` as an annotation) or an import: erased, nothing at run time. */
function isTypePosition(node) {
  for (let at = node; at; at = at.parent) {
    if (ts.isTypeNode(at) || ts.isImportDeclaration(at) || ts.isExportDeclaration(at)) return true;
    if (ts.isExpression(at) && !ts.isIdentifier(at) && !ts.isPropertyAccessExpression(at)) return false;
    if (ts.isStatement(at) || ts.isSourceFile(at)) return false;
  }
  return false;
}

/**
 * Every API member named in the plugin's sources → the files that name it, each with whether the
 * file uses it at run time (true) or in types only (false).
 */
export function collectUses() {
  const program = pluginProgram();
  const checker = program.getTypeChecker();
  const uses = new Map();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    const relative = path.relative(ROOT, file.fileName).replaceAll('\\', '/');
    if (!relative.startsWith('src/') && !relative.startsWith('rules/')) continue;
    const record = (api, runtime) => {
      if (!uses.has(api)) uses.set(api, new Map());
      const files = uses.get(api);
      files.set(relative, files.get(relative) === true || runtime);
    };
    const visit = (node) => {
      // `a.b` and `A.B` (a qualified name is a type position), and a bare name imported from `typescript`
      const name = ts.isPropertyAccessExpression(node) ? node.name : ts.isQualifiedName(node) ? node.right : ts.isIdentifier(node) && !isMemberName(node) ? node : null;
      if (name) {
        let symbol = checker.getSymbolAtLocation(name);
        const aliased = symbol && symbol.flags & ts.SymbolFlags.Alias;
        if (aliased) symbol = checker.getAliasedSymbol(symbol);
        const declaration = symbol?.declarations?.[0];
        const named = name !== node || aliased; // a bare local name is the plugin's own
        const api =
          named && declaration && isTypeScriptApi(declaration) && !(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Module)) ? apiName(symbol, checker) : null;
        if (api) record(api, !isTypePosition(node));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return uses;
}

export const inSeam = (file) => SEAM.some((s) => file === s || (s.endsWith('/') && file.startsWith(s)));

/** The program's semantic API: what a native checker must answer. Other interfaces are syntax-tree nodes. */
const SEMANTIC = /^(TypeChecker|Program|Type|ObjectType|UnionOrIntersectionType|UnionType|TypeReference|Symbol|Signature|SourceFile|Node|Declaration)\./;

/** What only the seam may use at run time: the `typescript` module's members and the checker's methods. */
export const isSeamOnly = (name) => name.startsWith('ts.') || name.startsWith('TypeChecker.');

/** Files outside the seam that use a seam-only member at run time → those members. */
export function seamBreaches(uses) {
  const breaches = new Map();
  for (const [name, files] of uses) {
    if (!isSeamOnly(name)) continue;
    for (const [file, runtime] of files) {
      if (!runtime || inSeam(file)) continue;
      if (!breaches.has(file)) breaches.set(file, []);
      breaches.get(file).push(name);
    }
  }
  return new Map([...breaches].sort(([a], [b]) => a.localeCompare(b)).map(([file, names]) => [file, names.sort()]));
}

export function renderPage(uses) {
  const names = [...uses.keys()].sort((a, b) => a.localeCompare(b));
  const files = new Set([...uses.values()].flatMap((m) => [...m.keys()]));
  const outside = [...files].filter((f) => !inSeam(f)).sort();
  const breaches = seamBreaches(uses);
  const filesOf = (name) => {
    const where = [...uses.get(name)].sort(([a], [b]) => a.localeCompare(b));
    const shown = where.slice(0, 3).map(([f, runtime]) => `\`${f}\`${runtime ? '' : ' (types)'}`);
    return `${where.length}: ${shown.join(', ')}${where.length > 3 ? ', …' : ''}`;
  };
  const table = (members) => ['| member | files |', '| --- | --- |', ...members.map((m) => `| \`${m}\` | ${filesOf(m)} |`), ''];
  const module = names.filter((n) => n.startsWith('ts.'));
  const semantic = names.filter((n) => SEMANTIC.test(n));
  const syntax = new Map();
  for (const name of names) {
    if (name.startsWith('ts.') || SEMANTIC.test(name)) continue;
    const [node, member] = name.split('.');
    if (!syntax.has(node)) syntax.set(node, []);
    syntax.get(node).push(member);
  }
  const seam = SEAM.map((s) => `\`${s}\``);
  return [
    '# The TypeScript API the plugin uses',
    '',
    '<!-- Generated by `node scripts/typescript-api.mjs --write`; test/typescript-api.test.ts checks it. -->',
    '',
    'Every rule needs types, and typescript-eslint hands them over as TypeScript 6 API objects (`ts.Program`,',
    '`ts.TypeChecker`, `ts.Node`). This page lists every member of that API that the plugin names, found by',
    "TypeScript's checker over `src/` and `rules/`: what a native checker (TypeScript 7, README \"On TypeScript",
    '7") must provide, in one place, so that a new use is a visible change of this page. Enum members are',
    'folded into their enum; "(types)" marks a file that names a member in types only.',
    '',
    '## The seam',
    '',
    `The seam is ${seam.slice(0, -1).join(', ')} and ${seam.at(-1)}: only these files import`,
    '`typescript` at run time. `src/syntax/ts-nodes.ts` names the node tests, syntax kinds, traversal and',
    'modifier functions the plugin uses; `src/model/checker.ts` wraps every `TypeChecker` method it calls and',
    'tests type and symbol flags; `src/syntax/ts-ast.ts` builds syntax helpers on them. Everywhere else,',
    "`import type ts from 'typescript'` is allowed (it is erased) and code reads the nodes, types, symbols",
    'and signatures it is handed, but calls no function of the `typescript` module, reads none of its enums',
    'and calls no checker method; rules/ name no TypeScript API at all. `no-restricted-imports` in',
    'eslint.config.js and test/typescript-api.test.ts enforce it.',
    '',
    `${names.length} members in ${files.size} files; ${outside.length} files outside the seam read nodes, types and symbols (listed at the end), and ${breaches.size === 0 ? 'none of them uses the `typescript` module or the checker at run time' : `${breaches.size} of them still use the \`typescript\` module or the checker at run time: ${[...breaches.keys()].map((f) => `\`${f}\``).join(', ')}`}.`,
    '',
    '## The `typescript` module: functions, enums, constants',
    '',
    ...table(module),
    '## The checker, program, types, symbols and signatures',
    '',
    ...table(semantic),
    '## Syntax-tree nodes read',
    '',
    'Properties of TypeScript AST nodes, which a native backend must expose with the same names and values.',
    '',
    '| node | properties |',
    '| --- | --- |',
    ...[...syntax].map(([node, members]) => `| \`${node}\` | ${members.map((m) => `\`${m}\``).join(', ')} |`),
    '',
    '## Files outside the seam',
    '',
    ...outside.map((f) => `- \`${f}\`: ${[...uses.values()].filter((m) => m.has(f)).length} members`),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const page = renderPage(collectUses());
  if (process.argv.includes('--write')) fs.writeFileSync(PAGE, page);
  else process.stdout.write(page);
}
