import type { NodeOs } from '../../core/cluster/index.js';

// /etc/os-release -> the OS family and the package manager kubehop drives there. Debian and its
// derivatives use apt; RHEL and its kin use dnf from release 8 on (Fedora always, Amazon Linux
// after 2) and yum before.

export type OsReleaseResult = { readonly ok: true; readonly value: NodeOs } | { readonly ok: false; readonly errors: readonly string[] };

const RHEL_LIKE = ['rhel', 'centos', 'fedora', 'rocky', 'almalinux', 'ol', 'amzn'];

/** KEY=value lines; values may be "double" or 'single' quoted with backslash escapes. */
export function parseOsReleaseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(raw);
    if (!m?.[1]) continue;
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    fields[m[1]] = value;
  }
  return fields;
}

export function parseOsRelease(text: string): OsReleaseResult {
  const fields = parseOsReleaseFields(text);
  const id = (fields['ID'] ?? '').toLowerCase();
  const ids = [id, ...(fields['ID_LIKE'] ?? '').toLowerCase().split(/\s+/)].filter((s) => s !== '');
  const image = fields['PRETTY_NAME'] ?? ([fields['NAME'], fields['VERSION']].filter(Boolean).join(' ') || id);
  if (ids.length === 0) return { ok: false, errors: ['invalid /etc/os-release: no ID line; expected ID=debian, ID=ubuntu, ID=rhel, ...'] };
  if (ids.includes('debian') || ids.includes('ubuntu')) return { ok: true, value: { image, family: 'debian', packageManager: 'apt' } };
  if (ids.some((i) => RHEL_LIKE.includes(i))) {
    const major = Number.parseInt(fields['VERSION_ID'] ?? '', 10);
    let packageManager: NodeOs['packageManager'];
    if (id === 'fedora') packageManager = 'dnf';
    else if (id === 'amzn') packageManager = major === 2 ? 'yum' : 'dnf';
    else packageManager = Number.isNaN(major) || major >= 8 ? 'dnf' : 'yum';
    return { ok: true, value: { image, family: 'rhel', packageManager } };
  }
  return { ok: false, errors: [`unsupported OS "${image}" (ID=${id}): kubehop upgrades packages with apt (Debian, Ubuntu) or dnf/yum (RHEL and its kin) only`] };
}
