import { el } from './dom.js';
import { collapseWhitespace, letterLabel, letterUrl } from './format.js';

/**
 * @import { Answer } from '../../../src/answer/answer-types.js'
 * @import { Claim } from '../../../src/claims/claim-types.js'
 * @import { Citation } from '../../../src/corpus/citation.js'
 * @import { SearchHit } from '../../../src/retrieve/search-types.js'
 * @import { LetterSummary } from '../../../src/server/letter-shapes.js'
 */

export const quoteId = (/** @type {string} */ turnId, /** @type {number} */ ref) => `quote-${turnId}-${ref}`;
export const sourceId = (/** @type {string} */ turnId, /** @type {number} */ ref) => `source-${turnId}-${ref}`;

/** @param {Citation} c */
export function citationUrl(c) {
  return letterUrl(c.letterId, { start: c.start, end: c.end, paragraph: c.paragraph });
}

/** @param {Pick<Citation, 'paragraph' | 'section'>} c a citation or a search hit */
function where(c) {
  return [`paragraph ${c.paragraph}`, c.section ? `“${collapseWhitespace(c.section)}”` : null].filter(Boolean).join(', ');
}

export const WEAK = new Set(['partial', 'unsupported', 'uncited']);

/**
 * Why a claim is flagged, in words a reader can act on.
 * @param {Claim} claim
 */
export function claimNote(claim) {
  const missing = claim.missing?.length ? `: ${claim.missing.join(', ')}` : '';
  const verdict =
    claim.support === 'partial'
      ? 'Only partly backed by the quotes it cites'
      : claim.support === 'uncited'
        ? 'Cites no passage of the letters'
        : 'Not backed by the quotes it cites';
  return `${verdict}${claim.reason ? ` (${claim.reason})` : ''}${missing}`;
}

/**
 * @param {string} text
 * @param {number} from
 * @param {number} to
 * @param {Map<number, Citation>} byRef
 * @param {string} turnId
 * @param {Map<string, LetterSummary>} lettersById
 */
function refNodes(text, from, to, byRef, turnId, lettersById) {
  /** @type {(Node | string)[]} */
  const nodes = [];
  let last = from;
  for (const match of text.slice(from, to).matchAll(/\[(\d+)\]/g)) {
    const citation = byRef.get(Number(match[1]));
    if (!citation) continue;
    const at = from + match.index;
    nodes.push(text.slice(last, at));
    const place = `${letterLabel(citation.letterId, citation.letterDate, citation.visitNumber, lettersById.get(citation.letterId))}, ${where(citation)}`;
    nodes.push(
      el(
        'a',
        {
          class: 'ref',
          href: citationUrl(citation),
          'data-viewer': place,
          'data-ref': citation.ref,
          'aria-label': `Source ${citation.ref}: ${place}`,
          'aria-describedby': quoteId(turnId, citation.ref),
        },
        match[0],
      ),
    );
    last = at + match[0].length;
  }
  nodes.push(text.slice(last, to));
  return nodes;
}

/**
 * The answer text with every [n] that has a citation turned into a link to its passage, and
 * claims the server found weakly supported by their quotes underlined with the reason.
 * @param {string} text
 * @param {Citation[]} citations
 * @param {string} turnId
 * @param {Map<string, LetterSummary>} lettersById
 * @param {Claim[]} [claims]
 */
export function answerTextNodes(text, citations, turnId, lettersById, claims = []) {
  const byRef = new Map(citations.map((c) => [c.ref, c]));
  const weak = claims.filter((c) => WEAK.has(c.support) && c.start >= 0 && c.end <= text.length && c.start < c.end).sort((a, b) => a.start - b.start);
  /** @type {(Node | string)[]} */
  const nodes = [];
  let cursor = 0;
  for (const claim of weak) {
    if (claim.start < cursor) continue;
    nodes.push(...refNodes(text, cursor, claim.start, byRef, turnId, lettersById));
    const note = claimNote(claim);
    nodes.push(
      el(
        'span',
        { class: `claim claim-${claim.support}`, title: note },
        refNodes(text, claim.start, claim.end, byRef, turnId, lettersById),
        el('span', { class: 'visually-hidden' }, ` (${note})`),
      ),
    );
    cursor = claim.end;
  }
  nodes.push(...refNodes(text, cursor, text.length, byRef, turnId, lettersById));
  return nodes;
}

/**
 * @param {Citation[]} citations
 * @param {string} turnId
 * @param {Map<string, LetterSummary>} lettersById
 */
export function sourcesSection(citations, turnId, lettersById) {
  const items = citations.map((c) =>
    el(
      'li',
      { class: 'source', id: sourceId(turnId, c.ref) },
      el('span', { class: 'source-ref', 'aria-hidden': 'true' }, String(c.ref)),
      el(
        'div',
        { class: 'source-body' },
        el(
          'p',
          { class: 'source-where' },
          el(
            'a',
            { href: citationUrl(c), 'data-viewer': `${letterLabel(c.letterId, c.letterDate, c.visitNumber, lettersById.get(c.letterId))}, ${where(c)}` },
            letterLabel(c.letterId, c.letterDate, c.visitNumber, lettersById.get(c.letterId)),
          ),
        ),
        el('p', { class: 'source-detail' }, where(c)),
        el('blockquote', { class: 'source-quote', id: quoteId(turnId, c.ref) }, c.quote),
      ),
    ),
  );
  return el(
    'section',
    { class: 'sources', 'aria-label': 'Sources' },
    el('h3', { class: 'sources-title' }, citations.length === 1 ? 'Source' : 'Sources'),
    el('ol', { class: 'source-list' }, items),
  );
}

/**
 * @param {SearchHit[]} related
 * @param {Map<string, LetterSummary>} lettersById
 */
export function relatedSection(related, lettersById) {
  const items = related.map((hit) => {
    const snippet = collapseWhitespace(hit.text ?? '');
    return el(
      'li',
      { class: 'related-item' },
      el(
        'p',
        { class: 'source-where' },
        el(
          'a',
          {
            href: letterUrl(hit.letterId, { start: hit.start, end: hit.end, paragraph: hit.paragraph }),
            'data-viewer': `${letterLabel(hit.letterId, hit.letterDate, null, lettersById.get(hit.letterId))}, ${where(hit)}`,
          },
          letterLabel(hit.letterId, hit.letterDate, null, lettersById.get(hit.letterId)),
        ),
      ),
      el('p', { class: 'source-detail' }, where(hit)),
      el('p', { class: 'related-text' }, snippet.length > 320 ? `${snippet.slice(0, 320).trimEnd()}…` : snippet),
    );
  });
  return el(
    'section',
    { class: 'related', 'aria-label': 'Related passages' },
    el('h3', { class: 'sources-title' }, 'Related passages'),
    el('ol', { class: 'related-list' }, items),
  );
}

/**
 * "Offline · extractive" or "Model · <name>", plus how long it took.
 * @param {Answer} answer
 */
export function modeLabel(answer) {
  const mode = answer.mode === 'llm' ? `Model · ${answer.model ?? 'language model'}` : answer.model ? `Offline · ${answer.model}` : 'Offline · extractive';
  return Number.isFinite(answer.tookMs) ? `${mode} · ${Math.round(answer.tookMs)} ms` : mode;
}
