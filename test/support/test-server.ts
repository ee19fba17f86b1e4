import type { Hono } from 'hono';
import { buildServer, type Server, type ServerOverrides } from '../../src/compose/build-server.js';
import { type Env, loadConfig } from '../../src/compose/config.js';
import type { Snapshot } from '../../src/serving/snapshot.js';

/**
 * The configuration tests run with: the defaults, with no rate limits (a suite sends hundreds of
 * requests from one client) and no corpus watcher, then whatever the test sets.
 */
export function testConfig(env: Record<string, string | undefined> = {}): Env {
  return loadConfig({ RATE_LIMIT_PER_MINUTE: '0', MODEL_RATE_LIMIT_PER_MINUTE: '0', UPLOAD_RATE_LIMIT_PER_MINUTE: '0', CORPUS_WATCH: 'false', ...env });
}

/** buildServer over a snapshot the test opened (read-only over HTTP), with the test's settings. */
export async function serverOver(snapshot: Snapshot, env: Record<string, string | undefined> = {}, overrides: ServerOverrides = {}): Promise<Server> {
  return buildServer(testConfig(env), { snapshot, ...overrides });
}

/** The app of serverOver. */
export async function appOver(snapshot: Snapshot, env: Record<string, string | undefined> = {}, overrides: ServerOverrides = {}): Promise<Hono> {
  return (await serverOver(snapshot, env, overrides)).app;
}
