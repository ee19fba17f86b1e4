import { apiHeaders } from './api.js';
import { el } from './dom.js';

/**
 * @typedef {{ name: string, status: 'added' | 'replaced' | 'unchanged' | 'duplicate' | 'failed', reason?: string, id?: string }} UploadOutcome
 * @typedef {{ letters?: UploadOutcome[], error?: { message?: string } }} UploadBody
 */

export const ACCEPTED = ['.pdf', '.txt', '.md'];

const STATUS_WORDS = /** @type {const} */ ({ added: 'Added', replaced: 'Replaced', unchanged: 'Unchanged', duplicate: 'Duplicate', failed: 'Refused' });

/**
 * POST /api/letters with every file in one request (so the server reindexes once), reporting the
 * bytes sent; resolves with the server's per-file outcomes, or rejects with what went wrong.
 * @param {File[]} files
 * @param {(sent: number, total: number) => void} onProgress
 * @returns {Promise<{ status: number, body: UploadBody }>}
 */
function post(files, onProgress) {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/letters');
    for (const [k, v] of Object.entries(apiHeaders({ accept: 'application/json' }))) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    xhr.addEventListener('load', () => {
      /** @type {UploadBody} */
      let body = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON (a proxy's page): the status says enough.
      }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener('error', () => reject(new Error('could not reach the server')));
    xhr.addEventListener('abort', () => reject(new Error('the upload was cancelled')));
    xhr.send(form);
  });
}

/**
 * The "Add letters" area: a file button and a drop zone for PDF/TXT/MD files (several at once),
 * and a line per file with its progress, then its outcome. Calls onDone after an upload that
 * changed the corpus, when the new letters can already be asked about.
 * @param {{ zone: HTMLElement, input: HTMLInputElement, list: HTMLElement }} parts
 * @param {() => void} onDone
 */
export function installUpload({ zone, input, list }, onDone) {
  let busy = false;

  /** @param {File[]} files */
  async function upload(files) {
    if (busy || !files.length) return;
    busy = true;
    zone.classList.add('is-busy');
    const rows = files.map((f) => {
      const bar = el('progress', { max: '100', value: '0', 'aria-label': `Uploading ${f.name}` });
      const state = el('span', { class: 'upload-state' }, 'Waiting…');
      const row = el('li', { class: 'upload-row', 'data-status': 'uploading' }, el('span', { class: 'upload-name' }, f.name), bar, state);
      return { file: f, row, bar, state };
    });
    list.replaceChildren(...rows.map((r) => r.row));
    // Each file's share of the request: its bar fills as the bytes before and of it are sent.
    const total = files.reduce((n, f) => n + f.size, 0) || 1;
    const onProgress = (/** @type {number} */ sent, /** @type {number} */ all) => {
      const scale = all ? total / all : 1;
      let before = 0;
      for (const r of rows) {
        const done = Math.max(0, Math.min(1, (sent * scale - before) / (r.file.size || 1)));
        r.bar.value = Math.round(done * 100);
        r.state.textContent = done >= 1 ? 'Sent, reading…' : done > 0 ? `Sending ${Math.round(done * 100)}%` : 'Waiting…';
        before += r.file.size;
      }
    };
    try {
      const { status, body } = await post(files, onProgress);
      const outcomes = body.letters ?? [];
      if (!outcomes.length) throw new Error(body.error?.message ?? `the server answered HTTP ${status}`);
      rows.forEach((r, i) => {
        const o = outcomes[i];
        r.bar.remove();
        r.row.dataset.status = o?.status ?? 'failed';
        r.state.replaceChildren(el('strong', {}, o ? STATUS_WORDS[o.status] : 'Refused'), o?.status === 'failed' ? `: ${o.reason ?? 'not accepted'}` : o?.id ? ` as ${o.id}` : '');
      });
      if (outcomes.some((o) => o.status === 'added' || o.status === 'replaced')) onDone();
    } catch (err) {
      for (const r of rows) {
        r.bar.remove();
        r.row.dataset.status = 'failed';
        r.state.textContent = `Not uploaded: ${err instanceof Error ? err.message : String(err)}`;
      }
    } finally {
      busy = false;
      zone.classList.remove('is-busy');
      input.value = '';
    }
  }

  input.addEventListener('change', () => upload([...(input.files ?? [])]));
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('is-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('is-over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('is-over');
    upload([...(e.dataTransfer?.files ?? [])]);
  });
  return { upload };
}
