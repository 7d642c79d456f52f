import type { Feature } from '../../src/features';
import { decides } from '../../src/flows/functions';
import type { Participant } from '../../src/flows/run';
import { fileURLToPath } from 'node:url';

/** Test scripts and messages (every step kind) live here, beside the real prompts. */
export const DEMO_PROMPTS = fileURLToPath(new URL('../fixtures/prompts/', import.meta.url));

/** A feature for the test scripts: `/demo` starts the one-person script, `/circle a b` the group one. */
export const demoFeature: Feature = {
  commands: [
    {
      name: 'demo',
      roles: ['resident'],
      description: 'demo.title',
      async run(ctx) {
        const host: Participant = { platform: ctx.event.ref.platform, userId: ctx.event.user.id, name: ctx.event.user.name, role: 'host', active: true };
        await ctx.startFlow('demo', { participants: [host], project: 'riverside-renewal', stage: 'building' });
      },
    },
    {
      name: 'circle',
      roles: ['social_worker'],
      description: 'demo.circle_title',
      async run(ctx) {
        const platform = ctx.event.ref.platform;
        const host: Participant = { platform, userId: ctx.event.user.id, name: ctx.event.user.name, role: 'host', active: true };
        const guests = ctx.args.map((id): Participant => ({ platform, userId: id, name: id, role: 'guest', active: true }));
        await ctx.startFlow('circle', { participants: [host, ...guests], project: 'riverside-renewal', stage: 'building' });
      },
    },
  ],
  functions: {
    decideDemo: decides(['yes', 'no'], (ctx) => (ctx.run.vars.sure === 'yes' ? 'yes' : 'no')),
    summariseDemo(ctx) {
      const details = ctx.run.vars.details as Record<string, string>;
      ctx.run.vars.summary = `${String(ctx.run.vars.colour)}, ${String(ctx.run.vars.mood)}, ${details.where ?? ''}`;
      ctx.record('demo.summarised', { mood: Number(ctx.run.vars.mood) }, { actors: [ctx.run.participants[0]?.userId ?? ''] });
    },
    nudged(ctx) {
      ctx.say('home', 'demo.nudged');
    },
    watchCircle(ctx) {
      if (ctx.text?.includes('secret-stop')) {
        ctx.say('actor', 'demo.watched');
        return 'stop';
      }
      return undefined;
    },
  },
};
