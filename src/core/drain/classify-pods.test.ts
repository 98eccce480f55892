import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodSnapshot } from '../cluster/index.js';
import { classifyPods } from './classify-pods.js';
import { pdbsForPod } from './pdbs-for-pod.js';
import type { ClassifyOptions } from './pod-disposition.js';

function aPod(name: string, extra: Partial<PodSnapshot> = {}): PodSnapshot {
  return {
    namespace: 'default',
    name,
    uid: `uid-${name}`,
    node: 'node-1',
    owner: { kind: 'Deployment', name: 'web' },
    phase: 'Running',
    ready: true,
    labels: { app: 'web' },
    requests: { cpuMillis: 100, memoryBytes: 1 },
    emptyDir: false,
    mirror: false,
    ...extra,
  };
}

const STRICT: ClassifyOptions = { deleteEmptyDirData: false, force: false, ignoreDaemonSets: true };
const LENIENT: ClassifyOptions = { deleteEmptyDirData: true, force: true, ignoreDaemonSets: true };

describe('classifyPods', () => {
  const cases: { name: string; pod: PodSnapshot; options: ClassifyOptions; disposition: string; reason: string }[] = [
    { name: 'evicts a pod a Deployment manages', pod: aPod('web-1'), options: STRICT, disposition: 'evict', reason: 'managed by Deployment web' },
    { name: 'deletes a Succeeded pod without any flag', pod: aPod('job-1', { phase: 'Succeeded', owner: undefined, emptyDir: true }), options: STRICT, disposition: 'delete-finished', reason: 'finished (Succeeded)' },
    { name: 'deletes a Failed DaemonSet pod', pod: aPod('ds-1', { phase: 'Failed', owner: { kind: 'DaemonSet', name: 'fluent' } }), options: STRICT, disposition: 'delete-finished', reason: 'finished (Failed)' },
    { name: 'leaves a running DaemonSet pod on the node', pod: aPod('ds-2', { owner: { kind: 'DaemonSet', name: 'fluent' }, emptyDir: true }), options: STRICT, disposition: 'skip-daemonset', reason: 'ignoring DaemonSet-managed Pods' },
    { name: 'leaves a mirror pod on the node', pod: aPod('etcd-cp-1', { mirror: true, owner: { kind: 'Node', name: 'cp-1' } }), options: STRICT, disposition: 'skip-mirror', reason: 'mirror pod of a static pod' },
    { name: 'blocks on an emptyDir pod without the flag', pod: aPod('cache-1', { emptyDir: true }), options: STRICT, disposition: 'blocked', reason: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)' },
    { name: 'evicts an emptyDir pod with the flag', pod: aPod('cache-1', { emptyDir: true }), options: LENIENT, disposition: 'evict', reason: 'deleting Pods with local storage' },
    { name: 'blocks on a pod without a controller', pod: aPod('bare', { owner: undefined }), options: STRICT, disposition: 'blocked', reason: 'cannot delete Pods that declare no controller (use --force to override)' },
    { name: 'evicts a pod without a controller with force', pod: aPod('bare', { owner: undefined }), options: LENIENT, disposition: 'evict', reason: 'deleting Pods that declare no controller' },
    { name: 'blocks on local storage before looking at the controller', pod: aPod('bare', { owner: undefined, emptyDir: true }), options: STRICT, disposition: 'blocked', reason: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)' },
    { name: 'keeps only the last warning of a forced bare emptyDir pod', pod: aPod('bare', { owner: undefined, emptyDir: true }), options: LENIENT, disposition: 'evict', reason: 'deleting Pods that declare no controller' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [result] = classifyPods([c.pod], c.options).pods;
      assert.equal(result?.disposition, c.disposition);
      assert.equal(result?.reason, c.reason);
    });
  }

  it('groups errors and warnings by message the way kubectl prints them', () => {
    const pods = [
      aPod('a', { emptyDir: true }),
      aPod('b', { emptyDir: true, namespace: 'shop' }),
      aPod('c', { owner: undefined }),
      aPod('kube-proxy-x', { namespace: 'kube-system', owner: { kind: 'DaemonSet', name: 'kube-proxy' } }),
      aPod('web-1'),
    ];
    const result = classifyPods(pods, STRICT);
    assert.deepEqual(result.errors, [
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/a, shop/b',
      'cannot delete Pods that declare no controller (use --force to override): default/c',
    ]);
    assert.deepEqual(result.warnings, ['ignoring DaemonSet-managed Pods: kube-system/kube-proxy-x']);
  });

  it('reports no errors when every pod may go', () => {
    const result = classifyPods([aPod('a', { emptyDir: true }), aPod('b', { owner: undefined })], LENIENT);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings, ['deleting Pods with local storage: default/a', 'deleting Pods that declare no controller: default/b']);
  });
});

describe('pdbsForPod', () => {
  const pdb = (name: string, namespace: string, selector: Record<string, string>) => ({ name, namespace, selector, minAvailable: 1 });
  it('matches PDBs by namespace and every label of the selector', () => {
    const pdbs = [pdb('web', 'default', { app: 'web' }), pdb('other-ns', 'shop', { app: 'web' }), pdb('tier', 'default', { app: 'web', tier: 'front' })];
    assert.deepEqual(pdbsForPod(aPod('web-1'), pdbs).map((p) => p.name), ['web']);
  });
  it('matches every pod of the namespace with an empty selector', () => {
    assert.deepEqual(pdbsForPod(aPod('web-1'), [pdb('all', 'default', {})]).map((p) => p.name), ['all']);
  });
});
