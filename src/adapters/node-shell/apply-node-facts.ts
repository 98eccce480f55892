import type { NodeSnapshot } from '../../core/cluster/index.js';
import type { ObservedNodeFacts } from './read-node-facts.js';

// Folds what a node said over SSH into its snapshot: the OS, the repository and the installed
// kubeadm/kubectl packages replace what the cluster API guessed; held packages go to facts.
// The kubelet version stays the one the API reports (the running kubelet, not the package).

export function applyNodeFacts(node: NodeSnapshot, facts: ObservedNodeFacts): NodeSnapshot {
  const repository = facts.repository
    ? { era: facts.repository.era, ...(facts.repository.minor !== undefined && { minor: facts.repository.minor }), file: facts.repository.file }
    : node.repository;
  return {
    ...node,
    ...(facts.os && { os: facts.os }),
    repository,
    ...(facts.packages.kubeadm && { kubeadm: facts.packages.kubeadm.version }),
    ...(facts.packages.kubectl && { kubectl: facts.packages.kubectl.version }),
    ...(facts.heldPackages && { facts: { ...node.facts, heldPackages: facts.heldPackages } }),
  };
}
