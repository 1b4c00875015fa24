// The CLI's exit status is its contract with CI scripts: 0 the change (or request) is
// accepted, 1 it is refused (policy, strict loss, server 4xx), 2 it could not be judged at all
// (usage, unreadable file, C parse error, bad blob, unreachable server).
export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_ERROR = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_REFUSED | typeof EXIT_ERROR;
