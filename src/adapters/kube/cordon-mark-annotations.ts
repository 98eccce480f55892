import type { CordonMark } from '../../core/cluster/index.js';

// kubehop's mark on a node it cordoned, as two annotations written in the same patch as
// spec.unschedulable: which run (its plan id) and when. A run that lost its journal reads them
// to undo exactly its own cordons; a node cordoned by hand carries neither.

export const CORDONED_BY_RUN = 'kubehop.io/cordoned-by-run';
export const CORDONED_AT = 'kubehop.io/cordoned-at';

export function cordonMarkAnnotations(mark: CordonMark): Record<string, string> {
  return { [CORDONED_BY_RUN]: mark.run, [CORDONED_AT]: new Date(mark.at).toISOString() };
}

/** The mark a node's annotations carry, or undefined when they carry none (or a broken one). */
export function cordonMarkOf(annotations: Readonly<Record<string, string>> | undefined): CordonMark | undefined {
  const run = annotations?.[CORDONED_BY_RUN];
  const at = Date.parse(annotations?.[CORDONED_AT] ?? '');
  if (run === undefined || run === '' || !Number.isFinite(at)) return undefined;
  return { run, at };
}
