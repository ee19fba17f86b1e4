import { getJson, HttpError, needsToken } from './api.js';
import { authorityName, corpusSummary, KIND_LABELS, kindLabel } from './corpus-summary.js';
import { byId, el } from './dom.js';
import { formatDate, letterUrl } from './format.js';
import { installUpload } from './letter-upload.js';
import { tokenForm } from './token-form.js';

/** @import { LetterSummary } from '../../../src/server/letter-shapes.js' */

const list = byId('letters');
const summary = byId('letters-summary');
const count = byId('letters-count');
const filterForm = byId('letters-filter');
const search = /** @type {HTMLInputElement} */ (byId('letters-search'));
const kindSelect = /** @type {HTMLSelectElement} */ (byId('letters-kind'));
const yearSelect = /** @type {HTMLSelectElement} */ (byId('letters-year'));

/** @type {LetterSummary[]} */
let letters = [];

/** @param {LetterSummary} letter */
function letterItem(letter) {
  const visit = Number.isInteger(letter.visitNumber) ? `Visit ${letter.visitNumber}` : null;
  const details = [kindLabel(letter.kind), letter.grade ? `Overall: ${letter.grade}` : null, visit, `${letter.paragraphs} paragraphs`].filter(Boolean).join(' · ');
  return el(
    'li',
    { class: 'letter-card', 'data-letter': letter.id },
    el('p', { class: 'letter-card-date' }, formatDate(letter.date)),
    el('h3', { class: 'letter-card-title' }, el('a', { href: letterUrl(letter.id) }, letter.title ?? letter.id)),
    el('p', { class: 'letter-card-details muted' }, details),
    el('p', { class: 'letter-card-actions' }, el('a', { href: `/?letter=${encodeURIComponent(letter.id)}` }, 'Ask about this letter →')),
  );
}

const fold = (/** @type {string} */ s) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The letters the search box, kind and year let through. */
function shown() {
  const words = fold(search.value).split(' ').filter(Boolean);
  const kind = kindSelect.value;
  const year = yearSelect.value;
  return letters.filter((l) => {
    const names = fold(`${l.place ?? ''} ${l.authority ?? ''}`);
    return words.every((w) => names.includes(w)) && (!kind || l.kind === kind) && (!year || l.date?.startsWith(year));
  });
}

/** Authorities in name order (documents that name none last), each with its documents newest first. */
function render() {
  const visible = shown();
  /** @type {Map<string, LetterSummary[]>} */
  const groups = new Map();
  for (const l of visible) {
    const key = authorityName(l);
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  const names = [...groups.keys()].sort((a, b) => (!a ? 1 : !b ? -1 : a.localeCompare(b, 'en-GB')));
  count.textContent = visible.length === letters.length ? '' : `Showing ${visible.length} of ${letters.length} documents.`;
  if (!visible.length) {
    list.replaceChildren(el('p', { class: 'muted' }, letters.length ? 'No letter matches the search.' : 'No letters yet.'));
    return;
  }
  list.replaceChildren(
    ...names.map((name) => {
      const docs = (groups.get(name) ?? []).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
      const full = docs.find((d) => d.authority && d.authority !== name)?.authority;
      return el(
        'section',
        { class: 'authority-group', 'data-authority': name || '' },
        el(
          'h2',
          { class: 'authority-name' },
          name || 'Authority not named',
          full ? el('span', { class: 'authority-full' }, ` · ${full}`) : null,
          el('span', { class: 'authority-count' }, ` · ${docs.length} document${docs.length === 1 ? '' : 's'}`),
        ),
        el('ol', { class: 'letter-cards' }, docs.map(letterItem)),
      );
    }),
  );
}

function fillChoices() {
  const kinds = /** @type {(keyof typeof KIND_LABELS)[]} */ (Object.keys(KIND_LABELS)).filter((k) => letters.some((l) => l.kind === k));
  kindSelect.replaceChildren(el('option', { value: '' }, 'All kinds'), ...kinds.map((k) => el('option', { value: k }, KIND_LABELS[k])));
  const years = [...new Set(letters.map((l) => l.date?.slice(0, 4)).filter(Boolean))].sort().reverse();
  yearSelect.replaceChildren(el('option', { value: '' }, 'All years'), ...years.map((y) => el('option', { value: String(y) }, String(y))));
}

async function load() {
  /** @type {{ letters: LetterSummary[], canUpload?: boolean }} */
  const body = await getJson('/api/letters');
  letters = body.letters ?? [];
  summary.textContent = letters.length ? `${corpusSummary(letters)} Grouped by authority, newest first.` : 'No letters yet.';
  fillChoices();
  filterForm.hidden = letters.length === 0;
  byId('upload').hidden = !body.canUpload;
  render();
  if (!letters.length && !body.canUpload) list.replaceChildren(el('p', { class: 'muted' }, 'No letters yet: add .pdf, .txt or .md files to the corpus folder.'));
}

async function main() {
  try {
    await load();
  } catch (err) {
    if (needsToken(err)) {
      list.replaceChildren(
        el('p', {}, 'This server was started with API_TOKEN.'),
        tokenForm(() => location.reload()),
      );
      document.body.dataset.ready = 'true';
      return;
    }
    const message =
      err instanceof HttpError ? `The server could not list the letters: ${err.message}` : 'Could not reach the server. Check that it is running, then reload the page.';
    list.replaceChildren(el('p', { class: 'notice is-error', role: 'alert' }, message));
  }
  document.body.dataset.ready = 'true';
}

for (const input of [search, kindSelect, yearSelect]) input.addEventListener('input', render);
filterForm.addEventListener('submit', (e) => e.preventDefault());
installUpload(
  { zone: byId('drop-zone'), input: /** @type {HTMLInputElement} */ (byId('upload-input')), list: byId('upload-list') },
  () =>
    void load().catch((err) => {
      count.textContent = `The letters were added, but the list could not be refreshed (${err instanceof Error ? err.message : String(err)}): reload the page.`;
    }),
);

main();
