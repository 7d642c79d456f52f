import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli';

const BIN = fileURLToPath(new URL('../../bin/commonground.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in a child process, as a user would, with the given stdin and environment. With
 * `killAfterMs`, a process still running then is killed (its code is then null).
 */
export function runCli(args: string[], options: { stdin?: string; env?: Record<string, string>; killAfterMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** The CLI running in a child process, fed line by line, as a person at a terminal would. */
export interface RunningCli {
  readonly pid: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Types lines on its standard input. */
  type(...lines: string[]): void;
  /** Resolves once its standard output holds `text`. */
  waitFor(text: string): Promise<void>;
  /** Closes its standard input (as Ctrl-D would). */
  end(): void;
  signal(name: NodeJS.Signals): void;
  exited: Promise<CliResult>;
}

export function startCli(args: string[], options: { env?: Record<string, string> } = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  let closed = false;
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      closed = true;
      resolve({ code, stdout, stderr });
      for (const wake of waiters.splice(0)) wake();
    });
  });
  return {
    pid: child.pid ?? 0,
    stdout: () => stdout,
    stderr: () => stderr,
    type: (...lines) => child.stdin.write(lines.map((l) => `${l}\n`).join('')),
    waitFor(text) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (stdout.includes(text)) resolve();
          else if (closed) reject(new Error(`the process ended without printing ${text}\n${stdout}\n${stderr}`));
          else waiters.push(check);
        };
        check();
      });
    },
    end: () => child.stdin.end(),
    signal: (name) => child.kill(name),
    exited,
  };
}

/**
 * Runs the command line in this process (faster than a child process), capturing what it writes
 * to stdout and stderr, and its exit code. `stdin` is what it reads from standard input (not a
 * terminal, as when a file is piped in); `env` is set for the run and restored after it.
 */
export async function runInProcess(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin');
  if (options.stdin !== undefined) Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(options.stdin, 'utf8')]), configurable: true });
  const saved = Object.keys(options.env ?? {}).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, options.env);
  try {
    const code = await main(['node', 'commonground', ...args]);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    if (stdin) Object.defineProperty(process, 'stdin', stdin);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    process.exitCode = undefined;
  }
}

/** `runInProcess` with the same result as `runCli`: a test can run either way with the same checks. */
export async function runCliHere(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const { code, out, err } = await runInProcess(args, { stdin: '', ...options });
  return { code, stdout: out, stderr: err };
}
