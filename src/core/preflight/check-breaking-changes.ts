import { flagLocation, formatFlag, type ClusterSnapshot, type KubeletConfigFacts, type NodeSnapshot } from '../cluster/index.js';
import type { Finding } from '../findings.js';
import type { PlanStep, UpgradePlan } from '../planning/index.js';
import { kubeadmAddonVersions } from '../releases/index.js';
import { parseVersion, tryParseVersion } from '../version/index.js';
import type { BreakingChanges } from './breaking-changes.js';
import { flagRemovedBy } from './plan-fixes.js';

// What the new binaries of a hop reject, or do differently, found in what the cluster and its
// nodes say now (data/breaking-changes.json): removed kubelet and control-plane flags, feature
// gates and admission plugins, kubeadm configuration versions, kubelet configuration values, the
// container runtime and cgroups, static pods that need API objects, etcd floors, a kube-proxy
// kubeadm would bring back, a frozen image registry. Each finding names where the setting is
// (file and line, or object and field), the hop or step that breaks on it, and the fix. Only what
// was observed is judged; an observation that is absent says nothing.

/** The step at which a node's kubelet first runs each minor the plan brings it to. */
function kubeletCrossings(plan: UpgradePlan, node: NodeSnapshot): Map<number, PlanStep> {
  const crossings = new Map<number, PlanStep>();
  let minor = node.kubelet.minor;
  for (const step of plan.steps) {
    if (step.node !== node.name || step.action !== 'upgrade-kubelet') continue;
    const to = tryParseVersion(step.version)?.minor;
    if (to === undefined) continue;
    for (let m = minor + 1; m <= to; m++) crossings.set(m, step);
    minor = Math.max(minor, to);
  }
  return crossings;
}

/** Numeric compare of "3.5.26", "v1.7.24", "3.5.6-0" (the suffix ignored). */
export function compareDotted(a: string, b: string): number {
  const parts = (text: string) => text.replace(/^v/, '').split('-')[0]!.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function stepText(step: PlanStep): string {
  return `its kubelet upgrade to ${step.version} (step ${step.id})`;
}

/** Gates a --feature-gates value or a featureGates mapping sets: "A=true,B=false". */
function gatesIn(value: string | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.split('=')[0]!.trim()).filter((gate) => gate !== '');
}

function configGates(config: KubeletConfigFacts | undefined): string[] {
  return Object.keys(config?.fields ?? {}).filter((f) => f.startsWith('featureGates.')).map((f) => f.slice('featureGates.'.length));
}

function kubeletNodeFindings(node: NodeSnapshot, plan: UpgradePlan, catalog: BreakingChanges, clusterKubeletConfig: KubeletConfigFacts | undefined): Finding[] {
  const facts = node.facts;
  const crossings = kubeletCrossings(plan, node);
  if (!facts || crossings.size === 0) return [];
  const subject = `node/${node.name}`;
  const findings: Finding[] = [];
  const flags = facts.kubeletFlags ?? [];

  // Flags the plan takes out itself (--fix KUBELET_FLAG_REMOVED), by step id.
  const removedByPlan = new Map<string, string>();
  for (const step of plan.steps) {
    if (step.node !== node.name || step.action !== 'remove-kubelet-flags') continue;
    for (const argv of step.commands) {
      const removal = flagRemovedBy(argv);
      if (removal) removedByPlan.set(`${removal.file} ${removal.flag}`, step.id);
    }
  }
  for (const entry of catalog.kubeletFlags) {
    const at = crossings.get(entry.removedIn);
    if (!at) continue;
    for (const setting of flags.filter((f) => entry.flags.includes(f.flag))) {
      const fixStep = removedByPlan.get(`${setting.file} ${setting.flag}`);
      if (fixStep) {
        findings.push({ code: 'KUBELET_FLAG_REMOVED', severity: 'info', subject, message: `${flagLocation(setting)} on ${node.name} sets ${formatFlag(setting)}, which the kubelet no longer accepts from v1.${entry.removedIn}: the plan removes it at step ${fixStep}, before ${stepText(at)}` });
        continue;
      }
      findings.push({
        code: 'KUBELET_FLAG_REMOVED',
        severity: 'blocking',
        subject,
        message: `${flagLocation(setting)} on ${node.name} sets ${formatFlag(setting)}, which the kubelet no longer accepts from v1.${entry.removedIn}: after ${stepText(at)} the kubelet exits with "unknown flag: ${setting.flag}" and ${node.name} stays NotReady — remove ${formatFlag(setting)} from ${setting.file} on ${node.name} before that step${entry.fix ? ` (${entry.fix})` : ''}`,
      });
    }
  }

  const kubeletGates: { gate: string; where: string }[] = [
    ...flags.filter((f) => f.flag === '--feature-gates').flatMap((f) => gatesIn(f.value).map((gate) => ({ gate, where: `${flagLocation(f)} (--feature-gates)` }))),
    ...configGates(facts.kubeletConfig).map((gate) => ({ gate, where: `${facts.kubeletConfig?.file ?? ''} featureGates.${gate}` })),
  ];
  for (const entry of catalog.featureGates) {
    const at = crossings.get(entry.removedIn);
    if (!at) continue;
    for (const { gate, where } of kubeletGates.filter((g) => entry.gates.includes(g.gate))) {
      findings.push({ code: 'FEATURE_GATE_REMOVED', severity: 'blocking', subject, message: `${where} on ${node.name} sets the feature gate ${gate}, removed in v1.${entry.removedIn}: after ${stepText(at)} the kubelet exits with "unrecognized feature gate: ${gate}" — remove it there (and from ConfigMap kube-system/kubelet-config) before that step` });
    }
  }

  const config = facts.kubeletConfig ?? clusterKubeletConfig;
  for (const entry of catalog.kubeletConfigFields) {
    const at = crossings.get(entry.changedIn);
    if (!at || config?.fields[entry.field] !== entry.value) continue;
    findings.push({ code: 'KUBELET_CONFIG_CHANGED', severity: entry.severity, subject, message: `${config.file} on ${node.name}: ${entry.field}: ${entry.value} ${entry.effect} from v1.${entry.changedIn}, starting with ${stepText(at)} — ${entry.fix} in ${config.file} and in ConfigMap kube-system/kubelet-config before that step` });
  }

  const runtime = facts.containerRuntimeVersion;
  const rt = catalog.runtime;
  const dockershim = crossings.get(rt.dockershimRemovedIn);
  const criDockerd = flags.some((f) => f.flag === '--container-runtime-endpoint' && (f.value ?? '').includes('cri-dockerd'));
  if (dockershim && runtime?.startsWith('docker://') && !criDockerd) {
    findings.push({ code: 'DOCKERSHIM_REMOVED', severity: 'blocking', subject, message: `${node.name} runs its containers with Docker (${runtime}) through the dockershim, which the kubelet no longer has from v1.${rt.dockershimRemovedIn}: after ${stepText(dockershim)} the kubelet cannot start — before that step, drain ${node.name}, install containerd (or cri-dockerd to keep Docker), point the kubelet at it (--container-runtime-endpoint=unix:///run/containerd/containerd.sock in /var/lib/kubelet/kubeadm-flags.env, the kubeadm.alpha.kubernetes.io/cri-socket annotation on the Node) and remove the dockershim flags` });
  }
  const containerd = runtime?.startsWith('containerd://') ? runtime.slice('containerd://'.length) : undefined;
  const criV1 = crossings.get(rt.criV1OnlyFrom);
  if (criV1 && containerd !== undefined && compareDotted(containerd, rt.criV1Containerd) < 0) {
    findings.push({ code: 'CONTAINERD_WITHOUT_CRI_V1', severity: 'blocking', subject, message: `${node.name} runs containerd ${containerd}, which does not serve the CRI v1 API the kubelet needs from v1.${rt.criV1OnlyFrom}: after ${stepText(criV1)} the kubelet cannot talk to its runtime — upgrade containerd to ${rt.criV1Containerd} or newer on ${node.name} before that step` });
  }
  const final = Math.max(...crossings.keys());
  const row = [...rt.containerdSupport].filter((r) => r.minor <= final).sort((a, b) => b.minor - a.minor)[0];
  if (row && containerd !== undefined && !(criV1 && compareDotted(containerd, rt.criV1Containerd) < 0)) {
    const line = containerd.split('.').slice(0, 2).join('.');
    const minimum = row.minimums.find((m) => m.split('.').slice(0, 2).join('.') === line);
    if (minimum === undefined || compareDotted(containerd, minimum) < 0) {
      const fix = minimum ? `containerd ${minimum} or newer` : `one of containerd ${row.minimums.map((m) => `${m}+`).join(', ')}`;
      findings.push({ code: 'CONTAINERD_UNSUPPORTED', severity: 'overridable', subject, message: `${node.name} runs containerd ${containerd}, which containerd does not support with Kubernetes v1.${row.minor} (the newest kubelet the plan gives ${node.name} is v1.${final}) — upgrade to ${fix}, one containerd minor at a time` });
    }
  }

  const cgroupV1 = crossings.get(rt.cgroupV1RefusedFrom);
  const failCgroupV1 = facts.kubeletConfig?.fields.failCgroupV1 ?? clusterKubeletConfig?.fields.failCgroupV1;
  if (cgroupV1 && facts.cgroupVersion === 1 && failCgroupV1 !== 'false') {
    findings.push({ code: 'CGROUP_V1_REFUSED', severity: 'blocking', subject, message: `${node.name} runs cgroup v1, which the kubelet refuses by default from v1.${rt.cgroupV1RefusedFrom} (failCgroupV1: true): after ${stepText(cgroupV1)} the kubelet does not start — move ${node.name} to cgroup v2 (systemd.unified_cgroup_hierarchy=1), or set failCgroupV1: false in ConfigMap kube-system/kubelet-config and /var/lib/kubelet/config.yaml before that step (kubeadm's SystemVerification check then needs --ignore-preflight-errors=SystemVerification)` });
  }

  // Judged only when the kubelet's configuration was seen too: an unread one is not an empty one.
  if (facts.containerdSystemdCgroup !== undefined && containerd !== undefined && config !== undefined) {
    const runtimeDriver = facts.containerdSystemdCgroup ? 'systemd' : 'cgroupfs';
    const set = config?.fields.cgroupDriver;
    const change = crossings.get(rt.cgroupDriverDefault.changedIn);
    const after = set ?? (change ? rt.cgroupDriverDefault.driver : 'cgroupfs');
    if (after !== runtimeDriver) {
      const when = set === undefined && change ? `from ${stepText(change)} on, when kubeadm fills the empty cgroupDriver with ${rt.cgroupDriverDefault.driver}` : 'now';
      findings.push({ code: 'CGROUP_DRIVER_MISMATCH', severity: 'blocking', subject, message: `the kubelet on ${node.name} uses the ${after} cgroup driver ${when} (${config.file} cgroupDriver: ${set ?? 'not set'}), containerd the ${runtimeDriver} driver (/etc/containerd/config.toml SystemdCgroup = ${facts.containerdSystemdCgroup}): pods fail to start — make them agree, cgroupDriver: ${runtimeDriver} in ConfigMap kube-system/kubelet-config and ${config.file}, or SystemdCgroup = ${after === 'systemd'} in containerd` });
    }
  }

  const staticPods = crossings.get(catalog.staticPodApiReferencesDeniedFrom);
  for (const pod of staticPods ? facts.staticPods ?? [] : []) {
    if (pod.apiReferences.length === 0 || !staticPods) continue;
    findings.push({ code: 'STATIC_POD_REFERENCES_API_OBJECTS', severity: 'blocking', subject, message: `static pod ${pod.name} (${pod.file} on ${node.name}) refers to ${pod.apiReferences.join(', ')}, which the kubelet refuses for static pods from v1.${catalog.staticPodApiReferencesDeniedFrom}: after ${stepText(staticPods)} the pod is not started — make ${pod.file} self-contained (hostPath files instead of ConfigMaps and Secrets, no service account) or run it as a DaemonSet before that step` });
  }
  return findings;
}

/** The first control-plane hop into `minor` or later, when the plan crosses it. */
function cpHopAtOrAfter(plan: UpgradePlan, minor: number): { minor: number; version: string } | undefined {
  const from = tryParseVersion(plan.from)?.minor ?? 0;
  if (minor <= from) return undefined;
  for (const hop of plan.hops) {
    const m = tryParseVersion(hop.version)?.minor;
    if (m !== undefined && m >= minor) return { minor: m, version: hop.version };
  }
  return undefined;
}

function kubeadmConfigFindings(cluster: ClusterSnapshot, plan: UpgradePlan, catalog: BreakingChanges): Finding[] {
  const config = cluster.kubeadmConfig;
  if (!config || plan.hops.length === 0) return [];
  const findings: Finding[] = [];
  const object = 'configmap kube-system/kubeadm-config';
  const fixConfig = `edit ClusterConfiguration in ${object} (kubectl -n kube-system edit configmap kubeadm-config); kubeadm writes the static pod manifests from it at every hop`;

  for (const entry of catalog.controlPlaneFlags) {
    const hop = cpHopAtOrAfter(plan, entry.removedIn);
    if (!hop) continue;
    for (const setting of config.extraArgs.filter((a) => a.component === entry.component && entry.flags.includes(a.flag))) {
      findings.push({ code: 'CONTROL_PLANE_FLAG_REMOVED', severity: 'blocking', subject: entry.component, message: `${flagLocation(setting)} gives ${entry.component} ${formatFlag(setting)}, which it no longer accepts from v1.${entry.removedIn}: at the hop to ${hop.version} the new ${entry.component} exits with "unknown flag: ${setting.flag}" and kubeadm rolls the hop back — remove it before that hop: ${fixConfig}${entry.fix ? ` (${entry.fix})` : ''}` });
    }
  }
  for (const entry of catalog.featureGates) {
    const hop = cpHopAtOrAfter(plan, entry.removedIn);
    if (!hop) continue;
    for (const setting of config.extraArgs.filter((a) => a.flag === '--feature-gates')) {
      for (const gate of gatesIn(setting.value).filter((g) => entry.gates.includes(g))) {
        findings.push({ code: 'FEATURE_GATE_REMOVED', severity: 'blocking', subject: setting.component, message: `${flagLocation(setting)} gives ${setting.component} the feature gate ${gate}, removed in v1.${entry.removedIn}: at the hop to ${hop.version} the new ${setting.component} exits with "unrecognized feature gate: ${gate}" — remove it from --feature-gates before that hop: ${fixConfig}` });
      }
    }
  }
  for (const entry of catalog.admissionPlugins) {
    const hop = cpHopAtOrAfter(plan, entry.removedIn);
    if (!hop) continue;
    for (const setting of config.extraArgs.filter((a) => a.component === 'kube-apiserver' && a.flag === '--enable-admission-plugins' && (a.value ?? '').split(',').includes(entry.plugin))) {
      findings.push({ code: 'ADMISSION_PLUGIN_REMOVED', severity: 'blocking', subject: 'kube-apiserver', message: `${flagLocation(setting)} enables the admission plugin ${entry.plugin}, removed in v1.${entry.removedIn}: at the hop to ${hop.version} the new kube-apiserver does not start — ${entry.fix}, then take ${entry.plugin} out of --enable-admission-plugins before that hop: ${fixConfig}` });
    }
  }

  const first = tryParseVersion(plan.hops[0]!.version)?.minor ?? 0;
  const stored = catalog.kubeadmConfigApis.find((e) => e.apiVersion === config.apiVersion);
  if (stored && stored.removedIn <= first) {
    findings.push({ code: 'KUBEADM_CONFIG_API_UNREADABLE', severity: 'blocking', subject: 'kubeadm-config', message: `${object} stores ClusterConfiguration as ${config.apiVersion}, which kubeadm no longer reads from v1.${stored.removedIn}: kubeadm ${plan.hops[0]!.version} fails with 'no kind "ClusterConfiguration" is registered for version ${config.apiVersion}' — migrate it with a kubeadm of v1.${stored.removedIn - 1} (kubeadm config migrate --old-config old.yaml --new-config new.yaml) and store the result in ${object} before the first hop` });
  } else if (stored && cpHopAtOrAfter(plan, stored.removedIn)) {
    findings.push({ code: 'KUBEADM_CONFIG_API_RETIRED', severity: 'info', subject: 'kubeadm-config', message: `kubeadm stops reading ${config.apiVersion} in v1.${stored.removedIn}; ${object} is rewritten at each hop, but kubeadm configuration files you keep at ${config.apiVersion} (for kubeadm init or join) are refused from then on — migrate them with kubeadm config migrate before that hop` });
  }
  for (const shape of catalog.kubeadmConfigShapes) {
    const hop = cpHopAtOrAfter(plan, shape.storedFrom);
    if (!hop) continue;
    findings.push({ code: 'KUBEADM_CONFIG_SHAPE_CHANGES', severity: 'info', subject: 'kubeadm-config', message: `from the hop to ${hop.version}, kubeadm stores ClusterConfiguration as ${shape.apiVersion}: ${shape.change} — scripts and templates that read or write ${object} must follow` });
  }

  if (config.kubeProxyRemoved) {
    findings.push({ code: 'KUBE_PROXY_REINSTALLED', severity: 'overridable', subject: 'kube-proxy', message: `no kube-proxy DaemonSet runs, but ConfigMap kube-system/kube-proxy is still there: kubeadm upgrade apply at the hop to ${plan.hops[0]!.version} installs kube-proxy again beside the CNI that replaced it, and the two datapaths conflict — delete ConfigMap kube-system/kube-proxy (kubeadm then skips the addon) and set proxy.disabled: true in ${object} before the first hop` });
  }
  for (const move of catalog.imageRegistries) {
    const repo = config.imageRepository;
    // From kubeadmRewritesFrom on, kubeadm moves the default itself; only earlier hops pull from the frozen registry.
    if ((repo !== move.from && !repo?.startsWith(`${move.from}/`)) || first >= move.kubeadmRewritesFrom) continue;
    findings.push({ code: 'IMAGE_REGISTRY_FROZEN', severity: 'overridable', subject: 'kubeadm-config', message: `${object} pulls the control-plane images from ${repo} (ClusterConfiguration.imageRepository), frozen since ${move.frozenOn}: releases published after that day are only on ${move.to}, so kubeadm may not find the images of the hop to ${plan.hops[0]!.version} (kubeadm rewrites the setting itself only from v1.${move.kubeadmRewritesFrom}) — set imageRepository: ${move.to}${repo.slice(move.from.length)} in ${object} before the first hop` });
  }
  return findings;
}

/**
 * etcd floors judged on the etcd that runs now, for each hop before which no earlier hop of the
 * plan upgrades etcd: kubehop's table of what each kubeadm installs is approximate for most
 * minors, so a version it would install is not held against a floor.
 */
function etcdFindings(cluster: ClusterSnapshot, plan: UpgradePlan, catalog: BreakingChanges): Finding[] {
  if (cluster.etcd !== 'local') return [];
  const findings: Finding[] = [];
  for (const node of cluster.nodes) {
    const running = node.controlPlane?.etcd;
    if (!running) continue;
    for (const hop of plan.hops) {
      const minor = tryParseVersion(hop.version)?.minor;
      if (minor === undefined) continue;
      const floor = catalog.etcd.find((f) => f.into === minor);
      if (floor && compareDotted(running, floor.minimum) < 0) {
        findings.push({ code: 'ETCD_TOO_OLD_FOR_HOP', severity: 'blocking', subject: `node/${node.name} etcd`, message: `etcd on ${node.name} is ${running.replace(/-0$/, '')}, older than the ${floor.minimum} the hop to ${hop.version} needs: ${floor.why} — upgrade etcd on ${node.name} to ${floor.minimum} or newer (the etcd image in /etc/kubernetes/manifests/etcd.yaml, one member at a time) before that hop` });
      }
      const pin = kubeadmAddonVersions(minor)?.etcd;
      if (pin && compareDotted(pin, running) > 0) break;
    }
  }
  return findings;
}

/**
 * Every breaking-change finding for the plan. `checkedThrough` older than the target is itself a
 * finding: what changed after it is not looked for.
 */
/** The minors the control plane enters, as `v1.N` (a patch-only hop enters none). */
function minorsEntered(plan: UpgradePlan): string[] {
  return plan.hops.flatMap((h) => {
    const from = tryParseVersion(h.from);
    const to = tryParseVersion(h.version);
    return from && to && to.minor > from.minor ? [`v1.${to.minor}`] : [];
  });
}

/**
 * A CNI plugin the catalog knows runs (its DaemonSet is there): kubeadm does not upgrade it, and
 * its documentation ties its releases to Kubernetes minors. Information, with the pages to read,
 * for every minor the plan enters; the runbook repeats it at each hop.
 */
function cniFindings(cluster: ClusterSnapshot, plan: UpgradePlan, catalog: BreakingChanges): Finding[] {
  const minors = minorsEntered(plan);
  if (minors.length === 0) return [];
  return catalog.cniPlugins.flatMap((cni) =>
    cluster.workloads
      .filter((w) => w.kind === 'DaemonSet' && cni.daemonSets.includes(w.name))
      .map((w): Finding => ({
        code: 'CNI_PLUGIN_UPGRADE',
        severity: 'info',
        subject: `DaemonSet ${w.namespace}/${w.name}`,
        message: `${cni.name} runs the pod network (DaemonSet ${w.namespace}/${w.name}) and kubeadm does not upgrade it: ${cni.requirement} — check ${minors.join(', ')} against ${cni.compatibility} before the hop${minors.length === 1 ? '' : 's'}; to upgrade it, ${cni.upgrade}`,
      })),
  );
}

export function checkBreakingChanges(cluster: ClusterSnapshot, plan: UpgradePlan, catalog: BreakingChanges): Finding[] {
  const findings: Finding[] = [];
  const target = parseVersion(plan.to).minor;
  if (target > catalog.checkedThrough) {
    findings.push({ code: 'BREAKING_CHANGES_NOT_COVERED', severity: 'overridable', subject: 'breaking-change catalog', message: `the plan goes to v1.${target}, but the breaking-change catalog was checked through v1.${catalog.checkedThrough} (${catalog.compiledOn}): flags, feature gates and runtime requirements changed after it are not looked for — read the release notes of v1.${catalog.checkedThrough + 1}${target > catalog.checkedThrough + 1 ? ` to v1.${target}` : ''} and update data/breaking-changes.json` });
  }
  for (const node of cluster.nodes) findings.push(...kubeletNodeFindings(node, plan, catalog, cluster.kubeletConfig));
  findings.push(...kubeadmConfigFindings(cluster, plan, catalog));
  findings.push(...etcdFindings(cluster, plan, catalog));
  findings.push(...cniFindings(cluster, plan, catalog));
  return findings;
}
