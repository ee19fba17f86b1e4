import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { removeTempDirs, SEED_CORPUS, tempDir } from '../support/run-cli.js';

const run = promisify(execFile);
let indexDir: string;

beforeAll(async () => {
  indexDir = await tempDir('ask-index');
});
afterAll(removeTempDirs);

/** `npm run ask -- …` as a user runs it: no server, offline (no API key), the seed letters. */
const ask = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/ask-cli.ts', ...args], {
    cwd: path.resolve('.'),
    env: { ...process.env, CORPUS_DIR: SEED_CORPUS, INDEX_DIR: indexDir, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('npm run ask', () => {
  it('prints the answer with its numbered quotes, letter, date and paragraph; --json prints the answer object', async () => {
    const text = await ask('What is the staff vacancy rate?');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/over 40%.*\[1\]/);
    expect(text.stdout).toMatch(/^\[1\] London Borough of Croydon, 18 December 2019, paragraph \d+ \(croydon-2019-12-18, characters \d+–\d+\)$/m);
    expect(text.stdout).toMatch(/^ {4}“The staff vacancy rate is over 40%/m);

    const json = await ask('--json', 'What is the staff vacancy rate?');
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout) as Answer;
    expect(answer.found).toBe(true);
    expect(answer.mode).toBe('extractive');
    const letters = new Map((await loadCorpus(SEED_CORPUS)).letters.map((l) => [l.id, l]));
    for (const c of answer.citations) expect(letters.get(c.letterId)?.text.slice(c.start, c.end)).toBe(c.quote);
    const paragraph = /paragraph (\d+)/.exec(text.stdout)?.[1];
    expect(answer.citations[0]?.paragraph).toBe(Number(paragraph));
  });

  it('takes filters, and says when they match no letter', async () => {
    const r = await ask('--authority', 'Kent', 'What is the staff vacancy rate?');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No letter matches these filters: authority Kent\./);
  });

  it('refuses bad arguments with exit 2 and says which', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no question given/],
      [['--kind', 'report', 'Why?'], /--kind: "report" is not one of/],
      [['--from', '2019-13-45', 'Why?'], /--from: expected a real date/],
    ];
    const results = await Promise.all(cases.map(([args]) => ask(...args)));
    results.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch((cases[i] as [string[], RegExp])[1]);
    });
  });
});
