import type { Library } from '../store/library.js';
import type { BuildResult } from '../store/build-index.js';

export interface ReloadResult {
  action: BuildResult['action'];
  letters: number;
  chunks: number;
  embeddedLetters: number;
  reusedLetters: number;
  removedLetters: number;
  /** Corpus files that were skipped, with the reason. */
  skipped: { file: string; reason: string }[];
  ms: number;
}

export type OpenLibrary = () => Promise<{ library: Library; build: BuildResult }>;

/**
 * Holds the Library the server answers from and swaps in a new one after a rebuild. Requests
 * keep using the old Library while the corpus is re-read and the index updated (ensureIndex:
 * incremental, staged, renamed into place); a failed rebuild leaves the old one in service.
 * Reloads never overlap: asking during one schedules a single follow-up that sees every change.
 */
export class LiveLibrary {
  private library: Library;
  private running: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;

  constructor(
    initial: Library,
    private readonly open: OpenLibrary,
  ) {
    this.library = initial;
  }

  /** For createApp({ library }): always the latest complete Library. */
  readonly current = (): Library => this.library;

  reload(): Promise<ReloadResult> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<ReloadResult> {
    const run = this.rebuild().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async rebuild(): Promise<ReloadResult> {
    const started = performance.now();
    const { library, build } = await this.open();
    // Nothing changed (say, the watcher firing after an upload already reloaded): keep the
    // Library in service, and with it everything already built for it.
    const same = build.action === 'reused' && fingerprint(library) === fingerprint(this.library);
    if (!same) this.library = library;
    return {
      action: build.action,
      letters: library.letters.length,
      chunks: library.index.chunks.length,
      embeddedLetters: build.embeddedLetters,
      reusedLetters: build.reusedLetters,
      removedLetters: build.removedLetters,
      skipped: library.problems.map((p) => ({ file: p.file, reason: p.reason })),
      ms: Math.round(performance.now() - started),
    };
  }
}

function fingerprint(library: Library): string {
  const letters = library.letters.map((l) => `${l.id}:${l.sha256}`);
  const problems = library.problems.map((p) => `${p.file}:${p.reason}`);
  return JSON.stringify([letters, problems, library.index.manifest.createdAt]);
}
