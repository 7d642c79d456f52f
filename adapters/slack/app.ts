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

/** The Web API client's options: SLACK_API_URL, SLACK_API_TIMEOUT_MS, retries over five minutes. */
function webClientOptions(settings: SlackSettings, overrides: SlackAppOverrides): webApi.WebClientOptions {
  return {
    timeout: settings.timeoutMs,
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    ...overrides.clientOptions,
  };
}

/**
 * The Web API client the start asks Slack with, once: a Slack that cannot be reached or does not
 * answer within SLACK_API_TIMEOUT_MS is said at once, not retried for minutes. Its failed requests
 * are logged at debug only, since the start says what went wrong itself.
 */
export function createStartClient(settings: SlackSettings, log: Logger, overrides: SlackAppOverrides = {}): webApi.WebClient {
  const logger = boltLogger(log);
  return new webApi.WebClient(settings.botToken, { ...webClientOptions(settings, overrides), retryConfig: { retries: 0 }, logger: { ...logger, warn: logger.debug } });
}

/**
 * The Bolt app: HTTP (Events API, request signatures checked by Bolt) by default, Socket Mode
 * when an app-level token is set. The Web API client always has a timeout, and its base URL
 * comes from SLACK_API_URL when set. Bolt checks the token only when `init()` is called (the
 * adapter calls it once it has checked the token itself): checked in the constructor, a refused
 * token would end the process from a promise nobody waits for.
 */
export function createBoltApp(settings: SlackSettings, log: Logger, overrides: SlackAppOverrides = {}): App {
  const clientOptions = webClientOptions(settings, overrides);
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
