import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app';
import { loadCommunity } from '../../src/config/load';
import type { Community } from '../../src/config/schema';
import { createLogger, silentLogger } from '../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import type { Feature } from '../../src/features';
import type { Clock } from '../../src/state/scheduler';
import { openLocalChat, type LocalChat } from '../../adapters/local/local-chat';
import { storedChatMemory } from '../../adapters/local/memory';

/** A clock tests move by hand. */
export interface FakeClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function createFakeClock(start = Date.parse('2026-11-02T09:00:00Z')): FakeClock {
  let now = start;
  return { now: () => now, set: (ms) => (now = ms), advance: (ms) => (now += ms) };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface ChatHarness {
  app: App;
  chat: LocalChat;
  clock: FakeClock;
  /** Every line the local chat printed, including echoed input. */
  lines: string[];
  /** Types each line in turn (as in a transcript) and returns only the lines printed meanwhile. */
  type(...lines: string[]): Promise<string[]>;
  /** Moves the clock and fires due timers; returns the lines printed meanwhile. */
  advance(ms: number): Promise<string[]>;
  /**
   * Closes the app and the chat and opens new ones on the same data, as a new process would: the
   * chat starts from what it remembered there. Its lines continue in `lines`.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  community?: Community;
  clock?: FakeClock;
  /** Keep data in a folder (for restart tests); a fresh temporary folder by default. */
  dataDir?: string;
  storeUrl?: string;
  evalDbUrl?: string;
  features?: Feature[];
  extraPromptsDir?: string;
}

/** A whole bot on embedded stores in a temporary folder, driven through the local chat. */
export async function createHarness(options: HarnessOptions = {}): Promise<ChatHarness> {
  const community = options.community ?? loadCommunity(EXAMPLE_COMMUNITY);
  const clock = options.clock ?? createFakeClock();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cg-test-'));
  const lines: string[] = [];
  const openApp = () =>
    createApp({
      community,
      // CG_TEST_LOG=error (or debug) shows the bot's structured logs while a test runs.
      log: process.env.CG_TEST_LOG ? createLogger({ level: process.env.CG_TEST_LOG }) : silentLogger(),
      dataDir,
      clock,
      directMessageCommand: 'feedback',
      ...(options.storeUrl ? { storeUrl: options.storeUrl } : {}),
      ...(options.evalDbUrl ? { evalDbUrl: options.evalDbUrl } : {}),
      ...(options.features ? { features: options.features } : {}),
      ...(options.extraPromptsDir ? { extraPromptsDir: options.extraPromptsDir } : {}),
    });
  const openChat = (app: App) => openLocalChat({ bot: app.bot, write: (line) => lines.push(line), echo: true, memory: storedChatMemory(app.state) });
  const app = await openApp();
  let current = { app, chat: await openChat(app) };
  const since = async (work: () => Promise<unknown>) => {
    const from = lines.length;
    await work();
    return lines.slice(from);
  };
  const harness: ChatHarness = {
    get app() {
      return current.app;
    },
    get chat() {
      return current.chat;
    },
    clock,
    lines,
    type: (...typed) =>
      since(async () => {
        for (const line of typed) await current.chat.input(line);
      }),
    advance: (ms) =>
      since(async () => {
        clock.advance(ms);
        await current.app.bot.fireDue();
        await current.app.bot.idle();
      }),
    async restart() {
      await current.app.close();
      const next = await openApp();
      current = { app: next, chat: await openChat(next) };
    },
    close: () => current.app.close(),
  };
  return harness;
}
