import { Hono } from 'hono';
import type { Library } from '../store/library.js';
import { notFound } from './app-error.js';
import type { LetterSummary, LetterView } from './letter-shapes.js';

export function lettersRoutes(library: () => Library): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const lib = library();
    return c.json({
      letters: lib.letters.map(
        (l): LetterSummary => ({
          id: l.id,
          title: l.title,
          date: l.date,
          authority: l.authority,
          visitNumber: l.visitNumber,
          paragraphs: lib.chunksOf(l.id).length,
          sha256: l.sha256,
        }),
      ),
    });
  });

  app.get('/:id', (c) => {
    const lib = library();
    const id = c.req.param('id');
    const letter = lib.letter(id);
    if (!letter) throw notFound(`no letter with id "${id}"`);
    const view: LetterView = {
      id: letter.id,
      title: letter.title,
      date: letter.date,
      authority: letter.authority,
      recipient: letter.recipient,
      visitDates: letter.visitDates,
      visitNumber: letter.visitNumber,
      inspectors: letter.inspectors,
      sha256: letter.sha256,
      text: letter.text,
      paragraphs: lib.chunksOf(id).map((p) => ({ n: p.n, start: p.start, end: p.end, section: p.section, kind: p.kind })),
    };
    return c.json(view);
  });

  return app;
}
