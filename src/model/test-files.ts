/**
 * Test files by the conventions of the common JavaScript test runners (Jest's and Vitest's default
 * `testMatch`/`include`: `*.test.*`, `*.spec.*`, files under `__tests__/`; Mocha's `test/`), and the
 * `__mocks__/` folders of Jest's manual mocks. What they wire into the program's code (a factory
 * `() => mockClient` stored in an options object) is a test double, not what the code runs with.
 */
const TEST_FILE = /(?:^|[\\/])(?:__tests__|__mocks__|tests?)[\\/]|\.(?:test|spec)\.[cm]?[jt]sx?$/;

export function isTestFile(fileName: string): boolean {
  return TEST_FILE.test(fileName);
}
