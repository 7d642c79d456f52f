import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a double. `blackhole()` turns it into an endpoint that accepts
 * connections and never answers: open connections stop forwarding, new ones hang.
 */
export interface BlackholeProxy {
  readonly url: string;
  blackhole(): void;
  /** Resolves once a request reached the proxy after it went silent. */
  swallowed(): Promise<void>;
  close(): Promise<void>;
}

export async function startBlackholeProxy(target: string): Promise<BlackholeProxy> {
  const { hostname, port, protocol } = new URL(target);
  const sockets = new Set<net.Socket>();
  let silent = false;
  let wake: (() => void) | undefined;
  const swallowedOne = new Promise<void>((resolve) => (wake = resolve));
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const upstream = net.connect({ host: hostname, port: Number(port) });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => sockets.delete(upstream));
    client.on('data', (chunk) => {
      if (silent) wake?.();
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!silent) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const path = new URL(target).pathname.replace(/\/$/, '');
  return {
    url: `${protocol}//127.0.0.1:${address.port}${path}`,
    blackhole: () => (silent = true),
    swallowed: () => swallowedOne,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
