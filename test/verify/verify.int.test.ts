import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import type { Citation } from '../../src/corpus/citation.js';
import type { Letter } from '../../src/corpus/letter.js';
import type { Library } from '../../src/store/library.js';
import type { VerifyReport } from '../../src/verify/verify-answer.js';
import { L2018, postJson, seedApp } from '../support/seed-app.js';

const run = promisify(execFile);
let app: Awaited<ReturnType<typeof seedApp>>['app'];
let library: Library;
let answer: Answer;

beforeAll(async () => {
  ({ app, library } = await seedApp());
  answer = (await (await postJson(app, '/api/answer', { question: 'Are thresholds applied consistently?', letterIds: [L2018] })).json()) as Answer;
  expect(answer.citations.length).toBeGreaterThan(0);
});

async function verify(body: unknown): Promise<VerifyReport> {
  const res = await postJson(app, '/api/verify', body);
  expect(res.status).toBe(200);
  return (await res.json()) as VerifyReport;
}

describe('POST /api/verify', () => {
  it('accepts a whole answer object whose citations all verify', async () => {
    const report = await verify(answer);
    expect(report.valid).toBe(true);
    expect(report.results.every((r) => r.valid)).toBe(true);
    expect(report.unknownRefs).toEqual([]);
  });

  it('flags shifted offsets and suggests where the quote really is', async () => {
    const c = answer.citations[0] as Citation;
    const report = await verify({ citations: [{ ...c, start: c.start + 3, end: c.end + 3 }] });
    expect(report.valid).toBe(false);
    expect(report.results[0]).toMatchObject({ valid: false, reason: 'quote_mismatch', suggested: { start: c.start, end: c.end } });
  });

  it('finds a quote retyped with straight quotes and single spaces, giving exact raw offsets', async () => {
    const letter = library.letter(L2018) as Letter;
    const raw = 'children’s \nservices on 10 and 11 July 2018';
    const at = letter.text.indexOf(raw);
    expect(at).toBeGreaterThan(0);
    const report = await verify({ citations: [{ letterId: L2018, start: 0, end: 5, quote: "children's services on 10 and 11 July 2018" }] });
    expect(report.results[0]?.suggested).toEqual({ start: at, end: at + raw.length });
  });

  it('rejects an edited quote with no suggestion when the words are not in the letter', async () => {
    const c = answer.citations[0] as Citation;
    const edited = c.quote.replace(/not/, 'now');
    const report = await verify({ citations: [{ ...c, quote: edited }] });
    expect(report.results[0]).toMatchObject({ valid: false, reason: 'quote_mismatch' });
    expect(report.results[0]?.suggested).toBeUndefined();
  });

  it('reports a changed letter through the sha256, and unknown letters and offsets out of range', async () => {
    const c = answer.citations[0] as Citation;
    const letter = library.letter(c.letterId) as Letter;
    const report = await verify({
      answer: 'See [1] and [7].',
      citations: [
        { ...c, ref: 1, sha256: letter.sha256 },
        { ...c, ref: 2, sha256: '0'.repeat(64) },
        { ...c, ref: 3, letterId: 'no-such-letter' },
        { ...c, ref: 4, start: -1 },
        { ...c, ref: 5, end: letter.text.length + 10 },
      ],
    });
    expect(report.results.map((r) => [r.valid, r.letterSha256Matches])).toEqual([
      [true, true],
      [true, false],
      [false, undefined],
      [false, undefined],
      [false, undefined],
    ]);
    expect(report.results.slice(2).map((r) => r.reason)).toEqual(['unknown_letter', 'offsets_out_of_range', 'offsets_out_of_range']);
    expect(report.unknownRefs).toEqual([7]);
    expect(report.valid).toBe(false);
  });

  it('rejects a body without citations with a 400 naming the field', async () => {
    const res = await postJson(app, '/api/verify', { answer: 'x' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^citations/);
  });
});

describe('claims edited after the answer was given', () => {
  it('keep valid about citations and make supported false', async () => {
    const a = (await (await postJson(app, '/api/answer', { question: 'What is the staff vacancy rate?' })).json()) as Answer;
    expect(a.answer).toContain('over 40%');
    const honest = await verify(a);
    expect(honest).toMatchObject({ valid: true, supported: true });
    const edited = await verify({ ...a, answer: a.answer.replace('over 40%', 'over 50%') });
    expect(edited.valid).toBe(true);
    expect(edited.supported).toBe(false);
    expect(edited.claims?.some((c) => c.support !== 'supported' && c.missing.some((m) => m.includes('50')))).toBe(true);
    // Without an answer text there are no claims to judge.
    expect((await verify({ citations: a.citations })).supported).toBeUndefined();
  });
});

describe('npm run verify', () => {
  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'src/cli/verify-cli.ts', ...args], { cwd: path.resolve('.') }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  it('exits 0 for a valid answer file and 1 naming the bad citation otherwise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'verify-'));
    const good = path.join(dir, 'good.json');
    const bad = path.join(dir, 'bad.json');
    await writeFile(good, JSON.stringify(answer));
    const c = answer.citations[0] as Citation;
    await writeFile(bad, JSON.stringify({ ...answer, citations: [{ ...c, start: c.start + 1, end: c.end + 1 }] }));
    const ok = await cli(good);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/all citations verify/);
    const fail = await cli(bad);
    expect(fail.code).toBe(1);
    expect(fail.out).toMatch(new RegExp(`INVALID +\\[1\\] ${L2018}.*the quote is at ${c.start}`));
  });

  it('with --claims exits 1 when a claim is not supported, while plain verify still passes it', async () => {
    const a = (await (await postJson(app, '/api/answer', { question: 'What is the staff vacancy rate?' })).json()) as Answer;
    const dir = await mkdtemp(path.join(tmpdir(), 'verify-'));
    const honest = path.join(dir, 'honest.json');
    const edited = path.join(dir, 'edited.json');
    await writeFile(honest, JSON.stringify(a));
    await writeFile(edited, JSON.stringify({ ...a, answer: a.answer.replace('over 40%', 'over 50%') }));
    const [plain, strict, fine] = await Promise.all([cli(edited), cli('--claims', edited), cli('--claims', honest)]);
    expect(plain.code).toBe(0);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/all citations verify; NOT every claim is supported/);
    expect(strict.out).toMatch(/claim (?:partial|unsupported) .*50/);
    expect(fine.code).toBe(0);
    expect(fine.out).toMatch(/every claim supported/);
  });

  it('names the file and line of a JSON syntax error', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'verify-'));
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{\n  "citations": [\n    {oops}\n  ]\n}\n');
    const r = await cli(broken);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${broken}:3: not valid JSON`);
  });
});
