import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.join(import.meta.dirname, '..');

/**
 * A clean environment for a child process: nothing from the developer's shell (or a .env) leaks in, and
 * state goes to a temporary folder, never into the repository.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DOTENV_CONFIG_PATH: '/nonexistent/.env',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kubecon-run-')),
    ...extra,
  };
}

/** How node runs an entry point: TypeScript sources through tsx, compiled JavaScript as it is. */
function nodeArgs(script: string): string[] {
  return script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
}

/** Runs an entry point of the project (a TypeScript source, through tsx) as a child process. */
export function runScript(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number; sigtermAfterMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs(script), ...args], {
      cwd: ROOT,
      env: cleanEnv(options.env),
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

/** A bot (or the bare-Bolt baseline) started as a process, not yet known to be up. */
export interface LaunchedProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far, standard output and error. */
  output(): string;
  readonly exited: Promise<number | null>;
  /** Resolves with the first line of output containing `text`; rejects if it exits first or after a timeout. */
  line(text: string, timeoutMs?: number): Promise<string>;
}

/** A bot (or the bare-Bolt baseline) running as a process, listening on `port`. */
export interface BotProcess extends LaunchedProcess {
  readonly port: number;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<number | null>;
}

/** The log line that tells a started bot is up, with the port it listens on (HTTP or health). */
const RUNNING = 'kubecon-bot is running';

export interface LaunchOptions {
  readonly script?: string;
  readonly execArgv?: readonly string[];
  readonly args?: readonly string[];
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

/**
 * Starts an entry point (`src/main.ts` by default; `dist/main.js` runs without tsx) in `cwd` (the repository by
 * default) with these variables; `execArgv` go to node before the script (a profiler, say), `args` after it
 * (`--playground`). Waits for nothing: `line` waits for what the test expects.
 */
export function launchBotProcess(
  env: Record<string, string>,
  { script = 'src/main.ts', execArgv = [], args = [], cwd = ROOT }: LaunchOptions = {},
): LaunchedProcess {
  const child = spawn(process.execPath, [...execArgv, ...nodeArgs(script), ...args], {
    cwd,
    env: cleanEnv({ LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = async (text: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = out.split('\n').find((l) => l.includes(text));
      if (found !== undefined) return found;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`${script} never said "${text}":\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, output: () => out, exited, line };
}

/** Starts an entry point (see launchBotProcess) and waits for its "running" line. */
export async function startBotProcess(
  env: Record<string, string>,
  { timeoutMs = 30_000, ...options }: LaunchOptions = {},
): Promise<BotProcess> {
  const launched = launchBotProcess(env, options);
  const line = await launched.line(RUNNING, timeoutMs).catch((error: Error) => {
    throw new Error(error.message.replace('never said', 'did not start; it never said'));
  });
  return {
    ...launched,
    port: (JSON.parse(line) as { port: number }).port,
    stop: () => {
      launched.child.kill('SIGTERM');
      return launched.exited;
    },
  };
}
