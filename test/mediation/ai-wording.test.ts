import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { features } from '../../src/features';
import { createMediationFeature } from '../../src/mediation/feature';
import { aiWriterWithEngine } from '../../src/summaries/ai-writer';
import { engineFromConfig } from '../../src/summaries/engine';
import { readLlmConfig } from '../../src/summaries/llm';
import { promptsSent, startOpenAiDouble, type OpenAiDouble } from '../doubles/openai/server';
import { createHarness, type ChatHarness } from '../support/harness';
import { EN, SPACE, THREAD, toStories } from './mediation-support';

const SUGGESTION = 'I need to be able to sleep after 10pm on weekdays.';

let double: OpenAiDouble;
let h: ChatHarness | undefined;
beforeAll(async () => {
  double = await startOpenAiDouble();
});
afterAll(async () => {
  await double.close();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The bot with mediation's AI wording pointed at the model double. */
function withModel() {
  const engine = engineFromConfig(() => readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'test-model', OPENAI_BASE_URL: double.baseUrl, LLM_TIMEOUT_MS: '2000' }));
  const mediation = createMediationFeature({ writer: aiWriterWithEngine(engine) });
  return features.map((f) => (f.commands.some((c) => c.name === 'mediation' && c.sub === 'open') ? mediation : f));
}

describe('wording suggested by AI in a mediation (en)', () => {
  it('is shown only to the person who asked, labelled, with their details kept from the model', async () => {
    double.respond(() => ({ content: JSON.stringify({ text: SUGGESTION, sources: ['m1'] }) }));
    h = await createHarness({ features: withModel() });
    const space = SPACE(EN);
    await toStories(h, EN);

    const flagged = (await h.type('/as maria', `/in ${THREAD}`, `${EN.flagged}, chen. Call me on 13812345678`)).join('\n');
    expect(flagged).toContain(`${space} bot (only maria can see this): If you'd like, type /mediation wording and I'll show you another way to say it, suggested by AI.`);
    expect(double.requests).toHaveLength(0);

    // The private "working on it" note is replaced by the suggestion.
    const asked = (await h.type('/mediation wording')).join('\n');
    expect(asked).toContain(`${space} bot (only maria can see this): Working on it.`);
    expect(asked).toContain(`${space} bot (updated, only maria can see this): Another way to say it, suggested by AI (these are not your words, and nothing has been sent): ${SUGGESTION}`);
    // Never posted, never sent to anyone else.
    const seen = h.lines.filter((l) => l.includes(SUGGESTION));
    expect(seen.length).toBeGreaterThan(0);
    for (const line of seen) expect(line).toMatch(/^\[#general › Mediation M-1: [^\]]+\] bot \(updated, only maria can see this\): /u);
    const sent = promptsSent(double);
    expect(sent).toContain('You always play music so late');
    for (const secret of ['13812345678', 'chen', 'maria']) expect(sent).not.toContain(secret);

    expect((await h.type('/as chen', `/in ${THREAD}`, '/mediation wording')).join('\n')).toContain("There's no message of yours to suggest other wording for just now.");

    // The mediator's reframe: offered after the offline one, shown privately, posted by nobody.
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation next', '/as chen', `/in ${THREAD}`, EN.chenStory);
    const reflect = (await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation next')).join('\n');
    expect(reflect).toContain('[DM to li] bot: (Only you can see this) If you\'d like, /mediation reframe shows you a reframe of what matters to each side, suggested by AI.');
    double.requests.length = 0;
    const reframe = (await h.type('/mediation reframe')).join('\n');
    expect(reframe).toContain(`${space} bot (only li can see this): Working on it.`);
    expect(reframe).toContain(`${space} bot (updated, only li can see this): A possible reframe of what matters to each side, suggested by AI from their private answers.`);
    expect(reframe).toContain(`maria: ${SUGGESTION}`);
    expect(double.requests).toHaveLength(2);
    expect(promptsSent(double)).toContain(EN.intake.maria[1]);
    expect(h.lines.filter((l) => l.includes(SUGGESTION) && (/\] bot: /u.test(l) || l.startsWith('[DM to chen]')))).toHaveLength(0);
    expect((await h.type('/as maria', `/in ${THREAD}`, '/mediation reframe')).join('\n')).not.toContain(SUGGESTION);

    // When the model fails, the mediator is told kindly and nothing else happens.
    double.respond(() => ({ content: 'unavailable', status: 503 }));
    expect((await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation reframe')).join('\n')).toContain('Sorry, no AI suggestion could be written just now. The reframe I sent you earlier still stands.');
  }, 120_000);

  it('is not offered without a model', async () => {
    h = await createHarness();
    await toStories(h, EN);
    const flagged = (await h.type('/as maria', `/in ${THREAD}`, EN.flagged)).join('\n');
    expect(flagged).not.toContain('/mediation wording');
    expect((await h.type('/mediation wording')).join('\n')).toContain('AI suggestions are not set up for this community.');
  }, 120_000);
});
