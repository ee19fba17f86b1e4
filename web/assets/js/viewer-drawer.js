/**
 * Opens letter links (a[data-viewer]) in a side panel beside the chat, so checking a source
 * keeps the conversation in view. Modified clicks (new tab, new window) keep the browser's way.
 * @param {{ drawer: HTMLElement, frame: HTMLIFrameElement, title: HTMLElement, openLink: HTMLAnchorElement, closeButton: HTMLElement }} parts
 */
export function installViewer({ drawer, frame, title, openLink, closeButton }) {
  /** @type {HTMLElement | null} */
  let returnFocus = null;

  /**
   * @param {string} href
   * @param {HTMLElement} from
   */
  function open(href, from) {
    returnFocus = from;
    title.textContent = from.dataset.viewer || 'Letter';
    openLink.href = href;
    frame.src = href;
    drawer.hidden = false;
    document.body.classList.add('has-viewer');
    closeButton.focus();
  }

  function close() {
    if (drawer.hidden) return;
    drawer.hidden = true;
    document.body.classList.remove('has-viewer');
    if (returnFocus?.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (e.key === 'Escape' && !drawer.hidden) {
      e.preventDefault();
      close();
    }
  };

  document.addEventListener('click', (e) => {
    /** @type {HTMLAnchorElement | null} */
    const link = e.target instanceof Element ? e.target.closest('a[data-viewer]') : null;
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    // The selector picks links, and every a[data-viewer] the page draws has an href.
    open(/** @type {string} */ (link.getAttribute('href')), link);
  });
  closeButton.addEventListener('click', close);
  document.addEventListener('keydown', onKey);
  // Same origin: Escape pressed inside the letter closes the panel too.
  frame.addEventListener('load', () => frame.contentDocument?.addEventListener('keydown', onKey));

  return { open, close, isOpen: () => !drawer.hidden };
}
