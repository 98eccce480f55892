import type { ObjectSource, ObservedObject } from '../cluster/index.js';
import type { Finding } from '../findings.js';
import type { PlanHop } from '../planning/index.js';
import { tryParseVersion } from '../version/index.js';
import { findRemovedApi, type RemovedApi, type RemovedApiTable } from './removed-apis.js';

// Objects written at an API version a hop of the plan stops serving. After that hop the API
// server answers 404 for that version: manifests no longer apply, Helm cannot upgrade or roll
// back the release, clients reading that version fail.

function objectName(o: ObservedObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function whereFound(source: ObjectSource): string {
  switch (source.from) {
    case 'live':
      return 'as the API server serves it';
    case 'last-applied':
      return 'in its kubectl.kubernetes.io/last-applied-configuration';
    case 'helm':
      return `in Helm release ${source.release} revision ${source.revision}`;
    case 'file':
      return `at ${source.file}:${source.line}`;
  }
}

function fixFor(source: ObjectSource, removal: RemovedApi): string {
  const to = removal.replacement;
  if (to === undefined) return `nothing replaces it: ${source.from === 'file' ? 'remove it' : 'delete it'}; ${removal.note ?? ''}`.trimEnd();
  const since = removal.replacementSince !== undefined ? ` (served since v1.${removal.replacementSince})` : '';
  switch (source.from) {
    case 'live':
      return `move it and its clients to ${to}${since}`;
    case 'last-applied':
      return `apply it again with apiVersion ${to}${since}`;
    case 'helm':
      return `upgrade the release to a chart that uses ${to}${since}, or rewrite its stored manifest with helm-mapkubeapis`;
    case 'file':
      return `change apiVersion to ${to}${since}`;
  }
}

/** "; X is removed in v1.N too: then Y" for every replacement the plan also removes. */
function laterRemovals(table: RemovedApiTable, removal: RemovedApi, targetMinor: number): string {
  let text = '';
  let current = removal;
  for (let guard = 0; guard < 10 && current.replacement; guard++) {
    const next = findRemovedApi(table, current.replacement, current.kind);
    if (!next || next.removedIn > targetMinor) break;
    text += `; ${current.replacement} is removed in v1.${next.removedIn} too: then ${next.replacement ?? 'nothing replaces it'}`;
    current = next;
  }
  return text;
}

function minorOf(version: string): number | undefined {
  return tryParseVersion(version)?.minor;
}

/**
 * One finding per object and place whose apiVersion a hop of the plan removes (blocking; overridable
 * where the table marks the removal unconfirmed), and an info finding where the cluster already
 * stopped serving it.
 */
export function checkRemovedApis(objects: readonly ObservedObject[], table: RemovedApiTable, hops: readonly PlanHop[]): Finding[] {
  const first = hops[0];
  const currentMinor = first ? minorOf(first.from) : undefined;
  const targetMinor = minorOf(hops[hops.length - 1]?.version ?? '');
  if (currentMinor === undefined || targetMinor === undefined) return [];
  const findings: Finding[] = [];
  if (targetMinor > table.coversThrough) {
    const single = targetMinor === table.coversThrough + 1;
    const beyond = single ? `v1.${targetMinor}` : `v1.${table.coversThrough + 1} to v1.${targetMinor}`;
    findings.push({
      code: 'REMOVED_APIS_NOT_COVERED',
      severity: 'overridable',
      subject: `v1.${targetMinor}`,
      message: `kubehop's removed-API table (compiled ${table.compiledOn}) was checked through v1.${table.coversThrough}, so it cannot tell which API versions ${beyond} ${single ? 'stops' : 'stop'} serving — read the Deprecated API Migration Guide and the release notes of ${beyond} before applying`,
    });
  }
  for (const object of objects) {
    const removal = findRemovedApi(table, object.apiVersion, object.kind);
    if (!removal) continue;
    const what = `${objectName(object)} uses ${object.apiVersion} ${whereFound(object.source)}`;
    if (removal.removedIn <= currentMinor) {
      findings.push({
        code: 'API_ALREADY_REMOVED',
        severity: 'info',
        subject: objectName(object),
        message: `${what}, which the cluster's v1.${currentMinor} already no longer serves (removed in v1.${removal.removedIn}): ${fixFor(object.source, removal)}`,
      });
      continue;
    }
    const hop = hops.find((h) => (minorOf(h.version) ?? 0) >= removal.removedIn);
    if (!hop) continue;
    const note = removal.note && removal.replacement !== undefined ? ` (${removal.note})` : '';
    const doubt = removal.unconfirmed ? `; this removal is unconfirmed: check the v1.${removal.removedIn} release notes` : '';
    findings.push({
      code: 'API_REMOVED',
      severity: removal.unconfirmed ? 'overridable' : 'blocking',
      subject: objectName(object),
      message: `${what}, which v1.${removal.removedIn} no longer serves: hop ${hop.index} to ${hop.version} leaves it unreadable and unmanageable — ${fixFor(object.source, removal)}${note}${laterRemovals(table, removal, targetMinor)}${doubt}`,
    });
  }
  return findings;
}
