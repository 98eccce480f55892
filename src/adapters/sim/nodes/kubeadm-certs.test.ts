import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation, type Simulation } from '../create-simulation.js';
import { kubeadmDate, residualTime } from './kubeadm-certs.js';

const ROOT = { privileged: true, timeoutMs: 15 * 60_000 };
const DAY = 86_400_000;

function checkExpiration(sim: Simulation, node = 'cp-1', argv = ['kubeadm', 'certs', 'check-expiration']) {
  return sim.shell.run(node, argv, ROOT);
}

/** name -> [expires, residual] from kubeadm's tables. */
function rows(stdout: string): Map<string, [string, string]> {
  const found = new Map<string, [string, string]>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+(\w{3} \d{2}, \d{4} \d{2}:\d{2} UTC)\s+(\S+)/.exec(line);
    if (m?.[1] && m[2] && m[3]) found.set(m[1], [m[2], m[3]]);
  }
  return found;
}

describe('residualTime prints what is left the way Kubernetes shortens durations', () => {
  const cases: Array<[number, string]> = [
    [30_000, '30s'],
    [90_000, '1m'],
    [5 * 3_600_000 + 59 * 60_000, '5h'],
    [364.5 * DAY, '364d'],
    [365 * DAY, '1y'],
    [3649 * DAY, '9y'],
    [-500, '0s'],
    [-5_000, '<invalid>'],
  ];
  for (const [ms, text] of cases) it(`${ms} ms is ${text}`, () => assert.equal(residualTime(ms), text));
});

test('kubeadmDate writes the day with two digits, the time and the zone', () => {
  assert.equal(kubeadmDate(Date.UTC(2026, 0, 5, 7, 3)), 'Jan 05, 2026 07:03 UTC');
});

test('check-expiration lists the snapshot certificates with the time left on the simulated clock', async () => {
  const cluster = aCluster().withControlPlane('v1.33.4', 1).withNode('cp-1', { role: 'control-plane', kubelet: 'v1.33.4', certificates: { expireOn: '2024-12-31', caExpireOn: '2033-06-01' } }).build();
  const sim = createSimulation(cluster, { seed: 1 });
  const result = await checkExpiration(sim);
  assert.equal(result.exitCode, 0, result.stderr);
  const table = rows(result.stdout);
  assert.deepEqual(table.get('apiserver'), ['Dec 31, 2024 00:00 UTC', '<invalid>']);
  assert.deepEqual(table.get('ca'), ['Jun 01, 2033 00:00 UTC', '8y']);
  assert.match(result.stdout, /\nCERTIFICATE AUTHORITY {3}EXPIRES/);
});

test('kubeadm before v1.20 only knows alpha certs, and from v1.22 only certs', async () => {
  const answers: Array<[string, string[], number]> = [
    ['v1.19.16', ['kubeadm', 'certs', 'check-expiration'], 1],
    ['v1.19.16', ['kubeadm', 'alpha', 'certs', 'check-expiration'], 0],
    ['v1.21.14', ['kubeadm', 'alpha', 'certs', 'check-expiration'], 0],
    ['v1.21.14', ['kubeadm', 'certs', 'check-expiration'], 0],
    ['v1.22.17', ['kubeadm', 'alpha', 'certs', 'check-expiration'], 1],
  ];
  for (const [version, argv, exitCode] of answers) {
    const sim = createSimulation(aCluster().withControlPlane(version, 1).build(), { seed: 1 });
    assert.equal((await checkExpiration(sim, 'cp-1', argv)).exitCode, exitCode, `${version} ${argv.join(' ')}`);
  }
});

test('a worker has no kubeadm certificates to check', async () => {
  const sim = createSimulation(aCluster().withControlPlane('v1.33.4', 1).withWorkers('v1.33.4', 1).build(), { seed: 1 });
  const result = await checkExpiration(sim, 'worker-1');
  assert.equal(result.exitCode, 1);
  assert.equal(result.stderr, 'error reading certificates: open /etc/kubernetes/pki/ca.crt: no such file or directory\n');
});

for (const renewal of [true, false]) {
  test(`kubeadm upgrade apply ${renewal ? 'renews the leaf certificates for a year, never the CAs' : 'keeps them with --certificate-renewal=false'}`, async () => {
    const cluster = aCluster().withControlPlane('v1.32.9', 1).withNode('cp-1', { role: 'control-plane', kubelet: 'v1.32.9', kubeadm: 'v1.33.4', certificates: { expireOn: '2025-02-01', caExpireOn: '2034-01-01' } }).build();
    const sim = createSimulation(cluster, { seed: 2, apiDowntimeSeconds: 10 });
    const argv = ['kubeadm', 'upgrade', 'apply', 'v1.33.4', '--yes', ...(renewal ? [] : ['--certificate-renewal=false'])];
    const applied = await sim.shell.run('cp-1', argv, ROOT);
    assert.equal(applied.exitCode, 0, applied.stderr);
    const finished = sim.clock.now();
    const table = rows((await checkExpiration(sim)).stdout);
    // Renewed during the command: on the day a year after it, with (a few minutes short of) 365 days left.
    assert.deepEqual(table.get('apiserver'), renewal ? [table.get('apiserver')?.[0], '364d'] : ['Feb 01, 2025 00:00 UTC', '30d']);
    if (renewal) assert.equal(table.get('apiserver')?.[0].slice(0, 12), kubeadmDate(finished + 365 * DAY).slice(0, 12));
    assert.equal(table.get('ca')?.[0], 'Jan 01, 2034 00:00 UTC');
  });
}
