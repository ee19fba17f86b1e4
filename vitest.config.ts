import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// Browser tests drive Debian's chromium. On a laptop without it they are skipped with a warning;
// in CI (CI=true, where .ci/run installs chromium) they always run, so a missing browser fails loudly.
const hasChromium = existsSync('/usr/bin/chromium');
const runBrowserTests = hasChromium || process.env.CI === 'true';
if (!runBrowserTests) console.warn('\n[letters-assistant] /usr/bin/chromium not found: skipping test/e2e (apt-get install chromium to run them)\n');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: runBrowserTests ? configDefaults.exclude : [...configDefaults.exclude, 'test/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
