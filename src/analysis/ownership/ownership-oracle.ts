import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import type { Borrowing, OwnershipOracle, ParameterAnswer } from './ownership.js';
import { ConnectionFacts } from './connection-facts.js';
import { OwnershipFacts, type ResourceModel } from './ownership-facts.js';
import { declaredTransportCall, dialingTransportCall } from '../../model/connections.js';
import { opaqueConstruction } from '../../model/creations.js';
import { declaredClientFactoryCall } from '../../model/declared-builders.js';
import { sourcesMayMakeResources } from '../../model/library-reach.js';
import { calleeOf } from '../../syntax/ast.js';
import type { RpcModel } from '../../model/index.js';
import { BORROWERS, CHANNEL_OVERRIDE, CLOSE_FUNCTIONS, FACTORIES, HANDLE_KINDS, OWNED_KINDS, type ResourceEntry } from '../../model/resources.js';
import { isOpaque } from '../../model/type-walk.js';
import { calleeExportedName } from '../../syntax/ts-ast.js';
import { summariesOf } from '../summaries.js';
import { getResolvedSignature, getSymbolAtLocation, getTypeAtLocation, getTypeOfSymbol, resolveAlias } from '../../model/checker.js';
import { isCallExpression, isIdentifier, isNewExpression, isObjectLiteralExpression, isPropertyAccessExpression } from '../../syntax/ts-nodes.js';

/** How the model answers the ownership analysis's questions about one kind of resource. */
export function ownershipOracleFor(resource: ResourceEntry, model: RpcModel): OwnershipOracle {
  return {
    isCloseMethod: (name) => resource.close.includes(name),
    isCloseFunction: (call, index) => index === 0 && model.valueIs(calleeOf(call), CLOSE_FUNCTIONS),
    borrows: (call, index, property) => borrowerOf(call, index, property, model),
    parameter: (call, index) => parameterOf(call, index, model),
  };
}

/** The model's borrower answer for an ESTree call: the one answer the program-wide facts use too. */
function borrowerOf(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  index: number,
  property: string | null,
  model: RpcModel,
): Borrowing | null {
  const node = model.tsNodeOf(call);
  if (!isCallExpression(node) && !isNewExpression(node)) return null;
  return resourceModelOf(model).borrower(node, index, property);
}

/** What the callee's summary says it does with the argument at `index`. */
function parameterOf(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, model: RpcModel): ParameterAnswer {
  const node = model.tsNodeOf(call);
  if (!isCallExpression(node) && !isNewExpression(node)) return 'unknown';
  return ownershipFactsOf(model).argument(node, index);
}

const FACTORY_NAMES = new Set(FACTORIES.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));
const CLOSE_FUNCTION_NAMES = new Set(CLOSE_FUNCTIONS.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat())));

/** Keyed by the resource table, which exists once per program and `settings.rpc` (the shared model). */
const factsByResources = new WeakMap<readonly ResourceEntry[], OwnershipFacts<ResourceEntry>>();
const connectionsByResources = new WeakMap<readonly ResourceEntry[], ConnectionFacts>();
const resourceModels = new WeakMap<readonly ResourceEntry[], ResourceModel<ResourceEntry>>();

/** The program-wide ownership facts of one program and one `settings.rpc`, shared by every file and rule. */
export function ownershipFactsOf(model: RpcModel): OwnershipFacts<ResourceEntry> {
  let facts = factsByResources.get(model.resources);
  if (!facts) factsByResources.set(model.resources, (facts = new OwnershipFacts(summariesOf(model.program), resourceModelOf(model))));
  return facts;
}

/** What opens a connection each time it runs, program-wide, for one program and one `settings.rpc`. */
export function connectionFactsOf(model: RpcModel): ConnectionFacts {
  let facts = connectionsByResources.get(model.resources);
  if (!facts) {
    const ownership = ownershipFactsOf(model);
    const library = (node: ts.NewExpression | ts.CallExpression): string | null => {
      if (isCallExpression(node)) {
        const transport = dialingTransportCall(node, model);
        if (transport) return transport;
      }
      return resourceModelOf(model).createdByLibrary(node)?.label ?? null;
    };
    const declared = (node: ts.NewExpression | ts.CallExpression): string | null => (isCallExpression(node) ? (declaredTransportCall(node, model)?.label ?? null) : null);
    const created = (node: ts.NewExpression | ts.CallExpression): ResourceEntry | null => ownership.createdBeyondLibrary(node);
    connectionsByResources.set(model.resources, (facts = new ConnectionFacts(summariesOf(model.program), library, created, declared, () => ownership.mayMake())));
  }
  return facts;
}

/** The model's answers on the TypeScript AST, once per program and `settings.rpc`. */
function resourceModelOf(model: RpcModel): ResourceModel<ResourceEntry> {
  let found = resourceModels.get(model.resources);
  if (!found) resourceModels.set(model.resources, (found = createResourceModel(model)));
  return found;
}

function createResourceModel(model: RpcModel): ResourceModel<ResourceEntry> {
  const checker = model.checker;
  const owned = (resource: ResourceEntry | null): ResourceEntry | null => (resource && OWNED_KINDS.has(resource.kind) ? resource : null);
  const createdByLibrary = (node: ts.NewExpression | ts.CallExpression): ResourceEntry | null => {
    if (isNewExpression(node)) {
      if (hasChannelOverride(node) || !model.mayConstructResource(node.expression)) return null;
      // The declared type of the constructor's symbol: no flow analysis of the callee expression.
      let symbol = getSymbolAtLocation(checker, node.expression);
      symbol = resolveAlias(checker, symbol);
      const calleeType = symbol ? getTypeOfSymbol(checker, symbol) : getTypeAtLocation(checker, node.expression);
      return isOpaque(calleeType) ? opaqueConstruction(node, model, OWNED_KINDS) : owned(model.resourceOfConstructor(calleeType));
    }
    if (!FACTORY_NAMES.has(calleeName(node) ?? '') || !model.isLibraryFactoryCall(node)) return owned(declaredClientFactoryCall(node, model));
    return owned(model.resourceOfFactoryCall(node));
  };
  // The connection facts (`openedBy`) and the ownership facts (`created`) ask it of the same nodes.
  const createdByNode = new WeakMap<ts.Node, ResourceEntry | null>();
  return {
    closeNames: new Set(model.resources.filter((r) => OWNED_KINDS.has(r.kind)).flatMap((r) => r.close)),
    sourcesMayMake: () => sourcesMayMakeResources(model.program, model.resources),
    resourceOfType: (type) => owned(model.resourceOfType(type)),
    declaredByName: (node) => model.declaredByName(node),
    createdByLibrary(node) {
      let known = createdByNode.get(node);
      if (known === undefined) createdByNode.set(node, (known = createdByLibrary(node)));
      return known;
    },
    isCloseFunction: (call, index) => index === 0 && libraryFunctionNamed(call, CLOSE_FUNCTION_NAMES, '@grpc/grpc-js', model) !== null,
    borrower(call, index, property) {
      if (isNewExpression(call)) {
        if (property === null && model.constructorBorrows(call, index)) return { releases: false };
        const releases = index === CHANNEL_OVERRIDE.argument && property === CHANNEL_OVERRIDE.property;
        return releases && model.resourceOfConstructor(getTypeAtLocation(checker, call.expression))?.kind === 'client' ? { releases: true } : null;
      }
      const entry = BORROWERS.find((b) => {
        if (b.argument !== index || (b.property ?? null) !== property || typeof b.callee === 'string' || b.callee.from !== 'package') return false;
        return libraryFunctionNamed(call, new Set([b.callee.name].flat()), b.callee.package, model) !== null;
      });
      if (entry) return { releases: false };
      return property === null && returnsHandle(call, model) ? { releases: false } : null;
    },
    learnt: (label, close, ownedResource) => ({
      kind: 'client',
      library: 'user',
      spec: label,
      label,
      close,
      // A learnt resource's label names the code that makes it (object returned by `make()`): too long to repeat here.
      leaks: ownedResource.library === 'user' ? 'the connection it owns stays open' : `the ${ownedResource.label} it owns stays open`,
    }),
  };
}

/**
 * Borrowers by their declared types: a library function or method (declared only in declaration
 * files) whose result is a handle that holds no connection and cannot close one (a nice-grpc client,
 * a connect client or transport): `createClientFactory().use(mw).create(def, channel)`. Asked only
 * of calls that receive a resource, so typing the call is rare.
 */
function returnsHandle(call: ts.CallExpression, model: RpcModel): boolean {
  const checker = model.checker;
  const declaration = getResolvedSignature(checker, call)?.declaration;
  if (!declaration || !declaration.getSourceFile().isDeclarationFile) return false;
  const returned = model.resourceOfType(getTypeAtLocation(checker, call));
  return returned !== null && HANDLE_KINDS.has(returned.kind);
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | null {
  const callee = call.expression;
  if (isIdentifier(callee)) return callee.text;
  return isPropertyAccessExpression(callee) ? callee.name.text : null;
}

/**
 * The exported name of the function `call` calls when it is one of `names` declared in package `pkg`
 * (`createClient`, `ns.createClient`, `import { createClient as make }`), else null. The local name
 * is tested before the checker, unless the file renames an import.
 */
function libraryFunctionNamed(call: ts.CallExpression | ts.NewExpression, names: ReadonlySet<string>, pkg: string, model: RpcModel): string | null {
  if (!names.has(calleeExportedName(call) ?? '')) return null; // cheap before costly
  const callee = call.expression;
  const at = isPropertyAccessExpression(callee) ? callee.name : callee;
  let symbol = getSymbolAtLocation(model.checker, at);
  symbol = resolveAlias(model.checker, symbol);
  if (!symbol || !names.has(symbol.name)) return null;
  return symbol.declarations?.some((d) => d.getSourceFile().fileName.includes(`/${pkg}/`)) ? symbol.name : null;
}


function hasChannelOverride(node: ts.NewExpression): boolean {
  const options = node.arguments?.[CHANNEL_OVERRIDE.argument];
  return (
    options !== undefined &&
    isObjectLiteralExpression(options) &&
    options.properties.some((p) => p.name !== undefined && isIdentifier(p.name) && p.name.text === CHANNEL_OVERRIDE.property)
  );
}
