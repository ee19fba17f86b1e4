import { Hono } from 'hono';
import { z } from 'zod';
import { resolveLetterFilter } from '../corpus/letter-filter.js';
import type { Snapshot } from '../serving/snapshot.js';
import { buildTimeline } from '../timeline/build-timeline.js';
import { checkLetterIds, parseWith } from './request-validation.js';
import { filterQuerySchema, filterQueryValues } from './schemas.js';

const timelineQuerySchema = z.object({
  q: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(2000),
  ...filterQuerySchema,
});

export function timelineRoutes(snapshot: () => Snapshot): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const query = parseWith(timelineQuerySchema, { q: c.req.query('q'), ...filterQueryValues(c.req.queries(), (key) => c.req.query(key)) });
    const { library, retriever } = snapshot();
    checkLetterIds(library, query.letterIds);
    const scope = resolveLetterFilter(library.letters, query);
    const authority = query.authority?.join(', ') ?? null;
    if (scope.noMatch !== undefined) return c.json({ query: query.q, authority, letters: [], noLetterMatches: scope.noMatch });
    const letters = await buildTimeline(retriever, query.q, scope);
    return c.json({ query: query.q, authority, letters });
  });
  return app;
}
