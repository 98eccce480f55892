// sshd hands the command line to the user's login shell. kubehop's lines are POSIX-quoted
// (quoteArgv); shells of another family read them differently: fish takes \\ and \' as escapes
// inside single quotes, tcsh refuses a newline inside them. So the login shell is asked for once
// per connection, and where it is not a POSIX shell the line goes to `/bin/sh -s` on stdin: every
// shell reads those two plain words alike, and sh reads the line as it was quoted.

/** Prints the login shell; plain words and one variable, read alike by sh, fish, tcsh and csh. */
export const LOGIN_SHELL_PROBE = 'echo kubehop-login-shell=$SHELL';

/** What runs a POSIX line under any login shell, the line coming on stdin. */
export const POSIX_SHELL_LINE = '/bin/sh -s';

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'ksh93', 'mksh', 'pdksh', 'zsh', 'yash', 'posh', 'busybox']);

/** The login shell's path from the probe's output, or undefined when it printed none (an rc file's noise is skipped). */
export function parseLoginShell(stdout: string): string | undefined {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith('kubehop-login-shell='));
  const shell = line?.slice('kubehop-login-shell='.length).trim();
  return shell ? shell : undefined;
}

/** Whether a login shell reads POSIX quoting as sh does; an unknown one (undefined) is not trusted to. */
export function isPosixShell(shell: string | undefined): boolean {
  if (shell === undefined) return false;
  const name = shell.slice(shell.lastIndexOf('/') + 1).replace(/^-/, '');
  return POSIX_SHELLS.has(name);
}

/**
 * The script `/bin/sh -s` reads for one line. The command's stdin is /dev/null: sh reads its
 * script from stdin, so a command reading it would swallow the rest (there is none, but nothing
 * kubehop runs should wait on input either).
 */
export function posixScript(line: string): string {
  return `${line} </dev/null\n`;
}
