import { readFileSync } from 'node:fs';

// Stopping the processes the fixture started, by pid, and only while the pid still runs what we
// started (its command line names `marker`): pids are reused.

export function runsOwnProcess(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(marker);
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

/** TERM, then KILL after `graceMs`; resolves once the process is gone. */
export async function killOwnProcess(pid: number, marker: string, graceMs = 5_000): Promise<void> {
  if (!runsOwnProcess(pid, marker)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (runsOwnProcess(pid, marker)) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** For an exit handler, where nothing asynchronous runs: TERM only. */
export function killOwnProcessNow(pid: number, marker: string): void {
  if (runsOwnProcess(pid, marker)) signal(pid, 'SIGTERM');
}
