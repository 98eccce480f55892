import type { V1Node } from '@kubernetes/client-node';
import type { NodeState } from './node-state.js';

// The Node object of an emulated node as kubeadm's kubelet would register it (v1.20 labels and
// the control-plane taint), and the status its heartbeats post: conditions, capacity, addresses
// and nodeInfo with the version of the kubelet that runs.

export interface NodeCapacity {
  readonly cpu: string;
  readonly memory: string;
  readonly pods: string;
}

export const DEFAULT_CAPACITY: NodeCapacity = { cpu: '4', memory: '8Gi', pods: '110' };
export const OS_IMAGE = 'Ubuntu 20.04.6 LTS';
export const CONTAINER_RUNTIME = 'containerd://1.4.13';

export function nodeObjectOf(state: NodeState): V1Node {
  const controlPlane = state.role === 'control-plane';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: state.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': state.name,
        'kubernetes.io/os': 'linux',
        // kubeadm v1.20 sets both role labels and still taints with the old name.
        ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' } : {}),
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': '/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'kubehop.io/emulated': 'true',
      },
    },
    spec: controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] } : {},
  };
}

export interface NodeStatusInput {
  readonly ready: boolean;
  /** ISO time of this heartbeat. */
  readonly now: string;
  /** ISO time the Ready condition last changed. */
  readonly readySince: string;
  readonly capacity: NodeCapacity;
  /** A stable per-node number for the machine ids. */
  readonly index: number;
}

function condition(type: string, status: string, reason: string, message: string, input: NodeStatusInput, since: string) {
  return { type, status, reason, message, lastHeartbeatTime: input.now, lastTransitionTime: since };
}

/** The body of a merge patch of nodes/NAME/status. */
export function nodeStatusOf(state: NodeState, input: NodeStatusInput) {
  const id = `${String(input.index).padStart(4, '0')}${'0'.repeat(28)}`;
  const { capacity } = input;
  return {
    status: {
      capacity: { ...capacity, 'ephemeral-storage': '100Gi', 'hugepages-2Mi': '0' },
      allocatable: { ...capacity, 'ephemeral-storage': '95Gi', 'hugepages-2Mi': '0' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', input, input.readySince),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', input, input.readySince),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', input, input.readySince),
        input.ready
          ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', input, input.readySince)
          : condition('Ready', 'False', 'KubeletNotReady', 'container runtime status check may not have completed yet', input, input.readySince),
      ],
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: state.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: id,
        systemUUID: id,
        bootID: `${id}-${state.kubelet.restarts}`,
        kernelVersion: '5.4.0-150-generic',
        osImage: OS_IMAGE,
        containerRuntimeVersion: CONTAINER_RUNTIME,
        kubeletVersion: state.kubelet.running,
        // A kubelet reports its own version for kube-proxy too.
        kubeProxyVersion: state.kubelet.running,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
