#!/usr/bin/env node
// Runs the compiled bot (dist/). `npm install` builds it; after a change to the sources it is
// rebuilt here first when the build tool is installed, so a developer never runs stale code.
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const entry = join(dist, 'cli.js');

/** The newest modification time of the TypeScript sources the build reads (0 when they cannot be read). */
function newestSource(dir) {
  let newest = 0;
  let items;
  try {
    items = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const item of items) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  }
  return newest;
}

/** The compiled program: its modification time, `missing`, or the code that kept this user from reading it. */
function compiled() {
  try {
    const found = statSync(entry, { throwIfNoEntry: false });
    if (!found) return { missing: true };
    accessSync(entry, constants.R_OK);
    return { mtimeMs: found.mtimeMs };
  } catch (error) {
    return { unreadable: error.code ?? error.message };
  }
}

/** Permission codes: this user may not read or write there. */
const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * A sentence of the command line's catalogue in the operator's language (LC_ALL, LC_MESSAGES, LANG,
 * as src/operator-language.ts reads them), for what is said before the compiled program runs.
 */
async function say(key, vars) {
  const setting = [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG].find((value) => value !== undefined && value !== '') ?? '';
  const locale = /^zh/i.test(setting) ? 'zh-CN' : 'en';
  let text;
  try {
    const { parse } = await import('yaml');
    text = key.split('.').reduce((at, part) => at?.[part], parse(readFileSync(join(root, 'prompts', 'messages', locale, 'cli.yaml'), 'utf8')));
  } catch {
    // the catalogue itself cannot be read: the key and its values still say what went wrong
  }
  if (typeof text !== 'string') text = [key, ...Object.keys(vars).map((name) => `${name}={${name}}`)].join(' ');
  process.stderr.write(`${text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole))}\n`);
  process.exit(1);
}

let program = compiled();
if (program.unreadable) await say('cli.dist.unreadable', { folder: dist, reason: program.unreadable });
const stale = () => ['src', 'adapters'].some((dir) => newestSource(join(root, dir)) > program.mtimeMs);
if (program.missing || stale()) {
  try {
    const { buildDist } = await import('./build.js');
    await buildDist();
  } catch (error) {
    program = compiled();
    if (program.missing || program.unreadable) {
      const code = error.code ?? '';
      if (DENIED.has(code)) await say('cli.dist.cannot_build', { folder: dist, root, reason: code });
      await say('cli.dist.missing', { root, reason: error.message });
    }
  }
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
