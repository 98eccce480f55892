import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVersion } from '../../core/version/index.js';
import { imageTagOf, kubeVersionOf } from './kube-version-of.js';
import { nodeOsOf } from './node-os-of.js';

describe('kubeVersionOf and imageTagOf', () => {
  const versions: [string | undefined, string | undefined][] = [
    ['v1.20.2', 'v1.20.2'],
    ['1.30.0', 'v1.30.0'],
    ['v1.27.3-eks-2f008fe', 'v1.27.3'],
    ['v1.28.2+k3s1', 'v1.28.2'],
    ['v1.31.0-rc.1', 'v1.31.0-rc.1'],
    ['v1.29', undefined],
    ['latest', undefined],
    [undefined, undefined],
  ];
  for (const [text, want] of versions) {
    it(`reads ${JSON.stringify(text)} as ${want ?? 'no version'}`, () => {
      const found = kubeVersionOf(text);
      assert.equal(found && formatVersion(found), want);
    });
  }

  const images: [string, string | undefined][] = [
    ['registry.k8s.io/kube-apiserver:v1.30.2', 'v1.30.2'],
    ['k8s.gcr.io/etcd:3.4.13-0', '3.4.13-0'],
    ['registry.local:5000/kube-proxy:v1.29.1@sha256:0123abcd', 'v1.29.1'],
    ['registry.local:5000/kube-proxy', undefined],
    ['coredns/coredns@sha256:0123', undefined],
  ];
  for (const [image, tag] of images) {
    it(`takes the tag of ${image}`, () => assert.equal(imageTagOf(image), tag));
  }
});

describe('nodeOsOf', () => {
  const cases: [string, string][] = [
    ['Ubuntu 22.04.4 LTS', 'debian apt'],
    ['Debian GNU/Linux 12 (bookworm)', 'debian apt'],
    ['Rocky Linux 9.4 (Blue Onyx)', 'rhel dnf'],
    ['AlmaLinux 8.10 (Cerulean Leopard)', 'rhel dnf'],
    ['Red Hat Enterprise Linux 8.9 (Ootpa)', 'rhel dnf'],
    ['Red Hat Enterprise Linux Server 7.9 (Maipo)', 'rhel yum'],
    ['CentOS Linux 7 (Core)', 'rhel yum'],
    ['CentOS Stream 9', 'rhel dnf'],
    ['Fedora Linux 40 (Server Edition)', 'rhel dnf'],
    ['Amazon Linux 2', 'rhel yum'],
    ['Amazon Linux 2023', 'rhel dnf'],
    ['Flatcar Container Linux by Kinvolk 3815.2.0', 'debian apt'],
  ];
  for (const [image, want] of cases) {
    it(`guesses ${want} for ${image}`, () => {
      const os = nodeOsOf(image);
      assert.equal(`${os.family} ${os.packageManager}`, want);
      assert.equal(os.image, image);
    });
  }
});
