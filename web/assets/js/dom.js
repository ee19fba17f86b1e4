/**
 * Builds DOM from data without ever parsing it as HTML: strings become text nodes and
 * attributes go through setAttribute. Letter and model text is untrusted; this is the only
 * way it reaches the page.
 */

/** @typedef {Node | string | number | boolean | null | undefined} Leaf Nodes as they are, anything else as text; null, undefined and false are left out. */
/** @typedef {Leaf | readonly Leaf[]} Child One level of arrays is flattened. */
/** @typedef {{ onclick?: (e: MouseEvent) => void, [attribute: string]: unknown }} Props Attributes, `class`, `text`, and on* listeners. */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = /** @type {string} */ (value);
    else if (key === 'text') node.textContent = /** @type {string} */ (value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/**
 * @template {ParentNode} N
 * @param {N} node
 * @param {readonly Child[]} children
 * @returns {N}
 */
export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : textNode(String(child)));
  }
  return node;
}

/** Characters that reorder the text around them (overrides, embeddings, isolates, marks). */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_CONTROLS = /([\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069])/;

/**
 * Text as it is, except that a bidi control character is shown, not obeyed: a letter with
 * U+202E in it would otherwise display "\u202eevil\u202c" as "live". Each one sits in its own
 * isolated span (its effect ends there), labelled with its code point by the stylesheet; the
 * character itself stays, so textContent and every offset are the stored text's.
 * @param {string} text
 * @returns {Node}
 */
export function textNode(text) {
  if (!BIDI_CONTROL.test(text)) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  for (const part of text.split(BIDI_CONTROLS)) {
    if (!part) continue;
    if (!BIDI_CONTROL.test(part)) {
      fragment.append(part);
      continue;
    }
    const code = (part.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    const mark = document.createElement('span');
    mark.className = 'bidi-control';
    mark.dataset.code = `U+${code}`;
    mark.title = `direction control character U+${code}, shown instead of applied`;
    mark.textContent = part;
    fragment.append(mark);
  }
  return fragment;
}

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page is missing #${id}`);
  return node;
}

/** @param {string} message */
export function announce(message) {
  const status = document.getElementById('status');
  if (!status) return;
  // Clearing first makes screen readers repeat a message that did not change.
  status.textContent = '';
  requestAnimationFrame(() => {
    status.textContent = message;
  });
}
