#!/usr/bin/env node
import { CoreError } from '../core/errors';
import { CliError, UsageError, fromCoreError } from './cli-error';
import { processIo, type CliIo } from './cli-io';
import { checkCommand } from './commands/check-command';
import { convertCommand } from './commands/convert-command';
import { converterCommand } from './commands/converter-command';
import { listCommand } from './commands/list-command';
import { registerCommand } from './commands/register-command';
import { showCommand } from './commands/show-command';
import { EXIT_ERROR, EXIT_OK, type ExitCode } from './exit-codes';
import { MAIN_HELP } from './help';
import { cliVersion } from './version';

type Command = (argv: string[], io: CliIo) => Promise<ExitCode>;

const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  show: showCommand,
  list: listCommand,
  convert: convertCommand,
  converter: converterCommand,
  register: registerCommand,
};

export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      io.err(MAIN_HELP);
      return EXIT_ERROR;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? commandNamed(rest[0]) : undefined;
      if (topic) {
        return await topic(['--help'], io);
      }
      io.out(MAIN_HELP);
      return EXIT_OK;
    }
    if (name === '--version') {
      io.out(`${cliVersion()}\n`);
      return EXIT_OK;
    }
    const command = commandNamed(name);
    if (!command) {
      throw new UsageError(`unknown command "${name}"`);
    }
    return await command(rest, io);
  } catch (e) {
    return report(e, io);
  }
}

function commandNamed(name: string | undefined): Command | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

function report(e: unknown, io: CliIo): ExitCode {
  const err = e instanceof CoreError ? fromCoreError(e) : e;
  if (err instanceof UsageError) {
    const help = err.command === undefined ? 'vmcs12-registry --help' : `vmcs12-registry ${err.command} --help`;
    io.err(`vmcs12-registry: ${err.message}\nRun '${help}' for usage.\n`);
    return err.exitCode;
  }
  if (err instanceof CliError) {
    io.err(`vmcs12-registry: ${err.message}\n`);
    return err.exitCode;
  }
  io.err(`vmcs12-registry: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_ERROR;
}

if (require.main === module) {
  // `vmcs12-registry check ... | head` closes the pipe early; that is not an error of ours
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') {
      throw e;
    }
    process.exit(process.exitCode ?? EXIT_OK);
  });
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
