/** The three kinds of document Ofsted publishes about a local authority's children's services. */
export const DOCUMENT_KINDS = ['monitoring visit', 'focused visit', 'inspection'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

// A title at the start of a line: "Monitoring visit to…", "Focused visit to…", "Inspection of …
// children's services", "Single inspection of…". Inspection reports before 2018 open with
// "Inspection of services for children in need of help and protection…".
const KIND_TITLES: [DocumentKind, RegExp][] = [
  ['monitoring visit', /^[#\s]*monitoring visit (?:to|of)\b/im],
  ['focused visit', /^[#\s]*focused visit (?:to|of)\b/im],
  ['inspection', /^[#\s]*(?:single |re-)?inspection of\b/im],
];
// Failing a title (an image letterhead, columns read out of order), the opening sentence says it.
const KIND_SENTENCES: [DocumentKind, RegExp][] = [
  ['monitoring visit', /\bfindings (?:of|from) the (?:\w+ )?monitoring visit\b/i],
  ['focused visit', /\bfindings (?:of|from) (?:a|the) focused visit\b/i],
];

/** The kind the document says it is, from its title or first sentence; null when it says neither. */
export function documentKind(raw: string): DocumentKind | null {
  const head = raw.slice(0, 6000);
  let best: { kind: DocumentKind; at: number } | null = null;
  for (const [kind, re] of KIND_TITLES) {
    const m = re.exec(head);
    if (m && (!best || m.index < best.at)) best = { kind, at: m.index };
  }
  if (best) return best.kind;
  for (const [kind, re] of KIND_SENTENCES) if (re.test(head)) return kind;
  return null;
}
