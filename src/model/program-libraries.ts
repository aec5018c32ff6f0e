import type ts from 'typescript';

import { LIBRARIES, type LibraryFamily, type LibraryId } from './libraries.js';

const loadedByProgram = new WeakMap<ts.Program, ReadonlySet<LibraryId>>();

/**
 * The known libraries among a program's files. Reads file names only, so it costs no type
 * checking; cached per `ts.Program`. A per-file import check would be wrong: generated clients
 * are often used from files that import only the generated module.
 */
export function librariesOf(program: ts.Program): ReadonlySet<LibraryId> {
  let loaded = loadedByProgram.get(program);
  if (!loaded) {
    const found = new Set<LibraryId>();
    for (const file of program.getSourceFiles()) {
      if (!file.isDeclarationFile) continue;
      const name = file.fileName.replaceAll('\\', '/');
      for (const library of LIBRARIES) {
        if (!found.has(library.id) && library.fileMarkers.some((marker) => name.includes(marker))) {
          found.add(library.id);
        }
      }
      if (found.size === LIBRARIES.length) break;
    }
    loaded = found;
    loadedByProgram.set(program, loaded);
  }
  return loaded;
}

/** Whether the program loads any library of `family`. */
export function programLoads(program: ts.Program, family: LibraryFamily): boolean {
  const loaded = librariesOf(program);
  return LIBRARIES.some((library) => library.family === family && loaded.has(library.id));
}
