import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chunkLetter } from '../src/chunk/chunk-letter.js';
import { BULLET_CLASS } from '../src/text/bullets.js';
import { normalizeText } from '../src/text/normalize.js';
import { sentenceSpans } from '../src/text/sentence-spans.js';

const LEADING_BULLET = new RegExp(`^${BULLET_CLASS}\\s*`);

/** What the synthetic letters are made of: the seed letters' own sentences and word transitions. */
export interface SeedMaterial {
  /** Body sentences, normalised (one line each), by the section heading they sit under. */
  sentencesBySection: Map<string, string[]>;
  allSentences: string[];
  /** Word → words that follow it in the seeds (with repeats, so sampling follows frequency). */
  next: Map<string, string[]>;
  /** Words that start a sentence in the seeds. */
  starters: string[];
}

export async function readSeedMaterial(corpusDir: string): Promise<SeedMaterial> {
  const files = (await readdir(corpusDir)).filter((f) => /\.(md|txt)$/.test(f)).sort();
  const sentencesBySection = new Map<string, string[]>();
  const allSentences: string[] = [];
  for (const f of files) {
    const text = await readFile(path.join(corpusDir, f), 'utf8');
    for (const c of chunkLetter(text).chunks) {
      if (c.kind !== 'body') continue;
      const section = c.section ?? '';
      const list = sentencesBySection.get(section) ?? [];
      for (const s of sentenceSpans(text, c.start, c.end)) {
        const sentence = normalizeText(text.slice(s.start, s.end)).replace(LEADING_BULLET, '');
        if (sentence.split(' ').length < 5) continue;
        list.push(sentence);
        allSentences.push(sentence);
      }
      sentencesBySection.set(section, list);
    }
  }
  const next = new Map<string, string[]>();
  const starters: string[] = [];
  for (const s of allSentences) {
    const ws = s.split(' ');
    if (ws[0]) starters.push(ws[0]);
    for (let i = 0; i + 1 < ws.length; i++) {
      const key = ws[i] as string;
      const list = next.get(key) ?? [];
      list.push(ws[i + 1] as string);
      next.set(key, list);
    }
  }
  return { sentencesBySection, allSentences, next, starters };
}
