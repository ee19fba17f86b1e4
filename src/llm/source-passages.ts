import type { SourcePassage } from '../claims/repair-claims.js';
import { citationSource } from '../corpus/citation.js';
import type { Library } from '../store/library.js';
import { sentenceSpans } from '../text/sentence-spans.js';
import type { PromptPassage } from './prompt.js';

/** The passages the model was given, split into sentences of the stored letters: what a claim may be re-cited to. */
export function sourcePassages(passages: PromptPassage[], library: Library): SourcePassage[] {
  const out: SourcePassage[] = [];
  for (const { n, hit } of passages) {
    const letter = library.letter(hit.letterId);
    // The library may have been reindexed since retrieval: offer only what still reads the same.
    if (!letter || letter.text.slice(hit.start, hit.end) !== hit.text) continue;
    out.push({
      n,
      cite: citationSource(letter, hit),
      sentences: sentenceSpans(letter.text, hit.start, hit.end).map((s) => ({ ...s, quote: letter.text.slice(s.start, s.end) })),
    });
  }
  return out;
}
