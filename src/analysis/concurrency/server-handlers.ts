import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type ts from 'typescript';

import type { RpcModel } from '../../model/index.js';
import type { LibraryId } from '../../model/libraries.js';
import { librariesOf } from '../../model/program-libraries.js';
import {
  GRPC_CALLBACK_CALLS,
  GRPC_HANDLER_TYPES,
  GRPC_RESPONSE_STREAMS,
  GRPC_RESPONSE_STREAM_FLAG,
  HANDLER_PARAMETERS,
  SERVICE_IMPLEMENTATIONS,
  serverRegistrationOf,
  type GrpcAnswer,
  type GrpcHandlerType,
} from '../../model/servers.js';
import { findInTypeOrBases, isOpaque } from '../../model/type-walk.js';
import { specifierNames, typeMatchesSomeSpecifier } from '../../model/type-utils.js';
import { isFunction, propertyKeyName, skipParentWrappers, wrapped, type FunctionNode } from '../../syntax/ast.js';
import { skipTypeWrappers, variableOf } from '../flow/origins.js';
import { getContextualType, getNonNullableType, getTypeAtLocation, getTypeOfSymbol, hasTypeFlag } from '../../model/checker.js';

/** Every name a service implementation's specifiers match, for the names-before-types test of `implements` clauses. */
const IMPLEMENTATION_NAMES: ReadonlySet<string> = new Set(SERVICE_IMPLEMENTATIONS.flatMap((i) => specifierNames(i.spec)));

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
 * - a function such a member names (`{ getUser }`, `{ getUser: getUserHandler }`), or one a helper
 *   returns where such a member calls it (`{ getUser: unary(load) }`, helper and member in this file);
 * - a function whose parameters say so: a grpc-js server call first (`ServerWritableStream`, …), a
 *   nice-grpc `CallContext` or a connect `HandlerContext` second.
 * Registered objects count through a variable and through a spread (`{ ...impl, ping }`).
 * Syntax first (where the function stands), then the registration (scope manager), then the types.
 */
export interface ServerHandler {
  readonly library: LibraryId;
  /** The registration call, the implementation, or the function: what a run context points at. */
  readonly node: TSESTree.Node;
  /** For messages, e.g. "a server method handler registered with grpc-js `addService` on line 12". */
  readonly reason: string;
  /**
   * Whether the function's position says the library itself calls it: a member of a registered or
   * typed implementation, a function such a member names or a helper returns there, a grpc-js
   * function typed as one of its handler types (`handleUnaryCall`, …) that is no call's argument.
   * False when only its parameters' types make it a handler: a helper that a handler calls, or a
   * function that a wrapper takes (`catchErrors(async (call) => …)`), has such parameters too.
   */
  readonly direct: boolean;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Per file (and model tables): one `ServerHandlers` for every rule that asks. */
const sharedByFile = new WeakMap<SourceCode, { readonly tables: object; readonly handlers: ServerHandlers }>();

export class ServerHandlers {
  private readonly handlers = new Map<FunctionNode, ServerHandler | null>();
  private readonly implementations = new Map<TSESTree.Node, ServerHandler | null>();

  constructor(
    private readonly model: RpcModel,
    private readonly sourceCode: SourceCode,
  ) {}

  /**
   * The file's handlers, shared by every rule that asks (require-handler-completion,
   * server-stream-honors-cancel, the concurrency analysis): the answers depend on the file and the
   * model's tables only, and several rules ask about the same functions and implementations.
   */
  static of(model: RpcModel, sourceCode: SourceCode): ServerHandlers {
    const known = sharedByFile.get(sourceCode);
    if (known?.tables === model.resources) return known.handlers;
    const handlers = new ServerHandlers(model, sourceCode);
    sharedByFile.set(sourceCode, { tables: model.resources, handlers });
    return handlers;
  }

  /** The handler `fn` is, or null. Memoised per function. */
  handlerOf(fn: FunctionNode): ServerHandler | null {
    let handler = this.handlers.get(fn);
    if (handler === undefined) {
      handler = this.singleHandler(fn) ?? this.memberHandler(fn) ?? this.namedHandler(fn) ?? this.byParameters(fn);
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
    return { library: registration.library, node: call, reason: `a server method handler registered with ${registration.label} on line ${call.loc.start.line}`, direct: true };
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
    return implementation ? this.implementationOf(implementation) : null;
  }

  /** The implementation an object literal or class is (registered here, or typed as one), memoised. */
  private implementationOf(implementation: TSESTree.ObjectExpression | TSESTree.ClassDeclaration | TSESTree.ClassExpression): ServerHandler | null {
    let found = this.implementations.get(implementation);
    if (found === undefined) {
      this.implementations.set(implementation, null); // a spread of itself must not recurse
      found = this.registered(implementation) ?? this.typedImplementation(implementation);
      this.implementations.set(implementation, found);
    }
    return found;
  }

  /**
   * A function that a member of an implementation names (`{ getUser }`, `{ getUser: getUserHandler }`),
   * or that a helper returns where such a member calls the helper (`{ getUser: unary(load) }`): a
   * function declaration or a `const` function, and the helper, declared in this file.
   */
  private namedHandler(fn: FunctionNode): ServerHandler | null {
    for (const reference of this.referencesTo(fn)) {
      const member = this.memberNaming(reference);
      if (member) return member;
    }
    const helper = returningFunction(fn);
    if (!helper) return null;
    for (const reference of this.referencesTo(helper)) {
      const call = skipParentWrappers(reference);
      if (call?.type !== 'CallExpression' || call.callee !== reference) continue;
      const member = this.memberNaming(call);
      if (member) return { ...member, reason: `${member.reason} (it returns the handler)` };
    }
    return null;
  }

  /** The implementation whose member's value `value` is, or null. */
  private memberNaming(value: TSESTree.Node): ServerHandler | null {
    const property = skipParentWrappers(value);
    if (property?.type !== 'Property' || property.parent.type !== 'ObjectExpression' || skipTypeWrappers(property.value) !== value) return null;
    return this.implementationOf(property.parent);
  }

  /** The references (reads) of a function declaration, or of the `const` a function initialises. */
  private referencesTo(fn: FunctionNode): TSESTree.Identifier[] {
    let variable: TSESLint.Scope.Variable | null | undefined = null;
    if (fn.type === 'FunctionDeclaration') variable = this.sourceCode.getDeclaredVariables(fn).find((v) => v.scope.block !== fn);
    else {
      const holder = skipParentWrappers(fn);
      if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' && holder.parent.kind === 'const') variable = variableOf(holder.id, this.sourceCode);
    }
    return (variable?.references ?? []).filter((r) => !r.init && r.isRead()).map((r) => r.identifier as TSESTree.Identifier);
  }

  /** Registered in this file: `server.addService(def, impl)` with the object or an instance of the class. */
  private registered(implementation: TSESTree.Node): ServerHandler | null {
    for (const use of this.usesOf(implementation)) {
      const spread = skipParentWrappers(use);
      if (spread?.type === 'SpreadElement' && spread.parent.type === 'ObjectExpression') {
        const outer = this.implementationOf(spread.parent); // `{ ...impl, ping }`: a member of `impl` is one of the whole
        if (outer) return outer;
        continue;
      }
      const call = skipParentWrappers(use);
      if (call?.type !== 'CallExpression') continue;
      const registration = serverRegistrationOf(call, this.model);
      if (registration && !registration.singleHandler && skipTypeWrappers(call.arguments[registration.implementationArgument] ?? call) === use) {
        return {
          library: registration.library,
          node: call,
          reason: `a server method handler registered with ${registration.label} on line ${call.loc.start.line}`,
          direct: true,
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
        const contextual = getContextualType(checker, this.model.tsNodeOf(implementation) as ts.Expression);
        if (contextual) types.push(contextual);
      } else {
        for (const heritage of implementation.implements) {
          // Names before types: `implements ProxyHandler<Huge>` names no implementation, and typing it may cost seconds.
          const node = this.model.tsNodeOf(heritage) as ts.ExpressionWithTypeArguments;
          if (this.model.mayBeDeclaredAs(node, IMPLEMENTATION_NAMES)) types.push(getTypeAtLocation(checker, node));
        }
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
        return { library: entry.library, node: implementation, reason: `a method of ${what} a ${entry.label}`, direct: true };
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
    const loaded = librariesOf(this.model.program);
    for (const entry of HANDLER_PARAMETERS) {
      // A parameter type of a library the program does not load is no parameter's type: not asked.
      if (!loaded.has(entry.library)) continue;
      const type = this.parameterType(fn, entry.index);
      if (type && !isOpaque(type) && this.typeIs(type, entry.spec)) {
        // Only grpc-js calls a function of its handler types itself; a wrapper's argument is the wrapper's to call.
        const direct = entry.library === 'grpc-js' && !isArgument(fn) && this.handlerTypeOf(fn) !== null;
        return { library: entry.library, node: fn, reason: `a server method handler (it receives ${entry.label})`, direct };
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
      const annotation = this.model.annotationOf(binding);
      return annotation && !this.model.mayBeDeclaredAs(annotation, HANDLER_PARAMETER_NAMES) ? null : this.model.typeOf(binding);
    }
    const member = fn.parent;
    if (member?.type !== 'Property' || member.value !== fn || member.parent.type !== 'ObjectExpression') return null;
    const name = propertyKeyName(member);
    if (name === null) return null;
    try {
      const checker = this.model.checker;
      const contextual = getContextualType(checker, this.model.tsNodeOf(member.parent) as ts.Expression);
      const property = contextual?.getProperty(name);
      if (!property) return null;
      const signature = getNonNullableType(checker, getTypeOfSymbol(checker, property)).getCallSignatures()[0];
      const declared = signature?.parameters[index];
      return declared ? getTypeOfSymbol(checker, declared) : null;
    } catch {
      return null;
    }
  }

  /**
   * The grpc-js handler type a function is declared or contextually typed as (`const h: handleUnaryCall<…> =
   * …`, a return value of a function that returns one, a method whose class implements an interface that
   * declares it as one), or null.
   */
  handlerTypeOf(fn: FunctionNode): GrpcHandlerType | null {
    let declared: ts.Type | undefined;
    try {
      const checker = this.model.checker;
      const member = fn.parent;
      if (member?.type === 'MethodDefinition' || member?.type === 'PropertyDefinition') {
        const cls = member.parent.parent;
        const name = propertyKeyName(member);
        if (name === null || (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression')) return null;
        for (const heritage of cls.implements) {
          const property = getTypeAtLocation(checker, this.model.tsNodeOf(heritage)).getProperty(name);
          if (property) declared = getNonNullableType(checker, getTypeOfSymbol(checker, property));
          if (declared) break;
        }
      } else if (fn.type !== 'FunctionDeclaration') {
        declared = getContextualType(checker, this.model.tsNodeOf(fn) as ts.Expression);
      }
    } catch {
      return null;
    }
    if (!declared || isOpaque(declared)) return null;
    return GRPC_HANDLER_TYPES.find((entry) => this.typeIs(declared, entry.spec)) ?? null;
  }

  /**
   * How a grpc-js handler completes its call: through its callback (unary, client-streaming) or on the
   * call (server-streaming, bidi), from its handler type, the type of its call, or its two parameters
   * (grpc-js passes a callback only to the handlers that answer through one); null when nothing says.
   */
  grpcAnswerOf(fn: FunctionNode): GrpcAnswer | null {
    const typed = this.handlerTypeOf(fn)?.answers ?? this.definedAnswer(fn);
    if (typed) return typed;
    const call = this.parameterType(fn, 0);
    if (call && !isOpaque(call)) {
      if (this.typeIs(call, GRPC_CALLBACK_CALLS)) return 'callback';
      if (this.typeIs(call, GRPC_RESPONSE_STREAMS)) return 'stream';
    }
    // `(call, callback)` untyped (a class implementing `UntypedServiceImplementation` with `any`s): a
    // second parameter that can be a function, after a first that can be the call.
    const [first, second] = fn.params;
    if (first?.type !== 'Identifier' || second?.type !== 'Identifier' || fn.params.length !== 2 || (call && !isLoose(call))) return null;
    const callback = this.model.typeOf(second);
    return callback && (isLoose(callback) || callback.getCallSignatures().length > 0) ? 'callback' : null;
  }

  /**
   * For a member of an implementation registered with `server.addService(definition, impl)`: whether the
   * definition's method of that name streams its responses (`responseStream: true`, a literal type in
   * generated definitions), which decides how the handler answers. Null where the type does not say.
   */
  private definedAnswer(fn: FunctionNode): GrpcAnswer | null {
    const member = fn.parent;
    const call = this.handlerOf(fn)?.node;
    if (call?.type !== 'CallExpression' || (member?.type !== 'Property' && member?.type !== 'MethodDefinition')) return null;
    const name = propertyKeyName(member);
    const definition = call.arguments[0];
    if (name === null || !definition || definition.type === 'SpreadElement') return null;
    try {
      const checker = this.model.checker;
      const method = this.model.typeOf(definition)?.getProperty(name);
      const streams = method && getTypeOfSymbol(checker, method).getProperty(GRPC_RESPONSE_STREAM_FLAG);
      const literal = streams && (getTypeOfSymbol(checker, streams) as { intrinsicName?: string }).intrinsicName;
      return literal === 'true' ? 'stream' : literal === 'false' ? 'callback' : null;
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

/** `any` or `unknown`: a type that says nothing. */
function isLoose(type: ts.Type): boolean {
  return hasTypeFlag(type, 'Any', 'Unknown');
}

/** Whether a function is an argument of a call or `new` (a wrapper's input). */
function isArgument(fn: FunctionNode): boolean {
  const at = wrapped(fn);
  const call = at.parent;
  return (call?.type === 'CallExpression' || call?.type === 'NewExpression') && call.arguments.includes(at as TSESTree.CallExpressionArgument);
}

/** The function that returns `fn` (`return fn`, or an arrow whose body `fn` is), or null. */
function returningFunction(fn: FunctionNode): FunctionNode | null {
  const holder = skipParentWrappers(fn);
  if (isFunction(holder) && holder.body === wrapped(fn)) return holder;
  if (holder?.type !== 'ReturnStatement') return null;
  for (let at: TSESTree.Node | undefined = holder.parent; at; at = at.parent) if (isFunction(at)) return at;
  return null;
}

/** Mapped utility types that keep an implementation's members: `Partial<EventServiceServer>` is still one. */
const MEMBER_KEEPING_UTILITIES: ReadonlySet<string> = new Set(['Partial', 'Required', 'Readonly']);

function unwrapUtility(type: ts.Type): ts.Type {
  const argument = type.aliasTypeArguments?.[0];
  return argument && type.aliasSymbol && MEMBER_KEEPING_UTILITIES.has(type.aliasSymbol.name) ? argument : type;
}

