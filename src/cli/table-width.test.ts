import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureCli } from '../../test/builders/captured-cli.js';
import { tableWidth } from './table-width.js';

describe('tableWidth', () => {
  const cases: { name: string; columns?: number; COLUMNS?: string; expected: { width?: number } }[] = [
    { name: 'gives piped output no width, even with COLUMNS set', COLUMNS: '60', expected: {} },
    { name: 'takes a terminal\'s own columns', columns: 120, expected: { width: 120 } },
    { name: 'lets COLUMNS say the width on a terminal', columns: 120, COLUMNS: '60', expected: { width: 60 } },
    { name: 'ignores a COLUMNS that is not a positive whole number', columns: 80, COLUMNS: 'wide', expected: { width: 80 } },
    { name: 'ignores a COLUMNS of zero', columns: 80, COLUMNS: '0', expected: { width: 80 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const io = { env: c.COLUMNS === undefined ? {} : { COLUMNS: c.COLUMNS }, ...(c.columns === undefined ? {} : { terminal: { columns: c.columns, rows: 24 } }) };
      assert.deepEqual(tableWidth(io), c.expected);
    });
  }
});

describe('tables on a terminal', () => {
  const argv = ['preflight', '--cluster', 'shop', '--to', '1.37'];
  for (const columns of [60, 80, 120]) {
    it(`fit preflight's findings in ${columns} columns, overflowing only where a name is wider, without losing a character`, async () => {
      const piped = await captureCli(argv);
      const shown = await captureCli(argv, { terminal: { columns, rows: 24 } });
      const subjects = new Set((JSON.parse((await captureCli([...argv, '-o', 'json'])).stdout) as { findings: { subject: string }[] }).findings.map((f) => f.subject));
      const tableLines = shown.stdout.split('\n').filter((l) => l.startsWith('  '));
      assert.ok(tableLines.length > 0);
      for (const line of tableLines.filter((l) => l.length > columns)) {
        // Only the severity, code and subject, which never shrink, may overflow, alone on their line.
        const cells = line.trim().split(/\s{3,}/);
        assert.ok(cells.length === 3 && subjects.has(cells[2] ?? ''), `${line.length} > ${columns}: ${line}`);
      }
      const characters = (text: string) => [...text.replace(/MESSAGE/g, '').replace(/\s+/g, '')].sort().join('');
      assert.equal(characters(shown.stdout), characters(piped.stdout));
    });
  }

  for (const columns of [60, 80, 120]) {
    it(`fit check's node table in ${columns} columns, with -o wide keeping every column`, async () => {
      const shown = await captureCli(['check', '--cluster', 'demo'], { terminal: { columns, rows: 24 } });
      assert.ok(shown.stdout.split('\n').every((l) => l.length <= columns), shown.stdout);
      const wide = await captureCli(['check', '--cluster', 'demo', '-o', 'wide'], { terminal: { columns, rows: 24 } });
      assert.match(wide.stdout, /^NODE +ROLE +KUBELET +KUBE-PROXY +KUBEADM +APISERVER +CONTROLLER-MGR +SCHEDULER +ETCD +STATUS +SCHEDULABLE$/m);
    });
  }

  for (const argv of [['plan', '--cluster', 'shop'], ['plan', '--cluster', 'demo'], ['simulate', '--cluster', 'shop', '--to', '1.25'], ['simulate', '--cluster', 'demo', '--to', '1.34', '--compare']]) {
    it(`fits ${argv.join(' ')} and its summary in 80 columns, wrapping at spaces`, async () => {
      const shown = await captureCli(argv, { terminal: { columns: 80, rows: 24 } });
      // The status area is redrawn in place with escape sequences; what stays is the text after them.
      const lines = shown.stdout.split('\n').map((l) => l.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
      const over = lines.filter((l) => l.length > 80);
      assert.deepEqual(over, []);
      assert.ok(lines.some((l) => /^(Run|Result:|Preflight:) /.test(l)), shown.stdout);
    });
  }

  it('leaves piped output exactly as a wide terminal shows it when nothing needs to wrap', async () => {
    // The stale-catalog warning (224 characters on this fixed day) is the widest line.
    const argv2 = ['releases'];
    assert.equal((await captureCli(argv2, { terminal: { columns: 240, rows: 24 } })).stdout, (await captureCli(argv2)).stdout);
  });
});
