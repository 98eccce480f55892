import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../src/core/cluster/index.js';
import type { FieldError } from '../../src/core/cluster-file/document-checker.js';
import { validateClusterDocument } from '../../src/core/cluster-file/validate-cluster-document.js';

// The two outcomes tests of cluster-file validation expect, with the errors shown when the other comes.

/** The errors of a document that must be refused. */
export function errorsOf(doc: unknown): FieldError[] {
  const result = validateClusterDocument(doc);
  assert.equal(result.ok, false, 'expected the document to be refused');
  return result.ok ? [] : result.errors;
}

/** The snapshot of a document that must be accepted. */
export function snapshotOf(doc: unknown): ClusterSnapshot {
  const result = validateClusterDocument(doc);
  if (!result.ok) assert.fail(`expected a valid document, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.value;
}
