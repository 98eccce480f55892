// Checks on a cluster of 150,000 pods look pods up by node and budgets by namespace (a budget
// selects pods of its own namespace only); grouping once keeps them linear.

/** Items grouped by key, in their order; items without a key are left out. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
