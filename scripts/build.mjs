// @ts-check
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles src/ to dist/ with tsc (tsconfig.build.json), then joins tsc's output into a few files with
 * esbuild: each entry below, and the modules they share in dist/chunks/. Node loads a program of a few files
 * much faster than one of ~220 (ours and the dependencies'), and a command line's or the bot's start-up
 * was about half module loading. `--if-stale` builds only when the sources changed
 * since the last build, so `npm start` and the CLI scripts run compiled JavaScript on a fresh clone and after
 * every edit, and start at once otherwise. Plain JavaScript, so it runs before anything is compiled.
 *
 * The **inputs** are every file under src/, package.json and the two tsconfig files; dist/ is **stale** when
 * its stamp (a hash of the inputs' paths and contents, written with the build) differs from the inputs' hash
 * now. A build goes to a temporary folder and replaces dist/ whole, so a failed build leaves the last good
 * one and no file of a deleted source survives.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const STAMP = '.build-stamp';
const INPUT_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * The modules that are started on their own, by their path in the build: the bot, the command line, and
 * the workers' entries (src/runtime/package-files.ts `programModule` names them). Each stays a file at that
 * path; code that the entries load with `import()` stays in chunks of its own, loaded only when imported.
 */
const ENTRIES = ['main.js', 'cli.js', 'runtime/parse-worker.js', 'runtime/answer-worker.js'];

/** tsc's output that is not the program's code: the playground's browser script, served as it is. */
const BROWSER_FILES = ['local-slack/page/playground.js'];

/**
 * Packages left out of the bundle, loaded from node_modules when (and if) the program imports them:
 * pino-pretty (a dev dependency, imported only when pretty logs are asked for) and ws's optional native
 * add-ons (never installed here; ws falls back without them). ioredis and yaml are loaded with
 * `createRequire` on first use, which esbuild leaves alone.
 */
const EXTERNAL = ['pino-pretty', 'bufferutil', 'utf-8-validate'];

/**
 * Bundled CommonJS code (most dependencies) calls `require` for Node's built-in modules; in an ES module
 * there is none, so each output file defines one.
 */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

/** Every input file, relative to the root, in a stable order. */
function inputs() {
  const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
  return [...INPUT_FILES, ...sources].sort();
}

/** The hash the stamp records: which inputs there are and what they hold. */
function inputsHash() {
  const hash = createHash('sha256');
  for (const file of inputs()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(ROOT, file)));
  }
  return hash.digest('hex');
}

/** The stamp of the build in dist/, or undefined when there is none. */
function builtHash() {
  try {
    return readFileSync(path.join(DIST, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Runs tsc into a temporary folder, then swaps it in for dist/; returns the exit code.
 * @param {string} hash the inputs' hash, recorded as the new build's stamp
 */
function build(hash) {
  const require = createRequire(import.meta.url);
  let tsc;
  let esbuild;
  try {
    tsc = require.resolve('typescript/bin/tsc');
    esbuild = require('esbuild');
  } catch {
    process.stderr.write(
      'build: dist/ is out of date and TypeScript or esbuild is not installed (npm ci --omit=dev?); run npm ci\n',
    );
    return 1;
  }
  const started = Date.now();
  const next = path.join(ROOT, `.dist-${process.pid}`);
  const compiled = path.join(ROOT, `.dist-tsc-${process.pid}`);
  process.stderr.write('build: compiling src/ to dist/ (tsc, then esbuild)…\n');
  // tsc reports errors on standard output; the CLI's standard output is its result, so they go to stderr.
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', compiled], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) {
    rmSync(compiled, { recursive: true, force: true });
    process.stderr.write('build: tsc failed; dist/ is unchanged\n');
    return result.status ?? 1;
  }
  try {
    bundle(esbuild, compiled, next);
  } catch (error) {
    // esbuild has printed its errors to standard error already.
    rmSync(next, { recursive: true, force: true });
    process.stderr.write(`build: esbuild failed; dist/ is unchanged (${String(error).split('\n')[0]})\n`);
    return 1;
  } finally {
    rmSync(compiled, { recursive: true, force: true });
  }
  copyAssets(next);
  writeFileSync(path.join(next, STAMP), `${hash}\n`);
  const old = path.join(ROOT, `.dist-old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
  process.stderr.write(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

/**
 * Joins tsc's output in `compiled` into the entries and their shared chunks in `outDir`.
 * @param {typeof import('esbuild')} esbuild
 * @param {string} compiled tsc's output folder
 * @param {string} outDir the build's folder
 */
function bundle(esbuild, compiled, outDir) {
  const result = esbuild.buildSync({
    entryPoints: ENTRIES.map((entry) => path.join(compiled, entry)),
    outbase: compiled,
    outdir: outDir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    // No keepNames: it wraps every function and closure as it is made in a call that defines its name
    // (`__name`), which was about a tenth of the bot's CPU per Slack request. Names stay as written
    // without it: JavaScript names a function or class after the binding it is assigned to, esbuild
    // renames only a top-level binding that collides with another, and every error class of ours sets
    // its `name` (tests/build.test.ts checks that no class of src/ is renamed).
    keepNames: false,
    write: false,
    logLevel: 'warning',
  });
  let esprimaLoads = 0;
  for (const file of result.outputFiles) {
    let text = file.text;
    if (text.includes(ESPRIMA_LOAD)) {
      esprimaLoads++;
      text = text.replace(ESPRIMA_LOAD, '');
    }
    mkdirSync(path.dirname(file.path), { recursive: true });
    writeFileSync(file.path, asciiOnly(text));
  }
  if (esprimaLoads !== 1)
    throw new Error(`expected js-yaml's one load of esprima in the bundle, found ${esprimaLoads}`);
  for (const file of BROWSER_FILES) cpSync(path.join(compiled, file), path.join(outDir, file));
}

/**
 * js-yaml 3 (gray-matter's, and yaml-fast.ts's) loads esprima, a 284 kB JavaScript parser, when it is
 * imported, to read the `!!js/function` tag: about 15 ms of every start. Nothing here reads that tag (it
 * would run code from a note), so the bundle's js-yaml does what its own browser build does: it loads no
 * esprima, and a `!!js/function` value fails to resolve. The build fails if js-yaml no longer has the line.
 */
const ESPRIMA_LOAD = 'esprima = _require("esprima");';

/**
 * The text with every non-ASCII character as a `\u` escape. esbuild escapes them in strings but leaves
 * them in comments and regular expressions, and one such character makes Node read the whole file as
 * a two-byte string, slower to decode and to compile (about 15 ms of a command's start-up across the
 * chunks it loads). An escaped character that is escaped again (`\’` in a regular expression) keeps
 * one backslash: `\u2019`, not `\\u2019`.
 * @param {string} text
 */
function asciiOnly(text) {
  return text.replace(/(\\*)([^\p{ASCII}])/gu, (_, slashes, char) => {
    let escaped = '';
    for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return slashes.slice(0, slashes.length - (slashes.length % 2)) + escaped;
  });
}

/** Source files tsc neither compiles nor copies (the playground page's stylesheet). */
const ASSETS = /\.(css|html|svg|png)$/;

/**
 * Copies the assets under src/ to the same place in the build.
 * @param {string} outDir the build's folder
 */
function copyAssets(outDir) {
  for (const file of inputs().filter((f) => f.startsWith(`src${path.sep}`) && ASSETS.test(f)))
    cpSync(path.join(ROOT, file), path.join(outDir, path.relative('src', file)));
}

/** `--if-stale`: build only when the inputs changed; a copy without src/ (an image) runs dist/ as it is. */
function main() {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !existsSync(path.join(ROOT, 'src'))) {
    if (existsSync(path.join(DIST, 'main.js'))) return 0;
    process.stderr.write('build: neither src/ nor a built dist/ is here\n');
    return 1;
  }
  const hash = inputsHash();
  if (ifStale && builtHash() === hash) return 0;
  return build(hash);
}

process.exitCode = main();
