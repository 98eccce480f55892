import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateRemovedApis } from './validate-removed-apis.js';

const entry = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1', replacementSince: '1.21', ...extra });
const doc = (removals: unknown[], extra: Record<string, unknown> = {}) => ({ format: 'kubehop.removed-apis/v1', compiledOn: '2026-09-15', source: 'the migration guide', coversThrough: '1.37', removals, ...extra });

describe('validateRemovedApis', () => {
  it('expands every kind of an entry into its own removal', () => {
    const result = validateRemovedApis(doc([entry({ kinds: ['CronJob', 'Job'] }), { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', replacement: null, note: 'use Pod Security Admission', confidence: 'unconfirmed' }]));
    assert.deepEqual(result, {
      ok: true,
      value: {
        compiledOn: '2026-09-15',
        source: 'the migration guide',
        coversThrough: 37,
        removals: [
          { apiVersion: 'batch/v1beta1', kind: 'CronJob', removedIn: 25, replacement: 'batch/v1', replacementSince: 21, unconfirmed: false },
          { apiVersion: 'batch/v1beta1', kind: 'Job', removedIn: 25, replacement: 'batch/v1', replacementSince: 21, unconfirmed: false },
          { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', removedIn: 25, note: 'use Pod Security Admission', unconfirmed: true },
        ],
      },
    });
  });

  const cases: { name: string; doc: unknown; errors: string[] }[] = [
    { name: 'refuses something that is not an object', doc: [], errors: ['expected a JSON object, got a list'] },
    {
      name: 'names a wrong format, date and source and an unknown field',
      doc: doc([], { format: 'kubehop.releases/v1', compiledOn: '2026-13-01', source: '', extra: 1 }),
      errors: ['extra: unknown field (known: format, compiledOn, source, coversThrough, removals)', 'format: expected "kubehop.removed-apis/v1", got "kubehop.releases/v1"', 'compiledOn: expected a date YYYY-MM-DD, got "2026-13-01"', 'source: expected text naming where the table comes from, got ""'],
    },
    { name: 'wants to know which releases the table was checked through', doc: doc([entry()], { coversThrough: undefined }), errors: ['coversThrough: expected a minor such as "1.25", got nothing'] },
    { name: 'refuses a coverage older than a removal it lists', doc: doc([entry({ removedIn: '1.25' })], { coversThrough: '1.24' }), errors: ['coversThrough: "1.24" is older than the removal in "1.25" the table lists; give the newest release the table was checked against'] },
    { name: 'refuses a missing removals list', doc: doc([], { removals: undefined }), errors: ['removals: expected a list of removed API versions, got nothing'] },
    { name: 'asks to quote a minor written as a number', doc: doc([entry({ removedIn: 1.25 })]), errors: ['removals[0].removedIn: expected a minor as a string such as "1.25", got the number 1.25; quote it, a number loses trailing zeros'] },
    { name: 'refuses a malformed apiVersion and kind', doc: doc([entry({ apiVersion: 'Batch/V1', kinds: ['cronjob'] })]), errors: ['removals[0].apiVersion: expected an apiVersion such as "batch/v1beta1", got "Batch/V1"', 'removals[0].kinds[0]: expected a kind such as "CronJob", got "cronjob"'] },
    { name: 'refuses a replacement served only after the removal', doc: doc([entry({ replacementSince: '1.26' })]), errors: ['removals[0].replacementSince: "1.26" is after the removal in "1.25"; the replacement must be served before the old version goes'] },
    { name: 'wants a note when nothing replaces the API', doc: doc([entry({ replacement: null, replacementSince: undefined })]), errors: ['removals[0].note: say what to do instead when there is no replacement'] },
    { name: 'refuses an unknown confidence and field', doc: doc([entry({ confidence: 'high', deprecatedIn: '1.21' })]), errors: ['removals[0].deprecatedIn: unknown field (known: apiVersion, kinds, removedIn, replacement, replacementSince, note, confidence)', 'removals[0].confidence: expected "unconfirmed" or no field, got "high"'] },
    { name: 'refuses an apiVersion and kind listed twice', doc: doc([entry(), entry({ kinds: ['Job', 'CronJob'] })]), errors: ['removals[1]: batch/v1beta1 CronJob is listed twice (also removals[0])'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(validateRemovedApis(c.doc), { ok: false, errors: c.errors });
    });
  }
});
