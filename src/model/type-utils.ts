// @typescript-eslint/type-utils on first use, not at load: importing it (and the typescript-estree it
// pulls in) is most of the plugin's import time in a config that has not loaded typescript-eslint's own
// plugin, and a program that loads no RPC library never needs it (see docs/performance.md, Start-up).
import { createRequire } from 'node:module';

import type * as TypeUtils from '@typescript-eslint/type-utils';

const require = createRequire(import.meta.url);
let loaded: typeof TypeUtils | undefined;

function typeUtils(): typeof TypeUtils {
  return (loaded ??= require('@typescript-eslint/type-utils') as typeof TypeUtils);
}

export const typeMatchesSomeSpecifier: typeof TypeUtils.typeMatchesSomeSpecifier = (...args) => typeUtils().typeMatchesSomeSpecifier(...args);
export const valueMatchesSomeSpecifier: typeof TypeUtils.valueMatchesSomeSpecifier = (...args) => typeUtils().valueMatchesSomeSpecifier(...args);

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
