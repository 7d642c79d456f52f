import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of the program as `npm install` leaves it (sources, prompts, packages), in a folder of its own. */
function installedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-installed-'));
  for (const part of ['bin', 'src', 'adapters', 'prompts', 'package.json', 'tsconfig.json', 'community.example.yaml']) cpSync(join(REPO, part), join(dir, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Runs the program as a user other than the one who installed it: `nobody` when the tests run as
 * root (who may read anything), else this user, kept out by the permissions themselves.
 */
function runAsAnotherUser(dir: string, args: string[]): { status: number | null; stderr: string } {
  const other: SpawnSyncOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const result = spawnSync(process.execPath, [join(dir, 'bin', 'commonground.js'), ...args], { ...other, cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
  return { status: result.status, stderr: String(result.stderr) };
}

/** Every folder and file under `dir`, with its permission bits. */
function modes(dir: string): Array<[string, number]> {
  const found: Array<[string, number]> = [[dir, statSync(dir).mode & 0o777]];
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) found.push(...modes(path));
    else found.push([path, statSync(path).mode & 0o777]);
  }
  return found;
}

let copy: string | undefined;
afterEach(() => {
  if (!copy) return;
  chmodSync(copy, 0o755);
  try {
    chmodSync(join(copy, 'dist'), 0o755);
  } catch {
    // no build there
  }
  rmSync(copy, { recursive: true, force: true });
  copy = undefined;
});

describe('the installed program, run by another user', { timeout: 60_000 }, () => {
  it('the build is readable by everyone (folders 0755, files 0644), even when the builder keeps their own files private', () => {
    copy = installedCopy();
    const build = spawnSync('sh', ['-c', 'umask 077 && exec "$0" bin/build.js', process.execPath], { cwd: copy, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const dist = join(copy, 'dist');
    const wrong = modes(dist).filter(([path, mode]) => mode !== (statSync(path).isDirectory() ? 0o755 : 0o644));
    expect(wrong.map(([path, mode]) => `${path} ${mode.toString(8)}`)).toEqual([]);
    expect(readdirSync(dist)).toContain('cli.js');
  });

  it('a compiled program this user may not read is said to be unreadable, with what to do, not to be missing', () => {
    copy = installedCopy();
    expect(spawnSync(process.execPath, ['bin/build.js'], { cwd: copy }).status).toBe(0);
    const dist = join(copy, 'dist');
    chmodSync(dist, 0o000);
    const result = runAsAnotherUser(copy, ['--help']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `The compiled program in ${dist} cannot be read by this user (EACCES). Please have it made readable to everyone (chmod -R a+rX ${dist}), or run "npm install" again there as the user who installed it, then try again.`,
    );
  });

  it('a compiled program that is missing where this user may not build it says so, with who can build it', () => {
    copy = installedCopy();
    chmodSync(copy, 0o555);
    const result = runAsAnotherUser(copy, ['--help']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `The compiled program is missing from ${join(copy, 'dist')}, and this user may not write in ${copy} to build it (EACCES). Please run "npm install" (or "npm run build") there as the user who installed it, then try again.`,
    );
  });
});
