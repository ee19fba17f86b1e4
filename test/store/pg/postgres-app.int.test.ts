import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/compose/build-server.js';
import { ConfigError, loadConfig } from '../../../src/compose/config.js';
import { HashingEmbedder } from '../../../src/embed/hashing-embedder.js';
import { pgliteDb } from '../../../src/store/pg/pglite-db.js';
import { tempDir } from '../../support/store-fixtures.js';
import { testConfig } from '../../support/test-server.js';

describe('the app on the Postgres store', () => {
  const db = pgliteDb(new PGlite({ extensions: { vector } }));
  afterAll(() => db.close());

  it('indexes corpus/ into the database (not index/), answers searches from it, and takes a new letter on reload', async () => {
    const dir = await tempDir('pg-app');
    const corpusDir = path.join(dir, 'corpus');
    const indexDir = path.join(dir, 'index');
    await mkdir(corpusDir);
    for (const f of ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md']) await copyFile(path.join('corpus', f), path.join(corpusDir, f));
    const { app, live, build } = await buildServer(testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir }), { embedder: new HashingEmbedder(64), db });
    expect(build?.action).toBe('full');

    const search = async (q: string) => {
      const res = await app.request(`/api/search?q=${encodeURIComponent(q)}&k=5`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { results: { letterId: string; text: string }[] }).results;
    };
    expect((await search('staff vacancy rate'))[0]?.text).toMatch(/vacancy rate/i);

    await writeFile(
      path.join(corpusDir, 'harrow-2021-03-04.md'),
      '# Monitoring visit to Harrow\n\nThe borough has recruited fourteen new approved mental health professionals this winter.\n',
    );
    const reloaded = await live.reload();
    expect(reloaded).toMatchObject({ action: 'incremental', embeddedLetters: 1, letters: 3 });
    expect((await search('approved mental health professionals recruited'))[0]?.letterId).toBe('harrow-2021-03-04');
    await expect(readdir(indexDir)).rejects.toThrow();
  });

  it('reads DATABASE_URL and its pool, timeout and TLS settings, and refuses a URL that is not Postgres', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@127.0.0.1:5432/letters', DATABASE_POOL_SIZE: '4', DATABASE_STATEMENT_TIMEOUT_MS: '5000', DATABASE_SSL: 'verify' });
    expect(config).toMatchObject({ DATABASE_URL: 'postgres://app@127.0.0.1:5432/letters', DATABASE_POOL_SIZE: 4, DATABASE_STATEMENT_TIMEOUT_MS: 5000, DATABASE_SSL: 'verify' });
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: 'mysql://127.0.0.1/letters' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_SSL: 'maybe' })).toThrow(/DATABASE_SSL/);
  });
});
