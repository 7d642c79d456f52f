/**
 * The event being handled, as its first saved turn records it: the turn that saves first writes
 * the event's `seen` key in the same transaction (refused if another process saved it first), so
 * an event is either handled and remembered, or neither.
 */
export interface AnsweredEvent {
  key: string;
  /** Set once a turn has recorded the event. */
  claimed: boolean;
  /** For a timer: the timer the turn removes. */
  fired?: { id: string; at: number };
  /** Work that needs no lock (delivering outcomes, which wait in the outbox), finished after the conversation is released. */
  afterRelease?: Promise<void>[];
}

/** Thrown when a turn finds its event already handled (by another process): nothing was written. */
export class DuplicateEvent extends Error {
  constructor() {
    super('event already handled');
  }
}
