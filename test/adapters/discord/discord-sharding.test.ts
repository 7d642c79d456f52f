import { describe, expect, it } from 'vitest';
import { discordShards, isShardProcess, startDiscordShards } from '../../../adapters/discord/sharding';
import { silentLogger } from '../../../src/core/log';

describe('Discord sharding (DISCORD_SHARDS)', () => {
  it('reads a number of shards or auto, and refuses anything else with a clear message', () => {
    expect(discordShards({})).toBeUndefined();
    expect(discordShards({ DISCORD_SHARDS: '4' })).toBe(4);
    expect(discordShards({ DISCORD_SHARDS: 'auto' })).toBe('auto');
    expect(() => discordShards({ DISCORD_SHARDS: 'many' })).toThrow('DISCORD_SHARDS must be a whole number of shards (1 or more) or "auto", not "many".');
    expect(isShardProcess({ SHARDS: '0' })).toBe(true);
    expect(isShardProcess({})).toBe(false);
  });

  it('starts a ShardingManager running `commonground start` once per shard, with this process\'s node options, and stops the shards on stop', async () => {
    const made: Array<{ file: string; options: unknown }> = [];
    let spawned = 0;
    const adapter = await startDiscordShards({
      env: { DISCORD_SHARDS: '3', DISCORD_TOKEN: 'token', STORE_URL: 'redis://127.0.0.1:6379' },
      file: 'bin/commonground.js',
      log: silentLogger(),
      makeManager(file, options) {
        made.push({ file, options });
        return { shards: new Map(), spawn: async () => ((spawned += 1), new Map()) } as never;
      },
    });
    expect(made).toEqual([{ file: 'bin/commonground.js', options: { totalShards: 3, token: 'token', shardArgs: ['start'], execArgv: process.execArgv, respawn: true } }]);
    expect(spawned).toBe(1);
    expect(adapter.platform).toBe('discord');
    await adapter.stop();
  });

  it('needs the state on Redis, which the shards share', async () => {
    await expect(startDiscordShards({ env: { DISCORD_SHARDS: '2', DISCORD_TOKEN: 'token' }, file: 'x', log: silentLogger(), makeManager: () => ({}) as never })).rejects.toThrow(
      'DISCORD_SHARDS needs the state on Redis (STORE_URL=redis://...), which the shards share.',
    );
  });
});
