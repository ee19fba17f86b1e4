import { Hono } from 'hono';
import type { Snapshot } from '../serving/snapshot.js';
import { checkLetterIds, parseWith } from './request-validation.js';
import { searchQuerySchema } from './schemas.js';

export function searchRoutes(snapshot: () => Snapshot): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const raw = c.req.queries();
    const query = parseWith(searchQuerySchema, {
      q: c.req.query('q'),
      k: c.req.query('k'),
      letterIds: raw.letterIds,
      from: c.req.query('from'),
      to: c.req.query('to'),
    });
    const { library, retriever } = snapshot();
    checkLetterIds(library, query.letterIds);
    const results = await retriever.search({ query: query.q, k: query.k, letterIds: query.letterIds, from: query.from, to: query.to });
    return c.json({ results: results.map(({ kind: _kind, ...hit }) => hit) });
  });
  return app;
}
