/** What a question asks for, read from its wording. Drives ranking and sentence choice. */
export interface QueryIntent {
  /** Names, dates, addresses, signatures: the letterhead and sign-off may hold the answer. */
  wantsFrontMatter: boolean;
  /** Comparison or change across visits: draw from several letters, oldest first. */
  comparesVisits: boolean;
  wantsNumber: boolean;
  wantsDate: boolean;
  wantsPerson: boolean;
  /** An inspection grade: "What grade did Bolton get?", "How was Enfield judged?". */
  wantsGrade: boolean;
}

export function readIntent(question: string): QueryIntent {
  const q = question.toLowerCase();
  const wantsPerson = /\bwho\b|\bwhose\b|\bname[sd]?\b|\bsigned\b|\baddressed\b|\brecipient\b/.test(q);
  const wantsDate = /\bwhen\b|\bwhat date\b|\bwhich date\b|\bdated?\b|\bwhat day\b|\byear\b/.test(q);
  const wantsNumber = /\bhow many\b|\bhow much\b|\bnumber of\b|\bwhat (?:percentage|proportion|rate)\b|\bpercent|\brate\b|\bhow often\b/.test(q);
  const wantsFrontMatter = wantsPerson || /\bwhen was (?:the|this) letter\b|\baddress\b|\bsent to\b|\bwrote\b|\bwritten\b|\bletter dated\b/.test(q);
  const comparesVisits =
    /\bcompar|\bchang(?:e|ed|es|ing)\b|\bsince\b|\bbetween\b|\bover time\b|\bprogress(?:ed)? (?:from|since)\b|\bgetting (?:better|worse)\b|\bimprov(?:e|ed|ing) (?:since|from|between)\b|\bboth (?:letters|visits)\b|\beach (?:letter|visit)\b|\bacross (?:the )?(?:letters|visits)\b|\bfirst and\b|\bthen and now\b/.test(
      q,
    ) || /\b(19|20)\d\d\b.*\b(19|20)\d\d\b/.test(q);
  const wantsGrade = /\bgraded?\b|\bgrades\b|\bjudge?ments?\b|\bjudged\b|\brated\b|\bratings?\b|\boverall effectiveness\b/.test(q);
  return { wantsFrontMatter, comparesVisits, wantsNumber, wantsDate, wantsPerson, wantsGrade };
}
