/** What a question asks for, read from its wording. Drives ranking and sentence choice. */
export interface QueryIntent {
  /** Names, dates, addresses, signatures: the letterhead and sign-off may hold the answer. */
  wantsFrontMatter: boolean;
  /** Comparison or change across visits: draw from several letters, oldest first. */
  comparesVisits: boolean;
  wantsNumber: boolean;
  /** A count or share only a figure answers: "How many…", "What percentage…". */
  wantsCount: boolean;
  /** A span of time: "How many weeks…", "How long…". */
  wantsDuration: boolean;
  wantsDate: boolean;
  wantsPerson: boolean;
  /** Who the letter is addressed to: the salutation ("Dear Mr Henderson") answers it, and only it. */
  wantsRecipient: boolean;
  /** An inspection grade: "What grade did Bolton get?", "How was Enfield judged?". */
  wantsGrade: boolean;
  /** A letter's gist: "Summarise the 2019 letter", "What were the main findings in Slough?". */
  wantsSummary: boolean;
  /** What is wrong or must improve: "What are the problems with…", "What needs to improve in Kent?". */
  wantsWeaknesses: boolean;
  /** Asks what must improve: the letters answer it under their own heading for that. */
  asksImprovements: boolean;
  /** What works: "What is going well?", "What are the strengths of…". */
  wantsStrengths: boolean;
}

/** Words that ask for a kind of finding rather than name a topic: never topic words themselves. */
export const EVALUATIVE_WORDS = `summary summarise summarize summarised summarized overview gist headline headlines main key findings
  problem problems weakness weaknesses shortcoming shortcomings strength strengths strong weak worry worries wrong
  improve improved improvement improvements needs need area areas priority priorities better`
  .split(/\s+/)
  .filter(Boolean);

/** Asks what must improve, as the letters' "What needs to improve" / "Areas for priority action" headings say it. */
const ASKS_WHAT_TO_IMPROVE =
  /\bneeds? to (?:improve|get better|do better|change)\b|\b(?:do|get) better\b|\bareas? for (?:improvement|priority action|development)\b|\bimprovements? (?:are )?(?:needed|required)\b|\bpriorit(?:y|ies) for (?:improvement|action)\b|\bpriority actions?\b/;

/** The words of the question's "what needs to improve" phrase ("areas for priority action"): they ask for the list, not a topic. */
export function improvementAskWords(question: string): string[] {
  const m = ASKS_WHAT_TO_IMPROVE.exec(question.toLowerCase());
  return m ? m[0].split(/\s+/) : [];
}

export function readIntent(question: string): QueryIntent {
  const q = question.toLowerCase();
  // "Who" and "when" ask only where they open the question or a clause of it: in "young women who
  // were groomed" or "when they don't need to be" they ask for no person and no date.
  const asks = (word: string) => new RegExp(`(?:^|[,;:]\\s*|\\b(?:and|but|or|so)\\s+)${word}\\b`).test(q.trim());
  const wantsPerson =
    asks('who') || asks('whose') || /\b(?:which|what) (?:inspectors?|people|person|officers?|managers?|directors?)\b|\bname[sd]?\b|\bsigned\b|\baddressed\b|\brecipient\b/.test(q);
  const wantsDate = asks('when') || /\bwhat date\b|\bwhich date\b|\bdated\b|\bwhat day\b|\bwhat year\b|\bwhich year\b|\bhow long ago\b/.test(q);
  const wantsNumber = /\bhow many\b|\bhow much\b|\bnumber of\b|\bwhat (?:percentage|proportion|rate)\b|\bpercent|\brate\b|\bhow often\b/.test(q);
  const wantsFrontMatter =
    wantsPerson ||
    /\bwhen was (?:the|this) letter\b|\baddress\b|\bsent to\b|\bwho wrote\b|\bwritten (?:by|to|on)\b|\b(?:was|were) (?:it|this|the letters?|they) written\b|\bletter dated\b/.test(
      q,
    );
  const comparesVisits =
    /\bcompar|\bchang(?:e|ed|es|ing)\b|\bsince\b|\bbetween\b|\bover time\b|\bprogress(?:ed)? (?:from|since)\b|\bgetting (?:better|worse)\b|\bimprov(?:e|ed|ing) (?:since|from|between)\b|\bboth (?:letters|visits)\b|\beach (?:letter|visit)\b|\bacross (?:the )?(?:letters|visits)\b|\bfirst and\b|\bthen and now\b|\bboth\b.*\band\b/.test(
      q,
    ) || /\b(19|20)\d\d\b.*\b(19|20)\d\d\b/.test(q);
  const wantsGrade = /\bgraded?\b|\bgrades\b|\bjudge?ments?\b|\bjudged\b|\brated\b|\bratings?\b|\boverall effectiveness\b/.test(q);
  const wantsSummary =
    /\bsumm(?:ar(?:y|is|iz)\w*)|\boverview\b|\bgist\b|\bheadlines?\b|\b(?:main|key|overall) (?:findings|points|messages|conclusions)\b|\bin (?:brief|short)\b|\bwhat did (?:the )?(?:letter|report|inspectors?|ofsted) (?:find|say|conclude)\b(?!\s+(?:about|on|regarding|of|in relation to)\b)/.test(
      q,
    );
  const asksImprovements = ASKS_WHAT_TO_IMPROVE.test(q);
  const wantsWeaknesses =
    asksImprovements ||
    /\bproblems?\b|\bweakness\w*|\bshortcomings?\b|\bwhat (?:is|was|went|goes) (?:wrong|badly|poorly)\b|\bworr(?:y|ies|ying)\b|\bnot (?:working|good enough)\b|\bconcerns?\b/.test(
      q,
    );
  const wantsStrengths = /\bgoing well\b|\bstrengths?\b|\bwhat (?:works|is working|worked)\b|\bdoing well\b|\bgood (?:practice|things|news)\b|\bpositives?\b|\bwent well\b/.test(q);
  const wantsCount = /\bhow many\b|\bnumber of\b|\bwhat (?:percentage|proportion|share)\b/.test(q);
  const wantsDuration = /\bhow many (?:days|weeks|months|years|hours)\b|\bhow long\b/.test(q);
  const wantsRecipient = /\baddressed\b|\brecipient\b|\bsent to\b|\bwritten to\b|\bto whom\b|\bdear\b/.test(q);
  return {
    wantsFrontMatter,
    comparesVisits,
    wantsNumber,
    wantsCount,
    wantsDuration,
    wantsDate,
    wantsPerson,
    wantsRecipient,
    wantsGrade,
    wantsSummary,
    wantsWeaknesses,
    asksImprovements,
    wantsStrengths,
  };
}
