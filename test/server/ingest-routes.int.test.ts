import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.js';
import { CorpusStore } from '../../src/ingest/corpus-store.js';
import { watchCorpus } from '../../src/ingest/corpus-watcher.js';
import { startServer } from '../../src/server/start-server.js';
import { binaryJunk, damagedInfoPdf, encryptedPdf, htmlPageNamedPdf, imageOnlyPdf } from '../support/bad-pdfs.js';
import { auth, liveApp, MAX_BYTES, uploadBody } from '../support/live-app.js';
import { makeLetterPdf } from '../support/make-pdf.js';
import { testLetter } from '../support/pdf-letters.js';
import { removeTempDirs } from '../support/run-cli.js';

afterAll(removeTempDirs);

const letterIds = async (app: Awaited<ReturnType<typeof liveApp>>['app']) =>
  ((await (await app.request('/api/letters', { headers: auth })).json()) as { letters: { id: string }[] }).letters.map((l) => l.id);

const mdLetter = (authority: string, phrase: string) =>
  `3 May 2022\n\nDear Mr Jones\n\n# Monitoring visit to ${authority} children's services\n\nThis letter summarises the findings of the monitoring visit to ${authority} children's services on 5 and 6 April 2022. ${phrase}\n\nYours sincerely\n\nAnn Inspector\n`;

describe('POST /api/letters', () => {
  it('needs the API token, and writes nothing without it', async () => {
    const { app, corpusDir } = await liveApp();
    const before = await readdir(corpusDir);
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-123' }, { Authorization: 'test-token-123' }] as Record<string, string>[]) {
      const res = await app.request('/api/letters', { method: 'POST', body: uploadBody([{ name: 'a.md', bytes: mdLetter('Aland', 'Words.') }]), headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await app.request('/api/reindex', { method: 'POST' })).status).toBe(401);
    expect(await readdir(corpusDir)).toEqual(before);
  });

  it('refuses a body that is not multipart (415), has no file (400) or is too large (413)', async () => {
    const { app, corpusDir } = await liveApp();
    const json = await app.request('/api/letters', { method: 'POST', body: '{}', headers: { ...auth, 'Content-Type': 'application/json' } });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const form = new FormData();
    form.append('note', 'no file here');
    const empty = await app.request('/api/letters', { method: 'POST', body: form, headers: auth });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'bad_request', message: 'file: no file in the upload' } });
    const big = await app.request('/api/letters', { method: 'POST', body: uploadBody([{ name: 'big.txt', bytes: 'x'.repeat(MAX_BYTES + 100_000) }]), headers: auth });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect((await readdir(corpusDir)).sort()).toEqual(['croydon-2018-08-02.txt', 'croydon-2019-12-18.md']);
  });

  it('adds an uploaded PDF and serves it at once: listed, readable, searchable; the same upload again is a no-op', async () => {
    const { app, corpusDir } = await liveApp();
    const letter = testLetter('Uploadshire', 'Foster carers described the respite weekends as a lifeline.');
    const pdf = await makeLetterPdf(letter.blocks, { footer: 'Ofsted footer', pageNumbers: true });
    const res = await app.request('/api/letters', { method: 'POST', body: uploadBody([{ name: 'Uploadshire 2021-03-03.pdf', bytes: pdf.bytes }]), headers: auth });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { letters: Record<string, unknown>[]; reindex: Record<string, unknown> };
    expect(body.letters).toEqual([
      {
        name: 'Uploadshire 2021-03-03.pdf',
        status: 'added',
        id: 'uploadshire-2021-03-03',
        file: 'uploadshire-2021-03-03.txt',
        title: letter.title,
        date: '2021-03-03',
        paragraphs: expect.any(Number),
        pages: pdf.pages,
      },
    ]);
    expect(body.reindex).toMatchObject({ action: 'incremental', letters: 3, embeddedLetters: 1 });

    expect(await letterIds(app)).toContain('uploadshire-2021-03-03');
    const stored = (await (await app.request('/api/letters/uploadshire-2021-03-03', { headers: auth })).json()) as { text: string; paragraphs: unknown[] };
    expect(stored.text).toBe(await readFile(path.join(corpusDir, 'uploadshire-2021-03-03.txt'), 'utf8'));
    expect(stored.text.trimEnd().split('\n\n')).toEqual(letter.expected);
    const search = (await (await app.request(`/api/search?q=${encodeURIComponent('respite weekends for foster carers')}`, { headers: auth })).json()) as {
      results: { letterId: string }[];
    };
    expect(search.results[0]?.letterId).toBe('uploadshire-2021-03-03');
    const sources = JSON.parse(await readFile(path.join(corpusDir, '.sources.json'), 'utf8'));
    expect(sources.letters['uploadshire-2021-03-03']).toMatchObject({ source: 'Uploadshire 2021-03-03.pdf', via: 'upload', kind: 'pdf' });

    const again = await app.request('/api/letters', { method: 'POST', body: uploadBody([{ name: 'Uploadshire 2021-03-03.pdf', bytes: pdf.bytes }]), headers: auth });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ letters: [{ status: 'unchanged', id: 'uploadshire-2021-03-03' }], reindex: null });
  });

  it('a bad file alone is a 400 naming it and the reason; beside a good one it is reported and the good one added', async () => {
    const { app } = await liveApp();
    const bad = await app.request('/api/letters', {
      method: 'POST',
      body: uploadBody([{ name: 'secret.pdf', bytes: encryptedPdf('Monitoring visit text', 'pw') }]),
      headers: auth,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^secret\.pdf: encrypted PDF: it needs a password/);

    const mixed = await app.request('/api/letters', {
      method: 'POST',
      body: uploadBody([
        { name: 'Good Letter.md', bytes: mdLetter('Goodshire', 'Words that matter.') },
        { name: 'junk.txt', bytes: binaryJunk(2000) },
        { name: 'C:\\Users\\me\\Ynys Môn 2022.md', bytes: mdLetter('Ynys Môn', 'Accents in the file name.') },
      ]),
      headers: auth,
    });
    expect(mixed.status).toBe(201);
    expect(await mixed.json()).toMatchObject({
      letters: [
        { name: 'Good Letter.md', status: 'added', id: 'good-letter', title: "Monitoring visit to Goodshire children's services", date: '2022-05-03' },
        { name: 'junk.txt', status: 'failed', reason: expect.stringMatching(/binary data/) },
        { status: 'added', id: 'ynys-mon-2022', file: 'ynys-mon-2022.md' },
      ],
      counts: { added: 2, failed: 1 },
    });
    expect(await letterIds(app)).toEqual(expect.arrayContaining(['good-letter', 'ynys-mon-2022']));
  });

  it('names an HTML page sent as .pdf, a zero-byte and a scanned PDF; loads a PDF with a damaged info dictionary, with a warning', async () => {
    const { app, corpusDir } = await liveApp();
    const infoPdf = await damagedInfoPdf((await makeLetterPdf(testLetter('Infoshire', 'Respite care is now planned ahead.', 2).blocks)).bytes);
    const res = await app.request('/api/letters', {
      method: 'POST',
      body: uploadBody([
        { name: 'report.pdf', bytes: htmlPageNamedPdf() },
        { name: 'zero.pdf', bytes: new Uint8Array(0) },
        { name: 'scan.pdf', bytes: await imageOnlyPdf() },
        { name: 'Infoshire 2021-03-03.pdf', bytes: infoPdf },
      ]),
      headers: auth,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      letters: [
        { name: 'report.pdf', status: 'failed', reason: expect.stringMatching(/^not a PDF but an HTML page/) },
        { name: 'zero.pdf', status: 'failed', reason: 'empty file (0 bytes)' },
        { name: 'scan.pdf', status: 'failed', reason: expect.stringMatching(/^no text layer/) },
        { name: 'Infoshire 2021-03-03.pdf', status: 'added', id: 'infoshire-2021-03-03', warnings: [expect.stringMatching(/info dictionary\) is damaged/)] },
      ],
      counts: { added: 1, failed: 3 },
    });
    expect(await letterIds(app)).toContain('infoshire-2021-03-03');
    const sources = JSON.parse(await readFile(path.join(corpusDir, '.sources.json'), 'utf8'));
    expect(sources.letters['infoshire-2021-03-03']).toMatchObject({ via: 'upload', pdfInfo: { title: null, author: null, created: null, modified: null } });

    const alone = await app.request('/api/letters', { method: 'POST', body: uploadBody([{ name: 'report.pdf', bytes: htmlPageNamedPdf() }]), headers: auth });
    expect(alone.status).toBe(400);
    expect(((await alone.json()) as { error: { message: string } }).error.message).toMatch(/^report\.pdf: not a PDF but an HTML page/);
  });

  it('works over real HTTP: a multipart upload from fetch lands and is served', async () => {
    const { app } = await liveApp();
    const server = await startServer(app, 0, '127.0.0.1');
    try {
      const ok = await fetch(`${server.url}/api/letters`, {
        method: 'POST',
        body: uploadBody([{ name: 'Netshire.md', bytes: mdLetter('Netshire', 'Over the wire.') }]),
        headers: auth,
      });
      expect(ok.status).toBe(201);
      expect((await (await fetch(`${server.url}/healthz`)).json()) as object).toMatchObject({ ok: true, letters: 3 });
    } finally {
      await server.close(1000);
    }
  });
});

describe('live reindex', () => {
  it('POST /api/reindex serves a letter dropped into corpus/ without a restart', async () => {
    const { app, corpusDir } = await liveApp();
    await writeFile(path.join(corpusDir, 'dropped-2022-05-03.md'), mdLetter('Dropshire', 'Dropped in by hand.'));
    expect((await app.request('/api/letters/dropped-2022-05-03', { headers: auth })).status).toBe(404);
    const res = await app.request('/api/reindex', { method: 'POST', headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ action: 'incremental', letters: 3, embeddedLetters: 1, reusedLetters: 2, skipped: [] });
    expect((await app.request('/api/letters/dropped-2022-05-03', { headers: auth })).status).toBe(200);
  });

  it('keeps answering from the old library while the rebuild runs, then switches', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let rebuilding = false;
    const slowed = (inner: Embedder): Embedder => ({
      id: inner.id,
      dimensions: inner.dimensions,
      embedQuery: (...args) => inner.embedQuery(...args),
      embed: async (texts, signal) => {
        rebuilding = true;
        await gate;
        return inner.embed(texts, signal);
      },
    });
    const { app, live, corpusDir } = await liveApp({ rebuildEmbedder: slowed });
    await writeFile(path.join(corpusDir, 'slow-2022-05-03.md'), mdLetter('Slowshire', 'Rebuilt while answering.'));

    const reload = live.reload();
    const followUp = live.reload();
    while (!rebuilding) await new Promise((r) => setTimeout(r, 5));
    expect(await letterIds(app)).not.toContain('slow-2022-05-03');
    const search = await app.request(`/api/search?q=${encodeURIComponent('management oversight of practice')}`, { headers: auth });
    expect(search.status).toBe(200);
    expect(((await search.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    expect(await (await app.request('/healthz')).json()).toMatchObject({ ok: true, letters: 2 });

    release();
    expect(await reload).toMatchObject({ letters: 3, embeddedLetters: 1 });
    expect(await letterIds(app)).toContain('slow-2022-05-03');
    const rebuilt = live.current();
    // A reload asked for during the rebuild runs once more afterwards, finds nothing new, and
    // keeps the library in service (and what was built for it) rather than swapping in a copy.
    expect(await followUp).toMatchObject({ action: 'reused', letters: 3 });
    expect(live.current()).toBe(rebuilt);
  });

  it('the corpus watcher serves a letter written into corpus/ with no request at all', async () => {
    const { app, live, corpusDir } = await liveApp();
    const watcher = watchCorpus(corpusDir, () => void live.reload(), { debounceMs: 50 });
    try {
      const store = new CorpusStore(corpusDir);
      const text = mdLetter('Watchshire', 'Seen by the watcher.');
      await store.store('watched-2022-05-03', '.md', text, { source: 'watched.md', kind: 'md', via: 'cli', sourceSha256: 'n/a', pages: null, extractor: 'verbatim' });
      const deadline = Date.now() + 10_000;
      while (!(await letterIds(app)).includes('watched-2022-05-03') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(await letterIds(app)).toContain('watched-2022-05-03');
    } finally {
      watcher.close();
    }
  });
});
