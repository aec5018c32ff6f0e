import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';

import type { OwnershipOracle, ParameterAnswer } from './ownership.js';
import { OwnershipFacts, type ResourceModel } from './ownership-facts.js';
import { calleeOf } from '../../syntax/ast.js';
import type { RpcModel } from '../../model/index.js';
import { BORROWERS, CHANNEL_OVERRIDE, CLOSE_FUNCTIONS, FACTORIES, OWNED_KINDS, type ResourceEntry } from '../../model/resources.js';
import { isOpaque } from '../../model/type-walk.js';
import { summariesOf } from '../summaries.js';

/** How the model answers the ownership analysis's questions about one kind of resource. */
export function ownershipOracleFor(resource: ResourceEntry, model: RpcModel): OwnershipOracle {
  return {
    isCloseMethod: (name) => resource.close.includes(name),
    isCloseFunction: (call, index) => index === 0 && model.valueIs(calleeOf(call), CLOSE_FUNCTIONS),
    borrows: (call, index, property) => borrows(call, index, property, model),
    parameter: (call, index) => parameterOf(call, index, model),
  };
}

function borrows(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  index: number,
  property: string | null,
  model: RpcModel,
): boolean {
  if (call.type === 'NewExpression') {
    if (property === null && call.arguments.length > 0) {
      const node = model.tsNodeOf(call);
      if (ts.isNewExpression(node) && model.constructorBorrows(node, index)) return true;
    }
    return index === CHANNEL_OVERRIDE.argument && property === CHANNEL_OVERRIDE.property && model.resourceOf(call)?.kind === 'client';
  }
  const callee = calleeOf(call);
  return BORROWERS.some(
    (b) => b.argument === index && (b.property ?? null) === property && model.valueIs(callee, [b.callee]),
  );
}

/** What the callee's summary says it does with the argument at `index`. */
function parameterOf(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, model: RpcModel): ParameterAnswer {
  const node = model.tsNodeOf(call);
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return 'unknown';
  return ownershipFactsOf(model).argument(node, index);
}

const FACTORY_NAMES = new Set(FACTORIES.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));
const CLOSE_FUNCTION_NAMES = new Set(CLOSE_FUNCTIONS.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));

/** Keyed by the resource table, which exists once per program and `settings.rpc` (the shared model). */
const factsByResources = new WeakMap<readonly ResourceEntry[], OwnershipFacts<ResourceEntry>>();

/** The program-wide ownership facts of one program and one `settings.rpc`, shared by every file and rule. */
export function ownershipFactsOf(model: RpcModel): OwnershipFacts<ResourceEntry> {
  let facts = factsByResources.get(model.resources);
  if (!facts) factsByResources.set(model.resources, (facts = new OwnershipFacts(summariesOf(model.program), resourceModelOf(model))));
  return facts;
}

/** The model's answers on the TypeScript AST, for the program-wide ownership facts. */
function resourceModelOf(model: RpcModel): ResourceModel<ResourceEntry> {
  const checker = model.checker;
  const owned = (resource: ResourceEntry | null): ResourceEntry | null => (resource && OWNED_KINDS.has(resource.kind) ? resource : null);
  return {
    closeNames: new Set(model.resources.filter((r) => OWNED_KINDS.has(r.kind)).flatMap((r) => r.close)),
    resourceOfType: (type) => owned(model.resourceOfType(type)),
    declaredByName: (node) => model.declaredByName(node),
    createdByLibrary(node) {
      if (ts.isNewExpression(node)) {
        if (hasChannelOverride(node) || !model.mayConstructResource(node.expression)) return null;
        // The declared type of the constructor's symbol: no flow analysis of the callee expression.
        let symbol = checker.getSymbolAtLocation(node.expression);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const calleeType = symbol ? checker.getTypeOfSymbol(symbol) : checker.getTypeAtLocation(node.expression);
        return isOpaque(calleeType) ? null : owned(model.resourceOfConstructor(calleeType));
      }
      if (!FACTORY_NAMES.has(calleeName(node) ?? '') || !model.isLibraryFactoryCall(node)) return null;
      return owned(model.resourceOfFactoryCall(node));
    },
    isCloseFunction: (call, index) => index === 0 && CLOSE_FUNCTION_NAMES.has(calleeName(call) ?? '') && declaredIn(call.expression, '@grpc/grpc-js', checker),
    borrower(call, index, property) {
      if (ts.isNewExpression(call)) {
        if (property === null && model.constructorBorrows(call, index)) return { releases: false };
        const releases = index === CHANNEL_OVERRIDE.argument && property === CHANNEL_OVERRIDE.property;
        return releases && model.resourceOfConstructor(checker.getTypeAtLocation(call.expression))?.kind === 'client' ? { releases: true } : null;
      }
      const name = calleeName(call);
      const entry = BORROWERS.find((b) => {
        if (b.argument !== index || (b.property ?? null) !== property || typeof b.callee === 'string' || b.callee.from !== 'package') return false;
        return [b.callee.name].flat().includes(name ?? '') && declaredIn(call.expression, b.callee.package, checker);
      });
      return entry ? { releases: false } : null;
    },
    learnt: (_cls, name, close, ownedResource) => ({
      kind: 'client',
      library: 'user',
      spec: name,
      label: `\`${name}\``,
      close,
      leaks: `the ${ownedResource.label} it owns stays open`,
    }),
  };
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | null {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
}

/** Whether the function `expression` names is declared in package `pkg` (followed through imports). */
function declaredIn(expression: ts.Expression, pkg: string, checker: ts.TypeChecker): boolean {
  const at = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  let symbol = checker.getSymbolAtLocation(at);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.declarations?.some((d) => d.getSourceFile().fileName.includes(`/${pkg}/`)) ?? false;
}

function hasChannelOverride(node: ts.NewExpression): boolean {
  const options = node.arguments?.[CHANNEL_OVERRIDE.argument];
  return (
    options !== undefined &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === CHANNEL_OVERRIDE.property)
  );
}
