// Kubernetes quantity syntax for the two resources kubehop schedules by: cpu ("4", "0.5", "3500m")
// and memory ("16Gi", "512Mi", "1G", plain bytes). Fractions round up, as the API server does.

export type QuantityResult = { ok: true; value: number } | { ok: false; message: string };

const CPU = /^(\d+(?:\.\d+)?|\.\d+)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const MEMORY_FACTORS: Record<string, number> = {
  '': 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

function asText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return String(value);
  return typeof value === 'string' ? value : undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** CPU in millicores: 4 -> 4000, "0.5" -> 500, "3500m" -> 3500. */
export function parseCpuQuantity(value: unknown): QuantityResult {
  const m = CPU.exec(asText(value) ?? '');
  if (!m) return { ok: false, message: `invalid cpu quantity ${show(value)}: use cores (4, 0.5) or millicores (3500m)` };
  const amount = Number(m[1]);
  return { ok: true, value: Math.ceil(m[2] === 'm' ? amount : amount * 1000) };
}

/** Memory in bytes: "16Gi" -> 17179869184, "1G" -> 1000000000, 1024 -> 1024. */
export function parseMemoryQuantity(value: unknown): QuantityResult {
  const m = MEMORY.exec(asText(value) ?? '');
  if (!m) {
    return { ok: false, message: `invalid memory quantity ${show(value)}: use bytes or a suffix such as 512Mi, 16Gi or 1G` };
  }
  return { ok: true, value: Math.ceil(Number(m[1]) * (MEMORY_FACTORS[m[2] ?? ''] ?? 1)) };
}
