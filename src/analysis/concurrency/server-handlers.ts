import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { RpcModel } from '../../model/index.js';
import type { LibraryId } from '../../model/libraries.js';
import { HANDLER_PARAMETERS, SERVICE_IMPLEMENTATIONS, serverRegistrationOf } from '../../model/servers.js';
import { findInTypeOrBases, isOpaque } from '../../model/type-walk.js';
import { specifierNames, typeMatchesSomeSpecifier } from '../../model/type-utils.js';
import { propertyKeyName, skipParentWrappers, wrapped, type FunctionNode } from '../../syntax/ast.js';
import { skipTypeWrappers, variableOf } from '../flow/origins.js';

/** Every name a handler parameter's specifiers match, for the names-before-types test. */
const HANDLER_PARAMETER_NAMES: ReadonlySet<string> = new Set(HANDLER_PARAMETERS.flatMap((p) => specifierNames(p.spec)));

/**
 * Which functions are server method handlers — every incoming call runs one — found through the
 * model (`src/model/servers.ts`), in one place for every rule:
 * - registered in this file: `server.addService(def, impl)`, nice-grpc `server.add(def, impl)`,
 *   connect `router.service(def, impl)` (a method of `impl`, an object literal or an instance of a
 *   class), connect `router.rpc(method, handler)`;
 * - a method of a typed implementation: an object literal whose contextual type, or a class whose
 *   `implements` clause, is a grpc-js `UntypedServiceImplementation` (ts-proto's `…Server`
 *   interfaces extend it), a nice-grpc `ServiceImplementation`, a connect `ServiceImpl`;
 * - a function whose parameters say so: a grpc-js server call first (`ServerWritableStream`, …), a
 *   nice-grpc `CallContext` or a connect `HandlerContext` second.
 * Syntax first (where the function stands), then the registration (scope manager), then the types.
 */
export interface ServerHandler {
  readonly library: LibraryId;
  /** The registration call, the implementation, or the function: what a run context points at. */
  readonly node: TSESTree.Node;
  /** For messages, e.g. "a server method handler registered with grpc-js `addService` on line 12". */
  readonly reason: string;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

export class ServerHandlers {
  private readonly handlers = new Map<FunctionNode, ServerHandler | null>();
  private readonly implementations = new Map<TSESTree.Node, ServerHandler | null>();

  constructor(
    private readonly model: RpcModel,
    private readonly sourceCode: SourceCode,
  ) {}

  /** The handler `fn` is, or null. Memoised per function. */
  handlerOf(fn: FunctionNode): ServerHandler | null {
    let handler = this.handlers.get(fn);
    if (handler === undefined) {
      handler = this.singleHandler(fn) ?? this.memberHandler(fn) ?? this.byParameters(fn);
      this.handlers.set(fn, handler);
    }
    return handler;
  }

  /** connect `router.rpc(method, handler)`: the one form that a callback's position alone decides. */
  singleHandler(fn: FunctionNode): ServerHandler | null {
    const at = wrapped(fn);
    const call = at.parent;
    if (call?.type !== 'CallExpression' || !call.arguments.includes(at as TSESTree.CallExpressionArgument)) return null;
    const registration = serverRegistrationOf(call, this.model);
    if (!registration?.singleHandler || call.arguments[registration.implementationArgument] !== at) return null;
    return { library: registration.library, node: call, reason: `a server method handler registered with ${registration.label} on line ${call.loc.start.line}` };
  }

  /** A method or property of an object literal or class that is a service implementation. */
  private memberHandler(fn: FunctionNode): ServerHandler | null {
    const member = fn.parent;
    let implementation: TSESTree.ObjectExpression | TSESTree.ClassDeclaration | TSESTree.ClassExpression | null = null;
    if (member?.type === 'Property' && member.value === fn && member.parent.type === 'ObjectExpression') implementation = member.parent;
    else if ((member?.type === 'MethodDefinition' && member.kind !== 'constructor') || member?.type === 'PropertyDefinition') {
      if (member.static) return null;
      const cls = member.parent.parent;
      if (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') implementation = cls;
    }
    if (!implementation) return null;
    let found = this.implementations.get(implementation);
    if (found === undefined) {
      found = this.registered(implementation) ?? this.typedImplementation(implementation);
      this.implementations.set(implementation, found);
    }
    return found;
  }

  /** Registered in this file: `server.addService(def, impl)` with the object or an instance of the class. */
  private registered(implementation: TSESTree.Node): ServerHandler | null {
    for (const use of this.usesOf(implementation)) {
      const call = skipParentWrappers(use);
      if (call?.type !== 'CallExpression') continue;
      const registration = serverRegistrationOf(call, this.model);
      if (registration && !registration.singleHandler && skipTypeWrappers(call.arguments[registration.implementationArgument] ?? call) === use) {
        return {
          library: registration.library,
          node: call,
          reason: `a server method handler registered with ${registration.label} on line ${call.loc.start.line}`,
        };
      }
    }
    return null;
  }

  /** An object literal typed, or a class declared, as a service implementation of the model. */
  private typedImplementation(implementation: TSESTree.ObjectExpression | TSESTree.ClassDeclaration | TSESTree.ClassExpression): ServerHandler | null {
    const types: ts.Type[] = [];
    try {
      const checker = this.model.checker;
      if (implementation.type === 'ObjectExpression') {
        const contextual = checker.getContextualType(this.model.tsNodeOf(implementation) as ts.Expression);
        if (contextual) types.push(contextual);
      } else {
        for (const heritage of implementation.implements) types.push(checker.getTypeAtLocation(this.model.tsNodeOf(heritage)));
      }
    } catch {
      return null;
    }
    for (const declared of types) {
      const type = unwrapUtility(declared);
      if (isOpaque(type)) continue;
      const entry = SERVICE_IMPLEMENTATIONS.find((e) => this.typeIs(type, e.spec));
      if (entry) {
        const what = implementation.type === 'ObjectExpression' ? 'an object typed as' : 'a class that implements';
        return { library: entry.library, node: implementation, reason: `a method of ${what} a ${entry.label}` };
      }
    }
    return null;
  }

  /**
   * A function whose parameters are a server call (grpc-js) or a call context (nice-grpc, connect);
   * a method of an object literal that leaves the context out (`async *watch(request)`) is asked
   * about the parameters its contextual type gives it.
   */
  private byParameters(fn: FunctionNode): ServerHandler | null {
    for (const entry of HANDLER_PARAMETERS) {
      const type = this.parameterType(fn, entry.index);
      if (type && !isOpaque(type) && this.typeIs(type, entry.spec)) {
        return { library: entry.library, node: fn, reason: `a server method handler (it receives ${entry.label})` };
      }
    }
    return null;
  }

  private parameterType(fn: FunctionNode, index: number): ts.Type | null {
    const parameter = fn.params[index];
    if (parameter?.type === 'RestElement') return null;
    if (parameter) {
      const binding = parameter.type === 'TSParameterProperty' ? parameter.parameter : parameter;
      // Names before types: a parameter annotated with a type whose names decide, none of them a handler's.
      const annotation = (this.model.tsNodeOf(binding) as ts.ParameterDeclaration).type;
      return annotation && !this.model.mayBeDeclaredAs(annotation, HANDLER_PARAMETER_NAMES) ? null : this.model.typeOf(binding);
    }
    const member = fn.parent;
    if (member?.type !== 'Property' || member.value !== fn || member.parent.type !== 'ObjectExpression') return null;
    const name = propertyKeyName(member);
    if (name === null) return null;
    try {
      const checker = this.model.checker;
      const contextual = checker.getContextualType(this.model.tsNodeOf(member.parent) as ts.Expression);
      const property = contextual?.getProperty(name);
      if (!property) return null;
      const signature = checker.getNonNullableType(checker.getTypeOfSymbol(property)).getCallSignatures()[0];
      const declared = signature?.parameters[index];
      return declared ? checker.getTypeOfSymbol(declared) : null;
    } catch {
      return null;
    }
  }

  private typeIs(type: ts.Type, spec: TypeOrValueSpecifier): boolean {
    try {
      return findInTypeOrBases(type, this.model.checker, (t) => (typeMatchesSomeSpecifier(t, [spec], this.model.program) ? true : null)) === true;
    } catch {
      return false;
    }
  }

  /** Expressions that evaluate to the object literal itself, or to an instance of the class. */
  private usesOf(implementation: TSESTree.Node): TSESTree.Node[] {
    const uses: TSESTree.Node[] = [];
    const addReferences = (variable: TSESLint.Scope.Variable | null | undefined, asNew: boolean): void => {
      for (const reference of variable?.references ?? []) {
        if (reference.init || reference.isWrite()) continue;
        const ref = reference.identifier as TSESTree.Node;
        if (!asNew) uses.push(ref);
        else if (ref.parent?.type === 'NewExpression' && ref.parent.callee === ref) {
          uses.push(ref.parent);
          const holder = skipParentWrappers(ref.parent);
          if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') addReferences(variableOf(holder.id, this.sourceCode), false);
        }
      }
    };
    if (implementation.type === 'ObjectExpression') {
      uses.push(implementation);
      const holder = skipParentWrappers(implementation);
      if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') addReferences(variableOf(holder.id, this.sourceCode), false);
    } else if (implementation.type === 'ClassDeclaration' || implementation.type === 'ClassExpression') {
      // The binding outside the class (a class also binds its name in its own scope).
      const outer = this.sourceCode.getDeclaredVariables(implementation).find((v) => v.scope.block !== implementation);
      addReferences(outer, true);
    }
    return uses;
  }
}

/** Mapped utility types that keep an implementation's members: `Partial<EventServiceServer>` is still one. */
const MEMBER_KEEPING_UTILITIES: ReadonlySet<string> = new Set(['Partial', 'Required', 'Readonly']);

function unwrapUtility(type: ts.Type): ts.Type {
  const argument = type.aliasTypeArguments?.[0];
  return argument && type.aliasSymbol && MEMBER_KEEPING_UTILITIES.has(type.aliasSymbol.name) ? argument : type;
}

