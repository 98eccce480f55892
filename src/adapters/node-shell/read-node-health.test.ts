import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandResult, NodeShell, RunOptions } from '../../ports/index.js';
import { parseCertificateExpiration, parseDfAvail, parseProcSwaps, readNodeHealth } from './read-node-health.js';

const CHECK_EXPIRATION = `[check-expiration] Reading configuration from the cluster...
[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'

CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED
admin.conf                 Nov 24, 2027 20:31 UTC   364d            ca                      no
apiserver                  Nov 24, 2027 20:31 UTC   364d            ca                      no
apiserver-etcd-client      Mar 03, 2026 08:05 UTC   <invalid>       etcd-ca                 no
front-proxy-client         Nov 24, 2027 20:31 UTC   364d            front-proxy-ca          no
!MISSING! etcd-server

CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED
ca                      Nov 22, 2036 20:31 UTC   9y              no
front-proxy-ca          Nov 22, 2036 20:31 UTC   9y              no
`;

describe('node health parsers', () => {
  it('tells swap on from the lines under the /proc/swaps header', () => {
    const cases = [
      { text: 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n', on: false },
      { text: '', on: false },
      { text: 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap.img                               file\t\t2097148\t\t0\t\t-2\n', on: true },
    ];
    for (const { text, on } of cases) assert.equal(parseProcSwaps(text), on, JSON.stringify(text));
  });

  it('reads the available bytes df prints under its header', () => {
    const cases = [
      { text: '    Avail\n52613349376\n', bytes: 52613349376 },
      { text: 'Avail\n0\n', bytes: 0 },
      { text: '52613349376\n', bytes: undefined },
      { text: 'Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/sda1 100 50 50 50% /\n', bytes: undefined },
    ];
    for (const { text, bytes } of cases) assert.equal(parseDfAvail(text), bytes, JSON.stringify(text));
  });

  it('reads both tables of kubeadm certs check-expiration and skips a missing certificate', () => {
    assert.deepEqual(parseCertificateExpiration(CHECK_EXPIRATION), [
      { name: 'admin.conf', expiresOn: '2027-11-24' },
      { name: 'apiserver', expiresOn: '2027-11-24' },
      { name: 'apiserver-etcd-client', expiresOn: '2026-03-03' },
      { name: 'front-proxy-client', expiresOn: '2027-11-24' },
      { name: 'ca', expiresOn: '2036-11-22' },
      { name: 'front-proxy-ca', expiresOn: '2036-11-22' },
    ]);
  });
});

/** A node answering commands from a table; any other command is not found. */
function fakeNode(answers: Record<string, Partial<CommandResult>>): NodeShell & { calls: Array<{ argv: string; options: RunOptions }> } {
  const calls: Array<{ argv: string; options: RunOptions }> = [];
  return {
    calls,
    async run(_node, argv, options) {
      calls.push({ argv: argv.join(' '), options });
      const base = { exitCode: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1 };
      const answer = answers[argv.join(' ')];
      return answer ? { ...base, ...answer } : { ...base, exitCode: 127, stderr: `sh: ${argv[0]}: command not found\n` };
    },
  };
}

const SWAPS = 'cat /proc/swaps';
const DF = 'df -B1 --output=avail /var/lib';
const CERTS = 'kubeadm certs check-expiration';
const ALPHA = 'kubeadm alpha certs check-expiration';

describe('readNodeHealth', () => {
  it('reads swap and disk on a worker, without asking kubeadm', async () => {
    const shell = fakeNode({ [SWAPS]: { stdout: 'Filename Type Size Used Priority\n' }, [DF]: { stdout: 'Avail\n1073741824\n' } });
    assert.deepEqual(await readNodeHealth(shell, 'w-1', 'worker'), { node: 'w-1', facts: { swapOn: false, freeDiskBytes: 1073741824 }, problems: [] });
    assert.deepEqual(shell.calls.map((c) => c.argv), [SWAPS, DF]);
    assert.ok(shell.calls.every((c) => c.options.readOnly === true && !c.options.privileged));
  });

  it('reads certificates on a control-plane node as root, falling back to the alpha command of older kubeadm', async () => {
    const cases: Array<{ name: string; answers: Record<string, Partial<CommandResult>>; argv: string[] }> = [
      { name: 'current kubeadm', answers: { [CERTS]: { stdout: CHECK_EXPIRATION } }, argv: [CERTS] },
      { name: 'kubeadm v1.19', answers: { [CERTS]: { exitCode: 1, stderr: 'unknown command "certs" for "kubeadm"\n' }, [ALPHA]: { stdout: CHECK_EXPIRATION } }, argv: [CERTS, ALPHA] },
    ];
    for (const { name, answers, argv } of cases) {
      const shell = fakeNode({ [SWAPS]: { stdout: 'Filename\n' }, [DF]: { stdout: 'Avail\n5\n' }, ...answers });
      const health = await readNodeHealth(shell, 'cp-1', 'control-plane');
      assert.deepEqual(health.problems, [], name);
      assert.equal(health.certificates?.length, 6, name);
      const kubeadm = shell.calls.filter((c) => c.argv.startsWith('kubeadm'));
      assert.deepEqual(kubeadm.map((c) => c.argv), argv, name);
      assert.ok(kubeadm.every((c) => c.options.privileged && c.options.readOnly === true), name);
    }
  });

  it("probes the next minor's repository when it knows the node's repository, and says why it could not", async () => {
    const probe = 'curl -fsS -o /dev/null --max-time 10 https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease';
    const base = { [SWAPS]: { stdout: 'Filename\n' }, [DF]: { stdout: 'Avail\n5\n' } };
    const repository = { era: 'pkgs' as const, minor: 30, url: 'https://pkgs.k8s.io/core:/stable:/v1.30/deb/', format: 'deb' as const };
    const cases: Array<{ name: string; answers: Record<string, Partial<CommandResult>>; minor: number; reachable?: boolean; problems: string[] }> = [
      { name: 'reached', answers: { [probe]: {} }, minor: 31, reachable: true, problems: [] },
      { name: 'not reached', answers: { [probe]: { exitCode: 6, stderr: 'curl: (6) Could not resolve host: pkgs.k8s.io\n' } }, minor: 31, reachable: false, problems: [] },
      { name: 'no curl', answers: {}, minor: 31, problems: ['failed to probe https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease from node w-1: curl is not installed there; install it, or check by hand that the node reaches the repository'] },
    ];
    for (const { name, answers, minor, reachable, problems } of cases) {
      const shell = fakeNode({ ...base, ...answers });
      const health = await readNodeHealth(shell, 'w-1', 'worker', { nextRepository: { repository, minor } });
      assert.deepEqual(health, { node: 'w-1', facts: { swapOn: false, freeDiskBytes: 5, ...(reachable !== undefined ? { repositoryReachable: reachable, repositoryProbed: 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease' } : {}) }, problems }, name);
      assert.deepEqual(shell.calls.map((c) => c.argv), [SWAPS, DF, probe], name);
    }
  });

  it('returns what it could read and a problem for each command that failed', async () => {
    const shell = fakeNode({
      [SWAPS]: { exitCode: 1, stderr: 'cat: /proc/swaps: Permission denied\n' },
      [DF]: { exitCode: 1, stderr: "df: unrecognized option '--output=avail'\n" },
      [CERTS]: { exitCode: 1, stderr: 'error execution phase: open /etc/kubernetes/admin.conf: no such file or directory\n' },
      [ALPHA]: { exitCode: 1, stderr: 'unknown command "alpha"\n' },
    });
    assert.deepEqual(await readNodeHealth(shell, 'cp-2', 'control-plane'), {
      node: 'cp-2',
      facts: {},
      problems: [
        'failed to read /proc/swaps on node cp-2: cat: /proc/swaps: Permission denied',
        "failed to read the free disk space of /var/lib on node cp-2: df: unrecognized option '--output=avail'",
        'failed to check certificate expiration on node cp-2: error execution phase: open /etc/kubernetes/admin.conf: no such file or directory',
      ],
    });
  });
});
