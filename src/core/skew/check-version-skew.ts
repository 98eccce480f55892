import type { Finding } from '../findings.js';
import { compareVersions, formatMinor, formatVersion, maxVersion, minVersion, type KubeVersion } from '../version/index.js';
import { maxNodeComponentLag, maxProxyKubeletSkew } from './skew-eras.js';
import type { VersionState } from './version-state.js';

export type SkewFinding = Finding;

const v = formatVersion;

/**
 * The Kubernetes version skew policy over one moment of a cluster. kube-apiserver is the
 * reference; every rule names the component, node and versions and says what to do.
 */
export function checkVersionSkew(state: VersionState): SkewFinding[] {
  const findings: SkewFinding[] = [];
  const apiservers = state.controlPlane.map((c) => c.apiserver);
  const newest = maxVersion(apiservers);
  const oldest = minVersion(apiservers);
  if (!newest || !oldest) {
    return [
      {
        code: 'NO_CONTROL_PLANE',
        severity: 'blocking',
        subject: 'kube-apiserver',
        message: 'no kube-apiserver version is known: describe at least one control-plane node with its component versions',
      },
    ];
  }

  if (newest.minor - oldest.minor > 1) {
    const newestNode = state.controlPlane.find((c) => compareVersions(c.apiserver, newest) === 0)?.node ?? '?';
    const oldestNode = state.controlPlane.find((c) => compareVersions(c.apiserver, oldest) === 0)?.node ?? '?';
    findings.push({
      code: 'APISERVER_HA_SKEW',
      severity: 'blocking',
      subject: 'kube-apiserver',
      message: `kube-apiserver instances are more than one minor apart: ${v(newest)} on ${newestNode}, ${v(oldest)} on ${oldestNode}; HA instances must be within one minor — upgrade ${oldestNode} first`,
    });
  }

  for (const cp of state.controlPlane) {
    for (const [name, version] of [
      ['kube-controller-manager', cp.controllerManager],
      ['kube-scheduler', cp.scheduler],
    ] as const) {
      // kubeadm wires these to the kube-apiserver on their own node.
      if (version.minor > cp.apiserver.minor) {
        findings.push({
          code: 'CONTROL_PLANE_COMPONENT_NEWER_THAN_APISERVER',
          severity: 'blocking',
          subject: `node/${cp.node} ${name}`,
          message: `${name} ${v(version)} on ${cp.node} is newer than kube-apiserver ${v(cp.apiserver)} it talks to; it must not be newer — upgrade kube-apiserver first or roll ${name} back to ${formatMinor(cp.apiserver)}`,
        });
      } else if (cp.apiserver.minor - version.minor > 1) {
        findings.push({
          code: 'CONTROL_PLANE_COMPONENT_TOO_OLD',
          severity: 'blocking',
          subject: `node/${cp.node} ${name}`,
          message: `${name} ${v(version)} on ${cp.node} is ${cp.apiserver.minor - version.minor} minors older than kube-apiserver ${v(cp.apiserver)}; at most one minor older is supported — upgrade it to ${formatMinor(cp.apiserver)}`,
        });
      }
    }
  }

  for (const node of state.nodes) {
    checkNodeComponent(findings, 'kubelet', node.node, node.kubelet, newest, oldest);
    if (node.kubeProxy) {
      checkNodeComponent(findings, 'kube-proxy', node.node, node.kubeProxy, newest, oldest);
      const limit = maxProxyKubeletSkew(newest.minor, node.kubeProxy.minor, node.kubelet.minor);
      const gap = Math.abs(node.kubeProxy.minor - node.kubelet.minor);
      if (gap > limit) {
        findings.push({
          code: 'KUBE_PROXY_KUBELET_SKEW',
          severity: 'blocking',
          subject: `node/${node.node} kube-proxy`,
          message: `kube-proxy ${v(node.kubeProxy)} and kubelet ${v(node.kubelet)} on ${node.node} are ${gap} minors apart; at most ${limit} is supported — upgrade the older of the two`,
        });
      }
    }
    if (node.kubectl) checkKubectl(findings, `node/${node.node} kubectl`, `kubectl ${v(node.kubectl)} installed on ${node.node}`, node.kubectl, newest, oldest);
  }
  if (state.kubectl) checkKubectl(findings, 'kubectl', `your kubectl ${v(state.kubectl)}`, state.kubectl, newest, oldest);
  return findings;
}

function checkNodeComponent(
  findings: SkewFinding[],
  component: 'kubelet' | 'kube-proxy',
  node: string,
  version: KubeVersion,
  newest: KubeVersion,
  oldest: KubeVersion,
): void {
  const code = component === 'kubelet' ? 'KUBELET' : 'KUBE_PROXY';
  if (version.minor > oldest.minor) {
    findings.push({
      code: `${code}_NEWER_THAN_APISERVER`,
      severity: 'blocking',
      subject: `node/${node} ${component}`,
      message: `${component} ${v(version)} on ${node} is newer than kube-apiserver ${v(oldest)}; it must not be newer than any kube-apiserver — upgrade the control plane first or install ${component} ${formatMinor(oldest)} on ${node}`,
    });
    return;
  }
  const limit = maxNodeComponentLag(newest.minor, version.minor);
  const lag = newest.minor - version.minor;
  if (lag > limit) {
    findings.push({
      code: `${code}_TOO_OLD`,
      severity: 'blocking',
      subject: `node/${node} ${component}`,
      message: `${component} ${v(version)} on ${node} is ${lag} minors older than kube-apiserver ${v(newest)}; at most ${limit} is supported${limit === 2 && version.minor < 25 ? ` (${component} older than v1.25 may lag only two)` : ''} — upgrade ${component} on ${node} to at least ${formatMinor({ major: 1, minor: newest.minor - limit })}`,
    });
  }
}

function checkKubectl(
  findings: SkewFinding[],
  subject: string,
  what: string,
  version: KubeVersion,
  newest: KubeVersion,
  oldest: KubeVersion,
): void {
  const tooNew = version.minor - oldest.minor > 1;
  const tooOld = newest.minor - version.minor > 1;
  if (!tooNew && !tooOld) return;
  const against = tooNew ? oldest : newest;
  findings.push({
    code: 'KUBECTL_SKEW',
    severity: 'overridable',
    subject,
    message: `${what} is ${Math.abs(version.minor - against.minor)} minors ${tooNew ? 'newer' : 'older'} than kube-apiserver ${v(against)}; kubectl is supported within one minor either side — install kubectl ${formatMinor(newest)}${newest.minor !== oldest.minor ? ` or ${formatMinor(oldest)}` : ''}`,
  });
}
