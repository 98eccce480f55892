import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from './document-checker.js';
import { errorsOf, snapshotOf } from '../../../test/builders/validated-document.js';

type Doc = Record<string, unknown>;

const cp = { name: 'cp-1', role: 'control-plane', kubelet: 'v1.32.9' };
const worker = { name: 'worker-1', kubelet: 'v1.32.9' };

function cluster(nodes: readonly Doc[], extra: Doc = {}): Doc {
  return { kind: 'Cluster', apiVersion: 'kubehop/v1', name: 'lab', nodes, ...extra };
}


const nodesOf = (doc: unknown) => snapshotOf(doc).nodes;

describe('node facts in a cluster file are refused when written wrongly', () => {
  const cases: { name: string; doc: Doc; errors: FieldError[] }[] = [
    {
      name: 'facts that are not a mapping',
      doc: cluster([{ ...cp, facts: ['swapOn'] }]),
      errors: [{ path: ['nodes', 0, 'facts'], message: 'must be a mapping of fields (swapOn, freeDisk, heldPackages, repositoryReachable, containerRuntime, cgroup, kubeletFlags, kubeletConfig, containerdSystemdCgroup, staticPods), found a list' }],
    },
    {
      name: 'an unknown fact in defaults, with the nearest known one',
      doc: cluster([cp], { defaults: { facts: { swap: true } } }),
      errors: [{ path: ['defaults', 'facts', 'swap'], message: 'unknown field "swap"; did you mean "swapOn"?' }],
    },
    {
      name: 'booleans written as words',
      doc: cluster([{ ...cp, facts: { swapOn: 'yes', repositoryReachable: 'no' } }]),
      errors: [
        { path: ['nodes', 0, 'facts', 'swapOn'], message: 'must be true or false, found "yes"' },
        { path: ['nodes', 0, 'facts', 'repositoryReachable'], message: 'must be true or false, found "no"' },
      ],
    },
    {
      name: 'free disk space that is no quantity',
      doc: cluster([{ ...cp, facts: { freeDisk: '1.5GB' } }, { ...worker, facts: { freeDisk: -1 } }]),
      errors: [
        { path: ['nodes', 0, 'facts', 'freeDisk'], message: 'invalid disk space "1.5GB": use bytes or a suffix such as 800Mi, 1.5Gi or 20G' },
        { path: ['nodes', 1, 'facts', 'freeDisk'], message: 'invalid disk space -1: use bytes or a suffix such as 800Mi, 1.5Gi or 20G' },
      ],
    },
    {
      name: 'held packages given as one string',
      doc: cluster([cp], { defaults: { facts: { heldPackages: 'kubeadm' } } }),
      errors: [{ path: ['defaults', 'facts', 'heldPackages'], message: 'must be a list of package names such as [kubeadm, kubelet], found "kubeadm"' }],
    },
    {
      name: 'held packages that are no package names, or listed twice',
      doc: cluster([{ ...cp, facts: { heldPackages: ['kubeadm', 'Kube Adm', 3, 'kubeadm'] } }]),
      errors: [
        { path: ['nodes', 0, 'facts', 'heldPackages', 1], message: 'invalid package name "Kube Adm": use a name such as kubeadm (lowercase letters, digits, "+", "-", ".")' },
        { path: ['nodes', 0, 'facts', 'heldPackages', 2], message: 'invalid package name 3: use a name such as kubeadm (lowercase letters, digits, "+", "-", ".")' },
        { path: ['nodes', 0, 'facts', 'heldPackages', 3], message: 'package kubeadm is listed twice; list each held package once' },
      ],
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      assert.deepEqual(errorsOf(c.doc), c.errors);
    });
  }
});

describe('node facts in a cluster file become the nodes’ facts', () => {
  const diskCases: { freeDisk: string | number; bytes: number }[] = [
    { freeDisk: '1.5Gi', bytes: 1.5 * 2 ** 30 },
    { freeDisk: '800Mi', bytes: 800 * 2 ** 20 },
    { freeDisk: '20G', bytes: 20e9 },
    { freeDisk: 1073741824, bytes: 2 ** 30 },
    { freeDisk: '0', bytes: 0 },
  ];
  for (const c of diskCases) {
    it(`reads freeDisk ${JSON.stringify(c.freeDisk)} as ${c.bytes} bytes`, () => {
      const [node] = nodesOf(cluster([{ ...cp, facts: { freeDisk: c.freeDisk } }]));
      assert.deepEqual(node?.facts, { freeDiskBytes: c.bytes });
    });
  }

  it('reads every fact of a node', () => {
    const [node] = nodesOf(cluster([{ ...cp, facts: { swapOn: true, freeDisk: '10Gi', heldPackages: ['kubeadm', 'kubelet', 'cri-tools'], repositoryReachable: false } }]));
    assert.deepEqual(node?.facts, { swapOn: true, freeDiskBytes: 10 * 2 ** 30, heldPackages: ['kubeadm', 'kubelet', 'cri-tools'], repositoryReachable: false });
  });

  it('leaves facts out of a node when none are given, so they stay unobserved', () => {
    const nodes = nodesOf(cluster([cp, { ...worker, facts: {} }, { ...worker, name: 'worker-2', facts: null }]));
    assert.deepEqual(nodes.map((n) => 'facts' in n), [false, false, false]);
  });

  it('merges defaults and node facts field by field, the node winning, an empty list included', () => {
    const nodes = nodesOf(cluster(
      [cp, { ...worker, facts: { swapOn: true, heldPackages: [] } }],
      { defaults: { facts: { swapOn: false, freeDisk: '50Gi', heldPackages: ['kubelet'] } } },
    ));
    assert.deepEqual(nodes.map((n) => n.facts), [
      { swapOn: false, freeDiskBytes: 50 * 2 ** 30, heldPackages: ['kubelet'] },
      { swapOn: true, freeDiskBytes: 50 * 2 ** 30, heldPackages: [] },
    ]);
  });

  it('gives every node of a count entry the entry’s facts', () => {
    const nodes = nodesOf(cluster([cp, { name: 'pool', count: 3, kubelet: 'v1.32.9', facts: { repositoryReachable: false } }]));
    assert.deepEqual(nodes.map((n) => [n.name, n.facts]), [
      ['cp-1', undefined],
      ['pool-1', { repositoryReachable: false }],
      ['pool-2', { repositoryReachable: false }],
      ['pool-3', { repositoryReachable: false }],
    ]);
  });
});
