import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../src/app';
import { loadCommunity } from '../../../src/config/load';
import type { Community } from '../../../src/config/schema';
import { coreCommands } from '../../../src/core/core-commands';
import { silentLogger } from '../../../src/core/log';
import type { Feature } from '../../../src/features';
import type { Clock } from '../../../src/state/scheduler';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { EXAMPLE_COMMUNITY, PROMPTS_DIR } from '../../../src/paths';
import { startSlackAdapter, type RunningSlackAdapter } from '../../../adapters/slack/index';
import { boltEventsUrl, createInbound, createSlackDouble, type Inbound, type SlackDouble, type SlackDoubleOptions } from '../../doubles/slack/index';

export interface SlackFixture {
  double: SlackDouble;
  app: App;
  adapter: RunningSlackAdapter;
  /** Bolt's request URL (HTTP mode). */
  url: string;
  inbound: Inbound;
  /** Waits until everything the requests so far started is done. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The example community, with its roles carried by the double's Slack user groups. */
export function slackCommunity(): Community {
  const community = loadCommunity(EXAMPLE_COMMUNITY);
  return {
    ...community,
    roles: { social_worker: ['social-workers'], coordinator: ['coordinators'] },
    parties: community.parties.map((p) => (p.id === 'housing-office' ? { ...p, members: ['social-workers'] } : p)),
  };
}

/** The catalogues and only the named flows, so flows other work is changing do not get in the way. */
function promptsWith(flows: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-slack-prompts-'));
  cpSync(join(PROMPTS_DIR, 'messages'), join(dir, 'messages'), { recursive: true });
  mkdirSync(join(dir, 'flows'));
  for (const flow of flows) cpSync(join(PROMPTS_DIR, 'flows', `${flow}.yaml`), join(dir, 'flows', `${flow}.yaml`));
  return dir;
}

/** A whole bot on temporary stores, connected to a Slack double through the real Bolt app. */
export async function startSlackFixture(options: { socketMode?: boolean; double?: SlackDoubleOptions; community?: Community; flows?: string[]; features?: Feature[]; clock?: Clock } = {}): Promise<SlackFixture> {
  const double = await createSlackDouble(options.double);
  const app = await createApp({
    community: options.community ?? slackCommunity(),
    log: silentLogger(),
    dataDir: mkdtempSync(join(tmpdir(), 'cg-slack-')),
    directMessageCommand: 'feedback',
    ...(options.clock ? { clock: options.clock } : {}),
    promptsDir: promptsWith(options.flows ?? []),
    features: options.features ?? [{ commands: coreCommands, functions: builtinFunctions }],
  });
  const env: NodeJS.ProcessEnv = {
    SLACK_BOT_TOKEN: double.world.tokens.bot,
    SLACK_SIGNING_SECRET: double.world.signingSecret,
    SLACK_API_URL: double.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    ...(options.socketMode ? { SLACK_APP_TOKEN: double.world.tokens.app } : {}),
  };
  const adapter = await startSlackAdapter(
    { bot: app.bot, community: app.bot.deps.community, env, log: silentLogger() },
    { clientOptions: { retryConfig: { retries: 0 } } },
  );
  const url = boltEventsUrl(adapter.port ?? 0);
  return {
    double,
    app,
    adapter,
    url,
    inbound: createInbound({ url, double }),
    settle: () => adapter.idle(),
    async close() {
      await adapter.stop();
      await app.close();
      await double.close();
    },
  };
}

/** The texts of ephemeral messages one person was shown, oldest first. */
export function ephemeralTexts(double: SlackDouble, userId: string): string[] {
  return double.messages.filter((m) => m.ephemeralTo === userId).map((m) => blockText(m.blocks) ?? m.text ?? '');
}

/** The plain text of a message's sections, as a person reads it. */
export function blockText(blocks: unknown[] | undefined): string | undefined {
  if (!blocks) return undefined;
  return blocks
    .map((b) => (b as { type?: string; text?: { text?: string } }))
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '')
    .join('\n');
}

/** The texts a channel or DM shows (not ephemeral), oldest first. */
export function channelTexts(double: SlackDouble, channel: string): string[] {
  return double.messagesIn(channel).map((m) => blockText(m.blocks) ?? m.text ?? '');
}
