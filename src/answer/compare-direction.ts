import { checkClaim } from '../claims/check-claim.js';
import { tone } from '../claims/tone.js';

export { tone };

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
