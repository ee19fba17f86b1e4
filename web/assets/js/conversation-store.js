/**
 * The conversation and the current filters, kept in localStorage so a reload loses nothing.
 * Storage can be full, disabled or hold something stale: then the page still works, from empty.
 */

/**
 * @import { Filters } from './filters.js'
 * @import { Turn } from './turn-runner.js'
 */

const TURNS_KEY = 'letters-assistant:conversation:v1';
const FILTERS_KEY = 'letters-assistant:filters:v1';

/**
 * @param {string} key
 * @returns {any} what was stored, unchecked: the callers check what they use
 */
function read(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} key
 * @param {unknown} value
 */
function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: keep going without persistence.
  }
}

const isTurn = (/** @type {any} */ t) => t && typeof t === 'object' && typeof t.id === 'string' && typeof t.question === 'string';

/** @returns {Turn[]} */
export function loadTurns() {
  const stored = read(TURNS_KEY);
  const turns = Array.isArray(stored?.turns) ? stored.turns.filter(isTurn) : [];
  // A turn still streaming when the page went away will never finish.
  for (const turn of turns) {
    if (turn.status === 'streaming') {
      turn.status = 'error';
      turn.error = { title: 'This answer was interrupted', message: 'The page was closed or reloaded while the answer was arriving.' };
    }
  }
  return turns;
}

/** @param {Turn[]} turns */
export function saveTurns(turns) {
  write(TURNS_KEY, { version: 1, turns });
}

export function clearTurns() {
  try {
    localStorage.removeItem(TURNS_KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}

/** @returns {Filters} */
export function loadFilters() {
  const stored = read(FILTERS_KEY);
  return {
    letterIds: Array.isArray(stored?.letterIds) ? stored.letterIds.filter((/** @type {unknown} */ id) => typeof id === 'string') : [],
    from: typeof stored?.from === 'string' ? stored.from : '',
    to: typeof stored?.to === 'string' ? stored.to : '',
    authority: typeof stored?.authority === 'string' ? stored.authority : '',
    kind: ['monitoring visit', 'focused visit', 'inspection'].includes(stored?.kind) ? stored.kind : '',
  };
}

/** @param {Filters} filters */
export function saveFilters(filters) {
  write(FILTERS_KEY, filters);
}
