import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteOutcomeStore } from '../../src/evaluation/sqlite-store';
import { scenarioOutcomes } from '../fixtures/evaluation/scenario';
import { runCliHere } from '../support/cli';

/**
 * The files the command line writes where an option says (`report --out`, `report --chart`,
 * `consensus --export-polis`). A path that cannot be written is refused before any work is done,
 * in one line naming the option and the path, with what to do. (A folder this user may not write
 * to is refused the same way; it is not tried here, as the tests may run as root, who may write
 * anywhere.)
 */
const COMMUNITY = fileURLToPath(new URL('../fixtures/evaluation/community.yaml', import.meta.url));
const CHINESE = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

let dir: string;
let votes: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-output-files-'));
  votes = join(dir, 'votes.csv');
  writeFileSync(votes, `s1,s2,s3\n${['1,1,-1', '1,1,-1', '1,-1,1', '1,-1,1'].join('\n')}\n`);
  const store = createSqliteOutcomeStore(join(dir, 'outcomes.sqlite'));
  await store.append(scenarioOutcomes());
  await store.close();
  env = { DATA_DIR: dir, COMMUNITY_CONFIG: COMMUNITY, EVAL_DB_URL: '' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A new empty folder inside the test's folder. */
function folder(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
}

const report = (args: string[], more: Record<string, string> = {}) => runCliHere(['report', '--project', 'renewal', '--as-of', '2026-10-20T12:00:00Z', ...args], { env: { ...env, ...more } });

describe('a file to write that cannot be written', { timeout: 60_000 }, () => {
  it('consensus --export-polis naming a folder is refused before the report is printed', async () => {
    const target = folder('export-here');
    const result = await runCliHere(['consensus', '--file', votes, '--export-polis', target]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `--export-polis names a folder (${target}); please give a file name inside it.\n` });
    expect(readdirSync(target)).toEqual([]);
  });

  it('consensus --export-polis in a folder that does not exist names that folder, not a missing input', async () => {
    const missing = join(dir, 'no-such-folder');
    const result = await runCliHere(['consensus', '--file', votes, '--export-polis', join(missing, 'out.csv')]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `--export-polis: the folder ${missing} does not exist; please create it or choose another.\n` });
    expect(existsSync(missing)).toBe(false);
  });

  it('report --out naming a folder is refused before anything is written, the chart included', async () => {
    const target = folder('report-here');
    const chart = join(dir, 'chart-with-bad-out.png');
    const result = await report(['--format', 'html', '--out', target, '--chart', chart]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `--out names a folder (${target}); please give a file name inside it.\n` });
    expect(existsSync(chart)).toBe(false);
  });

  it('report --chart in a folder that does not exist names that folder, and the report is not printed', async () => {
    const missing = join(dir, 'no-charts-folder');
    const result = await report(['--chart', join(missing, 'c.png')]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `--chart: the folder ${missing} does not exist; please create it or choose another.\n` });
  });

  it("is said in the operator's language", async () => {
    const target = folder('chinese-here');
    const out = await report(['--out', target], CHINESE);
    expect(out).toEqual({ code: 2, stdout: '', stderr: `--out 指向的是一个文件夹（${target}），请给出其中的一个文件名。\n` });
    const missing = join(dir, 'no-such-folder-zh');
    const exported = await runCliHere(['consensus', '--file', votes, '--export-polis', join(missing, 'out.csv')], { env: CHINESE });
    expect(exported).toEqual({ code: 2, stdout: '', stderr: `--export-polis：文件夹 ${missing} 不存在，请先创建它，或者换一个文件夹。\n` });
  });
});
