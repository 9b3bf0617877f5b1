import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The package's own files, found from its root, wherever the running code sits: src/ (tests, the bench, under
 * tsx) or dist/, the build, where scripts/build.mjs bundles the modules into a few entry files and shared
 * chunks. In the bundle a module's code no longer sits where it was written, so a path relative to its own
 * `import.meta.url` would miss: every file the program reads of its own (the manifest, the relevance sets,
 * the playground's page, a worker's entry) is named here, relative to the root.
 */

const HERE = fileURLToPath(import.meta.url);

/** True when the TypeScript sources run (tests, the bench); false when dist/ does. */
export const RUNS_SOURCES = HERE.endsWith('.ts');

/** The package root: the nearest folder above this code that holds package.json (the repository, the image's /app). */
export const PACKAGE_ROOT = nearestPackage(path.dirname(HERE));

function nearestPackage(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** A file of the package, by its path from the root (`manifest.yml`, `tests/eval/`). */
export function packageFile(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}

/** A folder of the program as it runs: `src/<dir>` from the sources, `dist/<dir>` compiled. */
export function programDir(dir: string): string {
  return path.join(PACKAGE_ROOT, RUNS_SOURCES ? 'src' : 'dist', dir);
}

/**
 * A module of the program that is started on its own (a worker's entry), by its path under src/ without
 * the extension: `src/runtime/parse-worker.ts` from the sources, `dist/runtime/parse-worker.js` compiled.
 * The build keeps each of these an entry file at that path.
 */
export function programModule(name: string): URL {
  return pathToFileURL(path.join(programDir(''), `${name}${RUNS_SOURCES ? '.ts' : '.js'}`));
}
