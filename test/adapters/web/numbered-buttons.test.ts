import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebAdapter } from '../../../adapters/web/index';
import { openWebSessions } from '../../../adapters/web/sessions';
import { silentLogger } from '../../../src/core/log';
import { createRecordingBot } from '../contract/recording-bot';
import { joinWith } from './web-client';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('buttons on the web chat', () => {
  it("numbers a poll's options on its buttons, once, and leaves other buttons as they are", async () => {
    const bot = createRecordingBot();
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-numbered-'));
    const web = await startWebAdapter({ bot, community: bot.deps.community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
    stop = () => web.stop();
    const sessions = openWebSessions(dataDir);
    const invite = sessions.invite('Maria', 'resident', 60_000);
    sessions.close();
    const maria = await joinWith(web.url, `${web.url}/join/${invite.token}`);
    const home = (await maria.state()).homePlace;
    bot.onEvent(async (event, outbox) => {
      if (event.kind !== 'command') return;
      const to = { kind: 'conversation' as const, ref: event.ref };
      await outbox.perform({ kind: 'send', to, text: 'Bins on Tuesday?', choices: [{ value: 'a', label: 'Yes', numbered: true }, { value: 'b', label: 'No', numbered: true }] });
      await outbox.perform({ kind: 'send', to, text: 'Is this urgent?', choices: [{ value: 'c', label: 'Soon, please' }] });
    });
    await maria.post('/api/message', { place: home, text: '/ping' });
    await bot.handled(1);
    const labels = (await maria.state()).messages.filter((m) => m.choices?.length).map((m) => m.choices?.map((c) => c.label));
    expect(labels).toEqual([['1. Yes', '2. No'], ['Soon, please']]);
  });
});
