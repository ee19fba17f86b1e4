import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import type { Claim } from '../../src/claims/claim-types.js';
import { type ChatBody, type FakeBehaviour, passagesIn } from '../fakes/fake-openai-server.js';
import { askJson, askStream, expectVerifiable, type Harness, parseSse, startHarness } from '../support/model-harness.js';
import { appOver } from '../support/test-server.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const VACANCY_QUESTION = { question: 'What is the staff vacancy rate in Croydon?' };
const FOSTERING_QUESTION = { question: 'How often do social workers in the fostering team visit children?' };
const CASELOAD = 'Caseloads in the fostering team have fallen to an average of 17 children per worker.';
const MANAGERS = 'Managers check visit records each month.';

/** The number of the passage the model was given that contains `words`. */
function passageWith(body: ChatBody, words: string): number {
  const found = [...passagesIn(body)].find(([, text]) => text.replace(/\s+/g, ' ').includes(words));
  if (!found) throw new Error(`no passage given to the model contains "${words}"`);
  return found[0];
}

const isJudge = (body: ChatBody) => /You check claims/.test(body.messages[0]?.content ?? '');

/** An app answering through the fake model; with `verify`, as with VERIFY_WITH_MODEL=1. */
function appWith({ verify = false, timeoutMs = 3000 } = {}): Promise<Hono> {
  return appOver(h.lib.snapshot, {
    OPENAI_BASE_URL: h.fake.baseURL,
    CHAT_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: String(timeoutMs),
    LLM_MAX_RETRIES: '0',
    VERIFY_WITH_MODEL: verify ? '1' : '',
  });
}

const verdicts = (claims: Claim[] | undefined) => (claims ?? []).map((c) => ({ text: c.text, support: c.support, missing: c.missing }));

describe('claims in model answers', () => {
  it('marks a wrong figure unsupported and an uncited claim uncited, in JSON, the SSE done event and /v1', async () => {
    let n = 0;
    h.fake.behave((body) => {
      n = passageWith(body, 'The staff vacancy rate is over 40%');
      return { kind: 'reply', text: `The staff vacancy rate is over 50% [${n}]. Croydon has recruited many new social workers this year.` };
    });
    const app = await appWith();
    const expected = [
      { text: 'The staff vacancy rate is over 50%', support: 'unsupported', missing: ['over 50%'] },
      { text: 'Croydon has recruited many new social workers this year.', support: 'uncited', missing: [] },
    ];

    const answer = await askJson(app, VACANCY_QUESTION);
    expect(answer.mode).toBe('llm');
    expect(verdicts(answer.claims)).toEqual(expected);
    expect(answer.claims?.[0]?.refs).toEqual([n]);
    expect(answer.citations.find((c) => c.ref === n)?.quote).toContain('over 40%');
    expect(expectVerifiable(answer, h.lib.library)).toEqual([]);

    const done = (await askStream(app, VACANCY_QUESTION)).at(-1);
    expect(done?.event).toBe('done');
    const streamed = done?.data as Answer;
    expect(verdicts(streamed.claims)).toEqual(expected);

    const v1 = (stream: boolean) =>
      app.request('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'letters-assistant', stream, messages: [{ role: 'user', content: VACANCY_QUESTION.question }] }),
      });
    const completion = (await (await v1(false)).json()) as { claims: Claim[] };
    expect(verdicts(completion.claims)).toEqual(expected);
    const chunks = parseSse(await (await v1(true)).text());
    const last = chunks.filter((c) => c.data !== '[DONE]').at(-1)?.data as { claims: Claim[]; choices: { finish_reason: string }[] };
    expect(last.choices[0]?.finish_reason).toBe('stop');
    expect(verdicts(last.claims)).toEqual(expected);
  });

  it('re-cites a claim to the given passage that supports it, instead of the one the model named', async () => {
    let right = 0;
    let wrong = 0;
    h.fake.behave((body) => {
      right = passageWith(body, CASELOAD);
      wrong = right === 1 ? 2 : 1;
      return { kind: 'reply', text: `${CASELOAD.slice(0, -1)} [${wrong}].` };
    });
    const answer = await askJson(await appWith(), FOSTERING_QUESTION);
    expect(wrong).not.toBe(right);
    expect(answer.answer).toBe(`${CASELOAD.slice(0, -1)} [${right}].`);
    expect(answer.citations.map((c) => [c.ref, c.quote])).toEqual([[right, CASELOAD]]);
    expect(answer.claims?.map((c) => [c.support, c.refs, c.recitedFrom])).toEqual([['supported', [right], [wrong]]]);
    expect(expectVerifiable(answer, h.lib.library)).toEqual([]);

    // Streamed through /v1, the model's own words have gone out already: the checked text follows at the end.
    const res = await (await appWith()).request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'letters-assistant', stream: true, messages: [{ role: 'user', content: FOSTERING_QUESTION.question }] }),
    });
    const chunks = parseSse(await res.text()).filter((c) => c.data !== '[DONE]');
    const streamed = chunks.map((c) => (c.data as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '').join('');
    const last = chunks.at(-1)?.data as { claims: Claim[]; letters_assistant: { revised_content?: string } };
    expect(streamed).toBe(`${CASELOAD.slice(0, -1)} [${wrong}].`);
    expect(last.letters_assistant.revised_content).toBe(answer.answer);
    expect(last.claims.map((c) => [c.start, c.end])).toEqual([[0, CASELOAD.length - 1]]);
  });

  it('gives a second sentence of a cited passage its own ref, so each claim is judged against its own words', async () => {
    let n = 0;
    let given = 0;
    h.fake.behave((body) => {
      n = passageWith(body, MANAGERS);
      given = passagesIn(body).size;
      return { kind: 'reply', text: `Social workers in the fostering team now visit children every four weeks [${n}]. ${MANAGERS.slice(0, -1)} [${n}].` };
    });
    const answer = await askJson(await appWith(), FOSTERING_QUESTION);
    const [first, second] = answer.citations;
    expect(answer.citations).toHaveLength(2);
    expect(first?.ref).toBe(n);
    expect(first?.quote).toBe('Social workers in the fostering team now visit children every four weeks.');
    expect(second?.ref).toBeGreaterThan(given);
    expect([second?.letterId, second?.paragraph, second?.quote]).toEqual([first?.letterId, first?.paragraph, MANAGERS]);
    expect(answer.answer).toBe(`Social workers in the fostering team now visit children every four weeks [${n}]. ${MANAGERS.slice(0, -1)} [${second?.ref}].`);
    expect(answer.claims?.map((c) => c.support)).toEqual(['supported', 'supported']);
    expect(expectVerifiable(answer, h.lib.library)).toEqual([]);
  });
});

describe('VERIFY_WITH_MODEL', () => {
  /** A wrong figure, a wrong word the word count misses, and a paraphrase the word count doubts. */
  const reply = (n: number) =>
    [
      `Caseloads in the fostering team have fallen to an average of 27 children per worker [${n}].`,
      `Managers check visit records each week [${n}].`,
      `Social workers in the fostering team now visit children every four weeks, which staff find rewarding [${n}].`,
    ].join(' ');

  /** A lenient judge: everything passes but the wrong period. */
  function judge(body: ChatBody): FakeBehaviour {
    const user = body.messages.at(-1)?.content ?? '';
    const verdicts = [...user.matchAll(/<claim id="(\d+)">\n<text>([^<]*)<\/text>/g)].map((m) =>
      /each week/.test(m[2] ?? '') ? { claim: Number(m[1]), support: 'unsupported', reason: 'the letter says each month' } : { claim: Number(m[1]), support: 'supported' },
    );
    return { kind: 'reply', text: `Here is my check:\n\`\`\`json\n${JSON.stringify({ verdicts })}\n\`\`\`` };
  }

  it('asks the model to judge each claim; the offline check wins on figures, the model on wording', async () => {
    let n = 0;
    h.fake.behave((body) => {
      if (isJudge(body)) return judge(body);
      n = passageWith(body, CASELOAD);
      return { kind: 'reply', text: reply(n) };
    });
    const events = await askStream(await appWith({ verify: true }), FOSTERING_QUESTION);
    const answer = events.at(-1)?.data as Answer;

    expect(answer.mode).toBe('llm');
    expect(answer.claimCheck).toEqual({ by: 'offline+model' });
    expect(answer.claims?.map((c) => [c.support, c.modelSupport, c.missing])).toEqual([
      ['unsupported', 'supported', ['27']],
      ['unsupported', 'unsupported', []],
      ['supported', 'supported', []],
    ]);
    // The model cited one passage for all three; each claim now cites the sentence it is judged against.
    expect(answer.claims?.map((c) => c.recitedFrom)).toEqual([undefined, [n], [n]]);
    expect(answer.claims?.[1]?.reason).toBe('the model judged that the quotes do not back the claim: the letter says each month');
    const judged = h.fake.requests.map((r) => r.body).find(isJudge);
    expect(judged?.messages.at(-1)?.content).toContain(`<quote>${CASELOAD}</quote>`);
    expect(expectVerifiable(answer, h.lib.library)).toEqual([]);
  });

  it('without VERIFY_WITH_MODEL, makes one model call and leaves the partial claim partial', async () => {
    h.fake.behave((body) => (isJudge(body) ? judge(body) : { kind: 'reply', text: reply(passageWith(body, CASELOAD)) }));
    const answer = await askJson(await appWith(), FOSTERING_QUESTION);
    expect(h.fake.requests).toHaveLength(1);
    expect(answer.claimCheck).toBeUndefined();
    expect(answer.claims?.map((c) => c.support)).toEqual(['unsupported', 'supported', 'partial']);
  });

  it.each<[string, FakeBehaviour, RegExp]>([
    ['fails', { kind: 'status', status: 500 }, /HTTP 500/],
    ['replies with no verdicts', { kind: 'reply', text: 'All claims look fine to me.' }, /could not be read/],
  ])('keeps the offline verdicts when the judging call %s, and says so', async (_what, failure, reason) => {
    h.fake.behave((body) => (isJudge(body) ? failure : { kind: 'reply', text: reply(passageWith(body, CASELOAD)) }));
    const answer = await askJson(await appWith({ verify: true }), FOSTERING_QUESTION);
    expect(answer.mode).toBe('llm');
    expect(answer.degraded).toBeUndefined();
    expect(answer.claimCheck?.by).toBe('offline');
    expect(answer.claimCheck?.degraded?.reason).toMatch(reason);
    expect(answer.claims?.map((c) => [c.support, c.modelSupport])).toEqual([
      ['unsupported', undefined],
      ['supported', undefined],
      ['partial', undefined],
    ]);
  });
});
