import { errorMessage } from '../base/error-message.js';
import { loadConfig } from '../compose/config.js';
import { openDatabase } from '../compose/database.js';
import { describeEnvFile, loadEnvFile } from '../compose/env-file.js';
import { openLibrary } from '../compose/open-library.js';
import { embedderConfig } from '../compose/settings.js';
import { createEmbedder } from '../embed/create-embedder.js';
import { parseCli } from './cli-args.js';

/** `npm run index`: brings index/ (or the DATABASE_URL database) up to date without serving. */
async function main(): Promise<void> {
  parseCli({ name: 'index', usage: 'usage: npm run index   (brings index/, or the DATABASE_URL database, up to date with corpus/)' });
  const started = performance.now();
  const envFile = describeEnvFile(loadEnvFile());
  if (envFile) console.error(envFile);
  const config = loadConfig();
  const embedder = await createEmbedder(embedderConfig(config));
  const db = openDatabase(config);
  try {
    const { library, build } = await openLibrary(config, embedder, {
      log: (m) => console.error(m),
      onProgress: (e) => console.log(`[${e.done}/${e.total}] ${e.letterId}: ${e.chunks} chunks${e.reused ? ' (unchanged)' : ''}`),
      db,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`index ${build.action}: ${library.letters.length} letters, ${library.chunkCount} chunks, ${library.problems.length} skipped, ${seconds} s`);
    if (library.problems.length > 0) process.exitCode = 1;
  } finally {
    await db?.close();
  }
}

main().catch((err: unknown) => {
  console.error(`index failed: ${errorMessage(err)}`);
  process.exit(1);
});
