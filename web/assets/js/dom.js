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
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
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
