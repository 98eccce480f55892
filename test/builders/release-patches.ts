import { parseVersion, type KubeVersion } from '../../src/core/version/index.js';

// The newest patch of each minor as the built-in catalog lists it (data/releases.json), for
// planner tests that should not read files.
const LATEST: Record<number, string> = {
  10: '1.10.13', 11: '1.11.10', 12: '1.12.10', 13: '1.13.12', 14: '1.14.10', 15: '1.15.12', 16: '1.16.15',
  17: '1.17.17', 18: '1.18.20', 19: '1.19.16', 20: '1.20.15', 21: '1.21.14', 22: '1.22.17', 23: '1.23.17',
  24: '1.24.17', 25: '1.25.16', 26: '1.26.15', 27: '1.27.16', 28: '1.28.15', 29: '1.29.14', 30: '1.30.14',
  31: '1.31.14', 32: '1.32.13', 33: '1.33.13', 34: '1.34.11', 35: '1.35.9', 36: '1.36.4', 37: '1.37.1',
};

export function latestPatch(minor: number): KubeVersion | undefined {
  const text = LATEST[minor];
  return text ? parseVersion(text) : undefined;
}
