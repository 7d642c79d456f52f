import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, runCliHere } from '../support/cli';

const transcript = readFileSync(fileURLToPath(new URL('../fixtures/transcripts/help.txt', import.meta.url)), 'utf8');
const dataDir = () => mkdtempSync(join(tmpdir(), 'cg-cli-'));

/** Each expected line appears, in this order (other lines may come between). */
function expectInOrder(lines: string[], expected: string[]): void {
  let from = 0;
  for (const line of expected) {
    const at = lines.indexOf(line, from);
    expect(at, line).toBeGreaterThanOrEqual(from);
    from = at + 1;
  }
}

describe('the command line', { timeout: 120_000 }, () => {
  it('commonground chat reads a transcript from stdin and shows every answer, labelled', async () => {
    const result = await runCliHere(['chat'], { stdin: transcript, env: { DATA_DIR: dataDir() } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // These lines, in this order (the /help lists in between grow with the features).
    const lines = result.stdout.split('\n');
    const expected = [
      'guest@#general> /as maria',
      'maria@#general> /help',
      '[#general] bot (only maria can see this): Here is what you can do here:',
      'maria@#general> /language zh-CN',
      '[#general] bot (only maria can see this): 好的，之后我会用中文和您交流。',
      'maria@#general> /help',
      '[#general] bot (only maria can see this): 您在这里可以做的事情：',
      'maria@#general> /as wang coordinator',
      'wang@#general> /nothing',
      "[#general] bot (only wang can see this): I don't know the command /nothing. Type /help to see what you can do.",
      'wang@#general> /quit',
    ];
    expectInOrder(lines, expected);
    // /quit ends the chat with its goodbye; nothing typed after it is read.
    expect(lines.slice(-3, -1)).toEqual(['wang@#general> /quit', expect.stringMatching(/^\(local chat\) Goodbye\./)]);
    expect(result.stdout).toContain('    • /language <locale>: Choose the language I use with you (en or zh-CN)');
    expect(result.stdout).toContain('    • /language <语言>: 选择我和您交流时使用的语言（en 或 zh-CN）');
    expect(result.stdout).not.toContain('never-reached');
  });

  // The one test here that starts the real program in a child process, as a user does; the others
  // run the same command line in this process.
  it('the README demo files, routes, resolves and confirms a report, then shows a coordinator the report, all from stdin', async () => {
    const demo = readFileSync(fileURLToPath(new URL('../fixtures/transcripts/feedback-demo.txt', import.meta.url)), 'utf8');
    const result = await runCli(['chat'], { stdin: demo, env: { DATA_DIR: dataDir() } });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const expected = [
      '[#housing-office] bot: New report FB-0001 (Repairs, soon).',
      "[#general] bot (only maria can see this): Thank you. Your report FB-0001 has gone to the housing office, who usually reply within 2 days. We'll tell you by direct message when anything changes.",
      "[DM to maria] bot: An update on your report FB-0001: the housing office has seen it and is looking into it. We'll tell you when anything changes.",
      '[#housing-office] bot: jo has marked FB-0001 as resolved: Replaced the bulb and the switch.',
      '[#housing-office] bot: The resident has confirmed FB-0001 is fixed and rated how it was handled 5 out of 5. Thank you.',
      '    • FB-0001 · Repairs · closed · less than an hour',
      '    (attached: report-riverside-renewal.png)',
      'wang@#general> /quit',
    ];
    expectInOrder(lines, expected);
  });

  it('a bad community configuration stops start-up, naming the field, with a non-zero exit', async () => {
    const dir = dataDir();
    const file = join(dir, 'community.yaml');
    writeFileSync(file, 'name: Test\nlocale: fr\nprojects: []\n');
    const result = await runCliHere(['chat'], { env: { DATA_DIR: dir, COMMUNITY_CONFIG: file } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`There is a problem in ${file}:`);
    expect(result.stderr).toContain('  - locale: Invalid option: expected one of "en"|"zh-CN"');
    expect(result.stderr).toContain('  - projects: Too small: expected array to have >=1 items');
  });

  it('validate checks all scripts and the configuration, and exits non-zero on a broken script', { timeout: 90_000 }, async () => {
    const ok = await runCliHere(['validate'], { env: { DATA_DIR: dataDir() } });
    expect(ok.stdout).toContain('Everything checked is in order.');
    expect(ok.code).toBe(0);
    const dir = dataDir();
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'id: broken\nversion: 1\nmechanism: service\ntitle: core.working\nroles: [x]\nstart: a\nsteps:\n  a: { kind: say, message: core.working, next: b }\n');
    const bad = await runCliHere(['validate', broken]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('steps.a.next: there is no step "b"');
    expect(bad.stdout).toContain('1 file(s) need attention.');
  });

  it('--help describes every command', async () => {
    const result = await runCliHere(['--help']);
    for (const command of ['start', 'chat', 'validate', 'bench']) expect(result.stdout).toContain(command);
    expect(result.code).toBe(0);
  });
});
