import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Choice } from '../../../src/core/actions';
import type { InboundEvent } from '../../../src/core/events';
import type { RecordingBot } from './recording-bot';

/**
 * What every adapter's contract fixture provides. A fixture drives the platform the way a person
 * would (through the real client and a local double of the platform where there is one) and reads
 * what became visible there. The bot behind the adapter is a `RecordingBot`: the tests decide what
 * it does with `bot.onEvent`, and read what it received in `bot.events`.
 */
export interface ContractFixture {
  readonly bot: RecordingBot;
  /** The longest text the platform shows as one message (Infinity when there is no limit). */
  readonly messageLimit: number;
  /** Whether the adapter can show forms (modals) in answer to a command. */
  readonly forms: boolean;
  /** Someone types a plain message in the shared place (a channel), mentioning the bot if needed. */
  say(text: string): Promise<void>;
  /** Someone gives a slash command without options in the shared place. */
  command(name: string): Promise<void>;
  /** Someone picks the `position`-th (1-based) choice of the newest message with choices. */
  choose(position: number): Promise<void>;
  /** Someone fills in and sends the form the bot showed them last. */
  fillForm(values: Record<string, string>): Promise<void>;
  /**
   * The id the platform gave each delivery so far (a message, interaction or trigger id), oldest
   * first, or null where it gave none the fixture can see. Absent for a chat with no platform (the
   * local chat), which makes its ids up.
   */
  platformIds?(): (string | null)[];
  /** The bot's messages everyone in the shared place can see, oldest first, edits applied. */
  visible(): Promise<string[]>;
  close(): Promise<void>;
}

const choices = (count: number): Choice[] => Array.from({ length: count }, (_, i) => ({ value: `run1~ask~option${i + 1}`, label: `Option ${i + 1}` }));

const commandRef = (bot: RecordingBot) => {
  const event = bot.events.find((e) => e.kind === 'command');
  if (!event) throw new Error('no command reached the bot');
  return event.ref;
};

/** The adapter contract: every adapter passes these, so flows behave the same on every platform. */
export function describeAdapterContract(name: string, makeFixture: () => Promise<ContractFixture>): void {
  describe(`adapter contract: ${name}`, () => {
    let f: ContractFixture;
    beforeAll(async () => {
      f = await makeFixture();
    });
    afterAll(async () => {
      await f?.close();
    });
    const reset = () => f.bot.events.length;

    it('turns a post into visible text in the place the command came from', async () => {
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: 'Hello, neighbours.' });
      });
      await f.command('ping');
      expect(await f.visible()).toContain('Hello, neighbours.');
      const event = f.bot.events.at(-1);
      expect(event).toMatchObject({ kind: 'command', name: 'ping' });
    });

    it('round-trips references: a sent message can be edited by the reference it returned', async () => {
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind !== 'command') return;
        const sent = await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: 'Voting is open.' });
        if (sent.kind !== 'sent') throw new Error('nothing was sent');
        await outbox.perform({ kind: 'edit', ref: event.ref, messageRef: sent.messageRef, text: 'Voting has closed.' });
      });
      await f.command('ping');
      const visible = await f.visible();
      expect(visible).toContain('Voting has closed.');
      expect(visible).not.toContain('Voting is open.');
    });

    it("ignores the bot's own messages", async () => {
      const from = reset();
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: 'I said this myself.' });
      });
      await f.command('ping');
      await f.say('And I said this.');
      const kinds = f.bot.events.slice(from).map((e) => (e.kind === 'message' ? `message: ${e.text}` : e.kind));
      expect(kinds).toEqual(['command', 'message: And I said this.']);
    });

    it('gives every delivery an id of its own, even the same words or button twice', async () => {
      const from = reset();
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: 'Shall we meet on Friday?', choices: choices(2) });
      });
      await f.command('ping');
      await f.command('ping');
      await f.say('Same words.');
      await f.say('Same words.');
      await f.choose(1);
      await f.choose(1);
      const ids = f.bot.events.slice(from).map((e) => e.eventId);
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      // An id the platform gives is used as it is (so its re-delivery is recognised), not replaced.
      const given = f.platformIds?.().slice(-6) ?? [];
      given.forEach((id, i) => {
        if (id !== null) expect(ids[i]).toContain(id);
      });
    });

    it('turns a button into a choice event with the value the bot gave', async () => {
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: 'Shall we meet on Friday?', choices: choices(2) });
      });
      await f.command('ping');
      await f.choose(2);
      expect(f.bot.events.at(-1)).toMatchObject({ kind: 'choice', value: 'run1~ask~option2', ref: commandRef(f.bot) });
    });

    it('offers more choices than fit as buttons, and still returns the chosen value', async () => {
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: 'Which courtyard bench?', choices: choices(30) });
      });
      await f.command('ping');
      await f.choose(27);
      expect(f.bot.events.at(-1)).toMatchObject({ kind: 'choice', value: 'run1~ask~option27' });
    });

    it('keeps a private answer out of the shared place', async () => {
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command') await outbox.perform({ kind: 'send', to: { kind: 'private', ref: event.ref, userId: event.user.id }, text: 'Only you can see this.' });
      });
      await f.command('ping');
      expect(await f.visible()).not.toContain('Only you can see this.');
    });

    it('splits long text cleanly at the platform limit, losing nothing', async () => {
      const sentence = 'The courtyard lights on the east side stay off after ten, which worries people walking home late. ';
      const long = sentence.repeat(45).trim();
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: long });
      });
      const before = (await f.visible()).length;
      await f.command('ping');
      const pieces = (await f.visible()).slice(before);
      if (Number.isFinite(f.messageLimit)) expect(pieces.length).toBeGreaterThan(1);
      else expect(pieces).toHaveLength(1);
      for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(f.messageLimit);
      expect(pieces.join(' ')).toBe(long);
    });

    it('turns a form into a form submission, or says it cannot show forms', async () => {
      f.bot.onEvent(async (event, outbox) => {
        if (event.kind === 'command' && event.canOpenForm) {
          await outbox.perform({
            kind: 'form',
            userId: event.user.id,
            ref: event.ref,
            formId: 'run1~describe~form',
            title: 'Tell us more',
            fields: [
              { id: 'what', label: 'What happened?', kind: 'long', required: true },
              { id: 'where', label: 'Where?', kind: 'short', required: false },
            ],
          });
        }
      });
      await f.command('ping');
      const command = f.bot.events.at(-1) as InboundEvent;
      expect(command.canOpenForm).toBe(f.forms);
      if (!f.forms) return;
      await f.fillForm({ what: 'The stairwell light is broken', where: 'Block 3' });
      expect(f.bot.events.at(-1)).toMatchObject({ kind: 'form', formId: 'run1~describe~form', values: { what: 'The stairwell light is broken', where: 'Block 3' } });
    });
  });
}
