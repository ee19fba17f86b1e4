import { authorityName, KIND_LABELS, kindLabel } from './corpus-summary.js';
import { el } from './dom.js';
import { formatDate } from './format.js';

/**
 * @import { LetterSummary } from '../../../src/server/letter-shapes.js'
 * @import { AnswerBody } from './answer-stream.js'
 */
/**
 * The letters, authority, kind and dates a question is asked within; '' is no bound.
 * @typedef {{ letterIds: string[], from: string, to: string, authority?: string, kind?: '' | keyof typeof KIND_LABELS }} Filters
 */
/** @typedef {{ key: string, label: string, title: string }} Chip */

/**
 * Chips describing a filter set (letters by date and visit, then dates).
 * @param {Filters} filters
 * @param {Map<string, LetterSummary>} lettersById
 * @returns {Chip[]}
 */
export function filterChips(filters, lettersById) {
  const chips = filters.letterIds.map((id) => {
    const letter = lettersById.get(id);
    const visit = Number.isInteger(letter?.visitNumber) ? ` · visit ${letter?.visitNumber}` : '';
    return { key: `letter:${id}`, label: letter ? `${formatDate(letter.date, 'short')}${visit}` : id, title: letter?.title ?? id };
  });
  if (filters.authority) chips.push({ key: 'authority', label: filters.authority, title: 'Letters about this authority' });
  if (filters.kind) chips.push({ key: 'kind', label: kindLabel(filters.kind) ?? filters.kind, title: 'Documents of this kind' });
  if (filters.from) chips.push({ key: 'from', label: `From ${formatDate(filters.from, 'short')}`, title: 'Letters dated on or after' });
  if (filters.to) chips.push({ key: 'to', label: `To ${formatDate(filters.to, 'short')}`, title: 'Letters dated on or before' });
  return chips;
}

/**
 * The filter fields of an /api/answer request; empty filters are left out.
 * @param {Filters} filters
 */
export function filterFields(filters) {
  /** @type {Pick<AnswerBody, 'letterIds' | 'from' | 'to' | 'authority' | 'kind'>} */
  const fields = {};
  if (filters.letterIds.length) fields.letterIds = [...filters.letterIds];
  if (filters.authority) fields.authority = filters.authority;
  if (filters.kind) fields.kind = filters.kind;
  if (filters.from) fields.from = filters.from;
  if (filters.to) fields.to = filters.to;
  return fields;
}

/** @param {Partial<Filters>} f @returns {Filters} */
const copyOf = (f) => ({ letterIds: [...(f.letterIds ?? [])], from: f.from ?? '', to: f.to ?? '', authority: f.authority ?? '', kind: f.kind ?? '' });

/**
 * The filter panel (an authority, a kind of document, letters as checkboxes, a date range) and
 * the removable chips above the question box. Calls onChange with a copy of the filters after every change.
 * @param {{ panel: HTMLElement, toggle: HTMLElement, count: HTMLElement | null, list: HTMLElement, fromInput: HTMLInputElement, toInput: HTMLInputElement, authorityInput: HTMLInputElement, authorityChoices: HTMLElement, kindSelect: HTMLSelectElement, clearButton: HTMLElement, doneButton: HTMLElement, chips: HTMLElement }} parts
 * @param {Filters} initial
 * @param {(filters: Filters) => void} onChange
 */
export function createFilters(parts, initial, onChange) {
  const { panel, toggle, count, list, fromInput, toInput, authorityInput, authorityChoices, kindSelect, clearButton, doneButton, chips } = parts;
  let filters = copyOf(initial);
  /** @type {Map<string, LetterSummary>} */
  let lettersById = new Map();

  const changed = () => {
    renderChips();
    syncInputs();
    onChange(get());
  };

  /** @returns {Filters} */
  function get() {
    return copyOf(filters);
  }

  /** @param {Partial<Filters>} next */
  function set(next) {
    filters = copyOf(next);
    changed();
  }

  /** @param {string} key */
  function remove(key) {
    if (key === 'from') filters.from = '';
    else if (key === 'to') filters.to = '';
    else if (key === 'authority') filters.authority = '';
    else if (key === 'kind') filters.kind = '';
    else filters.letterIds = filters.letterIds.filter((id) => `letter:${id}` !== key);
    changed();
  }

  function renderChips() {
    chips.replaceChildren(
      ...filterChips(filters, lettersById).map((chip) =>
        el(
          'li',
          { class: 'chip', title: chip.title },
          el('span', { class: 'chip-label' }, chip.label),
          el('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove filter ${chip.label}`, onclick: () => remove(chip.key) }, '×'),
        ),
      ),
    );
    chips.hidden = chips.childElementCount === 0;
    if (count) {
      count.textContent = String(chips.childElementCount);
      count.hidden = chips.childElementCount === 0;
    }
    toggle.setAttribute('aria-label', chips.childElementCount ? `Filter letters (${chips.childElementCount} active)` : 'Filter letters');
  }

  function syncInputs() {
    for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (list.querySelectorAll('input[type=checkbox]'))) box.checked = filters.letterIds.includes(box.value);
    fromInput.value = filters.from;
    toInput.value = filters.to;
    authorityInput.value = filters.authority ?? '';
    kindSelect.value = filters.kind ?? '';
    // With an authority or kind chosen, the letters to tick are theirs only.
    const wanted = (filters.authority ?? '').trim().toLowerCase();
    for (const row of /** @type {NodeListOf<HTMLElement>} */ (list.querySelectorAll('.filter-letter'))) {
      const letter = lettersById.get(row.dataset.letter ?? '');
      const names = [letter?.place, letter?.authority].filter(Boolean).map((n) => String(n).toLowerCase());
      row.hidden = !!letter && ((wanted !== '' && !names.includes(wanted)) || (!!filters.kind && letter.kind !== filters.kind));
    }
  }

  /** @param {LetterSummary[]} letters */
  function setLetters(letters) {
    lettersById = new Map(letters.map((l) => [l.id, l]));
    filters.letterIds = filters.letterIds.filter((id) => lettersById.has(id));
    const byAuthority = [...letters].sort((a, b) => authorityName(a).localeCompare(authorityName(b), 'en-GB') || (b.date ?? '').localeCompare(a.date ?? ''));
    list.replaceChildren(
      ...byAuthority.map((letter) =>
        el(
          'label',
          { class: 'filter-letter', 'data-letter': letter.id },
          el('input', { type: 'checkbox', name: 'letter', value: letter.id }),
          el('span', { class: 'filter-letter-date' }, formatDate(letter.date)),
          el(
            'span',
            { class: 'filter-letter-meta' },
            [kindLabel(letter.kind), Number.isInteger(letter.visitNumber) ? `Visit ${letter.visitNumber}` : null, authorityName(letter)].filter(Boolean).join(' · '),
          ),
        ),
      ),
    );
    const authorities = [...new Set(letters.map(authorityName).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'en-GB'));
    authorityChoices.replaceChildren(...authorities.map((a) => el('option', { value: a })));
    if (!letters.length) list.replaceChildren(el('p', { class: 'muted' }, 'No letters in the corpus.'));
    changed();
  }

  /** @param {boolean} show */
  function open(show) {
    panel.hidden = !show;
    toggle.setAttribute('aria-expanded', String(show));
    if (show) (list.querySelector('input') ?? fromInput).focus();
  }

  list.addEventListener('change', (e) => {
    const box = e.target;
    if (!(box instanceof HTMLInputElement)) return;
    filters.letterIds = box.checked ? [...new Set([...filters.letterIds, box.value])] : filters.letterIds.filter((id) => id !== box.value);
    changed();
  });
  authorityInput.addEventListener('change', () => {
    filters.authority = authorityInput.value.trim();
    changed();
  });
  kindSelect.addEventListener('change', () => {
    filters.kind = /** @type {Filters['kind']} */ (kindSelect.value);
    changed();
  });
  fromInput.addEventListener('change', () => {
    filters.from = fromInput.value;
    changed();
  });
  toInput.addEventListener('change', () => {
    filters.to = toInput.value;
    changed();
  });
  toggle.addEventListener('click', () => open(panel.hidden));
  doneButton.addEventListener('click', () => {
    open(false);
    toggle.focus();
  });
  clearButton.addEventListener('click', () => set({}));
  panel.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    open(false);
    toggle.focus();
  });

  renderChips();
  return { get, set, setLetters, open, lettersById: () => lettersById };
}
