import type { AdapterContext, RunningAdapter } from '../../src/core/adapter';

/** Starts the Slack adapter. */
export async function startSlackAdapter(_context: AdapterContext): Promise<RunningAdapter> {
  throw new Error('The Slack adapter is not available in this build.');
}
