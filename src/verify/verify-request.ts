import { z } from 'zod';

const citationSchema = z.object({
  ref: z.number().int().optional(),
  letterId: z.string().min(1).max(200),
  start: z.number().int(),
  end: z.number().int(),
  quote: z.string().max(20000),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'expected a hex sha256')
    .optional(),
});

/** Either {citations:[…]} or a whole answer object ({answer, citations, …}); extra fields are ignored. */
export const verifyRequestSchema = z.object({
  answer: z.string().max(100000).optional(),
  citations: z.array(citationSchema).max(200),
});

export type VerifyRequest = z.infer<typeof verifyRequestSchema>;
