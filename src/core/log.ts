import type { Logger } from 'pino';
import { loadPackage } from './load-package';

export type { Logger };

/**
 * Structured logs. They never hold message text or personal data: callers log ids, kinds and
 * counts only, and the redaction below is a second line of defence for fields that must never appear.
 */
/** pino, loaded when the first logger is made. */
const pino: typeof import('pino').default = ((...args: Parameters<typeof import('pino').default>) => loadPackage<typeof import('pino')>('pino').default(...args)) as typeof import('pino').default;

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { app: 'commonground' },
      redact: { paths: ['text', '*.text', 'content', '*.content', 'name', '*.name', 'token', '*.token', 'values', '*.values'], censor: '[redacted]' },
    },
    (options.destination ?? process.stderr) as import('pino').DestinationStream,
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
