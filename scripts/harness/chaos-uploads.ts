import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRng } from '../../bench/seeded-rng.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { sourceText } from '../../src/ingest/source-text.js';
import { makeLetterPdf } from '../../test/support/make-pdf.js';
import { testLetter } from '../../test/support/pdf-letters.js';
import { envFor, snapshot, startAndCheck } from './chaos-checks.js';
import { REPO_ROOT, spawnServer, within } from './server-process.js';

export interface UploadRound {
  round: number;
  killAfterMs: number;
  /** The upload's answer had arrived before the kill (then the letter must be there). */
  answered: boolean;
  /** What corpus/ held for the uploaded letter afterwards: all of it, or nothing. */
  inCorpus: 'whole' | 'none' | 'partial';
  nextStartAnswered: boolean;
  problems: string[];
}

const DIMS = 256;

/**
 * Uploads a PDF letter (long enough that reading it takes a while) to a running server and
 * SIGKILLs the server at a random moment of the upload: while the body arrives, while the
 * conversion process parses it, while the letter is written or indexed. Afterwards corpus/ must
 * hold the whole letter or nothing (never a partial or temp file that loads), every other letter
 * unchanged, and the next start must answer with citations that verify.
 */
export async function runUploadChaos(options: { kills: number; seed: number; log?: (line: string) => void }): Promise<UploadRound[]> {
  const log = options.log ?? (() => {});
  const rng = seededRng(options.seed);
  const root = await mkdtemp(path.join(tmpdir(), 'letters-chaos-uploads-'));
  const corpusDir = path.join(root, 'corpus');
  const indexDir = path.join(root, 'index');
  await mkdir(corpusDir);
  try {
    for (const f of await readdir(path.join(REPO_ROOT, 'corpus'))) {
      if (/\.(md|txt)$/.test(f)) await writeFile(path.join(corpusDir, f), await readFile(path.join(REPO_ROOT, 'corpus', f)));
    }
    // How long a whole upload takes, to aim the kills inside it.
    let uploadMs = 1000;
    const rounds: UploadRound[] = [];
    for (let round = 0; round <= options.kills; round++) {
      const authority = `Uploadshire${round}`;
      const letter = testLetter(authority, `Round ${round}: foster carers described the respite weekends as a lifeline.`, 60);
      const pdf = await makeLetterPdf(letter.blocks, { footer: 'Ofsted', pageNumbers: true });
      const name = `${authority} 2021-03-0${1 + (round % 9)}.pdf`;
      const expected = await sourceText(name, pdf.bytes);
      if (!expected.ok) throw new Error(`the chaos letter does not convert: ${expected.reason}`);
      const before = await letterFiles(corpusDir);

      const victim = spawnServer({ ...envFor(corpusDir, indexDir, DIMS), CORPUS_WATCH: 'false' });
      const url = await within(victim.ready, 120_000, 'server start');
      const form = new FormData();
      form.append('file', new File([new Uint8Array(pdf.bytes)], name));
      const started = Date.now();
      let answered = false;
      const upload = fetch(`${url}/api/letters`, { method: 'POST', body: form })
        .then(async (r) => {
          await r.json();
          answered = r.ok;
        })
        .catch(() => {});
      // Round 0 is not killed: it measures a whole upload.
      if (round === 0) {
        await upload;
        uploadMs = Math.max(100, Date.now() - started);
        log(`upload of a ${pdf.pages}-page PDF (${Math.round(pdf.bytes.length / 1024)} kB): ${uploadMs} ms; killing inside that window`);
        victim.child.kill('SIGKILL');
        await victim.exited;
        continue;
      }
      const killAfterMs = Math.round(rng() * uploadMs * 1.2);
      await new Promise((r) => setTimeout(r, Math.max(0, killAfterMs - (Date.now() - started))));
      victim.child.kill('SIGKILL');
      await victim.exited;
      await upload;

      const problems: string[] = [];
      const after = await letterFiles(corpusDir);
      const id = name
        .toLowerCase()
        .replace(/\.pdf$/, '')
        .replace(/[^a-z0-9]+/g, '-');
      const added = [...after.keys()].filter((f) => !before.has(f));
      for (const [f, text] of before) if (after.get(f) !== text) problems.push(`${f} changed or went missing`);
      let inCorpus: UploadRound['inCorpus'] = 'none';
      if (added.length > 0) {
        const text = after.get(`${id}.txt`);
        inCorpus = added.length === 1 && text === expected.text ? 'whole' : 'partial';
        if (inCorpus === 'partial') problems.push(`corpus/ holds ${added.join(', ')}, not exactly the converted letter`);
      }
      if (answered && inCorpus !== 'whole') problems.push('the upload was answered but the letter is not in corpus/');
      const { problems: loadProblems } = await loadCorpus(corpusDir);
      for (const p of loadProblems) problems.push(`corpus: ${p.file}: ${p.reason}`);
      const next = await startAndCheck(corpusDir, indexDir, await snapshot(corpusDir, DIMS));
      problems.push(...next.problems);
      const r: UploadRound = { round, killAfterMs, answered, inCorpus, nextStartAnswered: next.answered, problems };
      rounds.push(r);
      log(
        `${String(round).padStart(3)}  upload kill@${String(killAfterMs).padStart(5)}ms  ${answered ? 'answered' : 'no answer'}  letter in corpus: ${inCorpus.padEnd(7)}  next start answered ${next.answered ? 'yes' : 'NO'}${problems.length ? `  PROBLEMS: ${problems.join('; ')}` : ''}`,
      );
    }
    return rounds;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Letter files (not dot-files) of corpus/ with their text. */
async function letterFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await readdir(dir)) if (!f.startsWith('.') && /\.(txt|md)$/.test(f)) out.set(f, await readFile(path.join(dir, f), 'utf8'));
  return out;
}
