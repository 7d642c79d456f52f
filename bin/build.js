#!/usr/bin/env node
// Compiles the TypeScript sources into dist/ (one ES module per entry, shared chunks, packages left
// as imports), so the bot and the command line start without compiling anything at run time.
// Run by `npm install` (prepare), by the test set-up, and by bin/commonground.js when sources are newer.
import { build } from 'esbuild';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds into a fresh folder, then swaps it in, so a process starting meanwhile never sees half a build. */
export async function buildDist() {
  const staging = mkdtempSync(join(root, '.dist-'));
  try {
    await build({
      entryPoints: [join(root, 'src/cli.ts')],
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    const old = join(root, `.dist-old-${process.pid}`);
    try {
      renameSync(join(root, 'dist'), old);
    } catch {
      // no earlier build
    }
    renameSync(staging, join(root, 'dist'));
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildDist();
