import type { CommandContext, CommandSpec } from '../core/commands';
import type { FlowContext, FlowFunctions } from '../flows/functions';
import type { JsonValue, Run } from '../flows/run';
import type { AiWriter } from '../summaries/ai-writer';
import { mediationsOf } from './records';
import { answers, parties, tellMediator } from './state';

/**
 * Wording suggested by AI, when a language model is configured: `/mediation wording` shows a party,
 * privately, a calmer way to say their last message that the tone guard flagged, and
 * `/mediation reframe` shows the mediator, privately, a reframe of what matters to each side. Both
 * are labelled as suggested by AI and never posted: a person writes whatever is posted. What goes
 * to the model is redacted (personal data and every participant's name) before it leaves.
 */

/** Keeps a party's flagged message so they can ask for another wording (removed with the rest of the run's content). */
export function keepFlagged(ctx: FlowContext, text: string): void {
  const userId = ctx.actor?.userId;
  if (!userId) return;
  const kept = ctx.run.vars.flaggedWords;
  const all: Record<string, JsonValue> = typeof kept === 'object' && kept !== null && !Array.isArray(kept) ? kept : {};
  all[userId] = text;
  ctx.run.vars.flaggedWords = all;
}

/** The run's flow functions: offers the AI reframe to the mediator after the offline one. */
export function aiWordingFunctions(writer: AiWriter): FlowFunctions {
  return {
    mediationOfferAiReframe(ctx) {
      if (writer.available) tellMediator(ctx, 'mediation.ai.reframe_offer');
    },
  };
}

async function mediationOf(ctx: CommandContext): Promise<Run | undefined> {
  const here = await ctx.runHere();
  const mine = (run: Run | undefined): run is Run =>
    !!run && run.status !== 'ended' && ctx.flow(run.flowId)?.mechanism === 'mediation' && run.participants.some((p) => p.userId === ctx.event.user.id && p.active);
  if (mine(here)) return here;
  return (await mediationsOf(ctx, ctx.event.ref.platform, ctx.event.user.id)).find(mine);
}

const namesOf = (run: Run) => run.participants.flatMap((p) => [p.name, p.userId]);

export function aiWordingCommands(writer: AiWriter): CommandSpec[] {
  const wording: CommandSpec = {
    name: 'mediation',
    sub: 'wording',
    available: () => writer.available,
    roles: ['resident', 'social_worker', 'coordinator'],
    description: 'mediation.help.wording',
    slow: true,
    async run(ctx) {
      const run = await mediationOf(ctx);
      if (!run) return void (await ctx.reply(ctx.t('mediation.command.none')));
      if (!writer.available) return void (await ctx.reply(ctx.t('mediation.ai.unavailable')));
      const flagged = answers(run, 'flaggedWords')[ctx.event.user.id];
      if (!flagged) return void (await ctx.reply(ctx.t('mediation.ai.wording_nothing')));
      await ctx.slow(async () => {
        const suggestion = await writer.suggestReframe(flagged, run.locale, namesOf(run));
        return { text: suggestion ? ctx.t('mediation.ai.wording', { text: suggestion.text }) : ctx.t('mediation.ai.wording_failed') };
      });
    },
  };
  const reframe: CommandSpec = {
    name: 'mediation',
    sub: 'reframe',
    available: () => writer.available,
    roles: ['social_worker'],
    description: 'mediation.help.reframe',
    slow: true,
    async run(ctx) {
      const run = await mediationOf(ctx);
      if (!run || !run.participants.some((p) => p.userId === ctx.event.user.id && p.role === 'mediator')) return void (await ctx.reply(ctx.t('mediation.command.none')));
      if (!writer.available) return void (await ctx.reply(ctx.t('mediation.ai.unavailable')));
      const matters = answers(run, 'intakeMatters');
      await ctx.slow(async () => {
        let written = 0;
        const lines: string[] = [];
        for (const party of parties(run)) {
          const need = matters[party.userId];
          const suggestion = need ? await writer.suggestReframe(need, run.locale, namesOf(run)) : null;
          if (suggestion) written += 1;
          lines.push(suggestion ? ctx.t('mediation.ai.reframe_line', { name: party.name, text: suggestion.text }) : ctx.t('mediation.ai.reframe_none', { name: party.name }));
        }
        return { text: written > 0 ? ctx.t('mediation.ai.reframe', { lines: lines.join('\n') }) : ctx.t('mediation.ai.reframe_failed') };
      });
    },
  };
  return [wording, reframe];
}
