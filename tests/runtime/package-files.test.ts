import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PACKAGE_ROOT,
  packageFile,
  programDir,
  programModule,
  RUNS_SOURCES,
} from '../../src/runtime/package-files.js';

const REPOSITORY = path.resolve(import.meta.dirname, '..', '..');

describe('package-files', () => {
  it('finds the package root above the running code, and knows the sources run', () => {
    expect(PACKAGE_ROOT).toBe(REPOSITORY);
    expect(JSON.parse(readFileSync(packageFile('package.json'), 'utf8')).name).toBe('kubecon-bot');
    expect(RUNS_SOURCES).toBe(true);
  });

  it("names the program's folders and worker entries under src/ as TypeScript when the sources run", () => {
    expect(programDir('local-slack/page')).toBe(path.join(REPOSITORY, 'src/local-slack/page'));
    expect(existsSync(path.join(programDir('local-slack/page'), 'playground.css'))).toBe(true);
    for (const worker of ['runtime/parse-worker', 'runtime/answer-worker']) {
      const file = fileURLToPath(programModule(worker));
      expect(file).toBe(path.join(REPOSITORY, 'src', `${worker}.ts`));
      expect(existsSync(file)).toBe(true);
    }
  });
});
