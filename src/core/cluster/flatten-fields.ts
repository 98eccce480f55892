// A parsed configuration document (a KubeletConfiguration) as dotted field paths to text, the way
// the breaking-change catalog names fields: {memorySwap: {swapBehavior: X}} -> "memorySwap.swapBehavior": "X".
// Lists are kept whole as JSON text; nothing in the catalog looks inside them.

export function flattenFields(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (prefix !== '' && value !== undefined && value !== null) out[prefix] = Array.isArray(value) ? JSON.stringify(value) : String(value);
    return out;
  }
  for (const [key, inner] of Object.entries(value)) {
    Object.assign(out, flattenFields(inner, prefix === '' ? key : `${prefix}.${key}`));
  }
  return out;
}
