import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { variableOf } from './origins.js';

/**
 * Whether the callee may be a function, class or method declared in the program's own sources,
 * by the scope manager alone (no types, so the check stays cheap on every call): a function or
 * class of this file, a binding imported by a relative path, a `this`/`super` method, or a
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
      const source = definition.parent.type === 'ImportDeclaration' ? definition.parent.source.value : '';
      return source.startsWith('.') || source.startsWith('/');
    }
    case 'Variable': {
      const init = definition.node.init;
      return init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression' || init?.type === 'ClassExpression';
    }
    default:
      return false;
  }
}
