import type { Letter } from '../corpus/letter.js';
import type { CorpusProblem } from '../corpus/load-corpus.js';
import type { ChunkRecord } from './chunk-record.js';
import type { LoadedIndex } from './loaded-index.js';

/** The letters and their index, as the server reads them. Immutable: a reindex makes a new one. */
export class Library {
  readonly letters: readonly Letter[];
  private readonly byId: Map<string, Letter>;
  private readonly chunksByLetter = new Map<string, ChunkRecord[]>();

  constructor(
    letters: Letter[],
    readonly index: LoadedIndex,
    readonly problems: CorpusProblem[] = [],
  ) {
    this.letters = [...letters].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));
    this.byId = new Map(letters.map((l) => [l.id, l]));
    for (const c of index.chunks) {
      const list = this.chunksByLetter.get(c.letterId) ?? [];
      list.push(c);
      this.chunksByLetter.set(c.letterId, list);
    }
    for (const list of this.chunksByLetter.values()) list.sort((a, b) => a.n - b.n);
  }

  letter(id: string): Letter | undefined {
    return this.byId.get(id);
  }

  chunksOf(letterId: string): readonly ChunkRecord[] {
    return this.chunksByLetter.get(letterId) ?? [];
  }
}
