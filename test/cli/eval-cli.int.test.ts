import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { halfOf, loadDevSet, needsOtherLetters } from '../../src/eval/dev-set.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run eval -- …args` as a user runs it, here in a clone without the real letters. */
function runEval(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/eval-cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, REAL_LETTERS_DIR: path.join(ROOT, 'no-such-folder') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run eval', () => {
  it('without the real letters, warns, skips their questions and runs the rest over the seeds (--json, one half)', async () => {
    const { code, stdout, stderr } = await runEval(['--json', '--verbose', '--half', 'tune']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/real-letters not found.*skipped/);
    const out = JSON.parse(stdout) as { realCorpus: unknown; sets: { file: string; corpus: string; skipped: number; report: { questions: number; results: { id: string }[] } }[] };
    expect(out.realCorpus).toBeNull();
    expect(out.sets.map((s) => s.file)).toEqual(['test/eval/dev-set-2.json']);
    const [set] = out.sets;
    const tune = (await loadDevSet('test/eval/dev-set-2.json')).filter((q) => halfOf(q.id) === 'tune');
    expect(set?.corpus).toBe('seeds');
    const seeds = new Set(['croydon-2018-08-02', 'croydon-2019-12-18']);
    expect(set?.skipped).toBeGreaterThanOrEqual(tune.filter((q) => needsOtherLetters(q, seeds)).length);
    expect(set?.skipped).toBeLessThan(tune.length - 50);
    expect(set?.report.questions).toBe(tune.length - (set?.skipped ?? 0));
    expect(set?.report.results.every((r) => Number(r.id) % 2 === 1)).toBe(true);
  }, 120_000);

  it('prints a table per set and per kind, the regression sets included', async () => {
    const { code, stdout } = await runEval([]);
    expect(code).toBe(0);
    for (const file of ['dev-set-2.json', 'dev-set.json', 'holdout-set.json', 'holdout-set-2.json']) expect(stdout).toContain(`== test/eval/${file} over the seeds`);
    expect(stdout).toMatch(/paraphrase \(tune\)/);
    expect(stdout).toMatch(/unanswerable \(measure\)/);
    expect(stdout).toMatch(/abstention recall/);
  }, 120_000);

  it('refuses to score a set whose gold no paragraph holds, naming the question', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'eval-set-'));
    const file = path.join(dir, 'bad-set.json');
    const bad = [{ id: '1', question: 'Who inspected Croydon in 2019?', kind: 'fact', gold: [{ letterId: 'croydon-2019-12-18', phrase: 'Anne Waterman' }] }];
    await writeFile(file, JSON.stringify(bad));
    try {
      const { code, stderr } = await runEval([file]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/bad-set\.json: gold that no paragraph holds.*1 "Anne Waterman" is in no paragraph of croydon-2019-12-18/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a half that does not exist', async () => {
    const { code, stderr } = await runEval(['--half', 'middle']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--half must be tune or measure, got "middle"/);
  });
});
