import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { journalTextOf } from './kube-config-map-journal.js';

const json = '{"format":"kubehop.journal/v1"}';

const cases: { name: string; map: Parameters<typeof journalTextOf>[0]; text: string | undefined }[] = [
  { name: 'reads a journal kept plain under journal.json', map: { data: { 'journal.json': json } }, text: json },
  { name: 'reads a large journal kept gzipped under binaryData journal.json.gz', map: { binaryData: { 'journal.json.gz': gzipSync(json).toString('base64') } }, text: json },
  { name: 'finds no journal in a ConfigMap without either key', map: { data: { other: json } }, text: undefined },
];
for (const c of cases) {
  test(c.name, () => assert.equal(journalTextOf(c.map), c.text));
}
