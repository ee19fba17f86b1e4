import { readFile } from 'node:fs/promises';
import { seededRng } from './seeded-rng.js';
import { placeOf } from './synthetic-letter.js';

/**
 * The benchmark's questions: the dev set's questions (real phrasing: facts, topics, comparisons,
 * unanswerables), each pointed at one of the synthetic corpus's places instead of Croydon (or at
 * one of `places`, the real corpus's authorities), in a seeded order. `count` questions, cycling
 * through the dev set.
 */
export async function benchQuestions(devSetFile: string, letters: number, count: number, seed: number, places?: string[]): Promise<string[]> {
  const dev = JSON.parse(await readFile(devSetFile, 'utf8')) as { question: string }[];
  const rng = seededRng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const q = (dev[i % dev.length] as { question: string }).question;
    const place = places?.length ? (places[Math.floor(rng() * places.length)] as string) : placeOf(Math.floor(rng() * Math.max(letters, 1)));
    out.push(q.replace(/Croydon/g, place));
  }
  // Shuffle deterministically so no size meets the questions in dev-set order.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}
