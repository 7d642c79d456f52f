/**
 * Drives a fleet of bot processes (`commonground fleet-member`: the real app with its real Slack
 * and Discord adapters) through the local platform doubles, as Slack and Discord would: Slack
 * events are signed HTTP requests to any process's Bolt receiver (a load balancer behind one
 * Request URL), some delivered again with `X-Slack-Retry-Num` to another process; Discord
 * interactions go over the gateway to the process holding their server's shard. What the bot
 * answers is counted where the platforms receive it. Used by the fleet test and by the `fleet`
 * benchmark (which loads this file with tsx, so it needs the development install).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { keys } from '../../../src/state/keys';
import { openStateStore } from '../../../src/state/store';
import { deleteNamespace } from '../../../src/state/redis-namespace';
import { createDiscordDouble, defaultWorld, ChannelKind, shardOfGuild, type DiscordDouble, type World } from '../../doubles/discord/index';
import { createSlackDouble, eventCallback, signSlackRequest, slashCommand, type SlackDouble } from '../../doubles/slack/index';

/** Channels the commands are spread over (a conversation is handled by one process at a time). */
const SLACK_CHANNELS = 24;
const DISCORD_CHANNELS_PER_SERVER = 8;
const COORDINATOR_ROLE = defaultWorld().roles.find((r) => r.name === 'coordinator')?.id ?? '';
const PROGRAM = fileURLToPath(new URL('../../../bin/commonground.js', import.meta.url));
const SIGNING_SECRET = 'fleet-signing-secret';

export interface FleetOptions {
  /** The Redis and the PostgreSQL the processes share (a namespace and a schema of their own are made, and removed at the end). */
  redis: string;
  postgres: string;
  processes: number;
  events: number;
  /** Events handled at once across the fleet at most (as from busy platforms); default 48. */
  inFlight?: number;
  /** Events driven first and not counted, per process (default 0). */
  warmUp?: number;
  /** With several processes: kill the last one with SIGKILL halfway through. */
  kill?: boolean;
  /** Check afterwards that each report's intake timer fires once, and count the outcomes in PostgreSQL. */
  timers?: boolean;
  progress?: (line: string) => void;
}

export interface FleetResult {
  events: number;
  seconds: number;
  perSecond: number;
  /** Time from an event reaching the platform (or being delivered again) to its first answer there, ms. */
  firstResponses: number[];
  /** Event numbers without an answer. */
  lost: number[];
  /** Event numbers answered more than once, beyond the one window the fleet test allows (see `inWindow`). */
  twice: number[];
  /** Answered twice within that window: a private answer in a Slack channel, in flight at the kill, first by the killed process, then once by another. */
  inWindow: number[];
  /** Events in flight at the kill, and what happened to them. */
  killed?: { inFlight: number; retriedBySlack: number; restartedInMs: number; keptAnswersSent: number; askedAgain: number; pollsAskedAgain: number };
  deliveries: { slack: number; slackRetries: number; discord: number };
  timers?: { feedbackEvents: number; reports: number; reporters: number; ended: number; timersLeft: number };
  /** Outcome rows in PostgreSQL by type, and (type, run) pairs written more than once. */
  outcomes?: { byType: Record<string, number>; repeated: number };
  /** Polls opened (each should have one `poll.opened` and, once its timer fired, one `poll.closed`). */
  polls: number;
  /** CPU time of the driver with the platform doubles (from the first counted event) and of each live process (all of its life), ms. */
  cpu?: { driverMs: number; processesMs: number[] };
}

interface Member {
  index: number;
  child: ChildProcess;
  slackPort: number;
  shard: number;
  alive: boolean;
  send(request: object): void;
  waitFor(test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

interface FleetEvent {
  n: number;
  platform: 'slack' | 'discord';
  feedback: boolean;
  /** A quick poll opened by a coordinator (Discord). */
  poll: boolean;
  user: string;
  /** Slack's DM channel for a report, the channel for a command. */
  channel: string;
  /** The Slack event id (reports arrive as direct messages through the Events API). */
  slackEventId?: string;
  ts?: string;
  answers: number[];
  firstAt?: number;
  lastSentAt: number;
  /** Deliveries to each process (platform event ids), and whether the process acknowledged them (Slack's HTTP answer). */
  deliveredTo: Array<{ member: number; id: string; acked: boolean }>;
}

function post(keepAlive: http.Agent, port: number, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent: keepAlive, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Server ids whose shard, of `count`, is 0, 1, ... (Discord: (id >> 22) % count). */
function guildIds(count: number): string[] {
  const ids: string[] = [];
  for (let shard = 0; shard < count; shard += 1) {
    let ms = 1_000_000_000_000n;
    while (shardOfGuild((ms << 22n).toString(), count) !== shard) ms += 1n;
    ids.push((ms << 22n).toString());
  }
  return ids;
}

function discordWorld(shards: number): { world: World; channelsOfShard: string[][] } {
  const world = defaultWorld();
  const [first, ...more] = guildIds(shards);
  const channelsOfShard: string[][] = [];
  world.guild = { ...world.guild, id: first as string };
  world.moreGuilds = more.map((id, i) => ({ id, name: `Riverside ${i + 2}`, ownerId: world.guild.ownerId }));
  // The default channels belong to the first server; each server gets channels of its own for the fleet.
  for (const [shard, guildId] of [first as string, ...more].entries()) {
    const ids = Array.from({ length: DISCORD_CHANNELS_PER_SERVER }, (_, k) => (BigInt(guildId) + 100n + BigInt(k)).toString());
    for (const [k, id] of ids.entries()) world.channels.push({ id, name: `fleet-${shard}-${k}`, type: ChannelKind.GuildText, guildId });
    channelsOfShard.push(ids);
  }
  return { world, channelsOfShard };
}

export async function runFleet(options: FleetOptions): Promise<FleetResult> {
  const progress = options.progress ?? (() => undefined);
  const size = options.processes;
  const inFlight = options.inFlight ?? 48;
  const tag = randomBytes(4).toString('hex');
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const namespace = `cg-fleet-${tag}`;
  const schema = `cg_fleet_${tag}`;
  const pgUrl = new URL(options.postgres);
  pgUrl.searchParams.set('options', `-c search_path=${schema}`);
  const store = new URL(options.redis);
  store.searchParams.set('namespace', namespace);
  const storeUrl = store.toString();
  // One more than the processes: the one started again after the kill.
  const slackTokens = Array.from({ length: size + 1 }, (_, i) => `xoxb-fleet-${i}`);
  const discordTokens = Array.from({ length: size + 1 }, (_, i) => `fleet-discord-${i}`);
  const slackChannels = Array.from({ length: SLACK_CHANNELS }, (_, k) => `CFLEET${String(k).padStart(4, '0')}`);
  const slack: SlackDouble = await createSlackDouble({
    world: {
      signingSecret: SIGNING_SECRET,
      tokens: { bot: slackTokens[0] as string, extraBot: slackTokens.slice(1) },
      extraChannels: slackChannels.map((id, k) => ({ id, name: `fleet-${k}`, isPrivate: false, creator: 'U0WANG0001', members: ['U0BOT00001'], created: 1_700_000_000 })),
    },
  });
  const { world, channelsOfShard } = discordWorld(size);
  const discord: DiscordDouble = await createDiscordDouble({ world });
  const dirs: string[] = [];
  const members: Member[] = [];
  const byUser = new Map<string, FleetEvent>();
  /** Platform deliveries each process said it finished (to know what was in flight at the kill). */
  const finished = new Set<string>();
  /** Deliveries not yet reported done, by process and platform event id. */
  const outstanding = new Map<string, number>();
  let wake: () => void = () => undefined;
  const poke = () => wake();

  /** An answer reached the platform (or, with `answer` false, only an acknowledgement: Discord's "thinking"). */
  const answered = (user: string | undefined, from: number, answer = true) => {
    const event = user === undefined ? undefined : byUser.get(user);
    if (!event) return;
    event.firstAt ??= performance.now() - event.lastSentAt;
    if (answer) event.answers.push(from);
    poke();
  };
  slack.onCall((call) => {
    if ((call.method !== 'chat.postEphemeral' && call.method !== 'chat.postMessage') || call.response.ok !== true) return;
    const from = slackTokens.indexOf(call.token ?? '');
    const user = call.method === 'chat.postEphemeral' ? String(call.args.user) : `U${String(call.args.channel).slice(1)}`;
    answered(user, from);
  });
  const shardHolder = new Map<number, number>();
  /** Deferred replies whose answer has been written into them (later edits are not new answers). */
  const edited = new Set<string>();
  /** Discord messages already counted (by id). */
  const messagesSeen = new Set<string>();
  discord.onCall((call) => {
    if (call.status >= 300) return;
    const holder = (guildId: string) => shardHolder.get(shardOfGuild(guildId, size)) ?? -1;
    const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(call.path);
    if (call.method === 'PATCH' && edit) {
      // The answer written into a deferred reply.
      const interaction = [...discord.state.interactions.values()].find((i) => i.token === edit[1]);
      if (interaction?.guildId && interaction.callbacks[0]?.type === 5 && !edited.has(interaction.id)) {
        edited.add(interaction.id);
        answered(interaction.userId, holder(interaction.guildId));
      }
      return;
    }
    if (call.method !== 'POST') return;
    const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(call.path);
    if (callback) {
      const interaction = discord.state.interactions.get(callback[1] as string);
      if (!interaction?.guildId) return;
      // A deferral (5) is the first response Discord wants within 3 s, not yet an answer: the
      // answer then edits the deferred reply, or is posted in the channel.
      answered(interaction.userId, holder(interaction.guildId), (call.body as { type?: unknown } | null)?.type !== 5);
      return;
    }
    const message = /^\/channels\/(\d+)\/messages$/.exec(call.path);
    if (!message) return;
    // A message sent again with a nonce Discord already saw comes back as the first one, not a new message.
    const created = (call.response as { id?: unknown } | null)?.id;
    if (typeof created === 'string') {
      if (messagesSeen.has(created)) return;
      messagesSeen.add(created);
    }
    const from = discordTokens.indexOf(call.token ?? '');
    const recipient = discord.state.dmRecipient(message[1] as string);
    if (recipient) answered(recipient.id, from);
    else {
      // A poll posted in its channel without its interaction (sent by another process): its question names who opened it.
      const content = (call.body as { content?: unknown } | null)?.content;
      const opener = typeof content === 'string' ? /\(by (\d+)\)\?/.exec(content)?.[1] : undefined;
      if (opener) answered(opener, from);
    }
  });

  async function start(index: number, shard = index): Promise<Member> {
    const dir = mkdtempSync(join(tmpdir(), 'cg-fleet-'));
    dirs.push(dir);
    const env = {
      CG_FLEET_STORE_URL: storeUrl,
      CG_FLEET_EVAL_DB_URL: pgUrl.toString(),
      CG_FLEET_DATA_DIR: dir,
      CG_INSTALLATION_SECRET: `fleet-${tag}`,
      SLACK_BOT_TOKEN: slackTokens[index] as string,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DISCORD_TOKEN: discordTokens[index] as string,
      DISCORD_API_URL: discord.apiBase,
      SHARDS: String(shard),
      SHARD_COUNT: String(size),
    };
    // FLEET_NODE_ARGS: options for the bot processes' node, e.g. `--cpu-prof --cpu-prof-dir=<folder>` to see where their time goes.
    const child = spawn(process.execPath, [...(process.env.FLEET_NODE_ARGS?.split(' ').filter(Boolean) ?? []), PROGRAM, 'fleet-member'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-3000)));
    const waiters: Array<{ test: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
    const member: Member = {
      index,
      child,
      slackPort: 0,
      shard,
      alive: true,
      send: (request) => child.stdin.write(`${JSON.stringify(request)}\n`),
      waitFor: (test) =>
        new Promise((resolve, reject) => {
          waiters.push({ test, resolve });
          child.once('exit', () => reject(new Error(`a bot process of the fleet ended: ${stderr.trim().split('\n').slice(-5).join('\n')}`)));
        }),
    };
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof line.done === 'string') {
        const key = `${index}:${line.done}`;
        finished.add(key);
        const left = (outstanding.get(key) ?? 0) - 1;
        if (left > 0) outstanding.set(key, left);
        else outstanding.delete(key);
        poke();
      }
      for (const waiter of [...waiters]) {
        if (!waiter.test(line)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
    const ready = await member.waitFor((line) => line.ready === true);
    member.slackPort = Number(ready.slackPort);
    shardHolder.set(shard, index);
    return member;
  }

  const expectDone = (member: number, id: string) => outstanding.set(`${member}:${id}`, (outstanding.get(`${member}:${id}`) ?? 0) + 1);
  const live = () => members.filter((m) => m.alive);
  const deliveries = { slack: 0, slackRetries: 0, discord: 0 };
  let sequence = 0;

  function makeEvents(count: number, prefix: string): FleetEvent[] {
    return Array.from({ length: count }, (_, n) => {
      const platform = n % 2 === 0 ? 'slack' : 'discord';
      const feedback = n % 3 === 0;
      sequence += 1;
      let user: string;
      let channel: string;
      if (platform === 'slack') {
        user = `U${prefix}${String(sequence).padStart(8, '0')}`;
        slack.world.users.push({ id: user, name: user.toLowerCase(), realName: `Resident ${sequence}`, title: 'resident', tz: 'Europe/Lisbon', locale: 'en-US' });
        if (feedback) {
          channel = `D${user.slice(1)}`;
          slack.world.channels.push({ id: channel, name: user, isPrivate: true, isIm: true, user, creator: user, members: [user, slack.world.bot.userId], created: 1_700_000_000 });
        } else {
          channel = slackChannels[(n >> 1) % SLACK_CHANNELS] as string;
          slack.world.channels.find((c) => c.id === channel)?.members.push(user);
        }
      } else {
        user = (4_000_000_000_000_000_000n + BigInt(sequence)).toString();
        discord.world.users.push({ id: user, username: `resident${sequence}` });
        // One Discord event in three opens a quick poll: a coordinator's.
        discord.world.members.push({ userId: user, roleIds: n % 6 === 5 ? [COORDINATOR_ROLE] : [] });
        channel = '';
      }
      const event: FleetEvent = { n, platform, feedback, poll: platform === 'discord' && n % 6 === 5, user, channel, answers: [], lastSentAt: 0, deliveredTo: [] };
      if (platform === 'slack' && feedback) {
        event.slackEventId = `Ev${prefix}${sequence}`;
        event.ts = `${1_700_000_000 + sequence}.000100`;
      }
      byUser.set(user, event);
      return event;
    });
  }

  /** Sends a Slack event to one process; its failure (a process killed) is left to the caller's retry. */
  async function deliverSlack(event: FleetEvent, member: Member, retryNum?: number): Promise<void> {
    let body: string;
    let contentType: string;
    let id: string;
    const headers: Record<string, string> = {};
    if (event.feedback) {
      body = JSON.stringify(
        eventCallback(
          { type: 'message', channel_type: 'im', user: event.user, text: 'The lift in block B has been broken since Monday.', ts: event.ts as string, channel: event.channel, team: slack.world.team.id },
          { eventId: event.slackEventId as string, team: slack.world.team, bot: slack.world.bot },
        ),
      );
      contentType = 'application/json';
      id = `message:${event.channel}:${event.ts as string}`;
      if (retryNum !== undefined) Object.assign(headers, { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' });
    } else {
      const triggerId = slack.triggerId();
      body = new URLSearchParams(
        slashCommand({ team: slack.world.team, bot: slack.world.bot, command: '/cg', text: 'help', user_id: event.user, user_name: event.user.toLowerCase(), channel_id: event.channel, channel_name: 'fleet', trigger_id: triggerId, response_url: slack.responseUrl() }),
      ).toString();
      contentType = 'application/x-www-form-urlencoded';
      id = `command:${triggerId}`;
    }
    if (event.answers.length === 0) event.lastSentAt = performance.now();
    const delivery = { member: member.index, id, acked: false };
    event.deliveredTo.push(delivery);
    expectDone(member.index, id);
    deliveries.slack += 1;
    if (retryNum !== undefined) deliveries.slackRetries += 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const status = await post(keepAlive, member.slackPort, body, { 'content-type': contentType, ...signSlackRequest(body, SIGNING_SECRET) });
        if (status !== 200) throw new Error(`Slack request answered ${status}`);
        delivery.acked = true;
        return;
      } catch (error) {
        // A kept-alive connection the receiver closed meanwhile: sent again on a new one.
        if (member.alive && attempt < 3 && /socket hang up|ECONNRESET/.test((error as Error).message)) continue;
        // No acknowledgement: the process will never say it is done with it.
        outstanding.delete(`${member.index}:${id}`);
        if (member.alive) throw error;
        return;
      }
    }
  }

  function deliverDiscord(event: FleetEvent, shard: number): void {
    const channels = channelsOfShard[shard] as string[];
    event.channel = channels[(event.n >> 1) % channels.length] as string;
    if (event.answers.length === 0) event.lastSentAt = performance.now();
    const { id } = discord.sendSlashCommand(
      event.feedback
        ? { name: 'feedback', subcommand: 'start', userId: event.user, channelId: event.channel }
        : event.poll
          ? { name: 'poll', subcommand: 'start', options: { question_and_options: `"Which evening suits you for the meeting (by ${event.user})?" "Tuesday" "Thursday" --closes 30m` }, userId: event.user, channelId: event.channel }
          : { name: 'help', userId: event.user, channelId: event.channel },
    );
    const member = shardHolder.get(shard) as number;
    event.deliveredTo.push({ member, id, acked: true });
    expectDone(member, id);
    deliveries.discord += 1;
  }

  let failure: Error | undefined;
  const failed = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    poke();
  };
  let killedInfo: FleetResult['killed'];
  let killedIndex = -1;
  let recovery: Promise<void> | undefined;
  const inFlightAtKill = new Set<FleetEvent>();

  async function killOne(): Promise<void> {
    const victim = members[members.length - 1] as Member;
    killedIndex = victim.index;
    victim.alive = false;
    const closed = new Promise((resolve) => victim.child.once('close', resolve));
    victim.child.kill('SIGKILL');
    // 'close', not 'exit': what it wrote before it died (answers, events done) is read first.
    await closed;
    for (const key of [...outstanding.keys()]) if (key.startsWith(`${victim.index}:`)) outstanding.delete(key);
    const unfinished = [...byUser.values()].filter((e) => e.deliveredTo.some((d) => d.member === victim.index) && e.deliveredTo.every((d) => d.member !== victim.index || !finished.has(`${d.member}:${d.id}`)));
    for (const event of unfinished) inFlightAtKill.add(event);
    // Slack delivers an Events API event again, to another process, when it got no acknowledgement.
    const retried = unfinished.filter((e) => e.platform === 'slack' && e.feedback && !e.deliveredTo.some((d) => d.acked));
    const others = unfinished.filter((e) => !retried.includes(e));
    await Promise.all(retried.map((e, i) => deliverSlack(e, live()[i % live().length] as Member, 2)));
    // Meanwhile the others go on taking events (Discord's in the servers of the shards still up).
    recovery = recover(victim, unfinished, retried.length, others).catch(failed);
  }

  /**
   * The process is started again for its shard (the sharding manager's or the orchestrator's job)
   * and, like every process, sweeps the outbox when it starts: slash commands and interactions are
   * not delivered again, so an answer the killed process kept is sent then (only the shard's own
   * process reaches its servers' channels). A person still without an answer asks again.
   */
  async function recover(victim: Member, unfinished: FleetEvent[], retried: number, others: FleetEvent[]): Promise<void> {
    const restarting = performance.now();
    const replacement = await start(members.length, victim.shard);
    members.push(replacement);
    const restartedInMs = performance.now() - restarting;
    for (const e of others) if (e.answers.length === 0) e.lastSentAt = performance.now();
    replacement.send({ sweep: true });
    const swept = Number((await replacement.waitFor((line) => typeof line.swept === 'number')).swept);
    const askAgain = others.filter((e) => e.answers.length === 0);
    for (const [i, e] of askAgain.entries()) {
      if (e.slackEventId) {
        e.slackEventId = `${e.slackEventId}-again`;
        e.ts = `${e.ts as string}1`;
      }
      if (e.platform === 'slack') await deliverSlack(e, live()[i % live().length] as Member);
      else deliverDiscord(e, victim.shard);
    }
    killedInfo = { inFlight: unfinished.length, retriedBySlack: retried, restartedInMs: Math.round(restartedInMs), keptAnswersSent: swept, askedAgain: askAgain.length, pollsAskedAgain: askAgain.filter((e) => e.poll).length };
    const kinds = unfinished.map((e) => `${e.platform} ${e.feedback ? 'report' : e.poll ? 'poll' : 'help'}`);
    progress(`in flight at the kill: ${[...new Set(kinds)].map((k) => `${kinds.filter((x) => x === k).length} ${k}`).join(', ')}`);
    progress(`killed one process with ${unfinished.length} events in flight (${retried} delivered again by Slack; started again in ${(restartedInMs / 1000).toFixed(1)} s, its sweep sent ${swept} kept answers; ${askAgain.length} asked again)`);
  }

  async function drive(events: FleetEvent[], kill: boolean): Promise<void> {
    let next = 0;
    let slackTurn = 0;
    const doneCount = () => outstanding.size;
    const waitForRoom = async () => {
      while (!failure && doneCount() >= inFlight) await new Promise<void>((resolve) => (wake = resolve));
    };
    for (; next < events.length; next += 1) {
      await waitForRoom();
      if (failure) throw failure;
      if (kill && next === Math.floor(events.length / 2)) await killOne();
      const event = events[next] as FleetEvent;
      const alive = live();
      if (event.platform === 'slack') {
        const to = alive[slackTurn % alive.length] as Member;
        slackTurn += 1;
        deliverSlack(event, to).catch(failed);
        // Slack sends an event again when its acknowledgement was late: here half of the reports, to another process.
        if (event.feedback && event.n % 4 === 0 && alive.length > 1) deliverSlack(event, alive[slackTurn % alive.length] as Member, 1).catch(failed);
      } else {
        const shard = (alive[Math.floor(event.n / 2) % alive.length] as Member).shard;
        deliverDiscord(event, shard);
      }
    }
    await recovery;
    const deadline = performance.now() + 120_000;
    while (!failure && (outstanding.size > 0 || events.some((e) => e.answers.length === 0))) {
      if (performance.now() > deadline) {
        const missing = events.filter((e) => e.answers.length === 0).slice(0, 5).map((e) => `${e.platform} #${e.n}`);
        throw new Error(`the fleet did not finish within 120 s: ${outstanding.size} deliveries not done, no answer for ${missing.join(', ')}...`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
    if (failure) throw failure;
  }

  try {
    progress(`${size} process${size === 1 ? '' : 'es'}: starting`);
    members.push(...(await Promise.all(Array.from({ length: size }, (_, i) => start(i)))));
    if (options.warmUp) await drive(makeEvents(options.warmUp * size, 'W'), false);
    progress(`${size} process${size === 1 ? '' : 'es'}: ${options.events} events`);
    const events = makeEvents(options.events, 'F');
    const cpuAtStart = process.cpuUsage();
    const driverCpuAtStart = (cpuAtStart.user + cpuAtStart.system) / 1000;
    const started = performance.now();
    await drive(events, options.kill === true && size > 1);
    const seconds = (performance.now() - started) / 1000;
    // A moment for an answer sent late (there should be none).
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Only a private (ephemeral) answer in a Slack channel, to `/cg help` here: Slack keeps it nowhere
    // the bot can look, so one sent again after the kill shows twice. Discord's messages (nonces), its
    // interactions (asked first) and Slack's posted messages (found by their metadata) are shown once.
    const inWindow = (e: FleetEvent) =>
      e.platform === 'slack' && !e.feedback && inFlightAtKill.has(e) && e.answers.length === 2 && e.answers[0] === killedIndex && e.answers[1] !== killedIndex;
    const result: FleetResult = {
      events: events.length,
      seconds,
      perSecond: events.length / seconds,
      firstResponses: events.flatMap((e) => (e.firstAt === undefined ? [] : [e.firstAt])),
      lost: events.filter((e) => e.answers.length === 0).map((e) => e.n),
      twice: events.filter((e) => e.answers.length > 1 && !inWindow(e)).map((e) => e.n),
      inWindow: events.filter((e) => e.answers.length > 1 && inWindow(e)).map((e) => e.n),
      deliveries,
      polls: [...byUser.values()].filter((e) => e.poll).length,
      ...(killedInfo ? { killed: killedInfo } : {}),
    };

    progress(`${events.length} events in ${seconds.toFixed(1)} s`);
    if (options.timers) {
      // Every report's intake timer fires once in the fleet when its time comes, in every live process at once.
      const firing = performance.now();
      await Promise.all(live().map((member) => (member.send({ advance: 49 * 3_600_000 }), member.waitFor((line) => line.advanced === true))));
      progress(`timers fired in ${((performance.now() - firing) / 1000).toFixed(1)} s`);
      const state = openStateStore(storeUrl, tmpdir());
      try {
        const count = Number(await state.keyv.get(keys.counter('feedback'))) || 0;
        const runIds = (await Promise.all(Array.from({ length: count }, (_, n) => state.get(keys.record('feedback', `FB-${String(n + 1).padStart(4, '0')}`), z.string())))).filter(Boolean);
        const runs = await Promise.all(runIds.map((id) => state.getRun(id as string)));
        const reporters = runs.map((run) => run?.participants[0]?.userId);
        result.timers = {
          feedbackEvents: [...byUser.values()].filter((e) => e.feedback).length,
          reports: runs.length,
          reporters: new Set(reporters).size,
          ended: runs.filter((r) => r?.status === 'ended').length,
          timersLeft: (await state.timers.timers()).length,
        };
      } finally {
        await state.close();
      }
    }
    progress('closing');
    const closed = await Promise.all(live().map((member) => (member.send({ close: true }), member.waitFor((line) => line.closed === true))));
    result.cpu = { driverMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000 - driverCpuAtStart), processesMs: closed.map((line) => Number(line.cpuMs)) };
    if (options.timers) {
      const client = new pg.Client({ connectionString: options.postgres });
      await client.connect();
      try {
        const rows = await client.query<{ type: string; n: string }>(`SELECT type, count(*) AS n FROM "${schema}".outcomes GROUP BY type ORDER BY type`);
        const repeated = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT type, run FROM "${schema}".outcomes GROUP BY type, run HAVING count(*) > 1) AS twice`);
        result.outcomes = { byType: Object.fromEntries(rows.rows.map((row) => [row.type, Number(row.n)])), repeated: Number(repeated.rows[0]?.n) };
      } finally {
        await client.end();
      }
    }
    return result;
  } finally {
    // A process asked to close exits by itself; one that does not (a failed run) is killed.
    await Promise.all(
      members.map((member) =>
        member.child.exitCode !== null || member.child.signalCode !== null
          ? undefined
          : new Promise<void>((resolve) => {
              const timer = setTimeout(() => member.child.kill('SIGKILL'), member.alive && !failure ? 3_000 : 0);
              member.child.once('exit', () => (clearTimeout(timer), resolve()));
            }),
      ),
    );
    await Promise.all([slack.close(), discord.close()]);
    keepAlive.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await deleteNamespace(options.redis, namespace);
    const client = new pg.Client({ connectionString: options.postgres });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  }
}
