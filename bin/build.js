#!/usr/bin/env node
// Compiles the TypeScript sources into dist/ (one ES module per entry, shared chunks, packages left
// as imports), so the bot and the command line start without compiling anything at run time.
// Run by `npm install` (prepare), by the test set-up, and by bin/commonground.js when sources are newer.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The YAML files the bot reads at start: the prompts and the example community. */
function shippedYaml(dir = join(root, 'prompts')) {
  const files = [];
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) files.push(...shippedYaml(path));
    else if (item.name.endsWith('.yaml')) files.push(path);
  }
  return files;
}

/**
 * What each shipped YAML file holds, as JSON text by the SHA-1 of the file's text (read by
 * src/core/yaml-text.ts): the bot starts without parsing YAML it has parsed here. A file changed
 * after the build no longer matches and is parsed as before.
 */
export async function writeParsedYaml(outdir) {
  const { parse } = await import('yaml');
  const parsed = {};
  const files = [...shippedYaml(), join(root, 'community.example.yaml')].filter((file) => existsSync(file));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let data;
    try {
      data = parse(text);
    } catch {
      continue;
    }
    const json = JSON.stringify(data);
    // Only what JSON keeps exactly (no .inf, no undefined).
    if (json === undefined || !isDeepStrictEqual(JSON.parse(json), data)) continue;
    parsed[createHash('sha1').update(text).digest('hex')] = json;
  }
  writeFileSync(join(outdir, 'yaml-parsed.json'), JSON.stringify(parsed));
}

/**
 * Makes the build readable by everyone, as an installed package is (folders 0755, files 0644): the
 * staging folder is created for the builder alone (0700), and the builder's umask may be strict, but
 * the program is run by other users too (a service account, the operator's own login).
 */
function openToAll(dir) {
  chmodSync(dir, 0o755);
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) openToAll(path);
    else chmodSync(path, 0o644);
  }
}

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
    await writeParsedYaml(staging);
    openToAll(staging);
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
