import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { AdapterContext, RunningAdapter } from '../../src/core/adapter';
import type { InboundEvent } from '../../src/core/events';
import { keys } from '../../src/state/keys';
import { OperatorError } from '../../src/operator-error';
import { createBoltApp, createStartClient, type SlackAppOverrides } from './app';
import { createChannelDirectory } from './channels';
import { createPendingForms, createTriggers, FORM_CALLBACK } from './forms';
import { PLATFORM } from './inbound';
import { registerListeners } from './listeners';
import { createSlackOutbox } from './outbound';
import { createPeople } from './people';
import { readSlackSettings, type SlackSettings } from './settings';

export interface RunningSlackAdapter extends RunningAdapter {
  mode: 'http' | 'socket';
  /** The HTTP port Slack's requests arrive on (HTTP mode). */
  port?: number;
  /** Resolves when the work started by requests received so far is done. */
  idle(): Promise<void>;
}

/** What Slack's Web API client throws when Slack answered with `ok: false` (the error Slack named is in `data`). */
const PLATFORM_ERROR = 'slack_webapi_platform_error';

/** What it throws when the request itself failed (no answer came); the cause is in `original`. */
const REQUEST_ERROR = 'slack_webapi_request_error';

/**
 * Asks Slack who the bot is. A token Slack refuses (`invalid_auth`, `token_revoked`, ...) stops the
 * start with one line naming SLACK_BOT_TOKEN and what Slack said; a Slack that cannot be reached
 * (no network, a wrong SLACK_API_URL) or does not answer within SLACK_API_TIMEOUT_MS, with one line
 * naming the address.
 */
async function checkToken<T>(ask: () => Promise<T>, settings: SlackSettings): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    const { code, data, original } = error as { code?: string; data?: { error?: string }; original?: Error & { cause?: { code?: string } } };
    if (code === PLATFORM_ERROR) throw new OperatorError('cli.slack.token_refused', { reason: data?.error ?? 'unknown' }, `Slack refused SLACK_BOT_TOKEN (${data?.error ?? 'unknown'})`);
    if (code !== REQUEST_ERROR || !original) throw error;
    const where = new URL(settings.apiUrl ?? 'https://slack.com/api/').host;
    if (original.name === 'TimeoutError' || original.name === 'AbortError') {
      throw new OperatorError('cli.slack.no_answer', { where, seconds: settings.timeoutMs / 1000 }, `Slack did not answer at ${where}`);
    }
    const reason = original.cause?.code ?? (original as NodeJS.ErrnoException).code ?? original.message;
    throw new OperatorError('cli.slack.unreachable', { where, reason }, `Slack could not be reached at ${where} (${reason})`);
  }
}

const PreferredLocale = z.object({ locale: z.enum(['en', 'zh-CN']) });

/**
 * Starts the Slack adapter: Bolt over HTTP (Events API on PORT) or Socket Mode (SLACK_APP_TOKEN).
 * Every request is acknowledged first; the core handles the event afterwards and answers through
 * the Web API. `overrides` lets tests shape the Web API client (no retries against a double).
 */
export async function startSlackAdapter(context: AdapterContext, overrides: SlackAppOverrides = {}): Promise<RunningSlackAdapter> {
  const { bot, log } = context;
  const settings = readSlackSettings(context.env);
  const app = createBoltApp(settings, log, overrides);
  const client = app.client;
  const auth = await checkToken(() => createStartClient(settings, log, overrides).auth.test(), settings);
  // Bolt's own check of the token, made here, after ours (a refusal is said above, not thrown later).
  await app.init();
  const botUserId = auth.user_id;
  const { catalogue, state, community } = bot.deps;

  async function say(userId: string | undefined, key: string): Promise<string> {
    let locale = community.locale;
    try {
      if (userId) locale = (await state.get(keys.prefs(`${PLATFORM}:${userId}`), PreferredLocale))?.locale ?? locale;
    } catch {
      // no saved preference readable: the community's language
    }
    return catalogue.t(locale, key);
  }

  const triggers = createTriggers();
  const pendingForms = createPendingForms();
  const outbox = createSlackOutbox({
    client,
    channels: createChannelDirectory(client, log),
    triggers,
    pendingForms,
    say,
    log,
    ...(botUserId ? { botUserId } : {}),
  });
  bot.attach(PLATFORM, outbox);

  // Work that runs after the ack, tracked so stop() can let it finish.
  const inFlight = new Set<Promise<void>>();
  function handleLater(build: () => Promise<InboundEvent | undefined>): void {
    const work = build()
      .then((event) => (event ? bot.handle(event) : undefined))
      .catch((error: unknown) => log.error({ platform: PLATFORM, err: (error as Error).message }, 'slack event failed'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  }

  registerListeners(app, {
    people: createPeople(client, log),
    triggers,
    pendingForms,
    outbox,
    say,
    handleLater,
    log,
    formCallback: FORM_CALLBACK,
    ...(botUserId ? { botUserId } : {}),
  });
  app.error(async (error) => {
    log.error({ platform: PLATFORM, err: error.message }, 'slack request failed');
  });

  let port: number | undefined;
  if (settings.appToken) {
    await app.start();
  } else {
    const server = (await app.start({ port: settings.port, ...(settings.host ? { host: settings.host } : {}) })) as Server;
    port = (server.address() as AddressInfo).port;
  }
  const mode = settings.appToken ? 'socket' : 'http';
  log.info({ platform: PLATFORM, mode, port }, 'slack adapter started');

  return {
    platform: PLATFORM,
    mode,
    ...(port !== undefined ? { port } : {}),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await bot.idle();
    },
    async stop() {
      await app.stop();
      await Promise.allSettled([...inFlight]);
      await bot.idle();
    },
  };
}
