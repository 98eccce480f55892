import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOsRelease } from './parse-os-release.js';

describe('parseOsRelease', () => {
  const cases: Array<[string, string, object]> = [
    ['reads Debian as apt', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n', { image: 'Debian GNU/Linux 12 (bookworm)', family: 'debian', packageManager: 'apt' }],
    ['reads Ubuntu through ID_LIKE as apt', 'NAME="Ubuntu"\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\nID=ubuntu\nID_LIKE=debian\n', { image: 'Ubuntu 24.04.1 LTS', family: 'debian', packageManager: 'apt' }],
    ['reads Rocky 9 as dnf', 'PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n', { image: 'Rocky Linux 9.4 (Blue Onyx)', family: 'rhel', packageManager: 'dnf' }],
    ['reads CentOS 7 as yum', "PRETTY_NAME='CentOS Linux 7 (Core)'\nID=centos\nID_LIKE='rhel fedora'\nVERSION_ID=7\n", { image: 'CentOS Linux 7 (Core)', family: 'rhel', packageManager: 'yum' }],
    ['reads Amazon Linux 2 as yum', 'PRETTY_NAME="Amazon Linux 2"\nID="amzn"\nID_LIKE="centos rhel fedora"\nVERSION_ID="2"\n', { image: 'Amazon Linux 2', family: 'rhel', packageManager: 'yum' }],
    ['reads Fedora as dnf', 'PRETTY_NAME="Fedora Linux 40"\nID=fedora\nVERSION_ID=40\n', { image: 'Fedora Linux 40', family: 'rhel', packageManager: 'dnf' }],
  ];
  for (const [name, text, value] of cases) {
    it(name, () => assert.deepEqual(parseOsRelease(text), { ok: true, value }));
  }

  it('refuses an OS whose packages kubehop cannot drive, naming it', () => {
    assert.deepEqual(parseOsRelease('PRETTY_NAME="openSUSE Leap 15.6"\nID="opensuse-leap"\nID_LIKE="suse opensuse"\n'), {
      ok: false,
      errors: ['unsupported OS "openSUSE Leap 15.6" (ID=opensuse-leap): kubehop upgrades packages with apt (Debian, Ubuntu) or dnf/yum (RHEL and its kin) only'],
    });
  });
});
