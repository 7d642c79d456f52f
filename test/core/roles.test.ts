import { afterEach, describe, expect, it } from 'vitest';
import { features } from '../../src/features';
import { demoFeature, DEMO_PROMPTS } from '../support/demo-feature';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

describe('roles', () => {
  it('refuses a command to a role that may not run it, kindly and clearly', async () => {
    h = await createHarness({ features: [...features, demoFeature], extraPromptsDir: DEMO_PROMPTS });
    expect(await h.type('/as maria', '/circle chen')).toEqual([
      'guest@#general> /as maria',
      'maria@#general> /circle chen',
      "[#general] bot (only maria can see this): Only a social worker can use /circle. If you'd like it done, you can ask one of them here.",
    ]);
  });

  it('maps platform roles to commonground roles by configuration', async () => {
    h = await createHarness({ features: [...features, demoFeature], extraPromptsDir: DEMO_PROMPTS });
    // "Social Worker" is listed for social_worker in the example configuration.
    expect(await h.type('/as li "Social Worker"', '/circle chen')).toContain('[DM to chen] bot: Would you like to join the circle?');
  });

  it('/help lists only what the persona may do, in their language', async () => {
    h = await createHarness({ features: [...features, demoFeature], extraPromptsDir: DEMO_PROMPTS });
    const resident = (await h.type('/as maria', '/help')).join('\n');
    expect(resident).toContain('• /demo: Demo');
    expect(resident).not.toContain('/circle');
    const worker = (await h.type('/as li social_worker', '/language zh-CN', '/help')).join('\n');
    expect(worker).toContain('好的，之后我会用中文和您交流。');
    expect(worker).toContain('• /circle: 圆桌');
  });

  it('answers an unknown command or language with what to do instead', async () => {
    h = await createHarness();
    expect(await h.type('/as maria', '/fly', '/language fr')).toEqual([
      'guest@#general> /as maria',
      'maria@#general> /fly',
      "[#general] bot (only maria can see this): I don't know the command /fly. Type /help to see what you can do.",
      'maria@#general> /language fr',
      '[#general] bot (only maria can see this): I can speak English (en) or Chinese (zh-CN). Please type /language en or /language zh-CN.',
    ]);
  });
});

describe('/help and what this installation offers', () => {
  it('leaves out commands that need a language model when none is configured', async () => {
    const saved = process.env.LLM_PROVIDER;
    delete process.env.LLM_PROVIDER;
    try {
      h = await createHarness();
      const help = (await h.type('/as li social_worker', '/help')).join('\n');
      expect(help).toContain('/dialogue');
      expect(help).not.toContain('/dialogue draft');
      expect(help).not.toContain('/mediation reframe');
    } finally {
      if (saved !== undefined) process.env.LLM_PROVIDER = saved;
    }
  });
});
