import { z } from 'zod';
import { DOCUMENT_KINDS } from '../corpus/metadata/document-kind.js';

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)')
  .refine(isRealDate, (s) => ({ message: `${s} is not a real date` }));
const letterIds = z.array(z.string().min(1).max(200)).max(100);
const authorityName = z.string().trim().min(1, 'must not be empty').max(200);
const kindName = z.enum(DOCUMENT_KINDS, { errorMap: () => ({ message: `expected one of ${DOCUMENT_KINDS.map((k) => `"${k}"`).join(', ')}` }) });
/** One value or a list: `"authority": "Croydon"` and `"authority": ["Croydon", "Kent"]` both work. */
const oneOrMany = <T extends z.ZodTypeAny>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(200).optional());

export const filtersSchema = {
  letterIds: letterIds.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  authority: oneOrMany(authorityName),
  kind: oneOrMany(kindName),
};

/** Lists in a query string: repeated keys, or "a,b" for ids and kinds (an authority's name may hold a comma). */
const listParam = (split: boolean) =>
  z.array(z.string()).transform((xs) =>
    xs
      .flatMap((x) => (split ? x.split(',') : [x]))
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const filterQuerySchema = {
  letterIds: listParam(true).pipe(letterIds).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  authority: listParam(false).pipe(z.array(authorityName).max(200)).optional(),
  kind: listParam(true).pipe(z.array(kindName).max(10)).optional(),
};

export const answerBodySchema = z.object({
  question: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  topK: z.number().int().min(1).max(20).default(5),
  history: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) }))
    .max(50)
    .optional(),
  ...filtersSchema,
});

/** Query strings carry lists as "a,b" or repeated keys; numbers as text. */
export const searchQuerySchema = z.object({
  q: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(2000),
  k: z.coerce.number().int().min(1).max(50).default(10),
  ...filterQuerySchema,
});

/** The filter fields of a GET's query string, as filterQuerySchema reads them. */
export function filterQueryValues(queries: Record<string, string[]>, query: (key: string) => string | undefined) {
  return { letterIds: queries.letterIds, from: query('from') || undefined, to: query('to') || undefined, authority: queries.authority, kind: queries.kind };
}
