import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LetterInfo } from './letter.js';
import { type LetterTextSource, TextUnavailableError } from './letter-texts.js';
import { decodeLetterBytes, sha256Of } from './load-corpus.js';

/**
 * Letter texts read from the corpus folder when needed. Each read is checked against the hash the
 * index was built from: a file edited since then would shift every offset, so it is refused
 * (until the reindex the watcher starts) rather than quoted wrongly.
 */
export class FileTexts implements LetterTextSource {
  constructor(readonly dir: string) {}

  readSync(letter: LetterInfo): string {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(this.dir, letter.file));
    } catch (err) {
      throw new TextUnavailableError(letter.id, `cannot read ${letter.file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    return checked(letter, bytes);
  }

  async load(letters: readonly LetterInfo[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const l of letters) {
      const bytes = await readFile(path.join(this.dir, l.file)).catch((err: NodeJS.ErrnoException) => {
        throw new TextUnavailableError(l.id, `cannot read ${l.file} (${err.code ?? err.message})`);
      });
      out.set(l.id, checked(l, bytes));
    }
    return out;
  }
}

function checked(letter: LetterInfo, bytes: Buffer): string {
  if (sha256Of(bytes) !== letter.sha256) throw new TextUnavailableError(letter.id, `${letter.file} has changed since it was indexed`);
  return decodeLetterBytes(bytes);
}
