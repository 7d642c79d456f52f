import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. They never hold message text or personal data: callers log ids, kinds and
 * counts only, and the redaction below is a second line of defence for fields that must never appear.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { app: 'commonground' },
      redact: { paths: ['text', '*.text', 'content', '*.content', 'name', '*.name', 'token', '*.token', 'values', '*.values'], censor: '[redacted]' },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
