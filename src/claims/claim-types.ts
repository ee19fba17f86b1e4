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
  /** The refs the model wrote, when the claim was re-cited to a passage that supports it. */
  recitedFrom?: number[];
  /** The verdict of the second model call (VERIFY_WITH_MODEL), kept even where the offline checker overrules it. */
  modelSupport?: Exclude<Support, 'uncited'>;
}

/** How a model answer's claims were judged, when VERIFY_WITH_MODEL asked for a model's opinion too. */
export interface ClaimCheck {
  by: 'offline' | 'offline+model';
  /** Why the model's judgement is missing: its call failed and the offline verdicts stand alone. */
  degraded?: { reason: string };
}
