import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomic } from '../base/atomic-write.js';

/**
 * corpus/.sources.json: where each ingested letter came from. loadCorpus reads only .txt/.md,
 * so it never sees this file; the letter text stays the one source of truth for offsets.
 */
export const SOURCES_FILE = '.sources.json';

const sourceEntry = z.object({
  /** The corpus file holding the text. */
  file: z.string(),
  /** The original file name, as given or uploaded. */
  source: z.string(),
  kind: z.enum(['pdf', 'txt', 'md']),
  via: z.enum(['cli', 'upload']),
  sourceSha256: z.string(),
  /** sha256 of the corpus file: the same as Letter.sha256. */
  sha256: z.string(),
  pages: z.number().int().nullable(),
  extractor: z.string(),
  /** A PDF's info dictionary: Title, Author, creation and modification dates (null where unreadable). */
  pdfInfo: z.object({ title: z.string().nullable(), author: z.string().nullable(), created: z.string().nullable(), modified: z.string().nullable() }).nullable().optional(),
  ingestedAt: z.string(),
});

const sourcesSchema = z.object({ version: z.literal(1), letters: z.record(sourceEntry) });

export type SourceEntry = z.infer<typeof sourceEntry>;
export type Sources = Record<string, SourceEntry>;

export async function readSources(corpusDir: string): Promise<Sources> {
  let raw: string;
  try {
    raw = await readFile(path.join(corpusDir, SOURCES_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  // Provenance only: a damaged file is rebuilt from the letters ingested from now on.
  try {
    const parsed = sourcesSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.letters : {};
  } catch {
    return {};
  }
}

export async function writeSources(corpusDir: string, letters: Sources): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(letters).sort(([a], [b]) => a.localeCompare(b)));
  await writeAtomic(path.join(corpusDir, SOURCES_FILE), `${JSON.stringify({ version: 1, letters: sorted }, null, 1)}\n`);
}
