import { fetchLetters, NetworkError, needsToken } from './api.js';
import { clearTurns, loadFilters, loadTurns, saveFilters, saveTurns } from './conversation-store.js';
import { corpusSummary } from './corpus-summary.js';
import { announce, byId } from './dom.js';
import { createFilters } from './filters.js';
import { answerAsPlainText, copyText } from './plain-text.js';
import { installQuoteTips } from './quote-tip.js';
import { historyBefore, startTurn } from './turn-runner.js';
import { createTurnView } from './turn-view.js';
import { installViewer } from './viewer-drawer.js';

/**
 * @import { LetterSummary } from '../../../src/server/letter-shapes.js'
 * @import { Turn } from './turn-runner.js'
 * @import { TurnContext, TurnView } from './turn-view.js'
 */

const ui = {
  main: byId('main'),
  welcome: byId('welcome'),
  summary: byId('corpus-summary'),
  conversation: byId('conversation'),
  form: byId('composer'),
  question: /** @type {HTMLTextAreaElement} */ (byId('question')),
  send: byId('send'),
  stop: byId('stop'),
  newChat: byId('new-chat'),
};

/** @type {{ turns: Turn[], lettersById: Map<string, LetterSummary>, running: ReturnType<typeof startTurn> | null }} */
const state = { turns: loadTurns(), lettersById: new Map(), running: null };
/** @type {Map<string, TurnView>} */
const views = new Map();

const filters = createFilters(
  {
    panel: byId('filter-panel'),
    toggle: byId('filter-toggle'),
    count: byId('filter-count'),
    list: byId('filter-letter-list'),
    fromInput: /** @type {HTMLInputElement} */ (byId('filter-from')),
    toInput: /** @type {HTMLInputElement} */ (byId('filter-to')),
    authorityInput: /** @type {HTMLInputElement} */ (byId('filter-authority')),
    authorityChoices: byId('filter-authorities'),
    kindSelect: /** @type {HTMLSelectElement} */ (byId('filter-kind')),
    clearButton: byId('filter-clear'),
    doneButton: byId('filter-done'),
    chips: byId('chips'),
  },
  loadFilters(),
  saveFilters,
);

const viewer = installViewer({
  drawer: byId('viewer'),
  frame: /** @type {HTMLIFrameElement} */ (byId('viewer-frame')),
  title: byId('viewer-title'),
  openLink: /** @type {HTMLAnchorElement} */ (byId('viewer-open')),
  closeButton: byId('viewer-close'),
});
installQuoteTips(ui.conversation, byId('quote-tip'));

/** @type {TurnContext} */
const viewContext = {
  lettersById: () => state.lettersById,
  onRetry: (turn) => run(turn),
  onTokenSaved: (turn) => {
    loadLetters();
    run(turn);
  },
  onAskAsWritten: (turn) => ask(turn.question, { standalone: true }),
  onCopy: async (turn, button) => {
    const ok = await copyText(answerAsPlainText(turn, state.lettersById, location.origin));
    button.textContent = ok ? 'Copied ✓' : 'Copy failed';
    announce(ok ? 'Answer copied with its sources' : 'Could not copy the answer');
    setTimeout(() => {
      if (button.isConnected) button.textContent = 'Copy answer';
    }, 2000);
  },
};

function renderConversation() {
  views.clear();
  ui.conversation.replaceChildren();
  for (const turn of state.turns) addView(turn);
  ui.welcome.hidden = state.turns.length > 0;
}

/** @param {Turn} turn */
function addView(turn) {
  const view = createTurnView(turn, viewContext);
  views.set(turn.id, view);
  ui.conversation.append(view.root);
  ui.welcome.hidden = true;
}

const nearBottom = () => ui.main.scrollHeight - ui.main.scrollTop - ui.main.clientHeight < 120;
const scrollToBottom = () => ui.main.scrollTo({ top: ui.main.scrollHeight, behavior: 'instant' });
/**
 * Whether the page keeps the newest answer in view: until the user scrolls up to read, and again
 * once they scroll back down. Growth of the answer itself must not count as scrolling away.
 */
const follow = { on: true, lastTop: 0 };
ui.main.addEventListener(
  'scroll',
  () => {
    const top = ui.main.scrollTop;
    if (top < follow.lastTop - 4) follow.on = nearBottom();
    else if (nearBottom()) follow.on = true;
    follow.lastTop = top;
  },
  { passive: true },
);
const keepInView = () => {
  if (follow.on) scrollToBottom();
  follow.lastTop = ui.main.scrollTop;
};

/** @param {boolean} busy */
function setBusy(busy) {
  const stopHadFocus = document.activeElement === ui.stop;
  ui.send.hidden = busy;
  ui.stop.hidden = !busy;
  ui.form.classList.toggle('is-busy', busy);
  if (!busy && stopHadFocus) ui.question.focus();
}

/** @param {Turn} turn */
async function run(turn) {
  if (state.running) return;
  // Looked up each time: the conversation is redrawn when the letters list arrives.
  /** @param {'text' | 'all'} [part] */
  const update = (part) => views.get(turn.id)?.update(turn, part);
  state.running = startTurn(turn, {
    history: historyBefore(state.turns, turn),
    onUpdate: (part) => {
      update(part);
      keepInView();
    },
  });
  saveTurns(state.turns);
  update();
  setBusy(true);
  follow.on = true;
  keepInView();
  await state.running.done;
  state.running = null;
  saveTurns(state.turns);
  update();
  setBusy(false);
  // The finished answer gains its sources and footer: keep its end in view too.
  keepInView();
  announce(
    turn.status === 'done'
      ? turn.answer?.noLetterMatches
        ? 'No letter matches these filters.'
        : turn.answer?.found === false
          ? 'The letters do not cover this question.'
          : 'Answer complete.'
      : turn.status === 'stopped'
        ? 'Stopped.'
        : `Error: ${turn.error?.title}`,
  );
}

/**
 * @param {string} question
 * @param {{ standalone?: boolean }} [options]
 */
function ask(question, options = {}) {
  const text = question.trim();
  if (!text || state.running) return;
  /** @type {Turn} */
  const turn = {
    id: `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`,
    question: text,
    filters: filters.get(),
    status: 'streaming',
    text: '',
    citations: [],
    answer: null,
    error: null,
    ...(options.standalone ? { standalone: true } : {}),
  };
  state.turns.push(turn);
  addView(turn);
  ui.question.value = '';
  fitQuestionBox();
  run(turn);
}

function stop() {
  state.running?.stop();
}

function newChat() {
  stop();
  state.turns = [];
  clearTurns();
  renderConversation();
  ui.question.focus();
  announce('New chat started.');
}

function fitQuestionBox() {
  ui.question.style.height = 'auto';
  ui.question.style.height = `${Math.min(ui.question.scrollHeight, 220)}px`;
}

async function loadLetters() {
  try {
    const letters = await fetchLetters();
    state.lettersById = new Map(letters.map((l) => [l.id, l]));
    filters.setLetters(letters);
    ui.summary.textContent = corpusSummary(letters);
    const preset = new URLSearchParams(location.search).get('letter');
    if (preset && state.lettersById.has(preset)) filters.set({ letterIds: [preset] });
    if (preset) history.replaceState(null, '', '/');
    if (state.turns.length) renderConversation();
    /** @type {HTMLButtonElement} */ (byId('filter-toggle')).disabled = false;
  } catch (err) {
    ui.summary.textContent = needsToken(err)
      ? 'This server needs an access token: ask a question to enter it.'
      : err instanceof NetworkError
        ? 'Could not reach the server to list the letters.'
        : 'The list of letters could not be loaded; filters are unavailable.';
    /** @type {HTMLButtonElement} */ (byId('filter-toggle')).disabled = true;
  }
}

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  ask(ui.question.value);
});
ui.question.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    ask(ui.question.value);
  } else if (e.key === 'Escape' && state.running && !viewer.isOpen()) {
    stop();
  }
});
ui.question.addEventListener('input', fitQuestionBox);
ui.stop.addEventListener('click', stop);
ui.newChat.addEventListener('click', newChat);
for (const button of document.querySelectorAll('.suggestion')) button.addEventListener('click', () => ask(button.textContent ?? ''));

renderConversation();
scrollToBottom();
await loadLetters();
document.body.dataset.ready = 'true';
