/**
 * The command-line tool: one short list of command groups.
 */
import { Command } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { registerCaseCommands } from './commands/case-commands.js';
import { registerCatalogCommands } from './commands/catalog-commands.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerDetectCommands } from './commands/detect-commands.js';
import { registerEventsCommand } from './commands/events-command.js';
import { registerExportCommands } from './commands/export-commands.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerPolicyCommands } from './commands/policy-commands.js';
import { registerServeCommand } from './commands/serve-command.js';
import { EXIT } from './exit-codes.js';

/** Builds the program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('tenant-trail')
    .version(TOOL_VERSION)
    .description(
      'Offline forensic workbench for Microsoft 365, Entra ID and Google ' +
        'Workspace logs',
    )
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
    });
  registerCaseCommands(program);
  registerImportCommand(program);
  registerEventsCommand(program);
  registerServeCommand(program);
  registerCatalogCommands(program);
  registerDemoCommand(program);
  registerPolicyCommands(program);
  registerDetectCommands(program);
  registerExportCommands(program);
  return program;
}

/** Runs the command line. */
export async function main(argv: string[]): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    throw err;
  });
  await buildProgram().parseAsync(argv);
}
