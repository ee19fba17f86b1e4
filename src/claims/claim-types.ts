export type Support = 'supported' | 'partial' | 'unsupported' | 'uncited';

export interface Claim {
  /** The claim as written, without its [n] markers: answer.slice(start, end). */
  text: string;
  start: number;
  end: number;
  refs: number[];
  support: Support;
  /** What the cited quotes do not back: figures, dates, names, a negation, content words. */
  missing: string[];
  reason?: string;
}
