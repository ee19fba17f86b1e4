import { readFile } from 'node:fs/promises';
import { errorMessage } from '../base/error-message.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { verifyAnswer } from '../verify/verify-answer.js';
import { verifyRequestSchema } from '../verify/verify-request.js';
import { parseCli } from './cli-args.js';

const USAGE = `usage: npm run verify -- [--claims] answer.json [more.json …]
  Checks each saved answer's citations against the letters in corpus/ (CORPUS_DIR), no server needed.
  --claims  also fail (exit 1) when a claim of the answer text is not supported by the quotes it cites
  Save an answer to check with: curl -s localhost:3000/api/answer -H 'content-type: application/json' -d '{"question":"…"}' > answer.json`;

/** `npm run verify -- [--claims] answer.json [more.json…]`: checks citations against corpus/ directly, no server. Exit 1 if any is invalid (or, with --claims, any claim unsupported). */
async function main(): Promise<number> {
  const { positionals: files, values } = parseCli({ name: 'verify', usage: USAGE, positionals: true, options: { claims: { type: 'boolean' } } });
  if (files.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const corpus = await loadCorpus(process.env.CORPUS_DIR || 'corpus');
  const byId = new Map(corpus.letters.map((l) => [l.id, l]));
  let failed = false;
  for (const file of files) {
    const parsed = await readAnswerFile(file);
    if (typeof parsed === 'string') {
      console.error(parsed);
      failed = true;
      continue;
    }
    const report = verifyAnswer((id) => byId.get(id), parsed);
    const claimsLine = report.supported === undefined ? '' : report.supported ? '; every claim supported' : '; NOT every claim is supported';
    console.log(`${file}: ${report.valid ? 'all citations verify' : 'INVALID'}${claimsLine}`);
    for (const r of report.results) {
      const where = `${r.ref !== undefined ? `[${r.ref}] ` : ''}${r.letterId}`;
      if (r.valid) console.log(`  ok       ${where}${r.letterSha256Matches === false ? ' (letter changed since the answer: sha256 differs)' : ''}`);
      else console.log(`  INVALID  ${where}: ${r.message}${r.suggested ? `; the quote is at ${r.suggested.start}–${r.suggested.end}` : ''}`);
    }
    if (report.unknownRefs?.length) console.log(`  INVALID  answer uses ${report.unknownRefs.map((r) => `[${r}]`).join(' ')} with no citation`);
    for (const c of report.claims ?? []) {
      const detail = c.support === 'supported' ? '' : ` (${c.reason ?? c.support}${c.missing.length ? `: ${c.missing.join(', ')}` : ''})`;
      console.log(`  claim ${c.support.padEnd(11)} "${c.text}"${detail}`);
    }
    failed ||= !report.valid || (values.claims === true && report.supported === false);
  }
  return failed ? 1 : 0;
}

/** The parsed request, or a message naming the file (and line, for JSON syntax errors). */
async function readAnswerFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message)?.[1];
    const line = pos === undefined ? '?' : text.slice(0, Number(pos)).split('\n').length;
    return `${file}:${line}: not valid JSON (${(err as Error).message})`;
  }
  const parsed = verifyRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${file}: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
  }
  return parsed.data;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`verify failed: ${errorMessage(err)}`);
    process.exit(2);
  },
);
