import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError, loadCommunity } from '../../src/config/load';
import { loadCatalogue } from '../../src/core/catalogue';
import { allFunctions } from '../../src/features';
import { loadFlows } from '../../src/flows/loader';
import { EXAMPLE_COMMUNITY, PROMPTS_DIR } from '../../src/paths';
import { validate } from '../../src/validate';

const run = (files: string[]) => {
  const lines: string[] = [];
  const code = validate(files, (line) => lines.push(line));
  return { code, out: lines.join('\n') };
};

/** The shipped poll script, changed, alone in a folder of its own as prompts/flows/poll.yaml. */
function changedPoll(change: (text: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cg-validate-')), 'poll.yaml');
  writeFileSync(file, change(readFileSync(join(PROMPTS_DIR, 'flows', 'poll.yaml'), 'utf8')));
  return file;
}

/** What start-up says of the scripts of a folder (nothing when they load). */
function startUpProblems(dir: string): string[] {
  try {
    loadFlows(dir, allFunctions(), loadCatalogue(join(PROMPTS_DIR, 'messages')));
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

/** The example community with some references broken. */
function brokenCommunity(): string {
  const data = parse(readFileSync(EXAMPLE_COMMUNITY, 'utf8'));
  data.projects[0].indicators[0].metric = 'feedback_happiness';
  data.projects[0].charter[0].party = 'ghost-office';
  data.projects[0].charter[1].categories.push('parking');
  data.projects[0].stages.push({ ...data.projects[0].stages[0] });
  data.channelLocales = { 'housing-ofice': 'zh-CN' };
  const file = join(mkdtempSync(join(tmpdir(), 'cg-validate-')), 'community.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

describe('validate', () => {
  it('knows a community file from a flow script, and passes the valid example', () => {
    const { code, out } = run([EXAMPLE_COMMUNITY, join(PROMPTS_DIR, 'flows', 'poll.yaml')]);
    expect(out).toContain(`ok      ${EXAMPLE_COMMUNITY}`);
    expect(out).toContain('Everything checked is in order.');
    expect(code).toBe(0);
  });

  it('checks the tone lexicons and models too when given no files, since mediations read them only at their first message', () => {
    const { code, out } = run([]);
    expect(out).toContain('ok      tone lexicons and models (en, zh-CN)');
    expect(code).toBe(0);
  });

  it('reports every broken reference of a community file at once', () => {
    const file = brokenCommunity();
    const { code, out } = run([file]);
    expect(code).toBe(1);
    for (const problem of [
      'projects[0].indicators[0].metric: there is no metric "feedback_happiness"',
      'projects[0].charter[0].party: no responsible party "ghost-office" in parties',
      'projects[0].charter[1].categories[2]: no category "parking" in projects[0].categories',
      'projects[0].stages[3].id: "listening" is used twice',
      'channelLocales.housing-ofice: no channel "housing-ofice" is used here',
    ]) expect(out).toContain(problem);
    expect(out).toContain('1 file(s) need attention.');
  });

  it('the bot refuses to start with such a file, with the same words', () => {
    const file = brokenCommunity();
    expect(() => loadCommunity(file)).toThrow('projects[0].indicators[0].metric: there is no metric "feedback_happiness"');
  });

  it('says kindly what a file is not', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cg-validate-')), 'notes.yaml');
    writeFileSync(file, 'shopping: [milk]\n');
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out).toContain('neither a community file (it has no projects) nor a flow script (it has no steps)');
  });

  it('refuses a field the bot does not know, naming the field it most likely meant, instead of leaving its setting at the default', () => {
    const data = parse(readFileSync(EXAMPLE_COMMUNITY, 'utf8'));
    data.feedback = { retentionDay: 30 };
    data.homeChanel = 'town-square';
    data.projects[0].stages[0].ends = '2026-10-31';
    const file = join(mkdtempSync(join(tmpdir(), 'cg-validate-')), 'community.yaml');
    writeFileSync(file, stringify(data));
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out).toContain('feedback.retentionDay: the bot does not know this field; did you mean "retentionDays"?');
    expect(out).toContain('homeChanel: the bot does not know this field; did you mean "homeChannel"?');
    expect(out).toContain('projects[0].stages[0].ends: the bot does not know this field; did you mean "end"?');
  });

  it('says that a community file is empty, or which required field is missing, in plain words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-validate-'));
    writeFileSync(join(dir, 'empty.yaml'), '');
    expect(() => loadCommunity(join(dir, 'empty.yaml'))).toThrow('the file is empty: a community needs at least a name and its projects');
    writeFileSync(join(dir, 'no-projects.yaml'), 'name: Riverside\n');
    expect(() => loadCommunity(join(dir, 'no-projects.yaml'))).toThrow('projects: missing: please add it');
  });

  it('refuses a script whose id is not its file name, as start-up does', () => {
    const file = changedPoll((text) => text.replace('id: poll\n', 'id: polls\n'));
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out).toContain('id: "polls" should match the file name "poll"');
    expect(startUpProblems(dirname(file))).toEqual(['poll.yaml: id: "polls" should match the file name "poll"']);
  });

  it('refuses a loop of steps that never waits, naming its steps, as start-up does', () => {
    const file = changedPoll((text) =>
      text
        .replace('    fn: pollOpen\n    next: voting\n', '    fn: pollOpen\n    next: loop_a\n')
        .replace('  voting:\n', '  loop_a: { kind: say, message: poll.title, next: loop_b }\n  loop_b: { kind: call, fn: pollOpen, next: loop_a }\n  voting:\n')
        .replace('close: { roles: [opener, coordinator], fn: pollClose }', 'close: { roles: [opener, coordinator], fn: pollClose, goto: voting }'),
    );
    const loop = 'steps.loop_a: the steps loop_a → loop_b → loop_a go round without waiting for anyone';
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out).toContain(loop);
    expect(startUpProblems(dirname(file)).join('\n')).toContain(`poll.yaml: ${loop}`);
  });

  it('refuses a field a flow script does not know, naming the field it most likely meant, as start-up does', () => {
    const file = changedPoll((text) =>
      text
        .replace('start: open\n', 'strat: open\nstart: open\n')
        .replace('    fn: pollOpen\n    next: voting\n', '    fn: pollOpen\n    nxt: voting\n    next: voting\n')
        .replace('  voting:\n', '  hello: { kind: say, mesage: poll.title, message: poll.title, to: { role: voter, privat: true }, next: voting }\n  voting:\n')
        .replace('close: { roles: [opener, coordinator], fn: pollClose }', 'close: { roles: [opener, coordinator], fn: pollClose, goto: hello }'),
    );
    const unknown = [
      'strat: the bot does not know this field; did you mean "start"?',
      'steps.open.nxt: the bot does not know this field; did you mean "next"?',
      'steps.hello.mesage: the bot does not know this field; did you mean "message"?',
      'steps.hello.to.privat: the bot does not know this field; did you mean "private"?',
    ];
    const { code, out } = run([file]);
    expect(code).toBe(1);
    for (const line of unknown) expect(out).toContain(`  - ${line}`);
    expect(startUpProblems(dirname(file)).sort()).toEqual(unknown.map((line) => `poll.yaml: ${line}`).sort());
  });

  it('names a field that is like none the script knows, without a guess', () => {
    const { out } = run([changedPoll((text) => text.replace('  close: { fn: pollClose }', '  close: { fn: pollClose, whenever: later }'))]);
    expect(out).toContain('timers.close.whenever: the bot does not know this field; please remove it or correct its name');
  });

  it('says a name must be written in each language, rather than that the input is invalid', () => {
    const data = parse(readFileSync(EXAMPLE_COMMUNITY, 'utf8'));
    delete data.name;
    data.parties[0].name = { en: 'Housing office', zh: '住房办公室' };
    data.projects[0].stages[0].name = '';
    const file = join(mkdtempSync(join(tmpdir(), 'cg-validate-')), 'community.yaml');
    writeFileSync(file, stringify(data));
    const { code, out } = run([file]);
    expect(code).toBe(1);
    expect(out).toContain('  - name: missing: please add it\n');
    expect(out).toContain('  - parties[0].name: give the name in each language: en, zh-CN (as in name: { en: ..., zh-CN: ... }), or one text for every language\n');
    expect(out).toContain('  - projects[0].stages[0].name: empty: please write the text here\n');
    const before = process.env.LANG;
    process.env.LANG = 'zh_CN.UTF-8';
    try {
      expect(() => loadCommunity(file)).toThrow('parties[0].name: 请用每种语言写出 name：en, zh-CN（例如 name: { en: ..., zh-CN: ... }），或者写一段所有语言共用的文字');
    } finally {
      process.env.LANG = before;
    }
  });
});
