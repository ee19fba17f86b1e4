import type { LetterInfo } from '../../corpus/letter.js';
import { type LetterTextSource, TextUnavailableError } from '../../corpus/letter-texts.js';
import { sha256Of } from '../../corpus/load-corpus.js';
import type { Queryable } from './db.js';

/**
 * Letter texts read from the database when a request needs them (a stateless server holds none at
 * start): one query for the letters asked. Each text is checked against the hash the served
 * snapshot indexed, as the corpus folder's are: a letter replaced or deleted by another process
 * since then would shift every offset, so it is refused until the server has taken in the change.
 */
export class PgTexts implements LetterTextSource {
  constructor(private readonly db: Queryable) {}

  async load(letters: readonly LetterInfo[]): Promise<Map<string, string>> {
    const ids = letters.map((l) => l.id);
    const rows = (await this.db.query<{ id: string; sha256: string; body: string }>('SELECT id, sha256, body FROM letters WHERE id = ANY($1::text[])', [ids])).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out = new Map<string, string>();
    for (const l of letters) {
      const row = byId.get(l.id);
      if (!row) throw new TextUnavailableError(l.id, 'it is no longer in the database');
      if (row.sha256 !== l.sha256 || sha256Of(Buffer.from(row.body, 'utf8')) !== l.sha256)
        throw new TextUnavailableError(l.id, 'it has changed in the database since this server read its index');
      out.set(l.id, row.body);
    }
    return out;
  }
}
