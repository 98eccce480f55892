import type { Taint } from '../../core/cluster/index.js';
import { parseVersion, type KubeVersion } from '../../core/version/index.js';
import type { CommandResult, NodeShell, RunOptions } from '../../ports/index.js';
import type { MemoryCluster } from './memory-cluster.js';

// Machines around a MemoryCluster as kubeadm and apt see them, for tests of the provisioners that
// join and reset real hosts: packages install on a machine, `kubeadm token create` prints a join
// command, `kubeadm join` registers a node (Ready a little later), kubectl on the control plane
// labels, taints and deletes nodes, `kubeadm reset` undoes a join. Commands on a machine that is
// neither a node nor a known spare fail as an unreachable host does.

/** The first join token a MemoryMachineShell issues; later ones differ in their id. */
export const MEMORY_JOIN_TOKEN = '000001.0123456789abcdef';
const HASH = `sha256:${'0'.repeat(64)}`;
const PACKAGE = /^(kubeadm|kubelet|kubectl)[=-](\d+\.\d+\.\d+)/;

interface Machine {
  kubelet?: KubeVersion;
  joined: boolean;
  /** A registration still to come from a join's kubelet; a reset cancels it. */
  registration?: number;
}

export class MemoryMachineShell implements NodeShell {
  readonly calls: { node: string; argv: readonly string[]; privileged: boolean }[] = [];
  /** Join tokens that are valid now. */
  readonly tokens = new Set<string>();
  /** Every join token ever issued. */
  readonly issued: string[] = [];
  private readonly machines = new Map<string, Machine>();
  private registrations = 0;
  private readonly faults: { matches: (node: string, argv: readonly string[]) => boolean; result: Partial<CommandResult>; times: number }[] = [];

  constructor(
    private readonly cluster: MemoryCluster,
    private readonly options: { readonly commandMs?: number; readonly readyAfterJoinMs?: number } = {},
  ) {
    for (const name of cluster.nodes.keys()) this.machines.set(name, { joined: true });
  }

  /** A machine that exists but is not a node yet: a spare host, or one a hook created. */
  addMachine(name: string): void {
    if (!this.machines.has(name)) this.machines.set(name, { joined: false });
  }

  /** The next `times` commands that match return `result` instead of running. */
  failNext(matches: (node: string, argv: readonly string[]) => boolean, result: Partial<CommandResult>, times = 1): void {
    this.faults.push({ matches, result, times });
  }

  /**
   * A join the caller was killed in: `kubeadm join` went as far as starting the kubelet on
   * `name` (kubelet `version` installed), and the kubelet registers its node `registersAfterMs`
   * later, or never when undefined.
   */
  joinCutShort(name: string, version: KubeVersion, registersAfterMs?: number): void {
    const machine = this.machines.get(name) ?? { joined: false };
    this.machines.set(name, machine);
    machine.kubelet = version;
    machine.joined = true;
    if (registersAfterMs !== undefined) {
      const registration = ++this.registrations;
      machine.registration = registration;
      this.cluster.clock.schedule(registersAfterMs, () => {
        if (machine.registration === registration) this.register(name, machine);
      });
    }
  }

  /** Whether a machine still has a join on it (not reset since). */
  isJoined(name: string): boolean {
    return this.machines.get(name)?.joined ?? false;
  }

  async run(node: string, argv: readonly string[], options: RunOptions): Promise<CommandResult> {
    this.calls.push({ node, argv, privileged: options.privileged });
    const commandMs = this.options.commandMs ?? 1_000;
    await this.cluster.clock.sleep(commandMs);
    const result = (partial: Partial<CommandResult>): CommandResult => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false, durationMs: commandMs, ...partial });
    const fault = this.faults.find((f) => f.times > 0 && f.matches(node, argv));
    if (fault) {
      fault.times -= 1;
      return result({ exitCode: 1, ...fault.result });
    }
    const machine = this.machines.get(node);
    if (!machine) return result({ exitCode: 255, stderr: `ssh: connect to host ${node}: no route to host` });
    return result(this.execute(node, machine, argv));
  }

  private execute(name: string, machine: Machine, argv: readonly string[]): Partial<CommandResult> {
    const [cmd, sub] = argv;
    if (cmd === 'apt-get' && sub === 'install') {
      for (const word of argv) {
        const m = PACKAGE.exec(word);
        if (m?.[1] === 'kubelet' && m[2]) machine.kubelet = parseVersion(m[2]);
      }
      return {};
    }
    if (cmd === 'apt-get' && sub === 'purge') {
      delete machine.kubelet;
      return {};
    }
    if (cmd === 'kubeadm' && sub === 'token') return this.token(argv);
    if (cmd === 'kubeadm' && sub === 'join') return this.join(name, machine, argv);
    if (cmd === 'kubeadm' && sub === 'reset') {
      machine.joined = false;
      delete machine.registration;
      return {};
    }
    if (cmd === 'test' && argv[2] === '/etc/kubernetes/kubelet.conf') return { exitCode: machine.joined ? 0 : 1 };
    if (cmd === 'kubectl') return this.kubectl(argv.slice(argv[1] === '--kubeconfig' ? 3 : 1));
    return {};
  }

  private token(argv: readonly string[]): Partial<CommandResult> {
    if (argv[2] === 'create') {
      // kubeadm makes a token up unless one is given (a bare word before the flags).
      const chosen = argv[3] !== undefined && !argv[3].startsWith('--') ? argv[3] : undefined;
      const token = chosen ?? `${String(this.issued.length + 1).padStart(6, '0')}.0123456789abcdef`;
      const id = token.split('.')[0] ?? '';
      if ([...this.tokens].some((t) => t.startsWith(`${id}.`))) return { exitCode: 1, stderr: `failed to create bootstrap token with name "bootstrap-token-${id}": secrets "bootstrap-token-${id}" already exists` };
      this.issued.push(token);
      this.tokens.add(token);
      return { stdout: `kubeadm join 10.0.0.1:6443 --token ${token} --discovery-token-ca-cert-hash ${HASH} \n` };
    }
    if (argv[2] === 'delete') {
      const gone = [...this.tokens].filter((t) => t.startsWith(`${argv[3] ?? ''}.`));
      if (gone.length === 0) return { exitCode: 1, stderr: `bootstrap token "${argv[3] ?? ''}" not found` };
      for (const token of gone) this.tokens.delete(token);
    }
    return {};
  }

  private join(name: string, machine: Machine, argv: readonly string[]): Partial<CommandResult> {
    const token = argv[argv.indexOf('--token') + 1];
    const nodeName = argv[argv.indexOf('--node-name') + 1] ?? name;
    if (!token || !this.tokens.has(token)) return { exitCode: 1, stderr: 'error execution phase preflight: couldn\'t validate the identity of the API Server: invalid bootstrap token' };
    if (!machine.kubelet) return { exitCode: 1, stderr: '[preflight] Some fatal errors occurred: kubelet not found in system path' };
    if (machine.joined || this.cluster.nodes.has(nodeName)) return { exitCode: 1, stderr: `a Node with name "${nodeName}" and status "Ready" already exists in the cluster` };
    const error = this.register(nodeName, machine);
    if (error) return { exitCode: 1, stderr: error };
    machine.joined = true;
    return { stdout: 'This node has joined the cluster\n' };
  }

  /** The kubelet of `machine` registers node `nodeName` (NotReady, Ready a little later). */
  private register(nodeName: string, machine: Machine): string | undefined {
    const template = [...this.cluster.base.nodes].find((n) => n.role === 'worker');
    if (!template) return 'no worker to model a node on';
    const kubelet = machine.kubelet ?? template.kubelet;
    this.cluster.addNode({
      ...template,
      name: nodeName,
      kubelet,
      kubeadm: kubelet,
      kubectl: kubelet,
      labels: { 'kubernetes.io/hostname': nodeName, 'kubernetes.io/os': 'linux' },
      taints: [],
      ready: false,
      cordoned: false,
    });
    this.cluster.clock.schedule(this.options.readyAfterJoinMs ?? 15_000, () => this.cluster.updateNode(nodeName, { ready: true }));
    return undefined;
  }

  private kubectl(args: readonly string[]): Partial<CommandResult> {
    const [verb, kind, nodeName, ...rest] = args;
    if (kind !== 'node' || !nodeName) return {};
    const node = this.cluster.nodes.get(nodeName);
    if (verb === 'delete') {
      if (!node && !rest.includes('--ignore-not-found')) return { exitCode: 1, stderr: `Error from server (NotFound): nodes "${nodeName}" not found` };
      if (node) this.cluster.removeNode(nodeName);
      return {};
    }
    if (!node) return { exitCode: 1, stderr: `Error from server (NotFound): nodes "${nodeName}" not found` };
    if (verb === 'get') return { stdout: `node/${nodeName}\n` };
    const words = rest.filter((w) => !w.startsWith('--'));
    if (verb === 'label') {
      const labels = Object.fromEntries(words.map((w) => w.split('=') as [string, string]));
      this.cluster.updateNode(nodeName, { labels: { ...node.labels, ...labels } });
    }
    if (verb === 'taint') {
      const taints = words.map((w): Taint => {
        const [keyValue = '', effect = 'NoSchedule'] = w.split(':');
        const [key = '', value] = keyValue.split('=');
        return { key, ...(value !== undefined ? { value } : {}), effect: effect as Taint['effect'] };
      });
      this.cluster.updateNode(nodeName, { taints: [...node.taints, ...taints] });
    }
    return {};
  }
}
