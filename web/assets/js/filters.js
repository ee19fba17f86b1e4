import { el } from './dom.js';
import { formatDate } from './format.js';

/**
 * @import { LetterSummary } from '../../../src/server/letter-shapes.js'
 * @import { AnswerBody } from './answer-stream.js'
 */
/** @typedef {{ letterIds: string[], from: string, to: string }} Filters The letters and dates a question is asked within; '' is no bound. */
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
  if (filters.from) chips.push({ key: 'from', label: `From ${formatDate(filters.from, 'short')}`, title: 'Letters dated on or after' });
  if (filters.to) chips.push({ key: 'to', label: `To ${formatDate(filters.to, 'short')}`, title: 'Letters dated on or before' });
  return chips;
}

/**
 * The filter fields of an /api/answer request; empty filters are left out.
 * @param {Filters} filters
 */
export function filterFields(filters) {
  /** @type {Pick<AnswerBody, 'letterIds' | 'from' | 'to'>} */
  const fields = {};
  if (filters.letterIds.length) fields.letterIds = [...filters.letterIds];
  if (filters.from) fields.from = filters.from;
  if (filters.to) fields.to = filters.to;
  return fields;
}

/**
 * The filter panel (letters as checkboxes, a date range) and the removable chips above the
 * question box. Calls onChange with a copy of the filters after every change.
 * @param {{ panel: HTMLElement, toggle: HTMLElement, count: HTMLElement | null, list: HTMLElement, fromInput: HTMLInputElement, toInput: HTMLInputElement, clearButton: HTMLElement, doneButton: HTMLElement, chips: HTMLElement }} parts
 * @param {Filters} initial
 * @param {(filters: Filters) => void} onChange
 */
export function createFilters(parts, initial, onChange) {
  const { panel, toggle, count, list, fromInput, toInput, clearButton, doneButton, chips } = parts;
  let filters = { letterIds: [...initial.letterIds], from: initial.from, to: initial.to };
  /** @type {Map<string, LetterSummary>} */
  let lettersById = new Map();

  const changed = () => {
    renderChips();
    syncInputs();
    onChange(get());
  };

  /** @returns {Filters} */
  function get() {
    return { letterIds: [...filters.letterIds], from: filters.from, to: filters.to };
  }

  /** @param {{ letterIds: string[], from?: string, to?: string }} next */
  function set(next) {
    filters = { letterIds: [...next.letterIds], from: next.from ?? '', to: next.to ?? '' };
    changed();
  }

  /** @param {string} key */
  function remove(key) {
    if (key === 'from') filters.from = '';
    else if (key === 'to') filters.to = '';
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
  }

  /** @param {LetterSummary[]} letters */
  function setLetters(letters) {
    lettersById = new Map(letters.map((l) => [l.id, l]));
    filters.letterIds = filters.letterIds.filter((id) => lettersById.has(id));
    list.replaceChildren(
      ...letters.map((letter) =>
        el(
          'label',
          { class: 'filter-letter' },
          el('input', { type: 'checkbox', name: 'letter', value: letter.id }),
          el('span', { class: 'filter-letter-date' }, formatDate(letter.date)),
          el('span', { class: 'filter-letter-meta' }, [Number.isInteger(letter.visitNumber) ? `Visit ${letter.visitNumber}` : null, letter.authority].filter(Boolean).join(' · ')),
        ),
      ),
    );
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
  clearButton.addEventListener('click', () => set({ letterIds: [], from: '', to: '' }));
  panel.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    open(false);
    toggle.focus();
  });

  renderChips();
  return { get, set, setLetters, open, lettersById: () => lettersById };
}
