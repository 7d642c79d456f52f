import { App, LogLevel, webApi } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/log';
import type { SlackSettings } from './settings';

export interface SlackAppOverrides {
  /** Merged over the Web API client options (tests turn retries off). */
  clientOptions?: webApi.WebClientOptions;
}

/** Bolt logs through the bot's logger: its chatter at debug, its problems as they are. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write = (at: 'debug' | 'warn' | 'error') => (...msg: unknown[]) => {
    log[at]({ source: 'bolt' }, msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' '));
  };
  return {
    debug: write('debug'),
    info: write('debug'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The Bolt app: HTTP (Events API, request signatures checked by Bolt) by default, Socket Mode
 * when an app-level token is set. The Web API client always has a timeout, and its base URL
 * comes from SLACK_API_URL when set. Bolt checks the token only when `init()` is called (the
 * adapter calls it once it has checked the token itself): checked in the constructor, a refused
 * token would end the process from a promise nobody waits for.
 */
export function createBoltApp(settings: SlackSettings, log: Logger, overrides: SlackAppOverrides = {}): App {
  const clientOptions: webApi.WebClientOptions = {
    timeout: settings.timeoutMs,
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    ...overrides.clientOptions,
  };
  const logger = boltLogger(log);
  if (settings.appToken) {
    return new App({
      token: settings.botToken,
      appToken: settings.appToken,
      socketMode: true,
      logger,
      clientOptions,
      // Socket Mode's own client finds its WebSocket URL through this Web API base.
      installerOptions: { clientOptions },
      deferInitialization: true,
    });
  }
  return new App({ token: settings.botToken, signingSecret: settings.signingSecret, logger, clientOptions, deferInitialization: true });
}
