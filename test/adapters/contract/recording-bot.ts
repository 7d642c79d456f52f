import { loadCatalogue } from '../../../src/core/catalogue';
import type { Bot, BotDeps, Outbox } from '../../../src/core/bot';
import { commandList } from '../../../src/core/command-list';
import { replyingTo } from '../../../src/core/actions';
import type { CommandSpec } from '../../../src/core/commands';
import { InboundEvent } from '../../../src/core/events';
import { loadCommunity } from '../../../src/config/load';
import { EXAMPLE_COMMUNITY, PROMPTS_DIR } from '../../../src/paths';
import { join } from 'node:path';

export type EventHandler = (event: InboundEvent, outbox: Outbox) => Promise<void>;

/**
 * A stand-in for the core that records every event an adapter hands over and lets a test decide
 * what the bot does in answer, through the outbox the adapter attached. Adapters only use
 * `attach`, `handle` and the command list, community and catalogue in `deps`.
 */
export interface RecordingBot extends Bot {
  readonly events: InboundEvent[];
  onEvent(handler: EventHandler): void;
  /** Resolves once `count` events have been handled. */
  handled(count: number, timeoutMs?: number): Promise<void>;
}

export function createRecordingBot(commands: CommandSpec[] = []): RecordingBot {
  const partial: Partial<BotDeps> = {
    commands,
    community: loadCommunity(EXAMPLE_COMMUNITY),
    catalogue: loadCatalogue(join(PROMPTS_DIR, 'messages')),
    flows: new Map(),
  };
  const deps = partial as BotDeps;
  const outboxes = new Map<string, Outbox>();
  const events: InboundEvent[] = [];
  const waiters: Array<() => void> = [];
  let handler: EventHandler = async () => undefined;
  let done = 0;
  let work: Promise<void> = Promise.resolve();
  const bot: RecordingBot = {
    deps,
    events,
    onEvent(next) {
      handler = next;
    },
    attach(platform, outbox) {
      outboxes.set(platform, outbox);
    },
    commandList: () => commandList(commands, [], () => true),
    async handle(raw) {
      const event = InboundEvent.parse(raw);
      events.push(event);
      const outbox = outboxes.get(event.ref.platform);
      const run = async () => {
        // Like the core, actions that answer the event say so (`replyTo`).
        if (outbox) await handler(event, { perform: (action) => outbox.perform(replyingTo(action, event)) });
        done += 1;
        for (const wake of waiters.splice(0)) wake();
      };
      work = work.then(run, run);
      await work;
    },
    handled(count, timeoutMs = 3_000) {
      if (done >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${done} of ${count} events handled`)), timeoutMs);
        const check = () => {
          if (done >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
    fireDue: async () => 0,
    startTimers: () => async () => undefined,
    startFlow: () => Promise.reject(new Error('the recording bot runs no flows')),
    idle: () => work,
    sendKeptAnswers: async () => 0,
    resumeSpaces: async () => 0,
  };
  return bot;
}
