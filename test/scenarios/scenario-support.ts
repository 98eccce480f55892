import { readFile, writeFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import type { SimulationReport } from '../../src/app/simulate-upgrade.js';

/** The story of a run as stable text: what a golden transcript compares. */
export function transcript(report: SimulationReport): string {
  const lines = report.story.map((l) => `${String(Math.round(l.at / 1000)).padStart(6)}s  ${(l.node ?? '-').padEnd(14)} ${l.text}`);
  return `${report.cluster} ${report.from} -> ${report.to} ${report.strategy.kind} seed ${report.seed}: ${report.status}\n${lines.join('\n')}\n`;
}

/** Compares `actual` with test/golden/NAME; UPDATE_GOLDEN=1 writes it instead. */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const path = new URL(`../golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') {
    await writeFile(path, actual);
    return;
  }
  const expected = await readFile(path, 'utf8').catch(() => undefined);
  assert.ok(expected !== undefined, `no golden transcript test/golden/${name}: run the tests with UPDATE_GOLDEN=1 to write it`);
  assert.equal(actual, expected, `transcript differs from test/golden/${name} (UPDATE_GOLDEN=1 rewrites it after a deliberate change)`);
}
