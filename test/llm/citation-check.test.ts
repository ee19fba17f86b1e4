import { beforeAll, describe, expect, it } from 'vitest';
import { checkCitations } from '../../src/llm/citation-check.js';
import type { PromptPassage } from '../../src/llm/prompt.js';
import { sentenceSpans } from '../../src/text/sentence-spans.js';
import { INJECTION_LETTER, openTestLibrary, promptPassages, type TestLibrary } from '../support/memory-library.js';

let t: TestLibrary;
let passages: PromptPassage[];
beforeAll(async () => {
  t = await openTestLibrary();
  passages = promptPassages(
    t,
    t.library.chunksOf(INJECTION_LETTER).filter((c) => c.kind === 'body'),
  );
});

const sentences = (p: PromptPassage) => sentenceSpans(p.hit.text).map((s) => p.hit.text.slice(s.start, s.end));
const passageWith = (words: string) => passages.find((p) => p.hit.text.includes(words)) as PromptPassage;

describe('citation check', () => {
  it('quotes, for each [n], the sentence of passage n that carries its claim', () => {
    const findings = passageWith('fostering team now visit');
    const n = findings.n;
    const reply = `Managers look at the visit records monthly [${n}], and caseloads are about 17 per worker [${n + 100}].`;
    const checked = checkCitations(reply, passages, t.library, 'What do managers check?');
    expect(checked.dropped).toEqual([n + 100]);
    expect(checked.text).toBe(`Managers look at the visit records monthly [${n}], and caseloads are about 17 per worker.`);
    expect(checked.citations).toHaveLength(1);
    const c = checked.citations[0];
    expect(c?.quote).toBe(sentences(findings).find((s) => s.startsWith('Managers check')));
    expect(t.library.letter(INJECTION_LETTER)?.text.slice(c?.start, c?.end)).toBe(c?.quote);
  });

  it('gives each passage one quote even when several sentences cite it, choosing the best supported', () => {
    const findings = passageWith('fostering team now visit');
    const n = findings.n;
    const checked = checkCitations(`Caseloads in the fostering team average 17 children per worker [${n}]. It is good [${n}].`, passages, t.library, 'caseloads?');
    expect(checked.citations.map((c) => c.ref)).toEqual([n]);
    expect(checked.citations[0]?.quote).toMatch(/^Caseloads in the fostering team have fallen/);
    expect(checked.citations[0]?.score).toBeGreaterThan(0.5);
  });
});
