// One name per kind of API request, the same for kubehop's requests and kubectl's -v=6 lines, so
// the drain bench can say where each side's requests go: "GET pods/{name}", "POST pods/{name}/eviction",
// "GET pods (list)", "GET poddisruptionbudgets watch", "GET /api/v1". Names and namespaces are left out.

export function requestKindOf(method: string, pathAndQuery: string): string {
  const url = new URL(pathAndQuery, 'https://apiserver');
  const watch = url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true';
  const parts = url.pathname.split('/').filter((p) => p !== '');
  // /api/v1/... or /apis/GROUP/VERSION/...; shorter paths are discovery or health.
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : undefined;
  if (!rest || rest.length === 0) return `${method} ${url.pathname}`;
  const scoped = rest[0] === 'namespaces' && rest.length > 2 ? rest.slice(2) : rest;
  const [resource, name, sub] = scoped;
  const what = name === undefined ? `${resource} (list)` : `${resource}/{name}${sub ? `/${sub}` : ''}`;
  return watch ? `${method} ${resource} watch` : `${method} ${what}`;
}

/** "3 GET pods/{name}, 1 PATCH nodes/{name}": counts by kind, most first. */
export function describeKinds(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([kind, n]) => `${n} ${kind}`).join(', ');
}
