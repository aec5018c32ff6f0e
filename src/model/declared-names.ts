import type ts from 'typescript';

import { defaultImports, memberName, renamedImports } from '../syntax/ts-ast.js';
import { forEachChild, isComputedPropertyName, isIdentifier, isPrivateIdentifier, isStringLiteral } from '../syntax/ts-nodes.js';

/*
 * Names before types. Several questions the rules ask of a call ("is its callee a declared client factory,
 * a declared connect builder, a method taking a grpc-js error callback?") can only be answered yes by a
 * declaration whose text names a library type. Resolving the callee to read its declaration types its
 * receiver, so the names of every declaration that could answer yes are collected once per program, by
 * syntax, visiting only the nodes whose text holds one of those type names; a call whose name is not
 * among them is passed over before the checker.
 */

/** Which declarations a names index collects. */
export interface DeclarationNameQuery {
  /** Words the text of every accepted declaration holds (type names): only nodes that hold one are visited. */
  readonly words: readonly string[];
  /** Files never read (the library that declares the words itself). */
  readonly skipsFile?: (fileName: string) => boolean;
  /** Whether `node` is a declaration to collect; `holdsWord` tells whether a node's text holds one of the words. */
  readonly accepts: (node: ts.Node, holdsWord: (node: ts.Node) => boolean) => boolean;
}

/** The names of declarations, or 'any' when an accepted declaration has a name syntax cannot read (`[key](cb)`). */
export type DeclaredNames = ReadonlySet<string> | 'any';

const byProgram = new WeakMap<ts.Program, Map<DeclarationNameQuery, DeclaredNames>>();

/**
 * Whether the callee a call names (`f`, `x.f`) may be declared under one of `names`: null (unreadable), 'any',
 * and a local name of an import declared under another (`import { f as g }`, a default import) cannot be ruled out.
 */
export function mayBeDeclaredName(names: DeclaredNames, name: ts.Node | null): boolean {
  if (names === 'any' || name === null || !(isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name))) return true;
  if (names.has(name.text)) return true;
  if (!isIdentifier(name)) return false;
  const file = name.getSourceFile();
  return renamedImports(file).has(name.text) || defaultImports(file).has(name.text);
}

/** Once per program and query: the names of the declarations `query` accepts, in every file (declaration files too). */
export function declaredNames(program: ts.Program, query: DeclarationNameQuery): DeclaredNames {
  let cache = byProgram.get(program);
  if (!cache) byProgram.set(program, (cache = new Map<DeclarationNameQuery, DeclaredNames>()));
  let names = cache.get(query);
  if (names === undefined) cache.set(query, (names = collect(program, query)));
  return names;
}

function collect(program: ts.Program, query: DeclarationNameQuery): DeclaredNames {
  const found = new Set<string>();
  let any = false;
  for (const file of program.getSourceFiles()) {
    const text = file.text;
    const at = query.words.flatMap((word) => occurrences(text, word)).sort((a, b) => a - b);
    if (at.length === 0 || query.skipsFile?.(file.fileName.replaceAll('\\', '/'))) continue;
    // Where the words occur, ascending: a node holds one when an occurrence lies between its start and end.
    const holdsWord = (node: ts.Node): boolean => {
      let low = 0;
      let high = at.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (at[middle]! < node.pos) low = middle + 1;
        else high = middle;
      }
      return low < at.length && at[low]! < node.end;
    };
    const visit = (node: ts.Node): void => {
      if (!holdsWord(node)) return;
      const name = (node as ts.NamedDeclaration).name;
      if (name && query.accepts(node, holdsWord)) {
        const text = memberName(name as ts.PropertyName);
        if (text !== null) found.add(text);
        else if (isComputedPropertyName(name)) any = true; // a binding pattern names no callee
      }
      forEachChild(node, visit);
    };
    visit(file);
  }
  return any ? 'any' : found;
}

/** The positions of `word` in `text`. */
function occurrences(text: string, word: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) found.push(i);
  return found;
}
