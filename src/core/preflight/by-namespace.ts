// Budgets select pods of their own namespace only: grouping both by namespace keeps the checks
// linear on clusters with thousands of budgets and a hundred thousand pods.

const NONE: readonly never[] = [];

/** Items grouped by namespace; `of(ns)` is empty for a namespace without any. */
export function byNamespace<T extends { readonly namespace: string }>(items: readonly T[]): { of(namespace: string): readonly T[] } {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.namespace);
    if (group) group.push(item);
    else groups.set(item.namespace, [item]);
  }
  return { of: (namespace) => groups.get(namespace) ?? NONE };
}
