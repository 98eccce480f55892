import { appendFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, makeInformer, PatchStrategy, setHeaderOptions, type Informer, type ObjectCache, type V1Pod } from '@kubernetes/client-node';
import { DEFAULT_CAPACITY, nodeObjectOf, nodeStatusOf, type NodeCapacity } from './node-object.js';
import {
  clusterObservedFile,
  nodeDirOf,
  nodeNamesOf,
  nodeObservedFile,
  readClusterState,
  readNodeState,
  writeJsonFile,
  type NodeState,
} from './node-state.js';
import { isApiStatus, PodKeeper } from './pod-keeper.js';
import { missingMirrorPods, syncClusterObjects, syncMirrorPods } from './sync-cluster-objects.js';

// The kubelets of the emulated nodes, played by one process over @kubernetes/client-node: it
// registers the Node objects and keeps them Ready with heartbeats, reports what each node's state
// file says (the running kubelet's version; a restart shows NotReady for a moment), starts and
// finalises the pods bound to the nodes (PodKeeper), keeps the control-plane nodes' mirror pods
// and kubeadm's cluster objects in line with the state, and writes back which generation of each
// state the API now shows, so kubeadm on the node can wait for it. It watches the pods through an
// informer and the state files through fs.watch (with a slow poll as a safety net).

export interface NodeAgentOptions {
  readonly kubeconfig: string;
  readonly clusterDir: string;
  /** Node status heartbeats; the node lifecycle controller gives up after 40 s. Default 10 s. */
  readonly heartbeatMs?: number;
  /** How long a node shows NotReady after `systemctl restart kubelet`. Default 3 s. */
  readonly kubeletRestartMs?: number;
  /** From a pod's binding to its Running status. Default 300 ms. */
  readonly podStartMs?: number;
  /** The longest a deleted pod waits for its grace period before the agent finalises it. Default 2 s. */
  readonly maxGraceMs?: number;
  readonly capacity?: NodeCapacity;
  /** Default: append to CLUSTER_DIR/agent.log. */
  readonly log?: (line: string) => void;
}

interface NodeRuntime {
  readonly name: string;
  readonly index: number;
  uid?: string;
  restarts: number;
  notReadyUntil: number;
  ready?: boolean;
  readySince: string;
  lastStatusKey?: string;
  lastHeartbeat: number;
  mirroredGeneration: number;
  observedGeneration: number;
}

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const POLL_MS = 1_000;

/** Runs `work` one at a time; a trigger during a run asks for one more run after it. */
class Serial {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly work: () => Promise<void>, private readonly onError: (error: unknown) => void) {}

  trigger(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.work();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again);
      this.running = undefined;
    })();
    return this.running;
  }
}

export class NodeAgent {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly nodes = new Map<string, NodeRuntime>();
  private readonly serials = new Map<string, Serial>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly watchers: FSWatcher[] = [];
  private readonly pods: PodKeeper;
  private informer: (Informer<V1Pod> & ObjectCache<V1Pod>) | undefined;
  private clusterGeneration = 0;
  private stopped = false;
  private readonly log: (line: string) => void;

  private constructor(
    private readonly config: KubeConfig,
    private readonly options: NodeAgentOptions,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    const logFile = join(options.clusterDir, 'agent.log');
    this.log = options.log ?? ((line) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`));
    this.pods = new PodKeeper({
      core: this.core,
      nodeIndex: (node) => this.nodes.get(node)?.index,
      podStartMs: options.podStartMs ?? 300,
      maxGraceMs: options.maxGraceMs ?? 2_000,
      log: this.log,
    });
  }

  /** Registers the nodes, shows them Ready, creates kubeadm's objects, and starts watching. */
  static async start(options: NodeAgentOptions): Promise<NodeAgent> {
    const config = new KubeConfig();
    config.loadFromFile(options.kubeconfig);
    const agent = new NodeAgent(config, options);
    try {
      await agent.begin();
    } catch (error) {
      await agent.stop();
      throw error;
    }
    return agent;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const w of this.watchers) w.close();
    this.pods.stop();
    await this.informer?.stop().catch(() => undefined);
    await Promise.all([...this.serials.values()].map((s) => s.trigger().catch(() => undefined)));
  }

  private async begin(): Promise<void> {
    const { clusterDir } = this.options;
    const now = new Date().toISOString();
    nodeNamesOf(clusterDir).forEach((name, index) => {
      this.nodes.set(name, { name, index, restarts: readNodeState(nodeDirOf(clusterDir, name)).kubelet.restarts, notReadyUntil: 0, readySince: now, lastHeartbeat: 0, mirroredGeneration: 0, observedGeneration: 0 });
    });
    for (const name of this.nodes.keys()) await this.register(name);
    await Promise.all([...this.nodes.keys()].map((name) => this.serial(name).trigger()));
    await this.serial('cluster').trigger();
    await this.startInformer();
    this.watchFiles();
    const heartbeatMs = this.options.heartbeatMs ?? 10_000;
    this.timers.push(setInterval(() => this.triggerAll(), Math.min(heartbeatMs, POLL_MS)));
    this.timers.push(setInterval(() => this.resyncPods(), 5_000));
  }

  private serial(key: string): Serial {
    let serial = this.serials.get(key);
    if (!serial) {
      const work = key === 'cluster' ? () => this.reconcileCluster() : () => this.reconcileNode(key);
      serial = new Serial(work, (error) => this.log(`failed to reconcile ${key}: ${(error as Error).message}`));
      this.serials.set(key, serial);
    }
    return serial;
  }

  private triggerAll(): void {
    if (this.stopped) return;
    for (const name of this.nodes.keys()) void this.serial(name).trigger();
    void this.serial('cluster').trigger();
  }

  private async register(name: string): Promise<void> {
    const runtime = this.nodes.get(name) as NodeRuntime;
    const state = readNodeState(nodeDirOf(this.options.clusterDir, name));
    try {
      runtime.uid = (await this.core.createNode({ body: nodeObjectOf(state) })).metadata?.uid;
      this.log(`registered node ${name}`);
    } catch (error) {
      if (!isApiStatus(error, 409)) throw error;
      runtime.uid = (await this.core.readNode({ name })).metadata?.uid;
    }
  }

  private async reconcileNode(name: string): Promise<void> {
    if (this.stopped) return;
    const runtime = this.nodes.get(name) as NodeRuntime;
    const nodeDir = nodeDirOf(this.options.clusterDir, name);
    const state = readNodeState(nodeDir);
    const now = Date.now();
    const restartMs = this.options.kubeletRestartMs ?? 3_000;
    if (state.kubelet.restarts > runtime.restarts) {
      runtime.restarts = state.kubelet.restarts;
      runtime.notReadyUntil = now + restartMs;
      this.log(`kubelet on ${name} restarts at ${state.kubelet.running}`);
      this.timers.push(setTimeout(() => void this.serial(name).trigger(), restartMs + 20));
    }
    const ready = now >= runtime.notReadyUntil;
    if (ready !== runtime.ready) {
      runtime.ready = ready;
      runtime.readySince = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
    }
    const statusKey = JSON.stringify([ready, state.kubelet.running, state.kubelet.restarts]);
    if (statusKey !== runtime.lastStatusKey || now - runtime.lastHeartbeat >= (this.options.heartbeatMs ?? 10_000)) {
      await this.postStatus(state, runtime, ready);
      runtime.lastStatusKey = statusKey;
      runtime.lastHeartbeat = now;
    }
    if (state.generation !== runtime.mirroredGeneration) {
      for (const pod of await syncMirrorPods(this.core, state, runtime.uid, this.log)) await this.pods.markRunning(pod);
      // kubeadm goes on once this generation is acknowledged: make sure the API shows it.
      const missing = await missingMirrorPods(this.core, state);
      if (missing.length > 0) throw new Error(`mirror pods ${missing.join(', ')} are not as generation ${state.generation} of ${name} has them; retrying`);
      runtime.mirroredGeneration = state.generation;
    }
    if (state.generation !== runtime.observedGeneration) {
      writeJsonFile(nodeObservedFile(nodeDir), { generation: state.generation });
      runtime.observedGeneration = state.generation;
    }
  }

  private async postStatus(state: NodeState, runtime: NodeRuntime, ready: boolean): Promise<void> {
    const body = nodeStatusOf(state, {
      ready,
      now: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      readySince: runtime.readySince,
      capacity: this.options.capacity ?? DEFAULT_CAPACITY,
      index: runtime.index,
    });
    try {
      await this.core.patchNodeStatus({ name: state.name, body }, MERGE_PATCH);
    } catch (error) {
      // Someone deleted the Node: register it again, as a restarted kubelet would.
      if (!isApiStatus(error, 404)) throw error;
      await this.register(state.name);
      await this.core.patchNodeStatus({ name: state.name, body }, MERGE_PATCH);
    }
  }

  private async reconcileCluster(): Promise<void> {
    if (this.stopped) return;
    const cluster = readClusterState(this.options.clusterDir);
    if (cluster.generation === this.clusterGeneration) return;
    const controlPlanes = [...this.nodes.keys()].filter((n) => readNodeState(nodeDirOf(this.options.clusterDir, n)).role === 'control-plane');
    await syncClusterObjects({ core: this.core, apps: this.apps }, cluster, controlPlanes);
    writeJsonFile(clusterObservedFile(this.options.clusterDir), { generation: cluster.generation });
    this.clusterGeneration = cluster.generation;
  }

  private async startInformer(): Promise<void> {
    const informer = makeInformer<V1Pod>(this.config, '/api/v1/pods', () => this.core.listPodForAllNamespaces());
    const seen = (pod: V1Pod) => this.pods.observe(pod);
    informer.on('add', seen);
    informer.on('update', seen);
    informer.on('delete', (pod) => {
      this.pods.forget(pod);
      // A mirror pod deleted by someone comes back, as the kubelet re-creates it.
      const node = pod.spec?.nodeName;
      const runtime = node === undefined ? undefined : this.nodes.get(node);
      if (runtime && pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) {
        runtime.mirroredGeneration = -1;
        void this.serial(runtime.name).trigger();
      }
    });
    informer.on('error', (error: unknown) => {
      if (this.stopped) return;
      this.log(`pod watch failed, restarting in 1s: ${(error as Error)?.message ?? String(error)}`);
      this.timers.push(setTimeout(() => void (this.stopped ? undefined : informer.start().catch(() => undefined)), 1_000));
    });
    this.informer = informer;
    await informer.start();
  }

  private resyncPods(): void {
    if (this.stopped || !this.informer) return;
    for (const pod of this.informer.list()) this.pods.observe(pod);
  }

  private watchFiles(): void {
    const { clusterDir } = this.options;
    const onChange = (key: string) => (_event: string, file: string | Buffer | null) => {
      const name = String(file ?? '');
      if (name === 'state.json' || name === 'cluster.json') void this.serial(key).trigger();
    };
    this.watchers.push(watch(clusterDir, onChange('cluster')));
    for (const name of this.nodes.keys()) this.watchers.push(watch(nodeDirOf(clusterDir, name), onChange(name)));
  }
}
