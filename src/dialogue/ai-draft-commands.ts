import type { CommandContext, CommandSpec } from '../core/commands';
import type { Run } from '../flows/run';
import type { AiWriter } from '../summaries/ai-writer';
import { readAiDraft } from './ai-draft';
import { readDialogue } from './state';

/**
 * `/dialogue draft` and `/dialogue revise`: the two model calls of an AI-drafted common-ground
 * statement. Flow functions do no I/O, so the call happens here, and the text is handed to the run
 * as options of the same command; a person typing the command always comes here first, so only
 * these handlers can hand a run a draft. Only the facilitator may ask, and only when a model is
 * configured. When the model fails, nothing is shown and the dialogue simply goes on.
 */

const EVERYONE: CommandSpec['roles'] = ['resident', 'social_worker', 'coordinator'];
/** Only the dialogue's facilitator may ask; the core checks it before the handler runs. */
const FACILITATOR: CommandSpec['inRun'] = { flow: 'dialogue', roles: ['facilitator'], refuse: 'dialogue.ai.facilitator_only' };

/** The dialogue this command was given in, when the caller facilitates it; otherwise says why not. */
async function facilitatedHere(ctx: CommandContext, writer: AiWriter): Promise<Run | undefined> {
  const run = await ctx.runHere();
  if (!run || run.flowId !== 'dialogue' || run.status === 'ended') return void (await ctx.reply(ctx.t('dialogue.in_thread_only')));
  if (!writer.available) return void (await ctx.reply(ctx.t('dialogue.ai.unavailable')));
  return run;
}

/** Names the model must never see: everyone in the run, by name and by id. */
function namesOf(run: Run): string[] {
  return run.participants.flatMap((p) => [p.name, p.userId]);
}

/** The statements most people agreed with, as the model sees them (`s3` is statement 3). */
function agreedStatements(run: Run): { id: string; text: string }[] {
  const dialogue = readDialogue(run);
  return (dialogue.result?.consensus ?? []).flatMap((i) => {
    const statement = dialogue.statements[i];
    return statement && !statement.hidden ? [{ id: `s${i + 1}`, text: statement.text }] : [];
  });
}

export function aiDraftCommands(writer: AiWriter): CommandSpec[] {
  const draft: CommandSpec = {
    name: 'dialogue',
    sub: 'draft',
    available: () => writer.available,
    roles: EVERYONE,
    description: 'dialogue.command.draft',
    inRun: FACILITATOR,
    slow: true,
    async run(ctx) {
      const run = await facilitatedHere(ctx, writer);
      if (!run) return;
      const statements = agreedStatements(run);
      const current = readAiDraft(run)?.stage;
      if (run.step !== 'common_ground' || statements.length === 0) return void (await ctx.reply(ctx.t('dialogue.ai.not_now')));
      if (current === 'critique' || current === 'critiqued' || current === 'review') return void (await ctx.reply(ctx.t('dialogue.ai.already')));
      await ctx.slow(async () => {
        const written = await writer.draftCommonGround(statements, run.locale, namesOf(run));
        if (!written) return { text: ctx.t('dialogue.ai.draft_failed') };
        await ctx.deliver(run.id, { args: ['draft'], options: { ai_text: written.text } });
        return { text: ctx.t('dialogue.ai.draft_done') };
      });
    },
  };
  const revise: CommandSpec = {
    name: 'dialogue',
    sub: 'revise',
    available: () => writer.available,
    roles: EVERYONE,
    description: 'dialogue.command.revise',
    inRun: FACILITATOR,
    slow: true,
    async run(ctx) {
      const run = await facilitatedHere(ctx, writer);
      if (!run) return;
      const current = readAiDraft(run);
      if (!current || (current.stage !== 'critique' && current.stage !== 'critiqued')) return void (await ctx.reply(ctx.t('dialogue.ai.nothing_to_revise')));
      if (current.critiques.length === 0) return void (await ctx.deliver(run.id, { args: ['revise'], options: { ai_unchanged: '1' } }));
      await ctx.slow(async () => {
        const input = {
          draft: current.text,
          statements: agreedStatements(run),
          comments: current.critiques.map((c, i) => ({ id: `c${i + 1}`, text: c.text })),
          names: namesOf(run),
        };
        const revised = await writer.reviseCommonGround(input, run.locale);
        await ctx.deliver(run.id, { args: ['revise'], options: revised ? { ai_text: revised.text } : { ai_failed: '1' } });
        return { text: ctx.t(revised ? 'dialogue.ai.revise_done' : 'dialogue.ai.revise_failed_private') };
      });
    },
  };
  return [draft, revise];
}
