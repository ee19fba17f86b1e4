import net from 'node:net';

/**
 * A TCP hop between app servers and Postgres, to stand for the network: `hang()` stops passing
 * bytes either way (connections stay open, new ones are accepted and get nothing back), as a
 * stalled network or a frozen server looks to a client; `restore()` drops the stalled connections
 * (as a network reset does) and passes traffic again.
 */
export interface TcpProxy {
  /** The target URL with this proxy's host and port in it. */
  url: string;
  hang(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  let hung = false;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (hung) return client.pause();
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    // Bytes pass only while not hung; what arrives meanwhile is dropped, as on a dead link.
    client.on('data', (d) => {
      if (!hung) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!hung) client.write(d);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    hang: () => {
      hung = true;
    },
    restore: () => {
      hung = false;
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
