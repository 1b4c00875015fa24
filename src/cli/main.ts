#!/usr/bin/env node
import { CoreError } from '../core/errors';
import { CliError, UsageError, errorDocument, fromCoreError } from './cli-error';
import { processIo, type CliIo } from './cli-io';
import { checkCommand } from './commands/check-command';
import { convertCommand } from './commands/convert-command';
import { converterCommand } from './commands/converter-command';
import { identifyCommand } from './commands/identify-command';
import { kernelCommand } from './commands/kernel-command';
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
  identify: identifyCommand,
  kernel: kernelCommand,
};

export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  const json = wantsJson(rest);
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
    return report(e, io, json);
  }
}

// Decided from the raw arguments, before any parsing: a usage error in the flags themselves
// must come out as JSON too when the caller asked for it.
export function wantsJson(args: readonly string[]): boolean {
  return args.some((a, i) => a === '--format=json' || a === '--json' || (a === '--format' && args[i + 1] === 'json'));
}

function commandNamed(name: string | undefined): Command | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

// The message on stderr, always; with --format json also one error document on stdout, so a CI
// artifact holds the outcome whatever it was.
function report(e: unknown, io: CliIo, json: boolean): ExitCode {
  const err = asCliError(e);
  if (json) {
    io.out(`${JSON.stringify(errorDocument(err), null, 2)}\n`);
  }
  if (err instanceof UsageError) {
    const help = err.command === undefined ? 'vmcs12-registry --help' : `vmcs12-registry ${err.command} --help`;
    io.err(`vmcs12-registry: ${err.message}\nRun '${help}' for usage.\n`);
    return err.exitCode;
  }
  io.err(`vmcs12-registry: ${err.kind === 'internal' ? `internal error: ${err.stack ?? err.message}` : err.message}\n`);
  return err.exitCode;
}

function asCliError(e: unknown): CliError {
  if (e instanceof CliError) {
    return e;
  }
  if (e instanceof CoreError) {
    return fromCoreError(e);
  }
  const internal = new CliError(e instanceof Error ? e.message : String(e), 'internal');
  internal.stack = e instanceof Error ? e.stack : undefined;
  return internal;
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
