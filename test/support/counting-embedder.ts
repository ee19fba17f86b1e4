import type { Embedder, TermWeight } from '../../src/embed/embedder.js';

export interface CountingOptions {
  /** Throw on this embed() call (1-based) instead of embedding. */
  failOnCall?: number;
  /** Present a different id, as a changed embedder would. */
  id?: string;
}

/** Wraps a real embedder, recording each embed() batch; can be told to fail on the nth call. */
export class CountingEmbedder implements Embedder {
  readonly batches: string[][] = [];
  readonly id: string;
  readonly dimensions: number;

  constructor(
    private readonly inner: Embedder,
    private readonly options: CountingOptions = {},
  ) {
    this.id = options.id ?? inner.id;
    this.dimensions = inner.dimensions;
  }

  async embed(texts: string[]): Promise<number[][]> {
    this.batches.push(texts);
    if (this.batches.length === this.options.failOnCall) throw new Error(`embedder failed on call ${this.batches.length}`);
    return this.inner.embed(texts);
  }

  embedQuery(text: string, termWeight?: TermWeight): Promise<number[]> {
    return this.inner.embedQuery(text, termWeight);
  }
}
