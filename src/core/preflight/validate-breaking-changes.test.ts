import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateBreakingChanges } from './validate-breaking-changes.js';

const BUILT_IN = JSON.parse(readFileSync(new URL('../../../data/breaking-changes.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function errorsOf(change: (doc: Record<string, unknown>) => void): string[] {
  const doc = structuredClone(BUILT_IN);
  change(doc);
  const result = validateBreakingChanges(doc);
  return result.ok ? [] : result.errors;
}

describe('validateBreakingChanges', () => {
  it('accepts the built-in catalog, checked through v1.37 with a source for every entry', () => {
    const result = validateBreakingChanges(BUILT_IN);
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    assert.equal(result.value.checkedThrough, 37);
    assert.deepEqual(result.value.kubeletFlags.find((e) => e.flags.includes('--network-plugin'))?.removedIn, 24);
    assert.deepEqual(result.value.kubeletFlags.find((e) => e.flags.includes('--container-runtime'))?.removedIn, 27);
    assert.deepEqual(result.value.kubeletFlags.find((e) => e.flags.includes('--pod-infra-container-image'))?.removedIn, 35);
    assert.deepEqual(result.value.admissionPlugins.map((p) => [p.plugin, p.removedIn]), [['PodSecurityPolicy', 25], ['SecurityContextDeny', 30]]);
  });

  const cases: { name: string; change: (doc: Record<string, any>) => void; errors: string[] }[] = [
    { name: 'refuses a minor written as a number', change: (d) => { d.kubeletFlags[0].removedIn = 1.3; }, errors: ['kubeletFlags[0].removedIn: expected a minor such as "1.24", got 1.3; quote it, a number loses trailing zeros'] },
    { name: 'refuses a source the catalog does not list', change: (d) => { d.admissionPlugins[0].source = 'BLOG'; }, errors: ['admissionPlugins[0].source: unknown source "BLOG" (known: RN, TALOS, DOCKERSHIM, CONTAINERD, KUBEADM_API, CGROUP, ETCD, KUBE_PROXY, CALICO, CILIUM, REGISTRY, STATIC_PODS)'] },
    { name: 'refuses a CNI plugin whose pages are not https addresses or that names no DaemonSet', change: (d) => { d.cniPlugins[0].compatibility = 'docs.tigera.io'; d.cniPlugins[1].daemonSets = []; }, errors: ['cniPlugins[0].compatibility: expected an https:// address, got "docs.tigera.io"', 'cniPlugins[1].daemonSets: expected at least one a DaemonSet name such as "calico-node"'] },
    { name: 'refuses a flag without its dashes', change: (d) => { d.kubeletFlags[0].flags = ['chaos-chance']; }, errors: ['kubeletFlags[0].flags[0]: expected a flag such as "--network-plugin", got "chaos-chance"'] },
    { name: 'refuses an entry after checkedThrough', change: (d) => { d.checkedThrough = '1.36'; }, errors: ['kubeletFlags[9].removedIn: "1.37" is after checkedThrough "1.36"; raise checkedThrough once the catalog is checked against that release', 'controlPlaneFlags[14].removedIn: "1.37" is after checkedThrough "1.36"; raise checkedThrough once the catalog is checked against that release', 'kubeadmConfigApis[2].removedIn: "1.37" is after checkedThrough "1.36"; raise checkedThrough once the catalog is checked against that release', 'kubeletConfigFields[1].changedIn: "1.37" is after checkedThrough "1.36"; raise checkedThrough once the catalog is checked against that release'] },
    { name: 'refuses a flag listed twice', change: (d) => { d.kubeletFlags[1].flags.push('--chaos-chance'); }, errors: ['kubeletFlags[1].flags[2]: kubelet --chaos-chance is listed twice (also kubeletFlags[0].flags[0])'] },
    { name: 'refuses an unknown field', change: (d) => { d.etcd[0].note = 'x'; }, errors: ['etcd[0].note: unknown field (known: into, minimum, why, source)'] },
    { name: 'refuses an unknown component', change: (d) => { d.controlPlaneFlags[0].component = 'kube-proxy'; }, errors: ['controlPlaneFlags[0].component: expected one of kube-apiserver, kube-controller-manager, kube-scheduler, got "kube-proxy"'] },
    { name: 'refuses a severity other than blocking or overridable', change: (d) => { d.kubeletConfigFields[0].severity = 'info'; }, errors: ['kubeletConfigFields[0].severity: expected "blocking" or "overridable", got "info"'] },
    { name: 'refuses another format', change: (d) => { d.format = 'kubehop.breaking-changes/v2'; }, errors: ['format: expected "kubehop.breaking-changes/v1", got "kubehop.breaking-changes/v2"'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(errorsOf(c.change), c.errors));
  }

  it('refuses something that is not an object', () => {
    assert.deepEqual(validateBreakingChanges([]), { ok: false, errors: ['expected a JSON object, got a list'] });
  });
});
