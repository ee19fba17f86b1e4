import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { METADATA_VERSION } from '../corpus/metadata.js';
import type { KnownCorpus, KnownLetter } from '../corpus/scan-corpus.js';
import { IndexFiles } from './index-files.js';
import { type Manifest, manifestSchema } from './manifest.js';

/** What the current build of indexDir knew of the corpus files, for scanCorpus; null when it cannot say (no build, older build, other metadata version). */
export async function readKnownCorpus(indexDir: string): Promise<KnownCorpus | null> {
  const files = new IndexFiles(indexDir);
  const name = await files.currentBuildName();
  if (!name) return null;
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(files.buildPath(name), 'manifest.json'), 'utf8')));
  } catch {
    return null; // ensureIndex says why and rebuilds
  }
  return knownCorpusOf(manifest);
}

export function knownCorpusOf(manifest: Manifest): KnownCorpus | null {
  if (manifest.metadataVersion !== METADATA_VERSION || manifest.stampedAt === undefined) return null;
  const known = new Map<string, KnownLetter>();
  for (const [id, e] of Object.entries(manifest.letters)) {
    if (e.size === undefined || e.mtimeMs === undefined || !e.metadata) continue;
    known.set(e.file, { size: e.size, mtimeMs: e.mtimeMs, info: { ...e.metadata, id, file: e.file, sha256: e.sha256 } });
  }
  return { files: known, stampedAt: manifest.stampedAt };
}
