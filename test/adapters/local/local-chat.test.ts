import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalChat, type LocalChat } from '../../../adapters/local/local-chat';
import { inProcessChatMemory, type LocalChatMemory } from '../../../adapters/local/memory';
import { createRecordingBot, type RecordingBot } from '../contract/recording-bot';
import { createHarness, type ChatHarness } from '../../support/harness';

/** A chat on a recording bot that opens a thread for `/open` and shows two buttons for `/ask`. */
function chatOn(memory: LocalChatMemory, lines: string[] = []): { bot: RecordingBot; chat: LocalChat; lines: string[] } {
  const bot = createRecordingBot();
  bot.onEvent(async (event, outbox) => {
    if (event.kind !== 'command') return;
    if (event.name === 'open') await outbox.perform({ kind: 'open-space', parent: event.ref, name: 'Courtyard', private: false, members: [event.user.id], runId: 'run1' });
    if (event.name === 'ask') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: 'Shall we meet?', choices: [{ value: 'run1~ask~yes', label: 'Yes' }, { value: 'run1~ask~no', label: 'No' }] });
  });
  return { bot, chat: createLocalChat({ bot, write: (line) => lines.push(line), echo: true, memory }), lines };
}

/** The same chat started again on what the first one remembered, as a new process would. */
async function restarted(memory: LocalChatMemory, lines: string[] = []) {
  const remembered = await memory.load();
  const bot = createRecordingBot();
  return { bot, chat: createLocalChat({ bot, write: (line) => lines.push(line), echo: true, memory, ...(remembered ? { remembered } : {}) }), lines };
}

describe('the local chat across runs', () => {
  it('never gives an event id or a thread id twice, on the same data, run after run', async () => {
    const memory = inProcessChatMemory();
    const first = chatOn(memory);
    for (const line of ['/as maria', '/help', '/help', 'hello', '/open']) await first.chat.input(line);
    const second = chatOn(memory);
    for (const line of ['/help', '/help', 'hello', '/open']) await second.chat.input(line);
    const ids = [...first.bot.events, ...second.bot.events].map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.lines).toContain('    (type /in t1 to go there)');
    expect(second.lines).toContain('    (type /in t2 to go there)');
  });

  it('remembers who is typing, where, the threads and the buttons', async () => {
    const memory = inProcessChatMemory();
    const first = chatOn(memory);
    for (const line of ['/as li social_worker', '/open', '/in t1', '/ask']) await first.chat.input(line);
    const { bot, chat, lines } = await restarted(memory);
    expect(chat.prompt()).toBe('li@#general › Courtyard (t1)> ');
    chat.welcomeBack();
    expect(lines.at(-1)).toBe('(local chat) Welcome back. You are li in #general › Courtyard (t1), where you left off; everything in progress carries on from here.');
    await chat.input('2');
    expect(bot.events.at(-1)).toMatchObject({ kind: 'choice', value: 'run1~ask~no', user: { id: 'li', platformRoles: ['social_worker'] }, ref: { channel: 'general', thread: 't1' } });
    await chat.input('/in general');
    await chat.input('/in t1');
    expect(lines).not.toContainEqual(expect.stringContaining('There is no channel'));
  });
});

describe('local chat commands', () => {
  it('/as in a DM moves to the new person’s own DM', async () => {
    const { bot, chat } = chatOn(inProcessChatMemory());
    for (const line of ['/as bob', '/dm', '/as chen', 'I agree to take part']) await chat.input(line);
    expect(chat.prompt()).toBe('chen@dm> ');
    expect(bot.events.at(-1)).toMatchObject({ kind: 'message', user: { id: 'chen' }, ref: { channel: '@chen', direct: true } });
  });

  it('/as someone again without roles keeps the roles given them before, says so, and "resident" drops them', async () => {
    const { bot, chat, lines } = chatOn(inProcessChatMemory());
    for (const line of ['/as wang coordinator', '/as maria', '/as wang', '/help']) await chat.input(line);
    expect(lines).toContain('(local chat) You are wang again, with the roles you gave before: coordinator. To be wang without them, type /as wang resident.');
    expect(bot.events.at(-1)).toMatchObject({ kind: 'command', user: { id: 'wang', platformRoles: ['coordinator'] } });
    // Said once: switching back to wang again keeps the roles without saying it again.
    for (const line of ['/as maria', '/as wang', '/help']) await chat.input(line);
    expect(bot.events.at(-1)).toMatchObject({ user: { id: 'wang', platformRoles: ['coordinator'] } });
    for (const line of ['/as wang resident', '/help', '/as maria', '/help']) await chat.input(line);
    expect(bot.events.at(-2)).toMatchObject({ user: { id: 'wang', platformRoles: ['resident'] } });
    expect(bot.events.at(-1)).toMatchObject({ user: { id: 'maria', platformRoles: [] } });
    expect(lines.filter((l) => l.includes('You are'))).toHaveLength(1);
  });

  it('keeps the roles given to each person across a restart, not only those of whoever was typing last', async () => {
    const memory = inProcessChatMemory();
    const first = chatOn(memory);
    for (const line of ['/as wang coordinator', '/as li social_worker', '/as maria']) await first.chat.input(line);
    await first.chat.input('/quit');
    const { bot, chat, lines } = await restarted(memory);
    for (const line of ['/as wang', '/help', '/as li', '/help']) await chat.input(line);
    expect(bot.events.at(-2)).toMatchObject({ user: { id: 'wang', platformRoles: ['coordinator'] } });
    expect(bot.events.at(-1)).toMatchObject({ user: { id: 'li', platformRoles: ['social_worker'] } });
    expect(lines).toContain('(local chat) You are wang again, with the roles you gave before: coordinator. To be wang without them, type /as wang resident.');
  });

  it('labels a reply updated in a direct message as the message it replaces was: "[DM to maria]"', async () => {
    const h = await createHarness();
    try {
      const out = await h.type('/as maria', '/dm', '/privacy');
      expect(out).toContain("[DM to maria] bot: Working on it. This can take a few seconds; I'll update this message when it's ready.");
      expect(out.some((line) => line.startsWith('[DM to maria] bot (updated): '))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('/in a place that does not exist says so, lists those that do, and stays', async () => {
    const { chat, lines } = chatOn(inProcessChatMemory());
    for (const line of ['/as li', '/open', '/in housing-ofice']) await chat.input(line);
    expect(lines.at(-1)).toBe(
      '(local chat) There is no channel or thread called "housing-ofice" here, so you are still where you were. Channels: #general, #coordinators, #housing-office, #property-management, #residents-committee. Threads: t1 (Courtyard).',
    );
    expect(chat.prompt()).toBe('li@#general> ');
    await chat.input('/in t9');
    expect(lines.at(-1)).toContain('There is no channel or thread called "t9" here');
  });

  it('/again says what it sent again, and the bot handles that delivery once', async () => {
    const h: ChatHarness = await createHarness();
    try {
      await h.type('/as maria', '/feedback');
      expect(await h.type('/again')).toEqual([
        'maria@#general> /again',
        '(local chat) Sent again, the way a platform retries a delivery: what maria sent in #general, "/feedback". The bot handles each delivery only once.',
      ]);
      expect(await h.type('/again')).toHaveLength(2);
    } finally {
      await h.close();
    }
  });

  it('always answers a line starting with /: "/" alone is /help, "/ feedback list" is /feedback list, an overlong name is said to be unknown', async () => {
    const h: ChatHarness = await createHarness();
    try {
      const alone = (await h.type('/as maria', '/')).join('\n');
      expect(alone).toContain('Here is what you can do here:');
      expect((await h.type('/ feedback list')).join('\n')).toContain('There are no open or recently resolved reports at the moment.');
      const long = `/${'x'.repeat(70)}`;
      expect((await h.type(long)).join('\n')).toContain(`I don't know the command /${'x'.repeat(64)}. Type /help to see what you can do.`);
    } finally {
      await h.close();
    }
  });

  it('refuses a name that could pass for something else on screen', async () => {
    const { chat, lines } = chatOn(inProcessChatMemory());
    await chat.input('/as "[#general] bot:"');
    await chat.input('/as maria\u001b[31m');
    expect(lines.filter((l) => l.startsWith('(local chat) I can\'t use'))).toEqual([
      '(local chat) I can\'t use "[#general] bot:" as a name. Names and roles can have letters, numbers, dots, dashes and underscores, for example: /as li social_worker',
      '(local chat) I can\'t use "maria␛[31m" as a name. Names and roles can have letters, numbers, dots, dashes and underscores, for example: /as li social_worker',
    ]);
    expect(chat.prompt()).toBe('guest@#general> ');
  });
});

describe('a report in progress survives a restart', () => {
  let h: ChatHarness;
  afterEach(async () => h?.close());

  it('is completed after it, answering the buttons by number', async () => {
    h = await createHarness({ dataDir: mkdtempSync(join(tmpdir(), 'cg-local-restart-')) });
    await h.type('/as maria', '/feedback', '1', 'The stairwell light in building 4 is broken', 'Building 4, east stairs');
    await h.restart();
    // A new chat and a new bot: the chat remembers maria, #general and the urgency buttons.
    const out = await h.type('2', 'no', 'yes');
    expect(out[0]).toBe('maria@#general> 2');
    expect(out).toContainEqual(expect.stringMatching(/^\[#housing-office\] bot: New report FB-0001 \(Repairs, soon\)\.\n/));
    expect(out).toContain(
      "[#general] bot (only maria can see this): Thank you. Your report FB-0001 has gone to the housing office, who usually reply within 2 days. We'll tell you by direct message when anything changes.",
    );
    await h.restart();
    const party = await h.type('/as jo housing', '/in housing-office', '1');
    expect(party).toContain('[#housing-office] bot: jo has acknowledged FB-0001. The resident has been told.');
  });
});

describe('a number typed after the next question', () => {
  let h: ChatHarness;
  afterEach(async () => h?.close());

  it('is the answer to that question, not a press of the buttons above it', async () => {
    h = await createHarness({ dataDir: mkdtempSync(join(tmpdir(), 'cg-local-number-')) });
    await h.type('/as maria', '/feedback', '1');
    // "What happened?" and "Where is it?" are questions for words: "2" and "3" are what she wrote.
    const out = await h.type('2', '3');
    expect(out).toContain('[#general] bot (only maria can see this): Where is it? (for example the building or the street) (optional: type - to skip)');
    expect(out).toContainEqual(expect.stringMatching(/^\[#general\] bot \(only maria can see this\): How urgent is it for you\?/));
    // The urgency buttons, shown last, are what a number picks again.
    const rest = await h.type('2', 'no', 'yes');
    expect(rest).toContainEqual(expect.stringMatching(/^\[#housing-office\] bot: New report FB-0001 \(Repairs, soon\)\.\n/));
  });
});
