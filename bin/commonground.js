#!/usr/bin/env node
// Runs the compiled bot (dist/). `npm install` builds it; after a change to the sources it is
// rebuilt here first when the build tool is installed, so a developer never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli.js');

/** The newest modification time of the TypeScript sources the build reads. */
function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale = () => ['src', 'adapters'].some((dir) => existsSync(join(root, dir)) && newestSource(join(root, dir)) > statSync(entry).mtimeMs);

if (!existsSync(entry) || stale()) {
  try {
    const { buildDist } = await import('./build.js');
    await buildDist();
  } catch (error) {
    if (!existsSync(entry)) {
      process.stderr.write(`commonground: the compiled program is missing and could not be built (${error.message}). Run "npm install" in ${root}, then try again.\n`);
      process.exit(1);
    }
  }
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
