import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAptSource, parseYumRepo } from './parse-repository-file.js';

const F = '/etc/apt/sources.list.d/kubernetes.list';
const R = '/etc/yum.repos.d/kubernetes.repo';

describe('parseAptSource', () => {
  const cases: Array<[string, string, object]> = [
    ['reads the pkgs.k8s.io minor from a signed-by line', 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.32/deb/ /\n', { era: 'pkgs', minor: 32, url: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/', format: 'deb' }],
    ['reads the legacy Google repository', 'deb https://apt.kubernetes.io/ kubernetes-xenial main\n', { era: 'legacy', url: 'https://apt.kubernetes.io/', format: 'deb' }],
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
