import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatVersion, parseVersion } from '../version/index.js';
import { planKubeletRounds } from './plan-node-rounds.js';

const path = (...versions: string[]) => versions.map(parseVersion);
const show = (rounds: ReturnType<typeof planKubeletRounds>) => rounds.map((r) => `${r.slot}:${formatVersion(r.version)}`);

const cases: { name: string; kubelet: string; path: string[]; everyHop: boolean; rounds: string[] }[] = [
  {
    name: 'drains a v1.32 kubelet twice on the way to v1.37: once at v1.35 before kubeadm v1.36 needs v1.33+, once at the end',
    kubelet: '1.32.9', path: ['1.32.9', '1.33.13', '1.34.11', '1.35.9', '1.36.4', '1.37.1'], everyHop: false,
    rounds: ['3:v1.35.9', '5:v1.37.1'],
  },
  {
    name: 'follows every hop with the classic procedure',
    kubelet: '1.32.9', path: ['1.32.9', '1.33.13', '1.34.11', '1.35.9', '1.36.4', '1.37.1'], everyHop: true,
    rounds: ['1:v1.33.13', '2:v1.34.11', '3:v1.35.9', '4:v1.36.4', '5:v1.37.1'],
  },
  {
    name: 'follows every hop in the v1.11 era where kubeadm tolerates only one minor',
    kubelet: '1.11.3', path: ['1.11.3', '1.12.10', '1.13.12'], everyHop: false,
    rounds: ['1:v1.12.10', '2:v1.13.12'],
  },
  {
    name: 'upgrades an old kubelet before the first hop when kubeadm would refuse it',
    kubelet: '1.25.16', path: ['1.27.16', '1.28.15'], everyHop: false,
    rounds: ['0:v1.27.16', '1:v1.28.15'],
  },
  {
    name: 'drains once for a two-hop upgrade across the n-3 era',
    kubelet: '1.33.13', path: ['1.33.13', '1.34.11', '1.35.9'], everyHop: false,
    rounds: ['2:v1.35.9'],
  },
  {
    name: 'upgrades a kubelet left behind when the control plane is already at the target',
    kubelet: '1.36.1', path: ['1.37.1'], everyHop: false,
    rounds: ['0:v1.37.1'],
  },
  {
    name: 'plans no round for a kubelet already at the target',
    kubelet: '1.37.1', path: ['1.37.1'], everyHop: false,
    rounds: [],
  },
  {
    name: 'takes a patch-only upgrade in one round',
    kubelet: '1.32.4', path: ['1.32.4', '1.32.13'], everyHop: false,
    rounds: ['1:v1.32.13'],
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(show(planKubeletRounds(parseVersion(c.kubelet), path(...c.path), c.everyHop)), c.rounds);
  });
}
