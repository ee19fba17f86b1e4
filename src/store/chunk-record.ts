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
