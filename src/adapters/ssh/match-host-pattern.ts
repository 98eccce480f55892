// OpenSSH's host patterns, shared by ssh_config `Host` lines and known_hosts entries: `*` matches
// any run of characters, `?` exactly one, a leading `!` negates, and a list matches when one
// positive pattern matches and no negated one does. Names compare case-insensitively.

/** Whether `name` matches one glob pattern (no negation). */
export function matchGlob(name: string, pattern: string): boolean {
  const n = name.toLowerCase();
  const p = pattern.toLowerCase();
  // Iterative glob with backtracking to the last `*`: linear enough for host names.
  let ni = 0;
  let pi = 0;
  let starP = -1;
  let starN = 0;
  while (ni < n.length) {
    const pc = p[pi];
    if (pc === '*') {
      starP = pi++;
      starN = ni;
    } else if (pc !== undefined && (pc === '?' || pc === n[ni])) {
      pi++;
      ni++;
    } else if (starP >= 0) {
      pi = starP + 1;
      ni = ++starN;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** Whether `name` matches a pattern list such as `web-* !web-legacy 10.0.0.?`. */
export function matchHostPattern(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchGlob(name, pattern.slice(1))) return false;
    } else if (matchGlob(name, pattern)) {
      matched = true;
    }
  }
  return matched;
}
