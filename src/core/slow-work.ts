import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Locale, Role } from '../config/schema';
import type { OutcomeStore } from '../evaluation/outcome';
import type { Run } from '../flows/run';
import type { SlowWorkAttempt } from '../state/jobs';
import type { Action, ActionResult, Audience } from './actions';
import type { BotDeps } from './bot';
import { createCommandContext, type SlowWork } from './command-runner';
import type { CommandSpec, StartFlowInit } from './commands';
import { CommandEvent, type ConversationRef, type InboundEvent } from './events';

/**
 * A slow command as a job: the command (by name) and the event that gave it, so that any process
 * can run it again; and the "working on it" note its result replaces.
 */
export const SlowWorkInput = z.object({
  command: z.object({ name: z.string(), sub: z.string().optional() }),
  event: CommandEvent,
  roles: z.array(Role),
  locale: Locale,
  here: z.string().optional(),
  note: z.string().optional(),
});
export type SlowWorkInput = z.infer<typeof SlowWorkInput>;

/** The job of a command event: the same for a repeated delivery, so it is queued once. */
export function slowWorkId(event: CommandEvent): string {
  return `slow-${createHash('sha256').update(`${event.ref.platform}\n${event.eventId}`).digest('hex').slice(0, 32)}`;
}

export function slowWorkInput(spec: CommandSpec, event: CommandEvent, roles: Role[], locale: Locale, here: string | undefined, note: ActionResult): SlowWorkInput {
  return {
    command: { name: spec.name, ...(spec.sub !== undefined ? { sub: spec.sub } : {}) },
    event,
    roles,
    locale,
    ...(here ? { here } : {}),
    ...(note.kind === 'sent' ? { note: note.messageRef } : {}),
  };
}

export interface SlowWorkParts {
  deps: BotDeps;
  perform(action: Action, answering: InboundEvent): Promise<ActionResult>;
  startFlow(flowId: string, init: StartFlowInit & { home: ConversationRef }, trigger: InboundEvent | null): Promise<Run>;
  /** Hands a run the command's result once (a try after a crash is recognised). */
  deliver(runId: string, event: CommandEvent): Promise<void>;
}

/**
 * Runs one try of a slow command's job: the command runs again from its event, and what it does
 * before its slow part (checks, replies, an audit entry) is not done again, since it was done when
 * the command came in; then its slow part runs and its result replaces the note, once. A try that
 * fails is tried again later; after the last, the note says kindly that something went wrong.
 */
export async function runSlowWork(raw: unknown, attempt: SlowWorkAttempt, parts: SlowWorkParts): Promise<void> {
  const input = SlowWorkInput.parse(raw);
  const { deps } = parts;
  const { event, locale, note } = input;
  // An earlier try already replaced the note.
  if (await deps.state.hasSeen('slow-work', attempt.id)) return;
  const t = (key: string, vars?: Record<string, string | number>) => deps.catalogue.t(locale, key, vars);
  const privately: Audience = event.ref.direct ? { kind: 'conversation', ref: event.ref, userId: event.user.id } : { kind: 'private', ref: event.ref, userId: event.user.id };
  const editNote = (text: string, messageRef: string) => parts.perform({ kind: 'edit', ref: event.ref, messageRef, text, userId: event.user.id }, event);
  const spec = deps.commands.find((c) => c.name === input.command.name && c.sub === input.command.sub);
  if (!spec) throw new Error(`no command /${input.command.name} for a slow-work job`);
  if (attempt.number > 1 && note) await editNote(t('core.working_again', { attempt: attempt.number, attempts: attempt.attempts }), note);
  await attempt.progress(10);

  let reached = false;
  let work: SlowWork | undefined;
  let said: string | undefined;
  const skipped = async () => undefined;
  const outcomes = new Proxy(deps.outcomes, {
    get(target, prop) {
      // Outcomes and audit entries written before the slow part were written when the command came in.
      if (!reached && prop === 'append') return skipped;
      if (!reached && prop === 'audit') return { append: skipped, read: target.audit.read.bind(target.audit) };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as OutcomeStore;
  const ctx = createCommandContext({
    event,
    roles: input.roles,
    locale,
    deps: { ...deps, outcomes },
    spec,
    here: input.here,
    async perform(action) {
      if (reached) return parts.perform(action, event);
      if (action.kind === 'send') said = action.text;
      return { kind: 'done' };
    },
    startFlow: (flowId, init, trigger) => (reached ? parts.startFlow(flowId, init, trigger) : Promise.reject(new Error('a slow command started a run before its slow part'))),
    deliver: async (runId, derived) => (reached ? parts.deliver(runId, derived) : undefined),
    later: () => undefined,
    resume: async (slowPart) => {
      work = slowPart;
    },
  });
  await spec.run(ctx);
  reached = true;

  let result: Awaited<ReturnType<SlowWork>>;
  if (!work) {
    // Things changed since the command came in, and it now answers at once: that answer replaces the note.
    result = { text: said ?? t('core.error.unexpected') };
  } else {
    try {
      result = await work();
    } catch (error) {
      deps.log.error({ command: event.name, attempt: attempt.number, err: (error as Error).message }, 'slow command failed');
      if (attempt.number < attempt.attempts) throw error;
      result = { text: t('core.error.unexpected') };
    }
  }
  await attempt.progress(90);
  if (note) {
    // Editing the note again with the same text changes nothing; the file is sent once.
    await editNote(result.text, note);
    if (!(await deps.state.markSeen('slow-work', attempt.id))) return;
    if (result.attachment) await parts.perform({ kind: 'send', to: privately, text: t('core.attachment'), attachment: result.attachment }, event);
  } else {
    if (!(await deps.state.markSeen('slow-work', attempt.id))) return;
    await parts.perform({ kind: 'send', to: privately, text: result.text, ...(result.attachment ? { attachment: result.attachment } : {}) }, event);
  }
  await attempt.progress(100);
}
