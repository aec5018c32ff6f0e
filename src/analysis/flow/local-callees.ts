import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { variableOf } from './origins.js';
import { getSymbolAtLocation } from '../../model/checker.js';
import { isSourceFile } from '../../syntax/ts-nodes.js';

/**
 * Whether the callee may be a function, class or method declared in the program's own sources,
 * by the scope manager alone (no types, so the check stays cheap on every call): a function or
 * class of this file, a binding imported by a relative path (or by a `paths` alias or workspace
 * package that resolves to the program's own sources), a `this`/`super` method, or a
 * static member or namespace member of those. Globals, package imports and methods of other
 * values (`list.push(x)`, `this.emitter.emit(x)`) are not asked. Rules ask it before they ask a
 * callee's program-wide summary (`summaries.ts`) about an argument.
 */
export function mayHaveSummary(callee: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (callee.type === 'MemberExpression') {
    const object = callee.object;
    return object.type === 'ThisExpression' || object.type === 'Super' || (object.type === 'Identifier' && mayHaveSummary(object, sourceCode));
  }
  if (callee.type !== 'Identifier') return false;
  const definition = variableOf(callee, sourceCode)?.defs[0];
  switch (definition?.type) {
    case 'FunctionName':
    case 'ClassName':
      return true;
    case 'ImportBinding': {
      if (definition.parent.type !== 'ImportDeclaration') return false;
      const source = definition.parent.source.value;
      return source.startsWith('.') || source.startsWith('/') || importsProgramSource(definition.parent, sourceCode);
    }
    case 'Variable': {
      const init = definition.node.init;
      return init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression' || init?.type === 'ClassExpression';
    }
    default:
      return false;
  }
}

const programSourceImports = new WeakMap<TSESTree.ImportDeclaration, boolean>();

/**
 * A bare specifier that resolves to a file of the program's own sources: a `paths` alias
 * (`@clients/hatchet-client`), a workspace package. The checker resolves the module once per import.
 */
function importsProgramSource(declaration: TSESTree.ImportDeclaration, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let known = programSourceImports.get(declaration);
  if (known === undefined) {
    known = false;
    const services = sourceCode.parserServices;
    const program = services?.program;
    if (program && services.esTreeNodeToTSNodeMap) {
      try {
        const specifier = services.esTreeNodeToTSNodeMap.get<TSESTree.ImportDeclaration>(declaration).moduleSpecifier;
        const file = getSymbolAtLocation(program.getTypeChecker(), specifier)?.valueDeclaration;
        known = file !== undefined && isSourceFile(file) && !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file);
      } catch {
        known = false;
      }
    }
    programSourceImports.set(declaration, known);
  }
  return known;
}
