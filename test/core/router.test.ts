import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Action } from '../../src/core/actions';
import type { InboundEvent } from '../../src/core/events';
import { referenceKey, runsOfFlowKey, runsOfKey } from '../../src/core/indexes';
import { flowCommands, routeOf } from '../../src/core/router';
import { createDialogueFeature, dialogueFeature } from '../../src/dialogue/feature';
import { features } from '../../src/features';
import type { AiWriter } from '../../src/summaries/ai-writer';
import { createHarness, HOUR, type ChatHarness } from '../support/harness';
import { EVERYONE, typeAs, voteAll } from '../dialogue/transcript';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FILE_A_REPORT = ['/as maria', '/feedback', '1', 'The stairwell light in building 4 is broken', 'Building 4, east stairs', '2', 'no', 'yes'];

describe('every button has a typed equivalent', () => {
  it('each command a script offers as a button is in the flat list of commands, under the script\'s command', async () => {
    h = await createHarness();
    const listed = h.app.bot.commandList();
    for (const flow of h.app.flows.values()) {
      if (!flow.route) continue;
      for (const sub of flowCommands(flow)) {
        expect(listed.some((c) => c.name === routeOf(flow).command && c.sub === sub), `/${routeOf(flow).command} ${sub}`).toBe(true);
      }
    }
  });

  it('takes a report through its whole life by typed commands with its reference, across a restart', async () => {
    h = await createHarness({ dataDir: mkdtempSync(join(tmpdir(), 'cg-router-')) });
    await h.type(...FILE_A_REPORT);
    await h.restart();
    await h.advance(HOUR);
    const acknowledged = await h.type('/as jo housing', '/in housing-office', '/feedback acknowledge FB-0001');
    expect(acknowledged).toContain('[#housing-office] bot: jo has acknowledged FB-0001. The resident has been told.');
    const resolved = await h.type('/feedback resolve FB-0001', 'Replaced the bulb.');
    expect(resolved.join('\n')).toContain('jo has marked FB-0001 as resolved: Replaced the bulb.');
    // The reporter confirms from the general channel, by reference, without pressing a button.
    const confirmed = await h.type('/as maria', '/in general', '/feedback confirm FB-0001');
    expect(confirmed).toContain('[DM to maria] bot: Thank you for confirming. How well was it handled, from 1 (not well) to 5 (very well)?');
    const statuses = (await h.app.outcomes.query({ types: ['feedback.status_changed'] })).map((o) => o.data.to);
    expect(statuses).toEqual(expect.arrayContaining(['acknowledged', 'resolved']));
  });

  it('says kindly when a typed reference names no report, and never guesses the report a party changes', async () => {
    h = await createHarness();
    await h.type(...FILE_A_REPORT);
    expect(await h.type('/as jo housing', '/in housing-office', '/feedback acknowledge FB-0042')).toContain(
      "[#housing-office] bot (only jo can see this): I can't find an open report FB-0042. Type /feedback list to see the reports and their references.",
    );
    const unnamed = await h.type('/feedback acknowledge');
    expect(unnamed).toContain('[#housing-office] bot (only jo can see this): Which report do you mean? Please add its reference, for example /feedback acknowledge FB-0042. /feedback mine and /feedback list show the references.');
    expect((await h.app.outcomes.query({ types: ['feedback.acknowledged'] })).length).toBe(0);
  });
});

describe('the core keeps the indexes', () => {
  it('writes the reference, the script\'s list and each participant\'s list with the run', async () => {
    h = await createHarness();
    await h.type(...FILE_A_REPORT);
    const runId = await h.app.state.get(referenceKey('feedback', 'FB-0001'), z.string());
    expect(runId).toBeTruthy();
    expect(await h.app.state.members(runsOfFlowKey('feedback'))).toEqual([runId]);
    expect(await h.app.state.members(runsOfKey('local', 'maria'))).toEqual([runId]);
    const mine = await h.type('/feedback mine');
    expect(mine.join('\n')).toContain('FB-0001');
  });
});

describe('a person with many runs behind them', () => {
  it('has them looked through a batch at a time, newest first, when they write to the bot', async () => {
    h = await createHarness();
    await h.type(...FILE_A_REPORT);
    const [first] = await h.app.state.members(runsOfKey('local', 'maria'));
    const done = await h.app.state.getRun(first as string);
    if (!done) throw new Error('the report was saved');
    // 120 older finished runs of hers, as a long-standing resident would have.
    for (let n = 0; n < 120; n += 1) {
      const old = { ...done, id: `oldrun${String(n).padStart(4, '0')}`, status: 'ended' as const, pending: null, vars: { ...done.vars, ref: `FB-${String(9000 + n)}` } };
      expect(await h.app.state.commitTurn({ before: null, run: old, cancelTimers: [], timers: [], outcomes: [] })).toBe('saved');
    }
    const one = vi.spyOn(h.app.state, 'getRun');
    const batches = vi.spyOn(h.app.state, 'getRuns');
    // A direct message that answers nothing starts a report, after her runs were looked through.
    const lines = await h.type('/dm', 'The bins on the east side were not emptied');
    expect(lines.join('\n')).toContain('[DM to maria] bot:');
    // The router's look through her 121 runs: four reads, the first ones small (the newest run is
    // usually the one), then 50 at a time.
    expect(batches.mock.calls.slice(0, 4).map(([ids]) => ids.length)).toEqual([16, 50, 50, 5]);
    // Not one read a run: those the turn itself needs are few.
    expect(one.mock.calls.length).toBeLessThan(10);
  });
});

describe('slow work runs outside the conversation\'s lock', () => {
  it('answers a vote in the thread while an AI draft is still being written, then delivers the draft', async () => {
    let called!: () => void;
    const reached = new Promise<void>((resolve) => (called = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer: AiWriter = {
      available: true,
      async draftCommonGround(statements) {
        called();
        await gate;
        return { text: 'Everyone wants quiet evenings.', sources: statements.slice(0, 1).map((s) => s.id) };
      },
      reviseCommonGround: async () => null,
      suggestReframe: async () => null,
    };
    h = await createHarness({ features: features.map((f) => (f === dialogueFeature ? createDialogueFeature(writer) : f)) });
    const harness = h;
    await harness.type('/as li social_worker', '/in general', '/dialogue start "Courtyard parking"', '/in t1');
    for (const who of EVERYONE) await typeAs(harness, who, '/in t1', '/dialogue join');
    await typeAs(harness, 'li', '/dialogue next', '/dialogue next');
    for (const [i, who] of EVERYONE.entries()) await typeAs(harness, who, '/in t1', `+ Statement number ${i + 1} about the courtyard`);
    await voteAll(harness);
    await typeAs(harness, 'li', '/in t1', '/dialogue next');

    const thread = { platform: 'local', space: 'local', channel: 'general', thread: 't1', direct: false };
    const event = (id: string, who: string, args: string[]): InboundEvent => ({ kind: 'command', name: 'dialogue', args, options: {}, eventId: id, ref: thread, user: { id: who, name: who, platformRoles: who === 'li' ? ['social_worker'] : [] }, canOpenForm: false });
    const drafting = harness.app.bot.handle(event('slow-draft', 'li', ['draft']));
    await reached;
    const from = harness.lines.length;
    await harness.app.bot.handle(event('vote-meanwhile', EVERYONE[0] as string, ['vote', '1', 'agree']));
    const meanwhile = harness.lines.slice(from);
    // Voting is over at this point of the dialogue, and the thread says so at once.
    expect(meanwhile.join('\n')).toContain(`bot (only ${EVERYONE[0]} can see this): Voting has closed for this dialogue`);
    expect(harness.lines.join('\n')).not.toContain('Everyone wants quiet evenings.');
    release();
    await drafting;
    await harness.app.bot.idle();
    expect(harness.lines.slice(from).join('\n')).toContain('Everyone wants quiet evenings.');
  });
});

describe('an action names the event it answers', () => {
  it('marks the answer to a command with that command\'s event id, and a message to others with none', async () => {
    h = await createHarness();
    const harness = h;
    const seen: Action[] = [];
    harness.app.bot.attach('local', { perform: async (action) => (seen.push(action), harness.chat.outbox.perform(action)) });
    const general = { platform: 'local', space: 'local', channel: 'general', direct: false };
    await harness.app.bot.handle({ kind: 'command', name: 'help', args: [], options: {}, eventId: 'help-1', ref: general, user: { id: 'maria', name: 'maria', platformRoles: [] }, canOpenForm: false });
    expect(seen.at(-1)).toMatchObject({ kind: 'send', replyTo: 'help-1' });
    await harness.type(...FILE_A_REPORT);
    const toParty = seen.find((a) => a.kind === 'send' && a.to.kind === 'conversation' && a.to.ref.channel === 'housing-office');
    expect(toParty).toBeDefined();
    expect(toParty && 'replyTo' in toParty ? toParty.replyTo : undefined).toBeUndefined();
  });
});
