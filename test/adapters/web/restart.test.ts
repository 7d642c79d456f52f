import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebAdapter, type RunningWebAdapter } from '../../../adapters/web/index';
import { openWebSessions } from '../../../adapters/web/sessions';
import { createApp, type App } from '../../../src/app';
import { loadCommunity } from '../../../src/config/load';
import { silentLogger } from '../../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../../src/paths';
import type { Action } from '../../../src/core/actions';
import { createRecordingBot } from '../contract/recording-bot';
import { clientAt, joinWith, type WebState } from './web-client';

const community = loadCommunity(EXAMPLE_COMMUNITY);

/** The bot with its web chat on a data folder, as `npm start` runs it. */
async function start(dataDir: string): Promise<{ app: App; web: RunningWebAdapter; stop(): Promise<void> }> {
  const app = await createApp({ community, log: silentLogger(), dataDir, directMessageCommand: 'feedback' });
  const web = await startWebAdapter({ bot: app.bot, community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
  return {
    app,
    web,
    async stop() {
      await web.stop();
      await app.close();
    },
  };
}

const withButton = (state: WebState, label: string) => state.messages.filter((m) => m.choices?.some((c) => c.label === label));
const valueOf = (message: WebState['messages'][number], label: string) => message.choices?.find((c) => c.label === label)?.value ?? '';

let running: { stop(): Promise<void> } | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the web chat after a restart', { timeout: 30_000 }, () => {
  it('still shows the questions people are waiting on, and a button pressed after the restart is answered once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-restart-'));
    let chat = await start(dataDir);
    running = chat;
    const sessions = openWebSessions(dataDir);
    const invite = (name: string, role: string) => `/join/${sessions.invite(name, role, 3_600_000).token}`;
    const wang = await joinWith(chat.web.url, invite('Wang', 'coordinator'));
    const ana = await joinWith(chat.web.url, invite('Ana', 'resident'));
    sessions.close();
    const home = (await ana.state()).homePlace;
    await wang.post('/api/message', { place: home, text: '/poll "Which evening suits you for the meeting?" "Tuesday" "Thursday"' });
    await ana.post('/api/message', { place: home, text: '/feedback' });
    const before = await ana.state();
    expect(withButton(before, '2. Thursday')).toHaveLength(1);
    expect(withButton(before, 'Repairs')).toHaveLength(1);

    await chat.stop();
    chat = await start(dataDir);
    running = chat;
    // The same person on the restarted chat: her cookie still holds, the address is new.
    const anaNow = clientAt(chat.web.url, ana.cookie, ana.csrf);
    const after = await anaNow.state();
    // The poll and her report's first question are still there, with their buttons.
    const [poll] = withButton(after, '2. Thursday');
    const [category] = withButton(after, 'Repairs');
    expect(poll?.text).toContain('Which evening suits you for the meeting?');
    expect(category?.text).toBe(withButton(before, 'Repairs')[0]?.text);

    const heard: { type: string; message?: { text: string }; form?: { title: string } }[] = [];
    const socket = await anaNow.listen((data) => heard.push(data as (typeof heard)[number]));
    expect((await anaNow.post('/api/choice', { messageId: poll?.id, value: valueOf(poll!, '2. Thursday') })).status).toBe(200);
    expect((await anaNow.post('/api/choice', { messageId: category?.id, value: valueOf(category!, 'Repairs') })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.close();
    const saved = heard.filter((d) => d.type === 'message' && d.message?.text.includes('your vote is saved'));
    expect(saved).toHaveLength(1);
    expect(saved[0]?.message?.text).toMatch(/^Thank you, your vote is saved: 2\. Thursday\./);
    expect(heard.filter((d) => d.type === 'form')).toHaveLength(1);
    expect((await anaNow.state()).forms).toHaveLength(1);
  });

  it('still opens the form someone was filling in, and takes it once after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-restart-'));
    let chat = await start(dataDir);
    running = chat;
    const sessions = openWebSessions(dataDir);
    const ana = await joinWith(chat.web.url, `/join/${sessions.invite('Ana', 'resident', 3_600_000).token}`);
    sessions.close();
    const home = (await ana.state()).homePlace;
    await ana.post('/api/message', { place: home, text: '/feedback' });
    const [category] = withButton(await ana.state(), 'Repairs');
    await ana.post('/api/choice', { messageId: category?.id, value: valueOf(category!, 'Repairs') });
    const [form] = (await ana.state()).forms;
    expect(form?.fields.map((f) => f.id)).toEqual(['what', 'where']);

    await chat.stop();
    chat = await start(dataDir);
    running = chat;
    const anaNow = clientAt(chat.web.url, ana.cookie, ana.csrf);
    expect((await anaNow.state()).forms).toEqual([form]);
    const values = Object.fromEntries(form!.fields.map((f) => [f.id, f.id === 'what' ? 'The bin store door will not lock' : 'Building 2']));
    expect((await anaNow.post('/api/form', { formId: form?.formId, values })).status).toBe(200);
    const after = await anaNow.state();
    expect(after.forms).toEqual([]);
    expect(withButton(after, 'Soon, please')).toHaveLength(1);
    // Sent once: the same form again changes nothing.
    expect((await anaNow.post('/api/form', { formId: form?.formId, values })).status).toBe(400);
    expect(withButton(await anaNow.state(), 'Soon, please')).toHaveLength(1);
  });

  it('shows a question once when the bot sends it again after a restart, not knowing whether it went out', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-restart-'));
    type Send = Extract<Action, { kind: 'send' }>;
    const question = (to: Send['to']): Send => ({ kind: 'send', to, text: 'Is this urgent?', choices: [{ value: 'soon', label: 'Soon, please' }], keptAs: 'answer-1:0' });
    let bot = createRecordingBot();
    let web = await startWebAdapter({ bot, community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
    running = web;
    const sessions = openWebSessions(dataDir);
    const ana = await joinWith(web.url, `/join/${sessions.invite('Ana', 'resident', 3_600_000).token}`);
    sessions.close();
    bot.onEvent(async (event, outbox) => void (await outbox.perform(question({ kind: 'private', ref: event.ref, userId: event.user.id }))));
    await ana.post('/api/message', { place: 'dm', text: 'the bins' });
    const asked = await ana.state();
    await web.stop();
    // The next process finds the answer kept and sends it again: the page already shows it.
    bot = createRecordingBot();
    web = await startWebAdapter({ bot, community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
    running = web;
    const anaNow = clientAt(web.url, ana.cookie, ana.csrf);
    bot.onEvent(async (event, outbox) => void (await outbox.perform({ ...question({ kind: 'private', ref: event.ref, userId: event.user.id }), resent: true })));
    await anaNow.post('/api/message', { place: 'dm', text: 'again' });
    const after = await anaNow.state();
    expect(withButton(after, 'Soon, please').map((m) => m.id)).toEqual(withButton(asked, 'Soon, please').map((m) => m.id));
  });

  it("answers a button the chat no longer knows with what to type instead, in the person's language", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-restart-'));
    const chat = await start(dataDir);
    running = chat;
    const sessions = openWebSessions(dataDir);
    const ana = await joinWith(chat.web.url, `/join/${sessions.invite('Ana', 'resident', 3_600_000).token}`);
    sessions.close();
    const gone = await ana.post('/api/choice', { messageId: 'earlier-7', value: 'x', locale: 'zh-CN' });
    expect(gone.status).toBe(410);
    const { error } = (await gone.json()) as { error: string };
    expect(error).toContain('/help');
    expect(error).toMatch(/[按钮]/);
  });
});
