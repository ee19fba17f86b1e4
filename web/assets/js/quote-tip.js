import { textNode } from './dom.js';
import { collapseWhitespace } from './format.js';

/**
 * Shows the quoted words beside an [n] link on hover or keyboard focus, and marks its source.
 * @param {HTMLElement} container
 * @param {HTMLElement} tip
 */
export function installQuoteTips(container, tip) {
  /** @type {Element | null} */
  let current = null;

  function hide() {
    if (!current) return;
    document
      .getElementById(/** @type {string} */ (current.getAttribute('aria-describedby')))
      ?.closest('.source')
      ?.classList.remove('is-active');
    current = null;
    tip.hidden = true;
  }

  /** @param {Element} ref */
  function show(ref) {
    if (ref === current) return;
    hide();
    const quote = document.getElementById(ref.getAttribute('aria-describedby') ?? '');
    if (!quote) return;
    current = ref;
    quote.closest('.source')?.classList.add('is-active');
    const where = quote.closest('.source')?.querySelector('.source-where')?.textContent ?? '';
    const label = document.createElement('span');
    label.className = 'quote-tip-where';
    label.textContent = where;
    const text = document.createElement('span');
    text.className = 'quote-tip-text';
    text.append(textNode(`“${collapseWhitespace(quote.textContent)}”`));
    tip.replaceChildren(label, text);
    tip.hidden = false;
    place(ref);
  }

  /** @param {Element} ref */
  function place(ref) {
    const r = ref.getBoundingClientRect();
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const left = Math.min(Math.max(8, r.left + r.width / 2 - width / 2), window.innerWidth - width - 8);
    const below = r.bottom + 8;
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(below + height > window.innerHeight - 8 ? r.top - height - 8 : below)}px`;
  }

  const refOf = (/** @type {EventTarget | null} */ target) => (target instanceof Element ? target.closest('a.ref') : null);
  container.addEventListener('mouseover', (e) => {
    const ref = refOf(e.target);
    if (ref) show(ref);
  });
  container.addEventListener('mouseout', (e) => {
    if (current && refOf(e.target) === current && refOf(e.relatedTarget) !== current && document.activeElement !== current) hide();
  });
  container.addEventListener('focusin', (e) => {
    const ref = refOf(e.target);
    if (ref) show(ref);
    else hide();
  });
  container.addEventListener('focusout', (e) => {
    if (refOf(e.target) === current) hide();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  // The tip is fixed-positioned: follow the link when the conversation scrolls.
  const follow = () => {
    if (current) place(current);
  };
  document.addEventListener('scroll', follow, true);
  window.addEventListener('resize', follow);
}
