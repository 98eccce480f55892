/** A command's outcome as a value: non-zero exits are results, not exceptions. */
export interface CommandResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
}

export interface RunOptions {
  /** Run as root (sudo -n over SSH). */
  readonly privileged: boolean;
  readonly timeoutMs: number;
  /**
   * A check that changes nothing (`kubeadm version`, a step's doneIf test). The dry-run shell runs
   * these for real and only records the others.
   */
  readonly readOnly?: boolean;
}

/**
 * Runs an argv on a node. Implemented over SSH and by the simulator. Throws NodeCommandError only
 * when the command could not be run at all (unreachable node, refused host key, no sudo).
 */
export interface NodeShell {
  run(node: string, argv: readonly string[], options: RunOptions): Promise<CommandResult>;
}
