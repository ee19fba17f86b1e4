import { indexTerms } from '../text/analyze.js';
import { FieldPostings, type PostingArrays } from './field-postings.js';

/** A passage to index: its analysed text terms, or the position of the same passage in the previous build (not analysed again). */
export type SparsePassage = { terms: readonly string[]; section: string | null } | { previous: number; section: string | null };

const MAGIC = 0x3150534c; // "LSP1", little-endian
const FORMAT_VERSION = 1;

/**
 * The BM25 side of a build: the term dictionary and, for each field (text, section heading), the
 * postings and document lengths. Built once from the analysed texts, kept in the build as one
 * binary file (`sparse.bin`), and loaded at start without analysing any text: the Retriever's
 * SparseIndex scores over it and its term statistics are read from it.
 */
export class SparsePostings {
  private ids: Map<string, number> | null = null;

  constructor(
    /** Term by id. */
    readonly terms: string[],
    readonly text: FieldPostings,
    readonly section: FieldPostings,
  ) {}

  get count(): number {
    return this.text.lengths.length;
  }

  termIds(): Map<string, number> {
    this.ids ??= new Map(this.terms.map((t, i) => [t, i]));
    return this.ids;
  }

  /**
   * Postings over the passages, in order. Term ids follow first occurrence in the texts, then in the
   * section headings (each distinct heading analysed once). A passage copied from `previous` keeps
   * its terms and frequencies without its text being read.
   */
  static build(passages: readonly SparsePassage[], previous: SparsePostings | null = null): SparsePostings {
    const { terms, intern } = termInterner();
    const forward = previous ? forwardLists(previous.text) : null;
    const text = passages.map((p) => {
      if ('terms' in p) return Int32Array.from(p.terms, intern);
      if (!previous || !forward) throw new Error('a passage copied from a previous build needs that build');
      const out: number[] = [];
      const from = forward.start[p.previous] as number;
      const to = forward.start[p.previous + 1] as number;
      for (let k = from; k < to; k++) {
        const id = intern(previous.terms[forward.term[k] as number] as string);
        for (let r = forward.tf[k] as number; r > 0; r--) out.push(id);
      }
      return Int32Array.from(out);
    });
    const sectionIds = new Map<string, Int32Array>();
    const section = passages.map((p) => {
      const s = p.section ?? '';
      let got = sectionIds.get(s);
      if (!got) {
        got = Int32Array.from(indexTerms(s), intern);
        sectionIds.set(s, got);
      }
      return got;
    });
    return new SparsePostings(terms, FieldPostings.fromDocuments(text, terms.length), FieldPostings.fromDocuments(section, terms.length));
  }

  /**
   * The passages of each part after the previous parts' (a build's segments): the same postings,
   * lengths and average lengths as build() over all the passages gives, with term ids in order of
   * first appearance part by part. One pass over the postings, no text analysed.
   */
  static concat(parts: readonly SparsePostings[]): SparsePostings {
    if (parts.length === 1) return parts[0] as SparsePostings;
    const { terms, intern } = termInterner();
    const local = parts.map((p) => Int32Array.from(p.terms, intern));
    const field = (of: (p: SparsePostings) => FieldPostings): FieldPostings => {
      const offsets = new Int32Array(terms.length + 1);
      parts.forEach((p, k) => {
        const f = of(p);
        const map = local[k] as Int32Array;
        for (let t = 0; t < f.termCount; t++)
          offsets[(map[t] as number) + 1] = (offsets[(map[t] as number) + 1] as number) + (f.offsets[t + 1] as number) - (f.offsets[t] as number);
      });
      for (let t = 0; t < terms.length; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
      const docs = new Int32Array(offsets[terms.length] as number);
      const tfs = new Uint16Array(docs.length);
      const fill = offsets.slice(0, terms.length);
      const count = parts.reduce((n, p) => n + p.count, 0);
      const lengths = new Int32Array(count);
      let base = 0;
      let avg = 0;
      parts.forEach((p, k) => {
        const f = of(p);
        const map = local[k] as Int32Array;
        // Parts in order and documents ascending within each: every term's list stays ascending.
        for (let t = 0; t < f.termCount; t++) {
          const g = map[t] as number;
          const from = f.offsets[t] as number;
          const to = f.offsets[t + 1] as number;
          let at = fill[g] as number;
          tfs.set(f.tfs.subarray(from, to), at);
          if (base === 0) docs.set(f.docs.subarray(from, to), at);
          else for (let q = from; q < to; q++) docs[at + q - from] = (f.docs[q] as number) + base;
          at += to - from;
          fill[g] = at;
        }
        lengths.set(f.lengths, base);
        // The running average as fromDocuments computes it, continued over the appended passages.
        if (base === 0) avg = f.avgLength;
        else for (let d = 0; d < p.count; d++) avg = (avg * (base + d) + (f.lengths[d] as number)) / (base + d + 1);
        base += p.count;
      });
      return new FieldPostings({ offsets, docs, tfs, lengths, avgLength: avg });
    };
    return new SparsePostings(
      terms,
      field((p) => p.text),
      field((p) => p.section),
    );
  }

  /** The binary file: magic, version, a JSON header (terms, counts, average lengths), then each field as varints. */
  encode(): Uint8Array {
    const w = new ByteWriter(this.text.docs.length * 3 + this.count * 2 + 1024);
    const header = new TextEncoder().encode(
      JSON.stringify({ version: FORMAT_VERSION, count: this.count, terms: this.terms, avgLength: [this.text.avgLength, this.section.avgLength] }),
    );
    w.u32(MAGIC);
    w.u32(header.length);
    w.bytes(header);
    for (const f of [this.text, this.section]) {
      for (let t = 0; t < this.terms.length; t++) w.varint((f.offsets[t + 1] as number) - (f.offsets[t] as number));
      for (let t = 0; t < this.terms.length; t++) {
        let last = -1;
        for (let p = f.offsets[t] as number; p < (f.offsets[t + 1] as number); p++) {
          w.varint((f.docs[p] as number) - last - 1);
          last = f.docs[p] as number;
          w.varint(f.tfs[p] as number);
        }
      }
      for (let d = 0; d < this.count; d++) w.varint(f.lengths[d] as number);
    }
    return w.finish();
  }

  /** Reads encode()'s bytes; throws on anything but a complete file of `count` passages. */
  static decode(bytes: Uint8Array, count: number): SparsePostings {
    const r = new ByteReader(bytes);
    if (r.u32() !== MAGIC) throw new Error('sparse index: not a sparse index file');
    const header = JSON.parse(new TextDecoder().decode(r.bytes(r.u32()))) as { version: unknown; count: unknown; terms: unknown; avgLength: unknown };
    if (header.version !== FORMAT_VERSION) throw new Error(`sparse index: format ${String(header.version)}, expected ${FORMAT_VERSION}`);
    if (header.count !== count) throw new Error(`sparse index holds ${String(header.count)} passages, expected ${count}`);
    const { terms, avgLength } = header;
    if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string') || !Array.isArray(avgLength) || avgLength.length !== 2) {
      throw new Error('sparse index: malformed header');
    }
    const fields = (avgLength as unknown[]).map((avg): PostingArrays => {
      if (typeof avg !== 'number') throw new Error('sparse index: malformed header');
      const offsets = new Int32Array(terms.length + 1);
      for (let t = 0; t < terms.length; t++) offsets[t + 1] = (offsets[t] as number) + r.varint();
      const total = offsets[terms.length] as number;
      const docs = new Int32Array(total);
      const tfs = new Uint16Array(total);
      for (let t = 0; t < terms.length; t++) {
        let last = -1;
        for (let p = offsets[t] as number; p < (offsets[t + 1] as number); p++) {
          last += r.varint() + 1;
          if (last >= count) throw new Error('sparse index: a posting past the last passage');
          docs[p] = last;
          tfs[p] = r.varint();
        }
      }
      const lengths = new Int32Array(count);
      for (let d = 0; d < count; d++) lengths[d] = r.varint();
      return { offsets, docs, tfs, lengths, avgLength: avg };
    });
    if (!r.done()) throw new Error('sparse index: trailing bytes');
    return new SparsePostings(terms as string[], new FieldPostings(fields[0] as PostingArrays), new FieldPostings(fields[1] as PostingArrays));
  }
}

/** Each document's (term, tf) pairs, ascending by term id: the postings turned around. */
function forwardLists(f: FieldPostings): { start: Int32Array; term: Int32Array; tf: Uint16Array } {
  const n = f.lengths.length;
  const start = new Int32Array(n + 1);
  for (let p = 0; p < f.docs.length; p++) {
    const d = (f.docs[p] as number) + 1;
    start[d] = (start[d] as number) + 1;
  }
  for (let d = 0; d < n; d++) start[d + 1] = (start[d + 1] as number) + (start[d] as number);
  const fill = start.slice(0, n);
  const term = new Int32Array(f.docs.length);
  const tf = new Uint16Array(f.docs.length);
  for (let t = 0; t < f.termCount; t++) {
    for (let p = f.offsets[t] as number; p < (f.offsets[t + 1] as number); p++) {
      const d = f.docs[p] as number;
      const k = fill[d] as number;
      term[k] = t;
      tf[k] = f.tfs[p] as number;
      fill[d] = k + 1;
    }
  }
  return { start, term, tf };
}

class ByteWriter {
  private buf: Uint8Array;
  private at = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(size, 64));
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }

  u32(x: number): void {
    this.room(4);
    new DataView(this.buf.buffer, this.buf.byteOffset).setUint32(this.at, x, true);
    this.at += 4;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  varint(x: number): void {
    this.room(5);
    let v = x >>> 0;
    while (v >= 0x80) {
      this.buf[this.at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.at++] = v;
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

class ByteReader {
  private at = 0;

  constructor(private readonly buf: Uint8Array) {}

  u32(): number {
    if (this.at + 4 > this.buf.length) throw new Error('sparse index: file ends early');
    const x = new DataView(this.buf.buffer, this.buf.byteOffset).getUint32(this.at, true);
    this.at += 4;
    return x;
  }

  bytes(n: number): Uint8Array {
    if (this.at + n > this.buf.length) throw new Error('sparse index: file ends early');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  varint(): number {
    const buf = this.buf;
    let x = 0;
    let shift = 0;
    for (;;) {
      if (this.at >= buf.length) throw new Error('sparse index: file ends early');
      const b = buf[this.at++] as number;
      x += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return x;
      shift += 7;
      if (shift > 28) throw new Error('sparse index: malformed number');
    }
  }

  done(): boolean {
    return this.at === this.buf.length;
  }
}

/** Term ids in order of first appearance: `intern` gives a term's id, adding it to `terms` when new. */
function termInterner(): { terms: string[]; intern: (t: string) => number } {
  const terms: string[] = [];
  const ids = new Map<string, number>();
  const intern = (t: string) => {
    let id = ids.get(t);
    if (id === undefined) {
      id = terms.length;
      ids.set(t, id);
      terms.push(t);
    }
    return id;
  };
  return { terms, intern };
}
