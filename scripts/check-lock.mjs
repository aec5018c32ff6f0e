// Guard: `npm ci` refuses a lock file whose recorded versions no longer satisfy a dependency's spec.
// A semver range keeps being satisfied by the locked version forever; a dist-tag (`latest`, `next`)
// or a git/URL spec is re-read by npm, so the day its target moves the committed lock is out of sync.
// Fails, naming each package and edge, when package-lock.json holds such an edge.
//
//   node scripts/check-lock.mjs [path/to/package-lock.json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** Specs whose meaning cannot change with a publish: semver ranges and paths on this disk. */
function isStableSpec(spec) {
  if (/^(file|link|workspace):/.test(spec)) return true;
  const alias = /^npm:(?:@[^/]+\/)?[^@]+(?:@(.*))?$/.exec(spec);
  if (alias) return isStableSpec(alias[1] ?? '*');
  return semver.validRange(spec) !== null;
}

/** Every `dependent → dependency@spec` edge of a lock (format 2 or 3) that a publish can break. */
export function findMovingEdges(lock) {
  const edges = [];
  for (const [location, entry] of Object.entries(lock.packages ?? {})) {
    const dependent = location === '' ? (lock.name ?? '(root)') : location.replace(/^.*node_modules\//, '');
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, spec] of Object.entries(entry[field] ?? {})) {
        if (typeof spec === 'string' && !isStableSpec(spec)) edges.push({ dependent, name, spec, field });
      }
    }
  }
  return edges;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? new URL('../package-lock.json', import.meta.url);
  const edges = findMovingEdges(JSON.parse(readFileSync(file, 'utf8')));
  if (edges.length > 0) {
    console.error('package-lock.json has dependency edges that a new publish puts out of sync (npm ci then fails):');
    for (const e of edges) console.error(`  ${e.dependent} → ${e.name}@${e.spec} (${e.field})`);
    console.error('Pin them with `overrides` in package.json, or keep the package out of the locked tree.');
    process.exit(1);
  }
  console.log('package-lock.json: every dependency edge is a semver range or a local path');
}
