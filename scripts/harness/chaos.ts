import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRng } from '../../bench/seeded-rng.js';
import { generateLetter } from '../../test/support/letter-generator.js';
import { checkOnDisk, envFor, exists, type StartCheck, snapshot, startAndCheck, waitForFile } from './chaos-checks.js';
import { REPO_ROOT, spawnServer } from './server-process.js';

export interface ChaosOptions {
  kills: number;
  /** Generated letters beside the seed letters: more letters, longer builds. */
  letters: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ChaosRound {
  round: number;
  change: string;
  killAfterMs: number;
  /** How far the killed process got: starting, building (lock held), indexed, ready. */
  reached: string;
  /** The live index on disk after the kill: the state before the round, or after it. */
  onDisk: 'old' | 'new' | 'bad';
  /** What the next start did with it: reused, incremental, full. */
  nextStart: string;
  answered: boolean;
  citationsVerified: number;
  startMs: number;
  problems: string[];
}

const DIMENSIONS = [256, 320];

/**
 * Starts the server on a changing corpus, SIGKILLs it at a random moment (often mid index
 * build), checks the index left on disk is complete (old or new, never partial), then starts it
 * again and checks it answers with citations that verify and stops cleanly on SIGTERM.
 */
export async function runChaos(options: ChaosOptions): Promise<{ rounds: ChaosRound[]; fullBuildMs: number }> {
  const log = options.log ?? (() => {});
  const rng = seededRng(options.seed);
  const root = await mkdtemp(path.join(tmpdir(), 'letters-chaos-'));
  const corpusDir = path.join(root, 'corpus');
  const indexDir = path.join(root, 'index');
  await mkdir(corpusDir);
  try {
    for (const f of await readdir(path.join(REPO_ROOT, 'corpus'))) {
      if (/\.(md|txt)$/.test(f)) await writeFile(path.join(corpusDir, f), await readFile(path.join(REPO_ROOT, 'corpus', f)));
    }
    let nextSeed = options.seed * 1000;
    for (let i = 0; i < options.letters; i++) await writeGenerated(corpusDir, `gen-${i}`, nextSeed++);

    let dims = DIMENSIONS[0] as number;
    let current = await snapshot(corpusDir, dims);
    const first = await startAndCheck(corpusDir, indexDir, current);
    if (first.problems.length) throw new Error(`the first start failed: ${first.problems.join('; ')}`);
    const fullBuildMs = first.startMs;
    // How long the build itself holds the lock, to aim most kills inside it.
    const heldMs = (c: StartCheck) => (c.lockAtMs === null || c.lockGoneMs === null ? null : c.lockGoneMs - c.lockAtMs);
    // Lock-held time per kind of build, updated from every start that builds.
    const buildMs: Record<string, number> = { full: heldMs(first) ?? 500 };
    buildMs.incremental = (buildMs.full as number) / 3;
    log(`full build + start: ${fullBuildMs} ms (index lock held from ${first.lockAtMs} to ${first.lockGoneMs} ms)`);

    const rounds: ChaosRound[] = [];
    for (let round = 1; round <= options.kills; round++) {
      const old = current;
      const change = await mutate(corpusDir, rng, () => nextSeed++);
      if (change === 'embedder') dims = DIMENSIONS.find((d) => d !== dims) as number;
      current = await snapshot(corpusDir, dims);

      const spawnedAt = Date.now();
      const victim = spawnServer(envFor(corpusDir, indexDir, dims));
      let readyAt: number | null = null;
      void victim.ready.then(() => (readyAt = Date.now())).catch(() => {});
      // Four kills in five aim inside the index build; the rest land anywhere from spawn to ready.
      const kind = change === 'embedder' ? 'full' : 'incremental';
      const expected = buildMs[kind] as number;
      if (rng() < 0.8) {
        await waitForFile(path.join(indexDir, '.lock'), fullBuildMs * 2);
        const lockAt = Date.now();
        const target = lockAt + rng() * expected * 1.2;
        // Kill at the target, noting if the build finished first (then aim shorter next time).
        while (Date.now() < target && (await exists(path.join(indexDir, '.lock')))) await new Promise((r) => setTimeout(r, 1));
        if (Date.now() < target) buildMs[kind] = 0.5 * expected + 0.5 * (Date.now() - lockAt);
        await new Promise((r) => setTimeout(r, Math.max(0, target - Date.now())));
      } else {
        await new Promise((r) => setTimeout(r, rng() * fullBuildMs * 1.1));
      }
      const killAfterMs = Date.now() - spawnedAt;
      const lockHeld = await exists(path.join(indexDir, '.lock'));
      victim.child.kill('SIGKILL');
      await victim.exited;
      const reached = readyAt ? 'ready' : victim.lines.some((l) => /\bindex (reused|incremental|full):/.test(l)) ? 'indexed' : lockHeld ? 'building' : 'starting';

      const problems: string[] = [];
      const onDisk = await checkOnDisk(indexDir, old, current, problems);
      const next = await startAndCheck(corpusDir, indexDir, current);
      problems.push(...next.problems);
      const held = heldMs(next);
      if (held !== null && (next.action === 'full' || next.action === 'incremental')) buildMs[next.action] = 0.5 * (buildMs[next.action] as number) + 0.5 * held;
      const r: ChaosRound = {
        round,
        change,
        killAfterMs,
        reached,
        onDisk,
        nextStart: next.action,
        answered: next.answered,
        citationsVerified: next.verified,
        startMs: next.startMs,
        problems,
      };
      rounds.push(r);
      log(
        `${String(round).padStart(3)}  ${change.padEnd(10)} kill@${String(killAfterMs).padStart(5)}ms  reached ${reached.padEnd(8)}  on disk ${onDisk.padEnd(3)}  next start ${next.action.padEnd(11)} answered ${next.answered ? 'yes' : 'NO '} (${next.verified} citations verified)${problems.length ? `  PROBLEMS: ${problems.join('; ')}` : ''}`,
      );
    }
    return { rounds, fullBuildMs };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function writeGenerated(dir: string, name: string, seed: number): Promise<void> {
  await writeFile(path.join(dir, `${name}.txt`), generateLetter(seed).text);
}

/** One random change to the corpus, so the next start has a build to do. */
async function mutate(corpusDir: string, rng: () => number, seed: () => number): Promise<string> {
  const generated = (await readdir(corpusDir)).filter((f) => f.startsWith('gen-')).sort();
  const roll = rng();
  if (roll < 0.35) return 'embedder';
  if (roll < 0.6 || generated.length < 3) {
    await writeGenerated(corpusDir, `gen-x${seed()}`, seed());
    return 'add';
  }
  const victim = generated[Math.floor(rng() * generated.length)] as string;
  if (roll < 0.75) {
    await rm(path.join(corpusDir, victim));
    return 'remove';
  }
  await writeFile(path.join(corpusDir, victim), generateLetter(seed()).text);
  return 'change';
}
