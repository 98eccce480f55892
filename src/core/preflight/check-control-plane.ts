import type { ClusterSnapshot, NodeSnapshot, PodSnapshot } from '../cluster/index.js';
import type { Finding } from '../findings.js';

// What kubeadm's own health checks refuse, found before the first step: a control-plane node
// NotReady, a static control-plane pod not running, etcd unhealthy.

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;

function staticPodFindings(node: NodeSnapshot, mirrors: readonly PodSnapshot[], etcd: ClusterSnapshot['etcd']): Finding[] {
  // A reader that does not list mirror pods tells nothing about them: say nothing.
  if (mirrors.length === 0) return [];
  const findings: Finding[] = [];
  for (const component of COMPONENTS) {
    if (component === 'etcd' && etcd === 'external') continue;
    const name = `${component}-${node.name}`;
    const pod = mirrors.find((p) => p.name === name);
    if (pod && pod.phase === 'Running' && pod.ready) continue;
    const state = pod ? `its mirror pod kube-system/${name} is ${pod.phase}${pod.phase === 'Running' ? ' but not ready' : ''}` : `there is no mirror pod kube-system/${name}`;
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
