// Faults a scenario can inject into the simulation, to see how an upgrade copes.

export interface CommandFault {
  /** Only on this node; on every node when absent. */
  readonly node?: string;
  /** Fails the commands whose argv starts with these words, e.g. ['kubeadm', 'upgrade', 'apply']. */
  readonly argvPrefix: readonly string[];
  /** Fails this many times, then the command works; fails every time when absent. */
  readonly times?: number;
  /** Default 1. */
  readonly exitCode?: number;
  readonly stderr?: string;
}

export interface SimFaults {
  /** Nodes whose kubelet never reports Ready again once it is restarted. */
  readonly nodesNeverReadyAfterRestart?: readonly string[];
  readonly failingCommands?: readonly CommandFault[];
  /** Workloads ("namespace/name", or "name" in any namespace) whose new pods never become Ready. */
  readonly workloadsNeverReady?: readonly string[];
  /** Every kube-apiserver stops at `atSeconds` (since the start) for `forSeconds`: the API is down. */
  readonly controlPlaneOutages?: readonly { readonly atSeconds: number; readonly forSeconds: number }[];
}

export interface CommandFailure {
  readonly exitCode: number;
  readonly stderr: string;
}

/** Decides, deterministically, which fault applies; counts the failures of limited faults. */
export class FaultInjector {
  private readonly remaining: (number | undefined)[];

  constructor(private readonly faults: SimFaults = {}) {
    this.remaining = (faults.failingCommands ?? []).map((f) => f.times);
  }

  /** The failure for this run of the command, if a fault matches it (and uses one of its times). */
  commandFailure(node: string, argv: readonly string[]): CommandFailure | undefined {
    const list = this.faults.failingCommands ?? [];
    for (let i = 0; i < list.length; i++) {
      const fault = list[i];
      if (!fault || (fault.node !== undefined && fault.node !== node)) continue;
      if (!fault.argvPrefix.every((word, j) => argv[j] === word)) continue;
      const left = this.remaining[i];
      if (left !== undefined) {
        if (left <= 0) continue;
        this.remaining[i] = left - 1;
      }
      return {
        exitCode: fault.exitCode ?? 1,
        stderr: fault.stderr ?? `${argv.join(' ')}: failed (simulated fault)\n`,
      };
    }
    return undefined;
  }

  nodeNeverReady(node: string): boolean {
    return this.faults.nodesNeverReadyAfterRestart?.includes(node) ?? false;
  }

  podsNeverReady(namespace: string, name: string): boolean {
    return this.faults.workloadsNeverReady?.some((w) => w === `${namespace}/${name}` || w === name) ?? false;
  }
}
