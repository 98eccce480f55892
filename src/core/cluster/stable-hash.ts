// Deterministic stand-ins for the random parts of Kubernetes names and uids: the same cluster file
// always yields the same pod names, so plans, transcripts and golden files stay stable.

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a over the text, then a murmur-style finaliser so nearby inputs scatter. */
export function stableHash(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** `length` characters of Kubernetes' suffix alphabet derived from `text`, e.g. "7c9xq". */
export function stableSuffix(text: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += NAME_ALPHABET[stableHash(text, i + 1) % NAME_ALPHABET.length];
  return out;
}

/** A UUID-shaped identifier derived from `text`, e.g. "3f2a9c1e-57b0-4d2e-9a41-0c6e8b1d2f47". */
export function stableUid(text: string): string {
  const hex = [0, 1, 2, 3].map((seed) => stableHash(text, 0x9e3779b9 + seed).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
