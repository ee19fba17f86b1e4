import { errorMessage } from '../base/error-message.js';
import { buildServer } from '../compose/build-server.js';
import { loadConfig } from '../compose/config.js';
import { longDate } from '../corpus/dates.js';
import { DOCUMENT_KINDS, type DocumentKind } from '../corpus/metadata/document-kind.js';
import type { Library } from '../store/library.js';
import { parseCli } from './cli-args.js';

const USAGE = `usage: npm run ask -- [options] "your question"
  Answers from the letters in corpus/ (CORPUS_DIR), offline, without a server; builds the index first if needed.
  --json               print the whole answer as JSON (the shape POST /api/answer returns)
  --authority NAME     only letters about this authority (place or full name; repeat for several)
  --kind KIND          only documents of this kind: ${DOCUMENT_KINDS.join(', ')}
  --from YYYY-MM-DD    only letters dated on or after
  --to YYYY-MM-DD      only letters dated on or before
  --top-k N            passages to answer from (1-20, default 5)`;

/** `npm run ask -- "question"`: one answer, its numbered quotes with letter, date and paragraph. */
async function main(): Promise<number> {
  const { values, positionals } = parseCli({
    name: 'ask',
    usage: USAGE,
    positionals: true,
    options: {
      json: { type: 'boolean' },
      authority: { type: 'string', multiple: true },
      kind: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      'top-k': { type: 'string' },
    },
  });
  const question = positionals.join(' ').trim();
  if (!question) {
    console.error(`ask: no question given\n${USAGE}`);
    return 2;
  }
  const kinds = values.kind ?? [];
  const badKind = kinds.find((k) => !(DOCUMENT_KINDS as readonly string[]).includes(k));
  if (badKind !== undefined) return fail(`--kind: "${badKind}" is not one of ${DOCUMENT_KINDS.join(', ')}`);
  for (const [flag, date] of [
    ['--from', values.from],
    ['--to', values.to],
  ] as const) {
    if (date !== undefined && longDate(date) === null) return fail(`${flag}: expected a real date as YYYY-MM-DD, got "${date}"`);
  }
  const topK = values['top-k'] === undefined ? 5 : Number(values['top-k']);
  if (!Number.isInteger(topK) || topK < 1 || topK > 20) return fail(`--top-k: expected a whole number from 1 to 20, got "${values['top-k']}"`);

  const config = loadConfig();
  // Index progress and notices go to stderr, so that stdout is the answer alone (and --json parses).
  const server = await buildServer(config, { readOnly: true, log: (m) => console.error(`[letters-assistant] ${m}`) });
  try {
    const answer = await server.answers.answer({
      question,
      topK,
      authority: values.authority,
      kind: kinds as DocumentKind[],
      from: values.from,
      to: values.to,
    });
    if (values.json) {
      console.log(JSON.stringify(answer, null, 2));
      return 0;
    }
    console.log(formatAnswer(answer, server.live.current().library));
    return 0;
  } finally {
    await server.close();
  }
}

type Answered = Awaited<ReturnType<Awaited<ReturnType<typeof buildServer>>['answers']['answer']>>;

/** The answer, then each quote numbered as the answer cites it, with its letter, date and paragraph. */
export function formatAnswer(answer: Answered, library: Library): string {
  const lines: string[] = [];
  if (answer.answeredQuestion) lines.push(`Answered as: ${answer.answeredQuestion}`, '');
  lines.push(answer.answer.trim());
  const quotes = answer.found ? answer.citations : [];
  if (quotes.length) lines.push('', 'Sources:');
  for (const c of quotes) {
    const letter = library.info(c.letterId);
    const who = letter?.authority ?? letter?.title ?? c.letterId;
    const date = c.letterDate ? (longDate(c.letterDate) ?? c.letterDate) : 'undated';
    lines.push(`[${c.ref}] ${who}, ${date}, paragraph ${c.paragraph} (${c.letterId}, characters ${c.start}–${c.end})`);
    lines.push(`    “${c.quote.replace(/\s+/g, ' ').trim()}”`);
  }
  if (!answer.found && answer.related?.length) {
    lines.push('', 'Closest passages:');
    for (const h of answer.related) lines.push(`  - ${h.letterId}, paragraph ${h.paragraph}: “${h.text.replace(/\s+/g, ' ').trim().slice(0, 200)}”`);
  }
  lines.push('', `(${answer.mode === 'llm' ? `written by ${answer.model ?? 'a model'}` : 'offline, extractive'}; ${answer.tookMs} ms)`);
  return lines.join('\n');
}

function fail(message: string): number {
  console.error(`ask: ${message}; --help shows the usage`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`ask failed: ${errorMessage(err)}`);
    process.exit(1);
  },
);
