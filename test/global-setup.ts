import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { buildDist, writeParsedYaml } from '../bin/build.js';

/** Where the suites that need real servers find them; overridable by env. */
export const serviceUrls = {
  postgres: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redis: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

/**
 * The programs the restart, two-process and kept-answer tests run in child processes, each compiled
 * once into a single module (packages left as imports), so that each of the many children starts in
 * a fraction of a second instead of compiling the sources again (test/support/child-program.ts names
 * them). One folder below the repository, as dist/ is, so that the prompts and the example community
 * are found the same way.
 */
export const childEntries = {
  'app-child': 'test/state/support/app-child.ts',
  'kept-answer-child': 'test/operations/support/kept-answer-child.ts',
  'kept-answer-platform-child': 'test/operations/support/kept-answer-platform-child.ts',
};
export const childBuildDir = fileURLToPath(new URL('../.test-build/', import.meta.url));

async function buildChildren(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({
    absWorkingDir: root,
    entryPoints: childEntries,
    outdir: childBuildDir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  // What the shipped YAML holds, as the built program has it beside it: a child starts without
  // parsing the flow scripts and catalogues (a quarter of its start).
  await writeParsedYaml(childBuildDir);
}

/** Debian's Chromium, which the web chat's browser tests drive (CHROMIUM_PATH overrides). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Finds out once whether PostgreSQL and Redis are running. In CI their absence is a failure;
 * elsewhere the suites that need them say clearly that they could not run.
 */
export default async function setup(project: TestProject): Promise<void> {
  // The command-line tests run the compiled program, as users do: compile the sources once first.
  await Promise.all([buildDist(), buildChildren()]);
  const [postgres, redis] = await Promise.all([reachable(serviceUrls.postgres), reachable(serviceUrls.redis)]);
  const missing = [
    postgres ? null : `PostgreSQL at ${serviceUrls.postgres} (suites: evaluation store on PostgreSQL)`,
    redis ? null : `Redis at ${serviceUrls.redis} (suites: state store on Redis)`,
  ].filter((line): line is string => line !== null);
  if (missing.length > 0) {
    const message = `Could not reach: ${missing.join('; ')}.`;
    if (process.env.CI) throw new Error(`${message} CI needs both services running.`);
    console.warn(`\n[commonground tests] ${message} Those suites will NOT run on this machine.\n`);
  }
  const browser = existsSync(chromiumPath);
  if (!browser) {
    const message = `Could not find Chromium at ${chromiumPath} (suites: web chat in the browser; install it with apt-get install chromium, or set CHROMIUM_PATH).`;
    if (process.env.CI) throw new Error(`${message} CI needs it installed.`);
    console.warn(`\n[commonground tests] ${message} Those suites will NOT run on this machine.\n`);
  }
  project.provide('browser', { chromium: browser ? chromiumPath : null });
  project.provide('services', { postgres: postgres ? serviceUrls.postgres : null, redis: redis ? serviceUrls.redis : null });
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: { postgres: string | null; redis: string | null };
    browser: { chromium: string | null };
  }
}
