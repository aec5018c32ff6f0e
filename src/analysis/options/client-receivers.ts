import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { CLIENT_DEADLINE_SOURCES } from '../../model/deadlines.js';
import type { RpcModel } from '../../model/index.js';
import { specifierNames } from '../../model/type-utils.js';
import { calleeOf, staticMemberName } from '../../syntax/ast.js';
import { mayHaveSummary } from '../flow/local-callees.js';
import { constructsGlobal, isGlobalReference, originValues, skipTypeWrappers, variableOf } from '../flow/origins.js';
import { getSymbolAtLocation, resolveAlias } from '../../model/checker.js';
import { isClassLike, isIdentifier, isNewExpression, isParameter, isPropertyDeclaration, isVariableDeclaration } from '../../syntax/ts-nodes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/*
 * Which receivers of method calls can be followed to where their values are made, for rules that report
 * only there (`rpc/require-deadline`). Every member call of a file is asked, so syntax decides, with the
 * scope manager and name lookups. No type of the receiver is asked: what its origins make says what it
 * is (src/analysis/options/deadline-sources.ts).
 */

/**
 * The receiver of a method call when the values it may hold can be followed to where they are made
 * (`mayBeFollowable`), else null. Syntax and name lookups only: no type is asked here.
 */
export function followableReceiverOf(call: TSESTree.CallExpression, model: RpcModel, sourceCode: SourceCode): TSESTree.Node | null {
  const callee = calleeOf(call);
  if (callee.type !== 'MemberExpression' || staticMemberName(callee) === null) return null;
  const receiver = skipTypeWrappers(callee.object);
  return mayBeFollowable(receiver, model, sourceCode) ? receiver : null;
}

/** How many bindings a receiver is followed through by syntax. */
const MAX_DEPTH = 4;

/**
 * Syntax only, and in step with what `DeadlineSources` can follow (a value it cannot follow makes the
 * call's client unknown, which is never reported): every value the receiver may hold is a `new` that may
 * construct a resource, a call of a library client factory or of a function of the program, an import
 * or a field of a named object (which the types decide). Parameters, destructured bindings, globals and
 * results of other objects' methods make it unknown.
 */
function mayBeFollowable(receiver: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): boolean {
  const origins = originsOf(receiver, sourceCode, 0);
  return origins !== null && origins.length > 0 && origins.every((origin) => isFollowableOrigin(origin, model, sourceCode));
}

function isFollowableOrigin(origin: TSESTree.Node, model: RpcModel, sourceCode: SourceCode): boolean {
  if (origin.type === 'Identifier') return true; // an import
  if (origin.type === 'MemberExpression') return isProgramField(origin, model, sourceCode);
  if (origin.type === 'NewExpression') return !constructsGlobal(origin, sourceCode) && model.mayConstructResource(model.tsNodeOf(origin.callee) as ts.Expression);
  if (origin.type !== 'CallExpression') return false;
  const callee = calleeOf(origin);
  const name = callee.type === 'Identifier' ? (model.importedNameOf(callee) ?? callee.name) : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
  return (name !== null && CLIENT_FACTORY_NAMES.has(name)) || mayHaveSummary(callee, sourceCode) || isImportedCall(callee, sourceCode);
}

/**
 * A call of an imported function, or of what one returns (`clientFor(service)(transport)`): a library's
 * declared client or transport builder (src/model/declared-builders.ts), which the types decide.
 */
function isImportedCall(callee: TSESTree.Node, sourceCode: SourceCode): boolean {
  const inner = callee.type === 'CallExpression' ? calleeOf(callee) : callee;
  return inner.type === 'Identifier' && variableOf(inner, sourceCode)?.defs[0]?.type === 'ImportBinding';
}

/**
 * `holder.client`, `clients.shared`: a field declared in a class of the program that the object's
 * declaration names (an annotation, or `new C()`), or a member of a module of the program imported as a
 * namespace. Told by name resolution, without typing the object.
 */
function isProgramField(member: TSESTree.MemberExpression, model: RpcModel, sourceCode: SourceCode): boolean {
  const name = staticMemberName(member);
  if (name === null || member.object.type !== 'Identifier') return false;
  const def = variableOf(member.object, sourceCode)?.defs[0];
  if (def?.type === 'ImportBinding') return def.node.type === 'ImportNamespaceSpecifier' && mayHaveSummary(member.object, sourceCode);
  const cls = declaredClassOf(model.tsNodeOf(member.object), model);
  return cls !== null && cls.members.some((m) => isPropertyDeclaration(m) && m.name !== undefined && isIdentifier(m.name) && m.name.text === name);
}

/** The class of the program that a binding's annotation or `new` initializer names, or null. */
function declaredClassOf(node: ts.Node, model: RpcModel): ts.ClassLikeDeclaration | null {
  try {
    const declaration = isIdentifier(node) ? getSymbolAtLocation(model.checker, node)?.valueDeclaration : undefined;
    if (!declaration || !(isParameter(declaration) || isVariableDeclaration(declaration) || isPropertyDeclaration(declaration))) return null;
    const named = declaration.type
      ? model.declaredByName(declaration.type)?.declaration
      : declaration.initializer && isNewExpression(declaration.initializer)
        ? classOfSymbol(getSymbolAtLocation(model.checker, declaration.initializer.expression), model)
        : null;
    return named && isClassLike(named) && !named.getSourceFile().isDeclarationFile ? named : null;
  } catch {
    return null;
  }
}

function classOfSymbol(symbol: ts.Symbol | undefined, model: RpcModel): ts.ClassLikeDeclaration | null {
  const target = resolveAlias(model.checker, symbol);
  const declaration = target?.valueDeclaration;
  return declaration && isClassLike(declaration) ? declaration : null;
}

const { nice: NICE, connect: CONNECT } = CLIENT_DEADLINE_SOURCES;
/** Library calls that make a client (`createClient`, a nice-grpc factory's `create`). */
const CLIENT_FACTORY_NAMES: ReadonlySet<string> = new Set([...specifierNames(NICE.createClient), ...specifierNames(CONNECT.createClient), NICE.createMethod]);

/**
 * The values a receiver may hold, by the scope manager: a call or `new`, each branch of `?:`/`??`/`||`,
 * each write of a local binding, each write of a field of `this` in its class; an import or a field of a
 * named object as itself. Null for anything the file cannot follow (a parameter, a destructured binding).
 */
function originsOf(node: TSESTree.Node, sourceCode: SourceCode, depth: number): TSESTree.Node[] | null {
  let at = skipTypeWrappers(node);
  while (at.type === 'AwaitExpression') at = skipTypeWrappers(at.argument);
  if (depth > MAX_DEPTH) return null;
  const all = (nodes: readonly TSESTree.Node[]): TSESTree.Node[] | null => {
    const found: TSESTree.Node[] = [];
    for (const value of nodes) {
      const origins = originsOf(value, sourceCode, depth + 1);
      if (!origins) return null;
      found.push(...origins);
    }
    return found;
  };
  switch (at.type) {
    case 'NewExpression':
    case 'CallExpression':
      return [at];
    case 'ConditionalExpression':
      return all([at.consequent, at.alternate]);
    case 'LogicalExpression':
      return all([at.left, at.right]);
    case 'Identifier': {
      if (isGlobalReference(at, sourceCode)) return null;
      const variable = variableOf(at, sourceCode);
      const def = variable?.defs[0];
      if (def?.type === 'ImportBinding') return def.node.type === 'ImportNamespaceSpecifier' ? null : [at];
      if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable' || def.node.id.type !== 'Identifier') return null;
      const writes = variable.references.filter((r) => r.isWrite());
      if (writes.some((w) => !w.writeExpr)) return null;
      return all(writes.map((w) => w.writeExpr!));
    }
    case 'MemberExpression': {
      if (at.computed) return null;
      if (at.object.type === 'Identifier') return [at];
      if (at.object.type !== 'ThisExpression') return null;
      // The writes of the field in its class (other files' writes are the types' business).
      const values = originValues(at, sourceCode);
      return values && values.length > 0 ? values : null;
    }
    default:
      return null;
  }
}
