import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import type { Citation } from '../../src/corpus/citation.js';
import type { Library } from '../../src/store/library.js';
import { L2018, L2019, parseSse, postJson, seedApp } from '../support/seed-app.js';

let app: Awaited<ReturnType<typeof seedApp>>['app'];
let library: Library;

beforeAll(async () => {
  ({ app, library } = await seedApp());
});

function expectVerbatim(citations: Citation[]) {
  for (const c of citations) {
    expect(c.quote.length).toBeGreaterThan(0);
    expect(library.letter(c.letterId)?.text.slice(c.start, c.end)).toBe(c.quote);
  }
}

async function ask(body: Record<string, unknown>): Promise<Answer> {
  const res = await postJson(app, '/api/answer', body);
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

describe('POST /api/answer', () => {
  it('answers a fact question with a verbatim, sentence-level citation that carries the figure', async () => {
    const a = await ask({ question: 'What is the staff vacancy rate?' });
    expect(a.found).toBe(true);
    expect(a.mode).toBe('extractive');
    expectVerbatim(a.citations);
    expect(a.citations.some((c) => c.quote.includes('over 40%'))).toBe(true);
    // Sentence level: the quote is shorter than its paragraph.
    const c = a.citations[0] as Citation;
    const para = library.chunksOf(c.letterId).find((p) => p.n === c.paragraph);
    expect(para && c.end - c.start < para.end - para.start).toBe(true);
    expect(a.answer).toMatch(/18 December 2019/);
  });

  it('uses only [n] markers that exist in citations, numbered from 1', async () => {
    const a = await ask({ question: 'How is adoption practice?' });
    const used = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(used.length).toBeGreaterThan(0);
    expect(new Set(used)).toEqual(new Set(a.citations.map((c) => c.ref)));
    expect(a.citations.map((c) => c.ref)).toEqual(a.citations.map((_, i) => i + 1));
  });

  it('cleans PDF line breaks in the answer text but never in the quote', async () => {
    const a = await ask({ question: 'Are thresholds applied consistently?', letterIds: [L2018] });
    expectVerbatim(a.citations);
    expect(a.citations.some((c) => c.quote.includes('\n'))).toBe(true);
    expect(a.answer).not.toMatch(/ \n/);
  });

  it('restricts citations to the letters in the filter', async () => {
    const a = await ask({ question: 'What did inspectors find about supervision?', letterIds: [L2019] });
    expect(a.found).toBe(true);
    expect(a.citations.every((c) => c.letterId === L2019)).toBe(true);
    const b = await ask({ question: 'What did inspectors find about supervision?', to: '2018-12-31' });
    expect(b.citations.every((c) => c.letterId === L2018)).toBe(true);
  });

  it('answers a comparison with one sentence per visit, oldest letter first', async () => {
    const a = await ask({ question: 'How have caseloads changed since the 2018 visit?' });
    expect(a.found).toBe(true);
    expect(a.citations.map((c) => c.letterId)).toEqual([L2018, L2019]);
    expect(a.answer.indexOf('2 August 2018')).toBeLessThan(a.answer.indexOf('18 December 2019'));
    expectVerbatim(a.citations);
  });

  it('abstains on questions the letters do not cover, with no citations', async () => {
    for (const question of ['How is adult social care performing in Croydon?', "What did Ofsted say about Birmingham's children's services?"]) {
      const a = await ask({ question });
      expect(a.found).toBe(false);
      expect(a.citations).toEqual([]);
      expect(a.answer).toMatch(/do not cover/);
    }
  });

  it('answers who signed a letter from its sign-off', async () => {
    const a = await ask({ question: 'Who signed the December 2019 letter?' });
    expect(a.found).toBe(true);
    expect(a.citations.some((c) => c.quote.includes('Louise Hocking'))).toBe(true);
  });

  it('condenses a short follow-up with the previous question', async () => {
    const a = await ask({
      question: 'And in the 2018 letter?',
      history: [
        { role: 'user', content: 'What did inspectors say about supervision?' },
        { role: 'assistant', content: 'Supervision now takes place regularly [1]' },
      ],
    });
    expect(a.found).toBe(true);
    expect(a.citations[0]?.letterId).toBe(L2018);
    // The lexicon counts management oversight as supervision.
    expect(a.citations.some((c) => /supervision|oversight/i.test(c.quote))).toBe(true);
  });

  it('streams citations, then deltas, then the final answer as SSE', async () => {
    const res = await postJson(app, '/api/answer', { question: 'What is the average caseload?' }, { accept: 'text/event-stream' });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events[0]?.event).toBe('citations');
    expect(events.at(-1)?.event).toBe('done');
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    const done = events.at(-1)?.data as Answer;
    expect(deltas.map((d) => (d.data as { text: string }).text).join('')).toBe(done.answer);
    expect(events[0]?.data).toEqual(done.citations);
    expectVerbatim(done.citations);
  });

  it.each([
    [{}, 'question'],
    [{ question: '' }, 'question'],
    [{ question: '   ' }, 'question'],
    [{ question: 'x'.repeat(2001) }, 'question'],
    [{ question: 42 }, 'question'],
    [{ question: 'ok', topK: 0 }, 'topK'],
    [{ question: 'ok', topK: 21 }, 'topK'],
    [{ question: 'ok', letterIds: 'croydon' }, 'letterIds'],
    [{ question: 'ok', letterIds: ['no-such-letter'] }, 'letterIds'],
    [{ question: 'ok', from: '2019/01/01' }, 'from'],
    [{ question: 'ok', history: [{ role: 'system', content: 'x' }] }, 'history'],
  ])('rejects %j with a 400 naming %s', async (body, field) => {
    const res = await postJson(app, '/api/answer', body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('bad_request');
    expect(json.error.message.startsWith(field)).toBe(true);
  });

  it('rejects malformed JSON with 400 and a non-JSON content type with 415', async () => {
    const bad = await postJson(app, '/api/answer', '{"question": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/malformed JSON/);
    const text = await app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });
});

describe('GET /api/search', () => {
  it('returns paragraphs with offsets whose text is the exact slice', async () => {
    const res = await app.request('/api/search?q=staff%20vacancy%20rate&k=3');
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { letterId: string; start: number; end: number; text: string; score: number; paragraph: number }[] };
    expect(results).toHaveLength(3);
    expect(results[0]?.text).toContain('vacancy rate is over 40%');
    for (const r of results) expect(library.letter(r.letterId)?.text.slice(r.start, r.end)).toBe(r.text);
    expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('filters by letter id (comma list or repeated) and by date', async () => {
    const one = (await (await app.request(`/api/search?q=caseloads&letterIds=${L2018}`)).json()) as { results: { letterId: string }[] };
    expect(one.results.length).toBeGreaterThan(0);
    expect(one.results.every((r) => r.letterId === L2018)).toBe(true);
    const both = (await (await app.request(`/api/search?q=caseloads&k=20&letterIds=${L2018},${L2019}`)).json()) as { results: { letterId: string }[] };
    expect(new Set(both.results.map((r) => r.letterId))).toEqual(new Set([L2018, L2019]));
    const late = (await (await app.request('/api/search?q=caseloads&from=2019-01-01')).json()) as { results: { letterId: string }[] };
    expect(late.results.every((r) => r.letterId === L2019)).toBe(true);
  });

  it.each([
    ['', 'q'],
    ['?q=', 'q'],
    ['?q=x&k=0', 'k'],
    ['?q=x&k=abc', 'k'],
    ['?q=x&letterIds=nope', 'letterIds'],
    ['?q=x&to=tomorrow', 'to'],
  ])('rejects %s with 400 naming %s', async (query, field) => {
    const res = await app.request(`/api/search${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message.startsWith(field)).toBe(true);
  });
});
