import type { App } from '../app';
import type { RunningAdapter } from '../core/adapter';
import type { ReadinessCheck } from './health';

/** What readiness looks at, filled in as the process starts. */
export interface RunningParts {
  app?: App;
  adapters: RunningAdapter[];
  started: boolean;
}

/**
 * Ready means: started, every platform connected, the state store and the outcome store answer.
 * The store probes are one cheap read each (a key that is never set, a count of an empty project).
 */
export function readinessChecks(parts: RunningParts): ReadinessCheck[] {
  const app = () => {
    if (!parts.app) throw new Error('still starting');
    return parts.app;
  };
  return [
    {
      check: 'started',
      probe() {
        if (!parts.started) throw new Error('still starting');
      },
    },
    { check: 'state store', probe: () => app().state.hasSeen('readiness', 'probe') },
    { check: 'outcome store', probe: () => app().outcomes.count({ project: '~readiness-probe' }) },
    {
      check: 'platforms',
      probe() {
        const away = parts.adapters.filter((adapter) => adapter.connected && !adapter.connected()).map((adapter) => adapter.platform);
        if (away.length > 0) throw new Error(`not connected to ${away.join(', ')}`);
      },
    },
  ];
}

/** HEALTH_PORT as a number, or undefined when not set; a clear message when it is not a port. */
export function healthPort(env: NodeJS.ProcessEnv): number | undefined {
  const given = env.HEALTH_PORT;
  if (given === undefined || given === '') return undefined;
  const port = Number(given);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`HEALTH_PORT must be a port number (0 to 65535), not "${given}".`);
  return port;
}
