import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';
import { runInProcess } from '../support/cli';

let h: ChatHarness | undefined;
const savedDataDir = process.env.DATA_DIR;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('commonground privacy and commonground audit', () => {
  it('exports a person as JSON, notes who ran reports and exports in the audit trail, and keeps the files owner-only', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cg-privacy-cli-')), 'data');
    h = await createHarness({ dataDir });
    await h.type('/as maria', '/feedback', '1', 'The gate to the playground does not close', 'Playground gate', '2', 'no', 'yes');
    await h.type('/as ko coordinator', '/in general', '/report courtyard-rules');
    await h.app.bot.idle();
    process.env.DATA_DIR = dataDir;

    const exported = await runInProcess(['privacy', 'export', '--platform', 'local', '--user', 'maria']);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.out) as { person: { userId: string }; records: { flow: string; records: Record<string, unknown> }[] };
    expect(data.person.userId).toBe('maria');
    expect(data.records[0]).toMatchObject({ flow: 'feedback', records: { report: { what: 'The gate to the playground does not close' } } });

    const audit = await runInProcess(['audit', '--format', 'json']);
    expect(audit.code).toBe(0);
    const entries = JSON.parse(audit.out) as { actor: string; action: string; target: string }[];
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ['report', 'courtyard-rules'],
      ['privacy.export', expect.stringMatching(/^p_[0-9a-f]{16}$/)],
    ]);
    expect(entries[0]?.actor).toMatch(/^p_[0-9a-f]{16}$/);
    expect(entries[1]?.actor).toBe('admin');
    expect(audit.out).not.toContain('playground');
    const table = await runInProcess(['audit', '--limit', '1']);
    expect(table.out.split('\n')[0]).toMatch(/^when \(UTC\)\s+who\s+what\s+on$/);
    expect(table.out).toContain('privacy.export');
    expect(table.out).not.toContain('courtyard-rules');

    // Bad input: one kind line each, and an exit code that tells them apart.
    expect(await runInProcess(['audit', '--limit', '0'])).toMatchObject({ code: 2, err: '--limit must be a whole number of entries, 1 or more\n' });
    expect(await runInProcess(['audit', '--since', 'soon'])).toMatchObject({ code: 2, err: '--since must be a date like 2026-11-15 or 2026-11-15T12:00:00Z\n' });
    expect((await runInProcess(['privacy', 'erase', '--platform', 'local'])).code).not.toBe(0);
    expect(await runInProcess(['privacy', 'export', '--platform', 'irc', '--user', 'maria'])).toMatchObject({ code: 3 });
    expect(await runInProcess(['privacy', 'export', '--platform', 'local', '--user', 'someone-else'])).toMatchObject({ code: 4 });
    // In the operator's language: Chinese when the terminal says so.
    const CHINESE = { env: { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' } };
    expect((await runInProcess(['audit', '--limit', '1'], CHINESE)).out.split('\n')[0]).toMatch(/^时间（UTC）\s+操作者\s+操作\s+对象$/);
    expect(await runInProcess(['privacy', 'export', '--platform', 'irc', '--user', 'maria'], CHINESE)).toMatchObject({
      code: 3,
      err: 'commonground 不认识“irc”这个平台，请使用其中之一：local, discord, slack, web。\n',
    });
    expect(await runInProcess(['privacy', 'erase', '--platform', 'local', '--user', 'someone-else'], CHINESE)).toMatchObject({
      code: 4,
      err: '没有保存任何关于 local:someone-else 的信息，没有可删除的内容。\n',
    });
    expect(await runInProcess(['privacy', 'export', '--platform', 'local', '--user', 'someone-else'])).toMatchObject({ code: 4, err: 'Nothing is kept about local:someone-else (never seen here, or erased).\n' });
    process.env.DATA_DIR = join(dataDir, 'missing');
    expect(await runInProcess(['privacy', 'erase', '--platform', 'local', '--user', 'maria'], CHINESE)).toMatchObject({ code: 6, err: expect.stringContaining('没有机器人的数据') });
    expect(await runInProcess(['privacy', 'erase', '--platform', 'local', '--user', 'maria'])).toMatchObject({ code: 6, err: expect.stringContaining('There is no bot data at') });

    // Only the owner can read residents' words: the folder, the databases and their logs.
    expect(mode(dataDir)).toBe(0o700);
    for (const file of ['state.sqlite', 'state.sqlite-wal', 'outcomes.sqlite', 'outcomes.sqlite-wal', 'installation-secret']) {
      if (existsSync(join(dataDir, file))) expect(mode(join(dataDir, file)), file).toBe(0o600);
    }
    expect(existsSync(join(dataDir, 'state.sqlite'))).toBe(true);
  }, 60_000);
});
