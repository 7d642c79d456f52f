import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/config/schema';
import { loadCatalogue } from '../../src/core/catalogue';
import { ConfigError } from '../../src/config/config-error';
import { allCommands } from '../../src/features';
import { PROMPTS_DIR } from '../../src/paths';

const catalogue = loadCatalogue(join(PROMPTS_DIR, 'messages'));

describe('message catalogues', () => {
  it('have the same keys in every locale', () => {
    const [first, ...rest] = LOCALES;
    const reference = new Set(catalogue.keys(first));
    for (const locale of rest) {
      const keys = new Set(catalogue.keys(locale));
      expect([...reference].filter((k) => !keys.has(k)), `missing in ${locale}`).toEqual([]);
      expect([...keys].filter((k) => !reference.has(k)), `missing in ${first}`).toEqual([]);
    }
  });

  it('say, whenever text is refused for its length, that nothing was kept or started, in every locale', () => {
    const refusals = catalogue.keys('en').filter((key) => /(too_long|title_long)$/.test(key) && /little long/.test(catalogue.t('en', key)));
    expect(refusals.length).toBeGreaterThanOrEqual(7);
    for (const key of refusals) {
      expect({ key, says: /, so (nothing was (saved|published)|no \w+ was (started|opened)( yet)?)[:.]/.test(catalogue.t('en', key)) }).toEqual({ key, says: true });
      expect({ key, says: /所以(没有(保存|发布|发起投票)|还没有开始(协商|调解))/.test(catalogue.t('zh-CN', key)) }).toEqual({ key, says: true });
    }
  });

  it('use the same placeholders in every locale', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1]).sort();
    const mismatched = catalogue.keys('en').filter((key) => placeholders(catalogue.t('en', key)).join() !== placeholders(catalogue.t('zh-CN', key)).join());
    expect(mismatched).toEqual([]);
  });

  it('describe every command in both locales', () => {
    for (const command of allCommands()) for (const locale of LOCALES) expect(catalogue.has(locale, command.description), `${command.name} ${locale}`).toBe(true);
  });

  it('never use an exclamation mark or "ticket" in what residents read', () => {
    const loud = catalogue.keys('en').filter((key) => /!|\bticket\b|\bcomplaint\b/i.test(catalogue.t('en', key)));
    expect(loud).toEqual([]);
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(catalogue.t('en', 'core.input.too_long', { limit: 500, length: 612 })).toBe("That's a little long (612 characters), so nothing was saved: please keep it under 500 characters, or split it into two messages.");
    expect(catalogue.t('zh-CN', 'core.input.too_long', { limit: 500, length: 612 })).toBe('内容有点长了（612 个字），所以没有保存：请控制在 500 个字以内，或者分成两条发送。');
  });

  it('refuse to load when a message is written in one language only, naming it and where it belongs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-catalogue-'));
    for (const locale of LOCALES) mkdirSync(join(dir, locale));
    writeFileSync(join(dir, 'en', 'poll.yaml'), 'poll:\n  title: "Quick poll"\n  same_vote: "You already chose {choice}."\n');
    writeFileSync(join(dir, 'zh-CN', 'poll.yaml'), 'poll:\n  title: "快速投票"\n');
    expect(() => loadCatalogue(dir)).toThrow(ConfigError);
    expect(() => loadCatalogue(dir)).toThrow(`poll.same_vote: missing in zh-CN (en has it in poll.yaml); please add it to ${basename(dir)}/zh-CN/poll.yaml`);
  });

  it('refuse to load (in validate and at start-up) when a translation misspells a placeholder, naming the message, the files and the placeholders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-catalogue-'));
    cpSync(join(PROMPTS_DIR, 'messages'), dir, { recursive: true });
    const file = join(dir, 'zh-CN', 'poll.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('截止到 {closes} 之前', '截止到 {closse} 之前'));
    const problems = () => {
      try {
        loadCatalogue(dir);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(problems()).toEqual([
      'poll.posted: the placeholders differ between languages: zh-CN/poll.yaml has {closse} where en/poll.yaml has {closes}; write the same ones in every language (one misspelt is never filled in, and people read it as it is)',
    ]);
    const before = process.env.LANG;
    process.env.LANG = 'zh_CN.UTF-8';
    try {
      expect(problems()).toEqual(['poll.posted：各语言的占位符不一致：zh-CN/poll.yaml 里是 {closse}，而 en/poll.yaml 里是 {closes}；请在每种语言里写相同的占位符（拼错的占位符不会被填入，大家会原样看到它）']);
    } finally {
      process.env.LANG = before;
    }
  });

  it('refuse a placeholder that only one language has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-catalogue-'));
    for (const locale of LOCALES) {
      mkdirSync(join(dir, locale));
      cpSync(join(PROMPTS_DIR, 'messages', locale, 'cli.yaml'), join(dir, locale, 'cli.yaml'));
    }
    writeFileSync(join(dir, 'en', 'poll.yaml'), 'poll:\n  title: "Quick poll {ref}"\n');
    writeFileSync(join(dir, 'zh-CN', 'poll.yaml'), 'poll:\n  title: "快速投票"\n');
    expect(() => loadCatalogue(dir)).toThrow('poll.title: the placeholders differ between languages: zh-CN/poll.yaml has none where en/poll.yaml has {ref}');
  });
});
