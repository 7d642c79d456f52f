import type { Logger } from '../core/log';

/** How long a stop may take before the process exits anyway (orchestrators kill at 10 to 30 s). */
export const SHUTDOWN_DEADLINE_MS = 10_000;

/** One part of stopping: stop taking events, finish those in flight, close the stores. */
export interface ShutdownStep {
  step: string;
  run(): Promise<unknown>;
}

/**
 * Runs the steps of a stop in order within one deadline. A step that fails is logged and the next
 * one runs; when the deadline passes (a platform or a store that does not answer), the step it
 * was on is named in the log and `false` comes back, so the caller can exit anyway.
 */
export async function stopWithin(steps: ShutdownStep[], deadlineMs: number, log: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  try {
    for (const { step, run } of steps) {
      const done = run().then(
        () => 'done' as const,
        (error: unknown) => {
          log.warn({ step, err: (error as Error).message }, 'a step of the shutdown failed; going on with the next');
          return 'done' as const;
        },
      );
      if ((await Promise.race([done, late])) === 'late') {
        log.error({ step, deadlineMs }, 'shutdown did not finish in time (a platform or a store does not answer); exiting without waiting for it');
        return false;
      }
      log.debug({ step }, 'shutdown step done');
    }
    return true;
  } finally {
    clearTimeout(timer);
  }
}

export interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM. */
  readonly received: Promise<string>;
  /** Time left before the forced exit (for the steps of the stop, which name the one that hung). */
  left(): number;
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM from the start, so a signal during start-up (a store that does not
 * answer) also stops the process: from the first signal, the process exits after `deadlineMs`
 * whatever is still running, with a line in the log saying so; a second signal exits at once.
 */
export function listenForStop(log: Logger, deadlineMs: number, exit: (code: number) => void): StopSignal {
  let resolve: (signal: string) => void = () => undefined;
  const received = new Promise<string>((done) => (resolve = done));
  let first: string | undefined;
  let exitAt = Infinity;
  const onSignal = (signal: string) => {
    if (first) {
      log.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    first = signal;
    exitAt = Date.now() + deadlineMs;
    log.info({ signal, deadlineMs }, 'shutting down');
    setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown did not finish in time (a platform or a store does not answer); exiting without waiting for it');
      exit(1);
    }, deadlineMs).unref();
    resolve(signal);
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    received,
    // The steps get a little less, so that they, not this timer, say which one did not finish.
    left: () => Math.max(0, exitAt - Date.now() - 250),
    dispose() {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
    },
  };
}
