import { Hono } from 'hono';
import { resolveLetterFilter } from '../corpus/letter-filter.js';
import type { Snapshot } from '../serving/snapshot.js';
import { checkLetterIds, parseWith } from './request-validation.js';
import { filterQueryValues, searchQuerySchema } from './schemas.js';

export function searchRoutes(snapshot: () => Snapshot): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const query = parseWith(searchQuerySchema, { q: c.req.query('q'), k: c.req.query('k'), ...filterQueryValues(c.req.queries(), (key) => c.req.query(key)) });
    const { library, retriever } = snapshot();
    checkLetterIds(library, query.letterIds);
    const scope = resolveLetterFilter(library.letters, query);
    if (scope.noMatch !== undefined) return c.json({ results: [], noLetterMatches: scope.noMatch });
    const results = await retriever.search({ query: query.q, k: query.k, ...scope });
    return c.json({ results: results.map(({ kind: _kind, ...hit }) => hit) });
  });
  return app;
}
