import { openSnapshotInMemory } from '../../src/serving/open-in-memory.js';
import { appOver } from './test-server.js';

/** The seed letters (read-only from corpus/), indexed in memory, and an app over them. */
export async function seedApp(corpusDir = 'corpus') {
  const snapshot = await openSnapshotInMemory(corpusDir);
  const app = await appOver(snapshot);
  return { app, snapshot, library: snapshot.library, embedder: snapshot.retriever.embedder };
}

export const L2018 = 'croydon-2018-08-02';
export const L2019 = 'croydon-2019-12-18';

export function postJson(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Parses a text/event-stream body into {event, data} records. */
export function parseSse(text: string): { event: string; data: unknown }[] {
  return text
    .split(/\n\n+/)
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}
