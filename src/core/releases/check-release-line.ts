import type { ReleaseLine } from './release-catalog.js';

/**
 * Cross-field checks shared by every way a catalog is built: dates in order and the latest
 * patch inside its line. `path` prefixes each message, e.g. "lines[3]".
 */
export function checkReleaseLine(line: ReleaseLine, path: string): string[] {
  const errors: string[] = [];
  const minor = `1.${line.minor}`;
  if (line.latestPatch.minor !== line.minor) {
    errors.push(`${path}.latestPatch: "1.${line.latestPatch.minor}.${line.latestPatch.patch}" is not a patch of ${minor}`);
  }
  if (line.endOfLife <= line.releaseDate) {
    errors.push(`${path}: ${minor} reaches end of life (${line.endOfLife}) before it is released (${line.releaseDate})`);
  }
  if (line.maintenanceStart !== undefined) {
    if (line.maintenanceStart < line.releaseDate) {
      errors.push(`${path}: ${minor} enters maintenance mode (${line.maintenanceStart}) before it is released (${line.releaseDate})`);
    }
    if (line.maintenanceStart > line.endOfLife) {
      errors.push(`${path}: ${minor} enters maintenance mode (${line.maintenanceStart}) after its end of life (${line.endOfLife})`);
    }
  }
  return errors;
}
