/** The methods that register an event listener, one table for every rule and analysis. */

/** EventEmitter methods that register a listener that stays until removed. */
export const RECURRING_LISTEN_METHODS: ReadonlySet<string> = new Set(['on', 'addListener', 'prependListener']);
/** EventEmitter methods that register a listener for the next event only. */
export const ONCE_LISTEN_METHODS: ReadonlySet<string> = new Set(['once', 'prependOnceListener']);
/** Every EventEmitter method that registers a listener. */
export const LISTEN_METHODS: ReadonlySet<string> = new Set([...RECURRING_LISTEN_METHODS, ...ONCE_LISTEN_METHODS]);
/** The DOM `EventTarget` registration (sockets, `AbortSignal`): recurring unless `{ once: true }`. */
export const DOM_LISTEN_METHOD = 'addEventListener';
/** EventEmitter methods that remove one listener (given the same event and function object). */
export const UNLISTEN_METHODS: ReadonlySet<string> = new Set(['off', 'removeListener']);
