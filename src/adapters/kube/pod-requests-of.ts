import { parseCpuQuantity, parseMemoryQuantity, type Resources } from '../../core/cluster/index.js';
import type { KubePodSpec, Quantities } from './kube-objects.js';

// What the scheduler reserves for a pod: the sum of its containers' requests, or the largest init
// container's when that is more (init containers run one at a time), plus the runtime overhead.

function amount(quantities: Quantities | undefined): Resources {
  const cpu = parseCpuQuantity(quantities?.cpu ?? 0);
  const memory = parseMemoryQuantity(quantities?.memory ?? 0);
  // An unusual spelling (such as 1e3) counts as nothing rather than failing the whole read.
  return { cpuMillis: cpu.ok ? cpu.value : 0, memoryBytes: memory.ok ? memory.value : 0 };
}

export function podRequestsOf(spec: KubePodSpec | undefined): Resources {
  let cpuMillis = 0;
  let memoryBytes = 0;
  for (const container of spec?.containers ?? []) {
    const r = amount(container.resources?.requests);
    cpuMillis += r.cpuMillis;
    memoryBytes += r.memoryBytes;
  }
  for (const container of spec?.initContainers ?? []) {
    const r = amount(container.resources?.requests);
    cpuMillis = Math.max(cpuMillis, r.cpuMillis);
    memoryBytes = Math.max(memoryBytes, r.memoryBytes);
  }
  const overhead = amount(spec?.overhead);
  return { cpuMillis: cpuMillis + overhead.cpuMillis, memoryBytes: memoryBytes + overhead.memoryBytes };
}
