/** A result or the reason there is none, for bad input that is reported and skipped, not thrown. */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string };
