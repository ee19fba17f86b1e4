/**
 * Where each letter's chunks sit among the index's positions, known without reading any chunk
 * record: letters in a fixed order (the database's `ORDER BY id`, as its chunk rows were read
 * before), each holding the positions base … base + count − 1 for its paragraphs n = 1 … count
 * (the chunker numbers a letter's paragraphs 1, 2, … without gaps, and the indexer writes a
 * letter's count with its chunks in one transaction). So a position is base(letter) + n − 1, and a
 * position's letter is found by a binary search over the bases.
 */
export class ChunkLayout {
  /** Letter ids in position order, and where each one's positions start (one more: the total). */
  private readonly ids: readonly string[];
  private readonly starts: Int32Array;
  private readonly byId = new Map<string, number>();

  constructor(letters: readonly { id: string; chunks: number }[]) {
    this.ids = letters.map((l) => l.id);
    this.starts = new Int32Array(letters.length + 1);
    letters.forEach((l, k) => {
      if (!Number.isInteger(l.chunks) || l.chunks < 0) throw new Error(`letter ${l.id} has a chunk count of ${l.chunks}`);
      if (this.byId.has(l.id)) throw new Error(`letter ${l.id} appears twice in the index`);
      this.byId.set(l.id, k);
      this.starts[k + 1] = (this.starts[k] as number) + l.chunks;
    });
  }

  /** Positions in all: every letter's chunks. */
  get total(): number {
    return this.starts[this.ids.length] as number;
  }

  /** The letter's paragraph count (0 for a letter the index does not hold). */
  count(letterId: string): number {
    const k = this.byId.get(letterId);
    return k === undefined ? 0 : (this.starts[k + 1] as number) - (this.starts[k] as number);
  }

  /** The position of the letter's first chunk; undefined for a letter the index does not hold. */
  base(letterId: string): number | undefined {
    const k = this.byId.get(letterId);
    return k === undefined ? undefined : this.starts[k];
  }

  /** Chunk n (1-based) of the letter; undefined when the index holds no such chunk. */
  position(letterId: string, n: number): number | undefined {
    const k = this.byId.get(letterId);
    if (k === undefined || !Number.isInteger(n) || n < 1) return undefined;
    const at = (this.starts[k] as number) + n - 1;
    return at < (this.starts[k + 1] as number) ? at : undefined;
  }

  /** The letter holding position i; undefined outside 0 … total − 1. */
  letterAt(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.total) return undefined;
    // The last letter whose start is ≤ i (letters without chunks share a start with the next).
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.ids[lo];
  }

  /** The letter's positions, in paragraph order (ascending). */
  positionsOf(letterId: string): number[] {
    const base = this.base(letterId);
    if (base === undefined) return [];
    return Array.from({ length: this.count(letterId) }, (_, k) => base + k);
  }
}
