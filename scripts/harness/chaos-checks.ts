/** What chaos checks after each kill: the index left on disk, and that the next start answers and stops cleanly. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../../src/base/error-message.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { loadCurrentIndex } from '../../src/store/build-index.js';
import { IndexFiles } from '../../src/store/index-files.js';
import { spawnServer, within } from './server-process.js';

const QUESTION = 'What do inspectors say about caseloads in the assessment teams?';

/** What the live index must be: a corpus state (letter id → sha256) and the embedder's size. */
export interface Snapshot {
  letters: Map<string, string>;
  texts: Map<string, string>;
  dims: number;
}

export function envFor(corpusDir: string, indexDir: string, dims: number): Record<string, string> {
  return {
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    EMBEDDING_DIMENSIONS: String(dims),
    RATE_LIMIT_PER_MINUTE: '0',
    MODEL_RATE_LIMIT_PER_MINUTE: '0',
    UPLOAD_RATE_LIMIT_PER_MINUTE: '0',
    SHUTDOWN_GRACE_MS: '2000',
  };
}

export async function snapshot(corpusDir: string, dims: number): Promise<Snapshot> {
  const { letters } = await loadCorpus(corpusDir);
  return { letters: new Map(letters.map((l) => [l.id, l.sha256])), texts: new Map(letters.map((l) => [l.id, l.text])), dims };
}

/** The live index must be exactly the old state or the new one, and whole. */
export async function checkOnDisk(indexDir: string, old: Snapshot, current: Snapshot, problems: string[]): Promise<'old' | 'new' | 'bad'> {
  const index = await loadCurrentIndex(new IndexFiles(indexDir), (m) => problems.push(`on disk: ${m}`));
  if (!index) {
    problems.push('no readable index on disk after the kill');
    return 'bad';
  }
  const which = matches(index.manifest.letters, index.dimensions, current) ? 'new' : matches(index.manifest.letters, index.dimensions, old) ? 'old' : 'bad';
  if (which === 'bad') {
    problems.push('the index on disk is neither the old corpus nor the new one');
    return which;
  }
  const state = which === 'new' ? current : old;
  const perLetter = new Map<string, number>();
  for (const c of index.chunks) {
    const text = state.texts.get(c.letterId);
    if (text === undefined || c.start < 0 || c.end > text.length || c.start >= c.end) problems.push(`chunk ${c.id} does not fit its letter`);
    perLetter.set(c.letterId, (perLetter.get(c.letterId) ?? 0) + 1);
  }
  for (const [id, entry] of Object.entries(index.manifest.letters)) {
    if ((perLetter.get(id) ?? 0) !== entry.chunks) problems.push(`letter ${id}: ${perLetter.get(id) ?? 0} chunks, manifest says ${entry.chunks}`);
  }
  return which;
}

function matches(letters: Record<string, { sha256: string }>, dims: number, s: Snapshot): boolean {
  const ids = Object.keys(letters);
  return dims === s.dims && ids.length === s.letters.size && ids.every((id) => s.letters.get(id) === letters[id]?.sha256);
}

export interface StartCheck {
  /** When the index lock file first showed up and when it went, ms after spawn (null: not seen). */
  lockAtMs: number | null;
  lockGoneMs: number | null;
  action: string;
  answered: boolean;
  verified: number;
  startMs: number;
  problems: string[];
}

/** Starts the server, asks a question, verifies the citations, stops it with SIGTERM. */
export async function startAndCheck(corpusDir: string, indexDir: string, expected: Snapshot): Promise<StartCheck> {
  const problems: string[] = [];
  const started = Date.now();
  const server = spawnServer(envFor(corpusDir, indexDir, expected.dims));
  let lockAtMs: number | null = null;
  let lockGoneMs: number | null = null;
  let watching = true;
  void (async () => {
    while (watching && lockGoneMs === null) {
      const held = await exists(path.join(indexDir, '.lock'));
      if (held && lockAtMs === null) lockAtMs = Date.now() - started;
      if (!held && lockAtMs !== null) lockGoneMs = Date.now() - started;
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  let answered = false;
  let verified = 0;
  try {
    const url = await within(server.ready, 120_000, 'server start');
    const startMs = Date.now() - started;
    watching = false;
    const health = (await (await fetch(`${url}/healthz`)).json()) as { letters: number };
    if (health.letters !== expected.letters.size) problems.push(`healthz: ${health.letters} letters, corpus has ${expected.letters.size}`);
    const res = await fetch(`${url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    const answer = (await res.json()) as { found?: boolean; citations?: { letterId: string; start: number; end: number; quote: string }[] };
    answered = res.status === 200 && answer.found === true && (answer.citations?.length ?? 0) > 0;
    if (!answered) problems.push(`answer: HTTP ${res.status}, found ${answer.found}, ${answer.citations?.length ?? 0} citations`);
    const check = await fetch(`${url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ citations: answer.citations ?? [] }),
    });
    const report = (await check.json()) as { results?: { valid: boolean }[] };
    verified = report.results?.filter((r) => r.valid).length ?? 0;
    if (verified !== (answer.citations?.length ?? 0)) problems.push(`verify: ${verified} of ${answer.citations?.length ?? 0} citations valid`);
    server.child.kill('SIGTERM');
    const exit = await within(server.exited, 15_000, 'SIGTERM exit');
    if (exit.code !== 0) problems.push(`SIGTERM exit: ${exit.signal ?? exit.code}`);
    const action = /\bindex (reused|incremental|full):/.exec(server.lines.join('\n'))?.[1] ?? '?';
    return { lockAtMs, lockGoneMs, action, answered, verified, startMs, problems };
  } catch (err) {
    watching = false;
    server.child.kill('SIGKILL');
    await server.exited;
    problems.push(errorMessage(err));
    return { lockAtMs, lockGoneMs, action: '?', answered, verified, startMs: Date.now() - started, problems };
  }
}

export async function waitForFile(p: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !(await exists(p))) await new Promise((r) => setTimeout(r, 2));
}

export async function exists(p: string): Promise<boolean> {
  return readFile(p).then(
    () => true,
    () => false,
  );
}
