import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAptSource, parseYumRepo } from './parse-repository-file.js';

const F = '/etc/apt/sources.list.d/kubernetes.list';
const R = '/etc/yum.repos.d/kubernetes.repo';

describe('parseAptSource', () => {
  const cases: Array<[string, string, object]> = [
    ['reads the pkgs.k8s.io minor from a signed-by line', 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.32/deb/ /\n', { era: 'pkgs', minor: 32, url: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/', format: 'deb' }],
    ['reads the legacy Google repository with its suite and components', 'deb https://apt.kubernetes.io/ kubernetes-xenial main\n', { era: 'legacy', url: 'https://apt.kubernetes.io/', format: 'deb', suite: 'kubernetes-xenial', components: ['main'] }],
    ['reads a signed-by legacy line over http, as a local mirror named apt.kubernetes.io serves it', 'deb [signed-by=/etc/apt/keyrings/kubernetes-archive-keyring.gpg] http://apt.kubernetes.io/ kubernetes-xenial main\n', { era: 'legacy', url: 'http://apt.kubernetes.io/', format: 'deb', suite: 'kubernetes-xenial', components: ['main'] }],
    ['reads options with spaces before the URL', 'deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] https://packages.cloud.google.com/apt/ kubernetes-xenial main contrib\n', { era: 'legacy', url: 'https://packages.cloud.google.com/apt/', format: 'deb', suite: 'kubernetes-xenial', components: ['main', 'contrib'] }],
    ['reads a mirror of the legacy repository by its suite', 'deb http://mirror.corp/k8s/apt kubernetes-xenial main\n', { era: 'legacy', url: 'http://mirror.corp/k8s/apt', format: 'deb', suite: 'kubernetes-xenial', components: ['main'] }],
    ['reads a legacy line that names no suite', 'deb https://apt.kubernetes.io/\n', { era: 'legacy', url: 'https://apt.kubernetes.io/', format: 'deb' }],
    ['reads the suite and components of a deb822 legacy stanza', 'Types: deb\nURIs: https://apt.kubernetes.io/\nSuites: kubernetes-xenial\nComponents: main\nSigned-By: /etc/apt/keyrings/k.gpg\n', { era: 'legacy', url: 'https://apt.kubernetes.io/', format: 'deb', suite: 'kubernetes-xenial', components: ['main'] }],
    ['takes the suite of the stanza that names the repository, not of another one', 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n\n# Kubernetes\nTypes: deb\nURIs: https://apt.kubernetes.io/\nSuites: kubernetes-xenial\nComponents: main\n', { era: 'legacy', url: 'https://apt.kubernetes.io/', format: 'deb', suite: 'kubernetes-xenial', components: ['main'] }],
    ['skips a disabled deb822 stanza and a deb-src one', 'Types: deb\nURIs: https://pkgs.k8s.io/core:/stable:/v1.28/deb/\nSuites: /\nEnabled: no\n\nTypes: deb-src\nURIs: https://pkgs.k8s.io/core:/stable:/v1.29/deb/\nSuites: /\n\nTypes: deb\nURIs: https://pkgs.k8s.io/core:/stable:/v1.30/deb/\nSuites: /\n', { era: 'pkgs', minor: 30, url: 'https://pkgs.k8s.io/core:/stable:/v1.30/deb/', format: 'deb' }],
    ['skips commented lines', '# deb https://pkgs.k8s.io/core:/stable:/v1.28/deb/ /\ndeb https://pkgs.k8s.io/core:/stable:/v1.29/deb/ /\n', { era: 'pkgs', minor: 29, url: 'https://pkgs.k8s.io/core:/stable:/v1.29/deb/', format: 'deb' }],
    ['reads a deb822 URIs field', 'Types: deb\nURIs: https://pkgs.k8s.io/core:/stable:/v1.31/deb/\nSuites: /\n', { era: 'pkgs', minor: 31, url: 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/', format: 'deb' }],
    ['reads a mirror with the pkgs.k8s.io layout', 'deb https://mirror.corp/k8s/core:/stable:/v1.30/deb/ /\n', { era: 'pkgs', minor: 30, url: 'https://mirror.corp/k8s/core:/stable:/v1.30/deb/', format: 'deb' }],
  ];
  for (const [name, text, value] of cases) {
    it(name, () => assert.deepEqual(parseAptSource(text, F), { ok: true, value }));
  }

  it('says when the file names no Kubernetes repository', () => {
    assert.deepEqual(parseAptSource('deb http://deb.debian.org/debian bookworm main\n', F), {
      ok: false,
      errors: [`${F} names no Kubernetes repository kubehop recognises: expected pkgs.k8s.io/core:/stable:/v1.N/deb/ or the legacy apt.kubernetes.io`],
    });
  });
});

describe('parseYumRepo', () => {
  it('reads the minor and the exclude line of the enabled section', () => {
    const text = '[kubernetes]\nname=Kubernetes\nbaseurl=https://pkgs.k8s.io/core:/stable:/v1.30/rpm/\nenabled=1\ngpgcheck=1\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n';
    assert.deepEqual(parseYumRepo(text, R), {
      ok: true,
      value: { era: 'pkgs', minor: 30, url: 'https://pkgs.k8s.io/core:/stable:/v1.30/rpm/', format: 'rpm', excluded: ['kubelet', 'kubeadm', 'kubectl', 'cri-tools', 'kubernetes-cni'] },
    });
  });

  it('skips a disabled section for the enabled one after it', () => {
    const text = '[old]\nbaseurl=https://packages.cloud.google.com/yum/repos/kubernetes-el7-$basearch\nenabled=0\n[kubernetes]\nbaseurl=https://pkgs.k8s.io/core:/stable:/v1.29/rpm/\n';
    const result = parseYumRepo(text, R);
    assert.equal(result.ok && result.value.minor, 29);
  });

  it('reads the legacy repository', () => {
    const result = parseYumRepo('[kubernetes]\nbaseurl=https://packages.cloud.google.com/yum/repos/kubernetes-el7-$basearch\nenabled=1\n', R);
    assert.equal(result.ok && result.value.era, 'legacy');
  });

  it('says when no enabled section is a Kubernetes repository', () => {
    const result = parseYumRepo('[kubernetes]\nbaseurl=https://pkgs.k8s.io/core:/stable:/v1.29/rpm/\nenabled=0\n', R);
    assert.equal(result.ok, false);
  });
});
