/**
 * Dimension-major int8 codes stored as, per column, a bitmap of the rows whose code is not zero
 * and those codes in row order. The built-in embedder leaves ~60 % of the codes zero, so this is
 * about half the bytes of the plain codes on disk. Decoding a column writes only its non-zero
 * codes into a zeroed array, so the matrix can be filled a column at a time, when a query first
 * needs it or in idle time (VectorMatrix).
 *
 * Layout (little-endian): "I8B1", rows u32, dimensions u32, 0 u32; the non-zero count of each
 * column (u32 × dimensions); the bitmaps (u32 × ⌈rows / 32⌉ per column; bit r of the column's
 * words is row r); the non-zero codes of column 0, then of column 1, … (i8).
 */
const MAGIC = 0x31423849; // "I8B1"
const HEADER_BYTES = 16;

export class BitmapColumns {
  private readonly words: number;
  private readonly bitmaps: Uint32Array;
  private readonly values: Int8Array;
  /** Where each column's codes start in `values` (dimensions + 1 entries). */
  private readonly starts: Float64Array;

  private constructor(
    readonly rows: number,
    readonly dimensions: number,
    bytes: Uint8Array,
  ) {
    this.words = Math.ceil(rows / 32);
    const counts = new Uint32Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, dimensions);
    this.starts = new Float64Array(dimensions + 1);
    for (let j = 0; j < dimensions; j++) this.starts[j + 1] = (this.starts[j] as number) + (counts[j] as number);
    const bitmapAt = HEADER_BYTES + 4 * dimensions;
    const valuesAt = bitmapAt + 4 * this.words * dimensions;
    const total = this.starts[dimensions] as number;
    if (bytes.byteLength !== valuesAt + total) throw new Error(`bitmap columns hold ${bytes.byteLength} bytes, expected ${valuesAt + total} (${rows} × ${dimensions})`);
    this.bitmaps = new Uint32Array(bytes.buffer, bytes.byteOffset + bitmapAt, this.words * dimensions);
    this.values = new Int8Array(bytes.buffer, bytes.byteOffset + valuesAt, total);
  }

  /** Reads the layout's header and checks it against the shape the index expects. */
  static from(bytes: Uint8Array, rows: number, dimensions: number): BitmapColumns {
    if (bytes.byteOffset % 4 !== 0) throw new Error('bitmap columns must start on a 4-byte boundary');
    if (bytes.byteLength < HEADER_BYTES) throw new Error('bitmap columns: file too short');
    const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
    if (header.getUint32(0, true) !== MAGIC) throw new Error('bitmap columns: not an I8B1 file');
    const r = header.getUint32(4, true);
    const d = header.getUint32(8, true);
    if (r !== rows || d !== dimensions) throw new Error(`bitmap columns are ${r} × ${d}, expected ${rows} × ${dimensions}`);
    return new BitmapColumns(rows, dimensions, bytes);
  }

  /**
   * The encoding of dimension-major codes (dimensions × rows), or null when it would not be
   * smaller than the plain codes (a model's dense embeddings have almost no zeros).
   */
  static encode(codes: Int8Array, rows: number, dimensions: number): Uint8Array | null {
    if (codes.length !== rows * dimensions) throw new Error('codes do not match rows × dimensions');
    let nonZero = 0;
    for (let i = 0; i < codes.length; i++) if (codes[i] !== 0) nonZero++;
    const words = Math.ceil(rows / 32);
    const bitmapAt = HEADER_BYTES + 4 * dimensions;
    const valuesAt = bitmapAt + 4 * words * dimensions;
    if (valuesAt + nonZero >= codes.length) return null;
    const bytes = new Uint8Array(valuesAt + nonZero);
    const header = new DataView(bytes.buffer, 0, HEADER_BYTES);
    header.setUint32(0, MAGIC, true);
    header.setUint32(4, rows, true);
    header.setUint32(8, dimensions, true);
    const counts = new Uint32Array(bytes.buffer, HEADER_BYTES, dimensions);
    const bitmaps = new Uint32Array(bytes.buffer, bitmapAt, words * dimensions);
    const values = new Int8Array(bytes.buffer, valuesAt, nonZero);
    let p = 0;
    for (let j = 0; j < dimensions; j++) {
      const column = j * rows;
      const wordsAt = j * words;
      const from = p;
      for (let r = 0; r < rows; r++) {
        const c = codes[column + r] as number;
        if (c === 0) continue;
        bitmaps[wordsAt + (r >>> 5)] = ((bitmaps[wordsAt + (r >>> 5)] as number) | (1 << (r & 31))) >>> 0;
        values[p++] = c;
      }
      counts[j] = p - from;
    }
    return bytes;
  }

  /** Writes column j's non-zero codes into `into` (rows long, zero where the code is zero). */
  decodeColumn(j: number, into: Int8Array): void {
    const { words, bitmaps, values } = this;
    let p = this.starts[j] as number;
    const wordsAt = j * words;
    for (let w = 0; w < words; w++) {
      let bits = bitmaps[wordsAt + w] as number;
      const row = w << 5;
      while (bits !== 0) {
        const low = bits & -bits;
        into[row + 31 - Math.clz32(low)] = values[p++] as number;
        bits ^= low;
      }
    }
  }
}
