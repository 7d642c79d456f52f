import type { Wording } from '../core/wording';
import { speaking } from '../flows/context';
import type { FlowContext } from '../flows/functions';
import { gini } from './gini';
import { isDiscussion, members, nameOf, readDialogue, withDialogue, type Talk } from './state';

/** Someone above this many times the even share of what was written is asked to leave room. */
const ROOM_FACTOR = 2;
/** Nobody is asked to leave room for fewer messages than this in a phase. */
const ROOM_MIN_MESSAGES = 3;

/** Counts one message of a participant: in the whole dialogue and in the current phase. */
export function countContribution(ctx: FlowContext, userId: string, text: string): void {
  const chars = [...text.trim()].length;
  withDialogue(ctx, (d) => {
    for (const book of [d.talk, d.phaseTalk]) {
      const talk = book[userId] ?? { messages: 0, chars: 0 };
      book[userId] = { messages: talk.messages + 1, chars: talk.chars + chars };
    }
  });
}

export interface Share {
  userId: string;
  messages: number;
  chars: number;
  /** Share of the characters written, 0..1. */
  share: number;
}

/** Each participant's contributions and share of what was written, largest share first. */
export function sharesOf(ctx: FlowContext, book: Record<string, Talk>): Share[] {
  const people = members(ctx);
  // Shares count messages, as the Gini beside them does, so the two figures agree.
  const total = people.reduce((sum, p) => sum + (book[p.userId]?.messages ?? 0), 0);
  return people
    .map((p) => {
      const talk = book[p.userId] ?? { messages: 0, chars: 0 };
      return { userId: p.userId, messages: talk.messages, chars: talk.chars, share: total === 0 ? 0 : talk.messages / total };
    })
    .sort((a, b) => b.share - a.share || b.messages - a.messages || a.userId.localeCompare(b.userId));
}

/** The Gini coefficient of contributions (messages) per participant, to two decimals. */
export function participationGini(ctx: FlowContext): number {
  const dialogue = readDialogue(ctx.run);
  const counts = members(ctx).map((p) => dialogue.talk[p.userId]?.messages ?? 0);
  return Math.round(gini(counts) * 100) / 100;
}

/** How even participation was, in plain words. */
export function equalityWords(ctx: FlowContext, value: number): string {
  const band = value < 0.2 ? 'even' : value < 0.4 ? 'fair' : 'uneven';
  return ctx.t(`dialogue.equality.${band}`, { gini: value.toFixed(2) });
}

export function scheduleNudge(ctx: FlowContext, phase: string, at: number): void {
  ctx.schedule('nudge', at, { phase });
}

/** While a dialogue is paused, its reminders wait: they are looked at again this much later. */
export const PAUSED_RETRY_MS = 10 * 60_000;

/**
 * The nudge timer: in the discussion phase it was set for, invite the quiet and ask for room.
 * While the dialogue is paused nobody is asked to speak; the reminder comes after it resumes.
 */
export function nudgeQuiet(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  const phase = ctx.event?.kind === 'timer' ? ctx.event.payload.phase : undefined;
  if (dialogue.closed || phase !== dialogue.phase || !isDiscussion(ctx.flow, phase)) return;
  if (ctx.run.status === 'paused') return void scheduleNudge(ctx, phase, ctx.now + PAUSED_RETRY_MS);
  nudge(ctx);
}

/**
 * When a discussion phase ends, anyone who has not spoken at all yet is invited, once in the
 * dialogue: someone the halfway reminder already invited is not sent the same words again.
 */
export function nudgeOnAdvance(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  const people = members(ctx);
  if (people.length < 2) return;
  const invited = new Set(dialogue.invited);
  for (const p of people) {
    if (invited.has(p.userId) || (dialogue.talk[p.userId]?.messages ?? 0) > 0) continue;
    ctx.say({ userId: p.userId }, 'dialogue.nudge.invite', { topic: dialogue.topic });
    invited.add(p.userId);
  }
  withDialogue(ctx, (d) => {
    d.invited = [...invited];
  });
}

function nudge(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  const shares = sharesOf(ctx, dialogue.phaseTalk);
  if (shares.length < 2) return;
  const nudged = new Set(dialogue.nudged);
  const invited = new Set(dialogue.invited);
  const topic = dialogue.topic;
  for (const s of shares) {
    if (nudged.has(s.userId)) continue;
    if (s.messages === 0) {
      ctx.say({ userId: s.userId }, 'dialogue.nudge.invite', { topic });
      nudged.add(s.userId);
      invited.add(s.userId);
    } else if (s.messages >= ROOM_MIN_MESSAGES && s.share > ROOM_FACTOR / shares.length) {
      ctx.say({ userId: s.userId }, 'dialogue.nudge.room', { topic });
      nudged.add(s.userId);
    }
  }
  withDialogue(ctx, (d) => {
    d.nudged = [...nudged];
    d.invited = [...invited];
  });
}

/** `/dialogue shares`: the facilitator sees each participant's share, privately. */
export function showShares(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  const shares = sharesOf(ctx, dialogue.talk);
  if (shares.length === 0) {
    ctx.say('actor', 'dialogue.shares.nobody');
    return;
  }
  if (shares.every((s) => s.messages === 0)) {
    ctx.say('actor', 'dialogue.shares.silent');
    return;
  }
  const lines: Wording = (t) => shares.map((s) => t('dialogue.shares.line', { name: nameOf(ctx, s.userId), messages: s.messages, percent: Math.round(s.share * 100) })).join('\n');
  if (shares.length === 1) return void ctx.say('actor', 'dialogue.shares.list_one', { lines });
  const gini = participationGini(ctx);
  ctx.say('actor', 'dialogue.shares.list', { lines, equality: (t) => equalityWords(speaking(ctx, t), gini) });
}
