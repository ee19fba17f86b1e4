import { Hono } from 'hono';
import type { Library } from '../store/library.js';
import { verifyAnswer } from '../verify/verify-answer.js';
import { verifyRequestSchema } from '../verify/verify-request.js';
import { parseWith, readJsonBody } from './request-validation.js';

export function verifyRoutes(library: () => Library): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    const body = parseWith(verifyRequestSchema, await readJsonBody(c));
    const lib = library();
    await lib.loadTexts(body.citations.map((c) => c.letterId));
    return c.json(verifyAnswer((id) => lib.letter(id), body));
  });
  return app;
}
