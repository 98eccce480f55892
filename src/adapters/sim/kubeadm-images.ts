// The CoreDNS and etcd versions kubeadm installs for each minor (reference §3.7, §3.8). Where the
// reference is unsure the value is the nearest known one: the simulator only shows these.

const COREDNS: Readonly<Record<number, string>> = {
  9: '1.0.1', 10: '1.0.6', 11: '1.1.3', 12: '1.2.2', 13: '1.2.6', 14: '1.3.1', 15: '1.3.1', 16: '1.6.2',
  17: '1.6.5', 18: '1.6.7', 19: '1.7.0', 20: '1.7.0', 21: 'v1.8.0', 22: 'v1.8.4', 23: 'v1.8.6', 24: 'v1.8.6',
  25: 'v1.9.3', 26: 'v1.9.3', 27: 'v1.10.1', 28: 'v1.10.1', 29: 'v1.11.1', 30: 'v1.11.1', 31: 'v1.11.3',
  32: 'v1.11.3', 33: 'v1.12.0', 34: 'v1.12.1', 35: 'v1.13.1', 36: 'v1.14.2', 37: 'v1.14.6',
};

const ETCD: Readonly<Record<number, string>> = {
  10: '3.1.12', 11: '3.2.18', 12: '3.2.24', 13: '3.2.24', 14: '3.3.10', 15: '3.3.10', 16: '3.3.17-0',
  17: '3.4.3-0', 18: '3.4.3-0', 19: '3.4.13-0', 20: '3.4.13-0', 21: '3.4.13-0', 22: '3.5.5-0', 23: '3.5.6-0',
  24: '3.5.6-0', 25: '3.5.6-0', 26: '3.5.6-0', 27: '3.5.7-0', 28: '3.5.9-0', 29: '3.5.10-0', 30: '3.5.12-0',
  31: '3.5.15-0', 32: '3.5.16-0', 33: '3.5.21-0', 34: '3.6.4-0', 35: '3.6.5-0', 36: '3.6.8-0', 37: '3.7.0-0',
};

function nearest(table: Readonly<Record<number, string>>, minor: number): string | undefined {
  const minors = Object.keys(table).map(Number).sort((a, b) => a - b);
  const below = minors.filter((m) => m <= minor).pop();
  const key = below ?? minors[0];
  return key === undefined ? undefined : table[key];
}

export function coreDnsFor(minor: number): string | undefined {
  return nearest(COREDNS, minor);
}

export function etcdFor(minor: number): string | undefined {
  return nearest(ETCD, minor);
}

/** Compares etcd image tags such as "3.5.16-0" and "3.6.4-0" by their numbers. */
export function compareEtcd(a: string, b: string): number {
  const parts = (t: string) => t.replace(/^v/, '').split(/[.-]/).map((p) => Number(p) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
