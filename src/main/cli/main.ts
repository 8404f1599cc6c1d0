import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { UsageError } from './UsageError';
import { USAGE } from './usage';

/** A subcommand: its arguments in, an exit code out. */
export type Command = (args: string[], version: string) => Promise<number>;
export type CommandTable = Record<string, Command>;

/** Runs the CLI and returns the exit code (0 ok, 1 a task failed, 2 bad input, 130 cancelled). */
export async function main(argv: string[], commands: CommandTable): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    const { values } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
      strict: true,
    });
    if (values.version) {
      process.stdout.write(`${version}\n`);
      return 0;
    }
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (!command) throw new UsageError(`unknown command "${first}" (see wavelane --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  return command(rest, version);
}

/** Turns thrown usage mistakes into one line on stderr and exit code 2. */
export async function runCli(argv: string[], commands: CommandTable): Promise<number> {
  try {
    return await main(argv, commands);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`wavelane: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
