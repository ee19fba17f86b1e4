/**
 * Every command line (src/cli, scripts/, bench/) reads its arguments with node:util parseArgs through
 * this one function, so that all of them behave alike: `--help` (or `-h`) prints the usage and exits 0;
 * an unknown option, a missing value or an unexpected argument is one line on stderr naming it, exit 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

interface CliSpec<O extends Options> {
  /** Names the command in error lines: `verify: unknown option --foo`. */
  name: string;
  /** What --help prints: the command line, then a line per option. */
  usage: string;
  options?: O;
  /** Whether the command takes arguments that are not options (files, questions). */
  positionals?: boolean;
}

export function parseCli<const O extends Options = Record<never, never>>(spec: CliSpec<O>, args = process.argv.slice(2)) {
  const config = { args, options: { ...HELP, ...spec.options } as typeof HELP & O, allowPositionals: true, strict: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    return fail(spec.name, argumentError(err));
  }
  // Inside this generic function TypeScript cannot resolve the values' type; callers get it whole.
  if ((parsed.values as { help?: boolean }).help) {
    console.log(spec.usage);
    process.exit(0);
  }
  const [extra] = parsed.positionals;
  if (!spec.positionals && extra !== undefined) fail(spec.name, `unexpected argument ${JSON.stringify(extra)} (this command takes options only)`);
  return parsed;
}

function fail(name: string, problem: string): never {
  console.error(`${name}: ${problem}; --help shows the usage`);
  process.exit(2);
}

/** parseArgs' own messages run on for a sentence or two; their first clause names the argument. */
function argumentError(err: unknown): string {
  const { code, message = '' } = err as { code?: string; message?: string };
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${/'([^']+)'/.exec(message)?.[1] ?? message}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return message.split('. ')[0] ?? message;
  throw err;
}
