/**
 * npm run chaos [-- --kills 50 --letters 60 --uploads 10 --seed 7]
 * Kills the server with SIGKILL at random moments while it builds its index, 50 times, and
 * checks after each kill that the index on disk is complete and the next start answers. Then
 * kills it 10 times in the middle of a PDF upload: corpus/ must hold the whole letter or nothing.
 */
import { parseCli } from '../src/cli/cli-args.js';
import { runChaos } from './harness/chaos.js';
import { runUploadChaos } from './harness/chaos-uploads.js';

const USAGE = `usage: npm run chaos [-- --kills 50 --letters 60 --uploads 10 --seed 7]
  --kills    SIGKILLs during index builds, one per round (50)
  --uploads  SIGKILLs during PDF uploads (10)
  --letters  generated letters beside the seed letters (60)
  --seed     seed of the kill moments and corpus changes (default: from the clock)`;
const { values } = parseCli({
  name: 'chaos',
  usage: USAGE,
  options: {
    kills: { type: 'string', default: '50' },
    uploads: { type: 'string', default: '10' },
    letters: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
  },
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
const uploadRounds = await runUploadChaos({ kills: Number(values.uploads), seed: options.seed, log: (l) => console.log(l) });
const uploadsFailed = uploadRounds.filter((r) => r.problems.length > 0).length;
const uploads = {
  kills: uploadRounds.length,
  failed: uploadsFailed,
  answeredBeforeKill: uploadRounds.filter((r) => r.answered).length,
  letterInCorpus: Object.fromEntries(['whole', 'none', 'partial'].map((k) => [k, uploadRounds.filter((r) => r.inCorpus === k).length])),
};
console.log(JSON.stringify({ ...summary, uploads, seconds: Math.round((Date.now() - started) / 1000) }));
process.exitCode = failed.length || uploadsFailed ? 1 : 0;
