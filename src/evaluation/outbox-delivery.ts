import type { Logger } from '../core/log';
import type { StateStore } from '../state/store';
import type { Outcome, OutcomeStore } from './outcome';

/** Outcomes delivered per append when the outbox is emptied. */
const BATCH = 500;

export interface OutcomeDelivery {
  /** Delivers outcomes just committed with their turn; on failure they stay in the outbox. */
  deliver(outcomes: Outcome[]): Promise<void>;
  /** Delivers every outcome still in the outbox (at start-up); returns how many (0 when it could not). */
  flush(): Promise<number>;
}

/**
 * Moves outcomes from the state store's outbox (written in the turn's own transaction) to the
 * evaluation store. Appends ignore an id already there, so an outcome delivered just before a
 * crash, and delivered again after it, is kept once.
 */
export function createOutcomeDelivery(state: StateStore, outcomes: OutcomeStore, log: Logger): OutcomeDelivery {
  const move = async (list: Outcome[]) => {
    await outcomes.append(list);
    await state.outbox.delivered(list.map((outcome) => outcome.id));
  };
  return {
    async deliver(list) {
      if (list.length === 0) return;
      try {
        await move(list);
      } catch (error) {
        log.error({ outcomes: list.length, err: (error as Error).message }, 'outcomes kept in the outbox; delivered at the next start');
      }
    },
    async flush() {
      try {
        const pending = await state.outbox.pending();
        for (let i = 0; i < pending.length; i += BATCH) await move(pending.slice(i, i + BATCH));
        if (pending.length > 0) log.info({ outcomes: pending.length }, 'delivered outcomes left in the outbox');
        return pending.length;
      } catch (error) {
        // They stay in the outbox for the next start; the bot works meanwhile.
        log.error({ err: (error as Error).message }, 'could not deliver the outcomes left in the outbox');
        return 0;
      }
    },
  };
}
