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
          kind: l.kind,
          title: l.title,
          date: l.date,
          authority: l.authority,
          place: l.place,
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
    // Everything but the corpus file name, which is the server's business.
    const { file: _file, ...described } = letter;
    const view: LetterView = {
      ...described,
      format: /\.(?:md|markdown)$/i.test(letter.file) ? 'markdown' : 'text',
      paragraphs: lib.chunksOf(id).map((p) => ({ n: p.n, start: p.start, end: p.end, section: p.section, kind: p.kind })),
    };
    return c.json(view);
  });

  return app;
}
