import type { PackageRepository } from '../../core/cluster/index.js';

// The Kubernetes package repository a node is configured with, from its apt source
// (one-line or deb822) or yum .repo file: pkgs.k8s.io (one repository per minor, also under its
// pkgs.kubernetes.io / packages.kubernetes.io names or a mirror of the same layout) or the frozen
// legacy Google repositories (or an apt mirror of them, known by its kubernetes-xenial suite).
// For yum, the repository's exclude= line lists the packages it hides.

export interface ConfiguredRepository extends PackageRepository {
  /** The URL the repository was recognised by, as the file writes it (not validated beyond that). */
  readonly url: string;
  /** What the file configures: an apt (deb) or a yum/dnf (rpm) repository. */
  readonly format: 'deb' | 'rpm';
  /** apt, legacy era: the suite the source names (Google's was kubernetes-xenial); its index is under dists/SUITE/. */
  readonly suite?: string;
  /** apt, legacy era: the components the source names after the suite (e.g. main). */
  readonly components?: readonly string[];
  /** yum/dnf: the packages its exclude= line hides from plain installs. */
  readonly excluded?: readonly string[];
}

export type RepositoryFileResult = { readonly ok: true; readonly value: ConfiguredRepository } | { readonly ok: false; readonly errors: readonly string[] };

const PKGS_PATH = /\/core:\/(?:stable|prerelease):\/v1\.(\d+)\//;
const LEGACY = /(?:apt|yum)\.kubernetes\.io|packages\.cloud\.google\.com\/(?:apt|yum)|kubernetes-(?:xenial|el7)/;
/** The legacy apt repository's suites (kubernetes-xenial, and its older per-release ones): a mirror of it keeps them under its own URL. */
const LEGACY_SUITE = /^kubernetes-[a-z]+$/;

function classify(url: string, format: ConfiguredRepository['format'], suite?: string): ConfiguredRepository | undefined {
  const pkgs = PKGS_PATH.exec(url);
  if (pkgs) return { era: 'pkgs', minor: Number(pkgs[1]), url, format };
  if (LEGACY.test(url) || (suite !== undefined && LEGACY_SUITE.test(suite))) return { era: 'legacy', url, format };
  return undefined;
}

function uncommented(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** One apt source: where it is, and for a legacy repository which suite and components. */
interface AptEntry {
  readonly urls: readonly string[];
  readonly suite?: string;
  readonly components: readonly string[];
}

/** The one-line `deb [options] URL suite [components]` sources of the text. */
function oneLineEntries(text: string): AptEntry[] {
  return uncommented(text)
    .filter((l) => /^deb\s/.test(l))
    .map((l) => {
      const [url = '', suite, ...components] = l.replace(/^deb\s+(\[[^\]]*\]\s+)?/, '').split(/\s+/);
      return { urls: [url], ...(suite !== undefined && { suite }), components };
    });
}

/** The deb822 stanzas of the text (blank-line separated) that are enabled deb sources. */
function deb822Entries(text: string): AptEntry[] {
  const entries: AptEntry[] = [];
  for (const stanza of text.split(/\r?\n[ \t]*(?:\r?\n|$)/)) {
    const fields = new Map<string, string[]>();
    for (const line of uncommented(stanza)) {
      const colon = line.indexOf(':');
      if (colon > 0 && /^[A-Za-z-]+$/.test(line.slice(0, colon))) fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim().split(/\s+/).filter(Boolean));
    }
    const types = fields.get('types');
    if (!fields.has('uris') || (types && !types.includes('deb')) || fields.get('enabled')?.[0]?.toLowerCase() === 'no') continue;
    const suite = fields.get('suites')?.[0];
    entries.push({ urls: fields.get('uris') ?? [], ...(suite !== undefined && { suite }), components: fields.get('components') ?? [] });
  }
  return entries;
}

/** A `deb [options] URL suite [components]` line or a deb822 stanza's `URIs:`, `Suites:` and `Components:`. */
export function parseAptSource(text: string, file: string): RepositoryFileResult {
  for (const entry of [...oneLineEntries(text), ...deb822Entries(text)]) {
    for (const url of entry.urls) {
      const repository = classify(url, 'deb', entry.suite);
      if (!repository) continue;
      // A legacy repository's index is found by suite; pkgs.k8s.io's flat "/" needs none.
      if (repository.era !== 'legacy') return { ok: true, value: repository };
      return { ok: true, value: { ...repository, ...(entry.suite !== undefined && { suite: entry.suite }), ...(entry.components.length > 0 && { components: entry.components }) } };
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
