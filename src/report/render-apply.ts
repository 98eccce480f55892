import { quoteArgv } from '../core/command/quote-argv.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { ApplyNotice, ApplyOutcome, DryRunAction } from '../ports/index.js';
import { describeStrategy } from './render-plan.js';

// What apply says on the way and at the end. Each text goes to the stream named beside it.

/** upgrade "demo" v1.35.0 -> v1.37.1 in 2 hops (v1.36.9, v1.37.1), 40 steps, workers ..., 6 drains */
export function describeApply(plan: UpgradePlan): string {
  return `upgrade "${plan.cluster}" ${plan.from} -> ${plan.to} in ${plan.hops.length} hop${plan.hops.length === 1 ? '' : 's'} (${plan.hops.map((h) => h.version).join(', ')}), ${plan.steps.length} steps, workers ${describeStrategy(plan.strategy)}, ${Object.values(plan.drains).reduce((a, b) => a + b, 0)} drains`;
}

/** A notice, for stderr. */
export function renderApplyNotice(notice: ApplyNotice): string {
  switch (notice.kind) {
    case 'resuming-despite-preflight':
      return `kubehop apply: preflight sees ${notice.blocking.length} problem${notice.blocking.length === 1 ? '' : 's'} half way through the run; resuming anyway, each step still waits for its health gate:\n${notice.blocking.map((f) => `  ${f.code} (${f.subject}): ${f.message}\n`).join('')}`;
    case 'resuming-kept-plan':
      return `kubehop apply: resuming the plan the interrupted run started with (${notice.plan.from} -> ${notice.plan.to}, workers ${describeStrategy(notice.plan.strategy)}), kept beside its journal\n`;
    case 'simulated-target':
      return `kubehop apply: cluster "${notice.cluster}" is simulated (a built-in or file cluster): this run changes the simulated copy, not real machines${notice.continuesFrom ? `; it goes on from where the last apply left it (${notice.continuesFrom}: delete it to start from the cluster as described)` : ''}\n`;
    case 'live-target':
      return `kubehop apply: cluster "${notice.cluster}" at ${notice.server} (context ${notice.context}): this run changes real machines\n`;
  }
}

function renderAction(a: DryRunAction): string {
  return a.kind === 'api' ? `${a.call} ${a.target}` : a.kind === 'command' ? `${a.node}: ${(a.privileged ? 'sudo ' : '') + quoteArgv(a.argv)}` : a.kind === 'node' ? `${a.call} node ${a.node}` : `wait for ${a.what}`;
}

/** The end of an apply: what goes to stdout and stderr; `resume` is the command line that goes on. */
export function renderApplyOutcome(outcome: ApplyOutcome, resume: string): { stdout: string; stderr: string } {
  switch (outcome.kind) {
    case 'skew-blocked':
      return { stdout: '', stderr: `kubehop apply: cluster "${outcome.cluster}" already breaks the version skew policy; fix these first (see "kubehop check"):\n${outcome.blocking.map((f) => `  ${f.code}: ${f.message}\n`).join('')}` };
    case 'already-done':
      return { stdout: `Nothing to do: ${outcome.planName} was carried out to the end; cluster "${outcome.cluster}" is at ${outcome.to}${outcome.skippedNodes.length > 0 ? `, except ${outcome.skippedNodes.join(', ')} (left cordoned at the old version)` : ''}.\n`, stderr: '' };
    case 'up-to-date':
      return { stdout: `Nothing to do: cluster "${outcome.cluster}" is already at ${outcome.to}.\n`, stderr: '' };
    case 'preflight-blocked':
      return {
        stdout: '',
        stderr: `kubehop apply: preflight found ${outcome.blocking.length} blocking problem${outcome.blocking.length === 1 ? '' : 's'}; nothing was changed:\n${outcome.blocking.map((f) => `  ${f.code} (${f.subject}): ${f.message}\n`).join('')}fix them (see "kubehop preflight" and docs/preflight.md), or start anyway with --ignore CODE for each one you accept\n`,
      };
    case 'unconfirmed':
      return { stdout: '', stderr: `kubehop apply: refusing to ${describeApply(outcome.plan)} without confirmation: no terminal to ask on — review "kubehop plan" and pass --yes\n` };
    case 'declined':
      return { stdout: '', stderr: 'kubehop apply: nothing was changed\n' };
    case 'dry-run':
      return { stdout: `\nDry run: ${outcome.actions.length} changes would be made (status ${outcome.status}):\n${outcome.actions.map((a) => `  ${renderAction(a)}\n`).join('')}`, stderr: '' };
    case 'ran': {
      const left = outcome.leftCordoned;
      if (outcome.status === 'interrupted') {
        const cordons = left.length === 0 ? 'no node it cordoned is left cordoned' : `still cordoned: ${left.join(', ')}`;
        return { stdout: '', stderr: `kubehop apply: stopped by ${outcome.stoppedBy ?? 'the operator'}; ${cordons}, the lock is released; continue with: ${resume}\n` };
      }
      if (outcome.status === 'failed') {
        const cordons = left.length === 0 ? 'no node this run cordoned is left cordoned' : `still cordoned by this run: ${left.join(', ')} (kubectl uncordon them, or resume)`;
        return { stdout: '', stderr: `kubehop apply: the upgrade failed: ${outcome.error ?? 'unknown error'}\n${cordons}; fix the cause and run "kubehop apply --resume" with the same plan\n` };
      }
      if (outcome.status === 'completed-with-skipped-nodes') return { stdout: '', stderr: `kubehop apply: done, but ${outcome.skippedNodes.join(', ')} stayed cordoned at the old version (drain timed out)\n` };
      return { stdout: '', stderr: '' };
    }
  }
}
