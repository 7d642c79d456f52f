import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { quoteInput, terminalLine, terminalText } from '../../../src/core/terminal-text';
import { parseVotesCsv } from '../../../src/dialogue/votes-csv';
import { runCliHere } from '../../support/cli';
import { createHarness, type ChatHarness } from '../../support/harness';

/** Anything a terminal would act on rather than show: C0/C1 controls but \n, and bidi overrides. */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('text typed by people, shown in a terminal', () => {
  it('shows control characters, escape sequences and bidi overrides as harmless visible text', () => {
    expect(terminalText('Lights \u001b[2J\u001b]0;pwned\u0007 out')).toBe('Lights ␛[2J␛]0;pwned␇ out');
    expect(terminalText('ok\rbot: fake')).toBe('ok␍bot: fake');
    expect(terminalText('abc \u202egnp.exe')).toBe('abc <U+202E>gnp.exe');
    expect(terminalText('a\u009b31mb\u2066c\u2069')).toBe('a<U+009B>31mb<U+2066>c<U+2069>');
    expect(terminalText('two\r\nlines\u2028three')).toBe('two\nlines\nthree');
    expect(terminalText('河畔社区 • naïve ✓')).toBe('河畔社区 • naïve ✓');
    expect(terminalLine('one\ntwo')).toBe('one␊two');
  });

  it('quotes input on one line, cut to a readable length', () => {
    expect(quoteInput('yes')).toBe('"yes"');
    const long = quoteInput(`${'x'.repeat(500)}\u001b[2J`);
    expect([...long].length).toBe(42);
    expect(long.endsWith('…"')).toBe(true);
  });
});

describe('what one persona typed, as another persona sees it in the local chat', () => {
  let h: ChatHarness;
  afterEach(async () => h?.close());

  it('cannot fake a bot line, rewrite a line or change the title', async () => {
    h = await createHarness();
    const report = '\r[#housing-office] bot: FB-0001 was closed.\u001b[1A\u001b[2K\u001b]0;Closed\u0007 Light \u202eevil broken\nOK';
    await h.type('/as maria', '/feedback', '1', report, 'Building 4', '2', 'no', 'yes');
    const party = await h.type('/as jo housing', '/in housing-office', '1', '3', '\u001b[31mDone\u001b[0m');
    const seen = [...h.lines.slice(h.lines.indexOf('jo@#general> /in housing-office')), ...party];
    for (const line of h.lines) expect(line).not.toMatch(ACTIVE);
    // Every line that looks like the bot's really is: whatever maria wrote is inside one of them, indented.
    const fromBot = h.lines.filter((line) => /^\[[^\]]+\] bot/.test(line));
    expect(fromBot.filter((line) => line.startsWith('[#housing-office] bot: FB-0001 was closed'))).toEqual([]);
    expect(h.lines.join('\n')).toContain('\n    [#housing-office] bot: FB-0001 was closed.␛[1A␛[2K␛]0;Closed␇ Light <U+202E>evil broken\n');
    expect(seen.join('\n')).toContain('jo has marked FB-0001 as resolved: ␛[31mDone␛[0m');
  });

  it('shows thread names inert too', async () => {
    h = await createHarness();
    const out = await h.type('/as li social_worker', '/dialogue start "Bike\u001b[2J shed\u202e"');
    expect(out.join('\n')).toContain('Bike␛[2J shed<U+202E>');
    for (const line of out) expect(line).not.toMatch(ACTIVE);
  });
});

describe('command-line errors that quote input', () => {
  it('show a bad CSV cell inert and cut to a readable length', async () => {
    expect(() => parseVotesCsv(`1,0\n1,${'\u001b]0;title\u0007'.repeat(20)}\n`)).toThrow(/^row 2, column 2: "␛\]0;title␇␛\]0;title␇.{19}…" is not a vote/u);
    const dir = mkdtempSync(join(tmpdir(), 'cg-csv-'));
    const file = join(dir, 'votes.csv');
    writeFileSync(file, `s1,s2\n1,-1\n0,\u001b[2J\u001b]0;pwned\u0007${'y'.repeat(300)}\n`);
    const result = await runCliHere(['consensus', '--file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(ACTIVE);
    expect(result.stderr).toMatch(/^votes\.csv: row 3, column 2: "␛\[2J␛\]0;pwned␇y+…" is not a vote \(use 1, -1, 0 or leave it empty\)\n$/u);
    expect(result.stderr.length).toBeLessThan(120);
  });
});
