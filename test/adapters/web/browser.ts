import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebAdapter, type RunningWebAdapter } from '../../../adapters/web/index';
import { openWebSessions } from '../../../adapters/web/sessions';
import { createApp, type App } from '../../../src/app';
import { loadCommunity } from '../../../src/config/load';
import { silentLogger } from '../../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../../src/paths';

/** The flags the browser tests start Chromium with (no sandbox: CI containers have none). */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface WebWorld {
  app: App;
  web: RunningWebAdapter;
  browser: Browser;
  dataDir: string;
  /** A one-time link for a person, as `commonground invite` prints it. */
  invite(name: string, role: string, validForMs?: number): string;
  /** A fresh browser context (its own cookies) that has joined with a new invitation. */
  person(name: string, role: string, locale?: string): Promise<Page>;
  /** Stops the bot and its web chat and starts them again on the same data folder and port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A whole bot with the web chat on a free port, and Chromium to use it. */
export async function createWebWorld(executablePath: string): Promise<WebWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-'));
  const community = loadCommunity(EXAMPLE_COMMUNITY);
  const app = await createApp({ community, log: silentLogger(), dataDir, directMessageCommand: 'feedback' });
  const web = await startWebAdapter({ bot: app.bot, community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  const invite = (name: string, role: string, validForMs = 3_600_000) => {
    const sessions = openWebSessions(dataDir);
    try {
      return `${world.web.url}/join/${sessions.invite(name, role, validForMs).token}`;
    } finally {
      sessions.close();
    }
  };
  const world: WebWorld = {
    app,
    web,
    browser,
    dataDir,
    invite,
    async person(name, role, locale = 'en-GB') {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(invite(name, role));
      await page.getByRole('button').click();
      await page.waitForSelector('body[data-live="true"]');
      return page;
    },
    async restart() {
      const port = new URL(world.web.url).port;
      await world.web.stop();
      await world.app.close();
      world.app = await createApp({ community, log: silentLogger(), dataDir, directMessageCommand: 'feedback' });
      world.web = await startWebAdapter({ bot: world.app.bot, community, env: { WEB_PORT: port }, log: silentLogger(), dataDir });
    },
    async close() {
      await browser.close();
      await world.web.stop();
      await world.app.close();
    },
  };
  return world;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical accessibility problems axe-core finds on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}
