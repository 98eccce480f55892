import { matchesNodeSelector, toleratesTaints } from '../../../core/cluster/index.js';
import { refusingWebhook, webhookRefusal } from '../api/admission-webhooks.js';
import type { SimContext } from '../sim-context.js';
import { podKey, type SimNode, type SimPod, type SimWorkload } from '../state/sim-model.js';

// The workload controllers of kube-controller-manager, reduced to what an upgrade exercises:
// ReplicaSets (behind Deployments) replace a pod as soon as it is being deleted; a StatefulSet
// recreates the same name with a new uid once the old pod is gone, one at a time in ordinal
// order (OrderedReady); a DaemonSet keeps one pod on every eligible node, cordoned or not. The
// caller runs them only while the API and a controller-manager are up. A webhook that refuses
// pods (admission-webhooks.ts) makes every create fail: nothing is replaced until it answers.

function active(pod: SimPod): boolean {
  return !pod.deleting && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

export function reconcileWorkload(ctx: SimContext, workload: SimWorkload): void {
  switch (workload.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      return reconcileReplicas(ctx, workload);
    case 'StatefulSet':
      return reconcileStatefulSet(ctx, workload);
    case 'DaemonSet':
      return reconcileDaemonSet(ctx, workload);
    case 'Job':
      return;
  }
}

function reconcileReplicas(ctx: SimContext, workload: SimWorkload): void {
  let count = 0;
  for (const pod of ctx.state.podsOf(workload.key)) if (active(pod)) count++;
  for (let i = count; i < workload.replicas; i++) createPod(ctx, workload, generatedName(ctx, workload));
}

function reconcileStatefulSet(ctx: SimContext, workload: SimWorkload): void {
  for (let ordinal = 0; ordinal < workload.replicas; ordinal++) {
    const name = `${workload.name}-${ordinal}`;
    const pod = ctx.state.pods.get(podKey(workload.namespace, name));
    if (!pod) {
      createPod(ctx, workload, name);
      return;
    }
    if (pod.phase === 'Failed' || pod.phase === 'Succeeded') {
      ctx.state.removePod(pod);
      return;
    }
    // OrderedReady: wait for this ordinal to run and be Ready before touching the next.
    if (pod.deleting || pod.phase !== 'Running' || !pod.ready) return;
  }
}

/** Nodes a DaemonSet's pods go to: selector and taints only (they tolerate cordons). */
export function daemonSetNodes(ctx: SimContext, workload: SimWorkload): SimNode[] {
  const { nodeSelector, tolerations } = workload.template;
  return [...ctx.state.nodes.values()].filter((n) => matchesNodeSelector(nodeSelector, n.labels) && toleratesTaints(tolerations, n.taints));
}

function reconcileDaemonSet(ctx: SimContext, workload: SimWorkload): void {
  const nodes = daemonSetNodes(ctx, workload);
  const covered = new Set<string>();
  for (const pod of ctx.state.podsOf(workload.key)) {
    const where = pod.node ?? pod.targetNode;
    if (where !== undefined && active(pod)) covered.add(where);
  }
  for (const node of nodes) {
    if (!covered.has(node.name)) createPod(ctx, workload, generatedName(ctx, workload), node.name);
  }
}

function generatedName(ctx: SimContext, workload: SimWorkload): string {
  for (;;) {
    const name = `${workload.podPrefix}${ctx.rng.podSuffix()}`;
    if (!ctx.state.pods.has(podKey(workload.namespace, name))) return name;
  }
}

export function createPod(ctx: SimContext, workload: SimWorkload, name: string, targetNode?: string): SimPod | undefined {
  const refusing = refusingWebhook(ctx.state, 'pods');
  if (refusing) {
    ctx.log.add('pod-create-refused', `${workload.namespace}/${workload.name}`, `Error creating: ${webhookRefusal(refusing)}`);
    return undefined;
  }
  const { template } = workload;
  const pod: SimPod = {
    key: podKey(workload.namespace, name),
    namespace: workload.namespace,
    name,
    uid: ctx.rng.uid(),
    node: undefined,
    owner: { kind: workload.kind, name: workload.name },
    workload: workload.key,
    phase: 'Pending',
    started: false,
    ready: false,
    deleting: false,
    labels: workload.labels,
    requests: template.requests,
    emptyDir: template.emptyDir,
    mirror: false,
    targetNode,
    startupSeconds: template.startupSeconds,
    terminationGraceSeconds: template.terminationGraceSeconds,
    pdbs: [],
    starting: false,
    timers: [],
    awaitingNodeToGo: false,
    view: undefined,
  };
  ctx.state.addPod(pod);
  ctx.log.add('pod-created', pod.key, targetNode ? `for ${targetNode}` : undefined);
  return pod;
}
