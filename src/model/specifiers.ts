import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

/** `{ from: 'package' }` specifier: a type or value declared in `pkg` under one of `names`. */
export function fromPackage(pkg: string, ...names: [string, ...string[]]): TypeOrValueSpecifier {
  return { from: 'package', package: pkg, name: names.length === 1 ? names[0] : names };
}

/** `{ from: 'lib' }` specifier: a type declared in TypeScript's own `lib.*.d.ts`. */
export function fromLib(...names: [string, ...string[]]): TypeOrValueSpecifier {
  return { from: 'lib', name: names.length === 1 ? names[0] : names };
}
