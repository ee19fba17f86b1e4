import { checkClaim } from '../claims/check-claim.js';

const POSITIVE =
  /\b(?:improv\w*|progress|strong\w*|effective(?:ly)?|manageable|good|significant progress|rapid|positive\w*|better|sound|robust|regular(?:ly)?|well supported|confident)\b/gi;
const NEGATIVE =
  /\b(?:not|too slow|too variable|inconsisten\w*|variab\w*|poor|weak\w*|high|delays?|drift|ineffective|lack\w*|concern\w*|worse|deteriorat\w*|gaps?|struggle\w*|too long)\b/gi;

/** Positive minus negative judgement words: a crude tone of a quote, enough to order two visits. */
export function tone(quote: string): number {
  return (quote.match(POSITIVE)?.length ?? 0) - (quote.match(NEGATIVE)?.length ?? 0);
}

/**
 * A one-line direction for a comparison (quotes oldest first), or null unless the first and last
 * quotes have opposite tones and the claim checker passes the line against the quotes it cites.
 */
export function directionLine(quotes: { ref: number; quote: string }[]): string | null {
  const first = quotes[0];
  const last = quotes.at(-1);
  if (!first || !last || first === last) return null;
  const before = Math.sign(tone(first.quote));
  const after = Math.sign(tone(last.quote));
  // Word counts are crude: only opposite tones, not degrees of the same tone, make a direction.
  if (before === 0 || after === 0 || before === after) return null;
  const line = `Direction: ${after > 0 ? 'improved' : 'worse'}`;
  const verdict = checkClaim(
    line,
    quotes.map((q) => q.quote),
  );
  return verdict.support === 'supported' ? `${line} ${quotes.map((q) => `[${q.ref}]`).join(' ')}` : null;
}
