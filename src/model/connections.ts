import type { TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import type ts from 'typescript';

import { propertyKeyName } from '../syntax/ast.js';
import { calleeExportedName, literalString, memberName, skipTypeWrappers } from '../syntax/ts-ast.js';
import { createdResource } from './creations.js';
import type { RpcModel } from './index.js';
import { OWNED_KINDS, type ResourceEntry } from './resources.js';
import { FACTORIES } from './resources.js';
import { declaredBuilderOf } from './declared-builders.js';
import { fromPackage } from './specifiers.js';
import { getSymbolAtLocation, resolveAlias } from './checker.js';
import { isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment } from '../syntax/ts-nodes.js';

/**
 * What opens a connection of its own when it is created (RPC-FACTS.md §2.2, §5): grpc-js clients
 * and channels, nice-grpc `createChannel`, connect-node `Http2SessionManager`s, and connect-node
 * transports that are given no `sessionManager` (each HTTP/2 transport builds its own session:
 * 20 transports, 20 sockets). Not connections: nice-grpc and connect clients (wrappers over a
 * channel or transport), a transport over a session manager (the manager is the connection),
 * an HTTP/1.1 connect-node transport (Node's global keep-alive agent) and connect-web transports (`fetch`).
 */
export interface Connection {
  /** For messages, e.g. "grpc-js client", "connect transport". */
  readonly label: string;
  /** The expression that says where it connects (an address or `baseUrl`), when there is one. */
  readonly address: TSESTree.Node | null;
}

const TRANSPORT_FACTORIES: readonly TypeOrValueSpecifier[] = [
  fromPackage('@connectrpc/connect-node', 'createGrpcTransport', 'createConnectTransport', 'createGrpcWebTransport'),
];
const TRANSPORT_FACTORY_NAMES: ReadonlySet<string> = new Set(['createGrpcTransport', 'createConnectTransport', 'createGrpcWebTransport']);
const LIBRARY_FACTORY_NAMES: ReadonlySet<string> = new Set([...TRANSPORT_FACTORY_NAMES, ...FACTORIES.flatMap((s) => (typeof s === 'string' ? [s] : [s.name].flat()))]);

/** Whether a call may be a library factory's, by the name it calls (no checker): `createChannel`, `ns.createGrpcTransport`, a renamed import. */
export function mayCallConnectionFactory(call: TSESTree.CallExpression, model: RpcModel): boolean {
  const callee = call.callee.type === 'MemberExpression' ? call.callee.property : call.callee;
  return callee.type === 'Identifier' && (LIBRARY_FACTORY_NAMES.has(callee.name) || LIBRARY_FACTORY_NAMES.has(model.importedNameOf(callee) ?? ''));
}

/** The connection `node` opens, or null. Callee names are filtered before the checker is asked. */
export function connectionCreatedBy(node: TSESTree.NewExpression | TSESTree.CallExpression, model: RpcModel): Connection | null {
  if (node.type === 'CallExpression') {
    if (!mayCallConnectionFactory(node, model)) return null;
    const transport = dialingTransport(node, model);
    if (transport) return transport;
  }
  const resource = createdResource(node, model, OWNED_KINDS);
  if (!resource) return null;
  return { label: resource.label, address: addressOf(node.arguments[0], resource) };
}

/**
 * Where a library resource connects: its first argument (grpc-js `new Client(address, …)`), or the
 * `addressOption` of an options object there (`new GrpcTransport({ host })`); an options object
 * without one says nothing about the address (`new PubSub({ projectId })`).
 */
function addressOf(first: TSESTree.CallExpressionArgument | undefined, resource: ResourceEntry): TSESTree.Node | null {
  if (!first || first.type === 'SpreadElement') return null;
  if (first.type !== 'ObjectExpression') return resource.addressOption === undefined ? first : null;
  for (const property of first.properties) {
    if (property.type === 'Property' && resource.addressOption !== undefined && propertyKeyName(property) === resource.addressOption) return property.value;
  }
  return null;
}

/** A connect-node transport that builds its own HTTP/2 session: no `sessionManager`, not `httpVersion: '1.1'`. */
function dialingTransport(call: TSESTree.CallExpression, model: RpcModel): Connection | null {
  if (!model.valueIs(call.callee, TRANSPORT_FACTORIES)) return null;
  const options = call.arguments[0];
  if (options?.type !== 'ObjectExpression') return null; // options built elsewhere: unknown
  let baseUrl: TSESTree.Node | null = null;
  for (const property of options.properties) {
    if (property.type !== 'Property') return null; // a spread may carry a sessionManager
    const key = propertyKeyName(property);
    if (key === 'sessionManager') return null;
    if (key === 'httpVersion' && !(property.value.type === 'Literal' && property.value.value === '2')) return null;
    if (key === 'baseUrl') baseUrl = property.value;
  }
  return { label: DIALING_TRANSPORT, address: baseUrl };
}

const DIALING_TRANSPORT = 'connect transport';

/**
 * The verdict on a connect-node transport's options object, as connect-node's factories read it: its
 * own HTTP/2 session unless it is given a `sessionManager` or `httpVersion` other than `'2'`; a
 * spread or a value built elsewhere is unknown (null). Returns the `baseUrl` expression, if any.
 */
function dialingOptions(options: ts.Expression | undefined): { readonly baseUrl: ts.Expression | null } | null {
  const literal = options && skipTypeWrappers(options);
  if (!literal || !isObjectLiteralExpression(literal)) return null;
  let baseUrl: ts.Expression | null = null;
  for (const property of literal.properties) {
    if (!isPropertyAssignment(property) && !isShorthandPropertyAssignment(property)) return null;
    const key = memberName(property.name);
    if (key === 'sessionManager') return null;
    if (key === 'httpVersion' && !(isPropertyAssignment(property) && literalString(property.initializer) === '2')) return null;
    if (key === 'baseUrl') baseUrl = isPropertyAssignment(property) ? property.initializer : property.name;
  }
  return { baseUrl };
}

/**
 * A library function known only by its declaration that builds a connect-node transport from its
 * options (`declare function createServerTransport(token: string, options: GrpcTransportOptions):
 * Transport`, src/model/declared-builders.ts): it opens what connect-node's own factories open for the
 * same options literal. Options built elsewhere are unknown. The options literal is read before types.
 */
export function declaredTransportCall(call: ts.CallExpression, model: RpcModel): { readonly label: string; readonly address: ts.Expression | null } | null {
  // Syntax before the checker: only an options literal can be judged (`dialingOptions`).
  if (!call.arguments.some((argument) => isObjectLiteralExpression(skipTypeWrappers(argument)))) return null;
  const builder = declaredBuilderOf(call, model);
  if (builder?.makes !== 'transport') return null;
  const options = dialingOptions(call.arguments[builder.argument]);
  return options && { label: DIALING_TRANSPORT, address: options.baseUrl };
}

/**
 * {@link dialingTransport} on the TypeScript AST, for facts that read other files: the label of the
 * connection a `createGrpcTransport({ … })` call opens, or null.
 */
export function dialingTransportCall(call: ts.CallExpression, model: RpcModel): string | null {
  if (!TRANSPORT_FACTORY_NAMES.has(calleeExportedName(call) ?? '')) return null; // cheap before costly
  const callee = skipTypeWrappers(call.expression);
  const name = isPropertyAccessExpression(callee) ? callee.name : callee;
  let symbol = getSymbolAtLocation(model.checker, name);
  symbol = resolveAlias(model.checker, symbol);
  if (!symbol || !TRANSPORT_FACTORY_NAMES.has(symbol.name) || !symbol.declarations?.some((d) => d.getSourceFile().fileName.includes('/@connectrpc/connect-node/'))) return null;
  if (!dialingOptions(call.arguments[0])) return null;
  return DIALING_TRANSPORT;
}
