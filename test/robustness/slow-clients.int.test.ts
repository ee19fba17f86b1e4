import { connect } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_TIMEOUTS, type RunningServer, startServer } from '../../src/server/start-server.js';

/** Slowloris: headers or a body sent a byte at a time. The server hangs up once the request is overdue. */
let server: RunningServer;
const TIMEOUTS = { headersTimeoutMs: 1500, requestTimeoutMs: 3000 };
beforeAll(async () => {
  const app = new Hono();
  app.all('*', async (c) => c.text(String((await c.req.arrayBuffer().catch(() => new ArrayBuffer(0))).byteLength)));
  server = await startServer(app, 0, '127.0.0.1', TIMEOUTS);
});
afterAll(() => server?.close(0));

/** Sends `head`, then one more byte of `trickle` every 200 ms; resolves when the server closes the socket. */
function trickle(head: string, drip: string): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let reply = '';
    const socket = connect(server.port, '127.0.0.1', () => socket.write(head));
    let i = 0;
    const timer = setInterval(() => socket.writable && socket.write(drip[i++ % drip.length] as string), 200);
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: performance.now() - started, reply });
    });
  });
}

describe('slow clients', () => {
  it('shipped timeouts: headers within 10 s, the whole request within 120 s (Node allows 60 s / 300 s)', () => {
    expect(CONNECTION_TIMEOUTS).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 120_000 });
  });

  it('a client dripping its headers is answered 408 and cut off after the headers timeout', { timeout: 20_000 }, async () => {
    const { ms, reply } = await trickle('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: aaaaaaaa\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUTS.headersTimeoutMs - 100);
    expect(ms).toBeLessThan(TIMEOUTS.headersTimeoutMs + 2500);
  });

  it('a client dripping its body is cut off after the request timeout; a prompt one is answered', { timeout: 20_000 }, async () => {
    const { ms } = await trickle('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n', 'x');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUTS.requestTimeoutMs - 100);
    expect(ms).toBeLessThan(TIMEOUTS.requestTimeoutMs + 2500);
    const res = await fetch(`${server.url}/`, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(await res.text()).toBe('100000');
  });
});
