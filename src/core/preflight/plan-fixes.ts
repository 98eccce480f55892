import { ConfigError } from '../errors.js';
import type { ClusterSnapshot, FlagSetting } from '../cluster/index.js';
import type { PlanStep, UpgradePlan } from '../planning/index.js';
import { tryParseVersion } from '../version/index.js';
import type { BreakingChanges } from './breaking-changes.js';

// Fixes the plan can carry as explicit steps, when the operator asks for them by finding code
// (`--fix KUBELET_FLAG_REMOVED`): mechanical, safe edits made just before the step that would
// break on them. A removed kubelet flag is taken out of its file on the node right before the
// kubelet upgrade that would refuse it (after the drain), so the running kubelet never sees the
// change and the new one starts without it.

export const FIXABLE_CODES: readonly string[] = ['KUBELET_FLAG_REMOVED'];

/**
 * sed that deletes one flag (with its value) wherever it stands on a line, and nothing that merely
 * starts with it (--container-runtime leaves --container-runtime-endpoint alone).
 */
export function removeFlagCommand(flag: string, file: string): string[] {
  if (!/^--[a-z0-9][a-z0-9-]*$/.test(flag)) throw new ConfigError(`cannot plan the removal of "${flag}": not a kubelet flag`);
  return ['sed', '-i', '-E', `s# *${flag}(=[^ "]*)?([ "]|$)#\\2#g`, file];
}

/** The flag and file a removeFlagCommand argv takes out; undefined for any other argv. */
export function flagRemovedBy(argv: readonly string[]): { flag: string; file: string } | undefined {
  const [command, inPlace, extended, expression, file] = argv;
  const match = /^s# \*(--[a-z0-9][a-z0-9-]*)\(=\[\^ "\]\*\)\?\(\[ "\]\|\$\)#\\2#g$/.exec(expression ?? '');
  if (command !== 'sed' || inPlace !== '-i' || extended !== '-E' || !match || file === undefined || argv.length !== 5) return undefined;
  return { flag: match[1]!, file };
}

function kubeletFlagFixes(plan: UpgradePlan, cluster: ClusterSnapshot, catalog: BreakingChanges): Map<string, PlanStep> {
  const fixes = new Map<string, PlanStep>();
  for (const node of cluster.nodes) {
    const flags = node.facts?.kubeletFlags ?? [];
    let minor = node.kubelet.minor;
    for (const step of plan.steps.filter((s) => s.node === node.name && s.action === 'upgrade-kubelet')) {
      const to = tryParseVersion(step.version)?.minor ?? minor;
      const removed: FlagSetting[] = flags.filter((f) => catalog.kubeletFlags.some((e) => e.flags.includes(f.flag) && e.removedIn > minor && e.removedIn <= to));
      minor = Math.max(minor, to);
      if (removed.length === 0) continue;
      const unique = [...new Map(removed.map((f) => [`${f.file} ${f.flag}`, f])).values()];
      const names = [...new Set(unique.map((f) => f.flag))].join(', ');
      const files = [...new Set(unique.map((f) => f.file))].join(', ');
      fixes.set(step.id, {
        id: step.id.replace(/\/upgrade-kubelet$/, '/remove-kubelet-flags'),
        hop: step.hop,
        phase: step.phase,
        node: step.node,
        action: 'remove-kubelet-flags',
        version: step.version,
        runOn: 'node',
        privileged: true,
        commands: unique.map((f) => removeFlagCommand(f.flag, f.file)),
        ...(step.batch ? { batch: step.batch } : {}),
        description: `remove ${names} from ${files} on ${step.node}: the kubelet of ${step.version} refuses ${unique.length > 1 ? 'them' : 'it'}`,
      });
    }
  }
  return fixes;
}

/**
 * The plan with the fixes asked for as steps, each just before the step it protects. Codes that
 * kubehop cannot fix by itself are refused (a ConfigError, exit 2).
 */
export function planFixes(plan: UpgradePlan, cluster: ClusterSnapshot, catalog: BreakingChanges, codes: readonly string[]): UpgradePlan {
  const unknown = codes.filter((c) => !FIXABLE_CODES.includes(c));
  if (unknown.length > 0) throw new ConfigError(`--fix ${unknown.join(', ')}: kubehop can only plan fixes for ${FIXABLE_CODES.join(', ')}; fix the others by hand as the preflight findings say`);
  if (!codes.includes('KUBELET_FLAG_REMOVED')) return plan;
  const fixes = kubeletFlagFixes(plan, cluster, catalog);
  if (fixes.size === 0) return plan;
  const steps = plan.steps.flatMap((step) => {
    const fix = fixes.get(step.id);
    return fix ? [fix, step] : [step];
  });
  return { ...plan, steps };
}
