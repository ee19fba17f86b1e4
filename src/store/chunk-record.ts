import { z } from 'zod';
import type { ChunkKind } from '../chunk/chunk.js';

/** What the index stores per chunk, beside its vector. */
export interface ChunkRecord {
  id: string;
  letterId: string;
  /** Paragraph number within the letter, from 1. */
  n: number;
  start: number;
  end: number;
  section: string | null;
  kind: ChunkKind;
  tokens: number;
}

export function chunkId(letterId: string, n: number): string {
  return `${letterId}#p${n}`;
}

/** A chunk's metadata as stored in vectra's index.json (which cannot hold null: section is ''). */
export const storedChunkSchema = z.object({
  letterId: z.string().min(1),
  n: z.number().int().positive(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  section: z.string(),
  kind: z.enum(['front', 'body', 'closing']),
  tokens: z.number().int().nonnegative(),
});
