import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ClusterSnapshot } from '../../core/cluster/index.js';
import { validateClusterDocument, type FieldError } from '../../core/cluster-file/index.js';
import { ConfigError } from '../../core/errors.js';

// Parses cluster-file text (docs/cluster-file.md) into a ClusterSnapshot. Problems come back as one
// ConfigError listing each at its place in the file, the way compilers do, so an editor can jump there.

const FORMAT_HINT = 'see docs/cluster-file.md for the format';

interface Problem {
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

/** The offset of the field a path names: its key for a mapping entry, else the nearest existing ancestor. */
function locate(doc: Document, path: FieldError['path']): number {
  let node: unknown = doc.contents;
  let offset = isMap(node) || isSeq(node) || isScalar(node) ? (node.range?.[0] ?? 0) : 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!(isMap(item) || isSeq(item) || isScalar(item))) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** yaml's messages end with " at line L, column C:" and an excerpt; the location is printed in front instead. */
function yamlMessage(message: string): string {
  const first = message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').split('\n')[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function problemsError(file: string, problems: readonly Problem[]): ConfigError {
  const sorted = [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
  const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
  const lines = sorted.map((p) => `${file}:${p.line}:${p.col}: ${p.text}`);
  return new ConfigError([`invalid cluster file ${file} (${count}):`, ...lines, FORMAT_HINT].join('\n'));
}

/** Parses cluster-file text; `file` only names it in messages. */
export function parseClusterFile(text: string, file: string): ClusterSnapshot {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw problemsError(
      file,
      doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, col: e.linePos?.[0].col ?? 1, text: yamlMessage(e.message) })),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // yaml resolves aliases only here: an alias before its anchor, or too many of them.
    throw problemsError(file, [{ line: 1, col: 1, text: yamlMessage((error as Error).message) }]);
  }
  const result = validateClusterDocument(value);
  if (result.ok) return result.value;
  throw problemsError(
    file,
    result.errors.map((e) => {
      const { line, col } = lineCounter.linePos(locate(doc, e.path));
      return { line, col, text: e.path.length > 0 ? `${e.path.join('.')}: ${e.message}` : e.message };
    }),
  );
}
