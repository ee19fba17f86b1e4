/**
 * Ingestion timings on generated letters, in temp folders (never the repo's corpus/ or index/):
 *   npx tsx scripts/bench-ingest.ts [letters=50]
 * 1. `npm run ingest` on N generated PDFs (2-3 pages each), as a child process, wall clock;
 * 2. the same again (every file unchanged);
 * 3. the server's first index build over those letters (built-in embedder);
 * 4. POST /api/letters of one more PDF until the response, which waits for the incremental
 *    reindex, i.e. until the letter is searchable.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCli } from '../src/cli/cli-args.js';
import { buildServer } from '../src/compose/build-server.js';
import { loadConfig } from '../src/compose/config.js';
import { makeLetterPdf } from '../test/support/make-pdf.js';
import { testLetter } from '../test/support/pdf-letters.js';

const { positionals } = parseCli({ name: 'bench-ingest', usage: 'usage: npx tsx scripts/bench-ingest.ts [letters=50]', positionals: true });
const n = Number(positionals[0] ?? 50);
const tmp = (label: string) => mkdtemp(path.join(tmpdir(), `letters-bench-${label}-`));
const furniture = { header: 'Ofsted monitoring visit letter', footer: 'Ofsted, Piccadilly Gate, Manchester', pageNumbers: true };

async function main(): Promise<void> {
  const inbox = await tmp('inbox');
  const corpusDir = await tmp('corpus');
  const indexDir = await tmp('index');
  let pages = 0;
  for (let i = 0; i < n; i++) {
    const pdf = await makeLetterPdf(testLetter(`Shire ${i}`, `Bench phrase ${i}.`, 8 + (i % 5)).blocks, furniture);
    pages += pdf.pages;
    await writeFile(path.join(inbox, `Shire ${i} 2021-03-03.pdf`), pdf.bytes);
  }
  const cli = () => {
    const t = performance.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest-cli.ts', inbox], { env: { ...process.env, CORPUS_DIR: corpusDir }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return {
      ms: performance.now() - t,
      summary:
        run.stdout
          .trim()
          .split('\n')
          .find((l) => / files in /.test(l)) ?? '',
    };
  };
  const first = cli();
  const again = cli();

  const config = loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    OPENAI_API_KEY: '',
    EMBEDDING_MODEL: '',
    RATE_LIMIT_PER_MINUTE: '0',
    MODEL_RATE_LIMIT_PER_MINUTE: '0',
    UPLOAD_RATE_LIMIT_PER_MINUTE: '0',
  });
  let t = performance.now();
  // The index build and the search structures over it: what a first start does before serving.
  const { app, live } = await buildServer(config);
  const buildMs = performance.now() - t;
  const { library } = live.current();
  const extra = await makeLetterPdf(testLetter('Uploadshire', 'One more letter.', 10).blocks, furniture);
  const form = new FormData();
  form.append('file', new File([new Uint8Array(extra.bytes)], 'Uploadshire 2021-03-03.pdf'));
  t = performance.now();
  const res = await app.request('/api/letters', { method: 'POST', body: form });
  const uploadMs = performance.now() - t;
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);

  console.log(`${n} generated letter PDFs, ${pages} pages; node ${process.version}`);
  console.log(`npm run ingest, first run:  ${(first.ms / 1000).toFixed(2)} s wall (${(first.ms / n).toFixed(0)} ms/letter incl. ~1 s process start) | ${first.summary}`);
  console.log(`npm run ingest, again:      ${(again.ms / 1000).toFixed(2)} s wall | ${again.summary}`);
  console.log(`first index build:          ${(buildMs / 1000).toFixed(2)} s for ${library.letters.length} letters, ${library.chunkCount} chunks`);
  console.log(`upload 1 PDF until served:  ${uploadMs.toFixed(0)} ms (extract + write + incremental reindex of ${library.letters.length + 1} letters)`);
  await Promise.all([inbox, corpusDir, indexDir].map((d) => rm(d, { recursive: true, force: true })));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
