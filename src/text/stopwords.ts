// Function words plus words that occur in nearly every paragraph of these letters and so
// carry no signal for retrieval (e.g. "children", "local", "authority" stay: they are topical).
// Entries are words as analyze.ts's words() gives them: lower-case, "'s" dropped, other
// apostrophes removed, so "don't" is "dont" and "it's" is "it". Contractions that would then read
// as a content word are left out: we'll (well), i'll (ill), she'll (shell), she'd (shed),
// he'll (hell), we'd (wed), i'd (id), let's (let).
export const STOPWORDS = new Set(
  `a about above after again against all am an and any are arent as at be because been before being below between
both but by can cant cannot could couldnt did didnt do does doesnt doing dont down during each few for from
further had hadnt has hasnt have havent having he hed her here hers herself him himself his how i im ive if in
into is isnt it its itself me more most mustnt my myself no nor not of off on once only or other ought our
ours ourselves out over own same shant she should shouldnt so some such than that the their theirs them
themselves then there these they theyd theyll theyre theyve this those through to too under until up very was
wasnt we weve were werent what when where which while who whom why with wont would wouldnt you youd youll
youre youve your yours yourself yourselves also however tell please done us many much`
    .split(/\s+/)
    .filter(Boolean),
);
