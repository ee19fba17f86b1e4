import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { AnswerService } from '../answer/answer-service.js';
import type { Library } from '../store/library.js';
import { AppError } from './app-error.js';
import { streamErrorBody } from './error-handler.js';
import { openAIErrorResponse, openAINotFound } from './openai-errors.js';
import { checkLetterIds, parseWith, readJsonBody } from './request-validation.js';
import { chatCompletionBodySchema, toAnswerRequest } from './v1-request.js';
import { ASSISTANT_MODEL_ID, annotationsFor, answerInfo, chatCompletion, chunk, contentOf, usage } from './v1-shapes.js';

export interface AnswerMode {
  mode: 'llm' | 'extractive';
  /** The chat model behind the answers, when there is one. */
  model?: string | undefined;
}

/** A fixed creation time: the id names a pipeline, not a build. */
const CREATED = 1735689600;

/** An OpenAI-compatible face on the answers: GET /models, POST /chat/completions (JSON or SSE). */
export function v1Routes(library: () => Library, service: AnswerService, mode: AnswerMode, publicUrl?: string): Hono {
  const app = new Hono();
  app.onError(openAIErrorResponse);

  const model = {
    id: ASSISTANT_MODEL_ID,
    object: 'model',
    created: CREATED,
    owned_by: 'letters-assistant',
    mode: mode.mode,
    ...(mode.model ? { chat_model: mode.model } : {}),
  };
  app.get('/models', (c) => c.json({ object: 'list', data: [model] }));
  app.get('/models/:id', (c) => (c.req.param('id') === ASSISTANT_MODEL_ID ? c.json(model) : modelNotFound(c, c.req.param('id'))));

  app.post(
    '/chat/completions',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new AppError(413, 'payload_too_large', 'request body is larger than 1 MB');
      },
    }),
    async (c) => {
      const body = parseWith(chatCompletionBodySchema, await readJsonBody(c));
      // As OpenAI does for a model it does not serve; leaving `model` out asks this one.
      if (body.model !== undefined && body.model !== ASSISTANT_MODEL_ID) return modelNotFound(c, body.model);
      const request = toAnswerRequest(body);
      const base = publicUrl ?? new URL(c.req.url).origin;
      checkLetterIds(library(), request.letterIds);
      const id = `chatcmpl-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      const promptText = body.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');

      if (!body.stream) return c.json(chatCompletion(id, created, await service.answer(request, c.req.raw.signal), promptText, base));

      return streamSSE(c, async (stream) => {
        const aborted = new AbortController();
        stream.onAbort(() => aborted.abort());
        const send = (data: unknown) => stream.writeSSE({ data: JSON.stringify(data) });
        let content = '';
        try {
          await send(chunk(id, created, { role: 'assistant', content: '' }));
          for await (const event of service.stream(request, aborted.signal)) {
            if (aborted.signal.aborted) return;
            if (event.type === 'delta') {
              content += event.text;
              await send(chunk(id, created, { content: event.text }));
            } else if (event.type === 'done') {
              const { answer } = event;
              const final = contentOf(answer, base);
              // The deltas spell out the final text; if they fell short, send the rest before the end.
              if (final.startsWith(content) && final.length > content.length) {
                const rest = final.slice(content.length);
                content += rest;
                await send(chunk(id, created, { content: rest }));
              }
              const annotations = annotationsFor(content, answer.citations, base);
              // Claims index the checked answer; when checking changed its markers, that text goes along.
              const info = { ...answerInfo(answer), ...(content !== answer.answer ? { revised_content: answer.answer } : {}) };
              await send(chunk(id, created, { annotations }, 'stop', { citations: answer.citations, claims: answer.claims ?? [], letters_assistant: info }));
              if (body.stream_options?.include_usage) await send({ ...chunk(id, created, {}), choices: [], usage: usage(promptText, content) });
            } else if (event.type === 'error') {
              await send({ error: { message: event.message, type: 'server_error', param: null, code: event.code } });
            }
          }
        } catch (err) {
          console.error('chat completion stream failed:', err);
          const { code, message } = streamErrorBody(err);
          await send({ error: { message, type: 'server_error', param: null, code } });
        }
        await stream.writeSSE({ data: '[DONE]' });
      });
    },
  );
  /** OpenAI's answer, word for word in shape, for a model it does not serve. */
  function modelNotFound(c: Context, name: string): Response {
    const message = `The model \`${name}\` does not exist or you do not have access to it. This server serves "${ASSISTANT_MODEL_ID}".`;
    return c.json({ error: { message, type: 'invalid_request_error', param: null, code: 'model_not_found' } }, 404);
  }
  // A mounted app's notFound is not consulted; this keeps unknown /v1 paths in the OpenAI shape.
  app.all('*', openAINotFound);
  return app;
}
