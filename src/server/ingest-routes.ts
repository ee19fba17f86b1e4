import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorMessage } from '../base/error-message.js';
import type { ChunkOptions } from '../chunk/chunk.js';
import type { Convert } from '../ingest/convert-pool.js';
import { CorpusStore, type LetterStore } from '../ingest/corpus-store.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import type { IngestLimits } from '../ingest/ingest-limits.js';
import type { ReloadResult } from '../serving/live-snapshot.js';
import { AppError, badRequest, notFound } from './app-error.js';
import { requestAbandoned } from './middleware/request-timeout.js';

export interface IngestRoutesDeps {
  corpusDir: string;
  /** Largest upload, in bytes (the whole request, give or take the multipart framing). */
  maxBytes: number;
  chunkOptions: ChunkOptions;
  /** Reads files off the event loop (a conversion thread) within `limits`; a hostile PDF never stalls the server. */
  convert?: Convert;
  limits?: IngestLimits;
  /** Re-reads the corpus and swaps in the new index; resolves once the new letters are served. */
  reload: () => Promise<ReloadResult>;
  /** Marks an upload in progress until the returned release is called: the file watcher leaves its writes to the upload's own reload. */
  hold?: () => () => void;
  /** Where uploads go and deletes come from: corpus/ unless given (the database, with DATABASE_URL). */
  store?: () => LetterStore;
  /** After an upload or delete: how the server takes the change in (reload unless given). */
  afterWrite?: () => Promise<ReloadResult>;
}

/** Room for multipart boundaries and part headers on top of the file bytes. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * POST /letters (multipart upload of .pdf/.txt/.md) and POST /reindex; mounted under /api,
 * where createApp's API_TOKEN check guards them like every /api/* route.
 */
export function ingestRoutes(deps: IngestRoutesDeps): Hono {
  const app = new Hono();

  app.post(
    '/letters',
    bodyLimit({
      maxSize: deps.maxBytes + MULTIPART_SLACK,
      onError: (c) => c.json({ error: { code: 'payload_too_large', message: `upload larger than ${deps.maxBytes} bytes` } }, 413),
    }),
    async (c) => {
      if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
        throw new AppError(415, 'unsupported_media_type', 'send the letters as multipart/form-data, one or more "file" fields');
      }
      const body = await c.req.parseBody({ all: true }).catch(() => {
        throw badRequest('body: malformed multipart/form-data');
      });
      const files = Object.values(body)
        .flat()
        .filter((v): v is File => typeof v !== 'string');
      if (files.length === 0) throw badRequest('file: no file in the upload');

      const items = files.map((f) => ({ name: f.name || 'upload', size: f.size, read: async () => new Uint8Array(await f.arrayBuffer()) }));
      const ctx = {
        store: storeOf(deps),
        chunkOptions: deps.chunkOptions,
        via: 'upload' as const,
        maxBytes: deps.maxBytes,
        signal: requestAbandoned(c),
        ...(deps.convert ? { convert: deps.convert } : {}),
        ...(deps.limits ? { limits: deps.limits } : {}),
      };
      const release = deps.hold?.() ?? (() => {});
      try {
        return await finishUpload(c, deps, await ingestBatch(items, ctx));
      } finally {
        release();
      }
    },
  );

  app.post('/reindex', async (c) => c.json(await deps.reload()));

  // Takes a letter out of the corpus (or the database) and the index; every server stops citing it.
  app.delete('/letters/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await storeOf(deps).remove(id))) throw notFound(`no letter with id "${id}"`);
    const reindex = await (deps.afterWrite ?? deps.reload)().catch((err: unknown) => ({ error: `reindex failed: ${errorMessage(err)}` }));
    return c.json({ deleted: id, reindex });
  });

  return app;
}

/** Answers an upload: each file's outcome, after the one reindex it needs. */
async function finishUpload(c: Context, deps: IngestRoutesDeps, { outcomes, counts }: Awaited<ReturnType<typeof ingestBatch>>): Promise<Response> {
  if (counts.failed === outcomes.length) {
    const message = outcomes.map((o) => `${o.name}: ${'reason' in o ? o.reason : o.status}`).join('; ');
    // Over a limit (pages, text, memory, time): well-formed, but more than the server will read.
    if (outcomes.some((o) => 'limit' in o && o.limit)) return c.json({ error: { code: 'limit_exceeded', message }, letters: outcomes }, 422);
    // Every file refused: a 400, still with a line per file so the page can say why for each.
    return c.json({ error: { code: 'bad_request', message }, letters: outcomes, counts, reindex: null }, 400);
  }
  const changed = counts.added + counts.replaced > 0;
  const reindex = changed ? await (deps.afterWrite ?? deps.reload)().catch((err: unknown) => ({ error: `reindex failed: ${errorMessage(err)}` })) : null;
  return c.json({ letters: outcomes, counts, reindex }, changed ? 201 : 200);
}

function storeOf(deps: IngestRoutesDeps): LetterStore {
  return deps.store?.() ?? new CorpusStore(deps.corpusDir);
}
