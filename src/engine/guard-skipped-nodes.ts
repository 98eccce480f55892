import { ConfigError } from '../core/errors.js';
import type { PlanStep } from '../core/planning/index.js';
import { kubeadmKubeletTolerance, maxNodeComponentLag } from '../core/skew/index.js';
import { formatVersion, parseVersion } from '../core/version/index.js';
import type { RunContext } from './run-context.js';

/**
 * Before the control plane moves on: a node skipped at its old version must stay within the skew
 * its kubelet is allowed, or the upgrade stops until that node is dealt with.
 */
export async function guardSkippedNodes(run: RunContext, step: PlanStep): Promise<void> {
  const target = parseVersion(step.version);
  for (const name of run.journal.current.skippedNodes) {
    const node = await run.ctx.api.getNode(name);
    if (!node) continue;
    const lag = target.minor - node.kubelet.minor;
    const allowed = Math.min(maxNodeComponentLag(target.minor, node.kubelet.minor), kubeadmKubeletTolerance(target.minor));
    if (lag > allowed) {
      throw new ConfigError(
        `cannot upgrade the control plane to ${step.version}: node ${name} was skipped with kubelet ${formatVersion(node.kubelet)}, which would be ${lag} minors behind (at most ${allowed} allowed); fix what blocked its drain and run again with --resume`,
      );
    }
  }
}
