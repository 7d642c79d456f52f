import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDialogueFeature, dialogueFeature } from '../../src/dialogue/feature';
import { features } from '../../src/features';
import { aiWriterWithEngine } from '../../src/summaries/ai-writer';
import { engineFromConfig } from '../../src/summaries/engine';
import { readLlmConfig } from '../../src/summaries/llm';
import { promptsSent, startOpenAiDouble, type ChatRequest, type OpenAiDouble } from '../doubles/openai/server';
import { createHarness, type ChatHarness } from '../support/harness';
import { EVERYONE, typeAs, voteAll } from './transcript';

const STATEMENTS = [
  'Keep the courtyard quiet after 10pm, fang can be called on 13812345678',
  'Children need a safe place to play',
  'Keep the parking spaces in the courtyard',
  'Turn the parking spaces into a garden',
  'Cars should park on the street outside',
  'Put up more bike racks',
];
const FIRST = 'Everyone wants quiet evenings and a safe place for children to play.';
const REVISED = 'Everyone wants quiet evenings, a safe place for children to play and room for bikes.';

let double: OpenAiDouble;
let h: ChatHarness | undefined;
beforeAll(async () => {
  double = await startOpenAiDouble();
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => {
  double.requests.length = 0;
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const userPrompt = (r: ChatRequest) => r.messages.find((m) => m.role === 'user')?.content ?? '';

/** A dialogue with a model double behind it, brought to its common-ground part. */
async function atCommonGround(): Promise<{ h: ChatHarness; ground: string }> {
  const engine = engineFromConfig(() => readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'test-model', OPENAI_BASE_URL: double.baseUrl, LLM_TIMEOUT_MS: '2000' }));
  const writer = aiWriterWithEngine(engine);
  const harness = await createHarness({ features: features.map((f) => (f === dialogueFeature ? createDialogueFeature(writer) : f)) });
  await harness.type('/as li social_worker', '/in general', '/dialogue start "Courtyard parking"', '/in t1');
  for (const who of EVERYONE) await typeAs(harness, who, '/in t1', '/dialogue join');
  await typeAs(harness, 'li', '/dialogue next', '/dialogue next');
  for (const [i, who] of EVERYONE.entries()) await typeAs(harness, who, '/in t1', `+ ${STATEMENTS[i]}`);
  await voteAll(harness);
  const ground = (await typeAs(harness, 'li', '/in t1', '/dialogue next')).join('\n');
  return { h: harness, ground };
}

describe('an AI-drafted common-ground statement in a dialogue (en)', () => {
  it('drafts, takes comments, revises once and posts only what the facilitator approves, labelled', async () => {
    double.respond((request) =>
      userPrompt(request).includes('Comments on the draft')
        ? { content: JSON.stringify({ text: REVISED, sources: ['s1', 's2', 'c1'] }) }
        : { content: JSON.stringify({ text: FIRST, sources: ['s1', 's2'] }) },
    );
    const opened = await atCommonGround();
    h = opened.h;
    expect(opened.ground).toContain('bot (only li can see this): If you\'d like, an AI can draft one sentence of common ground from the common-ground statements (the groups agreed on 2): type /dialogue draft here.');
    expect(double.requests).toHaveLength(0);

    // Only the facilitator may ask.
    expect((await typeAs(h, 'ann', '/in t1', '/dialogue draft')).join('\n')).toContain('Only the facilitator can ask for an AI draft or its revision.');
    expect(double.requests).toHaveLength(0);

    const drafted = (await typeAs(h, 'li', '/in t1', '/dialogue draft')).join('\n');
    expect(drafted).toContain(`bot: Draft written by AI from the statements you agreed on, for the facilitator to check (it is not anyone's words): ${FIRST}`);
    expect(drafted).not.toContain(`“${FIRST}`);
    expect(drafted).not.toContain('The group\'s draft statement');
    // What left the machine: the agreed statements, and no personal data.
    const sent = userPrompt(double.requests[0] as ChatRequest);
    expect(sent).toContain('Keep the courtyard quiet after 10pm');
    expect(sent).toContain('Children need a safe place to play');
    expect(sent).not.toContain('Turn the parking spaces into a garden');
    for (const secret of ['13812345678', 'fang']) expect(promptsSent(double)).not.toContain(secret);

    // Comments: a message in the thread, or the command.
    expect((await typeAs(h, 'ann', 'Please mention the bike racks too')).join('\n')).toContain('bot (only ann can see this): Thank you, your comment on the draft is noted.');
    expect((await typeAs(h, 'dev', '/dialogue critique Say evenings, not nights. dev is on 13900001111')).join('\n')).toContain('Thank you, your comment on the draft is noted.');
    expect((await typeAs(h, 'li', '/dialogue approve')).join('\n')).toContain('Please ask for the revision first with /dialogue revise.');
    const ended = (await h.advance(10 * 60_000)).join('\n');
    expect(ended).toContain('bot: Thank you for your comments on the draft (2). The facilitator can now ask for a revised version.');
    expect(ended).toContain('You can ask for the revised draft with /dialogue revise.');
    expect((await typeAs(h, 'bo', '/in t1', 'I agree with the draft')).join('\n')).not.toContain('comment on the draft is noted');

    const revised = (await typeAs(h, 'li', '/in t1', '/dialogue revise')).join('\n');
    expect(revised).toContain(`bot: Revised draft, written by AI with your comments, for the facilitator to check: ${REVISED}`);
    expect(revised).toContain('You can post it as the group\'s draft statement with /dialogue approve');
    expect(double.requests).toHaveLength(2);
    const second = userPrompt(double.requests[1] as ChatRequest);
    expect(second).toContain('Please mention the bike racks too');
    expect(second).toContain(FIRST);
    for (const secret of ['13900001111', '13812345678', 'fang', 'dev is']) expect(promptsSent(double)).not.toContain(secret);
    expect(promptsSent(double)).not.toContain('The group\'s draft statement');

    // Only the facilitator approves; then it is posted, labelled.
    expect((await typeAs(h, 'eva', '/dialogue approve')).join('\n')).not.toContain(REVISED);
    const approved = (await typeAs(h, 'li', '/dialogue approve')).join('\n');
    expect(approved).toContain(`bot: The group's draft statement, written by AI from the statements you agreed on and approved by li, the facilitator: ${REVISED}`);
    expect(double.requests).toHaveLength(2);
  }, 120_000);

  it('goes on without a draft, and says so kindly, when the model fails', async () => {
    double.respond(() => ({ content: 'the server is down', status: 500 }));
    const opened = await atCommonGround();
    h = opened.h;
    const failed = (await typeAs(h, 'li', '/in t1', '/dialogue draft')).join('\n');
    expect(failed).toContain('Sorry, the AI draft could not be written just now, so the dialogue carries on without it.');
    expect(failed).not.toContain('Draft written by AI');
    expect((await typeAs(h, 'li', '/dialogue approve')).join('\n')).toContain('There\'s no AI draft waiting for your decision just now.');
    expect((await typeAs(h, 'li', '/dialogue next')).join('\n')).toContain('Now: next steps.');
  }, 120_000);
});
