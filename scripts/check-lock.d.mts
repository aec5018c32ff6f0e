// Types of scripts/check-lock.mjs, for test/lock.test.ts.
export interface MovingEdge {
  /** The package that declares the dependency (`node_modules/` path stripped), or the root's name. */
  dependent: string;
  name: string;
  spec: string;
  field: 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies';
}
export function findMovingEdges(lock: unknown): MovingEdge[];
