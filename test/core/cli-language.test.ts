import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatorLocale } from '../../src/core/operator-words';
import { runCliHere } from '../support/cli';

const CHINESE = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const ENGLISH = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

describe("the command line's own messages follow the terminal's language", () => {
  it('takes the language from LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(operatorLocale({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(operatorLocale({ LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(operatorLocale({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(operatorLocale({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(operatorLocale({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C' })).toBe('zh-CN');
    expect(operatorLocale({})).toBe('en');
  });

  it('says a mistake in the options in Chinese or English, on one line, exit code 2', async () => {
    const zh = await runCliHere(['tone', '--locale', 'fr'], { env: CHINESE });
    expect({ code: zh.code, stderr: zh.stderr }).toEqual({ code: 2, stderr: '--locale 只能是 en 或 zh-CN\n' });
    const en = await runCliHere(['tone', '--locale', 'fr'], { env: ENGLISH });
    expect({ code: en.code, stderr: en.stderr }).toEqual({ code: 2, stderr: '--locale must be en or zh-CN\n' });
    const votes = await runCliHere(['consensus'], { env: CHINESE });
    expect(votes.stderr).toBe('请用 --file votes.csv 或 --polis participants-votes.csv 之一给出投票数据。\n');
    const date = await runCliHere(['audit', '--since', 'yesterday'], { env: CHINESE });
    expect(date.stderr).toBe('--since 应为日期，例如 2026-11-15 或 2026-11-15T12:00:00Z\n');
  });

  it('names a missing file, a folder given for a file and a problem in the configuration in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-cli-zh-'));
    const missing = await runCliHere(['themes', '--file', join(dir, 'nope.jsonl')], { env: CHINESE });
    expect(missing.stderr).toContain('找不到文件：');
    expect(missing.stderr).toContain('nope.jsonl');
    const folder = await runCliHere(['themes', '--file', dir], { env: CHINESE });
    expect(folder.stderr).toBe(`--file 指向的是一个文件夹（${dir}），请给出其中的文件。\n`);
    const config = await runCliHere(['report', '--project', 'x'], { env: { ...CHINESE, DATA_DIR: dir, COMMUNITY_CONFIG: join(dir, 'missing.yaml') } });
    expect(config.code).toBe(1);
    expect(config.stderr.startsWith('配置有问题：')).toBe(true);
  });
});
