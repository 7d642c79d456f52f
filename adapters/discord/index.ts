import { once } from 'node:events';
import { Events, Status, type Client, type Interaction, type Message, type RESTOptions } from 'discord.js';
import type { AdapterContext, RunningAdapter } from '../../src/core/adapter';
import type { Bot, BotDeps } from '../../src/core/bot';
import type { InboundEvent } from '../../src/core/events';
import type { Logger } from '../../src/core/log';
import { OperatorError } from '../../src/operator-error';
import { createChannelDirectory } from './channels';
import { createDiscordClient } from './client';
import { BASE_SUBCOMMAND, buildSlashCommands } from './commands';
import { createInteractionDeadlines } from './deadline';
import { choiceEvent, commandEvent, DISCORD_PLATFORM, formEvent, messageEvent } from './inbound';
import { inviteUrl } from './invite';
import { createDiscordOutbox } from './outbound';
import { clip, FORM_BUTTON_PREFIX, formModal } from './render';

/** What the adapter needs of the core: attach an outbox, hand over events, know the commands. */
export interface AdapterBot {
  readonly deps: Pick<BotDeps, 'community' | 'catalogue'>;
  attach: Bot['attach'];
  handle: Bot['handle'];
  /** The flat list of commands: features' and flow scripts' alike. */
  commandList: Bot['commandList'];
}

export interface DiscordAdapterOptions {
  bot: AdapterBot;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** When to defer an interaction the core has not answered yet (default 2 s of Discord's 3). */
  deferAfterMs?: number;
  /** Where the invite link is printed (default stdout). */
  print?: (line: string) => void;
}

export interface RunningDiscordAdapter extends RunningAdapter {
  readonly client: Client;
  readonly inviteUrl: string;
}

/** Error codes that mean Discord could not be reached at all, rather than that it refused the bot. */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * How long the start waits for Discord's API to answer at all: one request's worth of discord.js's
 * own patience (15 s), rather than that request and its three retries (a minute);
 * DISCORD_START_TIMEOUT_MS sets another (a positive number of milliseconds).
 */
export const START_PATIENCE_MS = 15_000;

/** DISCORD_START_TIMEOUT_MS, else START_PATIENCE_MS; a value that is not a whole number of milliseconds is refused, not ignored. */
function startPatienceMs(env: NodeJS.ProcessEnv): number {
  const given = env.DISCORD_START_TIMEOUT_MS;
  if (given === undefined || given === '') return START_PATIENCE_MS;
  if (!/^\d{1,7}$/.test(given) || Number(given) <= 0) throw new OperatorError('cli.discord.start_timeout', { value: given }, 'DISCORD_START_TIMEOUT_MS is not a number of milliseconds');
  return Number(given);
}

/**
 * Watches the start's requests to Discord's API until the first answer. Should none come within
 * START_PATIENCE_MS, the requests still waiting are abandoned (and not tried again), and `givenUp`
 * rejects. Whatever Discord answers (even a refusal) ends the watch; so does `done()`.
 */
function waitForFirstAnswer(client: Client, patienceMs: number): { givenUp: Promise<never>; ranOut(): boolean; done(): void } {
  const rest = client.rest.options as { makeRequest: RESTOptions['makeRequest'] };
  const send = rest.makeRequest;
  const abandon = new AbortController();
  let answered = false;
  let timer: NodeJS.Timeout | undefined;
  const done = () => {
    clearTimeout(timer);
    rest.makeRequest = send;
  };
  rest.makeRequest = async (url, init) => {
    if (abandon.signal.aborted) throw new Error('the start stopped waiting for Discord');
    const response = await send(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal as AbortSignal, abandon.signal]) : abandon.signal });
    answered = true;
    clearTimeout(timer);
    return response;
  };
  const givenUp = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      if (answered) return;
      abandon.abort();
      reject(new Error('Discord did not answer'));
    }, patienceMs);
    timer.unref();
  });
  givenUp.catch(() => undefined);
  return { givenUp, ranOut: () => abandon.signal.aborted, done };
}

/** Starts the Discord adapter: logs in, registers slash commands, prints the invite link. */
export async function startDiscordAdapter(context: AdapterContext): Promise<RunningAdapter> {
  return createDiscordAdapter({ bot: context.bot, env: context.env, log: context.log });
}

export async function createDiscordAdapter(options: DiscordAdapterOptions): Promise<RunningDiscordAdapter> {
  const { bot, env } = options;
  const log = options.log.child({ platform: DISCORD_PLATFORM });
  const token = env.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set');
  // Read before anything is opened: a value that cannot be used stops the start with nothing to close.
  const patienceMs = startPatienceMs(env);
  const client = createDiscordClient({ ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}), messageContent: env.DISCORD_MESSAGE_CONTENT === '1' });
  const channels = createChannelDirectory(client);
  const deadlines = createInteractionDeadlines({ log, ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}) });
  const outbox = createDiscordOutbox({ client, channels, deadlines, log });
  const slash = buildSlashCommands({ commands: bot.commandList(), community: bot.deps.community, catalogue: bot.deps.catalogue });
  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;

  const track = (work: Promise<unknown>) => {
    const done = work.catch((error: unknown) => log.error({ err: (error as Error).message }, 'discord event failed')).finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  async function onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const focused = interaction.options.getFocused(true);
      const sub = interaction.options.getSubcommand(false) ?? undefined;
      const suggestions = slash.suggest(interaction.commandName, sub, focused.name, String(focused.value));
      await interaction.respond(suggestions.map((s) => ({ name: clip(s.label, 100), value: s.value })));
      return;
    }
    if (interaction.isButton() && interaction.customId.startsWith(FORM_BUTTON_PREFIX)) {
      const form = outbox.waitingForm(interaction.customId.slice(FORM_BUTTON_PREFIX.length));
      if (form) await interaction.showModal(formModal(form.formId, form.title, form.fields));
      else await interaction.deferUpdate();
      return;
    }
    let event: InboundEvent;
    let slow = false;
    if (interaction.isChatInputCommand()) {
      event = commandEvent(interaction, slash.order);
      const sub = interaction.options.getSubcommand(false) ?? undefined;
      slow = slash.slow(interaction.commandName, sub === BASE_SUBCOMMAND ? undefined : sub);
    } else if (interaction.isButton() || interaction.isStringSelectMenu()) event = choiceEvent(interaction);
    else if (interaction.isModalSubmit()) event = formEvent(interaction);
    else return;
    // A second delivery of an interaction still being handled here is the same press or command:
    // answered once, by the first (a later one is recognised by the core as seen).
    if (deadlines.holds(event.eventId)) {
      log.debug({ event: event.kind }, 'interaction delivered again while being handled; ignored');
      return;
    }
    const pending = deadlines.begin(interaction, event.eventId);
    // Slow work (summaries, reports) says at once that it is working.
    if (slow) await pending.defer();
    try {
      await bot.handle(event);
    } finally {
      await deadlines.finish(pending);
    }
  }

  function onMessage(message: Message): void {
    const me = client.user?.id;
    if (!me) return;
    const event = messageEvent(message, me);
    if (event) track(bot.handle(event));
  }

  client.on(Events.Error, (error) => log.error({ err: error.message }, 'discord client error'));
  client.on(Events.Warn, (warning) => log.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (_event, shard) => log.warn({ shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) onMessage(message);
  });
  // A shard reaches only its own servers: its slow work is finished by the same shard.
  bot.attach(DISCORD_PLATFORM, env.SHARDS !== undefined ? { ...outbox, workGroup: `shard-${env.SHARDS}` } : outbox);

  const ready = once(client, Events.ClientReady);
  const where = new URL(env.DISCORD_API_URL || 'https://discord.com/api').host;
  const patience = waitForFirstAnswer(client, patienceMs);
  const login = client.login(token);
  // Given up on below: its rejection (the abandoned request) is no one's to report.
  login.catch(() => undefined);
  try {
    await Promise.race([login, patience.givenUp]);
  } catch (error) {
    await client.destroy();
    // Discord accepted the connection but never answered: said plainly, without discord.js's retries.
    if (patience.ranOut()) throw new OperatorError('cli.discord.no_answer', { where, seconds: patienceMs / 1000 }, `Discord did not answer at ${where}`);
    const code = (error as NodeJS.ErrnoException).code ?? (error as { cause?: NodeJS.ErrnoException }).cause?.code;
    // A token Discord refuses: said with the setting to check, rather than discord.js's own words.
    if (code === 'TokenInvalid') throw new OperatorError('cli.discord.token_refused', {}, 'Discord refused DISCORD_TOKEN');
    // Discord not reachable at all (no network, a wrong DISCORD_API_URL): said plainly, with what to do.
    if (code && NETWORK_ERRORS.has(code)) throw new OperatorError('cli.discord.unreachable', { where, reason: code }, `Discord could not be reached at ${where} (${code})`);
    throw error;
  } finally {
    patience.done();
  }
  await ready;
  const application = client.application;
  if (!application) throw new Error('Discord did not say which application this bot belongs to');
  const guildId = env.DISCORD_GUILD_ID;
  if (guildId) await application.commands.set(slash.definitions, guildId);
  else await application.commands.set(slash.definitions);
  log.info({ commands: slash.definitions.length, scope: guildId ? 'guild' : 'global' }, 'slash commands registered');
  const invite = inviteUrl(env.DISCORD_APPLICATION_ID ?? application.id);
  log.info({ invite }, 'invite the bot with this link');
  (options.print ?? ((line: string) => process.stdout.write(`${line}\n`)))(`Invite commonground to a Discord server: ${invite}`);

  return {
    platform: DISCORD_PLATFORM,
    client,
    inviteUrl: invite,
    connected: () => !stopping && client.ws.status === Status.Ready,
    async stop() {
      stopping = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      deadlines.clear();
      await client.destroy();
    },
  };
}
