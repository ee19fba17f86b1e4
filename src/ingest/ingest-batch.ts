import { type IngestContext, type IngestOutcome, ingestSource, letterIdFor } from './ingest-source.js';

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
 * Ingests files one after another. Two files of one batch that would be the same letter id are
 * a mistake, not a replacement: the second is refused. A file that cannot be read is refused;
 * the rest still go in.
 */
export async function ingestBatch(items: BatchItem[], ctx: IngestContext, onOutcome?: (o: IngestOutcome, done: number) => void): Promise<BatchSummary> {
  const outcomes: IngestOutcome[] = [];
  const counts = { added: 0, replaced: 0, unchanged: 0, duplicate: 0, failed: 0 };
  const claimed = new Map<string, string>();
  for (const item of items) {
    const outcome = await ingestItem(item, ctx, claimed);
    outcomes.push(outcome);
    counts[outcome.status]++;
    onOutcome?.(outcome, outcomes.length);
  }
  return { outcomes, counts };
}

async function ingestItem(item: BatchItem, ctx: IngestContext, claimed: Map<string, string>): Promise<IngestOutcome> {
  const fail = (reason: string): IngestOutcome => ({ name: item.name, status: 'failed', reason });
  const id = letterIdFor(item.name);
  const other = claimed.get(id);
  if (id && other !== undefined) return fail(`gives the same letter id "${id}" as ${other}; rename one of them`);
  if (item.size > ctx.maxBytes) return fail(`too large (${(item.size / 1048576).toFixed(1)} MB; the limit is ${(ctx.maxBytes / 1048576).toFixed(1)} MB)`);
  let bytes: Uint8Array;
  try {
    bytes = await item.read();
  } catch (err) {
    return fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const outcome = await ingestSource({ name: item.name, bytes }, ctx);
  if (outcome.status !== 'failed') claimed.set(id, item.name);
  return outcome;
}
