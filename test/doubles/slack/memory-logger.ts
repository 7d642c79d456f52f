import { LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';

/** A Bolt logger that keeps what it is told, so tests stay quiet and can look. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  let level = LogLevel.INFO;
  const keep = (tag: string) => (...msg: unknown[]) => {
    lines.push(`${tag} ${msg.map(String).join(' ')}`);
  };
  return {
    lines,
    debug: () => undefined,
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
