/**
 * Signed HTTP requests as Slack sends them to an app's request URL (Bolt's HTTPReceiver listens on
 * `/slack/events` by default). Signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * keyed with the signing secret; Bolt refuses a timestamp older than 5 minutes.
 */
import { createHmac } from 'node:crypto';
import { blockActions, eventCallback, slashCommand, viewSubmission } from './payloads';
import type {
  BlockActionInput,
  EventEnvelopeOptions,
  JsonObject,
  SlashCommandInput,
  ViewSubmissionInput,
} from './payloads';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function signSlackRequest(
  rawBody: string,
  signingSecret: string,
  timestampSeconds: number = nowSeconds(),
): SlackSignatureHeaders {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hmac}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}

/** The URL Bolt's HTTPReceiver answers on, for a receiver listening on `port`. */
export function boltEventsUrl(port: number, path = '/slack/events'): string {
  return `http://127.0.0.1:${port}${path}`;
}

export interface SendOptions {
  /** `valid` (default), `bad` (signed with another secret) or `missing` (no signature headers). */
  signature?: 'valid' | 'bad' | 'missing';
  /** Sign correctly, but with a timestamp six minutes old. */
  stale?: boolean;
  /** Explicit request timestamp (seconds); overrides `stale`. */
  timestampSeconds?: number;
  /** Extra headers, sent as given. */
  headers?: Record<string, string>;
  /** Client-side timeout for the whole exchange; default 10 s. */
  timeoutMs?: number;
}

export interface SendResult {
  status: number;
  /** The response body as text (`''` for an empty ack). */
  body: string;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  json: unknown;
  headers: Record<string, string>;
  /** Time from sending the request to having the whole response. */
  elapsedMs: number;
}

export const STALE_AGE_SECONDS = 6 * 60;

/** Posts a raw body to `url`, signed (or mis-signed) as `options` says. */
export async function postSigned(
  url: string,
  signingSecret: string,
  rawBody: string,
  contentType: string,
  options: SendOptions = {},
): Promise<SendResult> {
  const timestamp = options.timestampSeconds ?? (options.stale === true ? nowSeconds() - STALE_AGE_SECONDS : nowSeconds());
  const headers: Record<string, string> = { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
  const mode = options.signature ?? 'valid';
  if (mode !== 'missing') {
    const secret = mode === 'bad' ? `${signingSecret}-wrong` : signingSecret;
    Object.assign(headers, signSlackRequest(rawBody, secret, timestamp));
  }
  Object.assign(headers, options.headers);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: rawBody,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  const elapsedMs = performance.now() - started;
  let json: unknown;
  if (body.length > 0) {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, body, json, headers: Object.fromEntries(response.headers.entries()), elapsedMs };
}

// Bolt compares the content type with `===`: no `; charset=...` suffix, or the body is parsed as JSON.
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

export interface EventSendOptions extends SendOptions, EventEnvelopeOptions {
  /** Sets `X-Slack-Retry-Num` (Slack's re-deliveries are 1, 2, 3). */
  retryNum?: number;
  /** Sets `X-Slack-Retry-Reason`, e.g. `http_timeout`. Defaults to `http_timeout` when retrying. */
  retryReason?: string;
}

/** Sends an Events API event in its `event_callback` envelope. */
export async function sendEvent(
  url: string,
  signingSecret: string,
  event: JsonObject,
  options: EventSendOptions = {},
): Promise<SendResult> {
  const body = JSON.stringify(eventCallback(event, options));
  const headers: Record<string, string> = { ...options.headers };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  } else if (options.retryReason !== undefined) {
    headers['x-slack-retry-reason'] = options.retryReason;
  }
  return postSigned(url, signingSecret, body, JSON_TYPE, { ...options, headers });
}

/** The handshake Slack performs when a request URL is saved; Bolt answers `{ challenge }`. */
export async function sendUrlVerification(
  url: string,
  signingSecret: string,
  challenge = 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
  options: SendOptions = {},
): Promise<SendResult> {
  const body = JSON.stringify({ token: 'legacy-verification-token', challenge, type: 'url_verification' });
  return postSigned(url, signingSecret, body, JSON_TYPE, options);
}

/** Sends a slash command, form-encoded like Slack. */
export async function sendSlashCommand(
  url: string,
  signingSecret: string,
  input: SlashCommandInput,
  options: SendOptions = {},
): Promise<SendResult> {
  const body = new URLSearchParams(slashCommand(input)).toString();
  return postSigned(url, signingSecret, body, FORM, options);
}

/** Sends any interactive payload as Slack does: form-encoded `payload=<JSON>`. */
export async function sendInteractive(
  url: string,
  signingSecret: string,
  payload: JsonObject,
  options: SendOptions = {},
): Promise<SendResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(url, signingSecret, body, FORM, options);
}

export async function sendBlockAction(
  url: string,
  signingSecret: string,
  input: BlockActionInput,
  options: SendOptions = {},
): Promise<SendResult> {
  return sendInteractive(url, signingSecret, blockActions(input), options);
}

export async function sendViewSubmission(
  url: string,
  signingSecret: string,
  input: ViewSubmissionInput,
  options: SendOptions = {},
): Promise<SendResult> {
  return sendInteractive(url, signingSecret, viewSubmission(input), options);
}
