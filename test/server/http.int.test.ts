import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { buildServer } from '../../src/compose/build-server.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { startServer } from '../../src/server/start-server.js';
import type { Snapshot } from '../../src/serving/snapshot.js';
import type { Library } from '../../src/store/library.js';
import { copySeeds, SEED_2018, SEED_2019 } from '../support/temp-corpus.js';
import { testConfig } from '../support/test-server.js';

const LATER = 'aaa-anytown-2021.md'; // sorts first by name, last by date
const LATER_TEXT =
  '5 May 2021\n\nDear Ms Bloggs\n\n## Monitoring visit to Anytown children\u2019s services\n\nThis letter summarises the findings of the monitoring visit to Anytown children\u2019s services on 1 and 2 April 2021.\n';

describe('letters API', () => {
  let root: string;
  let corpusDir: string;
  let app: Hono;
  const embedder = new HashingEmbedder(128);

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'letters-http-'));
    corpusDir = path.join(root, 'corpus');
    await mkdir(corpusDir);
    await copySeeds(corpusDir);
    await writeFile(path.join(corpusDir, LATER), LATER_TEXT);
    const server = await buildServer(testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(root, 'index') }), { embedder });
    ({ app } = server);
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  const chunkCount = async (file: string) => chunkLetter(await readFile(path.join(corpusDir, file), 'utf8')).chunks.length;
  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toEqual(expect.any(String));
    return body.error.message;
  };

  it('GET /healthz reports letters, chunks and the embedder', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    const total = (await chunkCount(SEED_2018)) + (await chunkCount(SEED_2019)) + (await chunkCount(LATER));
    expect(await res.json()).toEqual({ ok: true, letters: 3, chunks: total, embedder: embedder.id });
  });

  it('GET /api/letters lists letters sorted by date with paragraph counts', async () => {
    const res = await app.request('/api/letters');
    expect(res.status).toBe(200);
    const { letters } = (await res.json()) as { letters: Record<string, unknown>[] };
    expect(letters.map((l) => [l.id, l.date])).toEqual([
      ['croydon-2018-08-02', '2018-08-02'],
      ['croydon-2019-12-18', '2019-12-18'],
      ['aaa-anytown-2021', '2021-05-05'],
    ]);
    expect(letters.map((l) => Object.keys(l).sort())).toEqual(
      Array(3).fill(['authority', 'date', 'grade', 'id', 'inspectionDates', 'kind', 'paragraphs', 'place', 'sha256', 'title', 'visitDates', 'visitNumber']),
    );
    expect(letters.map((l) => l.paragraphs)).toEqual([await chunkCount(SEED_2018), await chunkCount(SEED_2019), await chunkCount(LATER)]);
    expect(letters.map((l) => l.visitNumber)).toEqual([3, 7, null]);
  });

  it.each([SEED_2018, SEED_2019])('GET /api/letters/:id returns %s byte-for-byte with its paragraph spans', async (file) => {
    const bytes = await readFile(path.join(corpusDir, file));
    const id = file.replace(/\.(md|txt)$/, '');
    const res = await app.request(`/api/letters/${id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { text: string; paragraphs: { n: number; start: number; end: number; section: string | null; kind: string }[] } & Record<string, unknown>;
    expect(Buffer.from(body.text, 'utf8').equals(bytes)).toBe(true);
    expect(body).toMatchObject({
      id,
      authority: 'London Borough of Croydon',
      visitDates: expect.objectContaining({ start: expect.any(String) }),
      inspectors: expect.any(Array),
      recipient: expect.any(String),
    });
    const expected = chunkLetter(bytes.toString('utf8')).chunks.map(({ tokens: _, ...span }) => span);
    expect(body.paragraphs).toEqual(expected);
    expect(body.paragraphs.map((p) => p.n)).toEqual(expected.map((_, i) => i + 1));
    for (const p of body.paragraphs) expect(body.text.slice(p.start, p.end)).toBe(body.text.slice(p.start, p.end).trim());
  });

  it('answers an unknown letter id, or an unknown route, with a JSON 404', async () => {
    expect(await expectError(await app.request('/api/letters/no-such-letter'), 404, 'not_found')).toContain('no-such-letter');
    await expectError(await app.request('/api/letters/..%2F..%2Fetc%2Fpasswd'), 404, 'not_found');
    await expectError(await app.request('/api/nothing-here'), 404, 'not_found');
    await expectError(await app.request('/api/letters', { method: 'DELETE' }), 404, 'not_found');
  });

  it('turns an unexpected failure into a JSON 500 without leaking details', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const unreadable = {
      get library(): Library {
        throw new Error('secret stack detail');
      },
    } as Snapshot;
    const { app: broken } = await buildServer(testConfig(), { snapshot: unreadable, embedder });
    const message = await expectError(await broken.request('/healthz'), 500, 'internal');
    expect(message).not.toContain('secret');
    quiet.mockRestore();
  });

  it('serves the same over a real node server on a free port', async () => {
    const server = await startServer(app, 0, '127.0.0.1');
    try {
      expect(server.port).toBeGreaterThan(0);
      const health = await fetch(`${server.url}/healthz`);
      expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
      const res = await fetch(`${server.url}/api/letters/croydon-2018-08-02`);
      const body = (await res.json()) as { text: string };
      expect(Buffer.from(body.text, 'utf8').equals(await readFile(path.join(corpusDir, SEED_2018)))).toBe(true);
      await expectError(await fetch(`${server.url}/api/letters/missing`), 404, 'not_found');
    } finally {
      await server.close(1_000);
    }
  });
});
