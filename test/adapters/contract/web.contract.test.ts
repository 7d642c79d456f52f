import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebAdapter } from '../../../adapters/web/index';
import { openWebSessions } from '../../../adapters/web/sessions';
import { silentLogger } from '../../../src/core/log';
import { joinWith } from '../web/web-client';
import { describeAdapterContract } from './adapter-contract';
import { createRecordingBot } from './recording-bot';

describeAdapterContract('web chat', async () => {
  const bot = createRecordingBot();
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-contract-'));
  const web = await startWebAdapter({ bot, community: bot.deps.community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
  const sessions = openWebSessions(dataDir);
  const invite = sessions.invite('Maria', 'resident', 60_000);
  sessions.close();
  const maria = await joinWith(web.url, `${web.url}/join/${invite.token}`);
  const home = (await maria.state()).homePlace;
  let lastForm: { formId: string } | undefined;
  const socket = await maria.listen((data) => {
    const d = data as { type: string; form?: { formId: string } };
    if (d.type === 'form') lastForm = d.form;
  });
  const send = async (text: string) => {
    const response = await maria.post('/api/message', { place: home, text });
    if (!response.ok) throw new Error(`sending failed: ${response.status}`);
  };
  return {
    bot,
    messageLimit: Number.POSITIVE_INFINITY,
    forms: true,
    say: send,
    command: (name) => send(`/${name}`),
    async choose(position) {
      const withChoices = (await maria.state()).messages.filter((m) => m.choices?.length).at(-1);
      const choice = withChoices?.choices?.[position - 1];
      if (!withChoices || !choice) throw new Error('no buttons to press');
      await maria.post('/api/choice', { messageId: withChoices.id, value: choice.value });
    },
    async fillForm(values) {
      if (!lastForm) throw new Error('no form was shown');
      await maria.post('/api/form', { formId: lastForm.formId, values });
    },
    visible: async () =>
      (await maria.state()).messages.filter((m) => m.place === home && m.author.kind === 'bot' && !m.onlyFor).map((m) => m.text),
    async close() {
      socket.close();
      await web.stop();
    },
  };
});
