import { gatherEvidence, isOnTopic, loadEvidenceTexts } from '../answer/evidence.js';
import { readIntent } from '../retrieve/query-intent.js';
import type { Retriever } from '../retrieve/retriever.js';
import { judgementLine } from './judgement-line.js';
import type { TimelineEntry } from './timeline-entry.js';

const TEXT_BATCH = 32;

/** The letters a timeline covers: chosen ones, and/or a date range (a resolved LetterFilter). */
export interface TimelineScope {
  letterIds?: string[];
  from?: string;
  to?: string;
}

/** For each letter in scope, oldest first: its headline judgement and what it says on the topic. */
export async function buildTimeline(retriever: Retriever, query: string, scope: TimelineScope = {}): Promise<TimelineEntry[]> {
  const { library } = retriever;
  const chosen = scope.letterIds ? new Set(scope.letterIds) : null;
  const letters = library.letters.filter(
    (l) => (!chosen || chosen.has(l.id)) && (!scope.from || (l.date !== null && l.date >= scope.from)) && (!scope.to || (l.date !== null && l.date <= scope.to)),
  );
  const intent = { ...readIntent(query), comparesVisits: false };
  const entries: TimelineEntry[] = [];
  for (const [i, info] of letters.entries()) {
    // A database gives texts only when asked ahead: a batch at a time, not one query per letter.
    if (i % TEXT_BATCH === 0) await library.loadTexts(letters.slice(i, i + TEXT_BATCH).map((l) => l.id));
    const letter = library.letter(info.id);
    if (!letter) continue;
    const ranked = await retriever.rank({ query, k: 3, letterIds: [letter.id] }, intent);
    await loadEvidenceTexts(query, ranked, library);
    const evidence = gatherEvidence({ question: query, ranked, retriever, intent });
    const best = evidence.candidates[0];
    const onTopic = best && isOnTopic(best.coverage, evidence);
    entries.push({
      letterId: letter.id,
      date: letter.date,
      visitNumber: letter.visitNumber,
      title: letter.title,
      judgement: judgementLine(letter, library.chunksOf(letter.id)),
      passage: onTopic ? { paragraph: best.hit.chunk.n, section: best.hit.chunk.section, start: best.start, end: best.end, quote: letter.text.slice(best.start, best.end) } : null,
    });
  }
  return entries;
}
