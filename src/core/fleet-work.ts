import type { Jobs } from '../state/jobs';
import type { Timer } from '../state/scheduler';
import type { Run } from '../flows/run';
import type { Action, ActionResult } from './actions';
import type { BotDeps, Outbox } from './bot';
import type { StartFlowInit } from './commands';
import type { CommandEvent, ConversationRef, InboundEvent } from './events';
import { DuplicateEvent } from './answered-event';
import { runSlowWork, slowWorkId, type SlowWorkInput } from './slow-work';

interface FleetWorkParts {
  jobs: Jobs;
  deps: BotDeps;
  perform(action: Action, answering?: InboundEvent): Promise<ActionResult>;
  startFlow(flowId: string, init: StartFlowInit & { home: ConversationRef }, trigger: InboundEvent | null): Promise<Run>;
  /** The bot's platforms, as they are attached. */
  outboxes: ReadonlyMap<string, Outbox>;
  /** Fires a timer as a flow event, once. */
  fireTimer(timer: Timer): Promise<void>;
  /** Hands a run a slow command's result, under the conversation's lock, recorded as seen. */
  deliverResult(runId: string, event: CommandEvent): Promise<void>;
}

/**
 * The bot's side of the fleet's job queue: timers fire as jobs and slow commands run as jobs, in
 * whichever process takes them. Slow work of a platform is taken by the processes attached to it.
 */
export function createFleetWork(parts: FleetWorkParts) {
  const { jobs, deps, outboxes } = parts;
  const { state, clock, log } = deps;
  let taking = false;
  const taken = new Set<string>();
  /** The queue of a platform's slow work: per group where only some processes can finish it (a Discord shard). */
  const workQueueOf = (platform: string) => {
    const group = outboxes.get(platform)?.workGroup;
    return group ? `${platform}-${group}` : platform;
  };
  const slowWorkParts = {
    deps,
    perform: parts.perform,
    startFlow: parts.startFlow,
    deliver: (runId: string, event: CommandEvent) =>
      parts.deliverResult(runId, event).catch((error: unknown) => {
        if (!(error instanceof DuplicateEvent)) throw error;
      }),
  };
  const take = (platform: string) => {
    if (!taking || taken.has(platform)) return;
    taken.add(platform);
    jobs.takeSlowWork(workQueueOf(platform), (input, attempt) => runSlowWork(input, attempt, slowWorkParts));
  };

  /** A timer's job: fires the timer if the index still holds it at that time (not cancelled, not moved). */
  async function fireTimerJob(id: string, at: number): Promise<void> {
    const timer = await state.timers.timer(id);
    if (!timer || timer.at !== at) return;
    await parts.fireTimer(timer);
    await state.timers.removeTimer(id, at);
  }

  return {
    /** Puts a slow command's work on the queue; when the queue does not answer, runs it here. */
    async queue(input: SlowWorkInput, here: () => Promise<void>): Promise<void> {
      try {
        await jobs.addSlowWork(workQueueOf(input.event.ref.platform), slowWorkId(input.event), input);
      } catch (error) {
        log.warn({ command: input.event.name, err: (error as Error).message }, 'slow work not queued; running it here');
        await here();
      }
    },
    /** A platform was attached: once this process takes jobs, it takes that platform's slow work too. */
    attach: take,
    /** Takes timer jobs, the fleet's timer check and the attached platforms' slow work; returns a stop function. */
    start(): () => Promise<void> {
      taking = true;
      jobs.takeTimers({ fire: fireTimerJob, due: async () => (await state.timers.due(clock.now(), 500)).map((t) => ({ id: t.id, at: t.at })) });
      for (const platform of outboxes.keys()) take(platform);
      return async () => {
        taking = false;
        taken.clear();
        await jobs.stopTaking();
      };
    },
  };
}
