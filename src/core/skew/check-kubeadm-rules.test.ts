import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVersion } from '../version/index.js';
import { checkKubeadmApply, checkKubeadmState, checkKubeadmUpgradeNode } from './check-kubeadm-rules.js';
import { kubeadmKubeletTolerance, maxNodeComponentLag } from './skew-eras.js';
import type { VersionState } from './version-state.js';

const v = parseVersion;

function cluster(apiserver: string, kubelets: string[], kubeadm?: string): VersionState {
  return {
    controlPlane: [{ node: 'cp-1', apiserver: v(apiserver), controllerManager: v(apiserver), scheduler: v(apiserver) }],
    nodes: kubelets.map((k, i) => ({ node: `node-${i + 1}`, role: 'worker' as const, kubelet: v(k), ...(kubeadm ? { kubeadm: v(kubeadm) } : {}) })),
  };
}

const tolerance: [number, number][] = [[11, 1], [28, 1], [29, 3], [37, 3]];
for (const [minor, expected] of tolerance) {
  test(`kubeadm v1.${minor} tolerates kubelets ${expected} minor(s) older`, () => {
    assert.equal(kubeadmKubeletTolerance(minor), expected);
  });
}

const lag: [number, number, number][] = [[27, 25, 2], [28, 25, 3], [28, 24, 2], [37, 34, 3], [13, 11, 2]];
for (const [apiserver, kubelet, expected] of lag) {
  test(`a v1.${kubelet} kubelet may lag a v1.${apiserver} apiserver by ${expected}`, () => {
    assert.equal(maxNodeComponentLag(apiserver, kubelet), expected);
  });
}

const applyCases: { name: string; state: VersionState; target: string; kubeadm: string; expect: string[] }[] = [
  { name: 'allows one minor with a matching kubeadm', state: cluster('1.32.9', ['1.32.9']), target: '1.33.13', kubeadm: '1.33.13', expect: [] },
  { name: 'refuses to skip a minor', state: cluster('1.32.9', ['1.32.9']), target: '1.34.1', kubeadm: '1.34.1', expect: ['KUBEADM_SKIPS_MINOR'] },
  { name: 'refuses a downgrade', state: cluster('1.32.9', ['1.32.9']), target: '1.31.1', kubeadm: '1.31.1', expect: ['KUBEADM_DOWNGRADE'] },
  { name: 'refuses a kubeadm older than the target minor', state: cluster('1.32.9', ['1.32.9']), target: '1.33.1', kubeadm: '1.32.9', expect: ['KUBEADM_OLDER_THAN_TARGET'] },
  { name: 'flags an older kubeadm patch as skippable', state: cluster('1.32.9', ['1.32.9']), target: '1.33.5', kubeadm: '1.33.1', expect: ['KUBEADM_OLDER_PATCH_THAN_TARGET'] },
  { name: 'flags a newer kubeadm minor as skippable', state: cluster('1.32.9', ['1.32.9']), target: '1.33.5', kubeadm: '1.34.0', expect: ['KUBEADM_NEWER_THAN_TARGET'] },
  { name: 'refuses kubelets two minors behind for kubeadm v1.28', state: cluster('1.27.16', ['1.26.15']), target: '1.28.15', kubeadm: '1.28.15', expect: ['KUBEADM_KUBELETS_TOO_OLD'] },
  { name: 'accepts kubelets three minors behind for kubeadm v1.29', state: cluster('1.28.15', ['1.26.15']), target: '1.29.14', kubeadm: '1.29.14', expect: [] },
  { name: 'refuses kubelets four minors behind for kubeadm v1.36', state: cluster('1.35.9', ['1.32.9']), target: '1.36.4', kubeadm: '1.36.4', expect: ['KUBEADM_KUBELETS_TOO_OLD'] },
];
for (const c of applyCases) {
  test(`kubeadm upgrade apply ${c.name}`, () => {
    assert.deepEqual(checkKubeadmApply(c.state, v(c.target), v(c.kubeadm)).map((f) => f.code), c.expect);
  });
}

test('names the kubelets that stop kubeadm upgrade apply and the version they need', () => {
  const [finding] = checkKubeadmApply(cluster('1.35.9', ['1.32.9', '1.35.9']), v('1.36.4'), v('1.36.4'));
  assert.equal(finding?.severity, 'overridable');
  assert.equal(finding?.message, 'kubeadm v1.36 refuses to upgrade to v1.36.4 while kubelets are more than 3 minors older: node-1 (v1.32.9) — upgrade them to at least v1.33 first');
});

const nodeCases: { name: string; kubeadm: string; last: string; cp: string; expect: string[] }[] = [
  { name: 'allows the next minor', kubeadm: '1.33.1', last: '1.32.9', cp: '1.35.0', expect: [] },
  { name: 'refuses two minors at once', kubeadm: '1.34.1', last: '1.32.9', cp: '1.35.0', expect: ['KUBEADM_NODE_SKIPS_MINOR'] },
  { name: 'refuses to go back', kubeadm: '1.31.1', last: '1.32.9', cp: '1.35.0', expect: ['KUBEADM_NODE_DOWNGRADE'] },
  { name: 'refuses to pass the control plane', kubeadm: '1.33.1', last: '1.32.9', cp: '1.32.9', expect: ['KUBEADM_NODE_AHEAD_OF_CONTROL_PLANE'] },
];
for (const c of nodeCases) {
  test(`kubeadm upgrade node ${c.name}`, () => {
    assert.deepEqual(checkKubeadmUpgradeNode('w', v(c.kubeadm), v(c.last), v(c.cp)).map((f) => f.code), c.expect);
  });
}

test('tells ahead of time which kubelets the next kubeadm upgrade apply would refuse', () => {
  const findings = checkKubeadmState(cluster('1.27.16', ['1.26.15', '1.27.16'], '1.27.16'));
  assert.deepEqual(findings.map((f) => f.code), ['KUBELETS_BLOCK_NEXT_UPGRADE']);
  assert.equal(findings[0]?.message, 'kubeadm v1.28 will refuse to upgrade the control plane while kubelets are older than v1.27: node-1 (v1.26.15) — the plan upgrades them first');
});

test('flags a kubelet newer than the kubeadm installed beside it', () => {
  const findings = checkKubeadmState(cluster('1.33.0', ['1.33.0'], '1.32.9'));
  assert.deepEqual(findings.map((f) => f.code), ['KUBELET_NEWER_THAN_KUBEADM']);
});

test('flags a kubelet further behind its kubeadm than that kubeadm tolerates', () => {
  const findings = checkKubeadmState(cluster('1.28.0', ['1.26.15'], '1.28.0'));
  assert.deepEqual(findings.map((f) => f.code), ['KUBELET_TOO_OLD_FOR_KUBEADM']);
});
