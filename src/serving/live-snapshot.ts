import type { BuildResult } from '../store/build-index.js';
import type { Snapshot } from './snapshot.js';

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

/** A freshly opened index, as a snapshot ready to serve, and what the build did. */
export interface Opened {
  snapshot: Snapshot;
  build: BuildResult;
  /** The database's generation the snapshot was read at (Postgres only). */
  generation?: number;
}

export type OpenSnapshot = () => Promise<Opened>;

/**
 * Holds the Snapshot the server answers from and swaps in a new one after a rebuild, in one
 * step. Requests keep using the old snapshot while the corpus is re-read and the index updated
 * (incremental, staged, renamed into place); a failed rebuild leaves the old one in service.
 * Reloads never overlap: asking during one schedules a single follow-up that sees every change.
 */
export class LiveSnapshot {
  private snapshot: Snapshot;
  private generationServed: number | undefined;
  private running: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;
  /** Whether the queued follow-up re-reads the corpus (reload) or only the database (refresh). */
  private queuedSync = false;

  constructor(
    initial: Snapshot,
    private readonly open: OpenSnapshot,
    /** How to read the database again without syncing a corpus folder into it; reload() when absent. */
    private readonly reread: OpenSnapshot = open,
    generation?: number,
  ) {
    this.snapshot = initial;
    this.generationServed = generation;
  }

  /** Always the latest complete snapshot. */
  readonly current = (): Snapshot => this.snapshot;

  /** The database generation of the snapshot in service (Postgres only). */
  get generation(): number | undefined {
    return this.generationServed;
  }

  /** Re-reads the corpus (and brings the index up to date with it), then swaps. */
  reload(): Promise<ReloadResult> {
    return this.schedule(true);
  }

  /** Reads the database again (another process changed it), then swaps; corpus/ is not read. */
  refresh(): Promise<ReloadResult> {
    return this.schedule(false);
  }

  private schedule(sync: boolean): Promise<ReloadResult> {
    if (this.queued) {
      this.queuedSync ||= sync;
      return this.queued;
    }
    if (!this.running) return this.start(sync);
    this.queuedSync = sync;
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start(this.queuedSync);
      });
    return this.queued;
  }

  private start(sync: boolean): Promise<ReloadResult> {
    const run = this.rebuild(sync ? this.open : this.reread).finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async rebuild(open: OpenSnapshot): Promise<ReloadResult> {
    const started = performance.now();
    const { snapshot, build, generation } = await open();
    // Nothing changed (say, the watcher firing after an upload already reloaded): keep the
    // snapshot in service, and with it everything already built for it.
    const same = build.action === 'reused' && generation === this.generationServed && fingerprint(snapshot) === fingerprint(this.snapshot);
    if (!same) {
      this.snapshot = snapshot;
      this.generationServed = generation;
    }
    const { library } = snapshot;
    return {
      action: build.action,
      letters: library.letters.length,
      chunks: library.chunkCount,
      embeddedLetters: build.embeddedLetters,
      reusedLetters: build.reusedLetters,
      removedLetters: build.removedLetters,
      skipped: library.problems.map((p) => ({ file: p.file, reason: p.reason })),
      ms: Math.round(performance.now() - started),
    };
  }
}

function fingerprint({ library }: Snapshot): string {
  const letters = library.letters.map((l) => `${l.id}:${l.sha256}`);
  const problems = library.problems.map((p) => `${p.file}:${p.reason}`);
  return JSON.stringify([letters, problems, library.index.manifest.createdAt]);
}
