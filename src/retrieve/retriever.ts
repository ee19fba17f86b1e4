import { errorMessage } from '../base/error-message.js';
import { roundScore } from '../corpus/citation.js';
import type { Embedder } from '../embed/embedder.js';
import type { ChunkRecord } from '../store/chunk-record.js';
import type { Library } from '../store/library.js';
import { indexTerms } from '../text/analyze.js';
import { GRADE_ROW } from '../text/grades.js';
import { IMPROVEMENT_SECTION, INSPECTOR_LINE, SUMMARY_SECTION } from '../text/ofsted-sections.js';
import { type CandidateSource, LocalCandidates } from './candidate-source.js';
import { readLetterHints } from './letter-hints.js';
import { type QueryIntent, readIntent } from './query-intent.js';
import { coverage, type QuestionUnit, questionTerms } from './question-units.js';
import type { SearchHit, SearchRequest } from './search-types.js';
import { SemanticExpander } from './semantic-expander.js';
import { SparseIndex, type TermSet } from './sparse-index.js';
import { TermStats } from './term-stats.js';

/** Reciprocal rank fusion constant: how fast credit falls with rank. */
const RRF_K = 60;
const SPARSE_WEIGHT = 1;
const DENSE_WEIGHT = 0.8;
/** Letterhead and sign-off rarely answer a question unless it asks for names or dates. */
const FRONT_MATTER_FACTOR = 0.35;
const CANDIDATES = 50;
/** How much the share of the question's units a paragraph covers reshapes the fused score. */
const COVERAGE_WEIGHT = 0.4;
/** Paragraphs of a letter the question names ("the 2018 letter") over the others. */
const NAMED_LETTER_FACTOR = 1.25;
const OTHER_LETTER_FACTOR = 0.75;
/** Chunks whose analysed terms are kept when the database does the sparse search. */
const TERM_CACHE = 5000;
/** Letters whose tables a grade question reads when it names them (an authority has a handful). */
const GRADE_ROW_SCOPE = 20;
/** Letters whose letterhead and sign-off a who-question about them reads. */
const NAMES_SCOPE = 4;

export interface RankedChunk {
  /** Position in the index. */
  index: number;
  chunk: ChunkRecord;
  /** Fused score, 0..1. */
  score: number;
  /** Raw BM25 score, 0 when the sparse side did not find it. */
  sparse: number;
  /** Cosine similarity from the dense side. */
  dense: number;
}

/** Hybrid search over a Library: BM25 over our own terms fused with dense vectors by reciprocal rank. */
export class Retriever {
  /** Term statistics over every paragraph, and over the body only (letterhead words are not topics). */
  readonly stats: TermStats;
  readonly bodyStats: TermStats;
  /** The corpus's stand-ins for question words (WordNet and word vectors over this index's vocabulary). */
  readonly expander: SemanticExpander;
  /** In memory only: with a database, the database searches and the statistics come from it. */
  private readonly sparse: SparseIndex | null;
  /** Where the two candidate lists come from: the database that holds the index, else memory. */
  private readonly candidates: CandidateSource;
  /** The terms of chunks that were candidates lately, when there is no sparse index to ask. */
  private readonly termCache = new Map<number, TermSet>();

  constructor(
    readonly library: Library,
    readonly embedder: Embedder,
    /** Set when the index lives in a database that searches it (Postgres); otherwise search runs in memory. */
    candidates?: CandidateSource,
    /** With candidates: the term statistics the database keeps, so no paragraph is analysed at start. */
    termStats?: { stats: TermStats; bodyStats: TermStats },
  ) {
    if (candidates && termStats) {
      this.sparse = null;
      this.stats = termStats.stats;
      this.bodyStats = termStats.bodyStats;
      this.candidates = candidates;
      this.expander = new SemanticExpander(this.stats);
      return;
    }
    // The build's persisted postings when it has them (no text read at start); else analysed once
    // here. Term statistics and coverage read the terms from the sparse index. Without a database,
    // the index holds every chunk record.
    const chunks = library.index.chunks;
    const sparse = new SparseIndex(library.index.sparse ?? chunks.map((c) => ({ terms: indexTerms(this.chunkText(c)), section: c.section })));
    this.sparse = sparse;
    const isBody = (i: number) => chunks[i]?.kind === 'body';
    const [all, body] = sparse.documentFrequenciesWithin(Uint8Array.from(chunks, (c) => (c.kind === 'body' ? 1 : 0)));
    this.stats = TermStats.fromDocumentFrequencies(all, chunks.length);
    this.bodyStats = TermStats.fromDocumentFrequencies(body, chunks.filter((_, i) => isBody(i)).length);
    this.candidates = candidates ?? new LocalCandidates(library, sparse);
    this.expander = new SemanticExpander(this.stats);
  }

  private termsOf(i: number): TermSet {
    if (this.sparse) return this.sparse.termsOf(i);
    let terms = this.termCache.get(i);
    if (!terms) {
      const chunk = this.library.chunk(i);
      terms = new Set(chunk ? indexTerms(this.chunkText(chunk)) : []);
      // Candidates of recent questions only: a bounded cache, oldest out first.
      if (this.termCache.size >= TERM_CACHE) this.termCache.delete(this.termCache.keys().next().value as number);
      this.termCache.set(i, terms);
    }
    return terms;
  }

  chunkText(c: ChunkRecord): string {
    const letter = this.library.letter(c.letterId);
    return letter ? letter.text.slice(c.start, c.end) : '';
  }

  async search(req: SearchRequest): Promise<SearchHit[]> {
    return (await this.rank(req)).map((r) => this.toHit(r));
  }

  toHit(r: RankedChunk): SearchHit {
    const letter = this.library.letter(r.chunk.letterId);
    return {
      letterId: r.chunk.letterId,
      letterDate: letter?.date ?? null,
      paragraph: r.chunk.n,
      start: r.chunk.start,
      end: r.chunk.end,
      section: r.chunk.section,
      kind: r.chunk.kind,
      text: this.chunkText(r.chunk),
      score: roundScore(r.score),
    };
  }

  private async denseCandidates(req: SearchRequest) {
    // A remote embedder can fail mid-request; BM25 alone still answers rather than a 500.
    const qv = await this.embedder
      .embedQuery(req.query, (f) => this.stats.idf(f))
      .catch((err: unknown) => {
        console.warn(`query embedding failed, searching by keywords only: ${errorMessage(err)}`);
        return null;
      });
    return qv ? this.candidates.dense(qv, CANDIDATES, req) : [];
  }

  async rank(req: SearchRequest, intent: QueryIntent = readIntent(req.query)): Promise<RankedChunk[]> {
    const library = this.library;
    const hints = readLetterHints(req.query, this.library.letters);
    // A question that names an authority ("What grade did Bolton get?") is about its letters only,
    // unless the caller chose letters itself.
    const scoped = !req.letterIds?.length && hints.placeLetterIds ? { ...req, letterIds: [...hints.placeLetterIds] } : req;
    // Both sides at once: with a database (and a remote embedder) each is a round trip.
    const units = questionTerms(req.query, this.stats, this.stats, hints.selectorWords, this.expander);
    const [sparse, dense] = await Promise.all([this.candidates.sparse(scoped.query, CANDIDATES, scoped, expansionOf(units)), this.denseCandidates(scoped)]);
    const inScope = scoped.letterIds?.length ? new Set(scoped.letterIds) : null;
    const sectionScope = hints.letterIds ?? inScope;
    const sectionWanted = intent.wantsSummary ? SUMMARY_SECTION : intent.wantsWeaknesses ? IMPROVEMENT_SECTION : null;
    // A corpus of a few letters is in scope as a whole: "What needs to improve?" over one letter names none.
    const headingScope = sectionScope ?? (this.library.letters.length <= GRADE_ROW_SCOPE ? new Set(this.library.letters.map((l) => l.id)) : null);
    // What follows reads these letters' texts and chunk records synchronously (a database gives them only when asked ahead).
    if (library.readsAhead)
      await library.loadTexts([
        ...[...sparse, ...dense].flatMap((c) => library.letterIdAt(c.index) ?? []),
        ...(intent.wantsGrade && inScope && inScope.size <= GRADE_ROW_SCOPE ? inScope : []),
        ...(sectionWanted && headingScope && headingScope.size <= GRADE_ROW_SCOPE ? headingScope : []),
        ...(intent.wantsPerson && sectionScope && sectionScope.size <= NAMES_SCOPE ? sectionScope : []),
      ]);

    const fused = new Map<number, RankedChunk>();
    const entry = (i: number) => {
      let e = fused.get(i);
      if (!e) {
        e = { index: i, chunk: library.chunk(i) as ChunkRecord, score: 0, sparse: 0, dense: 0 };
        fused.set(i, e);
      }
      return e;
    };
    sparse.forEach((s, rank) => {
      const e = entry(s.index);
      e.score += SPARSE_WEIGHT / (RRF_K + rank + 1);
      e.sparse = s.score;
    });
    dense.forEach((d, rank) => {
      const e = entry(d.index);
      e.score += DENSE_WEIGHT / (RRF_K + rank + 1);
      e.dense = d.score;
    });
    // A grade question about chosen letters hears from their judgement tables, whose rows share no
    // word with "What grade did Bolton get?": they count as both sides' best match, since they state the grade itself.
    if (intent.wantsGrade && inScope && inScope.size <= GRADE_ROW_SCOPE) {
      this.forEachChunkOf(inScope, (c, i) => {
        if (GRADE_ROW.test(this.chunkText(c).trim())) entry(i).score += (SPARSE_WEIGHT + DENSE_WEIGHT) / (RRF_K + 1);
      });
    }
    // "Summarise the 2019 letter" / "What needs to improve in Kent?" about chosen letters: the letters
    // say it under their own headings, whatever words the question uses.
    if (sectionWanted && headingScope && headingScope.size <= GRADE_ROW_SCOPE) {
      const seen = new Map<string, number>();
      this.forEachChunkOf(headingScope, (c, i) => {
        if (c.kind !== 'body' || !c.section || !sectionWanted.test(c.section.trim())) return;
        // Earlier paragraphs of a section carry its gist.
        const nth = seen.get(c.letterId) ?? 0;
        seen.set(c.letterId, nth + 1);
        entry(i).score += (SPARSE_WEIGHT + DENSE_WEIGHT) / (RRF_K + 1 + nth);
      });
    }
    // "Who signed the 2019 letter?": the names are in its letterhead and sign-off, which share no
    // word with the question.
    if (intent.wantsPerson && sectionScope && sectionScope.size <= NAMES_SCOPE) {
      this.forEachChunkOf(sectionScope, (c, i) => {
        if (c.kind === 'body') return;
        if (intent.wantsRecipient || INSPECTOR_LINE.test(this.chunkText(c))) entry(i).score += (SPARSE_WEIGHT + DENSE_WEIGHT) / (RRF_K + 2);
      });
    }
    const best = (SPARSE_WEIGHT + DENSE_WEIGHT) / (RRF_K + 1);
    const named = intent.comparesVisits ? null : hints.letterIds;
    for (const e of fused.values()) {
      // Rank fusion knows order, not how much of the question a paragraph answers: weigh that in.
      const covered = units.length ? coverage(units, this.termsOf(e.index)) : 1;
      e.score = (e.score / best) * (1 - COVERAGE_WEIGHT + COVERAGE_WEIGHT * covered);
      if (e.chunk.kind !== 'body' && !intent.wantsFrontMatter) e.score *= FRONT_MATTER_FACTOR;
      if (named) e.score *= named.has(e.chunk.letterId) ? NAMED_LETTER_FACTOR : OTHER_LETTER_FACTOR;
    }
    const ranked = [...fused.values()].sort((a, b) => b.score - a.score || a.index - b.index);
    return intent.comparesVisits ? diversifyByLetter(ranked, req.k) : ranked.slice(0, req.k);
  }

  /**
   * Every chunk of a few letters with its position, each letter's in index order: what a scan of
   * every chunk would meet of them, at the cost of their own chunks only (and no record read of
   * the others). Each letter's total must not depend on the others', as none here does.
   */
  private forEachChunkOf(letterIds: ReadonlySet<string>, fn: (c: ChunkRecord, i: number) => void): void {
    for (const id of letterIds) {
      for (const i of this.library.positionsOf(id)) fn(this.library.chunk(i) as ChunkRecord, i);
    }
  }
}

/** A stand-in counts for this share of its similarity in BM25, so a paraphrase ranks below the letter's own words. */
const EXPANSION_BOOST = 0.6;
const STAND_INS_PER_WORD = 5;

/** The sparse side's stand-in terms: each unit's best few, boosted by similarity. */
function expansionOf(units: QuestionUnit[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of units) {
    let n = 0;
    for (const [term, sim] of u.soft) {
      if (n++ >= STAND_INS_PER_WORD) break;
      out.set(term, Math.max(out.get(term) ?? 0, EXPANSION_BOOST * sim));
    }
  }
  return out;
}

/** The best chunk of each letter first (so a comparison hears from every visit), then the rest by score. */
function diversifyByLetter(ranked: RankedChunk[], k: number): RankedChunk[] {
  const firsts: RankedChunk[] = [];
  const seen = new Set<string>();
  for (const r of ranked) {
    if (!seen.has(r.chunk.letterId) && r.chunk.kind === 'body') {
      seen.add(r.chunk.letterId);
      firsts.push(r);
    }
  }
  const chosen = new Set(firsts.slice(0, k));
  const rest = ranked.filter((r) => !chosen.has(r));
  return [...chosen, ...rest].slice(0, k).sort((a, b) => b.score - a.score);
}
