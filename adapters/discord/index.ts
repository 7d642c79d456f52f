import type { AdapterContext, RunningAdapter } from '../../src/core/adapter';

/** Starts the Discord adapter. */
export async function startDiscordAdapter(_context: AdapterContext): Promise<RunningAdapter> {
  throw new Error('The Discord adapter is not available in this build.');
}
