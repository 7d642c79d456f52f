import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWebSessions } from '../../adapters/web/sessions';
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

/** Every byte the web chat's own file holds, with its write-ahead log. */
const bytesOf = (dataDir: string) =>
  ['web-sessions.sqlite', 'web-sessions.sqlite-wal']
    .map((name) => join(dataDir, name))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString('latin1'))
    .join('');

describe("the web chat's own records and the privacy rights", () => {
  it('an erasure of a web chat user removes their invitation, sessions, thread places and the questions and forms kept for them, and leaves others', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cg-privacy-web-')), 'data');
    // The bot's stores exist (the bot ran here), and the web chat invited two people.
    h = await createHarness({ dataDir });
    await h.close();
    h = undefined;
    const sessions = openWebSessions(dataDir);
    const maria = sessions.invite('Mariangela Rossi', 'resident', 60_000);
    const chen = sessions.invite('Chen Jing', 'resident', 60_000);
    const mariaSession = sessions.redeem(maria.token);
    const chenSession = sessions.redeem(chen.token);
    if (!mariaSession.ok || !chenSession.ok) throw new Error('invitations should be redeemable');
    const mariaId = mariaSession.session.userId;
    sessions.threads.add({ id: 'th-1', name: 'Stairwell lights', channel: 'general', private: true, members: [mariaId, chenSession.session.userId] });
    // A question the bot asked her alone, kept with its buttons for after a restart.
    sessions.buttons.keep({ id: 'r1-4', place: 'dm', owner: mariaId, author: { kind: 'bot' }, text: 'Is the stairwell light at number 12 still out?', choices: [{ value: 'y', label: 'Yes' }], at: 0 });
    sessions.forms.add(mariaId, { formId: 'f1', place: 'dm', title: 'Your report', fields: [{ id: 'what', label: 'What happened?', kind: 'long', required: true }] });
    expect(sessions.people.count(mariaId)).toBe(5);
    sessions.close();
    expect(statSync(join(dataDir, 'web-sessions.sqlite')).mode & 0o777).toBe(0o600);
    process.env.DATA_DIR = dataDir;

    const erased = await runInProcess(['privacy', 'erase', '--platform', 'web', '--user', mariaId]);
    expect(erased.err).toBe('');
    expect(erased.code).toBe(0);
    expect(erased.out).toContain('web: 5 records of its own removed');

    const bytes = bytesOf(dataDir);
    expect(bytes).not.toContain('Mariangela Rossi');
    expect(bytes).not.toContain(mariaId);
    expect(bytes).not.toContain('stairwell light at number 12');
    expect(bytes).toContain('Chen Jing');
    const after = openWebSessions(dataDir);
    expect(after.find(mariaSession.session.id)).toBeUndefined();
    expect(after.find(chenSession.session.id)?.name).toBe('Chen Jing');
    expect(after.threads.all()[0]?.members).toEqual([chenSession.session.userId]);
    expect(after.forms.of(mariaId)).toEqual([]);
    after.close();

    const again = await runInProcess(['privacy', 'erase', '--platform', 'web', '--user', mariaId]);
    expect(again.code).toBe(5);
    expect(again.err).toContain('was erased before');
  });
});
