import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { runCliHere, startCli } from '../support/cli';

const demo = readFileSync(fileURLToPath(new URL('../fixtures/transcripts/feedback-demo.txt', import.meta.url)), 'utf8');
const dataDir = () => mkdtempSync(join(tmpdir(), 'cg-restart-'));
const HELP = 'Here is what you can do here:';

/**
 * The local chat run in this process (another process than the children below), reading this
 * standard input: a run that ends has closed its stores and freed the data folder, as a process
 * that exits does. The process that holds a folder, is killed or gets Ctrl-C is a real child.
 */
const chatHere = (stdin: string, env: Record<string, string>) => runCliHere(['chat'], { stdin, env });

/** A copy of the example community that speaks Chinese. */
function chineseCommunity(dir: string): string {
  const file = join(dir, 'community.zh.yaml');
  writeFileSync(file, readFileSync(EXAMPLE_COMMUNITY, 'utf8').replace(/^locale: en$/m, 'locale: zh-CN'));
  return file;
}

describe('the local chat run again on the same data folder', () => {
  it('answers the README demo both times', { timeout: 120_000 }, async () => {
    const env = { DATA_DIR: dataDir() };
    const first = await chatHere(demo, env);
    const second = await chatHere(demo, env);
    for (const [run, ref] of [[first, 'FB-0001'], [second, 'FB-0002']] as const) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`[#housing-office] bot: New report ${ref} (Repairs, soon).`);
      expect(run.stdout).toContain(`[#housing-office] bot: jo has acknowledged ${ref}. The resident has been told.`);
      expect(run.stdout).toContain(`[#housing-office] bot: The resident has confirmed ${ref} is fixed and rated how it was handled 5 out of 5. Thank you.`);
    }
    // The second run's coordinator sees both reports.
    expect(second.stdout).toContain('    • FB-0002 · Repairs · closed');
  });

  it('completes a report a first run left half-way, answering its buttons by number', { timeout: 120_000 }, async () => {
    const env = { DATA_DIR: dataDir() };
    const first = await chatHere('/as maria\n/feedback\n1\nThe stairwell light in building 4 is broken\nBuilding 4, east stairs\n/quit\n', env);
    expect(first.stdout).toContain('[#general] bot (only maria can see this): How urgent is it for you?');
    const second = await chatHere('2\nno\nyes\n/quit\n', env);
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe('maria@#general> 2');
    expect(second.stdout).toContain('[#housing-office] bot: New report FB-0001 (Repairs, soon).');
    expect(second.stdout).toContain(
      "[#general] bot (only maria can see this): Thank you. Your report FB-0001 has gone to the housing office, who usually reply within 2 days. We'll tell you by direct message when anything changes.",
    );
  });
});

describe('one process per data folder', () => {
  it('refuses a second process on a folder in use, naming the folder and the other process', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const running = startCli(['chat'], { env: { DATA_DIR: dir } });
    running.type('/as maria', '/help');
    await running.waitFor(HELP);
    // Another process (this one) is refused while the first holds the folder.
    const second = await chatHere('/as chen\n/help\n', { DATA_DIR: dir });
    expect(second.code).not.toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(
      `The data folder ${dir} is already in use by another commonground process (pid ${running.pid}). Only one process can use a data folder at a time, so that nothing is lost or answered twice. Please stop the other process first, or set DATA_DIR to a different folder.\n`,
    );
    // The first one goes on answering, and once it has stopped the folder is free again.
    running.type('/feedback');
    await running.waitFor('What is it about?');
    running.end();
    expect((await running.exited).code).toBe(0);
    const third = await chatHere('/as chen\n/help\n', { DATA_DIR: dir });
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(HELP);
  });

  it('takes over the folder of a process that was killed', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const killed = startCli(['chat'], { env: { DATA_DIR: dir } });
    killed.type('/as maria', '/help');
    await killed.waitFor(HELP);
    killed.signal('SIGKILL');
    expect((await killed.exited).code).toBe(null);
    const next = await chatHere('/help\n', { DATA_DIR: dir });
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain(`[#general] bot (only maria can see this): ${HELP}`);
  });
});

describe('Ctrl-C in the local chat', () => {
  it('says goodbye and that nothing is lost, in English', { timeout: 120_000 }, async () => {
    const running = startCli(['chat'], { env: { DATA_DIR: dataDir() } });
    running.type('/as maria', '/help');
    await running.waitFor(HELP);
    running.signal('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      '(local chat) Goodbye. Everything up to here is saved, so nothing is lost: start the chat again on the same data folder to carry on where you left off.',
    );
  });

  it('and in Chinese', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const running = startCli(['chat'], { env: { DATA_DIR: dir, COMMUNITY_CONFIG: chineseCommunity(dir) } });
    running.type('/as maria', '/help');
    await running.waitFor('您在这里可以做的事情');
    running.signal('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('（本地聊天）再见。到这里为止的内容都已保存，不会丢失：用同一个数据文件夹再次启动本地聊天，就能从这里继续。');
  });
});

describe('/quit in the local chat', () => {
  it('says the same goodbye as Ctrl-C, and nothing after it is read; lines that simply run out end without one', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const quit = await chatHere('/as maria\n/quit\n/help\n', { DATA_DIR: dir });
    expect(quit.code).toBe(0);
    expect(quit.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      'maria@#general> /quit',
      '(local chat) Goodbye. Everything up to here is saved, so nothing is lost: start the chat again on the same data folder to carry on where you left off.',
    ]);
    const ranOut = await chatHere('/help\n', { DATA_DIR: dir });
    expect(ranOut.stdout).toContain(HELP);
    expect(ranOut.stdout).not.toContain('Goodbye');
  });
});
