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
  private running: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;

  constructor(
    initial: Snapshot,
    private readonly open: OpenSnapshot,
  ) {
    this.snapshot = initial;
  }

  /** Always the latest complete snapshot. */
  readonly current = (): Snapshot => this.snapshot;

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
    const { snapshot, build } = await this.open();
    // Nothing changed (say, the watcher firing after an upload already reloaded): keep the
    // snapshot in service, and with it everything already built for it.
    const same = build.action === 'reused' && fingerprint(snapshot) === fingerprint(this.snapshot);
    if (!same) this.snapshot = snapshot;
    const { library } = snapshot;
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

function fingerprint({ library }: Snapshot): string {
  const letters = library.letters.map((l) => `${l.id}:${l.sha256}`);
  const problems = library.problems.map((p) => `${p.file}:${p.reason}`);
  return JSON.stringify([letters, problems, library.index.manifest.createdAt]);
}
