import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnsThatFit, renderTable, tableWidthOf } from './text-table.js';

const FINDINGS = {
  headers: ['SEVERITY', 'CODE', 'SUBJECT', 'MESSAGE'],
  rows: [
    ['blocking', 'API_REMOVED', 'CronJob shop/nightly-report', 'CronJob shop/nightly-report uses batch/v1beta1, which v1.25 no longer serves: apply it again with apiVersion batch/v1'],
    ['info', 'NODE_OLD', 'worker-1', 'kubelet v1.24.17 is two minors behind'],
  ],
};
const COMPARISON = {
  headers: ['', 'rolling, up to 2 workers at a time', 'surge, 1 new node at a time', 'all at once (workloads go down)'],
  rows: [['makespan', '1h16m', '1h31m', '41m'], ['every node at target', 'yes', 'yes', 'yes']],
};
const INVENTORY = {
  headers: ['NODE', 'KUBELET', 'STATUS'],
  rows: [['a-node-with-a-very-long-name-that-must-stay-whole-on-its-line', 'v1.34.2', 'Ready']],
};

describe('renderTable', () => {
  const cases: { name: string; table: { headers: string[]; rows: string[][] }; width?: number; wrap: number[]; expected: string[] }[] = [
    {
      name: 'at 120 columns a table that fits is drawn as without a width',
      table: FINDINGS, width: 120, wrap: [3],
      expected: [
        'SEVERITY   CODE          SUBJECT                       MESSAGE',
        'blocking   API_REMOVED   CronJob shop/nightly-report   CronJob shop/nightly-report uses batch/v1beta1, which v1.25 no',
        '                                                       longer serves: apply it again with apiVersion batch/v1',
        'info       NODE_OLD      worker-1                      kubelet v1.24.17 is two minors behind',
      ],
    },
    {
      name: 'at 80 columns the message wraps in its column and the names stay whole',
      table: FINDINGS, width: 80, wrap: [3],
      expected: [
        'SEVERITY   CODE          SUBJECT                       MESSAGE',
        'blocking   API_REMOVED   CronJob shop/nightly-report   CronJob',
        '                                                       shop/nightly-report uses',
        '                                                       batch/v1beta1, which',
        '                                                       v1.25 no longer serves:',
        '                                                       apply it again with',
        '                                                       apiVersion batch/v1',
        'info       NODE_OLD      worker-1                      kubelet v1.24.17 is two',
        '                                                       minors behind',
      ],
    },
    {
      name: 'at 60 columns a message that would be squeezed too narrow moves under its row',
      table: FINDINGS, width: 60, wrap: [3],
      expected: [
        'SEVERITY   CODE          SUBJECT',
        'blocking   API_REMOVED   CronJob shop/nightly-report',
        '    CronJob shop/nightly-report uses batch/v1beta1, which',
        '    v1.25 no longer serves: apply it again with apiVersion',
        '    batch/v1',
        'info       NODE_OLD      worker-1',
        '    kubelet v1.24.17 is two minors behind',
      ],
    },
    {
      name: 'at 120 columns only the widest header wraps, by the few characters it lacks',
      table: COMPARISON, width: 120, wrap: [1, 2, 3],
      expected: [
        '                       rolling, up to 2 workers at a       surge, 1 new node at a time   all at once (workloads go down)',
        '                       time',
        'makespan               1h16m                               1h31m                         41m',
        'every node at target   yes                                 yes                           yes',
      ],
    },
    {
      name: 'at 80 columns the widest headers give up room in turn',
      table: COMPARISON, width: 80, wrap: [1, 2, 3],
      expected: [
        '                       rolling, up to 2    surge, 1 new node   all at once',
        '                       workers at a time   at a time           (workloads go',
        '                                                               down)',
        'makespan               1h16m               1h31m               41m',
        'every node at target   yes                 yes                 yes',
      ],
    },
    {
      name: 'at 60 columns headers wrap down to their longest word, never inside one',
      table: COMPARISON, width: 60, wrap: [1, 2, 3],
      expected: [
        '                       rolling,     surge, 1     all at once',
        '                       up to 2      new node     (workloads',
        '                       workers at   at a time    go down)',
        '                       a time',
        'makespan               1h16m        1h31m        41m',
        'every node at target   yes          yes          yes',
      ],
    },
    {
      name: 'at 60 columns a table of names and versions overflows rather than cutting a name',
      table: INVENTORY, width: 60, wrap: [],
      expected: [
        'NODE                                                            KUBELET   STATUS',
        'a-node-with-a-very-long-name-that-must-stay-whole-on-its-line   v1.34.2   Ready',
      ],
    },
    {
      name: 'without a width nothing wraps, whatever the columns that may',
      table: FINDINGS, wrap: [3],
      expected: [
        'SEVERITY   CODE          SUBJECT                       MESSAGE',
        'blocking   API_REMOVED   CronJob shop/nightly-report   CronJob shop/nightly-report uses batch/v1beta1, which v1.25 no longer serves: apply it again with apiVersion batch/v1',
        'info       NODE_OLD      worker-1                      kubelet v1.24.17 is two minors behind',
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const fit = c.width === undefined ? { wrap: c.wrap } : { width: c.width, wrap: c.wrap };
      assert.equal(renderTable(c.table.headers, c.table.rows, fit), c.expected.join('\n'));
    });
  }

  it('keeps every line within the width whenever the names and versions leave room', () => {
    for (const width of [60, 80, 120]) {
      for (const table of [FINDINGS, COMPARISON]) {
        const wrap = table === FINDINGS ? [3] : [1, 2, 3];
        for (const line of renderTable(table.headers, table.rows, { width, wrap }).split('\n')) assert.ok(line.length <= width, `${width}: "${line}"`);
      }
    }
  });
});

describe('columnsThatFit', () => {
  const headers = ['NAME', 'VERSION', 'DETAIL', 'MORE'];
  const rows = [['node-1', 'v1.34.2', 'some detail', 'more detail']];
  const cases: { name: string; width?: number; leaveOut: number[]; expected: number[] }[] = [
    { name: 'keeps every column without a width', leaveOut: [3, 2], expected: [0, 1, 2, 3] },
    { name: 'keeps every column when the table fits', width: 80, leaveOut: [3, 2], expected: [0, 1, 2, 3] },
    { name: 'leaves out columns in the order given until the table fits', width: 35, leaveOut: [3, 2], expected: [0, 1, 2] },
    { name: 'leaves out as many as it needs to', width: 20, leaveOut: [3, 2], expected: [0, 1] },
    { name: 'never leaves out a column it was not given, even when the rest overflow', width: 5, leaveOut: [3, 2], expected: [0, 1] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(columnsThatFit(headers, rows, c.width, c.leaveOut), c.expected);
    });
  }

  it('measures a table as renderTable draws it', () => {
    assert.equal(tableWidthOf(headers, rows), Math.max(...renderTable(headers, rows).split('\n').map((l) => l.length)));
  });
});
