import type { Finding } from '../findings.js';
import { releaseLine, supportStatus, type ReleaseCatalog } from '../releases/index.js';
import { formatMinor, formatVersion, type KubeVersion } from '../version/index.js';

/** Whether the cluster's minor is still maintained on `date`, and what to move to if not. */
export function checkSupportStatus(catalog: ReleaseCatalog, version: KubeVersion, date: string): Finding[] {
  const status = supportStatus(catalog, version.minor, date);
  const supported = catalog.lines
    .filter((l) => supportStatus(catalog, l.minor, date) === 'supported')
    .map((l) => formatMinor({ major: 1, minor: l.minor }));
  const line = releaseLine(catalog, version.minor);
  const minor = formatMinor(version);
  const advice = supported.length > 0 ? ` — upgrade to a supported minor (${supported.join(', ')}): kubehop plan --to ${supported[supported.length - 1]?.slice(1)}` : '';
  switch (status) {
    case 'supported':
      return [{ code: 'VERSION_SUPPORTED', severity: 'info', subject: 'cluster version', message: `${minor} is supported on ${date}${line ? ` until ${line.endOfLife}` : ''}${line?.maintenanceStart ? ` (maintenance mode from ${line.maintenanceStart})` : ''}` }];
    case 'maintenance':
      return [{ code: 'VERSION_IN_MAINTENANCE', severity: 'info', subject: 'cluster version', message: `${minor} is in maintenance mode on ${date}: only critical and security fixes until its end of life on ${line?.endOfLife ?? '?'}${advice}` }];
    case 'end-of-life':
      return [{ code: 'VERSION_END_OF_LIFE', severity: 'overridable', subject: 'cluster version', message: `${minor} reached end of life on ${line?.endOfLife ?? '?'} and gets no more fixes, not even for security${advice}` }];
    case 'unreleased':
      return [{ code: 'VERSION_UNRELEASED', severity: 'info', subject: 'cluster version', message: `${formatVersion(version)} was not yet released on ${date} according to the release catalog` }];
    case 'unknown':
      return [{ code: 'VERSION_UNKNOWN', severity: 'info', subject: 'cluster version', message: `the release catalog (compiled ${catalog.compiledOn}) does not know ${minor}: pass a newer catalog with --releases FILE` }];
  }
}
