import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { createMemoryPorts, MemoryMachineShell } from '../memory/index.js';
import { NodeCommandError } from '../../core/errors.js';
import { parseVersion } from '../../core/version/index.js';
import { joinTokenId, KubeadmJoinProvisioner } from './kubeadm-join-provisioner.js';
import { MachinePool } from './machine-pool.js';

const snapshot = aCluster()
  .withControlPlane('v1.21.0', 1)
  .withWorkers('v1.20.2', 2)
  .withRepository({ era: 'legacy' })
  .withOs({ image: 'Debian GNU/Linux 12 (bookworm)', family: 'debian', packageManager: 'apt' })
  .withNode('worker-1', { labels: { pool: 'db' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })
  .build();
const worker1 = snapshot.nodes.find((n) => n.name === 'worker-1');
const SECRET = '0123456789abcdef';
const TOKEN = `${joinTokenId('spare-1')}.${SECRET}`;
assert.ok(worker1);

function setUp() {
  const ports = createMemoryPorts(snapshot);
  const shell = new MemoryMachineShell(ports.cluster);
  const machines = new MachinePool({ cluster: 'lab', spares: [{ name: 'spare-1', host: '10.0.0.20' }] });
  const reached: string[] = [];
  const provisioner = new KubeadmJoinProvisioner({
    shell,
    machines,
    reach: (m) => {
      reached.push(`${m.name}=${m.host ?? ''}`);
      shell.addMachine(m.name);
    },
    controlPlane: 'cp-1',
    clock: ports.clock,
    commandTimeoutMs: 60_000,
    tokenSecret: () => SECRET,
  });
  return { ports, shell, machines, provisioner, reached };
}

const request = { template: worker1, version: parseVersion('v1.21.0'), batch: 'v1.21/workers/batch-1' };

describe('KubeadmJoinProvisioner', () => {
  it('prepares a spare, joins it with a token made for it alone, copies the labels and taints, and names it before the join', async () => {
    const { ports, shell, provisioner, reached } = setUp();
    const order: string[] = [];
    const added = await provisioner.addWorker(request, async (name) => void order.push(`named ${name} after ${shell.calls.length} commands`));
    assert.equal(added, 'spare-1');
    assert.deepEqual(order, ['named spare-1 after 0 commands']);
    assert.deepEqual(reached, ['spare-1=10.0.0.20']);
    assert.deepEqual(shell.calls.map((c) => `${c.node}: ${c.argv.join(' ')}`), [
      'spare-1: apt-get update',
      'spare-1: apt-get install -y --allow-change-held-packages kubeadm=1.21.0-00 kubelet=1.21.0-00 kubectl=1.21.0-00',
      'spare-1: apt-mark hold kubeadm kubelet kubectl',
      'spare-1: systemctl enable kubelet',
      `cp-1: kubeadm token delete ${joinTokenId('spare-1')}`,
      `cp-1: kubeadm token create ${TOKEN} --print-join-command --ttl 15m`,
      'spare-1: kubeadm reset -f',
      `spare-1: kubeadm join 10.0.0.1:6443 --token ${TOKEN} --discovery-token-ca-cert-hash sha256:${'0'.repeat(64)} --node-name spare-1`,
      `cp-1: kubeadm token delete ${joinTokenId('spare-1')}`,
      'cp-1: kubectl --kubeconfig /etc/kubernetes/admin.conf label node spare-1 --overwrite pool=db',
      'cp-1: kubectl --kubeconfig /etc/kubernetes/admin.conf taint node spare-1 --overwrite dedicated=db:NoSchedule',
    ]);
    assert.ok(shell.calls.every((c) => c.privileged));
    assert.equal(shell.tokens.size, 0, 'the join token outlived its join');
    assert.match(joinTokenId('spare-1'), /^[a-z0-9]{6}$/);
    assert.notEqual(joinTokenId('spare-1'), joinTokenId('spare-2'));
    const node = await ports.cluster.getNode('spare-1');
    assert.equal(node?.labels.pool, 'db');
    assert.deepEqual(node?.taints, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
  });

  it('fails a join without showing the token, and deletes the token all the same', async () => {
    const { shell, provisioner } = setUp();
    shell.failNext((_node, argv) => argv[1] === 'join', { exitCode: 1, stderr: `[preflight] running with --token ${TOKEN}\nerror execution phase kubelet-start: timed out waiting for the condition` });
    await assert.rejects(provisioner.addWorker(request, async () => {}), (error: unknown) => {
      assert.ok(error instanceof NodeCommandError);
      assert.equal(error.message, `failed to join machine spare-1 to the cluster: kubeadm join 10.0.0.1:6443 --token <token> --discovery-token-ca-cert-hash sha256:${'0'.repeat(64)} --node-name spare-1 exited 1 on spare-1: [preflight] running with --token <token> / error execution phase kubelet-start: timed out waiting for the condition`);
      assert.ok(!JSON.stringify(error.details).includes(SECRET));
      return true;
    });
    assert.equal(shell.tokens.size, 0);
  });

  it('stops when the control plane prints no usable join command', async () => {
    const { shell, provisioner } = setUp();
    shell.failNext((_node, argv) => argv[1] === 'token' && argv[2] === 'create', { exitCode: 0, stdout: 'timed out waiting for the condition\n' });
    await assert.rejects(provisioner.addWorker(request, async () => {}), /^NodeCommandError: failed to create a join token for machine spare-1 on cp-1: the output has no "kubeadm join" line: kubeadm token create <token> --print-join-command --ttl 15m exited 0 on cp-1$/);
    assert.ok(!shell.calls.some((c) => c.argv[1] === 'join'));
  });

  it('waits out a node object that is not registered yet before labelling it', async () => {
    const { shell, provisioner } = setUp();
    shell.failNext((_node, argv) => argv.includes('label'), { exitCode: 1, stderr: 'Error from server (NotFound): nodes "spare-1" not found' }, 2);
    assert.equal(await provisioner.addWorker(request, async () => {}), 'spare-1');
    assert.equal(shell.calls.filter((c) => c.argv.includes('label')).length, 3);
  });

  describe('resuming a join an earlier run was killed in', () => {
    const resumed = { ...request, name: 'spare-1' };
    const calls = (shell: MemoryMachineShell) => shell.calls.map((c) => `${c.node}: ${c.argv.join(' ')}`);

    it('waits for the node of a join that went through instead of joining again, then marks it', async () => {
      const { ports, shell, provisioner } = setUp();
      // The kubelet registers after the resumed run looked for the node (3 s), before a new join could run.
      shell.joinCutShort('spare-1', parseVersion('v1.21.0'), 3_000);
      assert.equal(await provisioner.addWorker(resumed, async () => {}), 'spare-1');
      assert.ok(!calls(shell).some((c) => c.includes('kubeadm join') || c.includes('kubeadm reset')), calls(shell).join('\n'));
      assert.deepEqual(calls(shell).slice(0, 2), ['spare-1: test -s /etc/kubernetes/kubelet.conf', 'cp-1: kubectl --kubeconfig /etc/kubernetes/admin.conf get node spare-1 -o name']);
      assert.equal((await ports.cluster.getNode('spare-1'))?.labels.pool, 'db');
      assert.equal(shell.issued.length, 0, 'a token was made for a join that never ran');
    });

    it('deletes the join token the killed attempt made, whose secret died with it, before making a new one', async () => {
      const { shell, provisioner } = setUp();
      const left = `${joinTokenId('spare-1')}.lostsecret000000`;
      await shell.run('cp-1', ['kubeadm', 'token', 'create', left, '--print-join-command'], { privileged: true, timeoutMs: 1_000 });
      assert.equal(await provisioner.addWorker(resumed, async () => {}), 'spare-1');
      assert.equal(shell.tokens.size, 0, `tokens left: ${[...shell.tokens].join(', ')}`);
    });

    it('undoes a join whose node never registers with one reset, and joins the machine again', async () => {
      const { ports, shell, provisioner } = setUp();
      shell.joinCutShort('spare-1', parseVersion('v1.21.0'));
      assert.equal(await provisioner.addWorker(resumed, async () => {}), 'spare-1');
      const after = calls(shell).slice(calls(shell).indexOf(`cp-1: kubeadm token create ${TOKEN} --print-join-command --ttl 15m`));
      assert.deepEqual(after.slice(0, 4).map((c) => c.replace(/ --token \S+ .*/, ' ...')), [
        `cp-1: kubeadm token create ${TOKEN} --print-join-command --ttl 15m`,
        'spare-1: kubeadm reset -f',
        'cp-1: kubectl --kubeconfig /etc/kubernetes/admin.conf delete node spare-1 --ignore-not-found',
        'spare-1: kubeadm join 10.0.0.1:6443 ...',
      ]);
      assert.equal(calls(shell).filter((c) => c === 'spare-1: kubeadm reset -f').length, 1, 'the host is reset once');
      assert.equal((await ports.cluster.getNode('spare-1'))?.labels.pool, 'db');
      assert.equal(shell.tokens.size, 0);
    });

    it('joins a machine the earlier run never reached the join on, as a first attempt would', async () => {
      const { ports, shell, provisioner } = setUp();
      assert.equal(await provisioner.addWorker(resumed, async () => {}), 'spare-1');
      assert.equal(calls(shell)[0], 'spare-1: test -s /etc/kubernetes/kubelet.conf');
      assert.ok(calls(shell).some((c) => c.startsWith('spare-1: kubeadm join')));
      assert.equal((await ports.cluster.getNode('spare-1'))?.labels.pool, 'db');
    });
  });

  it('deletes an old worker, resets its host and makes it the next spare', async () => {
    const { ports, shell, machines, provisioner } = setUp();
    await provisioner.removeWorker('worker-2', worker1);
    assert.deepEqual(shell.calls.map((c) => `${c.node}: ${c.argv.join(' ')}`), [
      'cp-1: kubectl --kubeconfig /etc/kubernetes/admin.conf delete node worker-2 --ignore-not-found',
      'worker-2: kubeadm reset -f',
      'worker-2: apt-get purge -y --allow-change-held-packages kubeadm kubelet kubectl',
      'worker-2: rm -rf /etc/kubernetes /var/lib/kubelet',
    ]);
    assert.equal(await ports.cluster.getNode('worker-2'), undefined);
    assert.equal(shell.isJoined('worker-2'), false);
    assert.deepEqual(machines.spares, ['spare-1', 'worker-2']);
  });

  it('keeps a machine whose reset failed out of the spares', async () => {
    const { shell, machines, provisioner } = setUp();
    shell.failNext((node, argv) => node === 'worker-2' && argv[1] === 'reset', { exitCode: 1, stderr: 'unmount failed' });
    await assert.rejects(provisioner.removeWorker('worker-2', worker1), /failed to reset the machine of node worker-2: kubeadm reset -f exited 1 on worker-2: unmount failed/);
    assert.deepEqual(machines.spares, ['spare-1']);
  });
});
