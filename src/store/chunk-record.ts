import { z } from 'zod';
import { type Chunk, chunkSchema } from '../chunk/chunk.js';

/** What the index stores per chunk, beside its vector: the chunk, with its letter and id. */
export interface ChunkRecord extends Chunk {
  id: string;
  letterId: string;
}

export function chunkId(letterId: string, n: number): string {
  return `${letterId}#p${n}`;
}

/** The record of one of a letter's chunks; `id` as stored, which is always chunkId(letterId, n) for the indexes we write. */
export function chunkRecord(letterId: string, c: Chunk, id = chunkId(letterId, c.n)): ChunkRecord {
  return { id, letterId, n: c.n, start: c.start, end: c.end, section: c.section, kind: c.kind, tokens: c.tokens };
}

/** A chunk's metadata as stored in vectra's index.json (which cannot hold null: section is ''). */
export const storedChunkSchema = chunkSchema.extend({
  letterId: z.string().min(1),
  section: z.string(),
});

export type StoredChunk = z.infer<typeof storedChunkSchema>;
