import { InternalError, NodeCommandError } from '../core/errors.js';
import { formatDuration } from '../core/format-duration.js';
import type { PlanStep } from '../core/planning/index.js';
import { uncordonNode } from './drain/cordon-node.js';
import { applyDrainStep } from './drain/apply-drain-step.js';
import { guardSkippedNodes } from './guard-skipped-nodes.js';
import type { RunContext } from './run-context.js';
import { runNodeCommand, type NodeCommand } from './run-node-command.js';
import { pause } from './wait-for.js';

export type ApplyOutcome = 'applied' | 'node-skipped';

async function runCommands(run: RunContext, step: PlanStep, node: string): Promise<void> {
  // Holds a step lifted (`apt-mark unhold`) and has not set again yet: owed on every exit path.
  let owed: string[] = [];
  try {
    for (const argv of step.commands) {
      const command = { node, argv, privileged: step.privileged, timeoutMs: run.options.commandTimeoutMs };
      if (isKubeadmUpgradeApply(argv)) await runKubeadmUpgradeApply(run, command);
      else await runNodeCommand(run.ctx, command);
      if (argv[0] === 'apt-mark' && argv[1] === 'unhold') owed = [...owed, ...argv.slice(2)];
      if (argv[0] === 'apt-mark' && argv[1] === 'hold') owed = owed.filter((p) => !argv.includes(p));
    }
  } catch (error) {
    if (owed.length > 0) await holdAgain(run, step, node, owed);
    throw error;
  }
}

/**
 * `kubeadm upgrade apply` first checks the cluster's health, before it changes anything: among
 * others with a Job it creates, waits 15 s for and deletes. On a busy cluster that check fails now
 * and then on its own Job (kubeadm's "could not delete Job \"upgrade-health-check\" ... not found",
 * or "did not complete in 15s"), and kubeadm's advice is to run it again. Such a failure changed
 * nothing, so it is run again after a pause, a bounded number of times; any other failure stops
 * the step at once.
 */
export const KUBEADM_HEALTH_CHECK_ATTEMPTS = 3;
const KUBEADM_HEALTH_CHECK_PAUSE_MS = 20_000;

function isKubeadmUpgradeApply(argv: readonly string[]): boolean {
  return argv[0] === 'kubeadm' && argv[1] === 'upgrade' && argv[2] === 'apply';
}

/** kubeadm stopped in its health checks: it prefixes their failure with "[upgrade/health] FATAL". */
export function failedKubeadmHealthCheck(error: unknown): boolean {
  return error instanceof NodeCommandError && !error.details.timedOut && /\[upgrade\/health\] FATAL/.test(`${error.details.stderr}\n${error.details.stdout}`);
}

async function runKubeadmUpgradeApply(run: RunContext, command: NodeCommand): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runNodeCommand(run.ctx, command);
      return;
    } catch (error) {
      if (attempt >= KUBEADM_HEALTH_CHECK_ATTEMPTS || !failedKubeadmHealthCheck(error)) throw error;
      run.ctx.emit({
        kind: 'warning',
        message: `kubeadm upgrade apply on ${command.node} failed in its health checks, before changing anything (${(error as Error).message.split('\n').pop()?.trim() ?? ''}); running it again in ${formatDuration(KUBEADM_HEALTH_CHECK_PAUSE_MS)} (attempt ${attempt + 1} of ${KUBEADM_HEALTH_CHECK_ATTEMPTS})`,
      });
      await pause(run.ctx, KUBEADM_HEALTH_CHECK_PAUSE_MS);
    }
  }
}

/** Sets holds again after a failed or stopped step, even when the run's signal has fired. */
async function holdAgain(run: RunContext, step: PlanStep, node: string, packages: readonly string[]): Promise<void> {
  const { signal: _stopped, ...rest } = run.ctx;
  const argv = ['apt-mark', 'hold', ...packages];
  try {
    await runNodeCommand(rest, { node, argv, privileged: step.privileged, timeoutMs: run.options.commandTimeoutMs });
  } catch (error) {
    run.ctx.emit({ kind: 'warning', message: `failed to hold ${packages.join(', ')} on ${node} again after the step stopped: ${(error as Error).message}; run "sudo apt-mark hold ${packages.join(' ')}" there` });
  }
}

/**
 * Carries one step out, then holds at its health gate. Node steps run their argv over the
 * NodeShell; drain, wait-ready and uncordon work through the API (their commands are what an
 * operator would type, shown in the runbook).
 */
export async function applyStep(run: RunContext, step: PlanStep, node: string): Promise<ApplyOutcome> {
  switch (step.action) {
    case 'etcd-backup':
    case 'switch-repository':
    case 'upgrade-kubeadm':
    case 'kubeadm-plan':
    case 'remove-kubelet-flags':
    case 'upgrade-kubelet':
      await runCommands(run, step, node);
      return 'applied';
    case 'kubeadm-apply':
      await guardSkippedNodes(run, step);
      await runCommands(run, step, node);
      await run.gates.controlPlaneReady(node, step.version);
      return 'applied';
    case 'kubeadm-upgrade-node':
      await runCommands(run, step, node);
      if (step.phase === 'control-plane') await run.gates.controlPlaneReady(node, step.version);
      return 'applied';
    case 'drain':
      return (await applyDrainStep(run, step, node)) === 'drained' ? 'applied' : 'node-skipped';
    case 'wait-ready':
      await run.gates.nodeReady(node, step.version);
      await run.gates.daemonSetPodsReady(node);
      if (step.phase === 'control-plane-kubelet') await run.gates.controlPlaneReady(node, step.hop);
      return 'applied';
    case 'uncordon':
      // A node cordoned by hand before the run stays as its operator left it.
      if (!run.journal.current.cordonedByRun.includes(node) && (await run.ctx.api.getNode(node))?.cordoned) {
        run.ctx.emit({ kind: 'warning', message: `${node} was cordoned before this run, so it stays cordoned: uncordon it yourself when it is ready` });
        return 'applied';
      }
      await uncordonNode(run.ctx, node);
      await run.journal.removeCordoned(node);
      return 'applied';
    case 'prepare-host':
    case 'create-join-token':
    case 'join-node':
    case 'copy-node-marks':
    case 'delete-node':
    case 'reset-host':
      throw new InternalError(`step ${step.id} replaces a worker and runs only within its surge batch`);
  }
}
