import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AnswerService } from '../answer/answer-service.js';
import type { Library } from '../store/library.js';
import { streamErrorBody } from './error-handler.js';
import { checkLetterIds, parseWith, readJsonBody } from './request-validation.js';
import { answerBodySchema } from './schemas.js';

export function answerRoutes(library: () => Library, service: AnswerService): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    const body = parseWith(answerBodySchema, await readJsonBody(c));
    checkLetterIds(library(), body.letterIds);
    const signal = c.req.raw.signal;
    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
      return c.json(await service.answer(body, signal));
    }
    return streamSSE(c, async (stream) => {
      const aborted = new AbortController();
      stream.onAbort(() => aborted.abort());
      try {
        for await (const event of service.stream(body, aborted.signal)) {
          if (aborted.signal.aborted) break;
          const { type, ...data } = event;
          await stream.writeSSE({ event: type, data: JSON.stringify(type === 'done' ? event.answer : type === 'citations' ? event.citations : data) });
        }
      } catch (err) {
        console.error('answer stream failed:', err);
        await stream.writeSSE({ event: 'error', data: JSON.stringify(streamErrorBody(err)) });
      }
    });
  });
  return app;
}
