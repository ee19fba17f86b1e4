import { commitSource, type IngestContext, type IngestOutcome, letterIdFor, type Prepared, prepareSource } from './ingest-source.js';

export interface BatchItem {
  /** As the user named it: a path on the command line, a file name in an upload. */
  name: string;
  size: number;
  read: () => Promise<Uint8Array>;
}

export interface BatchSummary {
  outcomes: IngestOutcome[];
  counts: Record<IngestOutcome['status'], number>;
}

/**
 * Ingests files in the order given. Two files of one batch that would be the same letter id are
 * a mistake, not a replacement: the second is refused. A file that cannot be read is refused;
 * the rest still go in. With `ctx.readAhead`, the next files are read and converted (on the
 * conversion pool's threads) while one is written; writes, and so outcomes, stay in order.
 */
export async function ingestBatch(items: BatchItem[], ctx: IngestContext, onOutcome?: (o: IngestOutcome, done: number) => void): Promise<BatchSummary> {
  const outcomes: IngestOutcome[] = [];
  const counts = { added: 0, replaced: 0, unchanged: 0, duplicate: 0, failed: 0 };
  const claimed = new Map<string, string>();
  const ahead = Math.max(0, ctx.readAhead ?? 0);
  const pending: Promise<Prepared>[] = [];
  const start = (i: number) => {
    const item = items[i];
    if (item) pending[i] = prepareItem(item, ctx);
  };
  for (let i = 0; i <= ahead; i++) start(i);
  for (const [i, item] of items.entries()) {
    start(i + ahead + 1);
    const prepared = await (pending[i] as Promise<Prepared>);
    delete pending[i];
    const outcome = await commitItem(item, prepared, ctx, claimed);
    outcomes.push(outcome);
    counts[outcome.status]++;
    onOutcome?.(outcome, outcomes.length);
  }
  return { outcomes, counts };
}

async function prepareItem(item: BatchItem, ctx: IngestContext): Promise<Prepared> {
  const fail = (reason: string): Prepared => ({ kind: 'done', outcome: { name: item.name, status: 'failed', reason } });
  if (item.size > ctx.maxBytes) return fail(`too large (${(item.size / 1048576).toFixed(1)} MB; the limit is ${(ctx.maxBytes / 1048576).toFixed(1)} MB)`);
  let bytes: Uint8Array;
  try {
    bytes = await item.read();
  } catch (err) {
    return fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return prepareSource({ name: item.name, bytes }, ctx);
}

/** The id check runs here, in order, so which of two same-id files is refused does not depend on timing. */
async function commitItem(item: BatchItem, prepared: Prepared, ctx: IngestContext, claimed: Map<string, string>): Promise<IngestOutcome> {
  const id = letterIdFor(item.name);
  const other = claimed.get(id);
  if (id && other !== undefined) return { name: item.name, status: 'failed', reason: `gives the same letter id "${id}" as ${other}; rename one of them` };
  if (ctx.signal?.aborted) return { name: item.name, status: 'failed', reason: 'not written: the upload was given up before this file was stored' };
  const outcome = await commitSource(prepared, ctx);
  if (outcome.status !== 'failed') claimed.set(id, item.name);
  return outcome;
}
