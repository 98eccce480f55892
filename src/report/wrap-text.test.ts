import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wrapProse, wrapText } from './wrap-text.js';

describe('wrapText', () => {
  const cases: { name: string; text: string; width: number; lines: string[] }[] = [
    { name: 'keeps a text that fits on one line', text: 'two words', width: 9, lines: ['two words'] },
    { name: 'breaks at the last space that fits', text: 'one two three four', width: 9, lines: ['one two', 'three', 'four'] },
    { name: 'cuts a word longer than the line', text: 'see https://example.org/x', width: 10, lines: ['see', 'https://ex', 'ample.org/', 'x'] },
    { name: 'folds runs of spaces into one break', text: 'a   b', width: 1, lines: ['a', 'b'] },
    { name: 'gives one empty line for an empty text', text: '', width: 5, lines: [''] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(wrapText(c.text, c.width), c.lines));

  it('never gives a line longer than the width', () => {
    const text = 'CronJob shop/nightly-report uses batch/v1beta1 in its kubectl.kubernetes.io/last-applied-configuration';
    for (const width of [1, 7, 13, 30]) for (const line of wrapText(text, width)) assert.ok(line.length <= width, `${width}: ${line}`);
  });
});

describe('wrapProse', () => {
  const cases: { name: string; text: string; width?: number; indent?: string; hanging?: string; lines: string[] }[] = [
    { name: 'leaves a text on one line without a width', text: 'one two three four', indent: '  ', lines: ['  one two three four'] },
    { name: 'breaks at the last space that fits, indenting every line alike', text: 'one two three four', width: 11, indent: '  ', lines: ['  one two', '  three', '  four'] },
    { name: 'indents the lines after the first by the hanging indent', text: 'worker-1, worker-2, worker-3: now kubelet v1.37.1', width: 24, indent: '  ', hanging: '    ', lines: ['  worker-1, worker-2,', '    worker-3: now', '    kubelet v1.37.1'] },
    { name: 'keeps a word longer than the line whole, on a line of its own', text: 'see ip-10-0-113-27.eu-central-1.compute.internal now', width: 20, lines: ['see', 'ip-10-0-113-27.eu-central-1.compute.internal', 'now'] },
    { name: 'keeps the line breaks a text has, each line wrapped under the first', text: 'failed: exit 1:\n[ERROR] a job did not complete', width: 20, indent: '', hanging: '  ', lines: ['failed: exit 1:', '  [ERROR] a job did', '  not complete'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(wrapProse(c.text, c.width, c.indent, c.hanging), c.lines));
});
