import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../src/app';
import { loadCommunity } from '../../../src/config/load';
import { silentLogger } from '../../../src/core/log';
import type { Feature } from '../../../src/features';
import { coreCommands } from '../../../src/core/core-commands';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { EXAMPLE_COMMUNITY, PROMPTS_DIR } from '../../../src/paths';
import { createDiscordAdapter, type AdapterBot, type RunningDiscordAdapter } from '../../../adapters/discord/index';
import { createDiscordDouble, type DiscordDouble, type World } from '../../doubles/discord';

export interface DiscordRig {
  double: DiscordDouble;
  adapter: RunningDiscordAdapter;
  /** Lines the adapter printed (the invite link). */
  printed: string[];
  close(): Promise<void>;
}

/** The real discord.js client, through the adapter, against the local Discord double. */
export interface RigOptions {
  env?: NodeJS.ProcessEnv;
  deferAfterMs?: number;
  world?: World;
}

export async function startDiscordRig(bot: AdapterBot, options: RigOptions = {}): Promise<DiscordRig> {
  const double = await createDiscordDouble(options.world ? { world: options.world } : {});
  const printed: string[] = [];
  const adapter = await createDiscordAdapter({
    bot,
    env: { DISCORD_TOKEN: 'test-token', DISCORD_API_URL: double.apiBase, ...options.env },
    log: silentLogger(),
    print: (line) => printed.push(line),
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });
  return {
    double,
    adapter,
    printed,
    async close() {
      await adapter.stop();
      await double.close();
    },
  };
}

export interface DiscordAppRig extends DiscordRig {
  app: App;
}

/** Prompts with the real message catalogues and only the named flows (others may be half-written). */
function promptsWith(flows: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-prompts-'));
  symlinkSync(join(PROMPTS_DIR, 'messages'), join(dir, 'messages'));
  mkdirSync(join(dir, 'flows'));
  for (const flow of flows) copyFileSync(join(PROMPTS_DIR, 'flows', `${flow}.yaml`), join(dir, 'flows', `${flow}.yaml`));
  return dir;
}

/** The whole bot (core, chosen flows, stores) on Discord, on temporary stores. */
export async function startDiscordApp(
  options: RigOptions & { features?: Feature[]; flows?: string[] } = {},
): Promise<DiscordAppRig> {
  const app = await createApp({
    promptsDir: promptsWith(options.flows ?? []),
    community: loadCommunity(EXAMPLE_COMMUNITY),
    log: silentLogger(),
    dataDir: mkdtempSync(join(tmpdir(), 'cg-discord-')),
    storeUrl: 'memory',
    evalDbUrl: ':memory:',
    features: options.features ?? [{ commands: coreCommands, functions: builtinFunctions }],
    directMessageCommand: 'feedback',
  });
  const rig = await startDiscordRig(app.bot, options);
  return {
    ...rig,
    app,
    async close() {
      await rig.close();
      await app.close();
    },
  };
}
