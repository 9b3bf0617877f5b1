/**
 * A worker thread's entry (`new Worker(entry.code, { eval: entry.eval })`): the compiled file when this runs
 * compiled; or, when the sources run (tests, the bench), a small script that registers tsx in the worker and
 * imports the TypeScript file (Node 20 does not apply a worker's `--import tsx` to its entry). Production
 * never loads tsx. `file`: the worker's module, as a URL ending `.ts` or `.js` like the caller's own.
 */
export function workerEntry(file: URL): { code: string | URL; eval: boolean } {
  if (!file.pathname.endsWith('.ts')) return { code: file, eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(file.href)}); });`;
  return { code, eval: true };
}
