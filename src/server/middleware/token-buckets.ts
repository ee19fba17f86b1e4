interface Bucket {
  tokens: number;
  at: number;
}

export interface TokenBucketOptions {
  /** Sustained requests per minute per key. */
  perMinute: number;
  /** Requests a key may make at once before the sustained rate applies. */
  burst: number;
  /** Keys remembered at most; the least recently seen is forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

/** One token bucket per key, in memory, with a bounded number of keys. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Takes one token for key: 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const capacity = this.options.burst;
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key);
      b.tokens = Math.min(capacity, b.tokens + (now - b.at) * this.perMs);
      b.at = now;
    } else {
      b = { tokens: capacity, at: now };
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    // Re-inserted so Map order is least recently seen first.
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perMs);
  }

  get size(): number {
    return this.buckets.size;
  }
}
