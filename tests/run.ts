import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.join(import.meta.dirname, '..');

/** Runs a TypeScript entry point of the project as a child process, the way npm scripts do (through tsx). */
export function runScript(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number; sigtermAfterMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // A clean environment: nothing from the developer's shell (or a .env) leaks into what is tested.
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
        // State goes to a temporary folder, never into the repository.
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kubecon-run-')),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const term =
      options.sigtermAfterMs !== undefined
        ? setTimeout(() => child.kill('SIGTERM'), options.sigtermAfterMs)
        : undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish in time`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(term);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
