/**
 * npm run chaos [-- --kills 50 --letters 60 --seed 7]
 * Kills the server with SIGKILL at random moments while it builds its index, 50 times, and
 * checks after each kill that the index on disk is complete and the next start answers.
 */
import { parseCli } from '../src/cli/cli-args.js';
import { runChaos } from './harness/chaos.js';

const USAGE = `usage: npm run chaos [-- --kills 50 --letters 60 --seed 7]
  --kills    SIGKILLs, one per round (50)
  --letters  generated letters beside the seed letters (60)
  --seed     seed of the kill moments and corpus changes (default: from the clock)`;
const { values } = parseCli({
  name: 'chaos',
  usage: USAGE,
  options: { kills: { type: 'string', default: '50' }, letters: { type: 'string', default: '60' }, seed: { type: 'string', default: String(Date.now() % 100000) } },
});
const options = { kills: Number(values.kills), letters: Number(values.letters), seed: Number(values.seed) };
console.log(`chaos: ${options.kills} SIGKILLs, ${options.letters} generated letters + seeds, seed ${options.seed}`);
const started = Date.now();
const { rounds, fullBuildMs } = await runChaos({ ...options, log: (l) => console.log(l) });
const failed = rounds.filter((r) => r.problems.length > 0);
const count = (f: (r: (typeof rounds)[number]) => string) => Object.fromEntries([...new Set(rounds.map(f))].map((k) => [k, rounds.filter((r) => f(r) === k).length]));
const summary = {
  kills: rounds.length,
  failed: failed.length,
  seed: options.seed,
  fullBuildMs,
  reached: count((r) => r.reached),
  onDisk: count((r) => r.onDisk),
  nextStart: count((r) => r.nextStart),
  answered: rounds.filter((r) => r.answered).length,
  seconds: Math.round((Date.now() - started) / 1000),
};
console.log(JSON.stringify(summary));
process.exitCode = failed.length ? 1 : 0;
