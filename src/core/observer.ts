/**
 * What the bot tells whoever watches it run (metrics, health): counts and durations only, never
 * who or what was said. Every method is optional; the bot works the same without an observer.
 */
export interface BotObserver {
  /** One inbound event was dealt with: answered, recognised as a repeat, or failed. */
  eventHandled?(event: { platform: string; kind: string; outcome: 'handled' | 'duplicate' | 'failed' }): void;
  /** The first action answering an event was performed, this long after the bot received it. */
  firstResponse?(event: { platform: string; kind: string; seconds: number }): void;
  /** Something went wrong: an action a platform refused, a timer that failed. */
  failure?(failure: { platform: string; where: 'action' | 'timer' }): void;
  /** Slow work (a summary, a report, a model's draft) was queued (+1) or finished (-1). */
  slowWork?(change: 1 | -1): void;
}
