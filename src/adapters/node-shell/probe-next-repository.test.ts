import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandResult, NodeShell, RunOptions } from '../../ports/index.js';
import type { ConfiguredRepository } from './parse-repository-file.js';
import { kubeadmVersionsIn, nextRepositoryIndexUrl, probeNextRepository } from './probe-next-repository.js';

const xenial = (url: string, suite = 'kubernetes-xenial'): ConfiguredRepository => ({ era: 'legacy', url, format: 'deb', suite, components: ['main'] });
const OWN = (url: string, minor: number) => `pkgs.k8s.io starts at v1.24 and the legacy repository is frozen since 2023-09-13, so the node's own source "${url}" is where v1.${minor} would come from, but`;
const pkgs = (url: string, format: 'deb' | 'rpm' = 'deb'): ConfiguredRepository => ({ era: 'pkgs', minor: 30, url, format });
const legacy = (format: 'deb' | 'rpm' = 'deb'): ConfiguredRepository => ({ era: 'legacy', url: format === 'deb' ? 'https://apt.kubernetes.io/' : 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-$basearch', format });

describe('nextRepositoryIndexUrl', () => {
  it('replaces the /v1.N/ segment and names the index file of the format', () => {
    const cases: Array<{ name: string; repository: ConfiguredRepository; minor: number; arch?: string; url: string }> = [
      { name: 'pkgs.k8s.io apt', repository: pkgs('https://pkgs.k8s.io/core:/stable:/v1.30/deb/'), minor: 31, url: 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease' },
      { name: 'pkgs.k8s.io rpm', repository: pkgs('https://pkgs.k8s.io/core:/stable:/v1.30/rpm/', 'rpm'), minor: 31, url: 'https://pkgs.k8s.io/core:/stable:/v1.31/rpm/repodata/repomd.xml' },
      { name: 'a mirror with a port, a prefix and no trailing slash', repository: pkgs('http://mirror.corp:8080/k8s/core:/prerelease:/v1.30/deb'), minor: 31, url: 'http://mirror.corp:8080/k8s/core:/prerelease:/v1.31/deb/InRelease' },
      { name: 'a node whose repository already points further', repository: pkgs('https://pkgs.k8s.io/core:/stable:/v1.32/deb/'), minor: 31, url: 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease' },
      { name: 'the legacy apt repository, moved to pkgs.k8s.io', repository: legacy(), minor: 28, url: 'https://pkgs.k8s.io/core:/stable:/v1.28/deb/InRelease' },
      { name: 'the legacy yum repository, moved to pkgs.k8s.io', repository: legacy('rpm'), minor: 24, url: 'https://pkgs.k8s.io/core:/stable:/v1.24/rpm/repodata/repomd.xml' },
      { name: "before v1.24, the node's own legacy apt source by its suite", repository: xenial('https://apt.kubernetes.io/'), minor: 21, url: 'https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease' },
      { name: 'before v1.24, a local mirror over http without a trailing slash', repository: xenial('http://mirror.corp:8080/k8s/apt'), minor: 23, url: 'http://mirror.corp:8080/k8s/apt/dists/kubernetes-xenial/InRelease' },
      { name: "before v1.24, Google's yum repository with the node's $basearch", repository: legacy('rpm'), minor: 22, arch: 'x86_64', url: 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64/repodata/repomd.xml' },
      { name: 'before v1.24, a yum mirror that writes ${basearch}', repository: { era: 'legacy', url: 'http://mirror.corp/el7-${basearch}/', format: 'rpm' }, minor: 20, arch: 'aarch64', url: 'http://mirror.corp/el7-aarch64/repodata/repomd.xml' },
      { name: 'before v1.24, a yum mirror with a fixed path', repository: { era: 'legacy', url: 'http://mirror.corp/yum/kubernetes-el7-x86_64', format: 'rpm' }, minor: 21, url: 'http://mirror.corp/yum/kubernetes-el7-x86_64/repodata/repomd.xml' },
    ];
    for (const { name, repository, minor, arch, url } of cases) assert.deepEqual(nextRepositoryIndexUrl(repository, minor, arch !== undefined ? { arch } : {}), { ok: true, value: url }, name);
  });

  it('refuses what it cannot build a safe URL from', () => {
    const cases: Array<{ name: string; repository: ConfiguredRepository; minor: number; error: string }> = [
      { name: 'a minor that is no integer', repository: pkgs('https://pkgs.k8s.io/core:/stable:/v1.30/deb/'), minor: 31.5, error: 'invalid minor 31.5: expected an integer minor line such as 31' },
      { name: 'a legacy apt source without a suite', repository: legacy(), minor: 21, error: `${OWN('https://apt.kubernetes.io/', 21)} its source line names no suite to find the index under` },
      { name: 'shell text in a legacy suite', repository: xenial('https://apt.kubernetes.io/', '$(reboot)'), minor: 21, error: `${OWN('https://apt.kubernetes.io/', 21)} its suite "$(reboot)" has characters kubehop does not pass to a command` },
      { name: 'a legacy yum $basearch the node did not tell', repository: legacy('rpm'), minor: 21, error: `${OWN('https://packages.cloud.google.com/yum/repos/kubernetes-el7-$basearch', 21)} its $basearch could not be read on the node` },
      { name: 'a yum variable other than $basearch', repository: { era: 'legacy', url: 'http://mirror.corp/$releasever/kubernetes-el7/', format: 'rpm' }, minor: 21, error: `${OWN('http://mirror.corp/$releasever/kubernetes-el7/', 21)} it names yum variables kubehop does not resolve` },
      { name: 'credentials in a legacy mirror', repository: xenial('https://u:p@mirror.corp/apt/'), minor: 22, error: `${OWN('https://u:p@mirror.corp/apt/', 22)} its URL is not one kubehop probes (http or https, no credentials, query or shell characters)` },
      { name: 'shell text in the path', repository: pkgs('https://mirror.corp/$(reboot)/core:/stable:/v1.30/deb/'), minor: 31, error: 'invalid repository URL "https://mirror.corp/$(reboot)/core:/stable:/v1.30/deb/": it has characters kubehop does not pass to a command' },
      { name: 'credentials, a query and another scheme', repository: pkgs('ftp://u:p@mirror.corp/core:/stable:/v1.30/deb/?x=1'), minor: 31, error: 'invalid repository URL "ftp://u:p@mirror.corp/core:/stable:/v1.30/deb/?x=1": its scheme is ftp: (only http and https are probed), it carries credentials, it has a query or fragment' },
      { name: 'no URL at all', repository: pkgs('core:/stable:/v1.30/deb/'), minor: 31, error: 'invalid repository URL "core:/stable:/v1.30/deb/": its scheme is core: (only http and https are probed), it has characters kubehop does not pass to a command, it has no /core:/stable:/v1.N/ segment' },
    ];
    for (const { name, repository, minor, error } of cases) assert.deepEqual(nextRepositoryIndexUrl(repository, minor), { ok: false, errors: [error] }, name);
  });
});

/** A node whose curl answers with the given result (127 when none). */
function fakeNode(answer?: Partial<CommandResult>): NodeShell & { calls: Array<{ argv: readonly string[]; options: RunOptions }> } {
  const calls: Array<{ argv: readonly string[]; options: RunOptions }> = [];
  return {
    calls,
    async run(_node, argv, options) {
      calls.push({ argv, options });
      const base = { exitCode: 0, stdout: '', stderr: '', timedOut: false, durationMs: 1 };
      return answer ? { ...base, ...answer } : { ...base, exitCode: 127, stderr: 'sh: 1: curl: not found\n' };
    },
  };
}

const PACKAGES = ['Package: kubeadm', 'Version: 1.21.14-00', 'Architecture: amd64', '', 'Package: kubelet', 'Version: 1.21.9-00', '', 'Package: kubeadm', 'Version: 1.20.2-00', '', 'Package: kubeadm', 'Version: 1.21.0-00', ''].join('\n');

describe('kubeadmVersionsIn', () => {
  const cases: Array<{ name: string; text: string; minor: number; versions: string[] }> = [
    { name: "kubeadm's versions of the minor, oldest first, other packages and minors left out", text: PACKAGES, minor: 21, versions: ['v1.21.0', 'v1.21.14'] },
    { name: 'another minor of the same index', text: PACKAGES, minor: 20, versions: ['v1.20.2'] },
    { name: 'a minor the index lacks', text: PACKAGES, minor: 22, versions: [] },
    { name: 'an epoch, CRLF lines and a repeated version', text: 'Package: kubeadm\r\nVersion: 1:1.21.2-00\r\n\r\nPackage: kubeadm\r\nVersion: 1.21.2-01\r\n', minor: 21, versions: ['v1.21.2'] },
    { name: 'a package whose name only starts with kubeadm', text: 'Package: kubeadm-extra\nVersion: 1.21.5-00\n', minor: 21, versions: [] },
  ];
  for (const { name, text, minor, versions } of cases) it(name, () => assert.deepEqual(kubeadmVersionsIn(text, minor), versions));
});

/** A node whose commands answer by their last argument (exit 22 for anything not listed). */
function scriptedNode(answers: Record<string, Partial<CommandResult>>): NodeShell & { calls: Array<{ argv: readonly string[] }> } {
  const calls: Array<{ argv: readonly string[] }> = [];
  return {
    calls,
    async run(_node, argv) {
      calls.push({ argv });
      const base = { exitCode: 22, stdout: '', stderr: '', timedOut: false, durationMs: 1 };
      return { ...base, ...answers[argv.at(-1) ?? ''] };
    },
  };
}

const NEXT = { repository: pkgs('https://pkgs.k8s.io/core:/stable:/v1.30/deb/'), minor: 31 };
const URL31 = 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease';

describe('probeNextRepository', () => {
  it('tells reachable from unreachable by curl exit code', async () => {
    const cases: Array<{ name: string; answer?: Partial<CommandResult>; reachable?: boolean; problems: string[] }> = [
      { name: 'the index was fetched', answer: { exitCode: 0 }, reachable: true, problems: [] },
      { name: 'no DNS', answer: { exitCode: 6, stderr: 'curl: (6) Could not resolve host: pkgs.k8s.io\n' }, reachable: false, problems: [] },
      { name: 'a firewall', answer: { exitCode: 7, stderr: 'curl: (7) Failed to connect to pkgs.k8s.io port 443 after 3 ms: Connection refused\n' }, reachable: false, problems: [] },
      { name: 'curl timed out', answer: { exitCode: 28, stderr: 'curl: (28) Connection timed out after 10001 milliseconds\n' }, reachable: false, problems: [] },
      { name: 'no such repository', answer: { exitCode: 22, stderr: 'curl: (22) The requested URL returned error: 404\n' }, reachable: false, problems: [] },
      { name: 'curl is missing', problems: [`failed to probe ${URL31} from node w-1: curl is not installed there; install it, or check by hand that the node reaches the repository`] },
      { name: 'the command outlived its deadline', answer: { exitCode: null, timedOut: true }, problems: [`failed to probe ${URL31} from node w-1: timed out`] },
      { name: 'curl failed otherwise', answer: { exitCode: 2, stderr: 'curl: (2) Failed initialization\n' }, problems: [`failed to probe ${URL31} from node w-1: curl: (2) Failed initialization`] },
    ];
    for (const { name, answer, reachable, problems } of cases) {
      const shell = fakeNode(answer);
      const probe = await probeNextRepository(shell, 'w-1', NEXT);
      assert.deepEqual(probe, { ...(reachable !== undefined ? { reachable } : {}), url: URL31, problems }, name);
      // An HTTP error on InRelease asks for Release, as apt does.
      const urls = answer?.exitCode === 22 ? [URL31, URL31.replace(/InRelease$/, 'Release')] : [URL31];
      assert.deepEqual(shell.calls.map((c) => c.argv), urls.map((u) => ['curl', '-fsS', '-o', '/dev/null', '--max-time', '10', u]), name);
      assert.deepEqual(shell.calls[0]?.options, { privileged: false, timeoutMs: 15_000, readOnly: true }, name);
    }
  });

  it('runs nothing when it cannot build the URL, and says why', async () => {
    const shell = fakeNode({ exitCode: 0 });
    const probe = await probeNextRepository(shell, 'w-2', { repository: legacy(), minor: 21 }, { timeoutSeconds: 3 });
    assert.deepEqual(probe, { problems: [`failed to check that node w-2 reaches the package repository of v1.21: ${OWN('https://apt.kubernetes.io/', 21)} its source line names no suite to find the index under`] });
    assert.equal(shell.calls.length, 0);
  });

  it("asks the node's own legacy source before v1.24, and says no more than what it answered", async () => {
    const own = 'https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease';
    const release = 'https://apt.kubernetes.io/dists/kubernetes-xenial/Release';
    const packages = 'https://apt.kubernetes.io/dists/kubernetes-xenial/main/binary-amd64/Packages';
    const gone = { exitCode: 6, stderr: 'curl: (6) Could not resolve host: apt.kubernetes.io\n' };
    const missing = { exitCode: 22, stderr: 'curl: (22) The requested URL returned error: 404\n' };
    const cases: Array<{ name: string; answers: Record<string, Partial<CommandResult>>; probe: object; asked: string[] }> = [
      { name: 'a mirror serving the index, on a machine whose packages it cannot name', answers: { [own]: { exitCode: 0 }, '-m': { exitCode: 0, stdout: 'mips\n' } }, probe: { reachable: true, url: own, problems: [] }, asked: [own, '-m'] },
      {
        name: 'a mirror serving the index and its Packages',
        answers: { [own]: { exitCode: 0 }, '-m': { exitCode: 0, stdout: 'x86_64\n' }, [packages]: { exitCode: 0, stdout: PACKAGES } },
        probe: { reachable: true, url: own, kubeadmVersions: ['v1.21.0', 'v1.21.14'], problems: [] },
        asked: [own, '-m', packages],
      },
      { name: 'a mirror without a plain Packages index', answers: { [own]: { exitCode: 0 }, '-m': { exitCode: 0, stdout: 'x86_64\n' } }, probe: { reachable: true, url: own, problems: [] }, asked: [own, '-m', packages] },
      { name: "Google's, gone", answers: { [own]: gone }, probe: { reachable: false, url: own, problems: [] }, asked: [own] },
      { name: 'a mirror with only Release', answers: { [own]: missing, [release]: { exitCode: 0 }, '-m': { exitCode: 0, stdout: 'aarch64\n' }, [packages.replace('amd64', 'arm64')]: { exitCode: 0, stdout: 'Package: kubectl\nVersion: 1.21.3-00\n' } }, probe: { reachable: true, url: release, kubeadmVersions: [], problems: [] }, asked: [own, release, '-m', packages.replace('amd64', 'arm64')] },
      { name: 'a mirror with neither', answers: { [own]: missing, [release]: missing }, probe: { reachable: false, url: own, problems: [] }, asked: [own, release] },
    ];
    for (const { name, answers, probe, asked } of cases) {
      const shell = scriptedNode(answers);
      assert.deepEqual(await probeNextRepository(shell, 'w-1', { repository: { era: 'legacy', url: 'https://apt.kubernetes.io/', format: 'deb', suite: 'kubernetes-xenial', components: ['main'] }, minor: 21 }), probe, name);
      assert.deepEqual(shell.calls.map((c) => c.argv.at(-1)), asked, name);
    }
  });

  it("reads the node's architecture for a legacy yum baseurl with $basearch, and only then", async () => {
    const repomd = 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-aarch64/repodata/repomd.xml';
    const shell = scriptedNode({ '-m': { exitCode: 0, stdout: 'aarch64\n' }, [repomd]: { exitCode: 6 } });
    assert.deepEqual(await probeNextRepository(shell, 'r-1', { repository: legacy('rpm'), minor: 22 }), { reachable: false, url: repomd, problems: [] });
    assert.deepEqual(shell.calls.map((c) => c.argv.join(' ')), ['uname -m', `curl -fsS -o /dev/null --max-time 10 ${repomd}`]);
    const odd = scriptedNode({ '-m': { exitCode: 0, stdout: 'x86_64; reboot\n' } });
    assert.deepEqual((await probeNextRepository(odd, 'r-1', { repository: legacy('rpm'), minor: 22 })).problems, [`failed to check that node r-1 reaches the package repository of v1.22: ${OWN('https://packages.cloud.google.com/yum/repos/kubernetes-el7-$basearch', 22)} its $basearch could not be read on the node`]);
    const later = scriptedNode({});
    await probeNextRepository(later, 'r-1', { repository: legacy('rpm'), minor: 24 });
    assert.deepEqual(later.calls.map((c) => c.argv[0]), ['curl'], 'from v1.24 on pkgs.k8s.io is asked, which needs no architecture');
  });

  it('passes its own timeout to curl', async () => {
    const shell = fakeNode({ exitCode: 0 });
    await probeNextRepository(shell, 'w-1', NEXT, { timeoutSeconds: 3 });
    assert.deepEqual(shell.calls[0]?.argv.slice(4, 6), ['--max-time', '3']);
    assert.equal(shell.calls[0]?.options.timeoutMs, 8_000);
  });
});
