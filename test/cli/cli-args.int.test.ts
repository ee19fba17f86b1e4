import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A CLI run as a user runs it, for its exit code and output; every case here exits before any work. */
async function run(script: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the command lines', () => {
  it.each(['src/cli/ingest-cli.ts', 'src/cli/verify-cli.ts', 'src/cli/eval-cli.ts', 'src/cli/index-cli.ts', 'scripts/chaos.ts'])(
    '%s --help prints its usage and exits 0',
    async (script) => {
      const { code, stdout } = await run(script, '--help');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^usage: /);
    },
  );

  it('an unknown option is one line naming it, exit 2', async () => {
    const { code, stdout, stderr } = await run('src/cli/verify-cli.ts', '--strict', 'answer.json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('verify: unknown option --strict; --help shows the usage\n');
  });

  it('an option missing its value, or an argument to a command that takes none, is named too', async () => {
    expect(await run('scripts/load.ts', '--duration')).toMatchObject({ code: 2, stderr: "load: Option '--duration <value>' argument missing; --help shows the usage\n" });
    expect(await run('src/cli/index-cli.ts', 'corpus')).toMatchObject({
      code: 2,
      stderr: 'index: unexpected argument "corpus" (this command takes options only); --help shows the usage\n',
    });
  });
});
