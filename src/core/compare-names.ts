// Node and pod names in human order (worker-2 before worker-10). One collator for every
// comparison: String.localeCompare with options builds a new one each call, which made sorting
// the pods of a 5,000-node cluster take seconds.

const collator = new Intl.Collator('en', { numeric: true });

export const compareNames: (a: string, b: string) => number = collator.compare;
