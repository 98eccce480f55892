import { quoteArgv } from '../../core/command/quote-argv.js';

// The shell line sent for an argv. sshd hands it to the login shell, so every word is quoted by
// quoteArgv and nothing else is pasted in. Two wrappers, both plain argv words:
// - `sudo -n --` for privileged commands of a non-root user: -n fails at once instead of prompting.
// - GNU `timeout` outside sudo, because a channel cannot stop what it started: sshd ignores signal
//   requests for root sessions and closing the channel leaves the process running. Outside sudo,
//   the sudoers rules can still name the exact commands (sudo relays timeout's TERM to them). It
//   fires a second after kubehop's own timer so the result is reported as timed out rather than as
//   timeout's exit code.

export const REMOTE_TIMEOUT_GRACE_MS = 1000;
/** Between timeout's TERM and its KILL: time for apt or kubeadm to clean up. */
export const REMOTE_KILL_AFTER_SECONDS = 10;

export interface RemoteLineOptions {
  readonly sudo: boolean;
  /** Wrap in `timeout` for this local timeout; absent: no wrapper. */
  readonly timeoutMs?: number;
}

export function buildRemoteLine(argv: readonly string[], options: RemoteLineOptions): string {
  let words = [...argv];
  if (options.sudo) words = ['sudo', '-n', '--', ...words];
  if (options.timeoutMs !== undefined) {
    const seconds = Math.ceil((options.timeoutMs + REMOTE_TIMEOUT_GRACE_MS) / 100) / 10;
    words = ['timeout', `--kill-after=${REMOTE_KILL_AFTER_SECONDS}s`, `${seconds}s`, ...words];
  }
  return quoteArgv(words);
}
