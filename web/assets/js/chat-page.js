import { HttpError, NetworkError, fetchLetters } from './api.js';
import { StreamBrokenError, streamAnswer } from './answer-stream.js';
import { clearTurns, loadFilters, loadTurns, saveFilters, saveTurns } from './conversation-store.js';
import { announce, byId } from './dom.js';
import { createFilters, filterFields } from './filters.js';
import { formatDate } from './format.js';
import { answerAsPlainText, copyText } from './plain-text.js';
import { installQuoteTips } from './quote-tip.js';
import { createTurnView } from './turn-view.js';
import { installViewer } from './viewer-drawer.js';

/** With no event for this long the request counts as stuck and is dropped with an error and a retry. */
const IDLE_TIMEOUT_MS = 60_000;
/** Follow-ups send the last few exchanges, enough for "what about the earlier visit?". */
const HISTORY_TURNS = 3;

const ui = {
  main: byId('main'),
  welcome: byId('welcome'),
  summary: byId('corpus-summary'),
  conversation: byId('conversation'),
  form: byId('composer'),
  question: byId('question'),
  send: byId('send'),
  stop: byId('stop'),
  newChat: byId('new-chat'),
};

const state = { turns: loadTurns(), lettersById: new Map(), running: null };
const views = new Map();

const filters = createFilters(
  {
    panel: byId('filter-panel'),
    toggle: byId('filter-toggle'),
    count: byId('filter-count'),
    list: byId('filter-letter-list'),
    fromInput: byId('filter-from'),
    toInput: byId('filter-to'),
    clearButton: byId('filter-clear'),
    doneButton: byId('filter-done'),
    chips: byId('chips'),
  },
  loadFilters(),
  saveFilters,
);

const viewer = installViewer({ drawer: byId('viewer'), frame: byId('viewer-frame'), title: byId('viewer-title'), openLink: byId('viewer-open'), closeButton: byId('viewer-close') });
installQuoteTips(ui.conversation, byId('quote-tip'));

const viewContext = {
  lettersById: () => state.lettersById,
  onRetry: (turn) => run(turn),
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

function addView(turn) {
  const view = createTurnView(turn, viewContext);
  views.set(turn.id, view);
  ui.conversation.append(view.root);
  ui.welcome.hidden = true;
}

const nearBottom = () => ui.main.scrollHeight - ui.main.scrollTop - ui.main.clientHeight < 120;
const scrollToBottom = () => ui.main.scrollTo({ top: ui.main.scrollHeight });

function historyBefore(turn) {
  const earlier = state.turns.slice(0, state.turns.indexOf(turn)).filter((t) => t.status === 'done' && t.answer?.answer);
  return earlier.slice(-HISTORY_TURNS).flatMap((t) => [
    { role: 'user', content: t.question.slice(0, 2000) },
    { role: 'assistant', content: t.answer.answer.slice(0, 2000) },
  ]);
}

function describeError(err, reason) {
  if (reason === 'timeout') return { title: 'No reply from the server', message: `Nothing arrived for ${IDLE_TIMEOUT_MS / 1000} seconds, so the request was dropped.` };
  if (err instanceof NetworkError) return { title: 'Could not reach the server', message: 'Check that the server is running and you are connected, then retry.' };
  if (err instanceof HttpError && err.status < 500) return { title: 'The question was not accepted', message: `${err.message} (HTTP ${err.status})` };
  if (err instanceof HttpError) return { title: 'The server hit a problem', message: `${err.message} (HTTP ${err.status})` };
  if (err instanceof StreamBrokenError) return { title: 'The answer was cut off', message: 'The connection closed before the answer was complete.' };
  return { title: 'Something went wrong', message: err instanceof Error ? err.message : String(err) };
}

function setBusy(busy) {
  const stopHadFocus = document.activeElement === ui.stop;
  ui.send.hidden = busy;
  ui.stop.hidden = !busy;
  ui.form.classList.toggle('is-busy', busy);
  if (!busy && stopHadFocus) ui.question.focus();
}

async function run(turn) {
  if (state.running) return;
  const view = views.get(turn.id);
  const controller = new AbortController();
  const running = { turn, controller, reason: null };
  state.running = running;
  Object.assign(turn, { status: 'streaming', text: '', citations: [], answer: null, error: null });
  saveTurns(state.turns);
  view.update(turn);
  setBusy(true);
  scrollToBottom();

  let idle = 0;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      running.reason = 'timeout';
      controller.abort();
    }, IDLE_TIMEOUT_MS);
  };
  touch();
  try {
    const request = { question: turn.question, ...filterFields(turn.filters), history: historyBefore(turn) };
    for await (const event of streamAnswer(request, controller.signal)) {
      touch();
      const follow = nearBottom();
      if (event.type === 'citations') turn.citations = event.citations;
      else if (event.type === 'delta') turn.text += event.text;
      else if (event.type === 'done') Object.assign(turn, { status: 'done', answer: event.answer, text: event.answer.answer ?? turn.text, citations: event.answer.citations ?? [] });
      else if (event.type === 'error') Object.assign(turn, { status: 'error', error: { title: 'The server could not finish this answer', message: event.message } });
      view.update(turn, event.type === 'delta' ? 'text' : 'all');
      if (follow) scrollToBottom();
    }
  } catch (err) {
    if (running.reason === 'stop') turn.status = 'stopped';
    else Object.assign(turn, { status: 'error', error: describeError(err, running.reason) });
  } finally {
    clearTimeout(idle);
    state.running = null;
    saveTurns(state.turns);
    view.update(turn);
    setBusy(false);
    announce(turn.status === 'done' ? (turn.answer?.found === false ? 'The letters do not cover this question.' : 'Answer complete.') : turn.status === 'stopped' ? 'Stopped.' : `Error: ${turn.error?.title}`);
  }
}

function ask(question) {
  const text = question.trim();
  if (!text || state.running) return;
  const turn = { id: `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`, question: text, filters: filters.get(), status: 'streaming', text: '', citations: [], answer: null, error: null };
  state.turns.push(turn);
  addView(turn);
  ui.question.value = '';
  fitQuestionBox();
  run(turn);
}

function stop() {
  if (!state.running) return;
  state.running.reason = 'stop';
  state.running.controller.abort();
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
    const dates = letters.map((l) => l.date).filter(Boolean).sort();
    const authorities = [...new Set(letters.map((l) => l.authority).filter(Boolean))];
    ui.summary.textContent = letters.length
      ? `${letters.length} letter${letters.length === 1 ? '' : 's'}${authorities.length === 1 ? ` about ${authorities[0]}` : ''}${dates.length ? `, ${formatDate(dates[0])} to ${formatDate(dates.at(-1))}` : ''}.`
      : 'There are no letters in the corpus yet.';
    const preset = new URLSearchParams(location.search).get('letter');
    if (preset && state.lettersById.has(preset)) filters.set({ letterIds: [preset], from: '', to: '' });
    if (preset) history.replaceState(null, '', '/');
    if (state.turns.length) renderConversation();
  } catch (err) {
    ui.summary.textContent = err instanceof NetworkError ? 'Could not reach the server to list the letters.' : 'The list of letters could not be loaded; filters are unavailable.';
    byId('filter-toggle').disabled = true;
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
