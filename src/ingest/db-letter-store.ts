import type { ChunkOptions } from '../chunk/chunk.js';
import { parseLetterFile } from '../corpus/load-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import { type Db, LOCK_KEYS, withAdvisoryLock } from '../store/pg/db.js';
import { checkPgIndex, touch } from '../store/pg/ensure-pg-index.js';
import { deleteLetters, letterRows, writeLetter } from '../store/pg/letter-rows.js';
import { type CorpusStore, type LetterStore, type Provenance, type StoreResult, sha256 } from './corpus-store.js';
import type { SourceEntry } from './sources-file.js';

/**
 * Letters ingested straight into Postgres: the letter, its source entry, its chunks, vectors and
 * term statistics in one transaction under the index lock, which then NOTIFYs every server. With
 * a corpus folder configured the text is written there too (first, so `npm run index` could
 * restore the database from it); without one the database is the only copy.
 */
export class DbLetterStore implements LetterStore {
  constructor(
    private readonly db: Db,
    private readonly embedder: Embedder,
    private readonly chunkOptions: ChunkOptions,
    private readonly mirror: CorpusStore | null = null,
  ) {}

  async unchangedSource(id: string, sourceSha256: string, extractor: string): Promise<{ file: string; text: string; pages: number | null } | null> {
    const row = (
      await this.db.query<{ file: string; body: string; sha256: string; source: SourceEntry | null }>('SELECT file, body, sha256, source FROM letters WHERE id = $1', [id])
    ).rows[0];
    const source = row?.source;
    if (!row || !source || source.sourceSha256 !== sourceSha256 || source.extractor !== extractor || source.sha256 !== row.sha256) return null;
    return { file: row.file, text: row.body, pages: source.pages ?? null };
  }

  async store(id: string, ext: '.txt' | '.md', text: string, provenance: Provenance): Promise<StoreResult> {
    const file = `${id}${ext}`;
    const sha = sha256(text);
    const letter = parseLetterFile(file, Buffer.from(text, 'utf8'));
    if ('reason' in letter) throw new Error(`${file}: ${letter.reason}`);
    const known = await this.known(this.db, id, sha);
    if (known.twin) return { status: 'duplicate', file: known.twin.file, duplicateOf: known.twin.id };
    const entry: SourceEntry = { ...provenance, file, sha256: sha, ingestedAt: new Date().toISOString() };
    if (known.same) {
      await this.db.query('UPDATE letters SET source = $2::jsonb WHERE id = $1', [id, JSON.stringify(entry)]);
      return { status: 'unchanged', file };
    }
    await this.mirror?.store(id, ext, text, provenance);
    // Chunked and embedded before the lock is taken: other writers wait only for the write itself.
    const rows = await letterRows(letter, this.embedder, this.chunkOptions);
    return withAdvisoryLock(this.db, LOCK_KEYS.index, (conn) =>
      conn.transaction(async (tx) => {
        await checkPgIndex(tx, this.embedder, this.chunkOptions);
        const now = await this.known(tx, id, sha);
        if (now.twin) return { status: 'duplicate' as const, file: now.twin.file, duplicateOf: now.twin.id };
        await writeLetter(tx, rows, { source: entry });
        await touch(tx);
        return { status: now.existed ? ('replaced' as const) : ('added' as const), file };
      }),
    );
  }

  async remove(id: string): Promise<boolean> {
    const removed = await withAdvisoryLock(this.db, LOCK_KEYS.index, (conn) =>
      conn.transaction(async (tx) => {
        const gone = await deleteLetters(tx, [id]);
        if (gone.length > 0) await touch(tx);
        return gone.length > 0;
      }),
    );
    const fromCorpus = (await this.mirror?.remove(id)) ?? false;
    return removed || fromCorpus;
  }

  private async known(q: Pick<Db, 'query'>, id: string, sha: string) {
    const twin = (await q.query<{ id: string; file: string }>('SELECT id, file FROM letters WHERE sha256 = $1 AND id <> $2 ORDER BY id LIMIT 1', [sha, id])).rows[0];
    const was = (await q.query<{ file: string; sha256: string }>('SELECT file, sha256 FROM letters WHERE id = $1', [id])).rows[0];
    return { twin, existed: was !== undefined, same: was !== undefined && was.sha256 === sha };
  }
}
