import { GRADE_PATTERN, GRADES, type Grade } from '../../text/grades.js';
import { normalizeText } from '../../text/normalize.js';

/** One row of an inspection report's judgement table. */
export interface Judgement {
  area: string;
  grade: Grade;
}

// Case-sensitive: in the table a grade starts with a capital, while "good" is an ordinary word.
const GRADE = new RegExp(`\\b(${GRADE_PATTERN})\\b`, 'g');
const HAS_GRADE = new RegExp(`\\b(?:${GRADE_PATTERN})\\b`);
const OVERALL_SENTENCE =
  /\b(?:(?:The overall judgement is|Children['’]s services in .{2,80}? (?:are|is)) (outstanding|good|requires improvement(?: to be good)?|adequate|inadequate)|Children['’]s services in .{2,80}? require (improvement(?: to be good)?))\b/i;
const MAX_ROW_WORDS = 24;

/**
 * The judgement table of an inspection report: the short paragraphs near the top that each hold
 * one area and one grade. PDF text wraps the cells, so a grade may sit inside its area's words
 * ("The impact of leaders on social work Good practice with children and families") or alone
 * between two parts of it; a paragraph with no grade belongs to the next one. The older single
 * inspections give the overall grade in a sentence ("The overall judgement is requires improvement").
 */
export function extractJudgements(raw: string): Judgement[] | null {
  const paragraphs = raw
    .slice(0, 12000)
    .split(/\n\s*\n/)
    .map((p) => normalizeText(p).trim())
    .filter(Boolean);
  const rows: Judgement[] = [];
  let pending = '';
  let started = false;
  for (const p of paragraphs) {
    if (/^Judgement Grade$/.test(p) || /^Judgement$|^Grade$/.test(p)) {
      started = true;
      continue;
    }
    // A cell's last words wrapped below its grade: "2. Children looked after and achieving" "Good" "permanence".
    const last = rows.at(-1);
    if (!pending && last && /^[a-z]/.test(p) && !HAS_GRADE.test(p) && p.split(' ').length <= 6) {
      last.area = cleanArea(`${last.area} ${p}`);
      continue;
    }
    const text = pending ? `${pending} ${p}` : p;
    const row = rowOf(text);
    if (row) {
      rows.push(row);
      pending = '';
      started = true;
      continue;
    }
    const words = text.split(' ').length;
    // A cell without its grade yet, or a grade word split off from its area ("Requires" … "improvement").
    if (words <= MAX_ROW_WORDS && (started || rows.length || /^\d+(?:\.\d+)*\.? |^Requires$/.test(p)) && !/[.:]$/.test(p)) {
      pending = text;
      continue;
    }
    pending = '';
    if (rows.length) break;
  }
  const overall = OVERALL_SENTENCE.exec(normalizeText(raw.slice(0, 12000)));
  if (overall && !rows.some((r) => /^overall effectiveness$/i.test(r.area))) {
    const grade = gradeOf(overall[1] ?? `requires ${overall[2]}`);
    if (grade) rows.push({ area: 'Overall effectiveness', grade });
  }
  return rows.length ? rows : null;
}

function rowOf(text: string): Judgement | null {
  if (text.split(' ').length > MAX_ROW_WORDS + 6 || /[.:]$/.test(text)) return null;
  const split = splitRequires(text);
  if (split) return split;
  const grades = [...text.matchAll(GRADE)];
  if (grades.length !== 1) return null;
  const g = grades[0] as RegExpExecArray;
  let area = cleanArea(`${text.slice(0, g.index)} ${text.slice(g.index + g[0].length)}`);
  let grade = gradeOf(g[1] as string);
  // "Requires improvement" with "to be good" wrapped onto the cell's last line.
  if (grade === 'Requires improvement' && /\bto be good\b/.test(area)) {
    area = cleanArea(area.replace(/\bto be good\b/, ''));
    grade = 'Requires improvement to be good';
  }
  return area && grade ? { area, grade } : null;
}

/**
 * "Requires" set above its area and "improvement to be good" wrapped among the area's words:
 * "Requires 2. Children looked after and achieving improvement to be permanence good".
 */
function splitRequires(text: string): Judgement | null {
  if (!text.startsWith('Requires ')) return null;
  const words = text.split(' ').slice(1);
  if (HAS_GRADE.test(words.join(' '))) return null;
  const at = words.findIndex((w) => w.toLowerCase() === 'improvement');
  if (at < 0) return null;
  const rest = [...words.slice(0, at), ...words.slice(at + 1)];
  const to = rest.findIndex((w, i) => i >= at && w === 'to' && rest[i + 1] === 'be');
  const good = to >= 0 ? rest.findIndex((w, i) => i > to + 1 && w === 'good') : -1;
  const area = good >= 0 ? rest.filter((_, i) => i !== to && i !== to + 1 && i !== good) : rest;
  const cleaned = cleanArea(area.join(' '));
  return cleaned ? { area: cleaned, grade: good >= 0 ? 'Requires improvement to be good' : 'Requires improvement' } : null;
}

function cleanArea(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/^\d+(?:\.\d+)*\.?\s+/, '')
    .trim();
}

function gradeOf(s: string): Grade | null {
  const lower = s.toLowerCase().replace(/^require /, 'requires ');
  return GRADES.find((g) => g.toLowerCase() === lower) ?? null;
}
