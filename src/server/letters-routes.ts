import { Hono } from 'hono';
import type { Library } from '../store/library.js';
import { notFound } from './app-error.js';
import { type LetterSummary, type LetterView, overallGrade } from './letter-shapes.js';

/** `canUpload`: whether POST /api/letters is served, so the letters page offers to add letters. */
export function lettersRoutes(library: () => Library, options: { canUpload?: boolean } = {}): Hono {
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
          visitDates: l.visitDates,
          inspectionDates: l.inspectionDates,
          grade: overallGrade(l.judgements),
          paragraphs: lib.paragraphCount(l.id),
          sha256: l.sha256,
        }),
      ),
      canUpload: options.canUpload === true,
    });
  });

  app.get('/:id', async (c) => {
    const lib = library();
    const id = c.req.param('id');
    await lib.loadTexts([id]);
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
