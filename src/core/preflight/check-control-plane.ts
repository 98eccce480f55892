import type { ClusterSnapshot, NodeSnapshot, PodSnapshot } from '../cluster/index.js';
import type { Finding } from '../findings.js';

// What kubeadm's own health checks refuse, found before the first step: a control-plane node
// NotReady, a static control-plane pod not running, etcd unhealthy. A static pod that is only
// starting (its containers run, its probes have not passed yet, for no longer than they may take)
// is a note to wait, not a blocker.

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;

/**
 * How long a static pod may stay not ready while it starts: kubeadm gives its control-plane
 * pods' startup probes 10 s, then 24 tries 10 s apart (its 4-minute control-plane timeout).
 * The kubelet re-runs the probes whenever it restarts, so a pod is briefly not ready then too.
 */
export const STATIC_POD_STARTUP_SECONDS = 250;

/** Running, its containers up, and not ready for less time than its startup probes may take. */
function isStarting(pod: PodSnapshot): boolean {
  return pod.phase === 'Running' && pod.notReady !== undefined && pod.notReady.containersUp && pod.notReady.forSeconds <= STATIC_POD_STARTUP_SECONDS;
}

/** Why a Running, not ready pod is down rather than starting, when its status tells. */
function downFor(pod: PodSnapshot): string {
  if (!pod.notReady) return '';
  if (!pod.notReady.containersUp) return `, a container of it not running or exited in the ${pod.notReady.forSeconds}s since`;
  return ` for ${pod.notReady.forSeconds}s, longer than its startup probes may take`;
}

function staticPodFindings(node: NodeSnapshot, mirrors: readonly PodSnapshot[], etcd: ClusterSnapshot['etcd']): Finding[] {
  // A reader that does not list mirror pods tells nothing about them: say nothing.
  if (mirrors.length === 0) return [];
  const findings: Finding[] = [];
  for (const component of COMPONENTS) {
    if (component === 'etcd' && etcd === 'external') continue;
    const name = `${component}-${node.name}`;
    const pod = mirrors.find((p) => p.name === name);
    if (pod && pod.phase === 'Running' && pod.ready) continue;
    if (pod && isStarting(pod)) {
      findings.push({
        code: 'STATIC_POD_STARTING',
        severity: 'info',
        subject: `node/${node.name} ${component}`,
        message: `${component} is starting on ${node.name}: its mirror pod kube-system/${name} runs its containers and has not been ready for ${pod.notReady?.forSeconds ?? 0}s, within the ${STATIC_POD_STARTUP_SECONDS}s its startup probes may take (they run again after a kubelet restart) — wait until it is ready before upgrading; still not ready after ${STATIC_POD_STARTUP_SECONDS}s, it is down`,
      });
      continue;
    }
    const state = pod ? `its mirror pod kube-system/${name} is ${pod.phase}${pod.phase === 'Running' ? ` but not ready${downFor(pod)}` : ''}` : `there is no mirror pod kube-system/${name}`;
    findings.push({
      code: 'STATIC_POD_NOT_RUNNING',
      severity: 'blocking',
      subject: `node/${node.name} ${component}`,
      message: `${component} is not running on ${node.name} (${state}): kubeadm upgrades a control plane only when its components are healthy — look at the kubelet log and /etc/kubernetes/manifests/${component}.yaml on ${node.name}`,
    });
  }
  return findings;
}

export function checkControlPlane(cluster: ClusterSnapshot): Finding[] {
  const findings: Finding[] = [];
  for (const node of cluster.nodes) {
    if (node.role !== 'control-plane') continue;
    if (!node.ready) {
      findings.push({
        code: 'CONTROL_PLANE_NODE_NOT_READY',
        severity: 'blocking',
        subject: `node/${node.name}`,
        message: `control-plane node ${node.name} is NotReady: kubeadm's cluster health check refuses to upgrade while a control-plane node is NotReady — bring it back, or remove it from the cluster (kubeadm reset, kubectl delete node ${node.name}) first`,
      });
      continue;
    }
    const mirrors = cluster.pods.filter((p) => p.mirror && p.node === node.name && p.namespace === 'kube-system');
    findings.push(...staticPodFindings(node, mirrors, cluster.etcd));
  }
  if (cluster.etcdHealthy === false) {
    findings.push({
      code: 'ETCD_UNHEALTHY',
      severity: 'blocking',
      subject: 'etcd',
      message: `${cluster.etcd === 'external' ? 'the external' : 'the stacked'} etcd is not healthy: every control-plane hop restarts the API servers on it and kubeadm upgrades a local etcd member by member, which an unhealthy cluster may not survive — restore every member (etcdctl endpoint health --cluster) and take a snapshot first`,
    });
  }
  return findings;
}
