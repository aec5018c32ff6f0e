import type ts from 'typescript';

import type { RpcModel } from './index.js';
import { skipTypeWrappers } from '../syntax/ts-ast.js';
import { getSymbolAtLocation, getTypeAtLocation } from './checker.js';
import { isPropertyAccessExpression } from '../syntax/ts-nodes.js';

/**
 * Whether a call makes an RPC on a client: a method of a grpc-js client that the client's own class
 * declares (a generated or loaded client's service methods; not the `close()`, `getChannel()` or
 * `waitForReady()` that grpc-js's `Client` declares), or any method of a nice-grpc or connect client
 * (their members are the service's methods). The receiver's type decides, so a client reached through
 * an accessor counts (`this.source.current().getConfig(req, cb)`). Null-safe on any input.
 */
export function isRpcMethodCall(call: ts.CallExpression, model: RpcModel): boolean {
  const callee = skipTypeWrappers(call.expression);
  if (!isPropertyAccessExpression(callee)) return false;
  try {
    const resource = model.resourceOfType(getTypeAtLocation(model.checker, callee.expression));
    if (!resource) return false;
    if (resource.kind === 'stub') return true;
    if (resource.kind !== 'client' || resource.library !== 'grpc-js' || resource.close.includes(callee.name.text)) return false;
    const declarations = getSymbolAtLocation(model.checker, callee.name)?.declarations ?? [];
    return declarations.length > 0 && declarations.every((d) => !d.getSourceFile().fileName.includes(GRPC_JS_FILES));
  } catch {
    return false;
  }
}

const GRPC_JS_FILES = '/@grpc/grpc-js/';
