/**
 * Builds DOM from data without ever parsing it as HTML: strings become text nodes and
 * attributes go through setAttribute. Letter and model text is untrusted; this is the only
 * way it reaches the page.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page is missing #${id}`);
  return node;
}

export function announce(message) {
  const status = document.getElementById('status');
  if (!status) return;
  // Clearing first makes screen readers repeat a message that did not change.
  status.textContent = '';
  requestAnimationFrame(() => {
    status.textContent = message;
  });
}
