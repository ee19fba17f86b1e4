import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');
const letterIds = z.array(z.string().min(1).max(200)).max(100);

export const filtersSchema = {
  letterIds: letterIds.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
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
  letterIds: z
    .array(z.string())
    .transform((xs) =>
      xs
        .flatMap((x) => x.split(','))
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(letterIds)
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
