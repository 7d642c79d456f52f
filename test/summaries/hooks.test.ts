import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromConfig, offlineEngine } from '../../src/summaries/engine';
import { draftCommonGround, suggestReframe } from '../../src/summaries/llm-hooks';
import { readLlmConfig } from '../../src/summaries/llm';
import { promptsSent, startOpenAiDouble, type OpenAiDouble } from '../doubles/openai/server';

let double: OpenAiDouble;
beforeAll(async () => {
  double = await startOpenAiDouble();
});
afterAll(async () => {
  await double.close();
});
const engine = () => engineFromConfig(() => readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'test-model', OPENAI_BASE_URL: double.baseUrl }));

describe('AI drafts for dialogue and mediation', () => {
  it('are null when no model is configured', async () => {
    expect(await draftCommonGround([{ id: 's1', text: 'Quiet after 10 pm.' }], 'en', offlineEngine)).toBeNull();
    expect(await suggestReframe('You are a selfish neighbour!', 'zh-CN', offlineEngine)).toBeNull();
  });

  it('drafts common ground citing the statements, cleaned of links and mentions', async () => {
    double.respond(() => ({ content: JSON.stringify({ text: '@here Everyone wants calm evenings, see http://x.test', sources: ['s1', 's2'] }) }));
    const draft = await draftCommonGround([{ id: 's1', text: 'Quiet after 10 pm.' }, { id: 's2', text: 'Call 13812345678 if it is loud.' }], 'en', engine());
    expect(draft).toEqual({ text: 'Everyone wants calm evenings, see', sources: ['s1', 's2'] });
    expect(promptsSent(double)).not.toContain('13812345678');
  });

  it('refuses a reframe that cites nothing it was given', async () => {
    double.respond(() => ({ content: JSON.stringify({ text: 'I need quiet evenings.', sources: ['m7'] }) }));
    expect(await suggestReframe('You never stop the noise!', 'en', engine())).toBeNull();
    double.respond(() => ({ content: JSON.stringify({ text: 'I need quiet evenings.', sources: ['m1'] }) }));
    expect(await suggestReframe('You never stop the noise!', 'en', engine())).toEqual({ text: 'I need quiet evenings.', sources: ['m1'] });
  });
});
