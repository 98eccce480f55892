import { applyNodeFacts, readNodeConfig, readNodeFacts, readNodeHealth } from '../adapters/node-shell/index.js';
import type { NodeSnapshot } from '../core/cluster/index.js';
import { NodeCommandError } from '../core/errors.js';
import type { NodeShell } from '../ports/index.js';

export interface ObservedNodes {
  readonly nodes: NodeSnapshot[];
  /** What could not be read, one sentence each. */
  readonly problems: string[];
}

/**
 * Each node as it describes itself over its shell — OS, packages, repository, holds, swap, free
 * disk, certificates, whether the next minor's repository answers, the kubelet's flags and
 * configuration, cgroups, containerd's cgroup driver, static pods — laid over what the API said.
 * The same reads run over SSH on a real cluster and over the simulator's shell.
 */
export async function observeNodes(shell: NodeShell, nodes: readonly NodeSnapshot[]): Promise<ObservedNodes> {
  const problems: string[] = [];
  // Nodes are read side by side; the shell's own session cap keeps it polite.
  const observed = await Promise.all(nodes.map((node) => observeNode(shell, node, problems)));
  return { nodes: observed, problems };
}

/** One node; a node that cannot be reached at all is marked so (preflight blocks on it) instead of failing the whole read. */
async function observeNode(shell: NodeShell, node: NodeSnapshot, problems: string[]): Promise<NodeSnapshot> {
  try {
    return await readNode(shell, node, problems);
  } catch (error) {
    if (!(error instanceof NodeCommandError)) throw error;
    problems.push(`node ${node.name} could not be reached: ${error.message}`);
    return { ...node, facts: { ...node.facts, reachable: false } };
  }
}

async function readNode(shell: NodeShell, node: NodeSnapshot, problems: string[]): Promise<NodeSnapshot> {
  const facts = await readNodeFacts(shell, node.name);
  // The repository of the minor after the kubelet's: the first one the plan installs from.
  const nextRepository = facts.repository ? { repository: facts.repository, minor: node.kubelet.minor + 1 } : undefined;
  const health = await readNodeHealth(shell, node.name, node.role, nextRepository ? { nextRepository } : {});
  const config = await readNodeConfig(shell, node.name);
  problems.push(...facts.problems, ...health.problems, ...config.problems);
  const applied = applyNodeFacts(node, facts);
  return {
    ...applied,
    facts: { ...applied.facts, ...health.facts, ...config.facts },
    ...(health.certificates ? { certificates: health.certificates } : {}),
  };
}
