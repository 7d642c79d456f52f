import { createLocalChat } from '../../../adapters/local/local-chat';
import { describeAdapterContract } from './adapter-contract';
import { createRecordingBot } from './recording-bot';

describeAdapterContract('local chat', async () => {
  const bot = createRecordingBot();
  const lines: string[] = [];
  const chat = createLocalChat({ bot, write: (line) => lines.push(line) });
  await chat.input('/as maria');
  const shared = '[#general] bot: ';
  const updated = '[#general] bot (updated): ';
  /** The newest buttons printed: `[1] Yes  [2] No`. */
  return {
    bot,
    messageLimit: Number.POSITIVE_INFINITY,
    forms: false,
    say: async (text) => {
      await chat.input(text);
    },
    command: async (name) => {
      await chat.input(`/${name}`);
    },
    choose: async (position) => {
      await chat.input(String(position));
    },
    fillForm: () => Promise.reject(new Error('the local chat shows no forms')),
    visible: async () => {
      const texts: string[] = [];
      for (const line of lines) {
        const text = (prefix: string) => line.slice(prefix.length).split('\n    ').join('\n');
        if (line.startsWith(shared)) texts.push(text(shared));
        // An edit replaces the newest shared message in the local chat's transcript.
        if (line.startsWith(updated)) texts.splice(texts.length - 1, 1, text(updated));
      }
      return texts;
    },
    close: async () => undefined,
  };
});
