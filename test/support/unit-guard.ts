/**
 * Setup file of the unit project (vitest.config.ts): a unit test that starts a process or listens
 * on a port fails at once, naming the rule, instead of quietly slowing `npm run test:unit` down.
 * Such a test belongs in a *.int.test.ts file.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const GUARDED = Symbol.for('letters-assistant.unit-guard');

function refuse(what: string): never {
  throw new Error(`unit tests run in process only: ${what} is not allowed here; name the test file *.int.test.ts`);
}

if (!(GUARDED in globalThis)) {
  Object.defineProperty(globalThis, GUARDED, { value: true });
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
    (childProcess as Record<string, unknown>)[name] = () => refuse(`child_process.${name}`);
  }
  net.Server.prototype.listen = function listen() {
    return refuse('listening on a port');
  } as typeof net.Server.prototype.listen;
  // Named imports (import { spawn } from 'node:child_process') see the patched functions too.
  syncBuiltinESMExports();
}
