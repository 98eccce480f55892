import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { renderCheckTable, type CheckReport } from './render-check.js';

const report = (cluster: CheckReport['cluster']): CheckReport => ({ cluster, findings: [], support: [], date: '2026-12-03' });
const demoLike = report(aCluster().withName('demo').withControlPlane('v1.32.9', 3).withWorkers('v1.32.9', 6).build());
const withCordon = report(aCluster().withName('demo').withControlPlane('v1.32.9', 3).withWorkers('v1.32.9', 6).withNode('worker-2', { cordoned: true }).build());
const longName = 'ip-10-0-113-27.eu-central-1.compute.internal';
const longNamed = report(aCluster().withControlPlane('v1.34.2').withWorkers('v1.33.5', 1).withNode(longName, { kubelet: 'v1.33.5' }).build());

/** The node table: the lines from its header to the line before the blank one. */
function tableOf(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('NODE'));
  return lines.slice(start, lines.indexOf('', start));
}
const headersOf = (table: readonly string[]) => (table[0] ?? '').split(/\s+/);

describe('renderCheckTable on a terminal', () => {
  const cases: { name: string; input: CheckReport; width?: number; wide?: boolean; headers: string[]; note?: string }[] = [
    {
      name: 'keeps every column when piped (no width), as it always drew it',
      input: demoLike, headers: ['NODE', 'ROLE', 'KUBELET', 'KUBE-PROXY', 'KUBEADM', 'APISERVER', 'CONTROLLER-MGR', 'SCHEDULER', 'ETCD', 'STATUS', 'SCHEDULABLE'],
    },
    {
      name: 'keeps every column at 60 columns when asked for wide',
      input: demoLike, width: 60, wide: true, headers: ['NODE', 'ROLE', 'KUBELET', 'KUBE-PROXY', 'KUBEADM', 'APISERVER', 'CONTROLLER-MGR', 'SCHEDULER', 'ETCD', 'STATUS', 'SCHEDULABLE'],
    },
    {
      name: 'at 120 columns only folds schedulability into the status',
      input: demoLike, width: 120, headers: ['NODE', 'ROLE', 'KUBELET', 'KUBE-PROXY', 'KUBEADM', 'APISERVER', 'CONTROLLER-MGR', 'SCHEDULER', 'ETCD', 'STATUS'],
      note: '(-o wide shows SCHEDULABLE as its own column)',
    },
    {
      name: 'at 80 columns leaves out the controller manager, scheduler and kube-proxy and says so',
      input: demoLike, width: 80, headers: ['NODE', 'ROLE', 'KUBELET', 'KUBEADM', 'APISERVER', 'ETCD', 'STATUS'],
      note: '(-o wide adds KUBE-PROXY, CONTROLLER-MGR, SCHEDULER)',
    },
    {
      name: 'at 60 columns keeps node, role, kubelet, kubeadm and status',
      input: demoLike, width: 60, headers: ['NODE', 'ROLE', 'KUBELET', 'KUBEADM', 'STATUS'],
      note: '(-o wide adds KUBE-PROXY, APISERVER, CONTROLLER-MGR,',
    },
    {
      name: 'at 60 columns a node name wider than the room stays whole and the table keeps its last columns',
      input: longNamed, width: 60, headers: ['NODE', 'ROLE', 'KUBELET', 'STATUS'],
      note: '(-o wide adds KUBE-PROXY, KUBEADM, APISERVER,',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const text = renderCheckTable(c.input, { ...(c.width === undefined ? {} : { width: c.width }), ...(c.wide ? { wide: true } : {}) });
      const table = tableOf(text);
      assert.deepEqual(headersOf(table), c.headers);
      const rows = table.slice(1, 1 + c.input.cluster.nodes.length);
      // Every node is there by its whole name, with its whole kubelet version.
      assert.deepEqual(rows.map((l) => l.split(/\s+/)[0]), c.input.cluster.nodes.map((n) => n.name));
      for (const [i, n] of c.input.cluster.nodes.entries()) assert.match(rows[i] ?? '', new RegExp(` v${n.kubelet.major}\\.${n.kubelet.minor}\\.${n.kubelet.patch} `));
      if (c.width !== undefined && !c.wide) {
        // Lines longer than the width only in a table whose node names alone leave no room.
        for (const line of text.split('\n').filter((l) => l.length > (c.width ?? 0))) assert.ok(c.input === longNamed && table.includes(line), `${line.length} > ${c.width}: ${line}`);
      }
      if (c.note === undefined) assert.ok(!text.includes('-o wide'));
      else assert.ok(table.includes(c.note), table.join('\n'));
    });
  }

  it('shows a cordoned node as "Ready,cordoned" when schedulability has no column of its own, and still fits', () => {
    const table = tableOf(renderCheckTable(withCordon, { width: 80 }));
    assert.match(table.find((l) => l.startsWith('worker-2')) ?? '', /\sReady,cordoned$/);
    assert.match(table.find((l) => l.startsWith('worker-1')) ?? '', /\sReady$/);
    assert.ok(table.every((l) => l.length <= 80));
  });

  it('wraps the prose under the table at spaces within the width', () => {
    const withWarning = { ...demoLike, catalogWarning: 'the release catalog is 79 days old (source: built-in (data/releases.json)): it may miss releases — pass a newer one with --releases FILE' };
    const text = renderCheckTable(withWarning, { width: 60 });
    assert.ok(text.split('\n').every((l) => l.length <= 60));
    assert.match(text, /^Warning: the release catalog is 79 days old \(source:\nbuilt-in \(data\/releases\.json\)\): it may miss releases/m);
  });
});
