import { UsageError } from './cli-error';

// node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes; they are usage errors.
export function parseOrUsage<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((e as Error).message, command);
    }
    throw e;
  }
}

export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not "${value}"`, command);
  }
  return value as T;
}

export function required(command: string, flag: string, value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new UsageError(`--${flag} is required`, command);
  }
  return value;
}

export function onePositional(command: string, what: string, positionals: string[]): string {
  const [first, ...rest] = positionals;
  if (first === undefined) {
    throw new UsageError(`missing ${what}`, command);
  }
  if (rest.length > 0) {
    throw new UsageError(`unexpected argument "${rest[0] as string}"`, command);
  }
  return first;
}

export function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0] as string}"`, command);
  }
}

// Shared by every command that can talk to a running service.
export const SERVER_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
} as const;

export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;
