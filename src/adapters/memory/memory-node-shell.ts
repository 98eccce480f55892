import { compareVersions, formatVersion, parseVersion, tryParseVersion, type KubeVersion } from '../../core/version/index.js';
import type { CommandResult, NodeShell, RunOptions } from '../../ports/index.js';
import type { MemoryCluster } from './memory-cluster.js';

// Node commands against a MemoryCluster: package installs change the node's kubeadm/kubectl (and
// the kubelet once restarted), kubeadm moves control-plane components, anything else succeeds.
// Tests record calls and inject failures per command.

export interface MemoryNodeShellOptions {
  /** How long `systemctl restart kubelet` leaves the node NotReady. */
  readonly kubeletRestartMs?: number;
  /** How long `kubeadm upgrade apply` keeps the API server down. */
  readonly apiRestartMs?: number;
  /** Virtual time every command takes. */
  readonly commandMs?: number;
}

type Fault = { readonly matches: (node: string, argv: readonly string[]) => boolean; readonly result: Partial<CommandResult>; times: number };

const PACKAGE = /^(kubeadm|kubelet|kubectl)[=-](\d+\.\d+\.\d+)/;

export class MemoryNodeShell implements NodeShell {
  readonly calls: { node: string; argv: readonly string[]; privileged: boolean }[] = [];
  private readonly installedKubelet = new Map<string, KubeVersion>();
  private readonly faults: Fault[] = [];
  private readonly kubeletRestartMs: number;
  private readonly apiRestartMs: number;
  private readonly commandMs: number;

  constructor(
    private readonly cluster: MemoryCluster,
    options: MemoryNodeShellOptions = {},
  ) {
    this.kubeletRestartMs = options.kubeletRestartMs ?? 20_000;
    this.apiRestartMs = options.apiRestartMs ?? 30_000;
    this.commandMs = options.commandMs ?? 1_000;
  }

  /** The next `times` commands that match return `result` instead of running. */
  failNext(matches: (node: string, argv: readonly string[]) => boolean, result: Partial<CommandResult>, times = 1): void {
    this.faults.push({ matches, result, times });
  }

  async run(node: string, argv: readonly string[], options: RunOptions): Promise<CommandResult> {
    this.calls.push({ node, argv, privileged: options.privileged });
    const started = this.cluster.clock.now();
    await this.cluster.clock.sleep(this.commandMs);
    const fault = this.faults.find((f) => f.times > 0 && f.matches(node, argv));
    if (fault) {
      fault.times -= 1;
      return { exitCode: 1, stdout: '', stderr: '', timedOut: false, durationMs: this.commandMs, ...fault.result };
    }
    const outcome = await this.execute(node, argv);
    return { exitCode: 0, stdout: '', stderr: '', timedOut: false, ...outcome, durationMs: this.cluster.clock.now() - started };
  }

  private async execute(name: string, argv: readonly string[]): Promise<Partial<CommandResult>> {
    const node = this.cluster.nodes.get(name);
    if (!node) return { exitCode: 255, stderr: `ssh: connect to host ${name}: no route to host` };
    const [cmd, sub, third] = argv;
    if ((cmd === 'apt-get' || cmd === 'yum' || cmd === 'dnf') && sub === 'install') {
      for (const word of argv.slice(2)) {
        const m = PACKAGE.exec(word);
        if (!m?.[2]) continue;
        const version = parseVersion(m[2]);
        if (m[1] === 'kubeadm') this.cluster.updateNode(name, { kubeadm: version });
        if (m[1] === 'kubectl') this.cluster.updateNode(name, { kubectl: version });
        if (m[1] === 'kubelet') this.installedKubelet.set(name, version);
      }
      return {};
    }
    if (cmd === 'systemctl' && sub === 'restart' && third === 'kubelet') {
      this.restartKubelet(name);
      return {};
    }
    if (cmd === 'kubelet' && sub === '--version') return { stdout: `Kubernetes ${formatVersion(this.installedKubelet.get(name) ?? node.kubelet)}\n` };
    if (cmd !== 'kubeadm') return {};
    const kubeadm = node.kubeadm ?? node.kubelet;
    if (sub === 'version') return { stdout: `${formatVersion(kubeadm)}\n` };
    if (sub !== 'upgrade') return {};
    if (third === 'apply') {
      const target = tryParseVersion(argv[3] ?? '');
      if (!target) return { exitCode: 1, stderr: 'missing version' };
      if (compareVersions(kubeadm, target) < 0) {
        return { exitCode: 1, stderr: `[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n\t- Specified version to upgrade to "${formatVersion(target)}" is higher than the kubeadm version "${formatVersion(kubeadm)}". Upgrade kubeadm first using the tool you used to install kubeadm` };
      }
      await this.restartControlPlane(name, target);
      return { stdout: `[upgrade/successful] SUCCESS! Your cluster was upgraded to "${formatVersion(target)}". Enjoy!\n` };
    }
    if (third === 'node' && node.role === 'control-plane') await this.restartControlPlane(name, kubeadm);
    return {};
  }

  private async restartControlPlane(name: string, version: KubeVersion): Promise<void> {
    const node = this.cluster.nodes.get(name);
    if (!node?.controlPlane) return;
    this.cluster.apiDown = true;
    await this.cluster.clock.sleep(this.apiRestartMs);
    this.cluster.updateNode(name, { controlPlane: { ...node.controlPlane, apiserver: version, controllerManager: version, scheduler: version } });
    this.cluster.apiDown = false;
  }

  private restartKubelet(name: string): void {
    const installed = this.installedKubelet.get(name);
    this.cluster.updateNode(name, { ready: false });
    for (const pod of this.cluster.pods.values()) {
      if (pod.node === name && pod.owner?.kind === 'DaemonSet') this.cluster.updatePod({ ...pod, ready: false });
    }
    this.cluster.clock.schedule(this.kubeletRestartMs, () => {
      this.cluster.updateNode(name, { ready: true, ...(installed ? { kubelet: installed } : {}) });
      this.cluster.clock.schedule(2_000, () => {
        for (const pod of this.cluster.pods.values()) {
          if (pod.node === name && pod.owner?.kind === 'DaemonSet') this.cluster.updatePod({ ...pod, ready: true, phase: 'Running' });
        }
      });
    });
  }
}
