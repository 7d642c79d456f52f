import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ChildRequest } from './app-child';
import { childProgram } from '../../support/child-program';

const CHILD = childProgram('app-child');

/** A child process running the real app: requests go in one at a time; `null` if it died meanwhile. */
export interface AppChild {
  send(request: ChildRequest): Promise<unknown>;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  process: ChildProcessWithoutNullStreams;
}

export async function startChild(env: { dataDir: string; storeUrl?: string }): Promise<AppChild> {
  const child = spawn(process.execPath, [CHILD], {
    env: { ...process.env, CG_CHILD_DATA_DIR: env.dataDir, ...(env.storeUrl ? { CG_CHILD_STORE_URL: env.storeUrl } : {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => {
    const line = await Promise.race([lines.next(), exited.then(() => null)]);
    if (line === null || line.done) return null;
    return JSON.parse(line.value) as unknown;
  };
  const ready = await next();
  if (ready === null) throw new Error(`the app did not start: ${stderr.slice(-2000)}`);
  return {
    process: child,
    exited,
    async send(request) {
      if (child.exitCode !== null || child.signalCode !== null) return null;
      child.stdin.write(`${JSON.stringify(request)}\n`);
      return next();
    },
  };
}
