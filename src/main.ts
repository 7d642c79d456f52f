import { createInterface } from 'node:readline';
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from './app';
import { loadCommunity } from './config/load';
import { environmentProblems, readEnvironment, type Environment } from './config/environment';
import type { Community } from './config/schema';
import type { RunningAdapter } from './core/adapter';
import { createLogger, type Logger } from './core/log';
import type { PlatformRecords } from './privacy/platform-records';
import { startRetentionSweep } from './privacy/retention-sweep';
import { catchUp, startOutboxSweep } from './operations/outbox-sweep';
import { startHealthServer } from './operations/health';
import { healthPort, readinessChecks, type RunningParts } from './operations/readiness';
import { listenForStop, SHUTDOWN_DEADLINE_MS, stopWithin } from './operations/shutdown';
import { systemClock } from './state/scheduler';
import { redisLocation } from './state/store';
import { loadCatalogue } from './core/catalogue';
import { DataFolderInUse, lockDataFolder, ownsDataFolder, type DataFolderLock } from './data-folder-lock';
import { operatorLocale } from './operator-language';
import { PROMPTS_DIR } from './paths';
import { terminalLine } from './core/terminal-text';
import { openLocalChat } from '../adapters/local/local-chat';
import { storedChatMemory } from '../adapters/local/memory';
import { localAttachments } from '../adapters/local/attachments';

/**
 * The one place that wires configuration, stores, adapters and the bot together. Platform adapters
 * are loaded only when their tokens are set, so the local chat starts without them.
 */
export async function start(options: { chatOnly?: boolean; input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream } = {}): Promise<number> {
  const environment = readEnvironment();
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const env = process.env;
  const wantsDiscord = !options.chatOnly && !!env.DISCORD_TOKEN;
  // A process the Discord sharding manager started runs that one shard and nothing else.
  const shard = env.SHARDS !== undefined;
  const wantsSlack = !options.chatOnly && !shard && !!env.SLACK_BOT_TOKEN;
  const wantsWeb = !options.chatOnly && !shard && !!env.WEB_PORT;
  const localOnly = !wantsDiscord && !wantsSlack && !wantsWeb;
  const community = loadCommunity(environment.communityFile);
  // A setting the bot cannot use is said plainly, with what to do, before anything is opened: in
  // the operator's language, or the community's when their environment names none.
  const say = (key: string, vars: Record<string, string | number>) => process.stderr.write(`${loadCatalogue(join(PROMPTS_DIR, 'messages')).t(operatorLocale(env, community.locale), key, vars)}\n`);
  const problems = environmentProblems(environment);
  for (const { key, vars } of problems) say(key, { ...vars, value: terminalLine(vars.value ?? '') });
  const webPort = env.WEB_PORT ?? '';
  const badPort = wantsWeb && !(/^\d{1,5}$/.test(webPort) && Number(webPort) <= 65535);
  if (badPort) say('core.environment.web_port', { value: terminalLine(webPort) });
  if (problems.length > 0 || badPort) return 1;
  try {
    await mkdir(environment.dataDir, { recursive: true });
    accessSync(environment.dataDir, constants.W_OK);
  } catch (error) {
    say('core.environment.data_dir', { folder: terminalLine(environment.dataDir), reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    return 1;
  }
  const log = createLogger({ level: environment.logLevel ?? (localOnly ? 'warn' : 'info') });
  // One process per data folder, unless the state is on Redis (shared, and not cached in process).
  let folderLock: DataFolderLock | undefined;
  if (ownsDataFolder(environment.storeUrl)) {
    try {
      folderLock = lockDataFolder(environment.dataDir);
    } catch (error) {
      if (!(error instanceof DataFolderInUse)) throw error;
      say(error.pid ? 'core.data_folder.in_use' : 'core.data_folder.in_use_unknown', { folder: terminalLine(error.folder), ...(error.pid ? { pid: error.pid } : {}) });
      return 1;
    }
  }
  try {
    return await serve({ environment, community, log, input, output, wantsDiscord, wantsSlack, wantsWeb, release: () => folderLock?.release() });
  } finally {
    folderLock?.release();
  }
}

interface Serving {
  environment: Environment;
  community: Community;
  log: Logger;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  wantsDiscord: boolean;
  wantsSlack: boolean;
  wantsWeb: boolean;
  /** Gives the data folder back (before the process ends from inside serve). */
  release: () => void;
}

/** Runs the bot until it is stopped: the platforms whose tokens are set, or the local chat. */
async function serve({ environment, community, log, input, output, wantsDiscord, wantsSlack, wantsWeb, release }: Serving): Promise<number> {
  const env = process.env;
  const localOnly = !wantsDiscord && !wantsSlack && !wantsWeb;
  // From here on a stop signal is heard, even while a platform or a store is still being reached.
  const stop = localOnly ? undefined : listenForStop(log, shutdownDeadlineMs(env), exitNow);
  // HEALTH_PORT: liveness, readiness and metrics, answering from the start (not ready until started).
  const parts: RunningParts = { adapters: [], started: false };
  // What is open so far: a stop closes it in order (adapters first: they finish the events in flight,
  // then the timers and the stores), within a deadline, since a platform or a store that does not
  // answer must not keep us running.
  const opened: { timers?: () => Promise<void>; health?: { close(): unknown } } = {};
  const shutdown = (deadlineMs: number) =>
    stopWithin(
      [
        { step: 'adapters', run: () => Promise.all(parts.adapters.map((a) => a.stop())) },
        { step: 'timers', run: async () => opened.timers?.() },
        { step: 'stores', run: async () => parts.app?.close() },
        { step: 'health endpoints', run: async () => opened.health?.close() },
      ],
      deadlineMs,
      log,
    );
  // A stop while a platform or a store is still being reached: nothing has been taken in yet, so
  // what is open is closed and the process leaves at once, rather than at the deadline.
  let stoppedEarly: Promise<number> | undefined;
  void stop?.received.then(() => {
    if (parts.started) return;
    stoppedEarly = shutdown(stop.left()).then((clean) => {
      if (clean) log.info('stopped during start-up');
      return exitNow(clean ? 0 : 1);
    });
  });
  const port = env.SHARDS === undefined ? healthPort(env) : undefined;
  const metrics =
    port === undefined
      ? undefined
      : // prom-client is loaded only by a process that serves metrics (HEALTH_PORT), not by the local chat.
        (await import('./operations/metrics')).createBotMetrics({ dueTimers: async () => (parts.app ? (await parts.app.state.timers.due(Date.now(), 1000)).length : 0), slowWork: async () => parts.app?.jobs?.waiting() });
  const health = port === undefined || !metrics ? undefined : await startHealthServer({ port, ...(env.HEALTH_HOST ? { host: env.HEALTH_HOST } : {}), checks: readinessChecks(parts), metrics, log });
  if (health) opened.health = health;
  // Filled in as adapters start: what a platform keeps of its own about people, erased with the rest.
  const platformRecords: PlatformRecords[] = [];
  // A Redis that does not answer keeps the start waiting (it may be starting too): said after a while, not silently.
  const redis = redisLocation(environment.storeUrl);
  const patience = redis
    ? setTimeout(() => {
        const where = new URL(redis.url).host;
        if (localOnly) process.stderr.write(`${loadCatalogue(join(PROMPTS_DIR, 'messages')).t(operatorLocale(env, community.locale), 'core.environment.store_waiting', { where })}\n`);
        else log.warn({ store: where }, 'the state store (STORE_URL) does not answer yet; still trying: check that Redis is running there');
      }, STORE_PATIENCE_MS)
    : undefined;
  try {
    return await run();
  } catch (error) {
    // The start failed (a platform refused the bot, a store refused the connection): what was opened
    // is closed, so the process ends with the one line that says why, rather than hang or go on.
    stop?.dispose();
    clearTimeout(patience);
    if (!stoppedEarly) await shutdown(shutdownDeadlineMs(env));
    throw error;
  }

  async function run(): Promise<number> {
    // A Redis that answers but refuses the bot (a password needed or wrong, a database it does not
    // have) would refuse every command while the client tries again forever: said at once instead.
    const refused = redis ? await (await import('./state/redis-check')).redisRefusal(redis.url) : undefined;
    if (refused) throw refused;
    const app = await createApp({
      community,
      log,
      dataDir: environment.dataDir,
      platformRecords,
      ...(environment.storeUrl ? { storeUrl: environment.storeUrl } : {}),
      ...(environment.evalDbUrl ? { evalDbUrl: environment.evalDbUrl } : {}),
      directMessageCommand: 'feedback',
      // With the state on Redis, the fleet shares timers and slow work through a job queue there (the
      // local chat, one person in a terminal, keeps them in process and answers before it exits).
      jobQueue: !localOnly,
      ...(metrics ? { observer: metrics.observer } : {}),
    }).finally(() => clearTimeout(patience));
    parts.app = app;
    const stopTimers = app.bot.startTimers();
    // What people wrote is removed after the retention periods (mediation agreement copies stay).
    const stopRetention = startRetentionSweep(app.state, systemClock, { mediation: community.mediation.retentionDays, feedback: community.feedback.retentionDays });
    // Outcomes kept while the outcome store did not answer reach it once it answers again.
    const stopOutboxSweep = startOutboxSweep(app, log);
    opened.timers = async () => (stopRetention(), await stopTimers(), await stopOutboxSweep());
    const adapters: RunningAdapter[] = parts.adapters;
    if (wantsDiscord) {
      const sharding = await import('../adapters/discord/sharding');
      if (sharding.discordShards(env) !== undefined && !sharding.isShardProcess(env)) {
        adapters.push(await sharding.startDiscordShards({ env, file: fileURLToPath(new URL('../bin/commonground.js', import.meta.url)), log }));
      } else {
        const { startDiscordAdapter } = await import('../adapters/discord/index');
        adapters.push(await startDiscordAdapter({ bot: app.bot, community, env, log }));
      }
    }
    if (wantsSlack) {
      const { startSlackAdapter } = await import('../adapters/slack/index');
      adapters.push(await startSlackAdapter({ bot: app.bot, community, env, log }));
    }
    if (wantsWeb) {
      const { startWebAdapter } = await import('../adapters/web/index');
      const web = await startWebAdapter({ bot: app.bot, community, env, log, dataDir: environment.dataDir });
      platformRecords.push(web.people);
      adapters.push(web);
    }
    if (localOnly) {
      const attachments = localAttachments(environment.dataDir);
      platformRecords.push(attachments.records);
      await runLocalChat(app, attachments, platformRecords, input, output, log);
      return (await shutdown(shutdownDeadlineMs(env))) ? 0 : exitNow(1);
    }
    // Stopped while the last platform was being reached: the early stop is closing what is open.
    if (stoppedEarly) return stoppedEarly;
    await catchUp(app, log);
    parts.started = true;
    log.info({ adapters: adapters.map((a) => a.platform) }, 'commonground is running');
    await stop?.received;
    health?.stopping();
    const clean = await shutdown(stop?.left() ?? shutdownDeadlineMs(env));
    stop?.dispose();
    if (!clean) return exitNow(1);
    log.info('stopped');
    // Everything is closed: the process ends now, even if a client library still holds a timer or a
    // socket it would keep retrying on (a Redis that refuses commands) until the deadline.
    release();
    return exitNow(0);
  }
}

/** How long the start waits for Redis before saying that it is still waiting. */
const STORE_PATIENCE_MS = 5_000;

/** SHUTDOWN_TIMEOUT_MS, else 10 s. */
function shutdownDeadlineMs(env: NodeJS.ProcessEnv): number {
  const given = Number(env.SHUTDOWN_TIMEOUT_MS);
  return Number.isFinite(given) && given > 0 ? given : SHUTDOWN_DEADLINE_MS;
}

/** Ends the process at once: connections that do not answer would keep it alive otherwise. */
function exitNow(code: number): never {
  process.exit(code);
}


async function runLocalChat(app: App, attachments: ReturnType<typeof localAttachments>, platformRecords: PlatformRecords[], input: NodeJS.ReadableStream, output: NodeJS.WritableStream, log: Logger): Promise<void> {
  const interactive = 'isTTY' in input && (input as { isTTY?: boolean }).isTTY === true;
  const chat = await openLocalChat({
    bot: app.bot,
    memory: storedChatMemory(app.state),
    write: (line) => output.write(`${line}\n`),
    echo: !interactive,
    saveAttachment: async (name, data, userId) => attachments.save(name, data, userId),
  });
  // What the chat remembers of a person (their buttons, who typed last) goes when they are erased.
  platformRecords.push(chat.records);
  if (interactive) {
    output.write(app.catalogue.t(app.bot.deps.community.locale, 'core.local.welcome') + '\n');
    chat.welcomeBack();
  }
  await catchUp(app, log);
  const lines = createInterface({ input, terminal: interactive, ...(interactive ? { output } : {}) });
  let stopping = false;
  const onSignal = () => {
    stopping = true;
    lines.close();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // In a terminal, Ctrl-C reaches the line reader rather than the process.
  lines.once('SIGINT', onSignal);
  if (interactive) {
    lines.setPrompt(chat.prompt());
    lines.prompt();
  }
  let quit = false;
  for await (const line of lines) {
    quit = !(await chat.input(line));
    if (quit || stopping) break;
    if (interactive) {
      lines.setPrompt(chat.prompt());
      lines.prompt();
    }
  }
  lines.close();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // Whatever was typed has been answered and saved by now (the loop waits for each turn).
  // A goodbye when the chat is left (/quit) or stopped (Ctrl-C, a signal); not when the typed lines simply ran out.
  if (stopping || quit) {
    // After Ctrl-C in a terminal the prompt is still on screen: the goodbye starts on a line of its own.
    if (interactive && !quit) output.write('\n');
    chat.say('goodbye');
  }
  log.debug('local chat closed');
}

/**
 * `commonground invite`: a one-time link to the web chat for one person, or `--revoke` to end a
 * person's sessions and unused invitations. Returns the lines to print.
 */
export async function invite(options: { name?: string; role?: string; revoke?: string; days?: number }): Promise<{ lines: string[]; code: number }> {
  const environment = readEnvironment();
  const community = loadCommunity(environment.communityFile);
  const catalogue = loadCatalogue(join(PROMPTS_DIR, 'messages'));
  const t = (key: string, vars: Record<string, string | number>) => catalogue.t(community.locale, key, vars);
  const { openWebSessions } = await import('../adapters/web/sessions');
  const { inviteRoles } = await import('../adapters/web/people');
  const store = openWebSessions(environment.dataDir);
  try {
    if (options.revoke !== undefined) {
      const count = store.revoke(options.revoke);
      return { lines: [t(count > 0 ? 'web.invite.revoked' : 'web.invite.none_to_revoke', { name: terminalLine(options.revoke), count })], code: count > 0 ? 0 : 1 };
    }
    const role = options.role ?? 'resident';
    const roles = inviteRoles(community);
    if (!roles.includes(role)) return { lines: [t('web.invite.role_unknown', { role: terminalLine(role), roles: roles.join(', ') })], code: 2 };
    const made = store.invite(options.name ?? '', role, (options.days ?? 7) * 86_400_000);
    const base = (process.env.WEB_PUBLIC_URL || `http://${process.env.WEB_HOST || '127.0.0.1'}:${process.env.WEB_PORT || '8080'}`).replace(/\/$/, '');
    return { lines: [t('web.invite.link', { name: terminalLine(made.name), role, until: new Date(made.expiresAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' }), `${base}/join/${made.token}`], code: 0 };
  } finally {
    store.close();
  }
}

/** Benchmark suites that measure an adapter (`npm run bench -- --only web`). */
export const adapterBenchSuites = {
  web: async () => (await import('../adapters/web/bench')).webBench,
};
