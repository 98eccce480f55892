import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandResult, NodeShell, RunOptions } from '../../ports/index.js';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { applyNodeFacts } from './apply-node-facts.js';
import { readNodeFacts } from './read-node-facts.js';

/** A node as files and command answers; other files are missing, other packages not installed, other commands not found. */
function fakeNode(files: Record<string, string>, answers: Record<string, Partial<CommandResult>>): NodeShell & { calls: Array<{ argv: readonly string[]; options: RunOptions }> } {
  const calls: Array<{ argv: readonly string[]; options: RunOptions }> = [];
  return {
    calls,
    async run(_node, argv, options) {
      calls.push({ argv, options });
      const base = { exitCode: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1 };
      if (argv[0] === 'cat') {
        const text = files[argv[1] ?? ''];
        return text === undefined ? { ...base, exitCode: 1, stderr: `cat: ${argv[1]}: No such file or directory\n` } : { ...base, stdout: text };
      }
      const answer = answers[argv.join(' ')];
      if (!answer && (argv[0] === 'dpkg-query' || argv[0] === 'rpm')) return { ...base, exitCode: 1, stderr: `no packages found matching ${argv[argv.length - 1] ?? ''}\n` };
      return answer ? { ...base, ...answer } : { ...base, exitCode: 127, stderr: `${argv[0]}: command not found\n` };
    },
  };
}

const DPKG = (name: string): string => `dpkg-query -W -f=\${Version}\t\${db:Status-Abbrev} ${name}`;
const RPM = (name: string): string => `rpm -q --qf %{VERSION}-%{RELEASE} ${name}`;

describe('readNodeFacts', () => {
  it('reads a Debian node: OS, installed packages, the pkgs.k8s.io minor and the held packages', async () => {
    const shell = fakeNode(
      {
        '/etc/os-release': 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nID=ubuntu\nID_LIKE=debian\n',
        '/etc/apt/sources.list.d/kubernetes.list': 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /\n',
      },
      {
        [DPKG('kubeadm')]: { stdout: '1.30.2-1.1\thi ' },
        [DPKG('kubelet')]: { stdout: '1.29.6-1.1\thi ' },
        [DPKG('kubectl')]: { exitCode: 1, stderr: 'dpkg-query: no packages found matching kubectl\n' },
        'apt-mark showhold': { stdout: 'kubeadm\nkubelet\nlibc6\n' },
      },
    );
    const facts = await readNodeFacts(shell, 'cp-1');
    assert.deepEqual(facts, {
      node: 'cp-1',
      os: { image: 'Ubuntu 22.04.4 LTS', family: 'debian', packageManager: 'apt' },
      packages: {
        kubeadm: { version: { major: 1, minor: 30, patch: 2 }, revision: '1.1', era: 'pkgs' },
        kubelet: { version: { major: 1, minor: 29, patch: 6 }, revision: '1.1', era: 'pkgs' },
      },
      repository: { era: 'pkgs', minor: 30, url: 'https://pkgs.k8s.io/core:/stable:/v1.30/deb/', format: 'deb', file: '/etc/apt/sources.list.d/kubernetes.list' },
      heldPackages: ['kubeadm', 'kubelet'],
      problems: [],
    });
    assert.ok(shell.calls.every((c) => c.options.readOnly === true && c.options.privileged === false), 'every command is a read-only, unprivileged check');
  });

  it('reads a RHEL node: rpm versions and the exclude line as the pinned packages', async () => {
    const shell = fakeNode(
      {
        '/etc/os-release': 'PRETTY_NAME="Rocky Linux 9.4"\nID=rocky\nID_LIKE="rhel centos fedora"\nVERSION_ID=9.4\n',
        '/etc/yum.repos.d/kubernetes.repo': '[kubernetes]\nbaseurl=https://pkgs.k8s.io/core:/stable:/v1.29/rpm/\nenabled=1\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n',
      },
      {
        [RPM('kubeadm')]: { stdout: '1.29.3-150500.1.1' },
        [RPM('kubelet')]: { stdout: '1.29.3-150500.1.1' },
        [RPM('kubectl')]: { exitCode: 1, stdout: 'package kubectl is not installed\n' },
      },
    );
    const facts = await readNodeFacts(shell, 'w-1');
    assert.equal(facts.os?.packageManager, 'dnf');
    assert.deepEqual(Object.keys(facts.packages), ['kubeadm', 'kubelet']);
    assert.equal(facts.repository?.minor, 29);
    assert.deepEqual(facts.heldPackages, ['kubelet', 'kubeadm', 'kubectl', 'cri-tools', 'kubernetes-cni']);
    assert.deepEqual(facts.problems, []);
  });

  it('finds the package tool when /etc/os-release cannot be read, and says what it missed', async () => {
    const shell = fakeNode(
      { '/etc/apt/sources.list.d/kubernetes.list': 'deb https://apt.kubernetes.io/ kubernetes-xenial main\n' },
      { 'dpkg-query --version': { stdout: 'Debian dpkg-query 1.21\n' }, [DPKG('kubeadm')]: { stdout: '1.23.17-00\tii ' }, 'apt-mark showhold': { stdout: '' } },
    );
    const facts = await readNodeFacts(shell, 'old-1');
    assert.equal(facts.os, undefined);
    assert.equal(facts.packages.kubeadm?.era, 'legacy');
    assert.deepEqual(facts.repository, { era: 'legacy', url: 'https://apt.kubernetes.io/', format: 'deb', suite: 'kubernetes-xenial', components: ['main'], file: '/etc/apt/sources.list.d/kubernetes.list' });
    assert.deepEqual(facts.problems, ['failed to read /etc/os-release on node old-1: cat: /etc/os-release: No such file or directory']);
  });

  it('says when the node has no Kubernetes repository file', async () => {
    const shell = fakeNode({ '/etc/os-release': 'ID=debian\n' }, { 'apt-mark showhold': { stdout: '' } });
    const facts = await readNodeFacts(shell, 'bare');
    assert.deepEqual(facts.problems, ['node bare has no Kubernetes package repository file (/etc/apt/sources.list.d/kubernetes.list or /etc/apt/sources.list.d/kubernetes.sources)']);
  });
});

describe('applyNodeFacts', () => {
  it('replaces the OS, repository and package versions and keeps the running kubelet version', () => {
    const node = aCluster().withWorkers('v1.29.6', 1).build().nodes[0];
    assert.ok(node);
    const updated = applyNodeFacts(node, {
      node: node.name,
      os: { image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' },
      packages: { kubeadm: { version: { major: 1, minor: 30, patch: 1 }, revision: '150500.1.1', era: 'pkgs' } },
      repository: { era: 'pkgs', minor: 30, url: 'u', format: 'deb', file: 'f' },
      heldPackages: ['kubelet'],
      problems: [],
    });
    assert.deepEqual(updated.os, { image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' });
    assert.deepEqual(updated.repository, { era: 'pkgs', minor: 30, file: 'f' });
    assert.deepEqual(updated.kubeadm, { major: 1, minor: 30, patch: 1 });
    assert.deepEqual(updated.kubelet, node.kubelet);
    assert.deepEqual(updated.facts?.heldPackages, ['kubelet']);
  });
});
