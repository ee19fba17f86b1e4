import { fetchLetters, HttpError, needsToken } from './api.js';
import { byId, el } from './dom.js';
import { formatDate, letterUrl } from './format.js';
import { tokenForm } from './token-form.js';

/** @import { LetterSummary } from '../../../src/server/letter-shapes.js' */

const list = byId('letters');

/** @param {LetterSummary} letter */
function letterItem(letter) {
  const visit = Number.isInteger(letter.visitNumber) ? `Visit ${letter.visitNumber}` : null;
  const details = [letter.authority, visit, `${letter.paragraphs} paragraphs`].filter(Boolean).join(' · ');
  return el(
    'li',
    { class: 'letter-card' },
    el('p', { class: 'letter-card-date' }, formatDate(letter.date)),
    el('h2', { class: 'letter-card-title' }, el('a', { href: letterUrl(letter.id) }, letter.title ?? letter.id)),
    el('p', { class: 'muted' }, details),
    el('p', { class: 'letter-card-actions' }, el('a', { href: `/?letter=${encodeURIComponent(letter.id)}` }, 'Ask about this letter →')),
  );
}

async function main() {
  try {
    const letters = await fetchLetters();
    list.replaceChildren(
      letters.length
        ? el('ol', { class: 'letter-cards' }, letters.map(letterItem))
        : el('p', { class: 'muted' }, 'No letters yet: add .txt or .md files to the corpus folder and restart.'),
    );
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

main();
