import { z } from 'zod';
import type { CommandEvent } from '../core/events';
import type { FlowContext, FlowFunctions } from '../flows/functions';
import type { JsonValue, Run } from '../flows/run';
import { facilitatorIds, readDialogue } from './state';

/**
 * An AI-drafted common-ground statement, when a language model is configured. The facilitator asks
 * for it (`/dialogue draft`); it is shown in the thread, labelled as written by AI, for a short time
 * of comments (messages in the thread or `/dialogue critique <text>`); the facilitator asks for the
 * one revision (`/dialogue revise`), then approves it (`/dialogue approve`) or sets it aside
 * (`/dialogue discard`). Nothing is posted as the group's statement without that approval, and it
 * is always labelled as AI-drafted and approved by the facilitator. The model is called by the
 * command handlers (ai-draft-commands.ts), which hand the text to these functions as options.
 */

/** How long comments on a draft are taken. */
export const CRITIQUE_MINUTES = 10;
const MAX_CRITIQUES = 20;
const MAX_CRITIQUE_CHARS = 500;

export const AiDraftState = z.object({
  /** critique: comments open; critiqued: comments closed; review: revised, waiting for approval. */
  stage: z.enum(['critique', 'critiqued', 'review', 'approved', 'discarded']),
  /** AI-written text, current version. */
  text: z.string(),
  critiques: z.array(z.object({ by: z.string(), text: z.string() })).default([]),
});
export type AiDraftState = z.infer<typeof AiDraftState>;

export function readAiDraft(run: Run): AiDraftState | null {
  const parsed = AiDraftState.safeParse(run.vars.aiDraft);
  return parsed.success ? parsed.data : null;
}

function writeAiDraft(ctx: FlowContext, draft: AiDraftState): void {
  ctx.run.vars.aiDraft = JSON.parse(JSON.stringify(draft)) as JsonValue;
}

/** Options only the command handlers set (a user typing the command never reaches the run). */
function handed(ctx: FlowContext): Record<string, string> | null {
  const event = ctx.event;
  return event?.kind === 'command' ? (event as CommandEvent).options : null;
}

function tellFacilitators(ctx: FlowContext, key: string, vars: Record<string, string | number> = {}): void {
  if (ctx.actor?.role === 'facilitator') return void ctx.say('actor', key, vars);
  for (const userId of facilitatorIds(ctx)) ctx.say({ userId }, key, vars);
}

/** Whether a comment can be taken now; says why not otherwise. */
function critiqueOpen(ctx: FlowContext): AiDraftState | null {
  const draft = readAiDraft(ctx.run);
  if (draft?.stage === 'critique' && draft.critiques.length < MAX_CRITIQUES) return draft;
  ctx.say('actor', draft?.stage === 'critique' ? 'dialogue.ai.critique_full' : 'dialogue.ai.critique_closed');
  return null;
}

/** Keeps a comment on the draft; used for `/dialogue critique` and for messages while comments are open. */
export function takeCritique(ctx: FlowContext, userId: string, text: string): void {
  const draft = critiqueOpen(ctx);
  const comment = text.trim();
  if (!draft) return;
  if (!comment) return void ctx.say('actor', 'dialogue.ai.critique_how');
  if ([...comment].length > MAX_CRITIQUE_CHARS) return void ctx.say('actor', 'dialogue.ai.critique_too_long', { limit: MAX_CRITIQUE_CHARS });
  draft.critiques.push({ by: userId, text: comment });
  writeAiDraft(ctx, draft);
  ctx.say('actor', 'dialogue.ai.critique_noted');
}

/** Whether messages in the thread are comments on a draft right now. */
export function takingCritiques(run: Run): boolean {
  return readAiDraft(run)?.stage === 'critique';
}

export const aiDraftFunctions: FlowFunctions = {
  /** After the common-ground results: tells the facilitator a draft can be asked for. */
  offerAiDraft(ctx) {
    const agreed = readDialogue(ctx.run).result?.consensus.length ?? 0;
    tellFacilitators(ctx, 'dialogue.ai.offer', { count: agreed });
  },
  /** `/dialogue draft`, handed over by its command with the model's text. */
  aiDraftReceived(ctx) {
    const text = handed(ctx)?.ai_text?.trim();
    if (!text) return void ctx.say('actor', 'dialogue.ai.use_command');
    const current = readAiDraft(ctx.run);
    if (current && ['critique', 'critiqued', 'review'].includes(current.stage)) return void ctx.say('actor', 'dialogue.ai.already');
    writeAiDraft(ctx, { stage: 'critique', text, critiques: [] });
    ctx.say('shared', 'dialogue.ai.shown', { text, minutes: CRITIQUE_MINUTES });
    ctx.schedule('critique_due', ctx.now + CRITIQUE_MINUTES * 60_000);
  },
  /** The time for comments is over: the facilitator may ask for the revision. */
  aiDraftCritiqueDue(ctx) {
    const draft = readAiDraft(ctx.run);
    if (draft?.stage !== 'critique') return;
    writeAiDraft(ctx, { ...draft, stage: 'critiqued' });
    ctx.say('shared', 'dialogue.ai.critique_ended', { count: draft.critiques.length });
    tellFacilitators(ctx, 'dialogue.ai.revise_hint', { count: draft.critiques.length });
  },
  /** `/dialogue critique <text>`. */
  aiDraftCritique(ctx) {
    takeCritique(ctx, ctx.actor?.userId ?? '', ctx.text ?? '');
  },
  /** `/dialogue revise`, handed over by its command with the revised text (or why there is none). */
  aiDraftRevised(ctx) {
    const options = handed(ctx);
    const draft = readAiDraft(ctx.run);
    if (!options || !(options.ai_text || options.ai_unchanged || options.ai_failed)) return void ctx.say('actor', 'dialogue.ai.use_command');
    if (!draft || (draft.stage !== 'critique' && draft.stage !== 'critiqued')) return void ctx.say('actor', 'dialogue.ai.nothing_to_revise');
    ctx.cancel('critique_due');
    const revised = options.ai_text?.trim();
    writeAiDraft(ctx, { ...draft, stage: 'review', text: revised || draft.text });
    if (revised) ctx.say('shared', 'dialogue.ai.revised', { text: revised });
    else ctx.say('shared', options.ai_failed ? 'dialogue.ai.revise_failed' : 'dialogue.ai.unchanged', { text: draft.text });
    tellFacilitators(ctx, 'dialogue.ai.approve_hint');
  },
  /** `/dialogue approve`: posted as the group's draft statement, labelled. */
  aiDraftApprove(ctx) {
    const draft = readAiDraft(ctx.run);
    if (draft?.stage === 'critique' || draft?.stage === 'critiqued') return void ctx.say('actor', 'dialogue.ai.revise_first');
    if (draft?.stage !== 'review') return void ctx.say('actor', 'dialogue.ai.nothing_to_approve');
    writeAiDraft(ctx, { ...draft, stage: 'approved' });
    ctx.say('shared', 'dialogue.ai.approved', { text: draft.text, name: ctx.actor?.name ?? '' });
  },
  /** `/dialogue discard`: set aside; nothing is posted. */
  aiDraftDiscard(ctx) {
    const draft = readAiDraft(ctx.run);
    if (!draft || draft.stage === 'approved' || draft.stage === 'discarded') return void ctx.say('actor', 'dialogue.ai.nothing_to_approve');
    ctx.cancel('critique_due');
    writeAiDraft(ctx, { ...draft, stage: 'discarded' });
    ctx.say('shared', 'dialogue.ai.discarded');
  },
};
