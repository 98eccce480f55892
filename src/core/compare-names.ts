// Names in human order (worker-2 before worker-10), and text in a fixed order, without ICU.
// Creating the first Intl.Collator (or the first localeCompare) loads ICU's collation data, about
// 8 ms of every command's start-up; localeCompare also followed the operator's locale, so output
// order could differ between machines. These follow Unicode's root collation order for ASCII
// (what Intl.Collator('en') does; compare-names.test.ts checks them against it), which is all that
// node, pod, workload and finding names hold; any other character sorts after ASCII letters, by
// code point.

/** Primary weight per ASCII code: 0 ignorable, then whitespace, punctuation, symbols, digits, letters. */
const WEIGHT = new Uint16Array(128);
const ROOT_ORDER = '\t\n\v\f\r _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';
for (let i = 0; i < ROOT_ORDER.length; i++) {
  const code = ROOT_ORDER.charCodeAt(i);
  WEIGHT[code] = i + 1;
  if (code >= 97 && code <= 122) WEIGHT[code - 32] = i + 1;
}
const LETTERS_END = ROOT_ORDER.length + 1;

function weight(code: number): number {
  return code < 128 ? WEIGHT[code]! : LETTERS_END + code;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/**
 * Compares two strings in two passes, as a collator does: first by primary weights (letters
 * without case, numbers by value when `numeric`), then, when those tie, lowercase before uppercase
 * at the first letter that differs only in case.
 */
function compare(a: string, b: string, numeric: boolean): number {
  let caseOrder = 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && weight(a.charCodeAt(i)) === 0) i++;
    while (j < b.length && weight(b.charCodeAt(j)) === 0) j++;
    if (i >= a.length || j >= b.length) break;
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (numeric && isDigit(x) && isDigit(y)) {
      const order = compareNumbers(a, i, b, j);
      if (order !== 0) return order;
      i = runEndA;
      j = runEndB;
      continue;
    }
    const wx = weight(x);
    const wy = weight(y);
    if (wx !== wy) return wx < wy ? -1 : 1;
    if (caseOrder === 0 && x !== y) caseOrder = isUpper(x) ? 1 : isUpper(y) ? -1 : 0;
    i++;
    j++;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return caseOrder;
}

// Where compareNumbers' runs end: set by it rather than returned, so that sorting thousands of
// names allocates nothing.
let runEndA = 0;
let runEndB = 0;

/** Compares the runs of digits at a[i] and b[j] by value (leading zeros do not count). */
function compareNumbers(a: string, i: number, b: string, j: number): number {
  let endA = i;
  while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
  let endB = j;
  while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
  runEndA = endA;
  runEndB = endB;
  while (i < endA - 1 && a.charCodeAt(i) === 48) i++;
  while (j < endB - 1 && b.charCodeAt(j) === 48) j++;
  const lengths = endA - i - (endB - j);
  if (lengths !== 0) return lengths < 0 ? -1 : 1;
  for (; i < endA; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Node, pod and workload names in human order: numbers by value, so worker-2 before worker-10. */
export function compareNames(a: string, b: string): number {
  return compare(a, b, true);
}

/** Text (codes, subjects, names) in a fixed order that does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return compare(a, b, false);
}
