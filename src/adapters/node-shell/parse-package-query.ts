import { parsePackageVersion, type PackageVersion } from '../../core/version/index.js';

// The answer of `dpkg-query -W -f='${Version}\t${db:Status-Abbrev}' PKG` or
// `rpm -q --qf '%{VERSION}-%{RELEASE}' PKG` for one Kubernetes package.

export type PackageQueryResult =
  | { readonly installed: true; readonly version: PackageVersion }
  | { readonly installed: false }
  | { readonly installed: 'unreadable'; readonly problem: string };

export function parsePackageQuery(name: string, answer: { exitCode: number | null; stdout: string }): PackageQueryResult {
  const text = answer.stdout.trim();
  // dpkg-query exits 1 for an unknown package; rpm exits 1 and says "package X is not installed".
  if (answer.exitCode !== 0 || text === '' || /is not installed/.test(text)) return { installed: false };
  const [version = '', status] = text.split('\t');
  // The second letter of dpkg's status abbreviation is the current state: "i" installed; "c"
  // (config files only) and the rest are not.
  if (status !== undefined && status.trim() !== '' && status[1] !== 'i') return { installed: false };
  try {
    return { installed: true, version: parsePackageVersion(version) };
  } catch {
    return { installed: 'unreadable', problem: `the installed ${name} package has version "${version}", which is not VERSION-REVISION such as 1.30.2-1.1` };
  }
}
