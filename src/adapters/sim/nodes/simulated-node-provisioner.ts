import { TIMING_MODEL } from '../../../core/timing/index.js';
import { ClusterApiError } from '../../../core/errors.js';
import { formatVersion, type KubeVersion } from '../../../core/version/index.js';
import type { NodeSnapshot } from '../../../core/cluster/index.js';
import type { NewWorkerRequest, NodeProvisioner } from '../../../ports/index.js';
import { API_DOWN_MESSAGE } from '../api/simulated-cluster-api.js';
import { baseDirectories } from './file-commands.js';
import type { SimContext } from '../sim-context.js';
import { freshHost } from './sim-host.js';
import type { SimNode } from '../state/sim-model.js';

// Surge capacity, timed as the kubeadm-join provisioner works on real machines: a new worker
// shaped like a template node (size, OS, labels, taints) gets its packages, joins with kubeadm at
// the requested version (a join takes 35-52 s on a real kubeadm cluster), and is Ready a little
// later; removing a worker deletes the node object with its pods, which their controllers then
// recreate elsewhere, and resets its machine.

const JOIN_RETRY_MS = 5_000;

export class SimulatedNodeProvisioner implements NodeProvisioner {
  private count = 0;

  constructor(private readonly ctx: SimContext) {}

  async addWorker(request: NewWorkerRequest, named: (name: string) => Promise<void>): Promise<string> {
    const { ctx } = this;
    const template = request.template.name;
    const version: KubeVersion = request.version;
    const model = ctx.state.nodes.get(template);
    if (!model) throw new ClusterApiError(`failed to add a worker like ${template}: nodes "${template}" not found`, 404);
    const prefix = template.replace(/-\d+$/, '');
    let name: string;
    if (request.name !== undefined && !ctx.state.nodes.has(request.name)) name = request.name;
    else {
      do name = `${prefix}-surge-${++this.count}`;
      while (ctx.state.nodes.has(name));
    }
    await named(name);
    ctx.log.add('machine-booting', name, `like ${template}, ${formatVersion(version)}`);
    // prepare-host: the repository, three packages, the hold.
    await ctx.clock.sleep(ctx.rng.durationIn(TIMING_MODEL.prepareHost));
    // create-join-token and kubeadm join need the API.
    while (!ctx.state.apiUp) await ctx.clock.sleep(JOIN_RETRY_MS);
    await ctx.clock.sleep(ctx.rng.durationIn(TIMING_MODEL.joinNode));
    const held = model.os.packageManager === 'apt';
    const node: SimNode = {
      name,
      role: 'worker',
      os: model.os,
      allocatable: model.allocatable,
      labels: { ...model.labels, 'kubernetes.io/hostname': name },
      taints: model.taints,
      repository: model.repository.era === 'pkgs' ? { era: 'pkgs', minor: version.minor } : model.repository,
      aptListsMinor: model.repository.era === 'pkgs' ? version.minor : undefined,
      cordoned: false,
      ready: false,
      kubelet: version,
      kubeProxy: ctx.state.addons.kubeProxy ?? version,
      packages: { kubeadm: { version, held }, kubelet: { version, held }, kubectl: { version, held } },
      lastManagedBy: version,
      controlPlane: undefined,
      used: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
      kubeletGeneration: 0,
      host: freshHost(model.host),
      files: new Map(),
      dirs: baseDirectories(),
      view: undefined,
    };
    ctx.state.batch(() => {
      ctx.state.addNode(node);
      ctx.log.add('node-joined', name, formatVersion(version));
    });
    await ctx.clock.sleep(ctx.rng.durationIn(TIMING_MODEL.joinedNodeReady));
    if (ctx.state.nodes.get(name) === node) {
      ctx.state.batch(() => {
        ctx.state.setNodeReady(node, true);
        ctx.log.add('node-ready', name, `kubelet ${formatVersion(version)}`);
      });
    }
    return name;
  }

  /** A simulated node joins with its template's labels and taints in one step and no token: nothing is left to do. */
  async adoptWorker(name: string, _template: NodeSnapshot): Promise<void> {
    if (!this.ctx.state.apiUp) throw new ClusterApiError(API_DOWN_MESSAGE, undefined);
    if (!this.ctx.state.nodes.has(name)) throw new ClusterApiError(`failed to label node ${name}: nodes "${name}" not found`, 404);
  }

  async removeWorker(name: string, _like: NodeSnapshot): Promise<void> {
    const { ctx } = this;
    if (!ctx.state.apiUp) throw new ClusterApiError(API_DOWN_MESSAGE, undefined);
    const node = ctx.state.nodes.get(name);
    if (!node) throw new ClusterApiError(`failed to remove node ${name}: nodes "${name}" not found`, 404);
    if (node.role === 'control-plane') throw new ClusterApiError(`failed to remove node ${name}: it is a control-plane node; only workers are removed`, 400);
    ctx.state.batch(() => {
      for (const pod of [...ctx.state.podsOn(name)]) ctx.state.removePod(pod);
      ctx.state.removeNode(node);
      ctx.log.add('node-removed', name);
    });
    // kubectl delete node, then kubeadm reset and the package purge on the machine.
    await ctx.clock.sleep(ctx.rng.durationIn(TIMING_MODEL.deleteNode) + ctx.rng.durationIn(TIMING_MODEL.resetHost));
  }
}
