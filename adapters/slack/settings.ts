/** What the Slack adapter reads from the environment. */
export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** Set: Socket Mode (no public URL needed). Unset: HTTP (Events API) on `port`. */
  appToken?: string;
  port: number;
  /** The interface the HTTP receiver listens on; every interface when unset. */
  host?: string;
  /** The Web API base URL (`SLACK_API_URL`), e.g. a local Slack double or a proxy. */
  apiUrl?: string;
  /** Every Web API request gives up after this long. */
  timeoutMs: number;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_TIMEOUT_MS = 10_000;

export class SlackSettingsError extends Error {
  readonly code = 'slack_settings';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function readSlackSettings(env: NodeJS.ProcessEnv): SlackSettings {
  const botToken = nonEmpty(env.SLACK_BOT_TOKEN);
  const signingSecret = nonEmpty(env.SLACK_SIGNING_SECRET);
  const missing = [!botToken && 'SLACK_BOT_TOKEN', !signingSecret && 'SLACK_SIGNING_SECRET'].filter(Boolean);
  if (!botToken || !signingSecret) throw new SlackSettingsError(`Slack needs ${missing.join(' and ')} (see the README's Slack section).`);
  const portText = nonEmpty(env.PORT);
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new SlackSettingsError(`PORT must be a port number, not "${portText ?? ''}".`);
  const timeoutText = nonEmpty(env.SLACK_API_TIMEOUT_MS);
  const timeoutMs = timeoutText === undefined ? DEFAULT_TIMEOUT_MS : Number(timeoutText);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new SlackSettingsError('SLACK_API_TIMEOUT_MS must be a positive number of milliseconds.');
  const appToken = nonEmpty(env.SLACK_APP_TOKEN);
  const host = nonEmpty(env.HOST);
  const apiUrl = nonEmpty(env.SLACK_API_URL);
  return {
    botToken,
    signingSecret,
    port,
    timeoutMs,
    ...(appToken ? { appToken } : {}),
    ...(host ? { host } : {}),
    ...(apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
  };
}
