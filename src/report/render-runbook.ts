import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { Finding } from '../core/findings.js';
import type { PlanStep, UpgradePlan } from '../core/planning/index.js';
import { quoteArgv } from '../core/command/quote-argv.js';
import { NEW_NODE } from '../core/planning/index.js';
import type { PlanForecast } from '../core/timing/index.js';
import { forecastRows, forecastSource } from './render-forecast.js';
import { formatDuration } from '../core/format-duration.js';
import { componentRows, describeStrategy, renderCommand, whereStepRuns } from './render-plan.js';

const PHASE_TITLE: Record<PlanStep['phase'], string> = {
  prepare: 'Before anything changes',
  'control-plane': 'Control plane',
  'control-plane-kubelet': 'Kubelets on the control-plane nodes (one node at a time)',
  workers: 'Workers',
};

function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** A runbook an operator can follow by hand, hop by hop, node by node. */
export function renderRunbook(cluster: ClusterSnapshot, plan: UpgradePlan, findings: readonly Finding[] = [], forecast?: PlanForecast): string {
  const out: string[] = [];
  out.push(`# Upgrade runbook: ${plan.cluster} ${plan.from} → ${plan.to}`, '');
  if (plan.steps.length === 0) {
    out.push(`Nothing to do: every component is already at ${plan.to}.`, '');
    return out.join('\n');
  }
  // What stops the upgrade comes first, not after two thousand lines of steps.
  const blocking = findings.filter((f) => f.severity === 'blocking');
  if (blocking.length > 0) {
    out.push(`## Blocking: fix these before you start`, '');
    for (const f of blocking) out.push(`- [ ] **${f.code}** (${f.subject}): ${f.message}`);
    out.push('');
  }
  out.push('## Checklist', '');
  out.push(`- [ ] ${blocking.length > 0 ? `the ${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'} above fixed` : 'no blocking finding (re-run `kubehop preflight` on the day)'}`);
  if (plan.etcdBackup) out.push(`- [ ] etcd snapshot \`${plan.etcdBackup.path}\` taken on ${plan.etcdBackup.node} and verified (the first step)`);
  const window = forecast ? ` (about ${formatDuration(forecast.totalSeconds * 1000, 'rough')} as kubehop runs it; longer by hand)` : '';
  out.push(`- [ ] a maintenance window for ${Object.values(plan.drains).reduce((a, b) => a + b, 0)} drains over ${plan.hops.length} hop${plan.hops.length === 1 ? '' : 's'}${window}`);
  out.push('- [ ] the package repository of every node reachable (pkgs.k8s.io or your mirror)');
  out.push('- [ ] `kubectl get nodes` shows every node Ready before each hop', '');
  out.push(`- Hops: ${plan.hops.map((h) => h.version).join(' → ')}`);
  out.push(`- Workers: ${describeStrategy(plan.strategy)}`);
  out.push(`- Drains: ${Object.entries(plan.drains).map(([n, c]) => `${n} ×${c}`).join(', ')}`);
  if (plan.etcdBackup) out.push(`- etcd snapshot: \`${plan.etcdBackup.path}\` on ${plan.etcdBackup.node}, taken first and verified; restore it with \`etcdutl snapshot restore\` if the control plane must go back`);
  out.push('');
  out.push('Run node commands on the node named in the heading (they need root); run `kubectl` commands where your kubeconfig reaches the cluster. Do not start a step before the one above it has finished.', '');
  if (plan.steps.some((s) => s.runOn === 'new-node')) {
    out.push(
      `Workers are replaced, not upgraded in place: for each one, a fresh machine (same OS, reachable from the control plane, nothing of Kubernetes installed) is prepared and joins as \`${NEW_NODE}\` — write its node name there. ` +
        'The join token step prints the whole `kubeadm join` command with a token that expires after its TTL: run that command on the new machine, adding `--node-name` with its name, and do not paste the token into logs or tickets. ' +
        'A machine freed by its reset step can be the new machine of the next worker.',
      '',
    );
  }
  if (plan.strategy.kind === 'blue-green') {
    const olds = [...new Set(plan.steps.filter((s) => s.action === 'drain' && s.phase === 'workers').map((s) => s.node))];
    out.push(
      `Blue-green: once every new node of a round is Ready, cordon the whole old pool before the first drain (\`${quoteArgv(['kubectl', 'cordon', ...olds])}\`), so evicted pods land on the new pool. ` +
        'If you stop before the removal steps, go back: uncordon the old pool, drain the new nodes and delete them (kubehop does this by itself when its run stops there).',
      '',
    );
  }
  out.push(markdownTable(['Component', 'Node', 'Current', 'Target'], componentRows(cluster, plan)), '');
  if (forecast) {
    out.push('## Expected duration', '', `About ${formatDuration(forecast.totalSeconds * 1000, 'rough')} in all as kubehop runs it (${forecastSource(forecast)}); workers' kubeadm steps overlap earlier drains.`, '');
    out.push(markdownTable(['Hop', 'Phase', 'Starts', 'Takes', 'Batches'], forecastRows(forecast)), '');
  }
  if (plan.notes.length > 0) {
    out.push('## Before you start', '');
    for (const note of plan.notes) out.push(`- **${note.code}**: ${note.message}`);
    out.push('');
  }
  // kubeadm leaves the pod network add-on alone: its documentation says which Kubernetes minors each release supports.
  const cni = findings.filter((f) => f.code === 'CNI_PLUGIN_UPGRADE');
  if (cni.length > 0) {
    out.push('## CNI plugin', '');
    for (const f of cni) out.push(`- ${f.message}`);
    out.push('');
  }
  const entered = minorsEnteredBy(plan);
  let hop = '';
  let phase = '';
  let n = 0;
  for (const step of plan.steps) {
    if (step.hop !== hop) {
      hop = step.hop;
      phase = '';
      out.push(`## Control plane at ${step.hop}`, '');
      const minor = entered.get(step.hop);
      if (minor) out.push(cniCheck(minor, cni), '');
    }
    const section = `${step.phase}:${step.batch ?? ''}`;
    if (section !== phase) {
      phase = section;
      out.push(`### ${PHASE_TITLE[step.phase]}${step.batch && step.phase === 'workers' ? ` — ${step.batch.split('/').pop()}` : ''}`, '');
    }
    n++;
    out.push(`${n}. - [ ] **${whereStepRuns(step) ?? step.node}**: ${step.description} \`${step.id}\``, '', '   ```sh');
    for (const argv of step.commands) out.push(`   ${renderCommand(step, argv)}`);
    out.push('   ```', '');
  }
  out.push('## Afterwards', '', '```sh', 'kubectl get nodes -o wide', '```', '', `Every node should be Ready at ${plan.to}. kubeadm keeps backups under /etc/kubernetes/tmp on the control-plane nodes; remove them once you are satisfied.`, '');
  return out.join('\n');
}

/** Hop version -> the minor it enters (`v1.N`), for hops that enter one. */
function minorsEnteredBy(plan: UpgradePlan): Map<string, string> {
  const entered = new Map<string, string>();
  for (const h of plan.hops) {
    const from = /^v1\.(\d+)\./.exec(h.from)?.[1];
    const to = /^v1\.(\d+)\./.exec(h.version)?.[1];
    if (from !== undefined && to !== undefined && Number(to) > Number(from)) entered.set(h.version, `v1.${to}`);
  }
  return entered;
}

/** The operator's check before a hop into a new minor: the CNI plugins found, or the one kubeadm's upgrade guide asks for. */
function cniCheck(minor: string, cni: readonly Finding[]): string {
  if (cni.length === 0) {
    return `- [ ] **CNI plugin**: kubeadm does not upgrade the pod network add-on — before this hop, check in your CNI plugin's documentation that the release you run supports ${minor}, and upgrade it first where it does not (kubeadm's upgrade guide: upgrade the CNI provider plugin manually)`;
  }
  return `- [ ] **CNI plugin**: ${cni.map((f) => f.subject).join(', ')} run${cni.length === 1 ? 's' : ''} a release its documentation lists for ${minor} (section "CNI plugin" above); upgrade it first where it does not`;
}
