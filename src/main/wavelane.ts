/**
 * The `wavelane` binary's entry: the CLI with its commands plugged in. It sits above the faces so the
 * CLI and the browser host stay independent of each other (ARCHITECTURE.md: faces never import each other).
 */
import { runCli, type CommandTable } from './cli/main';
import { planCommand } from './cli/planCommand';
import { runCommand } from './cli/runCommand';
import { statusCommand } from './cli/statusCommand';
import { cleanCommand } from './cli/cleanCommand';
import { serveCommand } from './serveCommand';

const commands: CommandTable = {
  serve: serveCommand,
  plan: planCommand,
  run: runCommand,
  status: statusCommand,
  clean: cleanCommand,
};

runCli(process.argv.slice(2), commands).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('wavelane: unexpected error:', error);
    process.exit(1);
  },
);
