import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { planUpgrade, type WorkerStrategy } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import { SshNodeShell } from '../adapters/ssh/ssh-node-shell.js';
import { checkSurgeMachines, liveSurgeProvisioner, type SurgeMachines } from './surge-machines.js';

const cluster = aCluster().withName('lab').withControlPlane('v1.21.0').withWorkers('v1.20.2', 2).withRepository({ era: 'legacy' }).build();
const plan = (strategy: WorkerStrategy) => planUpgrade(cluster, { target: parseVersion('v1.21.0'), strategy, workersEveryHop: false, latestPatch });
const hook = { argv: ['/opt/hooks/new-vm'], timeoutMs: 60_000 };

describe('checkSurgeMachines', () => {
  const cases: { name: string; strategy: WorkerStrategy; machines: SurgeMachines; resume?: boolean; error?: string }[] = [
    { name: 'accepts one spare for one new node at a time', strategy: { kind: 'surge', maxSurge: 1 }, machines: { spares: [{ name: 'spare-1', host: '10.0.0.20' }] } },
    { name: 'accepts a provision hook alone, however wide the batches', strategy: { kind: 'surge', maxSurge: 5 }, machines: { spares: [], provision: hook } },
    { name: 'accepts rolling without machines', strategy: { kind: 'rolling', maxUnavailable: 1 }, machines: { spares: [] } },
    { name: 'refuses machines for a rolling plan', strategy: { kind: 'rolling', maxUnavailable: 1 }, machines: { spares: [{ name: 'spare-1' }] }, error: "--spare-host, --spare-hosts, --provision-command and --decommission-command go with --strategy surge or blue-green, and this plan's workers are rolling" },
    { name: 'refuses surge without machines', strategy: { kind: 'surge', maxSurge: 1 }, machines: { spares: [] }, error: 'surge on a real cluster needs machines for the new workers: give spare hosts (--spare-host NAME=ADDRESS, repeatable, or --spare-hosts FILE) or a --provision-command that makes one — or plan with --strategy rolling' },
    { name: 'refuses fewer spares than --max-surge without a hook', strategy: { kind: 'surge', maxSurge: 2 }, machines: { spares: [{ name: 'spare-1' }] }, error: '--max-surge 2 brings up 2 new nodes at a time but 1 spare host is given: give more, plan with a lower --max-surge, or add a --provision-command' },
    { name: 'refuses a spare that is a node already', strategy: { kind: 'surge', maxSurge: 1 }, machines: { spares: [{ name: 'worker-2' }] }, error: 'spare host worker-2 is already a node of cluster "lab": a spare must be a machine with nothing of Kubernetes on it, under a name no node has' },
    { name: 'refuses blue-green with fewer spares than the new pool needs', strategy: { kind: 'blue-green', batch: 1 }, machines: { spares: [{ name: 'spare-1' }] }, error: 'blue-green brings up a new pool of 2 nodes before it removes the old one but 1 spare host is given: give 2, use --strategy surge (one spare is enough), or add a --provision-command' },
    { name: 'accepts blue-green with a spare for every worker', strategy: { kind: 'blue-green', batch: 1 }, machines: { spares: [{ name: 'spare-1' }, { name: 'spare-2' }] } },
    { name: 'accepts a spare that joined before a resumed run was interrupted', strategy: { kind: 'surge', maxSurge: 1 }, machines: { spares: [{ name: 'worker-2' }] }, resume: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const check = () => checkSurgeMachines(plan(c.strategy), cluster, c.machines, c.resume ?? false);
      if (c.error === undefined) check();
      else assert.throws(check, { name: 'ConfigError', message: c.error });
    });
  }
});

describe('liveSurgeProvisioner', () => {
  it('makes every spare host reachable over SSH under its node name from the start', () => {
    const shell = new SshNodeShell({ sshConfigFile: null, agentSocket: null, homeDir: '/nonexistent', localUser: 'ops' });
    liveSurgeProvisioner(plan({ kind: 'surge', maxSurge: 1 }), cluster, shell, { now: () => 0, sleep: async () => {}, every: () => () => undefined }, { spares: [{ name: 'spare-1', host: '10.0.0.20', port: 2222 }] });
    const target = shell.targetOf('spare-1');
    assert.deepEqual([target.host, target.port], ['10.0.0.20', 2222]);
  });
});
