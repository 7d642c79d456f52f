/**
 * The fleet's job queue, as the core sees it: when several processes share the state (Redis), each
 * timer fires as a job in whichever process takes it, and slow work (summaries, reports, model
 * calls) runs as a job with retries. The store's timer index stays the truth; a job only says when
 * to look at it. With one process (SQLite, memory) there is no job queue: the in-process scheduler
 * fires timers and slow work runs in the process that received the command.
 */
export interface Jobs {
  /** After a turn saved timers: one delayed job per timer and due time (adding it again changes nothing). */
  addTimers(timers: readonly { id: string; at: number }[], now: number): Promise<void>;
  /**
   * Queues a slow command's work for the processes that can finish it: those of its platform (or of
   * one group of it, as `discord-shard-0`); `id` makes adding it twice harmless.
   */
  addSlowWork(platform: string, id: string, input: unknown): Promise<void>;
  /**
   * Starts taking timer jobs in this process, and the periodic check (once in the fleet per
   * period) that gives every due timer of the index a job, so a timer whose job was never added
   * (a process died between saving the turn and adding it) still fires.
   */
  takeTimers(handlers: { fire(id: string, at: number): Promise<void>; due(): Promise<{ id: string; at: number }[]> }): void;
  /** Starts taking slow work of one platform or group (a process runs the work of the platforms it is connected to). */
  takeSlowWork(platform: string, run: (input: unknown, attempt: SlowWorkAttempt) => Promise<void>): void;
  /** Slow work waiting or under way in the fleet, on the platforms this process knows. */
  waiting(): Promise<number>;
  /** Stops taking jobs here; a job under way that does not finish soon is left for another process. */
  stopTaking(): Promise<void>;
  close(): Promise<void>;
}

/** One try of a slow-work job. */
export interface SlowWorkAttempt {
  /** The job's id, the same on every try. */
  id: string;
  /** 1 on the first try. */
  number: number;
  attempts: number;
  /** How far along the work is, 0 to 100, for whoever watches the queue. */
  progress(percent: number): Promise<void>;
}
