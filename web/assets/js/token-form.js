import { savedToken, saveToken } from './api.js';
import { el } from './dom.js';

let forms = 0;

/**
 * Asks for the server's API token (a server started with API_TOKEN refuses /api/* without it),
 * keeps it in localStorage for every page of this site, then calls onSaved.
 * @param {() => void} onSaved
 */
export function tokenForm(onSaved) {
  const id = `api-token-${++forms}`;
  const input = el('input', { id, type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const form = el(
    'form',
    { class: 'token-form' },
    el('label', { for: id }, savedToken() ? 'The saved access token was refused. Access token' : 'Access token'),
    el('div', { class: 'token-row' }, input, el('button', { type: 'submit', class: 'button primary small' }, 'Save and retry')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return input.focus();
    saveToken(token);
    onSaved();
  });
  return form;
}
