import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cordonMarkAnnotations, cordonMarkOf } from './cordon-mark-annotations.js';

test('a mark written as annotations reads back as the same mark', () => {
  const mark = { run: 'lab:v1.33.1->v1.34.2:0123abcd', at: Date.parse('2026-03-01T10:00:00.000Z') };
  assert.deepEqual(cordonMarkAnnotations(mark), { 'kubehop.io/cordoned-by-run': mark.run, 'kubehop.io/cordoned-at': '2026-03-01T10:00:00.000Z' });
  assert.deepEqual(cordonMarkOf(cordonMarkAnnotations(mark)), mark);
});

const unmarked: { name: string; annotations: Record<string, string> | undefined }[] = [
  { name: 'no annotations at all', annotations: undefined },
  { name: 'only the run', annotations: { 'kubehop.io/cordoned-by-run': 'r' } },
  { name: 'a time that is not a time', annotations: { 'kubehop.io/cordoned-by-run': 'r', 'kubehop.io/cordoned-at': 'yesterday' } },
  { name: 'an empty run', annotations: { 'kubehop.io/cordoned-by-run': '', 'kubehop.io/cordoned-at': '2026-03-01T10:00:00Z' } },
];
for (const c of unmarked) {
  test(`a node with ${c.name} carries no kubehop mark`, () => {
    assert.equal(cordonMarkOf(c.annotations), undefined);
  });
}
