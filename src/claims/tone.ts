/** Positive minus negative judgement words of a quote: its rough tone, enough to order two visits. */
const POSITIVE =
  /\b(?:improv\w*|progress|strong\w*|effective(?:ly)?|manageable|good|significant progress|rapid|positive\w*|better|sound|robust|regular(?:ly)?|well supported|confident)\b/gi;
const NEGATIVE =
  /\b(?:not|too slow|too variable|inconsisten\w*|variab\w*|poor|weak\w*|high|delays?|drift|ineffective|lack\w*|concern\w*|worse|deteriorat\w*|gaps?|struggle\w*|too long)\b/gi;

/** Positive minus negative judgement words: a crude tone of a quote, enough to order two visits. */
export function tone(quote: string): number {
  return (quote.match(POSITIVE)?.length ?? 0) - (quote.match(NEGATIVE)?.length ?? 0);
}
