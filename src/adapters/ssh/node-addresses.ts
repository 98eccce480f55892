import type { ClusterSnapshot } from '../../core/cluster/index.js';

/** Node name -> the address the cluster reports for it, for SshNodeShellOptions.addresses. */
export function nodeAddresses(snapshot: Pick<ClusterSnapshot, 'nodes'>): Record<string, string> {
  const addresses: Record<string, string> = {};
  for (const node of snapshot.nodes) if (node.address) addresses[node.name] = node.address;
  return addresses;
}
