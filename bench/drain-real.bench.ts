import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeClusterApi, KubeHttp, loadKubeConfig, type KubeHttpOptions } from '../src/adapters/kube/index.js';
import { SystemClock } from '../src/adapters/shared/system-clock.js';
import { DEFAULT_DRAIN_OPTIONS } from '../src/engine/drain/drain-options.js';
import { drainNode } from '../src/engine/drain/drain-node.js';
import { pathWithQuery } from '../src/adapters/kube/kube-request.js';
import type { NodeShell } from '../src/ports/index.js';
import { e2eClusterSkipReason, startE2eCluster } from '../test/e2e/e2e-cluster.js';
import { describeKinds, requestKindOf } from './request-kind.js';

// One node drained twice on the real v1.20.2 control plane with emulated nodes: by kubehop's
// drainNode over KubeClusterApi, and by the kubectl built with the control plane. Six pods of
// a Deployment under a PDB with maxUnavailable 1, so both must wait out 429s; the pods are
// spread again (uncordon + rollout restart) before each drain. Requests: kubehop's counted by
// a KubeHttp that counts what it sends; kubectl's from its -v=6 lines (one per request). With
// KUBEHOP_BENCH_VERBOSE=1 each side's requests are also listed by kind.

const run = promisify(execFile);
const skip = e2eClusterSkipReason();
const NODE = 'worker-1';
const REPLICAS = 6;
const ROUNDS = Number(process.env.KUBEHOP_BENCH_ROUNDS ?? 2);

class CountingHttp extends KubeHttp {
  requests = 0;
  watches = 0;
  readonly kinds: string[] = [];
  override send(...args: Parameters<KubeHttp['send']>): ReturnType<KubeHttp['send']> {
    this.requests++;
    this.kinds.push(requestKindOf(args[0].method, pathWithQuery(args[0].path, args[0].query)));
    return super.send(...args);
  }
  override watch(...args: Parameters<KubeHttp['watch']>): ReturnType<KubeHttp['watch']> {
    this.watches++;
    this.kinds.push(requestKindOf(args[0].method, pathWithQuery(args[0].path, args[0].query)));
    return super.watch(...args);
  }
}

const noShell: NodeShell = new Proxy({} as NodeShell, {
  get: () => () => Promise.reject(new Error('a drain runs no node command')),
});

if (skip) {
  console.log(`drain-real: skipped: ${skip}`);
} else {
  const cluster = await startE2eCluster({ controlPlanes: 1, workers: 2 });
  const kubectlBin = cluster.env.KUBEHOP_CP_KUBECTL as string;
  const kubectl = async (args: readonly string[]) => (await run(kubectlBin, ['--kubeconfig', cluster.kubeconfig, ...args], { maxBuffer: 64 * 2 ** 20 })).stdout;
  const readyPodsOn = async (): Promise<{ ready: number; onNode: number }> => {
    const pods = JSON.parse(await kubectl(['get', 'pods', '-n', 'default', '-l', 'app=bench', '-o', 'json'])).items as { metadata: { deletionTimestamp?: string }; spec: { nodeName?: string }; status: { conditions?: { type: string; status: string }[] } }[];
    const live = pods.filter((p) => !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
    return { ready: pods.length === REPLICAS ? live.length : -1, onNode: live.filter((p) => p.spec.nodeName === NODE).length };
  };
  // Both drains start from half the pods on the node: restarted until the scheduler spreads them so.
  const settle = async (): Promise<number> => {
    await kubectl(['uncordon', NODE]);
    let seen = { ready: 0, onNode: 0 };
    for (let attempt = 0; attempt < 3; attempt++) {
      await kubectl(['rollout', 'restart', 'deployment/bench', '-n', 'default']);
      await kubectl(['rollout', 'status', 'deployment/bench', '-n', 'default', '--timeout=180s']);
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
        seen = await readyPodsOn();
        if (seen.ready === REPLICAS) break;
      }
      if (seen.ready === REPLICAS && seen.onNode === REPLICAS / 2) return seen.onNode;
    }
    // The scheduler's spread is soft: report an uneven start rather than fail (the table shows it).
    if (seen.ready === REPLICAS && seen.onNode > 0) return seen.onNode;
    throw new Error(`failed to get ${REPLICAS} Ready bench pods with some on ${NODE}: last saw ${JSON.stringify(seen)}`);
  };
  try {
    const manifest = join(cluster.dir, 'bench.yaml');
    writeFileSync(manifest, `
apiVersion: apps/v1
kind: Deployment
metadata: { name: bench, namespace: default }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: bench } }
  template:
    metadata: { labels: { app: bench } }
    spec:
      automountServiceAccountToken: false
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app: bench } } }]
      containers: [{ name: app, image: "nginx:1.25" }]
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: { name: bench, namespace: default }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: bench } }
`);
    await kubectl(['apply', '-f', manifest]);

    const loaded = loadKubeConfig({ kubeconfig: cluster.kubeconfig });
    const rows: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const kubehopPods = await settle();
      const http = new CountingHttp(loaded.config, { server: loaded.server, context: loaded.context, user: loaded.user } as KubeHttp['identity'], {} satisfies KubeHttpOptions);
      const api = new KubeClusterApi(http, loaded.clusterName);
      const timeline: string[] = [];
      let evictions = 0;
      let refused = 0;
      const started = Date.now();
      const outcome = await drainNode(
        {
          api,
          shell: noShell,
          clock: new SystemClock(),
          emit: (event) => {
            if (event.kind === 'pod-evicted') evictions++;
            if (event.kind === 'eviction-blocked') refused++;
            timeline.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${event.kind}${'pod' in event ? ` ${event.pod}` : ''}`);
          },
        },
        { node: NODE, options: DEFAULT_DRAIN_OPTIONS },
      );
      const kubehopMs = Date.now() - started;
      http.close();
      if (outcome.status !== 'drained') throw new Error(`kubehop's drain of ${NODE} ended ${outcome.status}: ${'message' in outcome ? outcome.message : ''}`);
      if (process.env.KUBEHOP_BENCH_VERBOSE === '1') console.log(`  kubehop events, round ${round}: ${timeline.join('; ')}`);

      const kubectlPods = await settle();
      const startedKubectl = Date.now();
      const { stderr } = await run(kubectlBin, ['--kubeconfig', cluster.kubeconfig, 'drain', NODE, '--ignore-daemonsets', '--timeout=300s', '-v=6'], { maxBuffer: 64 * 2 ** 20 });
      const kubectlMs = Date.now() - startedKubectl;
      const lines = stderr.split('\n').filter((l) => /\b(GET|POST|PATCH|PUT|DELETE) https:\/\//.test(l));
      const kubectlRefused = lines.filter((l) => /POST https:\/\/\S+\/eviction 429/.test(l)).length;
      if (process.env.KUBEHOP_BENCH_VERBOSE === '1') {
        const kubectlKinds = lines.map((l) => /\b(GET|POST|PATCH|PUT|DELETE) https:\/\/[^/\s]+(\S*)/.exec(l)).map((m) => requestKindOf(m?.[1] ?? '', m?.[2] ?? '/'));
        console.log(`  kubehop requests, round ${round}: ${describeKinds(http.kinds)}`);
        console.log(`  kubectl requests, round ${round}: ${describeKinds(kubectlKinds)}`);
      }
      rows.push(`| ${round} | kubehop drainNode | ${(kubehopMs / 1000).toFixed(1)} s | ${http.requests} + ${http.watches} watches | ${kubehopPods} | ${refused} |`);
      rows.push(`| ${round} | kubectl drain | ${(kubectlMs / 1000).toFixed(1)} s | ${lines.length} | ${kubectlPods} | ${kubectlRefused} |`);
    }
    await kubectl(['uncordon', NODE]);

    console.log(`drain-real: ${NODE}, ${REPLICAS}-replica Deployment under a PDB (maxUnavailable 1), real v1.20.2 control plane`);
    console.log('| round | drain | wall | API requests | bench pods on the node | evictions refused (429) |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    await cluster.stop();
  }
}
