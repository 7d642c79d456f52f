import type { Community } from '../config/schema';
import type { Bot } from './bot';
import type { Logger } from './log';

/** An adapter that is running: it can be stopped cleanly (no event lost, connections closed). */
export interface RunningAdapter {
  platform: string;
  stop(): Promise<void>;
  /** Whether it is connected to its platform now (readiness); absent means always. */
  connected?(): boolean;
}

/** What main.ts gives an adapter when it starts one. */
export interface AdapterContext {
  bot: Bot;
  community: Community;
  env: NodeJS.ProcessEnv;
  log: Logger;
}
