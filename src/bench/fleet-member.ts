/**
 * One bot process of a fleet: the real app on the shared Redis and PostgreSQL, with outboxes for
 * Slack and Discord that report each answer at once on stdout (so answers of a process killed
 * later are counted). Events come as JSON lines on stdin and are handled concurrently. Used by the
 * `fleet` benchmark (`commonground fleet-member`) and by the fleet test.
 */
import { createInterface } from 'node:readline';
import { createApp } from '../app';
import { loadCommunity } from '../config/load';
import { silentLogger } from '../core/log';
import { EXAMPLE_COMMUNITY } from '../paths';

/** Runs one fleet member on CG_FLEET_STORE_URL, CG_FLEET_EVAL_DB_URL and CG_FLEET_DATA_DIR until asked to close. */
export async function serveFleetMember(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let offset = 0;
  const app = await createApp({
    community: loadCommunity(EXAMPLE_COMMUNITY),
    log: silentLogger(),
    dataDir: env.CG_FLEET_DATA_DIR ?? '',
    storeUrl: env.CG_FLEET_STORE_URL ?? '',
    evalDbUrl: env.CG_FLEET_EVAL_DB_URL ?? '',
    clock: { now: () => Date.now() + offset },
    directMessageCommand: 'feedback',
  });
  const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const received = new Map<string, number>();
  for (const platform of ['slack', 'discord']) {
    app.bot.attach(platform, {
      async perform(action) {
        const replyTo = (action as { replyTo?: string }).replyTo;
        if (replyTo) say({ reply: replyTo, ms: performance.now() - (received.get(replyTo) ?? performance.now()) });
        return { kind: 'sent', messageRef: `m${Math.random()}` };
      },
    });
  }
  say({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    const request = JSON.parse(line) as { event?: { eventId: string }; advance?: number; close?: boolean };
    if (request.event) {
      const { eventId } = request.event;
      received.set(eventId, performance.now());
      void app.bot.handle(request.event as Parameters<typeof app.bot.handle>[0]).then(() => say({ done: eventId }));
    } else if (request.advance !== undefined) {
      offset = request.advance;
      await app.bot.fireDue();
      await app.bot.idle();
      say({ advanced: true });
    } else if (request.close) {
      await app.close();
      say({ closed: true });
      return;
    }
  }
  await app.close();
}
