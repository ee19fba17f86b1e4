/**
 * How much one source file may cost to read. A small PDF can inflate to hundreds of megabytes
 * of text or whitespace; these bound what reading it takes, whatever it declares about itself.
 */
export interface IngestLimits {
  /** Pages a PDF may have (INGEST_MAX_PAGES). */
  maxPages: number;
  /** Characters of letter text a file may give (INGEST_MAX_TEXT_BYTES); PDFs are stopped while being read. */
  maxTextBytes: number;
  /** Wall-clock time to read one file on a conversion thread (INGEST_TIMEOUT_MS). */
  timeoutMs: number;
  /** Memory one conversion thread may use (INGEST_MAX_MEMORY_MB): its heap, and the process's growth while it reads. */
  maxMemoryMb: number;
}

/** Real letters are under 100 KB of text and inspection reports under 200 KB, on at most 80 pages. */
export const DEFAULT_INGEST_LIMITS: IngestLimits = { maxPages: 300, maxTextBytes: 5 * 1024 * 1024, timeoutMs: 30_000, maxMemoryMb: 512 };

/**
 * Compressed streams may inflate to at most this many times the text limit in all: real PDFs
 * inflate to under 2.1 MB in all (the 125 documents of ../shared/real-letters), against 5 MB of
 * text allowed, so 10x stops only inflate bombs.
 */
export const INFLATE_FACTOR = 10;

/** Why a file was refused, when it was over one of the limits: uploads answer these with 422. */
export type LimitKind = 'pages' | 'text' | 'inflated' | 'memory' | 'time';

export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
