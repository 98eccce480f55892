// Lists of names in messages stay readable on a 5000-node cluster: the first few, then a count.

export function nameList(names: readonly string[], shown = 8): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
