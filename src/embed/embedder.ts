/** Weight of a query feature (e.g. its inverse document frequency); 1 when unknown. */
export type TermWeight = (feature: string) => number;

export interface Embedder {
  /** Changes whenever vectors would change: the index is rebuilt when it differs. */
  readonly id: string;
  readonly dimensions: number;
  /** Vectors for passages, L2-normalised, in input order. */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  /** Vector for a search query; the built-in embedder weights its features by termWeight. */
  embedQuery(text: string, termWeight?: TermWeight, signal?: AbortSignal): Promise<number[]>;
}
