import type { ChatHarness } from './harness';

/**
 * The next turn is saved, and then the process stops before it says or opens anything: every save
 * from then on writes and then fails, as a process killed right after its write would leave things.
 */
export function stopAfterTheNextSave(harness: ChatHarness): void {
  const state = harness.app.state;
  const commit = state.commitTurn.bind(state);
  state.commitTurn = (async (turn: Parameters<typeof commit>[0]) => {
    await commit(turn);
    throw new Error('the process stopped here');
  }) as typeof state.commitTurn;
}
