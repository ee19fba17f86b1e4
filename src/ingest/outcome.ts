import type { LimitKind } from './ingest-limits.js';

/** A result or the reason there is none, for bad input that is reported and skipped, not thrown. `limit`: the file was over one of the IngestLimits. */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string; limit?: LimitKind };
