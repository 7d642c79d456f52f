import { ShardingManager, type ShardingManagerOptions } from 'discord.js';
import type { RunningAdapter } from '../../src/core/adapter';
import type { Logger } from '../../src/core/log';

/** DISCORD_SHARDS: a number of shards, or `auto` (Discord's recommendation); undefined when unset. */
export function discordShards(env: NodeJS.ProcessEnv): number | 'auto' | undefined {
  const given = env.DISCORD_SHARDS?.trim();
  if (!given) return undefined;
  if (given === 'auto') return 'auto';
  const count = Number(given);
  if (!Number.isInteger(count) || count < 1) throw new Error(`DISCORD_SHARDS must be a whole number of shards (1 or more) or "auto", not "${given}".`);
  return count;
}

/** True in a process the sharding manager started for one shard (discord.js sets SHARDS there). */
export const isShardProcess = (env: NodeJS.ProcessEnv) => env.SHARDS !== undefined;

type Manager = Pick<ShardingManager, 'spawn' | 'shards'>;

/**
 * With DISCORD_SHARDS, this process runs no Discord client itself: discord.js's ShardingManager
 * starts `commonground start` once per shard (each a whole bot on the shared Redis), and restarts a
 * shard that dies. `makeManager` lets tests see what would be constructed.
 */
export async function startDiscordShards(options: {
  env: NodeJS.ProcessEnv;
  file: string;
  log: Logger;
  makeManager?: (file: string, options: ShardingManagerOptions) => Manager;
}): Promise<RunningAdapter> {
  const { env, log } = options;
  const totalShards = discordShards(env) ?? 'auto';
  const token = env.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set');
  if (!/^rediss?:\/\//.test(env.STORE_URL ?? '')) throw new Error('DISCORD_SHARDS needs the state on Redis (STORE_URL=redis://...), which the shards share.');
  const make = options.makeManager ?? ((file, settings) => new ShardingManager(file, settings));
  // Each shard runs with this process's node options (the young generation's cap, docs/deployment.md).
  const manager = make(options.file, { totalShards, token, shardArgs: ['start'], execArgv: process.execArgv, respawn: true });
  await manager.spawn();
  log.info({ platform: 'discord', shards: manager.shards.size }, 'discord shards started');
  return {
    platform: 'discord',
    connected: () => manager.shards.size > 0 && [...manager.shards.values()].every((shard) => shard.ready),
    async stop() {
      // Each shard is a bot process of its own: SIGTERM lets it stop as any process does.
      for (const shard of manager.shards.values()) shard.process?.kill('SIGTERM');
      await Promise.all([...manager.shards.values()].map((shard) => (shard.process && shard.process.exitCode === null ? new Promise((resolve) => shard.process?.once('exit', resolve)) : undefined)));
    },
  };
}
