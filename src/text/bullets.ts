/**
 * The glyphs a letter marks list items with: ASCII markers, Unicode bullets, and the private-use
 * code points Word's Symbol and Wingdings bullets become in PDF text (U+F0B7, U+F0A7, U+F076,
 * U+F0D8, U+F06E the Wingdings square of Ofsted's reports, U+F02D a Symbol dash), and the black
 * squares (U+25A0, U+25FC) other PDFs map them to. One set for every reader of list items: the chunker, the sentence splitter, PDF
 * paragraphing and display clean-up. The letter page has its own copy (web/assets/js/letter-runs.js
 * is served as it is, with no build step, so it cannot import this); test/text/bullets.test.ts
 * checks the two stay equal.
 *
 * The en dash is not in the set: a hard-wrapped line can start with a spaced dash ("services are
 * improving\n– but slowly"), so only the chunker, which looks at whole blocks, counts it.
 */
export const BULLET_GLYPHS = '-*+\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25fc\uf0b7\uf0a7\uf076\uf0d8\uf06e\uf02d';

/** BULLET_GLYPHS as the inside of a regex character class (with or without the u flag). */
export const BULLET_CHARS = BULLET_GLYPHS.replace('-', '\\-');

/** One bullet glyph, as a regex character class. */
export const BULLET_CLASS = `[${BULLET_CHARS}]`;

/** A numbered item's marker, "1." or "2)", as a regex fragment. */
export const NUMBER_MARKER = '\\d{1,2}[.)]';
