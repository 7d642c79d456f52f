import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { features } from '../../src/features';
import { engineFromConfig } from '../../src/summaries/engine';
import { createSummaryFeature } from '../../src/summaries/feature';
import { readLlmConfig } from '../../src/summaries/llm';
import { promptsSent, startOpenAiDouble, type OpenAiDouble } from '../doubles/openai/server';
import { createHarness, type ChatHarness } from '../support/harness';
import { channel, person, seedRun } from './seed';

const CANARY = 'PELICANCANARY';
let double: OpenAiDouble;
let h: ChatHarness;

beforeAll(async () => {
  double = await startOpenAiDouble((request) => {
    const ids = [...JSON.stringify(request.messages).matchAll(/\[(\d+)\] participant/gu)].map((m) => m[1] ?? '');
    return { content: JSON.stringify({ points: [{ kind: 'divisive', text: 'The parties see the evening noise differently.', sources: ids.slice(0, 2) }] }) };
  });
});
afterAll(async () => {
  await double.close();
});
afterEach(async () => {
  await h.close();
});

describe('/summary of a mediation with a model configured', () => {
  it('sends mediation words to the model only for the mediator, and labels the result as AI-written', async () => {
    const engine = engineFromConfig(() => readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'test-model', OPENAI_BASE_URL: double.baseUrl }));
    const others = features.filter((f) => !f.commands.some((c) => c.name === 'summary'));
    h = await createHarness({ features: [...others, createSummaryFeature(engine)] });
    await seedRun(h, {
      id: 'medrun02', flowId: 'mediation', space: channel('mediation-2'),
      participants: [person('li', 'mediator'), person('maria', 'party'), person('chen', 'party')],
      vars: { needs: [{ by: 'maria', text: `${CANARY} I need quiet evenings.` }, { by: 'chen', text: 'I need time to practise.' }] },
    });
    const coordinator = (await h.type('/as wang coordinator', '/in mediation-2', '/summary')).join('\n');
    const party = (await h.type('/as maria', '/summary')).join('\n');
    expect(double.requests).toHaveLength(0);
    expect(coordinator + party).not.toContain(CANARY);

    const mediator = (await h.type('/as li social_worker', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
    expect(double.requests).toHaveLength(1);
    expect(promptsSent(double)).not.toMatch(/maria|chen/iu);
    expect(mediator).toContain('Written by AI from the messages: these are not quotes, and the AI can be wrong.');
    expect(mediator).toContain('• Views differ: The parties see the evening noise differently. (messages 1, 2)');
  });
});
