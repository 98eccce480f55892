import type { PackageRepository } from '../../core/cluster/index.js';

// The Kubernetes package repository a node is configured with, from its apt source
// (one-line or deb822) or yum .repo file: pkgs.k8s.io (one repository per minor, also under its
// pkgs.kubernetes.io / packages.kubernetes.io names or a mirror of the same layout) or the frozen
// legacy Google repositories. For yum, the repository's exclude= line lists the packages it hides.

export interface ConfiguredRepository extends PackageRepository {
  /** The URL the repository was recognised by, as the file writes it (not validated beyond that). */
  readonly url: string;
  /** What the file configures: an apt (deb) or a yum/dnf (rpm) repository. */
  readonly format: 'deb' | 'rpm';
  /** yum/dnf: the packages its exclude= line hides from plain installs. */
  readonly excluded?: readonly string[];
}

export type RepositoryFileResult = { readonly ok: true; readonly value: ConfiguredRepository } | { readonly ok: false; readonly errors: readonly string[] };

const PKGS_PATH = /\/core:\/(?:stable|prerelease):\/v1\.(\d+)\//;
const LEGACY = /(?:apt|yum)\.kubernetes\.io|packages\.cloud\.google\.com\/(?:apt|yum)|kubernetes-(?:xenial|el7)/;

function classify(url: string, format: ConfiguredRepository['format']): ConfiguredRepository | undefined {
  const pkgs = PKGS_PATH.exec(url);
  if (pkgs) return { era: 'pkgs', minor: Number(pkgs[1]), url, format };
  if (LEGACY.test(url)) return { era: 'legacy', url, format };
  return undefined;
}

function uncommented(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** A `deb [options] URL suite [components]` line or a deb822 `URIs:` field. */
export function parseAptSource(text: string, file: string): RepositoryFileResult {
  for (const line of uncommented(text)) {
    const urls = /^URIs:/i.test(line) ? line.replace(/^URIs:/i, '').trim().split(/\s+/) : /^deb\s/.test(line) ? [line.replace(/^deb\s+(\[[^\]]*\]\s+)?/, '').split(/\s+/)[0] ?? ''] : [];
    for (const url of urls) {
      const repository = classify(url, 'deb');
      if (repository) return { ok: true, value: repository };
    }
  }
  return { ok: false, errors: [`${file} names no Kubernetes repository kubehop recognises: expected pkgs.k8s.io/core:/stable:/v1.N/deb/ or the legacy apt.kubernetes.io`] };
}

/** The first enabled section of a .repo file whose baseurl is a Kubernetes repository. */
export function parseYumRepo(text: string, file: string): RepositoryFileResult {
  const sections: Array<Record<string, string>> = [];
  for (const line of uncommented(text)) {
    if (/^\[.*\]$/.test(line)) {
      sections.push({});
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    if (sections.length === 0) sections.push({});
    const current = sections[sections.length - 1] as Record<string, string>;
    current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  for (const section of sections) {
    if (section['enabled'] === '0') continue;
    for (const url of (section['baseurl'] ?? '').split(/[\s,]+/)) {
      const repository = classify(url, 'rpm');
      if (!repository) continue;
      const exclude = section['exclude'];
      return { ok: true, value: { ...repository, ...(exclude !== undefined && { excluded: exclude.split(/[\s,]+/).filter(Boolean) }) } };
    }
  }
  return { ok: false, errors: [`${file} has no enabled Kubernetes repository kubehop recognises: expected baseurl=https://pkgs.k8s.io/core:/stable:/v1.N/rpm/ or the legacy packages.cloud.google.com/yum`] };
}
