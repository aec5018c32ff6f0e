// Types of scripts/typescript-api.mjs, for test/typescript-api.test.ts.
export declare const PAGE: string;
export declare const SEAM: readonly string[];
/**
 * Every TypeScript API member the plugin names → the files (relative to the repository) that name
 * it, each with whether the file uses it at run time (true) or in types only (false).
 */
export declare function collectUses(): Map<string, Map<string, boolean>>;
export declare function inSeam(file: string): boolean;
/** Whether only the seam may use the member at run time: the `typescript` module's members and the checker's methods. */
export declare function isSeamOnly(name: string): boolean;
/** Files outside the seam that use a seam-only member at run time → those members. */
export declare function seamBreaches(uses: Map<string, Map<string, boolean>>): Map<string, string[]>;
export declare function renderPage(uses: Map<string, Map<string, boolean>>): string;
