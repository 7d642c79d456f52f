import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { sqliteFilesOf } from './privacy-scenario';

/** Every file the local chat saved, as text. */
function savedFiles(dataDir: string): string {
  const root = join(dataDir, 'attachments');
  if (!existsSync(root)) return '';
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).map((name) => join(root, name));
  return files.filter((f) => statSync(f).isFile()).map((f) => readFileSync(f, 'utf8')).join('\n');
}

const fileReport = (who: string, what: string) => [`/as ${who}`, '/feedback', '1', what, 'Building 4, east stairs', '2', 'no', 'yes'];
const MARIA = 'The stairwell light in building 4 is broken';
const CHEN = 'The lift in block two stops between floors';

describe("the local chat's saved files and an erasure", () => {
  it("removes a person's exported copy when they erase themselves, and keeps another person's copy", { timeout: 60_000 }, async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cg-local-files-')), 'data');
    const env = { DATA_DIR: dataDir };
    const stdin = [...fileReport('chen', CHEN), '/privacy export', ...fileReport('maria', MARIA), '/privacy export', '/privacy', '/privacy erase confirm', '/quit'].join('\n');
    const chat = await runCli(['chat'], { stdin, env });
    expect(chat.stdout).toContain('- 1 file this chat saved for you in its data folder (a copy of your data you asked for)');
    expect(chat.stdout).toContain('Done. What you wrote and your name have been erased');
    expect(savedFiles(dataDir)).not.toContain(MARIA);
    expect(savedFiles(dataDir)).toContain(CHEN);
  });

  it("removes it when an administrator erases the person from the command line", { timeout: 60_000 }, async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cg-local-files-')), 'data');
    const env = { DATA_DIR: dataDir };
    await runCli(['chat'], { stdin: [...fileReport('maria', MARIA), '/privacy export', '/quit'].join('\n'), env });
    expect(savedFiles(dataDir)).toContain(MARIA);
    const erased = await runCli(['privacy', 'erase', '--platform', 'local', '--user', 'maria'], { env });
    expect(erased.code).toBe(0);
    expect(savedFiles(dataDir)).not.toContain(MARIA);
  });

  it('forgets the buttons it showed the person and that they typed last, so their id is nowhere in the files', { timeout: 60_000 }, async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cg-local-files-')), 'data');
    const env = { DATA_DIR: dataDir };
    const chat = await runCli(['chat'], { stdin: [...fileReport('maria', MARIA), '/dm', '/privacy erase confirm', '/as li social_worker', '/in general', '/quit'].join('\n'), env });
    expect(chat.stdout).toContain('Done. What you wrote and your name have been erased');
    expect(sqliteFilesOf(dataDir).toString('utf8')).not.toContain('maria');
    // The chat goes on, with whoever types next saying who they are.
    const next = await runCli(['chat'], { stdin: ['/as li social_worker', '/in general', '/quit'].join('\n'), env });
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('li@#general>');
  });
});
