import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, type ServerProcess, spawnServer } from '../../scripts/harness/server-process.js';
import { removeTempDirs, tempDir } from '../support/run-cli.js';

/** `npm start` in a folder with a .env: its API_TOKEN and PORT are honoured, exported values win, values never logged. */
const running: ServerProcess[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    s.child.kill('SIGKILL');
    await s.exited;
  }
});
afterAll(removeTempDirs);

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Only what a shell would have: no PORT, no API_TOKEN exported unless the test says so. */
function startIn(cwd: string, exported: Record<string, string> = {}): ServerProcess {
  const { PORT: _p, API_TOKEN: _t, HOST: _h, ...inherited } = process.env;
  const s = spawnServer({ ...exported, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', CORPUS_WATCH: 'false' }, { cwd, defaults: inherited as Record<string, string> });
  running.push(s);
  return s;
}

async function folderWithEnv(token: string, port: number): Promise<string> {
  const dir = await tempDir('dotenv');
  const lines = [
    '# copied from .env.example',
    `API_TOKEN=${token}`,
    `PORT=${port}`,
    `CORPUS_DIR=${path.join(REPO_ROOT, 'corpus')}`,
    `INDEX_DIR=${path.join(dir, 'index')}`,
    'EMBEDDING_DIMENSIONS=256',
  ];
  await writeFile(path.join(dir, '.env'), `${lines.join('\n')}\n`);
  return dir;
}

const status = async (url: string, token?: string) => (await fetch(`${url}/api/letters`, token ? { headers: { authorization: `Bearer ${token}` } } : {})).status;

describe('.env', () => {
  it('is read at start: API_TOKEN protects /api/*, PORT is where it listens, the log names the file and the variables, never the values', async () => {
    const port = await freePort();
    const dir = await folderWithEnv('dotenv-secret-4711', port);
    const s = startIn(dir);
    const url = await s.ready;
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(await status(url)).toBe(401);
    expect(await status(url, 'dotenv-secret-4711')).toBe(200);
    const line = s.lines.find((l) => l.includes('.env'));
    expect(line).toContain(`read ${path.join(dir, '.env')}: `);
    expect(line).toMatch(/\bAPI_TOKEN\b.*\bPORT\b/);
    expect(s.lines.join('\n')).not.toContain('dotenv-secret-4711');
    // Started outside the repository, it still finds the page that ships with the code.
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('exported variables win over the file', async () => {
    const [filePort, exportedPort] = [await freePort(), await freePort()];
    const dir = await folderWithEnv('from-the-file-1', filePort);
    const s = startIn(dir, { PORT: String(exportedPort), API_TOKEN: 'exported-token-2' });
    const url = await s.ready;
    expect(url).toBe(`http://127.0.0.1:${exportedPort}`);
    expect(await status(url, 'from-the-file-1')).toBe(401);
    expect(await status(url, 'exported-token-2')).toBe(200);
    expect(s.lines.find((l) => l.includes('.env'))).toMatch(/exported values kept for API_TOKEN, PORT$/);
  });
});
