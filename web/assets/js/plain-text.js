import { collapseWhitespace, formatDate, letterLabel } from './format.js';
import { citationUrl, claimNote, WEAK } from './render-answer.js';

/**
 * @import { LetterSummary } from '../../../src/server/letter-shapes.js'
 * @import { Turn } from './turn-runner.js'
 */

/**
 * The answer and its sources as plain text for the clipboard: letter, date, paragraph, quote, link.
 * @param {Turn} turn
 * @param {Map<string, LetterSummary>} lettersById
 * @param {string} origin
 */
export function answerAsPlainText(turn, lettersById, origin) {
  const answer = turn.answer;
  const lines = [`Question: ${turn.question}`, '', collapseWhitespace(answer?.answer ?? turn.text ?? '')];
  const citations = answer?.citations ?? turn.citations ?? [];
  if (citations.length) {
    lines.push('', 'Sources:');
    for (const c of citations) {
      const letter = lettersById.get(c.letterId);
      lines.push(
        `[${c.ref}] ${letterLabel(c.letterId, c.letterDate, c.visitNumber, letter)}, paragraph ${c.paragraph}${c.section ? ` (${collapseWhitespace(c.section)})` : ''}`,
        `    “${collapseWhitespace(c.quote)}”`,
        `    ${origin}${citationUrl(c)}`,
      );
    }
  }
  if (answer && answer.found === false) lines.push('', 'The letters do not cover this question.');
  const weak = (answer?.claims ?? []).filter((c) => WEAK.has(c.support));
  if (weak.length) lines.push('', 'Check these sentences:', ...weak.map((c) => `- “${collapseWhitespace(c.text)}”: ${claimNote(c)}`));
  if (answer?.degraded) lines.push('', `The model could not answer (${answer.degraded.reason}); this is the offline answer.`);
  lines.push(
    '',
    `Answered ${answer?.mode === 'llm' ? `by ${answer.model ?? 'a language model'}` : 'offline from the letters'} on ${formatDate(new Date().toISOString().slice(0, 10))}.`,
  );
  return lines.join('\n');
}

/**
 * @param {string} text
 * @returns {Promise<boolean>} whether the text reached the clipboard
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (or an insecure context): fall back to a selected textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
