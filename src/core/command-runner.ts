import { z } from 'zod';
import type { Locale, Role } from '../config/schema';
import { completeOutcome } from '../evaluation/outcome';
import type { Run } from '../flows/run';
import { keys } from '../state/keys';
import { referenceKey, runsInList, runsOfFlowKey, runsOfKey } from './indexes';
import type { Action, ActionResult, Audience } from './actions';
import type { BotDeps } from './bot';
import type { CommandContext, CommandSpec, StartFlowInit } from './commands';

/** A slow command's work: what it says (and a file, such as a chart) when done. */
export type SlowWork = Parameters<CommandContext['slow']>[0];
import type { CommandEvent, ConversationRef, InboundEvent } from './events';

interface ContextParts {
  event: CommandEvent;
  roles: Role[];
  locale: Locale;
  deps: BotDeps;
  perform(action: Action): Promise<ActionResult>;
  startFlow(flowId: string, init: StartFlowInit & { home: ConversationRef }, trigger: InboundEvent | null): Promise<Run>;
  /** Hands a run an event derived from this command (under the conversation's lock, or taking it when outside). */
  deliver(runId: string, event: CommandEvent): Promise<void>;
  /** Runs slow work after the conversation's lock is released. */
  later(work: () => Promise<void>): void;
  /**
   * Keeps a message with the store until the work run here is done (the returned function forgets
   * it): should the process stop first, it is sent when the bot is back, so the person is not left
   * waiting for a result that will never come.
   */
  keepUntilDone?: (action: Action) => Promise<() => Promise<void>>;
  /** Puts slow work on the fleet's job queue instead, given the "working on it" note it is to replace (and the work, to run here if the queue does not answer). */
  queue?: (note: ActionResult, here: () => Promise<void>) => void;
  /** Runs in a job: `slow` does the work here and now and hands its result over. */
  resume?: (work: SlowWork) => Promise<void>;
  here: string | undefined;
  spec: CommandSpec;
}

export function createCommandContext(parts: ContextParts): CommandContext {
  const { event, roles, locale, deps, perform } = parts;
  const t = (key: string, vars?: Record<string, string | number>) => deps.catalogue.t(locale, key, vars);
  const privately: Audience = event.ref.direct ? { kind: 'conversation', ref: event.ref, userId: event.user.id } : { kind: 'private', ref: event.ref, userId: event.user.id };
  const args = parts.spec.sub !== undefined ? event.args.slice(1) : event.args;
  const ctx: CommandContext = {
    event,
    roles,
    locale,
    community: deps.community,
    outcomes: deps.outcomes,
    clock: deps.clock,
    pseudonymise: deps.pseudonymise,
    stores: { state: deps.state, outcomes: deps.outcomes, platformRecords: deps.platformRecords ?? [], log: deps.log },
    args,
    t,
    translate: (l, key, vars) => deps.catalogue.t(l, key, vars),
    reply: (text, choices) => perform({ kind: 'send', to: privately, text, ...(choices ? { choices } : {}) }),
    send: (to, text, choices) => perform({ kind: 'send', to, text, ...(choices ? { choices } : {}) }),
    perform,
    async slow(work) {
      if (parts.resume) return parts.resume(work);
      // Run here (no job queue), the work keeps its note for a restart before anything is promised:
      // a stop even just after "Working on it" is then said to have cut it off, once the bot is back.
      const done = parts.queue ? undefined : await parts.keepUntilDone?.({ kind: 'send', to: privately, text: t('core.slow_interrupted', { command: `/${event.name}` }) });
      // The note is sent now; the work runs after the conversation's lock is released, so the
      // thread's other messages and votes are answered meanwhile, and its result arrives later.
      const ack = await perform({ kind: 'send', to: privately, text: t('core.working') });
      const here = async () => {
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work();
        } catch (error) {
          deps.log.error({ command: event.name, err: (error as Error).message }, 'slow command failed');
          result = { text: t('core.error.unexpected') };
        }
        // The answer replaces "Working on it" wherever it can; a file (a chart) follows it, since a message cannot gain one by an edit.
        if (ack.kind === 'sent') {
          await perform({ kind: 'edit', ref: event.ref, messageRef: ack.messageRef, text: result.text, userId: event.user.id });
          if (result.attachment) await perform({ kind: 'send', to: privately, text: t('core.attachment'), attachment: result.attachment });
        } else {
          await perform({ kind: 'send', to: privately, text: result.text, ...(result.attachment ? { attachment: result.attachment } : {}) });
        }
      };
      if (parts.queue) parts.queue(ack, here);
      else
        parts.later(async () => {
          await here();
          await done?.();
        });
    },
    startFlow: (flowId, init) => parts.startFlow(flowId, { ...init, home: init.home ?? event.ref, locale: init.locale ?? locale }, event),
    deliver: (runId, change) => parts.deliver(runId, change ? { ...event, args: change.args ?? event.args, options: { ...event.options, ...change.options } } : event),
    runHere: async () => (parts.here ? deps.state.getRun(parts.here) : undefined),
    next: (counter) => deps.state.next(counter),
    runsOfFlow: (flowId, read) => runsInList(deps.state, runsOfFlowKey(flowId), read),
    runsOf: (person) => runsInList(deps.state, runsOfKey(person?.platform ?? event.ref.platform, person?.userId ?? event.user.id)),
    async runByReference(flowId, ref) {
      const runId = await deps.state.get(referenceKey(flowId, ref), z.string()).catch(() => undefined);
      return runId ? deps.state.getRun(runId) : undefined;
    },
    setLocale: (wanted) => deps.state.set(keys.prefs(`${event.ref.platform}:${event.user.id}`), { locale: wanted }),
    flow: (flowId) => deps.flows.get(flowId),
    async record(outcome) {
      await deps.outcomes.append([
        completeOutcome(outcome, { at: deps.clock.now(), mechanism: outcome.mechanism, project: outcome.project, stage: outcome.stage ?? null, flow: outcome.flow ?? event.name, step: outcome.step ?? null, run: outcome.run ?? null }),
      ]);
    },
  };
  return ctx;
}
