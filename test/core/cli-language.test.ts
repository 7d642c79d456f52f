import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataFolder } from '../../src/data-folder-lock';
import { operatorLocale } from '../../src/operator-language';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { runCliHere } from '../support/cli';

const folder = () => mkdtempSync(join(tmpdir(), 'cg-cli-language-'));

/** The operator's environment: only LANG says which language, as on most machines. */
const CHINESE = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const PLAIN = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' };

describe("the command line speaks the operator's language", { timeout: 60_000 }, () => {
  it('is chosen from LC_ALL, then LC_MESSAGES, then LANG: Chinese for zh, else English', () => {
    expect(operatorLocale({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(operatorLocale({ LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(operatorLocale({ LANG: 'C.UTF-8' })).toBe('en');
    expect(operatorLocale({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(operatorLocale({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(operatorLocale({ LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' })).toBe('zh-CN');
    expect(operatorLocale({})).toBe('en');
    // Where nothing names a language (unset, C, POSIX), the caller's default stands.
    expect(operatorLocale({ LANG: 'C' }, 'zh-CN')).toBe('zh-CN');
    expect(operatorLocale({ LANG: 'en_GB.UTF-8' }, 'zh-CN')).toBe('en');
  });

  it('--help is in Chinese with LANG=zh_CN.UTF-8 (headings, each command and option, defaults) and in English with LANG=C', async () => {
    const zh = await runCliHere(['report', '--help'], { env: CHINESE });
    expect(zh.code).toBe(0);
    const lines = zh.stdout.split('\n').map((line) => line.trimEnd());
    expect(lines[0]).toBe('用法： commonground report [options]');
    expect(lines).toContain('选项：');
    expect(lines).toContain('  --format <format>   table、csv、json 或 html（默认："table"）');
    expect(lines).toContain('  -h, --help          显示命令的帮助');
    // Nothing of the English help is left.
    expect(zh.stdout).not.toMatch(/Usage|Options|display help|default:|only|the project/);
    const all = await runCliHere(['--help'], { env: CHINESE });
    expect(all.stdout).toContain('命令：');
    expect(all.stdout).toContain('-V, --version');
    expect(all.stdout).toContain('显示 commonground 的版本');
    // The version, from the package, said plainly and with success.
    const version = await runCliHere(['--version'], { env: PLAIN });
    expect({ code: version.code, out: version.stdout.trim() }).toEqual({ code: 0, out: (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version });
    expect(all.stdout).toContain('运行机器人：设置了令牌的每个平台都会接入；都没有设置时，运行本地聊天。');
    const en = await runCliHere(['report', '--help'], { env: PLAIN });
    expect(en.stdout.split('\n').map((line) => line.trimEnd())).toEqual(expect.arrayContaining(['Usage: commonground report [options]', 'Options:', '  --format <format>   table, csv, json or html (default: "table")']));
  });

  it('a mistyped command line is answered with what is wrong and where to look, in Chinese or in English, not commander\'s "error:" line', async () => {
    const cases: Array<[string[], string, string]> = [
      [['reprot'], 'There is no command "reprot". Did you mean report? "commonground --help" lists the commands.', '没有“reprot”这个命令。您是不是想输入 report？“commonground --help”列出了所有命令。'],
      [['report', '--project', 'x', '--bogus'], 'commonground report has no option --bogus. "commonground report --help" lists its options.', 'commonground report 没有 --bogus 这个选项。“commonground report --help”列出了它的选项。'],
      // An unknown option is named even when a required one is missing too.
      [['report', '--bogus'], 'commonground report has no option --bogus. "commonground report --help" lists its options.', 'commonground report 没有 --bogus 这个选项。“commonground report --help”列出了它的选项。'],
      [['report'], 'commonground report needs --project <id>. "commonground report --help" says what each option takes.', 'commonground report 需要 --project <id>。“commonground report --help”说明了每个选项要填什么。'],
      [['privacy', 'erase', '--platform'], '--platform needs a value after it (<platform>). "commonground privacy erase --help" says what it takes.', '--platform 后面需要一个值（<platform>）。“commonground privacy erase --help”说明了要填什么。'],
      [['consensus', '--file', 'a.csv', 'b.csv'], 'commonground consensus got words it does not take (options start with --). "commonground consensus --help" lists its options.', 'commonground consensus 后面有它用不到的内容（选项以 -- 开头）。“commonground consensus --help”列出了它的选项。'],
    ];
    for (const [args, english, chinese] of cases) {
      const en = await runCliHere(args, { env: PLAIN });
      expect({ args, code: en.code, stderr: en.stderr }).toEqual({ args, code: 1, stderr: `${english}\n` });
      const zh = await runCliHere(args, { env: CHINESE });
      expect({ args, code: zh.code, stderr: zh.stderr }).toEqual({ args, code: 1, stderr: `${chinese}\n` });
    }
    // A command called without its subcommand shows its help, and nothing more.
    const privacy = await runCliHere(['privacy'], { env: PLAIN });
    expect(privacy.stderr).toMatch(/^Usage: commonground privacy/);
    expect(privacy.stderr).not.toContain('outputHelp');
  });

  it('a bad votes file is refused in Chinese with LANG=zh_CN.UTF-8 and in English with LANG=C', async () => {
    const dir = folder();
    const votes = join(dir, 'votes.csv');
    writeFileSync(votes, 's1,s2\n1,x\n');
    const zh = await runCliHere(['consensus', '--file', votes], { env: CHINESE });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toBe('votes.csv：第 2 行第 2 列：“x”不是投票（请填 1、-1、0，或者留空）\n');
    const en = await runCliHere(['consensus', '--file', votes], { env: PLAIN });
    expect(en.code).toBe(1);
    expect(en.stderr).toBe('votes.csv: row 2, column 2: "x" is not a vote (use 1, -1, 0 or leave it empty)\n');

    const zhFolder = await runCliHere(['themes', '--file', dir], { env: CHINESE });
    expect(zhFolder.code).toBe(2);
    expect(zhFolder.stderr).toBe(`--file 指向的是一个文件夹（${dir}），请给出其中的文件。\n`);
    const zhMissing = await runCliHere(['summarize', '--file', join(dir, 'missing.jsonl')], { env: CHINESE });
    expect(zhMissing.code).toBe(1);
    expect(zhMissing.stderr).toBe(`找不到文件：${join(dir, 'missing.jsonl')}\n`);
    const enMissing = await runCliHere(['summarize', '--file', join(dir, 'missing.jsonl')], { env: PLAIN });
    expect(enMissing.stderr).toBe(`File not found: ${join(dir, 'missing.jsonl')}\n`);

    // Lines of a JSONL file that cannot be read are said in the operator's language; the summary
    // itself is in the language --locale asks for.
    const reports = join(dir, 'reports.jsonl');
    writeFileSync(reports, 'not json\n{"id":"1"}\n');
    const zhThemes = await runCliHere(['themes', '--file', reports], { env: CHINESE });
    expect(zhThemes.code).toBe(1);
    expect(zhThemes.stderr).toBe('第 1 行不是有效的 JSON，已跳过。\n第 2 行缺少 "id" 或 "text"，已跳过。\n2 行中只有 0 行可以读取，因此没有生成摘要。请检查每一行是否是一个包含 "id" 和 "text" 的 JSON 对象。\n');
    const enThemes = await runCliHere(['themes', '--file', reports, '--locale', 'zh-CN'], { env: { ...PLAIN, LANG: 'en_US.UTF-8' } });
    expect(enThemes.stderr).toContain('Line 1 is not valid JSON, so it was skipped.\n');

    const zhReport = await runCliHere(['report', '--project', 'riverside-renewal'], { env: { ...CHINESE, DATA_DIR: dir } });
    expect(zhReport.code).toBe(1);
    expect(zhReport.stderr).toBe(`${join(dir, 'outcomes.sqlite')} 还没有结果记录。请把 DATA_DIR 设为机器人的数据文件夹，或者把 EVAL_DB_URL 设为它的结果数据库。\n`);
  });

  it('chat says what stops its start-up in the operator\'s language, whatever the community speaks', async () => {
    const dir = folder();
    const community = join(dir, 'community.yaml');
    writeFileSync(community, 'name: Test\nlocale: fr\nprojects: []\n');
    const zhConfig = await runCliHere(['chat'], { env: { ...CHINESE, DATA_DIR: dir, COMMUNITY_CONFIG: community } });
    expect(zhConfig.code).toBe(1);
    expect(zhConfig.stderr).toContain(`文件 ${community} 有问题：`);
    // Each problem too, after the field it names: zod's wording and our own.
    expect(zhConfig.stderr).toContain('  - locale: 无效选项：期望以下之一 "en"|"zh-CN"');
    const enConfig = await runCliHere(['chat'], { env: { ...PLAIN, DATA_DIR: dir, COMMUNITY_CONFIG: community } });
    expect(enConfig.stderr).toContain(`There is a problem in ${community}:`);
    expect(enConfig.stderr).toContain('  - locale: Invalid option: expected one of "en"|"zh-CN"');
    const details = join(dir, 'details.yaml');
    writeFileSync(
      details,
      readFileSync(EXAMPLE_COMMUNITY, 'utf8')
        .replace('  - id: riverside-renewal', '  - id: Riverside Renewal')
        .replace(/^locale: en$/m, 'locale: en\nlocal: zh-CN'),
    );
    const zhDetails = await runCliHere(['validate', details], { env: CHINESE });
    expect(zhDetails.stdout).toContain('  - projects[0].id: 请只用小写字母、数字、- 或 _（最多 48 个字符）');
    expect(zhDetails.stdout).toContain('  - local: 机器人不认识这个字段；您是不是想写“locale”？');
    const enDetails = await runCliHere(['validate', details], { env: PLAIN });
    expect(enDetails.stdout).toContain('  - projects[0].id: use lower-case letters, digits, - or _ (at most 48)');
    expect(enDetails.stdout).toContain('  - local: the bot does not know this field; did you mean "locale"?');

    // The example community speaks English; the operator reads Chinese.
    const lock = lockDataFolder(dir);
    try {
      const zhLocked = await runCliHere(['chat'], { env: { ...CHINESE, DATA_DIR: dir } });
      expect(zhLocked.code).toBe(1);
      expect(zhLocked.stderr).toBe(`数据文件夹 ${dir} 正在被另一个 commonground 进程（进程号 ${process.pid}）使用。为了不丢失内容、也不重复回复，一个数据文件夹同一时间只能由一个进程使用。请先停止那个进程，或者把 DATA_DIR 设为另一个文件夹。\n`);
      const enLocked = await runCliHere(['chat'], { env: { ...PLAIN, DATA_DIR: dir } });
      expect(enLocked.stderr).toContain(`The data folder ${dir} is already in use by another commonground process (pid ${process.pid}).`);
    } finally {
      lock.release();
    }
    const zhStore = await runCliHere(['chat'], { env: { ...CHINESE, DATA_DIR: dir, STORE_URL: 'reddis://localhost' } });
    expect(zhStore.code).toBe(1);
    expect(zhStore.stderr).toContain('STORE_URL 设为了“reddis://localhost”，机器人无法使用。');
  });

  it('validate labels what it checked and sums up in the operator\'s language', async () => {
    const dir = folder();
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'id: broken\nversion: 1\nmechanism: service\ntitle: core.working\nroles: [x]\nstart: a\nsteps:\n  a: { kind: say, message: core.working, next: b }\n');
    const zh = await runCliHere(['validate', broken], { env: CHINESE });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('通过    消息目录（en、zh-CN）\n');
    expect(zh.stdout).toContain(`有问题  ${broken}:`);
    expect(zh.stdout).toContain('1 个文件需要处理。\n');
    const en = await runCliHere(['validate', broken], { env: PLAIN });
    expect(en.stdout).toContain('ok      message catalogues (en, zh-CN)\n');
    expect(en.stdout).toContain(`problem ${broken}:`);
    expect(en.stdout).toContain('1 file(s) need attention.\n');
  });

  it('validate says what is wrong inside a flow script in the operator\'s language, for a social worker adapting it', async () => {
    const dir = folder();
    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      'id: broken\nversion: 1\nmechanism: service\ntitle: core.working\nroles: [x]\nstart: a\nsteps:\n  a: { kind: say, message: core.working, next: b }\n  c: { kind: ask, to: { role: y }, input: choice, message: core.nope, save: v, next: a }\n',
    );
    const zh = await runCliHere(['validate', broken], { env: CHINESE });
    expect(zh.code).toBe(1);
    for (const line of ['  - steps.a.next：没有“b”这一步', '  - steps.c.message：zh-CN 里缺少消息“core.nope”', '  - steps.c.to.role：“y”不是这个流程的角色（x）', '  - steps.c.options：选择题需要 options 或 optionsFn']) {
      expect(zh.stdout.split('\n')).toContain(line);
    }
    expect(zh.stdout).not.toMatch(/there is no|is missing|not one of|needs options/);
    const en = await runCliHere(['validate', broken], { env: PLAIN });
    for (const line of ['  - steps.a.next: there is no step "b"', '  - steps.c.message: message "core.nope" is missing in zh-CN', '  - steps.c.to.role: "y" is not one of this flow\'s roles (x)', '  - steps.c.options: a choice needs options or an optionsFn']) {
      expect(en.stdout.split('\n')).toContain(line);
    }
  });
});
