import { message, type Message } from '../core/wording';
import { z } from 'zod';
import type { FlowContext } from '../flows/functions';
import type { JsonValue, Participant, Run } from '../flows/run';
import type { Flow, Stage } from '../flows/schema';

/** The parts of a dialogue, in order, as the script declares them (`stages:`). */
export function phasesOf(flow: Flow | undefined): Stage[] {
  return flow?.stages ?? [];
}

/** The parts that can be given planned time (`/dialogue start ... perspectives=30m`). */
export function timedPhases(flow: Flow | undefined): string[] {
  return phasesOf(flow).filter((s) => s.timed).map((s) => s.id);
}

/** Whether people talk freely in this phase, so equal voice is looked after. */
export function isDiscussion(flow: Flow, phase: string): boolean {
  return flow.stages.some((s) => s.id === phase && s.discussion);
}

/** A phase's name, as a message written in each reader's language (its id when the script has no such phase). */
export function phaseName(ctx: FlowContext, phase: string): Message | string {
  const stage = ctx.flow.stages.find((s) => s.id === phase);
  return stage ? message(stage.name) : phase;
}

const Talk = z.object({ messages: z.number().int().nonnegative(), chars: z.number().int().nonnegative() });
export type Talk = z.infer<typeof Talk>;

const Statement = z.object({
  by: z.string(),
  text: z.string(),
  at: z.number(),
  hidden: z.boolean().default(false),
});
export type Statement = z.infer<typeof Statement>;

const VoteValue = z.union([z.literal(1), z.literal(-1), z.literal(0)]);
export type VoteValue = z.infer<typeof VoteValue>;

const AgreedAction = z.object({
  what: z.string(),
  /** A user id when a person owns it, a party id when a responsible party does. */
  owner: z.string(),
  ownerKind: z.enum(['person', 'party']),
  ownerName: z.string(),
  /** Start of the due day (UTC), epoch ms. */
  due: z.number(),
  dueText: z.string(),
  done: z.boolean().default(false),
  reminded: z.boolean().default(false),
  /** Taken back by the facilitator (recorded by mistake): kept so the others keep their numbers. */
  removed: z.boolean().default(false),
});
export type AgreedAction = z.infer<typeof AgreedAction>;

const Result = z.object({
  consensus: z.array(z.number().int()),
  divisive: z.array(z.number().int()),
  groups: z.number().int(),
  voters: z.number().int(),
  votes: z.number().int(),
  /** Statements with enough votes in every group to be weighed (absent in results kept by earlier versions). */
  weighed: z.number().int().optional(),
});
export type Result = z.infer<typeof Result>;

/** Everything a dialogue keeps in its run, validated on every read. */
export const Dialogue = z.object({
  ref: z.string(),
  topic: z.string(),
  phase: z.string().default('opening'),
  opened: z.boolean().default(false),
  closed: z.boolean().default(false),
  /** Planned minutes per phase. */
  plan: z.record(z.string(), z.number().positive()).default({}),
  /** Participants welcomed so far, in the order they joined. */
  joined: z.array(z.string()).default([]),
  talk: z.record(z.string(), Talk).default({}),
  phaseTalk: z.record(z.string(), Talk).default({}),
  /** Who has been nudged in the current phase. */
  nudged: z.array(z.string()).default([]),
  /** Who has been invited, once, because they had not spoken at all when a phase ended. */
  invited: z.array(z.string()).default([]),
  statements: z.array(Statement).default([]),
  /** userId -> statement index -> vote. */
  votes: z.record(z.string(), z.record(z.string(), VoteValue)).default({}),
  /** userId -> the statement index on the card they were last shown (null when none is open). */
  cards: z.record(z.string(), z.number().int().nullable()).default({}),
  result: Result.nullable().default(null),
  actions: z.array(AgreedAction).default([]),
});
export type Dialogue = z.infer<typeof Dialogue>;

export function readDialogue(run: Run): Dialogue {
  return Dialogue.parse(run.vars.dialogue);
}

export function writeDialogue(run: Run, dialogue: Dialogue): void {
  run.vars.dialogue = JSON.parse(JSON.stringify(dialogue)) as JsonValue;
  // Whoever has a statement open to their vote may give it by direct message (the script's `route.directReply`).
  const voting = dialogue.phase === 'statements' && !dialogue.closed;
  run.vars.replyFrom = voting ? Object.entries(dialogue.cards).flatMap(([userId, index]) => (index === null ? [] : [userId])) : [];
}

/** Reads the dialogue, lets `change` work on it, and saves it back. */
export function withDialogue<T>(ctx: FlowContext, change: (d: Dialogue) => T): T {
  const dialogue = readDialogue(ctx.run);
  const result = change(dialogue);
  writeDialogue(ctx.run, dialogue);
  return result;
}

/** Residents taking part (not the facilitator, not people who only looked in). */
export function members(ctx: FlowContext): Participant[] {
  return ctx.participants('participant');
}

export function nameOf(ctx: FlowContext, userId: string): string {
  return ctx.participant(userId)?.name ?? userId;
}

export function facilitatorIds(ctx: FlowContext): string[] {
  return ctx.participants('facilitator').map((p) => p.userId);
}

/** Asks a guest, privately, to take part before adding statements or votes. */
export function joinFirst(ctx: FlowContext): void {
  ctx.say('actor', 'dialogue.join_first', {}, { choices: [ctx.choice('join', 'core.command.join', { command: true })] });
}
