import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

import { fromPackage } from './specifiers.js';

/**
 * Node's promise timers (`node:timers/promises`, declared in `@types/node` as the module
 * `timers/promises`): they settle with their value and reject only when aborted through the `signal`
 * of their options argument (`setTimeout(delay, value, options)`, `setImmediate(value, options)`).
 * `argument` is where the options go: without it the promise cannot reject.
 */
export interface TimerPromise {
  readonly spec: TypeOrValueSpecifier;
  readonly optionsArgument: number;
}

export const TIMER_PROMISES: readonly TimerPromise[] = [
  { spec: fromPackage('timers/promises', 'setTimeout'), optionsArgument: 2 },
  { spec: fromPackage('timers/promises', 'setImmediate'), optionsArgument: 1 },
];
