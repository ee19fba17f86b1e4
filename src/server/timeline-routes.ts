import { Hono } from 'hono';
import { z } from 'zod';
import type { Snapshot } from '../serving/snapshot.js';
import { buildTimeline } from '../timeline/build-timeline.js';
import { parseWith } from './request-validation.js';

const timelineQuerySchema = z.object({
  q: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(2000),
  authority: z.string().trim().max(200).optional(),
});

export function timelineRoutes(snapshot: () => Snapshot): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const query = parseWith(timelineQuerySchema, { q: c.req.query('q'), authority: c.req.query('authority') || undefined });
    const letters = await buildTimeline(snapshot().retriever, query.q, query.authority);
    return c.json({ query: query.q, authority: query.authority ?? null, letters });
  });
  return app;
}
