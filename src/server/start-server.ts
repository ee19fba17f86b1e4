import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  server: ServerType;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * How long a client may take to send its request: headers within 10 s, the whole request
 * (a 20 MB upload on a slow link included) within 120 s. Node's defaults (60 s / 300 s) let a
 * slowloris hold connections for minutes; a real client sends headers at once.
 */
export const CONNECTION_TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 120_000 };
/** Node looks for overdue requests this often (its default, 30 s, would stretch the timeouts). */
const CHECK_EVERY_MS = 1000;

export function startServer(app: Hono, port: number, hostname: string, timeouts = CONNECTION_TIMEOUTS): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port,
        hostname,
        serverOptions: { headersTimeout: timeouts.headersTimeoutMs, requestTimeout: timeouts.requestTimeoutMs, connectionsCheckingInterval: CHECK_EVERY_MS },
      },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          server,
          port: info.port,
          url: `http://${host}:${info.port}`,
          close: (graceMs = 10_000) =>
            new Promise<void>((done) => {
              const timer = setTimeout(() => {
                if ('closeAllConnections' in server) server.closeAllConnections();
              }, graceMs);
              timer.unref();
              server.close(() => {
                clearTimeout(timer);
                done();
              });
              if ('closeIdleConnections' in server) server.closeIdleConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
