import KeyvRedis from '@keyv/redis';

interface Client {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Deletes the keys a test wrote under its own namespace (never anything else). */
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
