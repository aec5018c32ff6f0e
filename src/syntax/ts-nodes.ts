import ts from 'typescript';

/**
 * The TypeScript syntax API the plugin reads at run time, in one place: node tests, the syntax kinds
 * it compares, traversal and modifiers. Outside src/syntax/ and the model's checker seam
 * (src/model/checker.ts, src/model/type-utils.ts), code imports `typescript` for its types only
 * and asks this module, so that a native backend with its own node tests and kind numbers
 * (README, "On TypeScript 7") is one seam to change (docs/typescript-api.md).
 */

// Node tests (type guards).
export const isArrayBindingPattern = ts.isArrayBindingPattern;
export const isArrayLiteralExpression = ts.isArrayLiteralExpression;
export const isArrayTypeNode = ts.isArrayTypeNode;
export const isArrowFunction = ts.isArrowFunction;
export const isAsExpression = ts.isAsExpression;
export const isAwaitExpression = ts.isAwaitExpression;
export const isBinaryExpression = ts.isBinaryExpression;
export const isBindingElement = ts.isBindingElement;
export const isBlock = ts.isBlock;
export const isBreakStatement = ts.isBreakStatement;
export const isCallExpression = ts.isCallExpression;
export const isCallSignatureDeclaration = ts.isCallSignatureDeclaration;
export const isCaseClause = ts.isCaseClause;
export const isClassDeclaration = ts.isClassDeclaration;
export const isClassElement = ts.isClassElement;
export const isClassExpression = ts.isClassExpression;
export const isClassLike = ts.isClassLike;
export const isClassStaticBlockDeclaration = ts.isClassStaticBlockDeclaration;
export const isComputedPropertyName = ts.isComputedPropertyName;
export const isConditionalExpression = ts.isConditionalExpression;
export const isConstructorDeclaration = ts.isConstructorDeclaration;
export const isContinueStatement = ts.isContinueStatement;
export const isDefaultClause = ts.isDefaultClause;
export const isDeleteExpression = ts.isDeleteExpression;
export const isDoStatement = ts.isDoStatement;
export const isElementAccessExpression = ts.isElementAccessExpression;
export const isExportAssignment = ts.isExportAssignment;
export const isEnumMember = ts.isEnumMember;
export const isExportDeclaration = ts.isExportDeclaration;
export const isExportSpecifier = ts.isExportSpecifier;
export const isExpression = ts.isExpression;
export const isExpressionStatement = ts.isExpressionStatement;
export const isExpressionWithTypeArguments = ts.isExpressionWithTypeArguments;
export const isExternalModuleReference = ts.isExternalModuleReference;
export const isForInStatement = ts.isForInStatement;
export const isForOfStatement = ts.isForOfStatement;
export const isForStatement = ts.isForStatement;
export const isFunctionDeclaration = ts.isFunctionDeclaration;
export const isFunctionExpression = ts.isFunctionExpression;
export const isFunctionLike = ts.isFunctionLike;
export const isFunctionTypeNode = ts.isFunctionTypeNode;
export const isGetAccessorDeclaration = ts.isGetAccessorDeclaration;
export const isHeritageClause = ts.isHeritageClause;
export const isIdentifier = ts.isIdentifier;
export const isImportClause = ts.isImportClause;
export const isImportDeclaration = ts.isImportDeclaration;
export const isIfStatement = ts.isIfStatement;
export const isImportEqualsDeclaration = ts.isImportEqualsDeclaration;
export const isImportSpecifier = ts.isImportSpecifier;
export const isImportTypeNode = ts.isImportTypeNode;
export const isInterfaceDeclaration = ts.isInterfaceDeclaration;
export const isIterationStatement = ts.isIterationStatement;
export const isJSDocSignature = ts.isJSDocSignature;
export const isLabeledStatement = ts.isLabeledStatement;
export const isLiteralExpression = ts.isLiteralExpression;
export const isLiteralTypeNode = ts.isLiteralTypeNode;
export const isMethodDeclaration = ts.isMethodDeclaration;
export const isMethodSignature = ts.isMethodSignature;
export const isModuleBlock = ts.isModuleBlock;
export const isModuleDeclaration = ts.isModuleDeclaration;
export const isNamedExports = ts.isNamedExports;
export const isNamedImports = ts.isNamedImports;
export const isNamespaceExport = ts.isNamespaceExport;
export const isNamespaceImport = ts.isNamespaceImport;
export const isNewExpression = ts.isNewExpression;
export const isNoSubstitutionTemplateLiteral = ts.isNoSubstitutionTemplateLiteral;
export const isNonNullExpression = ts.isNonNullExpression;
export const isNumericLiteral = ts.isNumericLiteral;
export const isObjectBindingPattern = ts.isObjectBindingPattern;
export const isObjectLiteralExpression = ts.isObjectLiteralExpression;
export const isParameter = ts.isParameter;
export const isParameterPropertyDeclaration = ts.isParameterPropertyDeclaration;
export const isParenthesizedExpression = ts.isParenthesizedExpression;
export const isPostfixUnaryExpression = ts.isPostfixUnaryExpression;
export const isPrefixUnaryExpression = ts.isPrefixUnaryExpression;
export const isPrivateIdentifier = ts.isPrivateIdentifier;
export const isPropertyAccessExpression = ts.isPropertyAccessExpression;
export const isPropertyAssignment = ts.isPropertyAssignment;
export const isPropertyDeclaration = ts.isPropertyDeclaration;
export const isPropertySignature = ts.isPropertySignature;
export const isQualifiedName = ts.isQualifiedName;
export const isReturnStatement = ts.isReturnStatement;
export const isSatisfiesExpression = ts.isSatisfiesExpression;
export const isSetAccessorDeclaration = ts.isSetAccessorDeclaration;
export const isShorthandPropertyAssignment = ts.isShorthandPropertyAssignment;
export const isSourceFile = ts.isSourceFile;
export const isSpreadAssignment = ts.isSpreadAssignment;
export const isSpreadElement = ts.isSpreadElement;
export const isStringLiteral = ts.isStringLiteral;
export const isStringLiteralLike = ts.isStringLiteralLike;
export const isSwitchStatement = ts.isSwitchStatement;
export const isTemplateSpan = ts.isTemplateSpan;
export const isThrowStatement = ts.isThrowStatement;
export const isToken = ts.isToken;
export const isTryStatement = ts.isTryStatement;
export const isTupleTypeNode = ts.isTupleTypeNode;
export const isTypeAliasDeclaration = ts.isTypeAliasDeclaration;
export const isTypeAssertionExpression = ts.isTypeAssertionExpression;
export const isTypeLiteralNode = ts.isTypeLiteralNode;
export const isTypeNode = ts.isTypeNode;
export const isTypeOfExpression = ts.isTypeOfExpression;
export const isTypeOperatorNode = ts.isTypeOperatorNode;
export const isTypeQueryNode = ts.isTypeQueryNode;
export const isTypeReferenceNode = ts.isTypeReferenceNode;
export const isUnionTypeNode = ts.isUnionTypeNode;
export const isVariableDeclaration = ts.isVariableDeclaration;
export const isVariableDeclarationList = ts.isVariableDeclarationList;
export const isVariableStatement = ts.isVariableStatement;
export const isVoidExpression = ts.isVoidExpression;
export const isWhileStatement = ts.isWhileStatement;
export const isYieldExpression = ts.isYieldExpression;

// Traversal, modifiers and tokens.
export const canHaveModifiers = ts.canHaveModifiers;
export const escapeLeadingUnderscores = ts.escapeLeadingUnderscores;
export const findAncestor = ts.findAncestor;
export const forEachChild = ts.forEachChild;
export const getDecorators = ts.getDecorators;
export const getModifiers = ts.getModifiers;
export const tokenToString = ts.tokenToString;

/** The syntax kinds the plugin compares `node.kind` with, by name. */
export const SyntaxKind = {
  AmpersandAmpersandToken: ts.SyntaxKind.AmpersandAmpersandToken,
  AnyKeyword: ts.SyntaxKind.AnyKeyword,
  AsyncKeyword: ts.SyntaxKind.AsyncKeyword,
  BarBarEqualsToken: ts.SyntaxKind.BarBarEqualsToken,
  BarBarToken: ts.SyntaxKind.BarBarToken,
  CommaToken: ts.SyntaxKind.CommaToken,
  DefaultKeyword: ts.SyntaxKind.DefaultKeyword,
  EqualsEqualsEqualsToken: ts.SyntaxKind.EqualsEqualsEqualsToken,
  EqualsEqualsToken: ts.SyntaxKind.EqualsEqualsToken,
  EqualsToken: ts.SyntaxKind.EqualsToken,
  ExclamationEqualsEqualsToken: ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ExclamationEqualsToken: ts.SyntaxKind.ExclamationEqualsToken,
  ExclamationToken: ts.SyntaxKind.ExclamationToken,
  ExportKeyword: ts.SyntaxKind.ExportKeyword,
  ExtendsKeyword: ts.SyntaxKind.ExtendsKeyword,
  FalseKeyword: ts.SyntaxKind.FalseKeyword,
  ImplementsKeyword: ts.SyntaxKind.ImplementsKeyword,
  ImportKeyword: ts.SyntaxKind.ImportKeyword,
  InKeyword: ts.SyntaxKind.InKeyword,
  InstanceOfKeyword: ts.SyntaxKind.InstanceOfKeyword,
  MinusMinusToken: ts.SyntaxKind.MinusMinusToken,
  NullKeyword: ts.SyntaxKind.NullKeyword,
  PlusPlusToken: ts.SyntaxKind.PlusPlusToken,
  PrivateKeyword: ts.SyntaxKind.PrivateKeyword,
  ProtectedKeyword: ts.SyntaxKind.ProtectedKeyword,
  PublicKeyword: ts.SyntaxKind.PublicKeyword,
  QuestionQuestionEqualsToken: ts.SyntaxKind.QuestionQuestionEqualsToken,
  QuestionQuestionToken: ts.SyntaxKind.QuestionQuestionToken,
  ReadonlyKeyword: ts.SyntaxKind.ReadonlyKeyword,
  StaticKeyword: ts.SyntaxKind.StaticKeyword,
  SuperKeyword: ts.SyntaxKind.SuperKeyword,
  ThisKeyword: ts.SyntaxKind.ThisKeyword,
  TrueKeyword: ts.SyntaxKind.TrueKeyword,
  UndefinedKeyword: ts.SyntaxKind.UndefinedKeyword,
  VoidExpression: ts.SyntaxKind.VoidExpression,
} as const;

/** A `const` variable (or a binding of one): `const x = …`. */
export function isConstDeclaration(node: ts.Node): boolean {
  return (ts.getCombinedNodeFlags(node) & ts.NodeFlags.Const) !== 0;
}

/** The declaration list of a `const` statement. */
export function isConstDeclarationList(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.Const) !== 0;
}

/** The declaration list of a `let` statement. */
export function isLetDeclarationList(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.Let) !== 0;
}

/** A declaration marked `abstract`. */
export function isAbstractDeclaration(node: ts.Declaration): boolean {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Abstract) !== 0;
}
