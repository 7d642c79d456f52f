import { join } from 'node:path';
import type { Community } from './config/schema';
import { loadCatalogue, type Catalogue } from './core/catalogue';
import { createBot, type Bot } from './core/bot';
import type { Logger } from './core/log';
import type { BotObserver } from './core/observer';
import { createOutcomeDelivery } from './evaluation/outbox-delivery';
import { openOutcomeStore } from './evaluation/open-store';
import type { OutcomeStore } from './evaluation/outcome';
import { createPseudonymiser, installationSecret } from './evaluation/pseudonym';
import { allCommands, allFunctions, features, type Feature } from './features';
import { flowIndexOf } from './core/indexes';
import { loadFlows } from './flows/loader';
import type { Flow } from './flows/schema';
import { PROMPTS_DIR } from './paths';
import { createScheduler, systemClock, type Clock } from './state/scheduler';
import { openStateStore, redisLocation, type StateStore } from './state/store';
import { createBullJobs, type BullJobsOptions } from './state/bullmq-jobs';
import type { Jobs } from './state/jobs';
import type { PlatformRecords } from './privacy/platform-records';

export interface AppOptions {
  community: Community;
  log: Logger;
  /** Holds the SQLite files and the installation secret. */
  dataDir: string;
  /** STORE_URL: `memory`, `redis://...`, `sqlite://file`; default a SQLite file in dataDir. */
  storeUrl?: string;
  /** EVAL_DB_URL: `postgres://...`, a SQLite path, or `:memory:`; default `<dataDir>/outcomes.sqlite`. */
  evalDbUrl?: string;
  clock?: Clock;
  promptsDir?: string;
  /** Extra flow scripts and messages (tests use this for scripts of their own). */
  extraPromptsDir?: string;
  features?: Feature[];
  directMessageCommand?: string;
  /** Told what the bot does, for metrics (src/operations). */
  observer?: BotObserver;
  /** What platforms keep of their own about people (filled in as adapters start), for the privacy rights. */
  platformRecords?: readonly PlatformRecords[];
  /**
   * With the state on Redis, timers and slow work run as jobs on a queue in the same Redis, so the
   * whole fleet shares them (`commonground start` does this). Ignored for other stores.
   */
  jobQueue?: boolean | Pick<BullJobsOptions, 'reconcileEveryMs' | 'attempts' | 'backoffMs'>;
}

export interface App {
  bot: Bot;
  state: StateStore;
  outcomes: OutcomeStore;
  catalogue: Catalogue;
  flows: Map<string, Flow>;
  /** The fleet's job queue, when there is one (state on Redis, `jobQueue` asked for). */
  jobs?: Jobs;
  /** Waits for work in progress, then closes the stores. */
  close(): Promise<void>;
}

/** Wires the platform-neutral core: catalogue, flows, state, outcome log, scheduler and bot. */
export async function createApp(options: AppOptions): Promise<App> {
  const promptsDir = options.promptsDir ?? PROMPTS_DIR;
  const list = options.features ?? features;
  const functions = allFunctions(list);
  const extra = options.extraPromptsDir;
  const catalogue = loadCatalogue([join(promptsDir, 'messages'), ...(extra ? [join(extra, 'messages')] : [])]);
  const flows = loadFlows(join(promptsDir, 'flows'), functions, catalogue);
  if (extra) for (const [id, flow] of loadFlows(join(extra, 'flows'), functions, catalogue)) flows.set(id, flow);
  const state = openStateStore(options.storeUrl, options.dataDir, { indexOf: flowIndexOf(flows) });
  const outcomes = await openOutcomeStore(options.evalDbUrl ?? join(options.dataDir, 'outcomes.sqlite')).catch(async (error: unknown) => {
    await state.close().catch(() => undefined);
    throw unreachable(error, options.evalDbUrl, (key, vars) => catalogue.t(options.community.locale, key, vars));
  });
  // Outcomes saved with their turn but not delivered before the last stop go to the evaluation store now.
  await createOutcomeDelivery(state, outcomes, options.log).flush();
  const secret = installationSecret(options.dataDir);
  const redis = options.jobQueue ? redisLocation(options.storeUrl) : undefined;
  const jobs = redis ? createBullJobs({ ...redis, log: options.log, ...(typeof options.jobQueue === 'object' ? options.jobQueue : {}) }) : undefined;
  const bot = createBot({
    community: options.community,
    catalogue,
    flows,
    functions,
    commands: allCommands(list),
    state,
    outcomes,
    scheduler: createScheduler(state),
    clock: options.clock ?? systemClock,
    pseudonymise: createPseudonymiser(secret),
    log: options.log,
    ...(options.directMessageCommand ? { directMessageCommand: options.directMessageCommand } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.platformRecords ? { platformRecords: options.platformRecords } : {}),
    ...(jobs ? { jobs } : {}),
  });
  return {
    bot,
    state,
    outcomes,
    catalogue,
    flows,
    ...(jobs ? { jobs } : {}),
    async close() {
      await bot.idle();
      await jobs?.close();
      await state.close();
      await outcomes.close();
    },
  };
}

/** A PostgreSQL outcome store that could not be reached, said plainly (where, why, what to do); other errors as they are. */
function unreachable(error: unknown, url: string | undefined, t: (key: string, vars: Record<string, string>) => string): unknown {
  if (!url || !/^postgres(ql)?:\/\//i.test(url) || !URL.canParse(url)) return error;
  const { protocol, host, pathname } = new URL(url);
  return new Error(t('core.environment.eval_db_unreachable', { where: `${protocol}//${host}${pathname}`, reason: String((error as Error).message ?? error).split('\n')[0] ?? '' }));
}
