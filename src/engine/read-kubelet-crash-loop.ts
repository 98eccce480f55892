import type { EngineContext } from './engine-context.js';
import { probeNodeCommand } from './run-node-command.js';

/** A kubelet that has exited at this many starts in a row is not coming back by itself. */
const RESTARTS_TO_GIVE_UP = 2;
const PROBE_TIMEOUT_MS = 30_000;

function unitProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) properties[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return properties;
}

/** systemd's own lines in the unit's journal ("kubelet.service: Failed with result…", "Started…"). */
const SYSTEMD_LINE = /^(kubelet\.service: |Started |Stopped |Stopping |Starting |Scheduled restart)/;

/**
 * The kubelet's last error line: what an operator would look for in `journalctl -u kubelet`.
 * systemd's lines about the unit come after it and say only that it failed.
 */
export function lastKubeletError(log: string): string | undefined {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !SYSTEMD_LINE.test(l));
  const errors = lines.filter((l) => /^E\d{4} |\berror\b|\bfailed\b|unknown flag/i.test(l));
  const line = errors.at(-1) ?? lines.at(-1);
  return line === undefined ? undefined : line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

/**
 * Why the node's kubelet cannot start, when systemd shows it exiting at every start (a removed
 * flag, swap, a bad configuration): the unit's state and the kubelet's last error from the
 * journal. Undefined when the kubelet runs, is still starting, or the node cannot be asked.
 */
export async function readKubeletCrashLoop(ctx: EngineContext, node: string): Promise<string | undefined> {
  const unit = await probeNodeCommand(ctx, {
    node,
    argv: ['systemctl', 'show', 'kubelet', '--property=ActiveState,SubState,NRestarts,Result'],
    privileged: false,
    timeoutMs: PROBE_TIMEOUT_MS,
  }).catch(() => undefined);
  if (unit?.exitCode !== 0) return undefined;
  const p = unitProperties(unit.stdout);
  const restarts = Number(p.NRestarts ?? '0');
  const looping = p.SubState === 'auto-restart' && restarts >= RESTARTS_TO_GIVE_UP;
  if (!looping && p.ActiveState !== 'failed') return undefined;
  const journal = await probeNodeCommand(ctx, {
    node,
    argv: ['journalctl', '--unit', 'kubelet', '--lines', '50', '--no-pager', '--output', 'cat'],
    privileged: true,
    timeoutMs: PROBE_TIMEOUT_MS,
  }).catch(() => undefined);
  const said = journal?.exitCode === 0 ? lastKubeletError(journal.stdout) : undefined;
  const state = `systemd: ${p.ActiveState ?? '?'}/${p.SubState ?? '?'}, ${restarts} restart${restarts === 1 ? '' : 's'}`;
  return `its kubelet exits at every start (${state})${said ? `; the kubelet's last error: ${said}` : ''}`;
}
