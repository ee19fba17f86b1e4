import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer, within } from '../../scripts/harness/server-process.js';
import { makeLetterPdf } from '../support/make-pdf.js';
import { testLetter } from '../support/pdf-letters.js';
import { copySeeds, useTempDirs } from '../support/temp-corpus.js';

const tempDir = useTempDirs();
const running: ServerProcess[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    s.child.kill('SIGKILL');
    await s.exited;
  }
});

const reindexes = (s: ServerProcess) => s.lines.filter((l) => /reindexed \(/.test(l)).length;
const settle = () => new Promise((r) => setTimeout(r, 1500));

/** The real server process with its corpus watcher on, as `npm start` runs it. */
describe('an upload to a watched corpus', () => {
  it('reindexes once, not again when the watcher sees the upload’s own files; a file added by hand still reindexes', async () => {
    const corpus = await tempDir('watched-corpus');
    await copySeeds(corpus);
    const server = spawnServer({ CORPUS_DIR: corpus, INDEX_DIR: await tempDir('watched-index'), EMBEDDING_DIMENSIONS: '256', CORPUS_WATCH: 'true' });
    running.push(server);
    const url = await within(server.ready, 60_000, 'start');

    const form = new FormData();
    for (const place of ['Northshire', 'Southshire']) {
      const pdf = await makeLetterPdf(testLetter(place, `${place} has a new fostering hub.`).blocks);
      form.append('file', new Blob([pdf.bytes as BlobPart], { type: 'application/pdf' }), `${place.toLowerCase()}.pdf`);
    }
    const res = await fetch(`${url}/api/letters`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { counts: { added: number } }).counts.added).toBe(2);
    await settle();
    expect(reindexes(server)).toBe(1);

    await writeFile(path.join(corpus, 'by-hand.txt'), 'Monitoring visit to Eastshire children’s services\n\nThe fostering panel meets monthly.\n');
    await within(
      (async () => {
        while (reindexes(server) < 2) await new Promise((r) => setTimeout(r, 100));
      })(),
      20_000,
      'the watcher reindexing a file added by hand',
    );
    await settle();
    expect(reindexes(server)).toBe(2);
  }, 120_000);
});
