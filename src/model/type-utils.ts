// @typescript-eslint/type-utils on first use, not at load: importing it (and the typescript-estree it
// pulls in) is most of the plugin's import time in a config that has not loaded typescript-eslint's own
// plugin, and a program that loads no RPC library never needs it (see docs/performance.md, Start-up).
import { createRequire } from 'node:module';
import path from 'node:path';

import type * as TypeUtils from '@typescript-eslint/type-utils';
import type ts from 'typescript';

const require = createRequire(import.meta.url);

type SpecifierMatchers = Pick<typeof TypeUtils, 'typeMatchesSomeSpecifier' | 'valueMatchesSomeSpecifier'>;
let loaded: SpecifierMatchers | undefined;

/**
 * The package's specifier module alone when it is where type-utils 8 keeps it: the package index
 * loads 22 more modules (about 20 ms in a fresh process) for functions this plugin never calls. Where
 * the module is not found, or does not export both functions, the package itself.
 * test/startup.test.ts checks that the module's functions are the package's own.
 */
export function specifierMatchers(): SpecifierMatchers {
  if (!loaded) {
    try {
      const specifiers = require(path.join(path.dirname(require.resolve('@typescript-eslint/type-utils')), 'TypeOrValueSpecifier.js')) as Partial<SpecifierMatchers>;
      if (typeof specifiers.typeMatchesSomeSpecifier === 'function' && typeof specifiers.valueMatchesSomeSpecifier === 'function') {
        loaded = specifiers as SpecifierMatchers;
      }
    } catch {
      // another layout: the package index below
    }
    loaded ??= require('@typescript-eslint/type-utils') as typeof TypeUtils;
  }
  return loaded;
}

/**
 * type-utils' `typeMatchesSomeSpecifier`, after a test by name that it implies: a type matches a
 * specifier only if the specifier names the type (its alias or symbol name, or intrinsic name), one
 * of its union members (all must match) or one of its intersection parts (one must). Specifiers
 * that name none of these are not asked, which spares their source test (the declaration file's
 * package or path) for the many types that are no resource, lock or stream.
 */
export const typeMatchesSomeSpecifier: typeof TypeUtils.typeMatchesSomeSpecifier = (type, specifiers = [], program) => {
  const names = candidateNames(type);
  // A loop, not `filter`: most calls pass one specifier that names none of the type's names.
  let named: TypeUtils.TypeOrValueSpecifier[] | undefined;
  for (const specifier of specifiers) if (namesAny(specifier, names)) (named ??= []).push(specifier);
  return named !== undefined && specifierMatchers().typeMatchesSomeSpecifier(type, named, program);
};
export const valueMatchesSomeSpecifier: typeof TypeUtils.valueMatchesSomeSpecifier = (...args) => specifierMatchers().valueMatchesSomeSpecifier(...args);

const namesByType = new WeakMap<ts.Type, ReadonlySet<string>>();

/** The names `specifierNameMatches` compares for `type` and for each of its union and intersection parts. */
function candidateNames(type: ts.Type): ReadonlySet<string> {
  let names = namesByType.get(type);
  if (!names) {
    const found = new Set<string>();
    const visit = (t: ts.Type, depth: number): void => {
      const symbol = t.aliasSymbol ?? t.getSymbol();
      if (symbol) found.add(String(symbol.escapedName));
      const intrinsic = (t as { intrinsicName?: string }).intrinsicName;
      if (intrinsic !== undefined) found.add(intrinsic);
      if (t.isUnionOrIntersection() && depth < 8) for (const part of t.types) visit(part, depth + 1);
    };
    visit(type, 0);
    namesByType.set(type, (names = found));
  }
  return names;
}

/** The names a specifier matches (a string specifier is a name); one array per specifier object. */
export function specifierNames(specifier: TypeUtils.TypeOrValueSpecifier): readonly string[] {
  if (typeof specifier === 'string') return [specifier];
  let names = namesBySpecifier.get(specifier);
  if (!names) namesBySpecifier.set(specifier, (names = [specifier.name].flat()));
  return names;
}

const namesBySpecifier = new WeakMap<object, readonly string[]>();

/** Whether the specifier names one of `names`, without building its list of names. */
function namesAny(specifier: TypeUtils.TypeOrValueSpecifier, names: ReadonlySet<string>): boolean {
  if (typeof specifier === 'string') return names.has(specifier);
  const name = specifier.name;
  return typeof name === 'string' ? names.has(name) : name.some((n) => names.has(n));
}

/**
 * type-utils' `typeOrValueSpecifiersSchema` (8.72), copied so that a rule's `meta.schema` does not load the
 * package; test/model.test.ts asserts it equals the package's own.
 */
export const typeOrValueSpecifiersSchema: typeof TypeUtils.typeOrValueSpecifiersSchema = {
  "items": {
    "oneOf": [
      {
        "type": "string"
      },
      {
        "additionalProperties": false,
        "properties": {
          "from": {
            "enum": [
              "file"
            ],
            "type": "string"
          },
          "name": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "items": {
                  "type": "string"
                },
                "minItems": 1,
                "type": "array",
                "uniqueItems": true
              }
            ]
          },
          "path": {
            "type": "string"
          }
        },
        "required": [
          "from",
          "name"
        ],
        "type": "object"
      },
      {
        "additionalProperties": false,
        "properties": {
          "from": {
            "enum": [
              "lib"
            ],
            "type": "string"
          },
          "name": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "items": {
                  "type": "string"
                },
                "minItems": 1,
                "type": "array",
                "uniqueItems": true
              }
            ]
          }
        },
        "required": [
          "from",
          "name"
        ],
        "type": "object"
      },
      {
        "additionalProperties": false,
        "properties": {
          "from": {
            "enum": [
              "package"
            ],
            "type": "string"
          },
          "name": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "items": {
                  "type": "string"
                },
                "minItems": 1,
                "type": "array",
                "uniqueItems": true
              }
            ]
          },
          "package": {
            "type": "string"
          }
        },
        "required": [
          "from",
          "name",
          "package"
        ],
        "type": "object"
      }
    ]
  },
  "type": "array"
};
