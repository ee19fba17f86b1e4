/** @import { LetterSummary, LetterView } from '../../../src/server/letter-shapes.js' */

/** The server answered with an error status; code and message come from its {"error":{…}} body. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

/** The request never got an HTTP answer: server down, connection refused or reset. */
export class NetworkError extends Error {
  /** @param {unknown} cause */
  constructor(cause) {
    super('could not reach the server');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

const TOKEN_KEY = 'letters-assistant:api-token';

/** The API token the user entered for a server started with API_TOKEN, if any. */
export function savedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** @param {string} token */
export function saveToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token cannot be kept, requests stay unauthorised.
  }
}

/**
 * Headers for /api/*: the bearer token when one was entered.
 * @param {Record<string, string>} [extra]
 * @returns {Record<string, string>}
 */
export function apiHeaders(extra = {}) {
  const token = savedToken();
  return token ? { ...extra, authorization: `Bearer ${token}` } : extra;
}

export const needsToken = (/** @type {unknown} */ err) => err instanceof HttpError && err.status === 401;

/**
 * @param {Response} response
 * @returns {Promise<HttpError>}
 */
export async function errorFromResponse(response) {
  try {
    const body = await response.json();
    if (body && typeof body.error === 'object' && body.error) {
      return new HttpError(response.status, String(body.error.code ?? 'error'), String(body.error.message ?? response.statusText));
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line below.
  }
  return new HttpError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`);
}

/**
 * The JSON body of a GET, trusted to be the shape the server's routes send.
 * @param {string} url
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<any>}
 */
export async function getJson(url, { signal } = {}) {
  let response;
  try {
    response = await fetch(url, { headers: apiHeaders({ accept: 'application/json' }), signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new NetworkError(err);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

/**
 * GET /api/letters.
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<LetterSummary[]>}
 */
export const fetchLetters = (options) => getJson('/api/letters', options).then((body) => body.letters ?? []);

/**
 * GET /api/letters/:id.
 * @param {string} id
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<LetterView>}
 */
export const fetchLetter = (id, options) => getJson(`/api/letters/${encodeURIComponent(id)}`, options);
