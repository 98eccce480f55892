import type { CommandResult } from '../../ports/index.js';

/** Why a read-only command on a node failed, in a few words: timed out, its last stderr line, or its exit code. */
export function failureReason(result: CommandResult, command?: string): string {
  if (result.timedOut) return 'timed out';
  const code = result.exitCode ?? 'none';
  return result.stderr.trim().split('\n').pop() || (command ? `${command} exited with code ${code}` : `exit code ${code}`);
}
