import KeyvRedis from '@keyv/redis';

interface Client {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Deletes the keys written under one namespace of a shared Redis (never anything else), e.g. after a test or a benchmark. */
export async function deleteNamespace(url: string, namespace: string): Promise<void> {
  const adapter = new KeyvRedis(url);
  const client = (await adapter.getClient()) as unknown as Client;
  try {
    let cursor = '0';
    do {
      const [next, found] = (await client.sendCommand(['SCAN', cursor, 'MATCH', `${namespace}::*`, 'COUNT', '1000'])) as [string, string[]];
      cursor = next;
      if (found.length > 0) await client.sendCommand(['DEL', ...found]);
    } while (cursor !== '0');
  } finally {
    await adapter.disconnect();
  }
}
