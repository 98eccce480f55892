import assert from 'node:assert/strict';
import { ClusterApiError } from '../../src/core/errors.js';

/** The ClusterApiError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<ClusterApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ClusterApiError, `expected a ClusterApiError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the call to fail');
}
