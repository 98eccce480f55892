import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wrapText } from './wrap-text.js';

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
