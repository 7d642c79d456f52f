/**
 * One bot process of a fleet: the real app on the shared Redis and PostgreSQL, with the real Slack
 * adapter (Bolt's HTTP receiver) and the real Discord adapter (discord.js, holding the shard
 * SHARDS of SHARD_COUNT), pointed at the platforms named by SLACK_API_URL and DISCORD_API_URL (the
 * local doubles in the fleet test and benchmark). Events come from the platforms; what the bot
 * answers goes to them. On stdout, one JSON line per event the adapters handed over once it is
 * handled (`done`, with the platform's event id), so a driver knows when the fleet is idle. On
 * stdin, control lines: `advance` (move the clock and fire the timers due), `sweep` (send the
 * answers a stopped process kept, as the minute's outbox sweep does) and `close`. Used by the
 * `fleet` benchmark and the fleet test (`commonground fleet-member`).
 */
import { createInterface } from 'node:readline';
import type { RunningAdapter } from '../core/adapter';
import { createApp } from '../app';
import { loadCommunity } from '../config/load';
import type { Bot } from '../core/bot';
import { silentLogger } from '../core/log';
import { createOutcomeDelivery } from '../evaluation/outbox-delivery';
import { EXAMPLE_COMMUNITY } from '../paths';

/** Runs one fleet member on CG_FLEET_STORE_URL, CG_FLEET_EVAL_DB_URL and CG_FLEET_DATA_DIR until asked to close. */
export async function serveFleetMember(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let offset = 0;
  const log = silentLogger();
  const community = loadCommunity(EXAMPLE_COMMUNITY);
  const app = await createApp({
    community,
    log,
    dataDir: env.CG_FLEET_DATA_DIR ?? '',
    storeUrl: env.CG_FLEET_STORE_URL ?? '',
    evalDbUrl: env.CG_FLEET_EVAL_DB_URL ?? '',
    clock: { now: () => Date.now() + offset },
    directMessageCommand: 'feedback',
  });
  const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  // Events done are told in batches (one write to the pipe per turn of the event loop, not per event).
  let finished: string[] = [];
  const tellDone = (eventId: string) => {
    if (finished.length === 0) {
      setImmediate(() => {
        process.stdout.write(finished.map((id) => `${JSON.stringify({ done: id })}\n`).join(''));
        finished = [];
      });
    }
    finished.push(eventId);
  };
  // The adapters hand events to the bot; each is reported once the bot is done with it.
  const bot: Bot = {
    ...app.bot,
    handle: async (event) => {
      try {
        await app.bot.handle(event);
      } finally {
        tellDone(String((event as { eventId?: string }).eventId));
      }
    },
  };
  const adapters: RunningAdapter[] = [];
  let slackPort: number | undefined;
  if (env.SLACK_BOT_TOKEN) {
    const { startSlackAdapter } = await import('../../adapters/slack/index');
    const slack = await startSlackAdapter({ bot, community, env, log });
    slackPort = slack.port;
    adapters.push(slack);
  }
  if (env.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import('../../adapters/discord/index');
    adapters.push(await createDiscordAdapter({ bot, env, log, print: () => undefined }));
  }
  say({ ready: true, ...(slackPort !== undefined ? { slackPort } : {}) });
  for await (const line of createInterface({ input: process.stdin })) {
    const request = JSON.parse(line) as { advance?: number; sweep?: boolean; close?: boolean };
    if (request.advance !== undefined) {
      offset = request.advance;
      // Several runs' timers at once, as the job queue's workers fire them in a fleet.
      await app.bot.fireDue({ concurrency: 8 });
      await app.bot.idle();
      say({ advanced: true });
    } else if (request.sweep) {
      // What the outbox sweep does each minute (src/operations/outbox-sweep.ts): outcomes, then kept answers.
      await createOutcomeDelivery(app.state, app.outcomes, log).flush();
      say({ swept: await app.bot.sendKeptAnswers() });
    } else if (request.close) {
      for (const adapter of adapters) await adapter.stop();
      await app.close();
      const cpu = process.cpuUsage();
      say({ closed: true, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
      return;
    }
  }
  for (const adapter of adapters) await adapter.stop();
  await app.close();
}
