import { describeValue, isRecord } from '../describe-value.js';
import { isIsoDate, type ValidationResult } from '../releases/index.js';
import {
  BREAKING_CHANGES_FORMAT,
  CONTROL_PLANE_COMPONENTS,
  type BreakingChanges,
  type ControlPlaneComponent,
  type RuntimeRequirements,
} from './breaking-changes.js';

// Checks a parsed data/breaking-changes.json. Every problem is reported with its field path, so
// one run shows everything to fix in a hand-edited catalog; no entry may name a minor after
// `checkedThrough` or a source the catalog does not list.

const MINOR = /^1\.(0|[1-9]\d*)$/;
const FLAG = /^--[a-z0-9][a-z0-9-]*$/;
const GATE = /^[A-Z][A-Za-z0-9]*$/;
const PATCH = /^\d+\.\d+\.\d+$/;
const API_VERSION = /^[a-z0-9.-]+\/v\d+((alpha|beta)\d+)?$/;

class Reader {
  readonly errors: string[] = [];
  constructor(private readonly sources: ReadonlySet<string>) {}

  fail(path: string, message: string): undefined {
    this.errors.push(`${path}: ${message}`);
    return undefined;
  }

  record(value: unknown, path: string, fields: readonly string[]): Record<string, unknown> | undefined {
    if (!isRecord(value)) return this.fail(path, `expected an object, got ${describeValue(value)}`);
    for (const key of Object.keys(value)) {
      if (!fields.includes(key)) this.fail(`${path}.${key}`, `unknown field (known: ${fields.join(', ')})`);
    }
    return value;
  }

  list(value: unknown, path: string): unknown[] {
    if (Array.isArray(value)) return value;
    this.fail(path, `expected a list, got ${describeValue(value)}`);
    return [];
  }

  minor(value: unknown, path: string): number | undefined {
    if (typeof value === 'string' && MINOR.test(value)) return Number(value.slice(2));
    return this.fail(path, `expected a minor such as "1.24", got ${describeValue(value)}${typeof value === 'number' ? '; quote it, a number loses trailing zeros' : ''}`);
  }

  text(value: unknown, path: string, pattern?: RegExp, example = 'text'): string | undefined {
    if (typeof value === 'string' && value.trim() !== '' && (!pattern || pattern.test(value))) return value;
    return this.fail(path, `expected ${example}, got ${describeValue(value)}`);
  }

  optionalText(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.text(value, path);
  }

  source(value: unknown, path: string): string | undefined {
    const id = this.text(value, path, undefined, 'a source id from sources');
    if (id !== undefined && !this.sources.has(id)) return this.fail(path, `unknown source "${id}" (known: ${[...this.sources].join(', ')})`);
    return id;
  }

  names(value: unknown, path: string, pattern: RegExp, example: string): string[] | undefined {
    const items = this.list(value, path);
    if (items.length === 0) return this.fail(path, `expected at least one ${example}`);
    const before = this.errors.length;
    items.forEach((item, i) => this.text(item, `${path}[${i}]`, pattern, example));
    return this.errors.length === before ? (items as string[]) : undefined;
  }
}

function entries<T>(read: Reader, doc: Record<string, unknown>, key: string, fields: readonly string[], build: (raw: Record<string, unknown>, path: string) => T | undefined): T[] {
  const out: T[] = [];
  read.list(doc[key], key).forEach((raw, index) => {
    const path = `${key}[${index}]`;
    const fieldsOk = read.record(raw, path, fields);
    if (!fieldsOk) return;
    const built = build(fieldsOk, path);
    if (built !== undefined) out.push(built);
  });
  return out;
}

function readRuntime(read: Reader, raw: unknown): RuntimeRequirements | undefined {
  const fields = ['dockershimRemovedIn', 'dockershimSource', 'criV1OnlyFrom', 'criV1Containerd', 'criV1Source', 'containerdSupport', 'containerdSource', 'cgroupV1RefusedFrom', 'cgroupDriverDefault', 'cgroupSource'];
  const r = read.record(raw, 'runtime', fields);
  if (!r) return undefined;
  const before = read.errors.length;
  const support = read.list(r.containerdSupport, 'runtime.containerdSupport').map((item, i) => {
    const path = `runtime.containerdSupport[${i}]`;
    const s = read.record(item, path, ['minor', 'minimums']);
    return { minor: read.minor(s?.minor, `${path}.minor`) ?? 0, minimums: read.names(s?.minimums, `${path}.minimums`, PATCH, 'a containerd version such as "1.7.13"') ?? [] };
  });
  const driver = read.record(r.cgroupDriverDefault, 'runtime.cgroupDriverDefault', ['changedIn', 'driver']);
  const changedIn = read.minor(driver?.changedIn, 'runtime.cgroupDriverDefault.changedIn');
  const driverName = driver?.driver === 'systemd' || driver?.driver === 'cgroupfs' ? driver.driver : read.fail('runtime.cgroupDriverDefault.driver', `expected "systemd" or "cgroupfs", got ${describeValue(driver?.driver)}`);
  const value = {
    dockershimRemovedIn: read.minor(r.dockershimRemovedIn, 'runtime.dockershimRemovedIn'),
    dockershimSource: read.source(r.dockershimSource, 'runtime.dockershimSource'),
    criV1OnlyFrom: read.minor(r.criV1OnlyFrom, 'runtime.criV1OnlyFrom'),
    criV1Containerd: read.text(r.criV1Containerd, 'runtime.criV1Containerd', PATCH, 'a containerd version such as "1.6.0"'),
    criV1Source: read.source(r.criV1Source, 'runtime.criV1Source'),
    containerdSource: read.source(r.containerdSource, 'runtime.containerdSource'),
    cgroupV1RefusedFrom: read.minor(r.cgroupV1RefusedFrom, 'runtime.cgroupV1RefusedFrom'),
    cgroupSource: read.source(r.cgroupSource, 'runtime.cgroupSource'),
  };
  if (read.errors.length > before || changedIn === undefined || driverName === undefined) return undefined;
  return { ...(value as Omit<RuntimeRequirements, 'containerdSupport' | 'cgroupDriverDefault'>), containerdSupport: support, cgroupDriverDefault: { changedIn, driver: driverName } };
}

/** Minors the catalog names, with their paths, to hold against checkedThrough. */
function minorsOf(value: BreakingChanges): [string, number][] {
  return [
    ...value.kubeletFlags.map((e, i): [string, number] => [`kubeletFlags[${i}].removedIn`, e.removedIn]),
    ...value.controlPlaneFlags.map((e, i): [string, number] => [`controlPlaneFlags[${i}].removedIn`, e.removedIn]),
    ...value.featureGates.map((e, i): [string, number] => [`featureGates[${i}].removedIn`, e.removedIn]),
    ...value.admissionPlugins.map((e, i): [string, number] => [`admissionPlugins[${i}].removedIn`, e.removedIn]),
    ...value.kubeadmConfigApis.map((e, i): [string, number] => [`kubeadmConfigApis[${i}].removedIn`, e.removedIn]),
    ...value.kubeletConfigFields.map((e, i): [string, number] => [`kubeletConfigFields[${i}].changedIn`, e.changedIn]),
    ...value.etcd.map((e, i): [string, number] => [`etcd[${i}].into`, e.into]),
    ...value.runtime.containerdSupport.map((e, i): [string, number] => [`runtime.containerdSupport[${i}].minor`, e.minor]),
  ];
}

const TOP = ['format', 'compiledOn', 'checkedThrough', 'sources', 'kubeletFlags', 'controlPlaneFlags', 'featureGates', 'admissionPlugins', 'kubeadmConfigApis', 'kubeadmConfigShapes', 'kubeletConfigFields', 'runtime', 'staticPodApiReferencesDeniedFrom', 'staticPodSource', 'etcd', 'kubeProxyReinstall', 'imageRegistries', 'cniPlugins'];

/** Validates a parsed data/breaking-changes.json. */
export function validateBreakingChanges(doc: unknown): ValidationResult<BreakingChanges> {
  if (!isRecord(doc)) return { ok: false, errors: [`expected a JSON object, got ${describeValue(doc)}`] };
  const sources: Record<string, string> = {};
  if (isRecord(doc.sources)) for (const [id, text] of Object.entries(doc.sources)) if (typeof text === 'string' && text.trim() !== '') sources[id] = text;
  const read = new Reader(new Set(Object.keys(sources)));
  read.record(doc, '(top)', TOP);
  if (!isRecord(doc.sources) || Object.keys(sources).length !== Object.keys(doc.sources).length) read.fail('sources', 'expected an object of source id -> text saying where the facts come from');
  if (doc.format !== BREAKING_CHANGES_FORMAT) read.fail('format', `expected "${BREAKING_CHANGES_FORMAT}", got ${describeValue(doc.format)}`);
  if (!isIsoDate(doc.compiledOn)) read.fail('compiledOn', `expected a date YYYY-MM-DD, got ${describeValue(doc.compiledOn)}`);
  const checkedThrough = read.minor(doc.checkedThrough, 'checkedThrough');

  const flagFields = ['flags', 'removedIn', 'source', 'fix'];
  const flagEntry = (raw: Record<string, unknown>, path: string) => {
    const flags = read.names(raw.flags, `${path}.flags`, FLAG, 'a flag such as "--network-plugin"');
    const removedIn = read.minor(raw.removedIn, `${path}.removedIn`);
    const source = read.source(raw.source, `${path}.source`);
    const fix = read.optionalText(raw.fix, `${path}.fix`);
    return flags && removedIn !== undefined && source ? { flags, removedIn, source, ...(fix ? { fix } : {}) } : undefined;
  };
  const kubeletFlags = entries(read, doc, 'kubeletFlags', flagFields, flagEntry);
  const controlPlaneFlags = entries(read, doc, 'controlPlaneFlags', ['component', ...flagFields], (raw, path) => {
    const component = CONTROL_PLANE_COMPONENTS.includes(raw.component as ControlPlaneComponent) ? (raw.component as ControlPlaneComponent) : read.fail(`${path}.component`, `expected one of ${CONTROL_PLANE_COMPONENTS.join(', ')}, got ${describeValue(raw.component)}`);
    const entry = flagEntry(raw, path);
    return component && entry ? { component, ...entry } : undefined;
  });
  const featureGates = entries(read, doc, 'featureGates', ['gates', 'removedIn', 'source'], (raw, path) => {
    const gates = read.names(raw.gates, `${path}.gates`, GATE, 'a feature gate such as "BlockVolume"');
    const removedIn = read.minor(raw.removedIn, `${path}.removedIn`);
    const source = read.source(raw.source, `${path}.source`);
    return gates && removedIn !== undefined && source ? { gates, removedIn, source } : undefined;
  });
  const admissionPlugins = entries(read, doc, 'admissionPlugins', ['plugin', 'removedIn', 'source', 'fix'], (raw, path) => {
    const plugin = read.text(raw.plugin, `${path}.plugin`, GATE, 'an admission plugin such as "PodSecurityPolicy"');
    const removedIn = read.minor(raw.removedIn, `${path}.removedIn`);
    const source = read.source(raw.source, `${path}.source`);
    const fix = read.text(raw.fix, `${path}.fix`, undefined, 'text saying what to do instead');
    return plugin && removedIn !== undefined && source && fix ? { plugin, removedIn, source, fix } : undefined;
  });
  const kubeadmConfigApis = entries(read, doc, 'kubeadmConfigApis', ['apiVersion', 'removedIn', 'source'], (raw, path) => {
    const apiVersion = read.text(raw.apiVersion, `${path}.apiVersion`, API_VERSION, 'an apiVersion such as "kubeadm.k8s.io/v1beta2"');
    const removedIn = read.minor(raw.removedIn, `${path}.removedIn`);
    const source = read.source(raw.source, `${path}.source`);
    return apiVersion && removedIn !== undefined && source ? { apiVersion, removedIn, source } : undefined;
  });
  const kubeadmConfigShapes = entries(read, doc, 'kubeadmConfigShapes', ['apiVersion', 'storedFrom', 'change', 'source'], (raw, path) => {
    const apiVersion = read.text(raw.apiVersion, `${path}.apiVersion`, API_VERSION, 'an apiVersion such as "kubeadm.k8s.io/v1beta4"');
    const storedFrom = read.minor(raw.storedFrom, `${path}.storedFrom`);
    const change = read.text(raw.change, `${path}.change`);
    const source = read.source(raw.source, `${path}.source`);
    return apiVersion && storedFrom !== undefined && change && source ? { apiVersion, storedFrom, change, source } : undefined;
  });
  const kubeletConfigFields = entries(read, doc, 'kubeletConfigFields', ['field', 'value', 'changedIn', 'severity', 'effect', 'fix', 'source'], (raw, path) => {
    const field = read.text(raw.field, `${path}.field`, /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/, 'a dotted field such as "memorySwap.swapBehavior"');
    const value = read.text(raw.value, `${path}.value`);
    const changedIn = read.minor(raw.changedIn, `${path}.changedIn`);
    const severity: 'blocking' | 'overridable' | undefined = raw.severity === 'blocking' || raw.severity === 'overridable' ? raw.severity : read.fail(`${path}.severity`, `expected "blocking" or "overridable", got ${describeValue(raw.severity)}`);
    const effect = read.text(raw.effect, `${path}.effect`);
    const fix = read.text(raw.fix, `${path}.fix`);
    const source = read.source(raw.source, `${path}.source`);
    return field && value && changedIn !== undefined && severity && effect && fix && source ? { field, value, changedIn, severity, effect, fix, source } : undefined;
  });
  const runtime = readRuntime(read, doc.runtime);
  const staticPodApiReferencesDeniedFrom = read.minor(doc.staticPodApiReferencesDeniedFrom, 'staticPodApiReferencesDeniedFrom');
  const staticPodSource = read.source(doc.staticPodSource, 'staticPodSource');
  const etcd = entries(read, doc, 'etcd', ['into', 'minimum', 'why', 'source'], (raw, path) => {
    const into = read.minor(raw.into, `${path}.into`);
    const minimum = read.text(raw.minimum, `${path}.minimum`, PATCH, 'an etcd version such as "3.5.26"');
    const why = read.text(raw.why, `${path}.why`);
    const source = read.source(raw.source, `${path}.source`);
    return into !== undefined && minimum && why && source ? { into, minimum, why, source } : undefined;
  });
  const proxy = read.record(doc.kubeProxyReinstall, 'kubeProxyReinstall', ['source']);
  const proxySource = read.source(proxy?.source, 'kubeProxyReinstall.source');
  const imageRegistries = entries(read, doc, 'imageRegistries', ['from', 'to', 'frozenOn', 'kubeadmRewritesFrom', 'source'], (raw, path) => {
    const from = read.text(raw.from, `${path}.from`);
    const to = read.text(raw.to, `${path}.to`);
    const frozenOn = isIsoDate(raw.frozenOn) ? (raw.frozenOn as string) : read.fail(`${path}.frozenOn`, `expected a date YYYY-MM-DD, got ${describeValue(raw.frozenOn)}`);
    const kubeadmRewritesFrom = read.minor(raw.kubeadmRewritesFrom, `${path}.kubeadmRewritesFrom`);
    const source = read.source(raw.source, `${path}.source`);
    return from && to && frozenOn && kubeadmRewritesFrom !== undefined && source ? { from, to, frozenOn, kubeadmRewritesFrom, source } : undefined;
  });

  const cniPlugins = entries(read, doc, 'cniPlugins', ['name', 'daemonSets', 'requirement', 'compatibility', 'upgrade', 'source'], (raw, path) => {
    const name = read.text(raw.name, `${path}.name`);
    const daemonSets = read.names(raw.daemonSets, `${path}.daemonSets`, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'a DaemonSet name such as "calico-node"');
    const requirement = read.text(raw.requirement, `${path}.requirement`);
    const compatibility = read.text(raw.compatibility, `${path}.compatibility`, /^https:\/\//, 'an https:// address');
    const upgrade = read.text(raw.upgrade, `${path}.upgrade`, /^https:\/\//, 'an https:// address');
    const source = read.source(raw.source, `${path}.source`);
    return name && daemonSets && requirement && compatibility && upgrade && source ? { name, daemonSets, requirement, compatibility, upgrade, source } : undefined;
  });

  if (read.errors.length > 0 || checkedThrough === undefined || !runtime || staticPodApiReferencesDeniedFrom === undefined || !staticPodSource || !proxySource) {
    return { ok: false, errors: read.errors };
  }
  const value: BreakingChanges = {
    compiledOn: doc.compiledOn as string, checkedThrough, sources, kubeletFlags, controlPlaneFlags, featureGates, admissionPlugins,
    kubeadmConfigApis, kubeadmConfigShapes, kubeletConfigFields, runtime, staticPodApiReferencesDeniedFrom, staticPodSource, etcd,
    kubeProxyReinstall: { source: proxySource }, imageRegistries, cniPlugins,
  };
  const late = [...minorsOf(value), ['staticPodApiReferencesDeniedFrom', staticPodApiReferencesDeniedFrom] as [string, number]].filter(([, minor]) => minor > checkedThrough);
  const errors = late.map(([path, minor]) => `${path}: "1.${minor}" is after checkedThrough "1.${checkedThrough}"; raise checkedThrough once the catalog is checked against that release`);
  const seen = new Map<string, string>();
  const once = (key: string, path: string) => {
    const first = seen.get(key);
    if (first) errors.push(`${path}: ${key} is listed twice (also ${first})`);
    else seen.set(key, path);
  };
  value.kubeletFlags.forEach((e, i) => e.flags.forEach((f, j) => once(`kubelet ${f}`, `kubeletFlags[${i}].flags[${j}]`)));
  value.controlPlaneFlags.forEach((e, i) => e.flags.forEach((f, j) => once(`${e.component} ${f}`, `controlPlaneFlags[${i}].flags[${j}]`)));
  value.featureGates.forEach((e, i) => e.gates.forEach((g, j) => once(`feature gate ${g}`, `featureGates[${i}].gates[${j}]`)));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
