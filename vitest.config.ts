import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// Browser tests drive Debian's chromium. On a laptop without it they are skipped with a warning;
// in CI (CI=true, where .ci/run installs chromium) they always run, so a missing browser fails loudly.
const hasChromium = existsSync('/usr/bin/chromium');
const runBrowserTests = hasChromium || process.env.CI === 'true';
// (Vitest evaluates this file once per project; warn once.)
const warned = Symbol.for('letters-assistant.no-chromium-warning');
if (!runBrowserTests && !(warned in globalThis)) {
  Object.defineProperty(globalThis, warned, { value: true });
  console.warn('\n[letters-assistant] /usr/bin/chromium not found: skipping test/e2e (apt-get install chromium to run them)\n');
}

// Two tiers, told apart by file name (`npm test` runs both, `npm run test:unit` only unit):
//   unit  test/**/*.test.ts: in process only. Files, temp folders and app.request() are fine;
//         no child process, browser, PGlite or listening server (test/support/unit-guard.ts makes
//         spawning and listening throw there).
//   int   test/**/*.int.test.ts and test/e2e/**: anything that spawns a process (the CLIs, the
//         server, index builds killed mid-way), listens on a port (the fake OpenAI endpoint,
//         startServer), opens PGlite or drives chromium, or reads all of ../shared/real-letters.
// A new test is unit unless it does one of those; then name it *.int.test.ts.
const INT = ['test/**/*.int.test.ts', 'test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/prepare-semantics.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...INT],
          setupFiles: ['test/support/unit-guard.ts'],
          // Most of a unit file's time was spent importing: isolated, every file loads a fresh module
          // graph (vectra alone takes ~0.5 s, pdf-lib ~0.3 s, gpt-tokenizer's tables ~0.15 s, plus
          // src/ through vite), ~0.7 s a file. Unit tests keep no global state (no vi.mock, no env
          // or cwd changes: keep it so), so they share one worker's modules, and threads start faster
          // than forked processes. The unit tier went from ~35 s to ~10-15 s on a busy 2-core machine.
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: INT,
          exclude: runBrowserTests ? configDefaults.exclude : [...configDefaults.exclude, 'test/e2e/**'],
          // Each file in its own process: these spawn, signal and listen, so nothing is shared.
          pool: 'forks',
        },
      },
    ],
  },
});
