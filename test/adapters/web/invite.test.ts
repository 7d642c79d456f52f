import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebAdapter, type RunningWebAdapter } from '../../../adapters/web/index';
import { openWebSessions, sign, unsign } from '../../../adapters/web/sessions';
import { silentLogger } from '../../../src/core/log';
import { runCliHere } from '../../support/cli';
import { createRecordingBot } from '../contract/recording-bot';
import { joinWith } from './web-client';

const HOUR = 3_600_000;

describe('invitations and sessions of the web chat', () => {
  it('lets an invitation in once, before it expires, and keeps one identity per name', () => {
    const store = openWebSessions(mkdtempSync(join(tmpdir(), 'cg-web-sessions-')));
    const now = Date.parse('2026-11-02T09:00:00Z');
    const first = store.invite('Maria', 'resident', HOUR, now);
    const redeemed = store.redeem(first.token, now + 1);
    expect(redeemed).toMatchObject({ ok: true, session: { name: 'Maria', role: 'resident' } });
    expect(store.redeem(first.token, now + 2)).toEqual({ ok: false, reason: 'used' });
    const late = store.invite('Maria', 'resident', HOUR, now);
    expect(store.redeem(late.token, now + HOUR)).toEqual({ ok: false, reason: 'expired' });
    expect(store.redeem('not-a-token', now)).toEqual({ ok: false, reason: 'unknown' });
    const again = store.redeem(store.invite('Maria', 'resident', HOUR, now).token, now);
    if (!redeemed.ok || !again.ok) throw new Error('not redeemed');
    expect(again.session.userId).toBe(redeemed.session.userId);
    store.close();
  });

  it('signs session cookies: a changed value or signature is not accepted', () => {
    const signed = sign('abc', 'secret');
    expect(unsign(signed, 'secret')).toBe('abc');
    expect(unsign(signed.replace('abc', 'abd'), 'secret')).toBeUndefined();
    expect(unsign(signed, 'other')).toBeUndefined();
    expect(unsign('abc', 'secret')).toBeUndefined();
  });
});

describe('commonground invite', () => {
  let web: RunningWebAdapter | undefined;
  afterEach(async () => web?.stop());

  it('prints a one-time link, refuses unknown roles, and --revoke ends the sessions at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-invite-'));
    const env = { DATA_DIR: dataDir, WEB_PUBLIC_URL: 'https://chat.example.org/' };
    const made = await runCliHere(['invite', '--name', 'Maria Chen', '--role', 'housing-office'], { env });
    expect(made.code).toBe(0);
    const [intro, link] = made.stdout.trim().split('\n');
    expect(intro).toMatch(/^A one-time invitation for Maria Chen \(housing-office\), valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC:$/);
    expect(link).toMatch(/^https:\/\/chat\.example\.org\/join\/[\w-]{32}$/);

    const unknown = await runCliHere(['invite', '--name', 'Bo', '--role', 'mayor'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('There is no role called mayor. You can use: resident, social_worker, coordinator, housing-office');
    expect((await runCliHere(['invite'], { env })).stderr).toContain('Please give the person\'s name with --name');

    const bot = createRecordingBot();
    web = await startWebAdapter({ bot, community: bot.deps.community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
    const maria = await joinWith(web.url, link ?? '');
    expect((await fetch(`${web.url}/api/state`, { headers: { cookie: maria.cookie } })).status).toBe(200);
    const revoked = await runCliHere(['invite', '--revoke', 'Maria Chen'], { env });
    expect(revoked.stdout.trim()).toBe("Maria Chen's sessions and unused invitations have ended (1 in all).");
    expect((await fetch(`${web.url}/api/state`, { headers: { cookie: maria.cookie } })).status).toBe(401);
    expect((await runCliHere(['invite', '--revoke', 'Nobody'], { env })).code).toBe(1);
  });

  it('turns @names in commands into the people\'s chat ids, as platforms turn mentions into ids', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-mention-'));
    const bot = createRecordingBot();
    web = await startWebAdapter({ bot, community: bot.deps.community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
    const store = openWebSessions(dataDir);
    const li = await joinWith(web.url, `/join/${store.invite('Li', 'social_worker', HOUR).token}`);
    const maria = store.redeem(store.invite('Maria Chen', 'resident', HOUR).token);
    const bo = store.redeem(store.invite('Bo', 'resident', HOUR).token);
    store.close();
    if (!maria.ok || !bo.ok) throw new Error('not redeemed');
    await li.post('/api/message', { place: 'c:general', text: '/mediation open "@maria chen" @Bo @nobody "Shared courtyard evenings"' });
    expect(bot.events.at(-1)).toMatchObject({ kind: 'command', name: 'mediation', args: ['open', `@${maria.session.userId}`, `@${bo.session.userId}`, '@nobody', 'Shared courtyard evenings'] });
  });

  it('limits how fast one session can send, and says so kindly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-rate-'));
    const bot = createRecordingBot();
    web = await startWebAdapter({ bot, community: bot.deps.community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
    const store = openWebSessions(dataDir);
    const maria = await joinWith(web.url, `/join/${store.invite('Maria', 'resident', HOUR).token}`);
    store.close();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i += 1) statuses.push((await maria.post('/api/message', { place: 'c:general', text: `note ${i}` })).status);
    expect(statuses.slice(0, 25).every((s) => s === 200)).toBe(true);
    expect(statuses).toContain(429);
    const refused = await maria.post('/api/message', { place: 'c:general', text: 'one more' });
    expect(((await refused.json()) as { error: string }).error).toBe("You're sending a lot at once. Please wait a moment, then try again.");
  });
});
